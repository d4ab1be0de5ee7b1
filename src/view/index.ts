// Owns the report view: the one model every renderer draws, made of the analysis's report plus what joins it (what
// the inputs cover, the findings, and for a scheduled summary the period, the comparison with an earlier period
// and the --fail-on results), and limitView, the one place lists are cut to --top. Renderers read a view; they
// never sort, cut or compute.

import { COMPARED_DIMENSIONS, DIMENSIONS, type ComparedDimension, type DimensionId } from '../analyze/dimensions.js';
import { limitReport, type Report, type Tally } from '../analyze/index.js';
import type { TimeWindow } from '../analyze/windows.js';
import type { Finding } from '../analyze/findings/index.js';
import { warning, type Warning } from '../diagnostics.js';
import { isoInstant } from '../time.js';
import type { Baseline } from './baseline.js';
import type { Coverage } from './coverage.js';
import type { PrivacyInfo } from './privacy.js';

export type { Finding } from '../analyze/findings/index.js';
import {
  compareFigures,
  type ComparisonBody,
  type ComparisonCounts,
  type DeltaRow,
  type FigureRow,
  type ReportFigures,
  type TotalsComparison,
} from './compare.js';
import { evaluateRules, needsComparison, type ThresholdOutcome, type ThresholdRule } from './thresholds.js';

/** The --period a report covers. */
export interface PeriodInfo {
  /** `2026-W46`, `2026-11-09..2026-11-15`, `2026-10`, ... */
  readonly label: string;
  readonly timeZone: string;
}

/** What the comparison compared with. */
interface ComparisonSource {
  readonly source: 'baseline' | 'previous-period';
  /** The baseline file as given, or null. */
  readonly file: string | null;
  /** The earlier period's label when known (`2026-W45`), else null. */
  readonly label: string | null;
  readonly since: Date | null;
  readonly until: Date | null;
  /** When the baseline report was made; null for the previous period. */
  readonly generatedAt: string | null;
}

/** The comparison of one dimension. */
interface DimensionComparison {
  /** Largest movement first; cut to --top by limitView. */
  readonly rows: readonly DeltaRow[];
  /** Rows before the cut. */
  readonly total: number;
  readonly counts: ComparisonCounts;
  /** Every key that is new, and every key that is gone, in row order: never cut. */
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** The gone rows, for formats that list them beside the report's rows; cut to --top by limitView. */
  readonly goneRows: readonly DeltaRow[];
  /** Every row by its key, for formats that show the change beside each of the report's rows: never cut. */
  readonly byKey: ReadonlyMap<string, DeltaRow>;
}

/** One day's failures and interrupts, as the charts of the earlier period show them. */
interface DayFigures {
  /** `2026-11-09` */
  readonly day: string;
  readonly failures: number;
  readonly interrupted: number;
}

export interface Comparison {
  readonly against: ComparisonSource;
  readonly totals: TotalsComparison;
  /** Every compared dimension the earlier report also has (a report of an older version may lack a newer one). */
  readonly dimensions: Readonly<Partial<Record<ComparedDimension, DimensionComparison>>>;
  /** The earlier period's days, oldest first, to show beside this period's; empty when a baseline has none. */
  readonly earlierDays: readonly DayFigures[];
}

export interface Thresholds {
  readonly crossed: number;
  readonly outcomes: readonly ThresholdOutcome[];
}

export interface ReportView {
  readonly report: Report;
  /** What the inputs cover and where they fall short. */
  readonly coverage: Coverage;
  readonly period: PeriodInfo | null;
  readonly comparison: Comparison | null;
  /** Null when no --fail-on rule was given. */
  readonly thresholds: Thresholds | null;
  /** The --top the lists were cut to (0 = all). */
  readonly top: number;
  /** The detections' findings, most urgent first (cut by --top); absent when no detection ran. */
  readonly findings?: readonly Finding[];
  /** How many findings there were before --top cut them. */
  readonly findingsTotal?: number;
  /** What was pseudonymised or redacted (--pseudonymize, --redact); null when nothing was. */
  readonly privacy: PrivacyInfo | null;
}

export interface ViewParts {
  readonly report: Report;
  readonly coverage: Coverage;
  readonly period: PeriodInfo | null;
  /** The report of the window before (--compare previous-period) with that window, or null. */
  readonly previous: { readonly report: Report; readonly window: TimeWindow; readonly label: string | null } | null;
  readonly baseline: Baseline | null;
  readonly rules: readonly ThresholdRule[];
  /** What the report's values went through (view/privacy.ts); none when absent. */
  readonly privacy?: PrivacyInfo | null;
  /** The detections' findings, most urgent first; absent when the detections did not run. */
  readonly findings?: readonly Finding[];
}

/** The whole view, every list complete; judge the --fail-on rules on it before cutting it with limitView. */
export function buildView(parts: ViewParts): ReportView {
  const figures = reportFigures(parts.report);
  let compared: { readonly against: ComparisonSource; readonly body: ComparisonBody; readonly days: readonly DayFigures[] } | null = null;
  if (parts.baseline !== null) {
    const baseline = parts.baseline;
    const against: ComparisonSource = {
      source: 'baseline',
      file: baseline.file,
      label: baseline.label,
      since: dateOrNull(baseline.period.since),
      until: dateOrNull(baseline.period.until),
      generatedAt: baseline.generatedAt,
    };
    compared = { against, body: compareFigures(figures, baseline.figures), days: (baseline.figures.days ?? []).map(dayFigures) };
  } else if (parts.previous !== null) {
    const { window, label } = parts.previous;
    const against: ComparisonSource = { source: 'previous-period', file: null, label, since: window.since, until: window.until, generatedAt: null };
    const before = reportFigures(parts.previous.report);
    compared = { against, body: compareFigures(figures, before), days: before.rows.day.map(dayFigures) };
  }
  const outcomes = evaluateRules(parts.rules, figures, compared?.body ?? null, parts.findings ?? []);
  return {
    report: parts.report,
    coverage: parts.coverage,
    period: parts.period,
    comparison: compared === null ? null : comparisonOf(compared.against, compared.body, compared.days),
    thresholds: parts.rules.length === 0 ? null : { crossed: outcomes.filter((outcome) => outcome.crossed).length, outcomes },
    top: 0,
    ...(parts.findings === undefined ? {} : { findings: parts.findings, findingsTotal: parts.findings.length }),
    privacy: parts.privacy ?? null,
  };
}

/** Keeps the first `top` rows of every count-ordered list (0 = all); chronological lists and key lists stay whole. */
export function limitView(view: ReportView, top: number): ReportView {
  if (top === 0) return view;
  const cut = <T>(rows: readonly T[]): readonly T[] => rows.slice(0, top);
  const comparison =
    view.comparison === null
      ? null
      : {
          ...view.comparison,
          dimensions: Object.fromEntries(
            comparedIn(view.comparison.dimensions).map((dimension) => {
              const entry = view.comparison!.dimensions[dimension]!;
              return [dimension, { ...entry, rows: cut(entry.rows), goneRows: cut(entry.goneRows) }];
            }),
          ) as Partial<Record<ComparedDimension, DimensionComparison>>,
        };
  return { ...view, report: limitReport(view.report, top), comparison, top, ...(view.findings === undefined ? {} : { findings: cut(view.findings) }) };
}

/** The crossed --fail-on rules: the run's exit code. */
export function crossedRules(view: ReportView): readonly ThresholdOutcome[] {
  return view.thresholds?.outcomes.filter((outcome) => outcome.crossed) ?? [];
}

/** Warnings about the period and the comparison, shown with the report's own. */
export function viewWarnings(
  windows: { readonly period: PeriodInfo | null; readonly current: TimeWindow; readonly previous: { readonly label: string | null } | null },
  tallies: readonly Tally[],
  baseline: Baseline | null,
): Warning[] {
  const warnings: Warning[] = [];
  if (windows.period !== null && tallies[0]!.signIns === 0) {
    warnings.push(warning('EMPTY_PERIOD', { label: windows.period.label, window: describeWindow(windows.current, windows.period.timeZone) }));
  }
  const earlier = tallies[1];
  if (earlier !== undefined && earlier.signIns === 0 && windows.previous !== null)
    warnings.push(warning('EMPTY_PREVIOUS_PERIOD', { label: windows.previous.label }));
  for (const section of baseline?.incomplete ?? []) warnings.push(warning('BASELINE_INCOMPLETE', { section }, { file: baseline!.file }));
  for (const section of baseline?.missing ?? []) warnings.push(warning('BASELINE_MISSING_SECTION', { section }, { file: baseline!.file }));
  return warnings;
}

/**
 * The warning for a run with nothing to compare with: a --baseline file that cannot serve (`unusable`: it does not
 * exist yet, or its report had no sign-ins), or rules that compare without --baseline or --compare. The skipped
 * rules are named; none when all was fine.
 */
export function baselineWarnings(
  unusable: { readonly file: string; readonly why: string } | null,
  rules: readonly ThresholdRule[],
  compared: boolean,
): Warning[] {
  const skipped = compared ? [] : rules.filter(needsComparison).map((rule) => rule.text);
  if (unusable !== null) return [warning('NO_BASELINE', { rules: skipped, why: `${unusable.file} ${unusable.why}` }, { file: unusable.file })];
  if (skipped.length > 0) return [warning('NO_BASELINE', { rules: skipped, why: 'no --baseline or --compare previous-period given' })];
  return [];
}

/** The report's figures under the JSON contract's names, every row (never cut by --top). */
export function reportFigures(report: Report): ReportFigures {
  const rowsOf = (id: DimensionId): FigureRow[] => {
    if (id === 'code') return report.byCode.map((row) => ({ key: String(row.code), failures: row.failures, interrupted: row.interrupted }));
    if (id === 'category') return report.byCategory.map((row) => ({ key: row.category, failures: row.failures, interrupted: row.interrupted }));
    return report.byEntity[id].map((row) => ({ key: row.key, failures: row.failures, interrupted: row.interrupted }));
  };
  return {
    totals: { signIns: report.totals.signIns, failure: report.totals.failure, interrupted: report.totals.interrupted },
    rows: Object.fromEntries(DIMENSIONS.map((dimension) => [dimension.id, rowsOf(dimension.id)])) as Record<DimensionId, FigureRow[]>,
  };
}

function comparisonOf(against: ComparisonSource, body: ComparisonBody, earlierDays: readonly DayFigures[]): Comparison {
  const dimensions = Object.fromEntries(
    comparedIn(body.rows).map((dimension) => {
      const rows = body.rows[dimension]!;
      const entry: DimensionComparison = {
        rows,
        total: rows.length,
        counts: body.counts[dimension]!,
        added: rows.filter((row) => row.status === 'new').map((row) => row.key),
        removed: rows.filter((row) => row.status === 'gone').map((row) => row.key),
        goneRows: rows.filter((row) => row.status === 'gone'),
        byKey: new Map(rows.map((row) => [row.key, row])),
      };
      return [dimension, entry];
    }),
  ) as Partial<Record<ComparedDimension, DimensionComparison>>;
  return { against, totals: body.totals, dimensions, earlierDays };
}

/** The compared dimensions a comparison holds, in the dimension table's order. */
export function comparedIn(dimensions: Readonly<Partial<Record<ComparedDimension, unknown>>>): ComparedDimension[] {
  return COMPARED_DIMENSIONS.filter((dimension) => dimensions[dimension] !== undefined);
}

function dayFigures(row: FigureRow): DayFigures {
  return { day: row.key, failures: row.failures, interrupted: row.interrupted };
}

function describeWindow(window: TimeWindow, timeZone: string): string {
  const show = (date: Date | null): string => (date === null ? '-' : isoInstant(date));
  return `${show(window.since)} to ${show(window.until)}${timeZone === 'UTC' ? '' : `, ${timeZone} calendar`}`;
}

function dateOrNull(text: string | null): Date | null {
  return text === null ? null : new Date(text);
}
