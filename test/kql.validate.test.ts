// `signin-analyzer kql` checked with Microsoft's own KQL parser and binder: every query it prints parses and binds
// with zero errors against the four sign-in tables' schemas (test/helpers/kusto.ts), with the default detection
// settings and with a --detections file, runs on its own (no blank line inside, every name it uses defined in it),
// and the script holds what the docs promise.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION_SETTINGS } from '../src/analyze/findings/settings.js';
import { DIMENSIONS } from '../src/analyze/index.js';
import { kustoErrors, SIGN_IN_TABLE_SCHEMAS } from './helpers/kusto.js';
import { runMain } from './helpers/io.js';
import { SIGN_IN_COLUMNS } from '../src/kql/signins.js';

const NOW = '2026-11-16T09:00:00Z';
const workdir = mkdtempSync(path.join(tmpdir(), 'kql-validate-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

/**
 * A --detections file that changes what the detection queries hold: other thresholds and bins, a code set that is
 * only catalog tags, one with no code at all, denial texts with a quote and regular-expression characters, and
 * brute force turned off.
 */
const SETTINGS = path.join(workdir, 'detections.json');
writeFileSync(
  SETTINGS,
  JSON.stringify({
    codes: { credentialFailure: { codes: [50126], tags: ['lockout'] }, mfaDenied: { codes: [], tags: [] } },
    mfaDeniedTexts: ['user said "no"', 'denied (fraud?) [x]*', 'back\\slash'],
    'password-spray': { binMinutes: 45, minUsers: 9 },
    'brute-force': { enabled: false },
    'mfa-fatigue': { binMinutes: 7, minDenials: 4 },
  }),
);

/** The script split where the Logs blade splits it: at blank lines. The header comment is the first block. */
function queriesOf(script: string): string[] {
  const blocks = script.trimEnd().split(/\n[ \t]*\n/);
  expect(blocks[0]?.split('\n').every((line) => line.startsWith('//'))).toBe(true);
  return blocks.slice(1);
}

async function script(...args: string[]): Promise<string[]> {
  const result = await runMain(['kql', '--now', NOW, ...args], { cwd: workdir });
  expect(result).toMatchObject({ status: 0, stderr: '' });
  return queriesOf(result.stdout);
}

/**
 * The option sets whose every query is parsed and bound: the three, a zone calendar, a union of two
 * tables and a lone service principal table (their own schemas), and every --fail-on rule kind the KQL takes.
 * (Parsing the 100 KB catalog datatable costs about a second a set, so --since and --until, which change only
 * the window's two instants, are checked in the window test below instead.)
 */
const RUNS: readonly (readonly string[])[] = [
  [],
  ['--period', 'last-week'],
  ['--fail-on', 'failures>100'],
  ['--period', 'last-month', '--tz', 'Europe/Amsterdam', '--top', '25'],
  ['--table', 'AADNonInteractiveUserSignInLogs,serviceprincipal'],
  ['--table', 'managedidentity', '--period', 'yesterday'],
  [
    '--period',
    'yesterday',
    '--fail-on',
    'failures>=500',
    '--fail-on',
    'interrupted>10',
    '--fail-on',
    'sign-ins>0',
    '--fail-on',
    'failure-rate>5%',
    '--fail-on',
    'code:AADSTS50053>0',
    '--fail-on',
    'category:account-blocked>=3',
    '--fail-on',
    'user:failures>20',
    '--fail-on',
    'app:interrupted>50',
  ],
  ['--detections', SETTINGS, '--period', 'last-week'],
];

describe('every query parses and binds with zero errors', () => {
  it.each(RUNS.map((args) => [args.join(' ') || '(no options)', args]))('kql %s', async (_label, args) => {
    const queries = await script(...args);
    expect(queries.length).toBeGreaterThan(10);
    for (const query of queries) expect({ query: query.split('\n')[0], errors: kustoErrors(query) }).toEqual({ query: query.split('\n')[0], errors: [] });
  });
});

describe('the dimension table', () => {
  it('names only sign-in row columns in the KQL keys of its rows', () => {
    for (const dimension of DIMENSIONS) for (const column of dimension.kql.reads) expect(SIGN_IN_COLUMNS, dimension.id).toContain(column);
  });
});

describe('the parser and binder catch what the test relies on them for', () => {
  it('report a column a table does not have, a misspelt function and a name no statement defines', () => {
    expect(kustoErrors('AADServicePrincipalSignInLogs | project CreatedDateTime')).not.toEqual([]);
    expect(kustoErrors('SigninLogs | extend X = coalesc(ResultType, "")')).not.toEqual([]);
    expect(kustoErrors('SignInRows | take 1')).not.toEqual([]);
    expect(kustoErrors('SigninLogs | extend X = toint(Status.errorCode) | take 1')).toEqual([]);
    expect(Object.keys(SIGN_IN_TABLE_SCHEMAS)).toHaveLength(4);
  });
});

describe('the script', () => {
  it('reads all four tables, carries the catalog, drops duplicates, and has every section and detection', async () => {
    const queries = await script('--fail-on', 'failures>100');
    const text = queries.join('\n\n');
    for (const table of Object.keys(SIGN_IN_TABLE_SCHEMAS)) expect(text).toContain(`(${table}\n`);
    expect(text).toContain('let AadstsCatalog = datatable(Code:int, Name:string');
    expect(text).toContain('summarize arg_max(TimeGenerated, *) by DedupeKey');
    const titles = queries.map((query) => query.split('\n')[0]);
    expect(titles).toEqual([
      '// Summary',
      ...['code', 'category', 'user', 'app', 'client-app', 'country', 'ip', 'type', 'day', 'hour-of-week', 'tenant'].map(
        (id) => `// ${DIMENSIONS.find((d) => d.id === id)?.title}`,
      ),
      '// Detection: password spray',
      '// Detection: brute force',
      '// Detection: MFA fatigue',
      '// Crossed --fail-on rules',
    ]);
    expect(queries.at(-1)).toContain('Rule = "failures>100"');
  });

  it('takes the detections’ settings from --detections FILE, as report does; --no-detections leaves the queries out', async () => {
    const titles = (queries: string[]) => queries.map((query) => query.split('\n')[0]).filter((title) => title?.startsWith('// Detection'));
    const defaults = await script();
    const chosen = await script('--detections', SETTINGS);
    expect(titles(defaults)).toEqual(['// Detection: password spray', '// Detection: brute force', '// Detection: MFA fatigue']);
    // Brute force is turned off in the file: no query for it.
    expect(titles(chosen)).toEqual(['// Detection: password spray', '// Detection: MFA fatigue']);
    expect(titles(await script('--no-detections'))).toEqual([]);
    const spray = chosen.find((query) => query.startsWith('// Detection: password spray'))!;
    expect(spray).toContain('Window = bin(Time, 45m)');
    expect(spray).toContain('| where Users >= 9');
    // The lockout tag stands for the catalog's lockout codes, 50053 among them.
    expect(spray).toMatch(/Code in \(50053, [\d, ]*50126[\d, ]*\)/);
    const fatigue = chosen.find((query) => query.startsWith('// Detection: MFA fatigue'))!;
    expect(fatigue).toContain('bin(Time, 7m)');
    expect(fatigue).toContain('| where Peak >= 4;');
    expect(fatigue).toContain('let DenialText = "(?i)(user said \\"no\\"|denied \\\\(fraud\\\\?\\\\) \\\\[x\\\\]\\\\*|back\\\\\\\\slash)";');
    expect(fatigue).toContain('| where false or (Code in (');
    // Without a file, the offline detections' defaults.
    expect(defaults.find((query) => query.startsWith('// Detection: MFA fatigue'))).toContain(
      `| where Peak >= ${DEFAULT_DETECTION_SETTINGS['mfa-fatigue'].minDenials};`,
    );
  });

  it('refuses a bad --detections file with the line and key, as report does', async () => {
    const bad = path.join(workdir, 'bad-detections.json');
    writeFileSync(bad, '{\n  "mfa-fatigue": { "minDenials": 0 }\n}\n');
    const result = await runMain(['kql', '--now', NOW, '--detections', bad], { cwd: workdir });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${bad}:2: "mfa-fatigue.minDenials" must be a whole number of at least 1, not 0`);
  });

  it('keeps the queries meant for analytics rules (detections, --fail-on) under 10,000 characters', async () => {
    // A long period label and zone name, as the banner shows them.
    const queries = await script(
      '--period',
      '2026-10-01..2026-10-31',
      '--tz',
      'America/Los_Angeles',
      '--fail-on',
      'failures>100',
      '--fail-on',
      'user:failures>20',
      '--fail-on',
      'category:credentials>50',
    );
    const forRules = queries.filter((query) => /^\/\/ (Detection|Crossed)/.test(query));
    expect(forRules).toHaveLength(4);
    for (const query of forRules) expect(query.length).toBeLessThan(10_000);
  });

  it('reads user sign-ins only in the detections, each user name as one identity whatever its case, as offline', async () => {
    const queries = await script();
    const detections = queries.filter((query) => query.startsWith('// Detection'));
    expect(detections).toHaveLength(3);
    for (const query of detections) {
      expect(query).toMatch(/\((SigninLogs|AADNonInteractiveUserSignInLogs)\n/);
      expect(query).not.toMatch(/\((AADServicePrincipalSignInLogs|AADManagedIdentitySignInLogs)\n/);
      expect(query).toContain('| extend User = iff(User contains "@", tolower(User), User)');
      expect(query).not.toMatch(/by [^|]*User = coalesce/);
    }
    expect(detections.find((query) => query.startsWith('// Detection: brute force'))).toContain('| where isnotempty(IPAddress) and Code in (');
    const applications = await script('--table', 'serviceprincipal,managedidentity');
    expect(applications.filter((query) => query.startsWith('// Detection'))).toEqual([]);
    expect(applications.length).toBeGreaterThan(0);
  });

  it('reads only the chosen tables', async () => {
    const queries = await script('--table', 'noninteractive');
    for (const query of queries) {
      expect(query).toContain('(AADNonInteractiveUserSignInLogs\n');
      expect(query).not.toMatch(/\((SigninLogs|AADServicePrincipalSignInLogs|AADManagedIdentitySignInLogs)\n/);
    }
  });

  it('puts the window into every query, on TimeGenerated with the ingestion lag and on the sign-in time', async () => {
    const queries = await script('--period', 'last-week');
    for (const query of queries) {
      expect(query).toContain('let Since = datetime(2026-11-09T00:00:00.000Z);');
      expect(query).toContain('let Until = datetime(2026-11-16T00:00:00.000Z);');
      expect(query).toContain('| where TimeGenerated >= Since and TimeGenerated < Until + IngestionLag');
      expect(query).toContain('| where Time >= Since and Time < Until');
    }
    for (const query of await script()) expect(query).not.toMatch(/Since|Until/);
    // A window open on one side bounds that side only; its queries bind as the others do (the summary stands for them).
    const since = await script('--since', '24h');
    expect(since[0]).toContain('let Since = datetime(2026-11-15T09:00:00.000Z);');
    expect(since[0]).not.toContain('let Until');
    const until = await script('--until', '2026-11-10');
    expect(until[0]).toContain('let Until = datetime(2026-11-11T00:00:00.000Z);');
    expect(until[0]).not.toContain('let Since');
    expect([...kustoErrors(since[0]!), ...kustoErrors(until[0]!)]).toEqual([]);
  });

  it('writes the same queries as files with --output-dir, one per query', async () => {
    const dir = path.join(workdir, 'out');
    const result = await runMain(['kql', '--now', NOW, '--period', 'last-week', '--output-dir', dir], { cwd: workdir });
    expect(result).toMatchObject({ status: 0, stdout: '', stderr: '' });
    const files = readdirSync(dir).sort();
    const queries = await script('--period', 'last-week');
    expect(files).toHaveLength(queries.length);
    expect(files).toContain('summary.kql');
    expect(files).toContain('detection-password-spray.kql');
    const fromFiles = files.map((name) => readFileSync(path.join(dir, name), 'utf8').trimEnd()).sort();
    expect(fromFiles).toEqual([...queries].sort());
  });

  it('removes, and names, the files of queries an earlier run wrote into the same --output-dir and this one does not', async () => {
    const dir = path.join(workdir, 'weekly');
    const all = await runMain(['kql', '--now', NOW, '--output-dir', dir, '--fail-on', 'failures>1'], { cwd: workdir });
    expect(all).toMatchObject({ status: 0, stderr: '' });
    const before = readdirSync(dir).sort();
    expect(before).toEqual(expect.arrayContaining(['detection-brute-force.kql', 'fail-on.kql']));
    writeFileSync(path.join(dir, 'our-own.kql'), 'SigninLogs | take 1\n');
    const settings = path.join(workdir, 'no-brute-force.json');
    writeFileSync(settings, '{ "brute-force": { "enabled": false } }\n');
    const fewer = await runMain(['kql', '--now', NOW, '--output-dir', dir, '--detections', settings], { cwd: workdir });
    expect(fewer.status).toBe(0);
    expect(fewer.stderr.trimEnd().split('\n')).toEqual([
      `signin-analyzer: ${dir}: warning: removed detection-brute-force.kql, left by an earlier run: this run writes no such query`,
      `signin-analyzer: ${dir}: warning: removed fail-on.kql, left by an earlier run: this run writes no such query`,
    ]);
    expect(readdirSync(dir).sort()).toEqual([...before.filter((name) => name !== 'detection-brute-force.kql' && name !== 'fail-on.kql'), 'our-own.kql'].sort());
  });

  it('takes --catalog overrides into the datatables', async () => {
    const file = path.join(workdir, 'codes.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      file,
      JSON.stringify([
        { code: 4242424, name: 'OurOwnCode', outcome: 'interrupted', category: 'mfa', actor: 'end_user', description: 'Ours "quoted".', remediation: 'Ask.' },
      ]),
    );
    const queries = await script('--catalog', file);
    expect(queries[0]).toMatch(/"interrupted", "mfa", dynamic\(\[[^\]]*\b4242424\b/);
    expect(queries[1]).toContain('4242424, "OurOwnCode", "interrupted", "mfa", "end_user", "Ours \\"quoted\\".", "Ask."');
    for (const query of queries.slice(0, 2)) expect(kustoErrors(query)).toEqual([]);
  });
});

describe('usage errors', () => {
  it.each([
    [['--table', 'AuditLogs'], /--table must name a sign-in table, not "AuditLogs"/],
    [['--fail-on', 'increase:failures>50%'], /compares with an earlier period, which kql does not do/],
    [['--fail-on', 'new-codes'], /compares with an earlier period/],
    [['--top', 'many'], /--top must be a whole number/],
    [['--period', 'someday'], /unknown period 'someday'/],
  ])('kql %j', async (args, message) => {
    const result = await runMain(['kql', '--now', NOW, ...args], { cwd: workdir });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });
});
