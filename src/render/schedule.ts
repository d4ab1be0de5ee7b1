// Owns how the comparison and the --fail-on results show in each format: extra sections for the table and
// Markdown (arrows and signs), `comparison` and `thresholds` in the JSON, extra columns in the CSV. It adds to
// the report renderers' output and draws its sections with their section renderers; it never re-sorts rows.

import type { DimensionId } from '../analyze/dimensions.js';
import type { Report } from '../analyze/types.js';
import { categoryInfo } from '../catalog/categories.js';
import { csvCell } from '../catalog/render.js';
import { CATEGORIES, type Category } from '../catalog/types.js';
import { csvColumns } from './csv.js';
import { formatCount, formatInstant, neutralize } from './format.js';
import type { Format } from './index.js';
import { JSON_SECTIONS, jsonRows, toJsonReport } from './json.js';
import { renderSection as markdownSection } from './markdown.js';
import type { Section } from './sections.js';
import { renderSection as tableSection } from './table.js';
import { COMPARED_DIMENSIONS, COMPARED_METRIC, type ComparedDimension, type Delta, type DeltaRow } from '../view/compare.js';
import type { Comparison, ScheduleOutcome } from '../view/schedule.js';
import type { ResolvedPeriod } from '../config/period.js';
import type { ThresholdOutcome } from '../view/thresholds.js';

export interface ScheduleView {
  readonly period: ResolvedPeriod | null;
  readonly outcome: ScheduleOutcome;
  /** Rows per comparison list (0 = all), as for the report's lists. */
  readonly top: number;
  /** Whether any --fail-on rule was given (an empty thresholds section still says "none crossed"). */
  readonly rules: boolean;
}

/** The report text with the scheduled-summary parts added, in the report's format. */
export function addScheduleParts(format: Format, text: string, report: Report, view: ScheduleView, options: { color: boolean; by: DimensionId }): string {
  switch (format) {
    case 'json':
      return scheduleJson(report, view);
    case 'csv':
      return view.outcome.comparison === null ? text : csvWithComparison(text, report, view.outcome.comparison, options.by, view.top);
    case 'table': {
      const sections = scheduleSections(view);
      if (sections.length === 0) return text;
      const bold = (value: string): string => (options.color ? `\u001b[1m${value}\u001b[22m` : value);
      return `${text}\n${sections.map((section) => tableSection(section, options.color, bold)).join('\n\n')}\n`;
    }
    case 'markdown': {
      const sections = scheduleSections(view);
      if (sections.length === 0) return text;
      return `${text}\n${sections.map(markdownSection).join('\n\n')}\n`;
    }
  }
}

// ---- table and Markdown ----

/** Title, key column header, and what is counted (users and apps: failures only, as --fail-on user: reads them). */
const DIMENSION_TITLE = {
  code: ['Change by error code', 'Code', 'failures and interruptions'],
  category: ['Change by category', 'Category', 'failures and interruptions'],
  user: ['Change by user', 'User', 'failures'],
  app: ['Change by application', 'Application', 'failures'],
} as const satisfies Record<ComparedDimension, readonly [string, string, string]>;

export function scheduleSections(view: ScheduleView): Section[] {
  const sections: Section[] = [];
  const comparison = view.outcome.comparison;
  if (comparison !== null) {
    sections.push(totalsSection(comparison, view.period));
    for (const dimension of ['category', 'code', 'user', 'app'] as const) sections.push(dimensionSection(comparison, dimension, view.top));
  }
  if (view.rules) sections.push(thresholdSection(view.outcome.thresholds));
  return sections;
}

export function comparisonTitle(comparison: Comparison, period: ResolvedPeriod | null): string {
  const now = period === null ? 'This report' : period.label;
  return `${now} compared with ${describeSource(comparison)}`;
}

function describeSource(comparison: Comparison): string {
  const { against } = comparison;
  const span = against.since !== null && against.until !== null ? `${formatInstant(against.since)} to ${formatInstant(against.until)}` : null;
  if (against.source === 'baseline') {
    const name = against.label ?? span ?? 'the baseline';
    return `${name} (baseline ${against.file})`;
  }
  return against.label === null ? `the period before (${span})` : `the period before, ${against.label}`;
}

function totalsSection(comparison: Comparison, period: ResolvedPeriod | null): Section {
  const { totals } = comparison;
  const row = (measure: string, delta: Delta): string[] => [measure, formatCount(delta.now), formatCount(delta.before), changeCell(delta)];
  return {
    id: 'changes',
    title: 'Change in totals',
    note: comparisonTitle(comparison, period),
    columns: [
      { header: 'Measure', align: 'left', max: 20 },
      { header: 'Now', align: 'right', max: 14 },
      { header: 'Before', align: 'right', max: 14 },
      { header: 'Change', align: 'right', max: 28 },
    ],
    rows: [
      row('Sign-ins', totals.signIns),
      row('Failures', totals.failures),
      row('Interrupted', totals.interrupted),
      ['Failure rate', `${totals.failureRate.now}%`, `${totals.failureRate.before}%`, pointsCell(totals.failureRate.change)],
    ],
    empty: '',
  };
}

function dimensionSection(comparison: Comparison, dimension: ComparedDimension, top: number): Section {
  const all = comparison.rows[dimension];
  const rows = top === 0 ? all : all.slice(0, top);
  const counts = comparison.counts[dimension];
  const [title, keyHeader, counted] = DIMENSION_TITLE[dimension];
  const tally = `${counted}: ${counts.new} new, ${counts.gone} gone, ${counts.up} up, ${counts.down} down, ${counts.same} unchanged`;
  return {
    id: 'changes',
    title,
    note: rows.length < all.length ? `${tally}; top ${formatCount(rows.length)} of ${formatCount(all.length)} by size of change` : tally,
    columns: [
      { header: keyHeader, align: dimension === 'code' ? 'right' : 'left', max: 48 },
      { header: 'Now', align: 'right', max: 14 },
      { header: 'Before', align: 'right', max: 14 },
      { header: 'Change', align: 'right', max: 28 },
    ],
    rows: rows.map((row) => [dimension === 'category' ? categoryTitle(row.key) : row.key, formatCount(row.now), formatCount(row.before), changeCell(row)]),
    empty: 'Nothing counted either time.',
  };
}

function thresholdSection(outcomes: readonly ThresholdOutcome[]): Section {
  const crossed = outcomes.filter((outcome) => outcome.crossed).length;
  return {
    id: 'thresholds',
    title: 'Thresholds (--fail-on)',
    note: crossed === 0 ? 'none crossed' : `${crossed} of ${outcomes.length} crossed`,
    columns: [
      { header: 'Rule', align: 'left', max: 32 },
      { header: 'Result', align: 'left', max: 8 },
      { header: 'Measured', align: 'left', max: 80, wrap: true },
    ],
    rows: outcomes.map((outcome) => [outcome.rule, outcome.crossed ? 'CROSSED' : 'ok', outcome.message]),
    empty: 'No rules given.',
  };
}

/** A category as the report's own tables show it; an id this catalog does not know (from a baseline) as it is. */
function categoryTitle(id: string): string {
  return (CATEGORIES as readonly string[]).includes(id) ? categoryInfo(id as Category).title : id;
}

/** `▲ +15 (+150%)`, `▼ -3 (-50%)`, `▲ +2 (new)`, `▼ -4 (gone)`, `= 0`. */
export function changeCell(delta: Delta & { readonly status?: DeltaRow['status'] }): string {
  if (delta.change === 0) return '= 0';
  const arrow = delta.change > 0 ? '▲' : '▼';
  const amount = `${delta.change > 0 ? '+' : '-'}${formatCount(Math.abs(delta.change))}`;
  const relative = delta.status === 'new' || delta.before === 0 ? 'new' : delta.status === 'gone' ? 'gone' : `${signed(delta.changePercent ?? 0)}%`;
  return `${arrow} ${amount} (${relative})`;
}

function pointsCell(change: number): string {
  if (change === 0) return '= 0 pts';
  return `${change > 0 ? '▲' : '▼'} ${signed(change)} pts`;
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : String(value);
}

// ---- JSON ----

export interface JsonDeltaRow {
  [key: string]: string | number | null;
}

export interface JsonComparison {
  against: { source: string; file: string | null; label: string | null; since: string | null; until: string | null; generatedAt: string | null };
  totals: { signIns: Delta; failures: Delta; interrupted: Delta; failureRate: Delta };
  byCode: JsonDeltaRow[];
  byCategory: JsonDeltaRow[];
  byUser: JsonDeltaRow[];
  byApp: JsonDeltaRow[];
  /** Every new and gone key per dimension, never cut by --top. */
  new: { codes: number[]; categories: string[]; users: string[]; apps: string[] };
  gone: { codes: number[]; categories: string[]; users: string[]; apps: string[] };
  /** Rows per list before --top cut them. */
  totalRows: { byCode: number; byCategory: number; byUser: number; byApp: number };
}

export function scheduleJson(report: Report, view: ScheduleView): string {
  const json: Record<string, unknown> = { ...toJsonReport(report) };
  if (view.period !== null) json['period'] = { ...(json['period'] as object), label: view.period.label, timeZone: view.period.timeZone };
  const comparison = view.outcome.comparison;
  if (comparison !== null) json['comparison'] = comparisonJson(comparison, view.top);
  if (view.rules) json['thresholds'] = thresholdsJson(view.outcome.thresholds);
  return `${JSON.stringify(json, null, 2)}\n`;
}

export function comparisonJson(comparison: Comparison, top: number): JsonComparison {
  const cut = (rows: readonly DeltaRow[]): readonly DeltaRow[] => (top === 0 ? rows : rows.slice(0, top));
  const keys = (dimension: ComparedDimension, status: 'new' | 'gone'): string[] => comparison.rows[dimension].filter((row) => row.status === status).map((row) => row.key);
  const { against } = comparison;
  return {
    against: {
      source: against.source,
      file: against.file,
      label: against.label,
      since: iso(against.since),
      until: iso(against.until),
      generatedAt: against.generatedAt,
    },
    totals: { ...comparison.totals },
    byCode: cut(comparison.rows.code).map((row) => deltaJson('code', row)),
    byCategory: cut(comparison.rows.category).map((row) => deltaJson('category', row)),
    byUser: cut(comparison.rows.user).map((row) => deltaJson('user', row)),
    byApp: cut(comparison.rows.app).map((row) => deltaJson('app', row)),
    new: { codes: keys('code', 'new').map(Number), categories: keys('category', 'new'), users: keys('user', 'new'), apps: keys('app', 'new') },
    gone: { codes: keys('code', 'gone').map(Number), categories: keys('category', 'gone'), users: keys('user', 'gone'), apps: keys('app', 'gone') },
    totalRows: {
      byCode: comparison.rows.code.length,
      byCategory: comparison.rows.category.length,
      byUser: comparison.rows.user.length,
      byApp: comparison.rows.app.length,
    },
  };
}

function deltaJson(dimension: ComparedDimension, row: DeltaRow): JsonDeltaRow {
  return {
    [JSON_SECTIONS[dimension].field]: dimension === 'code' ? Number(row.key) : row.key,
    metric: COMPARED_METRIC[dimension],
    now: row.now,
    before: row.before,
    change: row.change,
    changePercent: row.changePercent,
    status: row.status,
  };
}

export function thresholdsJson(outcomes: readonly ThresholdOutcome[]): { crossed: number; rules: ThresholdOutcome[] } {
  return {
    crossed: outcomes.filter((outcome) => outcome.crossed).length,
    rules: outcomes.map((outcome) => ({ ...outcome, offenders: outcome.offenders.map((offender) => ({ ...offender })) })),
  };
}

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString().replace('.000Z', 'Z');
}

// ---- CSV ----

/** Columns a gone row fills with 0: it had none of these now. Text columns stay empty. */
const COUNT_COLUMNS = new Set(['count', 'users', 'apps', 'codes', 'failures', 'interrupted', 'signIns', 'failureRate']);

/** The comparison columns appended to a CSV of codes, categories, users or apps (`countBefore`, ...). */
export function comparisonColumns(dimension: ComparedDimension): string[] {
  const metric = COMPARED_METRIC[dimension];
  return [`${metric}Before`, `${metric}Change`, `${metric}ChangePercent`, 'status'];
}

/**
 * Appends the comparison columns to each row of the report's CSV, then one row per entry that is gone (none now,
 * so not in the report). Other dimensions (--by country, ...) are compared in no format, so their CSV is unchanged.
 */
export function csvWithComparison(text: string, report: Report, comparison: Comparison, by: DimensionId, top: number): string {
  if (!(COMPARED_DIMENSIONS as readonly string[]).includes(by)) return text;
  const dimension = by as ComparedDimension;
  const lines = text.replace(/\n$/, '').split('\n');
  const rows = jsonRows(report, dimension) as unknown as Record<string, unknown>[];
  // Each CSV line is one row: cells are neutralised, so no value spans lines.
  if (lines.length !== rows.length + 1) throw new Error(`CSV has ${lines.length - 1} lines for ${rows.length} rows`);
  const field = JSON_SECTIONS[dimension].field;
  const deltas = new Map(comparison.rows[dimension].map((row) => [row.key, row]));
  const extra = (row: DeltaRow | undefined): string => {
    if (row === undefined) return ',0,0,,';
    return `,${row.before},${row.change},${row.changePercent ?? ''},${row.status}`;
  };
  const out = [lines[0] + ',' + comparisonColumns(dimension).join(',')];
  rows.forEach((row, i) => {
    out.push(lines[i + 1]! + extra(deltas.get(String(row[field]))));
  });
  const columns = csvColumns(dimension);
  const shown = new Set(rows.map((row) => String(row[field])));
  const gone = comparison.rows[dimension].filter((row) => row.status === 'gone' && !shown.has(row.key));
  for (const row of top === 0 ? gone : gone.slice(0, top)) {
    const cells = columns.map((column) => (column === field ? csvCell(neutralize(row.key)) : COUNT_COLUMNS.has(column) ? '0' : ''));
    out.push(cells.join(',') + extra(row));
  }
  return `${out.join('\n')}\n`;
}
