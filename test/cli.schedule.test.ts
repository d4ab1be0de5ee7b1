// Scheduled summaries end to end, on the built binary: two generated weeks of portal CSV with a known
// difference (written here into a temp dir) are compared through --compare previous-period and through
// --baseline with last week's JSON; every delta, new and gone entry, each --fail-on rule and the exit codes
// are checked in every format. Run `npm run build` first (npm test does).

import { parse } from 'csv-parse/sync';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runCli } from './helpers/exec.js';
import { runMain, testIo, withoutInteractiveOnlyNote, type MainResult } from './helpers/io.js';
import { main } from '../src/main.js';
import { expectValidJsonReport } from './helpers/report-schema.js';

// ---- the two weeks: ISO weeks 45 (2 to 8 November 2026) and 46 (9 to 15 November), run on Monday the 16th ----

interface Group {
  readonly user: string;
  readonly app: string;
  readonly code: number;
  readonly count: number;
}

/** What the catalog says about the codes used here: outcome and category. */
const CODES: Record<number, { outcome: 'success' | 'failure' | 'interrupted'; category: string | null; reason: string }> = {
  0: { outcome: 'success', category: null, reason: '' },
  50126: { outcome: 'failure', category: 'credentials', reason: 'Invalid username or password or Invalid on-premise username or password.' },
  50074: { outcome: 'interrupted', category: 'mfa', reason: 'Strong Authentication is required.' },
  53003: { outcome: 'failure', category: 'conditional_access', reason: 'Access has been blocked by Conditional Access policies.' },
  50053: { outcome: 'failure', category: 'account_blocked', reason: 'Account is locked because user tried to sign in too many times.' },
};

const WEEK_45: readonly Group[] = [
  { user: 'alice', app: 'Azure Portal', code: 50126, count: 10 },
  { user: 'bob', app: 'Microsoft Teams', code: 50126, count: 4 },
  { user: 'bob', app: 'Microsoft Teams', code: 50074, count: 3 },
  { user: 'carol', app: 'SharePoint Online', code: 53003, count: 5 },
  { user: 'dave', app: 'Azure Portal', code: 0, count: 20 },
  { user: 'erin', app: 'Microsoft Teams', code: 0, count: 10 },
];

const WEEK_46: readonly Group[] = [
  { user: 'alice', app: 'Azure Portal', code: 50126, count: 25 },
  { user: 'bob', app: 'Microsoft Teams', code: 50126, count: 2 },
  { user: 'bob', app: 'Microsoft Teams', code: 50074, count: 3 },
  { user: 'frank', app: 'Office 365 Exchange Online', code: 50053, count: 6 },
  { user: 'dave', app: 'Azure Portal', code: 0, count: 20 },
  { user: 'erin', app: 'Microsoft Teams', code: 0, count: 12 },
];

const WEEK_START = { 45: Date.UTC(2026, 10, 2), 46: Date.UTC(2026, 10, 9) } as const;
const NOW = ['--now', '2026-11-16T06:00:00Z'];
const DAY = 86_400_000;
const upn = (user: string): string => `${user}@contoso.example`;

/** The rows of one week, spread over its seven days; the first row sits on the week's first instant, the last on its last second. */
function weekRows(week: 45 | 46, groups: readonly Group[]): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  const total = groups.reduce((sum, group) => sum + group.count, 0);
  let i = 0;
  for (const group of groups) {
    for (let n = 0; n < group.count; n++, i++) {
      const offset = i === 0 ? 0 : i === total - 1 ? 7 * DAY - 1000 : Math.floor((i / total) * 7 * DAY);
      const facts = CODES[group.code]!;
      rows.push({
        'Date (UTC)': new Date(WEEK_START[week] + offset).toISOString().replace('.000Z', 'Z'),
        'Request ID': `00000000-0000-4000-8000-${String(week * 1_000_000 + i).padStart(12, '0')}`,
        'User ID': `11111111-0000-4000-8000-${group.user.padStart(12, '0')}`,
        User: group.user[0]!.toUpperCase() + group.user.slice(1),
        Username: upn(group.user),
        Application: group.app,
        'IP address': '203.0.113.10',
        Location: 'Amsterdam, Noord-Holland, NL',
        Status: facts.outcome === 'success' ? 'Success' : facts.outcome === 'failure' ? 'Failure' : 'Interrupted',
        'Sign-in error code': String(group.code),
        'Failure reason': facts.outcome === 'success' ? 'Other.' : facts.reason,
        'Client app': 'Browser',
      });
    }
  }
  return rows;
}

/** Portal CSV with the header of the bundled sample export; columns this test does not fill stay empty. */
function portalCsv(rows: readonly Record<string, string>[]): string {
  const header = readFileSync(path.join(repoRoot, 'fixtures/sample/InteractiveSignIns_sample.csv'), 'utf8')
    .split(/\r?\n/, 1)[0]!
    .replace(/^\uFEFF/, '');
  const columns = header.split(',');
  const cell = (value: string): string => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  // A column named twice (the portal repeats "Incoming token type") gets the value once, in its first place.
  const lines = rows.map((row) => columns.map((column, i) => (columns.indexOf(column) === i ? cell(row[column] ?? '') : '')).join(','));
  return `\uFEFF${header}\r\n${lines.join('\r\n')}\r\n`;
}

// ---- the naive model: what the comparison must say, from the groups alone ----

type Dimension = 'code' | 'category' | 'user' | 'app';

function modelCounts(groups: readonly Group[], dimension: Dimension): Map<string, number> {
  const counts = new Map<string, number>();
  for (const group of groups) {
    const facts = CODES[group.code]!;
    if (facts.outcome === 'success') continue;
    // Codes and categories count failures and interrupts; users and apps count failures.
    if ((dimension === 'user' || dimension === 'app') && facts.outcome !== 'failure') continue;
    const key = dimension === 'code' ? String(group.code) : dimension === 'category' ? facts.category! : dimension === 'user' ? upn(group.user) : group.app;
    counts.set(key, (counts.get(key) ?? 0) + group.count);
  }
  return counts;
}

interface ModelRow {
  key: string;
  now: number;
  before: number;
  change: number;
  changePercent: number | null;
  status: string;
}

function modelRows(dimension: Dimension): ModelRow[] {
  const now = modelCounts(WEEK_46, dimension);
  const before = modelCounts(WEEK_45, dimension);
  return [...new Set([...now.keys(), ...before.keys()])]
    .map((key) => {
      const n = now.get(key) ?? 0;
      const b = before.get(key) ?? 0;
      const status = b === 0 ? 'new' : n === 0 ? 'gone' : n > b ? 'up' : n < b ? 'down' : 'same';
      return { key, now: n, before: b, change: n - b, changePercent: b === 0 ? null : Math.round(((n - b) / b) * 1000) / 10, status };
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}

function modelTotals(groups: readonly Group[]): { signIns: number; failure: number; interrupted: number } {
  const sum = (outcome: string): number => groups.filter((group) => CODES[group.code]!.outcome === outcome).reduce((total, group) => total + group.count, 0);
  return { signIns: groups.reduce((total, group) => total + group.count, 0), failure: sum('failure'), interrupted: sum('interrupted') };
}

// ---- the runs ----

const workdir = mkdtempSync(path.join(tmpdir(), 'cli-schedule-'));
const exports = path.join(workdir, 'exports');
const WEEK45_FILE = path.join(exports, 'InteractiveSignIns_2026-11-02_2026-11-08.csv');
const WEEK46_FILE = path.join(exports, 'InteractiveSignIns_2026-11-09_2026-11-15.csv');
const STRAY_FILE = path.join(exports, 'InteractiveSignIns_2026-10-30_2026-10-30.csv');

beforeAll(() => {
  if (!existsSync(cliPath)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  mkdirSync(exports);
  writeFileSync(WEEK45_FILE, portalCsv(weekRows(45, WEEK_45)));
  writeFileSync(WEEK46_FILE, portalCsv(weekRows(46, WEEK_46)));
  // A sign-in from the week before both: outside either period, counted as outside the window.
  const stray = weekRows(45, [{ user: 'zoe', app: 'Azure Portal', code: 50126, count: 1 }])[0]!;
  writeFileSync(STRAY_FILE, portalCsv([{ ...stray, 'Date (UTC)': '2026-10-30T12:00:00Z', 'Request ID': 'stray-1' }]));
});
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

function report(args: readonly string[]): Promise<MainResult> {
  return runMain(['report', ...args, ...NOW], { cwd: workdir });
}

async function succeed(args: readonly string[]): Promise<string> {
  const result = await report(args);
  expect(withoutInteractiveOnlyNote(result.stderr)).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

/** Golden text with the temp dir written as <tmp>, so the files do not depend on where the test runs. */
function stable(text: string): string {
  return text.split(workdir).join('<tmp>');
}

const COMPARE = ['exports', '--period', 'last-week', '--compare', 'previous-period'];

interface JsonComparison {
  against: Record<string, unknown>;
  totals: Record<string, { now: number; before: number; change: number; changePercent: number | null }>;
  byCode: ({ code: number } & Omit<ModelRow, 'key'>)[];
  byCategory: ({ category: string } & Omit<ModelRow, 'key'>)[];
  byUser: ({ user: string } & Omit<ModelRow, 'key'>)[];
  byApp: ({ app: string } & Omit<ModelRow, 'key'>)[];
  new: Record<string, (string | number)[]>;
  gone: Record<string, (string | number)[]>;
}

function comparisonOf(text: string): JsonComparison {
  return (expectValidJsonReport(text) as unknown as { comparison: JsonComparison }).comparison;
}

function rowsOf(comparison: JsonComparison, dimension: Dimension): ModelRow[] {
  const rows = { code: comparison.byCode, category: comparison.byCategory, user: comparison.byUser, app: comparison.byApp }[dimension] as unknown as Record<
    string,
    unknown
  >[];
  return rows
    .map((row) => ({
      key: String(row[dimension]),
      now: row['now'] as number,
      before: row['before'] as number,
      change: row['change'] as number,
      changePercent: row['changePercent'] as number | null,
      status: row['status'] as string,
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

function checkComparison(comparison: JsonComparison): void {
  for (const dimension of ['code', 'category', 'user', 'app'] as const) {
    expect(rowsOf(comparison, dimension), dimension).toEqual(modelRows(dimension));
  }
  const plural = { code: 'codes', category: 'categories', user: 'users', app: 'apps' } as const;
  for (const dimension of ['code', 'category', 'user', 'app'] as const) {
    for (const status of ['new', 'gone'] as const) {
      const expected = modelRows(dimension)
        .filter((row) => row.status === status)
        .map((row) => row.key)
        .sort();
      expect(comparison[status][plural[dimension]]!.map(String).sort(), `${status} ${dimension}`).toEqual(expected);
    }
  }
  const now = modelTotals(WEEK_46);
  const before = modelTotals(WEEK_45);
  expect(comparison.totals['signIns']).toMatchObject({ now: now.signIns, before: before.signIns, change: now.signIns - before.signIns });
  expect(comparison.totals['failures']).toMatchObject({ now: now.failure, before: before.failure, change: now.failure - before.failure });
  expect(comparison.totals['interrupted']).toMatchObject({ now: now.interrupted, before: before.interrupted, change: 0 });
  expect(comparison.totals['failureRate']!.now).toBeCloseTo((now.failure / now.signIns) * 100, 2);
  expect(comparison.totals['failureRate']!.before).toBeCloseTo((before.failure / before.signIns) * 100, 2);
}

describe('--compare previous-period on a folder holding both weeks', () => {
  it('the known difference, in the JSON: every delta, new and gone entry', async () => {
    const text = await succeed([...COMPARE, '--format', 'json']);
    const json = expectValidJsonReport(text) as { period: Record<string, unknown>; accounting: Record<string, number>; totals: Record<string, number> };
    expect(json.period).toMatchObject({ since: '2026-11-09T00:00:00Z', until: '2026-11-16T00:00:00Z', label: '2026-W46', timeZone: 'UTC' });
    // Week 45 and the stray row fall outside week 46; the boundary rows land on the right side.
    expect(json.accounting).toMatchObject({ signIns: 68, outsideWindow: 52 + 1 });
    expect(json.totals).toMatchObject(modelTotals(WEEK_46));
    const comparison = comparisonOf(text);
    expect(comparison.against).toEqual({
      source: 'previous-period',
      file: null,
      label: '2026-W45',
      since: '2026-11-02T00:00:00Z',
      until: '2026-11-09T00:00:00Z',
      generatedAt: null,
    });
    checkComparison(comparison);
  });

  it('the same weeks compared the other way round mirror every change', async () => {
    const forward = comparisonOf(await succeed([...COMPARE, '--format', 'json']));
    const backward = comparisonOf(await succeed(['exports', '--period', '2026-W45', '--compare', 'previous-period', '--format', 'json']));
    // Week 44 holds only the stray row: compared with it, week 45's entries are all new but alice's code and category.
    expect(backward.against).toMatchObject({ label: '2026-W44' });
    expect(forward.totals['signIns']!.before).toBe(backward.totals['signIns']!.now);
  });

  it('table, with arrows and signs', async () => {
    await expect(await succeed([...COMPARE])).toMatchFileSnapshot('golden/schedule/two-weeks.table.txt');
  });

  it('markdown', async () => {
    await expect(await succeed([...COMPARE, '--format', 'markdown'])).toMatchFileSnapshot('golden/schedule/two-weeks.md');
  });

  it('json', async () => {
    await expect(await succeed([...COMPARE, '--format', 'json'])).toMatchFileSnapshot('golden/schedule/two-weeks.json');
  });

  it.each(['code', 'category', 'user', 'app'] as const)('csv --by %s: comparison columns agree with the model, gone entries appended', async (by) => {
    const text = await succeed([...COMPARE, '--format', 'csv', '--by', by]);
    await expect(text).toMatchFileSnapshot(`golden/schedule/two-weeks.by-${by}.csv`);
    const records = parse(text, { columns: true }) as Record<string, string>[];
    const metric = by === 'user' || by === 'app' ? 'failures' : 'count';
    const keyColumn = by;
    const compared = records
      .filter((record) => record['status'] !== '')
      .map((record) => ({
        key: record[keyColumn]!,
        now: Number(record[metric]),
        before: Number(record[`${metric}Before`]),
        change: Number(record[`${metric}Change`]),
        changePercent: record[`${metric}ChangePercent`] === '' ? null : Number(record[`${metric}ChangePercent`]),
        status: record['status']!,
      }))
      .sort((a, b) => a.key.localeCompare(b.key));
    expect(compared).toEqual(modelRows(by));
  });

  it('every dimension but days is compared: its change agrees with the report now and the report of the week before', async () => {
    const now = expectValidJsonReport(await succeed(['exports', '--period', '2026-W46', '--format', 'json'])) as Record<string, Record<string, unknown>[]>;
    const before = expectValidJsonReport(await succeed(['exports', '--period', '2026-W45', '--format', 'json'])) as Record<string, Record<string, unknown>[]>;
    const comparison = comparisonOf(await succeed([...COMPARE, '--format', 'json'])) as unknown as Record<string, Record<string, unknown>[]>;
    for (const [section, field] of [
      ['byClientApp', 'clientApp'],
      ['byCountry', 'country'],
      ['byIp', 'ip'],
      ['byType', 'type'],
    ] as const) {
      const failures = (report: Record<string, Record<string, unknown>[]>): Map<string, number> =>
        new Map(report[section]!.filter((row) => (row['failures'] as number) > 0).map((row) => [row[field] as string, row['failures'] as number]));
      const [nowFailures, beforeFailures] = [failures(now), failures(before)];
      const keys = new Set([...nowFailures.keys(), ...beforeFailures.keys()]);
      expect(comparison[section]!.map((row) => row[field]).sort(), section).toEqual([...keys].sort());
      for (const row of comparison[section]!) {
        expect(row, section).toMatchObject({
          metric: 'failures',
          now: nowFailures.get(row[field] as string) ?? 0,
          before: beforeFailures.get(row[field] as string) ?? 0,
        });
      }
    }
    expect(comparison['byDay']).toBeUndefined();
    expect((await succeed([...COMPARE, '--format', 'csv', '--by', 'country'])).split('\n')[0]).toContain('failuresBefore');
    expect((await succeed([...COMPARE, '--format', 'csv', '--by', 'day'])).split('\n')[0]).not.toContain('status');
  });

  it('--top cuts the comparison lists by size of change but keeps every new and gone entry', async () => {
    const comparison = comparisonOf(await succeed([...COMPARE, '--format', 'json', '--top', '1']));
    expect(comparison.byUser).toHaveLength(1);
    expect(comparison.byUser[0]).toMatchObject({ user: upn('alice'), change: 15 });
    expect(comparison.gone['users']).toEqual([upn('carol')]);
  });
});

describe('--compare previous-period when worker threads read a large file in parts', () => {
  it('each worker tallies both periods; the result equals one thread and the model, scaled', async () => {
    const scale = (groups: readonly Group[]): Group[] => groups.map((group) => ({ ...group, count: group.count * 120 }));
    const big = path.join(workdir, 'big');
    mkdirSync(big);
    writeFileSync(
      path.join(big, 'InteractiveSignIns_2026-11-02_2026-11-15.csv'),
      portalCsv([...weekRows(45, scale(WEEK_45)), ...weekRows(46, scale(WEEK_46))]),
    );
    const args = ['report', 'big', '--period', 'last-week', '--compare', 'previous-period', '--format', 'json', ...NOW];
    const single = runCli([...args, '--threads', '1'], { cwd: workdir });
    const parallel = runCli([...args, '--threads', '2'], { cwd: workdir, env: { SIGNIN_ANALYZER_PARALLEL_MIN_BYTES: '0', SIGNIN_ANALYZER_TRACE: '1' } });
    expect(single.status).toBe(0);
    expect(withoutInteractiveOnlyNote(single.stderr)).toBe('');
    expect(parallel.status).toBe(0);
    expect(parallel.stderr).toMatch(/: [2-9]\d* parts on 2 threads/);
    const one = comparisonOf(single.stdout);
    const two = comparisonOf(parallel.stdout);
    expect(two).toEqual(one);
    for (const dimension of ['code', 'category', 'user', 'app'] as const) {
      expect(rowsOf(two, dimension).map((row) => [row.key, row.now, row.before, row.changePercent, row.status])).toEqual(
        modelRows(dimension).map((row) => [row.key, row.now * 120, row.before * 120, row.changePercent, row.status]),
      );
    }
  });
});

describe("last week's JSON as this week's --baseline", () => {
  it('a templated --output writes week 45, and week 46 compared with it gives the same comparison', async () => {
    const first = await report([WEEK45_FILE, '--period', '2026-W45', '--format', 'json', '--output', 'reports/signins-{period}.json', '--quiet']);
    expect(first).toMatchObject({ status: 0, stdout: '', stderr: '' });
    const baselineFile = path.join(workdir, 'reports', 'signins-2026-W45.json');
    expect(existsSync(baselineFile)).toBe(true);

    const text = await succeed([WEEK46_FILE, '--period', 'last-week', '--baseline', 'reports/signins-2026-W45.json', '--format', 'json']);
    const comparison = comparisonOf(text);
    expect(comparison.against).toEqual({
      source: 'baseline',
      file: 'reports/signins-2026-W45.json',
      label: '2026-W45',
      since: '2026-11-02T00:00:00Z',
      until: '2026-11-09T00:00:00Z',
      generatedAt: '2026-11-16T06:00:00Z',
    });
    checkComparison(comparison);
    const { against: _baseline, ...fromBaseline } = comparison;
    const { against: _previous, ...fromPrevious } = comparisonOf(await succeed([...COMPARE, '--format', 'json']));
    expect(fromBaseline).toEqual(fromPrevious);
  });

  it('a report that carries a comparison and thresholds is itself a valid baseline', async () => {
    const week = await report([
      WEEK46_FILE,
      '--period',
      '2026-W46',
      '--baseline',
      'reports/signins-2026-W45.json',
      '--fail-on',
      'new-codes',
      '--format',
      'json',
      '--output',
      'reports/signins-{period}.json',
    ]);
    expect(week.status).toBe(1);
    const next = comparisonOf(await succeed([WEEK46_FILE, '--period', '2026-W46', '--baseline', 'reports/signins-2026-W46.json', '--format', 'json']));
    expect(next.byCode.every((row) => row.status === 'same')).toBe(true);
  });

  it('a baseline redacted as this run is: its users are not compared, and no rule calls them new', async () => {
    const redact = ['--redact', 'users', '--format', 'json', '--quiet'];
    expect((await report([WEEK45_FILE, '--period', '2026-W45', ...redact, '--output', 'reports/redacted-{period}.json'])).status).toBe(0);
    const result = await report([
      WEEK46_FILE,
      '--period',
      'last-week',
      ...redact.slice(0, -1),
      '--baseline',
      'reports/redacted-2026-W45.json',
      '--fail-on',
      'new-users',
      '--fail-on',
      'new-codes',
    ]);
    expect(result.status).toBe(1);
    const stderr = withoutInteractiveOnlyNote(result.stderr);
    expect(stderr).toContain("the baseline's users were redacted, so they do not line up with this report's and are not compared");
    expect(stderr).not.toContain('--top');
    expect(stderr).toContain('threshold crossed: new-codes');
    const rules = (JSON.parse(result.stdout) as { thresholds: { rules: { rule: string; crossed: boolean; message: string }[] } }).thresholds.rules;
    expect(rules[0]).toMatchObject({ rule: 'new-users', crossed: false, message: 'users not compared: the earlier report does not list them' });
  });

  it('a baseline with no sign-ins (a week whose export was missing) is no baseline: the rules that compare are skipped', async () => {
    // Week 46's export holds nothing of week 44.
    expect((await report([WEEK46_FILE, '--period', '2026-W44', '--format', 'json', '--quiet', '--output', 'reports/empty-{period}.json'])).status).toBe(0);
    const result = await report([
      WEEK46_FILE,
      '--period',
      'last-week',
      '--baseline',
      'reports/empty-2026-W44.json',
      '--fail-on',
      'new-codes',
      '--fail-on',
      'increase:failures>50%',
      '--format',
      'json',
    ]);
    expect(result.status).toBe(0);
    expect(withoutInteractiveOnlyNote(result.stderr)).toBe(
      'signin-analyzer: reports/empty-2026-W44.json: warning: no baseline, rules skipped: new-codes, increase:failures>50% (reports/empty-2026-W44.json holds no sign-ins: its period had none in its inputs)\n',
    );
  });

  it('markdown against the baseline', async () => {
    await expect(
      stable(await succeed([WEEK46_FILE, '--period', 'last-week', '--baseline', 'reports/signins-2026-W45.json', '--format', 'markdown', '--top', '3'])),
    ).toMatchFileSnapshot('golden/schedule/baseline.md');
  });
});

describe('--fail-on', () => {
  // Week 46 against week 45: failures 19 → 33 (+73.7%), 68 sign-ins (failure rate 48.53%), code 50053 ×6 new,
  // credentials 27, alice 25 failures, Azure Portal 25 failures, one new user, app and category.
  const RULES: readonly (readonly [string, boolean])[] = [
    ['failures>32', true],
    ['failures>33', false],
    ['failure-rate>48.5%', true],
    ['failure-rate>49%', false],
    ['code:50053>0', true],
    ['code:53003>0', false],
    ['category:credentials>26', true],
    ['category:credentials>27', false],
    ['increase:failures>73%', true],
    ['increase:failures>74%', false],
    ['increase:failures>14', false],
    ['increase:failures>=14', true],
    ['new-codes', true],
    ['new-codes>1', false],
    ['new-users', true],
    ['new-apps', true],
    ['new-categories>=2', false],
    ['user:failures>24', true],
    ['user:failures>25', false],
    ['app:failures>25', false],
    ['app:failures>=25', true],
  ];

  it.each(RULES)('%s alone: crossed %s, exit code to match', async (rule, crossed) => {
    const result = await report([...COMPARE, '--format', 'json', '--fail-on', rule]);
    expect(result.status).toBe(crossed ? 1 : 0);
    const thresholds = (expectValidJsonReport(result.stdout) as { thresholds: { crossed: number; rules: { rule: string; crossed: boolean }[] } }).thresholds;
    expect(thresholds.rules).toEqual([expect.objectContaining({ rule, crossed })]);
    expect(thresholds.crossed).toBe(crossed ? 1 : 0);
    const stderr = withoutInteractiveOnlyNote(result.stderr);
    if (crossed) expect(stderr).toMatch(new RegExp(`^signin-analyzer: threshold crossed: ${rule.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .+\\n$`));
    else expect(stderr).toBe('');
  });

  it('all rules at once: each crossed rule on stderr, all of them in the JSON, exit 1', async () => {
    const result = await report([...COMPARE, '--format', 'json', ...RULES.flatMap(([rule]) => ['--fail-on', rule])]);
    expect(result.status).toBe(1);
    const crossed = RULES.filter(([, isCrossed]) => isCrossed).map(([rule]) => rule);
    expect(
      withoutInteractiveOnlyNote(result.stderr)
        .trimEnd()
        .split('\n')
        .map((line) => line.replace(/^signin-analyzer: threshold crossed: /, '').split(': ')[0]),
    ).toEqual(crossed);
    const thresholds = (JSON.parse(result.stdout) as { thresholds: { crossed: number; rules: { rule: string; crossed: boolean }[] } }).thresholds;
    expect(thresholds.rules.map((outcome) => [outcome.rule, outcome.crossed])).toEqual(RULES.map(([rule, isCrossed]) => [rule, isCrossed]));
    expect(thresholds.crossed).toBe(crossed.length);
  });

  it('a reader that closes the output early (| head) does not lose the verdict: exit 1 and the crossed rule', async () => {
    const io = testIo({ cwd: workdir, stdout: () => Promise.reject(Object.assign(new Error('write EPIPE'), { code: 'EPIPE', syscall: 'write' })) });
    expect(await main(['report', ...COMPARE, ...NOW, '--format', 'json', '--quiet', '--fail-on', 'new-codes'], io)).toBe(1);
    expect(io.err.join('')).toBe('signin-analyzer: threshold crossed: new-codes: 1 new code (50053: 6)\n');
  });

  it('--quiet still says that the report holds nothing: an empty period, an export with no rows', async () => {
    const empty = await report([WEEK46_FILE, '--period', '2026-W40', '--quiet', '--format', 'json', '--fail-on', 'failures>0']);
    expect(empty.status).toBe(0);
    expect(empty.stderr.split('\n')).toEqual([
      'signin-analyzer: warning: no sign-in matches the filters (68 outside the time window, 0 filtered out)',
      'signin-analyzer: warning: period 2026-W40 (2026-09-28T00:00:00Z to 2026-10-05T00:00:00Z) has no sign-ins in the inputs',
      '',
    ]);
    const header = await report([path.join(repoRoot, 'fixtures', 'bad', 'header-only.csv'), '--quiet', '--format', 'json']);
    expect(header.status).toBe(0);
    expect(header.stderr).toContain('header-only.csv: warning: holds no sign-ins, only a header or an empty list');
  });

  it.each(['table', 'markdown', 'csv'])('%s: the same exit code and stderr in every format', async (format) => {
    const result = await report([...COMPARE, '--format', format, '--fail-on', 'new-codes', '--fail-on', 'failures>1000']);
    expect(result.status).toBe(1);
    expect(withoutInteractiveOnlyNote(result.stderr)).toBe('signin-analyzer: threshold crossed: new-codes: 1 new code (50053: 6)\n');
    if (format !== 'csv') expect(result.stdout).toContain('CROSSED');
  });

  it('table with thresholds', async () => {
    const result = await report([...COMPARE, '--top', '2', '--fail-on', 'new-codes', '--fail-on', 'user:failures>20', '--fail-on', 'failure-rate>60%']);
    expect(result.status).toBe(1);
    await expect(result.stdout).toMatchFileSnapshot('golden/schedule/thresholds.table.txt');
  });

  it('--quiet with --output: nothing on stdout, only the crossed rule on stderr', async () => {
    const result = await report([...COMPARE, '--format', 'markdown', '--output', 'out/{period}.md', '--quiet', '--fail-on', 'code:50053>0']);
    expect(result).toMatchObject({ status: 1, stdout: '', stderr: 'signin-analyzer: threshold crossed: code:50053>0: code 50053: 6 > 0\n' });
    expect(readFileSync(path.join(workdir, 'out', '2026-W46.md'), 'utf8')).toContain('| 50053 | 6 | 0 | ▲ +6 (new) |');
  });
});

describe('errors exit 2 with one line on stderr and nothing on stdout', () => {
  async function fails(args: readonly string[], ...fragments: string[]): Promise<void> {
    const result = await report(args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    for (const fragment of fragments) expect(result.stderr).toContain(fragment);
  }

  it.each(['failures>>5', 'failure-rate>5', 'category:nope>1', 'users:failures>1'])('a malformed rule names it: %s', async (rule) => {
    await fails([...COMPARE, '--fail-on', 'failures>1', '--fail-on', rule], `'${rule}'`);
  });

  it('an unknown period or zone', async () => {
    await fails(['exports', '--period', 'last-fortnight'], "unknown period 'last-fortnight'");
    await fails(['exports', '--period', 'last-week', '--tz', 'Mars/Olympus'], "unknown time zone 'Mars/Olympus'");
  });

  it('--compare with anything but previous-period, or with --baseline', async () => {
    await fails(['exports', '--period', 'last-week', '--compare', 'last-year'], 'last-year');
    await fails([...COMPARE, '--baseline', 'reports/signins-2026-W45.json'], 'not both');
  });

  it('--compare previous-period without a period', async () => {
    await fails(['exports', '--compare', 'previous-period'], 'needs a period');
  });

  it('a baseline that is not a schemaVersion 1 report', async () => {
    await fails(['exports', '--period', 'last-week', '--baseline', WEEK45_FILE], WEEK45_FILE, 'baseline is not JSON');
    const future = path.join(workdir, 'future.json');
    writeFileSync(future, JSON.stringify({ schemaVersion: 2, totals: {} }));
    await fails(['exports', '--period', 'last-week', '--baseline', future], 'schemaVersion 2');
  });

  it('an unknown --output field', async () => {
    await fails(['exports', '--period', 'last-week', '--output', 'reports/{week}.json'], '{week}');
  });
});

describe('the first week: no baseline yet', () => {
  it('rules that compare, without --baseline, are skipped with a warning; the run exits 0', async () => {
    const result = await report(['exports', '--period', 'last-week', '--fail-on', 'new-codes', '--fail-on', 'failures>1000', '--format', 'json']);
    expect(result.status).toBe(0);
    expect(withoutInteractiveOnlyNote(result.stderr)).toBe(
      'signin-analyzer: warning: no baseline, rule skipped: new-codes (no --baseline or --compare previous-period given)\n',
    );
    const json = JSON.parse(result.stdout) as {
      thresholds: { crossed: number; rules: { rule: string; crossed: boolean; skipped?: boolean; message: string }[] };
    };
    expect(json.thresholds.crossed).toBe(0);
    expect(json.thresholds.rules.map((rule) => [rule.rule, rule.crossed, rule.skipped ?? false])).toEqual([
      ['new-codes', false, true],
      ['failures>1000', false, false],
    ]);
  });

  it('--baseline naming last week’s file, which the first week lacks, behaves the same', async () => {
    const args = ['exports', '--period', 'last-week', '--baseline', 'reports/none.json', '--fail-on', 'new-codes', '--fail-on', 'increase:failures>50%'];
    const result = await report([...args, '--format', 'markdown']);
    expect(result.status).toBe(0);
    expect(withoutInteractiveOnlyNote(result.stderr)).toBe(
      'signin-analyzer: reports/none.json: warning: no baseline, rules skipped: new-codes, increase:failures>50% (reports/none.json does not exist yet)\n',
    );
    expect(result.stdout).toContain('| new-codes | skipped | no baseline, rule skipped |');
    // Without rules the missing file is still said, once.
    const plain = await report(['exports', '--period', 'last-week', '--baseline', 'reports/none.json']);
    expect(plain.status).toBe(0);
    expect(withoutInteractiveOnlyNote(plain.stderr)).toBe(
      'signin-analyzer: reports/none.json: warning: no baseline: reports/none.json does not exist yet; the report compares nothing\n',
    );
  });
});

describe('periods', () => {
  it('a period without sign-ins is a warning, not an error', async () => {
    const result = await report(['exports', '--period', '2026-W40', '--format', 'json']);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('warning: period 2026-W40');
    const json = expectValidJsonReport(result.stdout) as { warnings: { code: string }[]; totals: { signIns: number } };
    expect(json.totals.signIns).toBe(0);
    expect(json.warnings.map((warning) => warning.code)).toContain('EMPTY_PERIOD');
  });

  it('--tz moves the week to the zone calendar: the last row of week 45 is already week 46 in Auckland', async () => {
    const json = expectValidJsonReport(await succeed(['exports', '--period', 'last-week', '--tz', 'Pacific/Auckland', '--format', 'json'])) as {
      period: Record<string, string>;
      totals: { signIns: number };
    };
    // Monday 16 November 06:00 UTC is 19:00 in Auckland: last week there is 9 to 15 November, Auckland time.
    expect(json.period).toMatchObject({ since: '2026-11-08T11:00:00Z', until: '2026-11-15T11:00:00Z', label: '2026-W46', timeZone: 'Pacific/Auckland' });
    const lastOf45 = 1;
    const week46AfterCut = weekRows(46, WEEK_46).filter((row) => row['Date (UTC)']! >= '2026-11-15T11:00:00Z').length;
    const week45AfterCut = weekRows(45, WEEK_45).filter((row) => row['Date (UTC)']! >= '2026-11-08T11:00:00Z').length;
    expect(week45AfterCut).toBeGreaterThanOrEqual(lastOf45);
    expect(json.totals.signIns).toBe(68 - week46AfterCut + week45AfterCut);
  });

  it('--since narrows the period; the comparison window is then the same span just before', async () => {
    const comparison = comparisonOf(
      await succeed(['exports', '--period', 'last-week', '--since', '2026-11-12', '--compare', 'previous-period', '--format', 'json']),
    );
    expect(comparison.against).toMatchObject({ label: null, since: '2026-11-08T00:00:00Z', until: '2026-11-12T00:00:00Z' });
  });
});

describe('docs/scheduling.md', () => {
  it('shows the comparison of the bundled sample as the command prints it (at full width)', async () => {
    const markdown = readFileSync(path.join(repoRoot, 'docs/scheduling.md'), 'utf8');
    const start = markdown.indexOf('```text\nChange in totals (2026-11-13..2026-11-15');
    expect(start).toBeGreaterThan(0);
    const shown = markdown.slice(start + '```text\n'.length, markdown.indexOf('```', start + 3));
    const result = await runMain(
      [
        'report',
        'fixtures/sample/InteractiveSignIns_sample.csv',
        '--period',
        '2026-11-13..2026-11-15',
        '--compare',
        'previous-period',
        '--top',
        '3',
        '--fail-on',
        'increase:failures>25%',
        '--fail-on',
        'new-codes',
        '--width',
        '0',
      ],
      { cwd: repoRoot },
    );
    expect(result.status).toBe(1);
    // Each section the excerpt shows is in the output as it is.
    for (const section of shown.trim().split('\n\n')) expect(result.stdout).toContain(section);
  });
});
