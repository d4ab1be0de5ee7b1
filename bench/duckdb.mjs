// Owns the reference side of the benchmark: DuckDB, on one thread or on its default (every core), computing the
// report's core aggregates (sign-ins by code, remediation category, user, app and day) straight from an export
// file, and checking that generated files read back with the row count they were written with.
//
//   node bench/duckdb.mjs aggregate --kind csv|json|compact|jsonl --file F [--catalog catalog.csv] [--threads 1|default]
//   node bench/duckdb.mjs validate  --kind csv|json|compact|jsonl --file F                          → JSON on stdout
//
// It runs as its own process so the benchmark can take its wall time and peak RSS exactly as it does ours.

import { DuckDBInstance, version as duckdbLibraryVersion } from '@duckdb/node-api';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const KINDS = ['csv', 'json', 'compact', 'jsonl'];

function sqlString(text) {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * One SELECT per input kind giving (code, user_key, app, ts) for every sign-in. Only the columns the report
 * needs are named, so DuckDB can skip the rest; the timestamp is parsed (not sliced), as our reader must.
 * The user key falls back from UPN to display name to user id, as the report's identity does.
 */
function signInsQuery(kind, file) {
  const source = sqlString(file);
  switch (kind) {
    case 'csv':
      return `SELECT
          CAST("Sign-in error code" AS INTEGER) AS code,
          coalesce(nullif("Username", ''), nullif("User", ''), nullif("User ID", '')) AS user_key,
          "Application" AS app,
          CAST("Date (UTC)" AS TIMESTAMPTZ) AS ts,
          "Request ID" AS request_id
        FROM read_csv(${source}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
    case 'json':
    case 'compact':
      return `SELECT
          status.errorCode AS code,
          coalesce(nullif(userPrincipalName, ''), nullif(userDisplayName, ''), nullif(userId, ''), nullif(servicePrincipalName, '')) AS user_key,
          appDisplayName AS app,
          CAST(createdDateTime AS TIMESTAMPTZ) AS ts,
          id AS request_id
        FROM read_json(${source}, format = 'array', columns = {
          id: 'VARCHAR', createdDateTime: 'VARCHAR', userPrincipalName: 'VARCHAR', userDisplayName: 'VARCHAR',
          userId: 'VARCHAR', servicePrincipalName: 'VARCHAR', appDisplayName: 'VARCHAR',
          status: 'STRUCT(errorCode INTEGER)'})`;
    case 'jsonl':
      return `SELECT
          properties.status.errorCode AS code,
          coalesce(nullif(properties.userPrincipalName, ''), nullif(properties.userDisplayName, ''),
                   nullif(properties.userId, ''), nullif(properties.servicePrincipalName, '')) AS user_key,
          properties.appDisplayName AS app,
          CAST(time AS TIMESTAMPTZ) AS ts,
          properties.id AS request_id
        FROM read_json(${source}, format = 'newline_delimited', columns = {
          time: 'VARCHAR',
          properties: 'STRUCT(id VARCHAR, userPrincipalName VARCHAR, userDisplayName VARCHAR, userId VARCHAR,
                              servicePrincipalName VARCHAR, appDisplayName VARCHAR, status STRUCT(errorCode INTEGER))'})`;
    default:
      throw new Error(`unknown kind ${kind} (use ${KINDS.join(', ')})`);
  }
}

/** `threads`: a number, or 'default' for DuckDB's own choice (the machine's cores). */
async function connect(threads = '1') {
  const instance = await DuckDBInstance.create(':memory:', threads === 'default' ? {} : { threads });
  const connection = await instance.connect();
  if (threads !== 'default') await connection.run(`SET threads = ${Number(threads)}`);
  await connection.run("SET TimeZone = 'UTC'");
  return connection;
}

/**
 * Every aggregate in one scan (GROUPING SETS), which is the fastest plan DuckDB has for this; the category
 * comes from a join of the code to the exported catalog when one is given.
 */
export async function aggregate({ kind, file, catalog, threads }) {
  const connection = await connect(threads);
  const [[threadsUsed]] = (await connection.runAndReadAll("SELECT current_setting('threads')")).getRowsJS();
  const started = performance.now();
  let categorySelect = '';
  let categoryJoin = '';
  let categorySet = '';
  if (catalog !== undefined) {
    await connection.run(`CREATE TEMP TABLE catalog AS
      SELECT CAST(code AS INTEGER) AS code, category FROM read_csv(${sqlString(catalog)}, header = true, all_varchar = true)`);
    categorySelect = ", coalesce(catalog.category, 'unknown') AS category";
    categoryJoin = 'LEFT JOIN catalog ON catalog.code = s.code';
    categorySet = ', (category)';
  }
  const reader = await connection.runAndReadAll(`
    WITH s AS (${signInsQuery(kind, file)}),
    j AS (SELECT s.code, s.user_key, s.app, CAST(s.ts AS DATE) AS day${categorySelect} FROM s ${categoryJoin})
    SELECT
      CASE WHEN GROUPING(code) = 0 THEN 'code' WHEN GROUPING(user_key) = 0 THEN 'user'
           WHEN GROUPING(app) = 0 THEN 'app' WHEN GROUPING(day) = 0 THEN 'day' ELSE 'category' END AS dimension,
      CASE WHEN GROUPING(code) = 0 THEN CAST(code AS VARCHAR) WHEN GROUPING(user_key) = 0 THEN user_key
           WHEN GROUPING(app) = 0 THEN app WHEN GROUPING(day) = 0 THEN CAST(day AS VARCHAR)
           ELSE ${catalog === undefined ? 'NULL' : 'category'} END AS key,
      count(*) AS count,
      count(*) FILTER (WHERE code <> 0) AS failures
    FROM j
    GROUP BY GROUPING SETS ((code), (user_key), (app), (day)${categorySet})`);
  const querySeconds = (performance.now() - started) / 1000;
  const dimensions = { code: {}, category: {}, user: {}, app: {}, day: {} };
  for (const [dimension, key, count, failures] of reader.getRowsJS()) {
    dimensions[dimension][key ?? ''] = { count: Number(count), failures: Number(failures) };
  }
  const rows = Object.values(dimensions.day).reduce((sum, { count }) => sum + count, 0);
  return { duckdbVersion: duckdbLibraryVersion(), kind, threads: Number(threadsUsed), querySeconds, rows, categoryJoined: catalog !== undefined, dimensions };
}

/** Reads the whole file back: row count, distinct request ids, and (CSV) the number of columns. */
export async function validate({ kind, file }) {
  const connection = await connect();
  const counts = await connection.runAndReadAll(
    `SELECT count(*), count(DISTINCT request_id), count(*) FILTER (WHERE code IS NULL OR ts IS NULL)
     FROM (${signInsQuery(kind, file)})`,
  );
  const [rows, distinctRequestIds, incomplete] = counts.getRowsJS()[0].map(Number);
  let columns = null;
  if (kind === 'csv') {
    const described = await connection.runAndReadAll(
      `DESCRIBE SELECT * FROM read_csv(${sqlString(file)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`,
    );
    columns = described.getRowsJS().map((row) => row[0]);
  }
  return { duckdbVersion: duckdbLibraryVersion(), kind, rows, distinctRequestIds, incomplete, columns };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { kind: { type: 'string' }, file: { type: 'string' }, catalog: { type: 'string' }, threads: { type: 'string', default: '1' } },
  });
  const [command] = positionals;
  if (!KINDS.includes(values.kind) || values.file === undefined || !/^(\d+|default)$/.test(values.threads)) {
    throw new Error('usage: duckdb.mjs aggregate|validate --kind csv|json|compact|jsonl --file F [--catalog catalog.csv] [--threads 1|default]');
  }
  const options = { kind: values.kind, file: path.resolve(values.file), catalog: values.catalog, threads: values.threads };
  if (command === 'aggregate') process.stdout.write(`${JSON.stringify(await aggregate(options))}\n`);
  else if (command === 'validate') process.stdout.write(`${JSON.stringify(await validate(options))}\n`);
  else throw new Error(`unknown command ${command} (use aggregate or validate)`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`duckdb.mjs: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
}
