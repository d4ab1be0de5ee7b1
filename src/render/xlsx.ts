// Owns the Excel format: the view as one workbook with a sheet per section (Summary, Act now, Coverage, every
// dimension, and MFA methods, Comparison and Thresholds when the view has them), each a table with a frozen header row, an
// autofilter, column widths from its content, counts as numbers, rates as percentages and data bars on counts.
// Every value from the log is written as a text cell, never a formula: a cell holding `=HYPERLINK(...)` is text.
// exceljs writes the workbook; it is loaded only when this format is asked for.

import type { Cell, DataBarRuleType, Workbook, Worksheet } from 'exceljs';
import { DIMENSIONS, dimensionOf, type EntityDimensionId } from '../analyze/dimensions.js';
import type { CategoryRow, CodeRow, EntityRow, MfaMethods } from '../analyze/types.js';
import { neutralize } from '../text.js';
import { TYPE_WORDS, type Coverage } from '../view/coverage.js';
import type { Comparison, Finding, ReportView, Thresholds } from '../view/index.js';
import { ACTOR_LABEL, formatEvidence } from './format.js';
import type { RenderOptions } from './index.js';

/** What a cell holds: text (always a text cell), a count, a 0..1 rate, an instant (UTC), a yes/no, or nothing. */
type Value =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'count'; readonly value: number }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'rate'; readonly value: number }
  | { readonly kind: 'time'; readonly value: Date }
  | { readonly kind: 'flag'; readonly value: boolean }
  | { readonly kind: 'empty' };

const text = (value: string): Value => ({ kind: 'text', text: value });
const count = (value: number): Value => ({ kind: 'count', value });
const number = (value: number | null): Value => (value === null ? EMPTY : { kind: 'number', value });
const rate = (value: number | null): Value => (value === null ? EMPTY : { kind: 'rate', value });
const time = (value: Date | null): Value => (value === null ? EMPTY : { kind: 'time', value });
const flag = (value: boolean): Value => ({ kind: 'flag', value });
const EMPTY: Value = { kind: 'empty' };

/** One sheet: a header row and its rows (or, when there are none, one line saying so). */
interface SheetTable {
  readonly name: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly Value[])[];
  readonly empty: string;
}

/** Excel's own limits: text per cell, and rows per sheet (the header takes one). */
const MAX_CELL_TEXT = 32_767;
const MAX_ROWS = 1_048_575;
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;
const DATA_BAR_COLOR = 'FF5B9BD5';

export async function renderXlsx(view: ReportView, _options: RenderOptions): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook: Workbook = new ExcelJS.Workbook();
  workbook.creator = view.report.tool.name;
  // The report's own time, so the same inputs give the same workbook properties.
  workbook.created = view.report.generatedAt;
  workbook.modified = view.report.generatedAt;
  for (const table of workbookTables(view)) addSheet(workbook, table);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Every sheet of the view's workbook, in order: what the workbook shows, as data (the tests read it too). */
function workbookTables(view: ReportView): SheetTable[] {
  const report = view.report;
  const entities = DIMENSIONS.filter((dimension) => dimension.kind === 'entity').map((dimension) => entityTable(view, dimension.id as EntityDimensionId));
  return [
    summaryTable(view),
    findingsTable(view.findings ?? []),
    coverageTable(view.coverage),
    categoriesTable(report.byCategory),
    codesTable(report.byCode),
    ...entities,
    ...(report.mfaMethods === undefined ? [] : [mfaMethodsTable(report.mfaMethods)]),
    ...(view.comparison === null ? [] : [comparisonTable(view.comparison)]),
    ...(view.thresholds === null ? [] : [thresholdsTable(view.thresholds)]),
  ];
}

function summaryTable(view: ReportView): SheetTable {
  const { totals, accounting, period, legacyProtocols, tool } = view.report;
  const rows: Value[][] = [
    [text('Sign-ins'), count(totals.signIns)],
    [text('Failures'), count(totals.failure)],
    [text('Failure rate'), rate(totals.signIns === 0 ? 0 : totals.failure / totals.signIns)],
    [text('Interrupted'), count(totals.interrupted)],
    [text('Successful'), count(totals.success)],
    [text('Users'), count(totals.users)],
    [text('Applications'), count(totals.apps)],
    [text('Legacy protocol sign-ins'), count(legacyProtocols.signIns)],
    [text('Legacy protocol failures'), count(legacyProtocols.failures)],
    [text('First sign-in (UTC)'), time(period.firstSignIn)],
    [text('Last sign-in (UTC)'), time(period.lastSignIn)],
    [text('Time filter from (UTC)'), time(period.since)],
    [text('Time filter until (UTC)'), time(period.until)],
    ...(view.period === null ? [] : [[text('Period'), text(view.period.label)]]),
    [text('Rows read'), count(accounting.rowsRead)],
    [text('Rejected rows'), count(accounting.rejected)],
    [text('Duplicates'), count(accounting.duplicates)],
    [text('Outside the time filter'), count(accounting.outsideWindow)],
    [text('Filtered out'), count(accounting.filteredOut)],
    [text('Inputs'), count(view.report.inputs.length)],
    [text('Warnings'), count(view.report.warnings.length)],
    [text('Generated (UTC)'), time(view.report.generatedAt)],
    [text('Tool'), text(`${tool.name} ${tool.version}`)],
    [text('Catalog'), text(tool.catalogVersion)],
  ];
  return { name: 'Summary', headers: ['Measure', 'Value'], rows, empty: '' };
}

function findingsTable(findings: readonly Finding[]): SheetTable {
  return {
    name: 'Act now',
    headers: [
      'Severity',
      'Kind',
      'Title',
      'IP address',
      'User',
      'Application',
      'First (UTC)',
      'Last (UTC)',
      'Attempts',
      'Users',
      'IP addresses',
      'Applications',
      'Successes',
      'Why',
      'What to do',
      'Evidence',
    ],
    rows: findings.map((finding) => [
      text(finding.severity),
      text(finding.kind),
      text(finding.title),
      text(finding.entity.ip ?? ''),
      text(finding.entity.user ?? ''),
      text(finding.entity.app ?? ''),
      time(finding.first),
      time(finding.last),
      count(finding.counts.attempts),
      count(finding.counts.users),
      count(finding.counts.ips),
      count(finding.counts.apps),
      count(finding.counts.successes),
      text(finding.why),
      text(finding.action),
      text(finding.evidence.map(formatEvidence).join('; ')),
    ]),
    empty: 'No findings',
  };
}

function coverageTable(coverage: Coverage): SheetTable {
  const rows: Value[][] = coverage.inputs.map((input) => [
    text('input'),
    text(input.path),
    text(input.format),
    text(input.types.join(', ')),
    time(input.firstSignIn),
    time(input.lastSignIn),
    count(input.rows),
    count(input.duplicates),
    text(
      input.cap !== null
        ? `exactly ${input.cap.rows} rows, probably cut off: ${input.cap.origin}`
        : input.mfaSteps !== undefined
          ? `authentication steps, ${input.mfaSteps} of them MFA steps`
          : '',
    ),
  ]);
  for (const missing of coverage.typesMissing) {
    rows.push([
      text('missing sign-in type'),
      text(''),
      text(''),
      text(missing.type),
      EMPTY,
      EMPTY,
      EMPTY,
      EMPTY,
      text(`${missing.warned ? 'warned: ' : ''}${missing.why}`),
    ]);
  }
  for (const day of coverage.missingDays) {
    rows.push([text('day without sign-ins'), text(''), text(''), text(''), time(new Date(`${day}T00:00:00Z`)), EMPTY, EMPTY, EMPTY, text('')]);
  }
  for (const overlap of coverage.overlaps) {
    rows.push([
      text('overlap'),
      text(overlap.inputs[1]),
      text(''),
      text(''),
      time(overlap.from),
      time(overlap.until),
      EMPTY,
      count(overlap.duplicates),
      text(`overlaps ${overlap.inputs[0]}${coverage.duplicatesKept ? '; shared sign-ins counted twice (--keep-duplicates)' : ''}`),
    ]);
  }
  for (const early of coverage.endsEarly) {
    rows.push([
      text('ends before the period'),
      text(early.path),
      text(''),
      text(''),
      EMPTY,
      time(early.lastSignIn),
      EMPTY,
      EMPTY,
      text(`the period ends ${early.until.toISOString()}`),
    ]);
  }
  if (coverage.typesPresent.length > 0 && coverage.typesMissing.length === 0) {
    rows.push([
      text('sign-in types'),
      text(''),
      text(''),
      text(coverage.typesPresent.map((type) => TYPE_WORDS[type]).join(', ')),
      EMPTY,
      EMPTY,
      EMPTY,
      EMPTY,
      text('every log is there'),
    ]);
  }
  return {
    name: 'Coverage',
    headers: ['What', 'Input', 'Format', 'Sign-in types', 'First (UTC)', 'Last (UTC)', 'Rows', 'Duplicates', 'Note'],
    rows,
    empty: 'No inputs',
  };
}

function categoriesTable(rows: readonly CategoryRow[]): SheetTable {
  return {
    name: 'Categories',
    headers: ['Category', 'Title', 'Who acts', 'Count', 'Failures', 'Interrupted', 'Users', 'Codes', 'What to do', 'Top codes'],
    rows: rows.map((row) => [
      text(row.category),
      text(row.title),
      text(ACTOR_LABEL[row.actor]),
      count(row.count),
      count(row.failures),
      count(row.interrupted),
      count(row.users),
      count(row.codes),
      text(row.guidance),
      text(topCodes(row.topCodes)),
    ]),
    empty: 'No failures or interruptions',
  };
}

function mfaMethodsTable(methods: MfaMethods): SheetTable {
  return {
    name: 'MFA methods',
    headers: ['Method', 'Steps', 'Succeeded', 'Failed', 'Most frequent failure'],
    rows: methods.rows.map((row) => [text(row.method), count(row.steps), count(row.succeeded), count(row.failed), text(row.topFailure)]),
    empty: 'No sign-in of this report has an MFA step in the authentication details',
  };
}

function codesTable(rows: readonly CodeRow[]): SheetTable {
  return {
    name: 'Codes',
    headers: [
      'Code',
      'Name',
      'Outcome',
      'Category',
      'Catalogued',
      'Count',
      'Failures',
      'Interrupted',
      'Users',
      'Apps',
      'Description',
      'Remediation',
      'Failure reason',
    ],
    rows: rows.map((row) => [
      number(row.code),
      text(row.name),
      text(row.outcome),
      text(row.category),
      flag(row.catalogued),
      count(row.count),
      count(row.failures),
      count(row.interrupted),
      count(row.users),
      count(row.apps),
      text(row.description),
      text(row.remediation),
      text(row.failureReason),
    ]),
    empty: 'No failures or interruptions',
  };
}

function entityTable(view: ReportView, id: EntityDimensionId): SheetTable {
  const dimension = dimensionOf(id);
  const named = dimension.name !== undefined;
  const withUsers = dimension.distinct.includes('user');
  const legacy = dimension.legacy === true;
  return {
    name: dimension.title,
    headers: [
      dimension.heading,
      ...(named ? ['Name'] : []),
      'Sign-ins',
      'Failures',
      'Interrupted',
      'Failure rate',
      ...(withUsers ? ['Users'] : []),
      'Top codes',
      ...(legacy ? ['Legacy'] : []),
    ],
    rows: view.report.byEntity[id].map((row: EntityRow) => [
      text(row.key),
      ...(named ? [text(row.name ?? '')] : []),
      count(row.signIns),
      count(row.failures),
      count(row.interrupted),
      rate(row.failureRate),
      ...(withUsers ? [count(row.users)] : []),
      text(topCodes(row.topCodes)),
      ...(legacy ? [flag(row.legacy === true)] : []),
    ]),
    empty: 'No sign-ins',
  };
}

function comparisonTable(comparison: Comparison): SheetTable {
  const { totals } = comparison;
  const percent = (value: number | null): number | null => (value === null ? null : value / 100);
  const total = (key: string, delta: { now: number; before: number; change: number; changePercent: number | null }): Value[] => [
    text('Totals'),
    text(key),
    text('count'),
    count(delta.now),
    count(delta.before),
    number(delta.change),
    rate(percent(delta.changePercent)),
    text(''),
  ];
  const rows: Value[][] = [
    total('Sign-ins', totals.signIns),
    total('Failures', totals.failures),
    total('Interrupted', totals.interrupted),
    // The failure rate's now and before are percentages, its change in percentage points.
    [
      text('Totals'),
      text('Failure rate'),
      text('rate'),
      rate(percent(totals.failureRate.now)),
      rate(percent(totals.failureRate.before)),
      rate(percent(totals.failureRate.change)),
      EMPTY,
      text(''),
    ],
  ];
  for (const [id, entry] of Object.entries(comparison.dimensions)) {
    const dimension = dimensionOf(id as keyof typeof comparison.dimensions);
    for (const row of entry.rows) {
      rows.push([
        text(dimension.title),
        text(row.key),
        text(dimension.compare ?? 'count'),
        count(row.now),
        count(row.before),
        number(row.change),
        rate(percent(row.changePercent)),
        text(row.status),
      ]);
    }
  }
  return { name: 'Comparison', headers: ['Section', 'Key', 'Compared', 'Now', 'Before', 'Change', 'Change %', 'Status'], rows, empty: '' };
}

function thresholdsTable(thresholds: Thresholds): SheetTable {
  return {
    name: 'Thresholds',
    headers: ['Rule', 'Kind', 'Crossed', 'Measured', 'Limit', 'Unit', 'Message', 'Offenders'],
    rows: thresholds.outcomes.map((outcome) => [
      text(outcome.rule),
      text(outcome.kind),
      flag(outcome.crossed),
      number(outcome.actual),
      number(outcome.limit),
      text(outcome.unit),
      text(outcome.message),
      text(outcome.offenders.map((offender) => `${offender.key}: ${offender.value}`).join('; ')),
    ]),
    empty: 'No rules given',
  };
}

function topCodes(codes: readonly { code: number; count: number }[]): string {
  return codes.map(({ code, count: times }) => `${code}:${times}`).join(' ');
}

/** Text Excel takes as it is: no control characters, nothing XML forbids, not longer than a cell holds. */
export function cellText(value: string): string {
  const clean = neutralize(value).replace(/[\uFFFE\uFFFF]/g, '\uFFFD');
  return clean.length <= MAX_CELL_TEXT ? clean : `${clean.slice(0, MAX_CELL_TEXT - 1)}…`;
}

/**
 * Excel reads `_x0041_` in a cell's text as the character it names, and exceljs writes text as it is: a log value
 * holding one would show as another text, or smuggle a control character past cellText. `_x005F_` is the
 * underscore itself, so `_x0041_` is written `_x005F_x0041_` and read back as it was.
 */
function literalUnderscores(text: string): string {
  return text.replace(/_x(?=[0-9A-Fa-f]{4}_)/g, '_x005F_x');
}

function addSheet(workbook: Workbook, table: SheetTable): void {
  const sheet = workbook.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  const header = sheet.addRow(table.headers.map(cellText));
  header.font = { bold: true };
  const rows = table.rows.slice(0, MAX_ROWS);
  if (rows.length === 0) {
    sheet.addRow([cellText(table.empty)]);
  } else {
    for (const values of rows) {
      const row = sheet.addRow([]);
      values.forEach((value, i) => {
        writeCell(row.getCell(i + 1), value);
      });
    }
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: table.headers.length } };
  sizeColumns(sheet, table);
  addDataBars(sheet, table, rows.length);
}

function writeCell(cell: Cell, value: Value): void {
  switch (value.kind) {
    case 'text':
      // A string value is a text cell: exceljs writes a formula only for a { formula } value, never for text.
      cell.value = literalUnderscores(cellText(value.text));
      return;
    case 'count':
      cell.value = value.value;
      cell.numFmt = '#,##0';
      return;
    case 'number':
      cell.value = value.value;
      return;
    case 'rate':
      cell.value = value.value;
      cell.numFmt = '0.0%';
      return;
    case 'time':
      cell.value = value.value;
      cell.numFmt = 'yyyy-mm-dd hh:mm:ss';
      return;
    case 'flag':
      cell.value = value.value;
      return;
    case 'empty':
      return;
  }
}

/** Each column as wide as its longest cell, within bounds. */
function sizeColumns(sheet: Worksheet, table: SheetTable): void {
  table.headers.forEach((heading, i) => {
    let widest = heading.length + 2;
    for (const row of table.rows.slice(0, 1000)) widest = Math.max(widest, displayLength(row[i]));
    sheet.getColumn(i + 1).width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 1));
  });
}

function displayLength(value: Value | undefined): number {
  if (value === undefined) return 0;
  switch (value.kind) {
    case 'text':
      return Math.min(value.text.length, MAX_WIDTH);
    case 'count':
    case 'number':
      return String(value.value).length + 2;
    case 'rate':
      return 7;
    case 'time':
      return 19;
    case 'flag':
      return 5;
    case 'empty':
      return 0;
  }
}

/** Data bars on the count columns, so the biggest rows stand out without sorting. */
function addDataBars(sheet: Worksheet, table: SheetTable, rows: number): void {
  if (rows < 2 || table.name === 'Summary') return;
  const first = table.rows[0] ?? [];
  first.forEach((value, i) => {
    if (value.kind !== 'count') return;
    const column = sheet.getColumn(i + 1).letter;
    sheet.addConditionalFormatting({
      ref: `${column}2:${column}${rows + 1}`,
      rules: [
        {
          type: 'dataBar',
          priority: 1,
          gradient: false,
          cfvo: [{ type: 'min' }, { type: 'max' }],
          color: { argb: DATA_BAR_COLOR },
        } as DataBarRuleType,
      ],
    });
  });
}
