// The comparison and threshold parts of each format, on views made in memory: change cells, hostile names
// from the log (a gone user only the baseline knows is rendered as safely as the report's own rows), CSV
// rows that stay aligned with their comparison columns, and JSON that the schema accepts.

import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRules } from '../src/config/rules.js';
import type { SignIn } from '../src/model.js';
import { loadRenderers, TEXT_FORMATS, textOf, type TextFormat } from '../src/render/index.js';
import { changeCell } from '../src/render/sections.js';
import type { Baseline } from '../src/view/baseline.js';
import { buildView, reportFigures } from '../src/view/index.js';
import { expectValidJsonReport } from './helpers/report-schema.js';
import { analyzeSignIns, coverageFor, makeSignIn } from './helpers/signins.js';

const HOSTILE = '=cmd|\' /C calc\'!A0,"quoted"\n| *bold* <b>';

function signIns(spec: readonly [user: string, code: number, count: number][]): SignIn[] {
  return spec.flatMap(([user, code, count]) => Array.from({ length: count }, () => makeSignIn({ userPrincipalName: user, errorCode: code })));
}

const now = analyzeSignIns(
  signIns([
    ['alice@contoso.example', 50126, 4],
    ['bob@contoso.example', 0, 3],
  ]),
).report;
const before = analyzeSignIns(
  signIns([
    ['alice@contoso.example', 50126, 2],
    [HOSTILE, 50053, 5],
    ['bob@contoso.example', 0, 1],
  ]),
).report;

const baseline: Baseline = {
  file: 'last.json',
  figures: { ...reportFigures(before), days: reportFigures(before).rows.day },
  generatedAt: '2026-11-09T06:00:00Z',
  period: { since: '2026-11-02T00:00:00Z', until: '2026-11-09T00:00:00Z', firstSignIn: null, lastSignIn: null },
  label: '2026-W45',
  incomplete: [],
  missing: [],
};
const view = buildView({ report: now, coverage: coverageFor([]), period: null, previous: null, baseline, rules: parseRules(['failures>3', 'new-codes']) });
const RENDER = await loadRenderers();

function render(format: TextFormat, by: 'code' | 'user' = 'user'): string {
  return textOf(RENDER[format](view, { color: false, by }));
}

describe('changeCell', () => {
  it.each([
    [{ now: 25, before: 10, change: 15, changePercent: 150, status: 'up' as const }, '▲ +15 (+150%)'],
    [{ now: 3, before: 6, change: -3, changePercent: -50, status: 'down' as const }, '▼ -3 (-50%)'],
    [{ now: 6, before: 0, change: 6, changePercent: null, status: 'new' as const }, '▲ +6 (new)'],
    [{ now: 0, before: 5, change: -5, changePercent: -100, status: 'gone' as const }, '▼ -5 (gone)'],
    [{ now: 3, before: 3, change: 0, changePercent: 0, status: 'same' as const }, '= 0'],
    [{ now: 1500, before: 250, change: 1250, changePercent: 500 }, '▲ +1,250 (+500%)'],
  ])('%o', (delta, text) => {
    expect(changeCell(delta)).toBe(text);
  });
});

describe('the scheduled parts of each format', () => {
  it('are absent from a view without a comparison or rules, and only add to it when present', () => {
    const plain = buildView({ report: now, coverage: coverageFor([]), period: null, previous: null, baseline: null, rules: [] });
    const bare = (format: TextFormat): string => textOf(RENDER[format](plain, { color: false, by: 'user' }));
    for (const format of TEXT_FORMATS) expect(bare(format)).not.toMatch(/Change by|Thresholds \(--fail-on\)|"comparison"|"thresholds"|failuresBefore/);
    expect(render('table').startsWith(bare('table').trimEnd())).toBe(true);
    expect(render('markdown').startsWith(bare('markdown').trimEnd())).toBe(true);
    const { comparison: _comparison, thresholds: _thresholds, ...rest } = JSON.parse(render('json')) as Record<string, unknown>;
    expect(rest).toEqual(JSON.parse(bare('json')));
    const fullLines = render('csv').split('\n');
    for (const [i, line] of bare('csv').trimEnd().split('\n').entries()) expect(fullLines[i]!.startsWith(`${line},`)).toBe(true);
  });

  it('table: a gone user from the baseline is shown on one line, without control characters', () => {
    const text = render('table');
    expect(text).toContain('Change by user');
    expect(text).toContain('▼ -5 (gone)');
    expect(text).not.toContain('"quoted"\n|');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these characters
    expect(text.split('\n').some((line) => line.includes('/C calc') && !/[\u0000-\u0008\u000b-\u001f]/.test(line))).toBe(true);
    expect(text).toContain('Thresholds (--fail-on) (1 of 2 crossed)');
    expect(text).toContain('no new codes');
  });

  it('markdown: the hostile name is escaped so it cannot open a cell, emphasis or HTML', () => {
    const text = render('markdown');
    const line = text.split('\n').find((candidate) => candidate.includes('/C calc'))!;
    expect(line).toContain('\\|');
    expect(line).toContain('\\*bold\\*');
    expect(line).toContain('\\<b\\>');
    // Four cells: name, now, before, change.
    expect(line.split(/(?<!\\)\|/).length - 2).toBe(4);
  });

  it('csv: every row keeps its comparison columns, the gone row is defused against formulas', () => {
    const records = parse(render('csv'), { columns: true }) as Record<string, string>[];
    const gone = records.find((record) => record['status'] === 'gone')!;
    expect(gone['user']!.startsWith("'=")).toBe(true);
    expect(gone).toMatchObject({ signIns: '0', failures: '0', failuresBefore: '5', failuresChange: '-5', failuresChangePercent: '-100' });
    expect(records.find((record) => record['user'] === 'alice@contoso.example')).toMatchObject({
      failures: '4',
      failuresBefore: '2',
      failuresChange: '2',
      failuresChangePercent: '100',
      status: 'up',
    });
    // bob failed neither time: not compared, so his comparison columns are empty but present.
    expect(records.find((record) => record['user'] === 'bob@contoso.example')).toMatchObject({ failuresBefore: '0', failuresChange: '0', status: '' });
  });

  it('csv: no cell of any row, of the report or gone, starts a formula, whatever blanks come first', () => {
    // Values a spreadsheet runs: a formula character after any run of spaces, tabs or line breaks.
    const formula = fc
      .tuple(fc.array(fc.constantFrom(' ', '\t', '\r', '\n', '\u00a0'), { maxLength: 3 }), fc.constantFrom('=', '+', '-', '@'), fc.string({ maxLength: 8 }))
      .map(([blanks, sign, rest]) => `${blanks.join('')}${sign}${rest}`);
    fc.assert(
      fc.property(formula, formula, formula, (gone, kept, app) => {
        const earlier = analyzeSignIns([
          makeSignIn({ userPrincipalName: gone, appName: app, errorCode: 50126 }),
          makeSignIn({ userPrincipalName: kept, appName: 'x', errorCode: 50126 }),
        ]).report;
        const later = analyzeSignIns([makeSignIn({ userPrincipalName: kept, appName: 'x', errorCode: 50126 })]).report;
        const compared = buildView({
          report: later,
          coverage: coverageFor([]),
          period: null,
          previous: null,
          baseline: { ...baseline, figures: reportFigures(earlier) },
          rules: [],
        });
        for (const by of ['user', 'app'] as const) {
          const cells = (parse(RENDER.csv(compared, { color: false, by })) as string[][]).flat();
          // Numbers (a change of -5) are data a spreadsheet reads as numbers; text is what must not run.
          for (const cell of cells.filter((text) => !/^-?\d+(\.\d+)?$/.test(text))) expect(cell).not.toMatch(/^\s*[=+\-@]/);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('csv --by code: the gone code is appended with zero counts', () => {
    const records = parse(render('csv', 'code'), { columns: true }) as Record<string, string>[];
    expect(records.map((record) => [record['code'], record['count'], record['status']])).toEqual([
      ['50126', '4', 'up'],
      ['50053', '0', 'gone'],
    ]);
  });

  it('json: comparison and thresholds are valid against the schema and keep the hostile name as data', () => {
    const json = expectValidJsonReport(render('json')) as {
      comparison: { byUser: { user: string; status: string }[]; gone: { users: string[] } };
      thresholds: { crossed: number };
    };
    expect(json.comparison.gone.users).toEqual([HOSTILE]);
    expect(json.comparison.byUser.find((row) => row.status === 'gone')!.user).toBe(HOSTILE);
    expect(json.thresholds.crossed).toBe(1);
  });
});

describe("the earlier period's days", () => {
  it('come with the comparison, from the previous period or the baseline, as they were counted there', () => {
    const fromBaseline = view.comparison!.earlierDays;
    expect(fromBaseline).toEqual(before.byEntity.day.map((row) => ({ day: row.key, failures: row.failures, interrupted: row.interrupted })));
    expect(fromBaseline.length).toBeGreaterThan(0);
    const previous = buildView({
      report: now,
      coverage: coverageFor([]),
      period: null,
      previous: { report: before, window: { since: new Date('2026-11-02T00:00:00Z'), until: new Date('2026-11-09T00:00:00Z') }, label: null },
      baseline: null,
      rules: [],
    });
    expect(previous.comparison!.earlierDays).toEqual(fromBaseline);
    const older = buildView({
      report: now,
      coverage: coverageFor([]),
      period: null,
      previous: null,
      baseline: { ...baseline, figures: { ...baseline.figures, days: undefined } },
      rules: [],
    });
    expect(older.comparison!.earlierDays).toEqual([]);
  });
});
