// Owns the scheduled-summary layer of the report command: --period/--tz narrow the time window, --baseline or
// --compare previous-period give the earlier figures, --fail-on rules are judged, and --output templates are
// filled. The report command calls these few functions; the pure work lives in the files beside this one.

import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createAnalyzer, mergeTallies, type Analyzer, type FilterCriteria, type Report, type Tally, type UnknownEntry } from '../analyze/index.js';
import type { Catalog } from '../catalog/types.js';
import { DEFAULT_TIME_ZONE, list } from '../config/report.js';
import { AppError, usageError } from '../errors.js';
import type { FileRef, SignIn, Warning } from '../model.js';
import { loadBaseline, type Baseline } from './baseline.js';
import { compareFigures, type ComparisonBody, type ReportFigures } from './compare.js';
import type { EarlierSinkConfig, EarlierSinkResult } from '../pipeline/earlier-sink.js';
import type { ResolvedPeriod } from '../config/period.js';
import { comparisonMissing, evaluateRules, needsComparison, parseRules, type ThresholdOutcome, type ThresholdRule } from './thresholds.js';

// Periods and output templates load date-fns' calendar and formatting code (about 50 modules): imported only
// by runs that use them, so a plain report starts sooner.
const periods = () => import('../config/period.js');
const templates = () => import('../config/output-template.js');

export const COMPARE_MODES = ['previous-period'] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

export const SCHEDULE_HELP = `
Scheduled summaries: --period yesterday|last-7d|last-week|this-week|last-month|YYYY-MM-DD..YYYY-MM-DD|YYYY-Www
(also YYYY-MM-DD and YYYY-MM) counts whole days in --tz (default UTC) before --now; weeks run Monday to Sunday.
--baseline LAST.json compares with an earlier JSON report; --compare previous-period with the period before,
read from the same inputs. --fail-on RULE (repeatable) exits 1 when a rule is crossed: failures>500,
failure-rate>5%, code:50053>0, category:credentials>100, increase:failures>50%, new-codes, user:failures>20.
--output takes {period}, {start}, {end}, {now} and {format}: --output 'reports/signins-{period}.json'.
`;

/** The earlier side of a comparison: what it is, for the reader, and its figures. */
export interface ComparisonSource {
  readonly source: 'baseline' | CompareMode;
  /** The baseline file, or null. */
  readonly file: string | null;
  /** The earlier period's label when known (`2026-W45`), else null. */
  readonly label: string | null;
  readonly since: Date | null;
  readonly until: Date | null;
  /** When the baseline report was made; null for the previous period. */
  readonly generatedAt: string | null;
}

export interface Comparison extends ComparisonBody {
  readonly against: ComparisonSource;
}

export interface Schedule {
  readonly period: ResolvedPeriod | null;
  readonly timeZone: string;
  /** The report's filter with its time window narrowed to the period. */
  readonly criteria: FilterCriteria;
  readonly compare: CompareMode | null;
  /** [start, end) of the earlier window for --compare previous-period, with its label when it is a named period. */
  readonly previousWindow: { readonly start: Date; readonly end: Date; readonly label: string | null } | null;
  readonly baseline: Baseline | null;
  readonly rules: readonly ThresholdRule[];
}

export interface ScheduleOutcome {
  readonly comparison: Comparison | null;
  /** Empty when no --fail-on was given. */
  readonly thresholds: readonly ThresholdOutcome[];
  readonly crossed: readonly ThresholdOutcome[];
}

/**
 * Reads the scheduling options (all optional) and loads the baseline, before any input is read, so a typo in a
 * rule or a bad baseline fails in a second rather than after a large export.
 */
export async function prepareSchedule(
  options: Record<string, unknown>,
  base: { readonly criteria: FilterCriteria; readonly now: Date; readonly cwd: string },
): Promise<Schedule> {
  const periodText = text(options['period']);
  const compareText = text(options['compare']);
  const calendar = options['tz'] !== undefined || periodText !== undefined || compareText !== undefined ? await periods() : undefined;
  const timeZone = calendar === undefined || options['tz'] === undefined ? DEFAULT_TIME_ZONE : calendar.checkTimeZone(String(options['tz']));
  const period = calendar === undefined || periodText === undefined ? null : calendar.resolvePeriod(periodText, base.now, timeZone);
  const criteria = narrow(base.criteria, period);

  if (compareText !== undefined && !(COMPARE_MODES as readonly string[]).includes(compareText)) {
    throw usageError(`--compare must be ${COMPARE_MODES.join(' or ')}, not ${JSON.stringify(compareText)}`);
  }
  const compare = (compareText as CompareMode | undefined) ?? null;
  const baselineFile = text(options['baseline']);
  if (compare !== null && baselineFile !== undefined) throw usageError('give --baseline or --compare previous-period, not both');

  const rules = parseRules(list(options['failOn']));
  const comparing = compare !== null || baselineFile !== undefined;
  const needy = rules.find(needsComparison);
  if (needy !== undefined && !comparing) throw comparisonMissing(needy);

  return {
    period,
    timeZone,
    criteria,
    compare,
    previousWindow: compare === null || calendar === undefined ? null : previousWindowOf(period, base.criteria, criteria, calendar.previousPeriod),
    baseline: baselineFile === undefined ? null : await loadBaseline({ name: baselineFile, path: resolve(base.cwd, baselineFile) }),
    rules,
  };
}

/**
 * With --compare previous-period, a second analyzer counts the earlier window in the same pass over the inputs.
 * `add` feeds a sign-in to the report's analyzer and, when it falls in the earlier window, to this one too.
 */
export function createEarlierAnalyzer(schedule: Schedule, catalog: Catalog, unknownEntry: UnknownEntry, current: Analyzer): EarlierAnalyzer | null {
  const window = schedule.previousWindow;
  if (window === null) return null;
  const criteria = { ...schedule.criteria, since: window.start, until: window.end };
  const earlier = createAnalyzer(catalog, unknownEntry, criteria);
  const startMs = window.start.getTime();
  const endMs = window.end.getTime();
  const addCurrent = current.add;
  const addEarlier = earlier.add;
  return {
    tally: earlier.tally,
    add: (signIn) => {
      addCurrent(signIn);
      // Only rows in the earlier window reach its analyzer: the classifier runs once for most rows.
      const ms = signIn.time.getTime();
      if (ms >= startMs && ms < endMs) addEarlier(signIn);
    },
    parallel: (sink) => ({
      sinkModule: new URL('../pipeline/earlier-sink.js', import.meta.url).href,
      sinkConfig: {
        module: sink.sinkModule,
        current: sink.sinkConfig,
        earlier: { ...sink.sinkConfig, criteria },
        startMs,
        endMs,
      } satisfies EarlierSinkConfig,
      merge: (result) => {
        const both = result as EarlierSinkResult;
        sink.merge(both.current);
        mergeTallies(earlier.tally, both.earlier as Tally);
      },
    }),
  };
}

/** The report's worker sink, wrapped to tally the earlier window too when there is one. */
export function withEarlierSink<Config extends { readonly criteria: FilterCriteria }>(
  earlier: EarlierAnalyzer | null,
  sink: ParallelSink<Config>,
): ParallelSink<Config> | ParallelSink<EarlierSinkConfig> {
  return earlier === null ? sink : earlier.parallel(sink);
}

/** A worker-thread sink as the report command hands it to ingest: a module, its config, and the merge of its result. */
export interface ParallelSink<Config> {
  readonly sinkModule: string;
  readonly sinkConfig: Config;
  readonly merge: (result: unknown) => void;
}

export interface EarlierAnalyzer {
  readonly tally: Tally;
  /** Feeds the report's analyzer, and this one when the sign-in falls in the earlier window. */
  readonly add: (signIn: SignIn) => void;
  /** The report's worker sink wrapped so that each worker tallies the earlier window too (schedule/sink.ts). */
  readonly parallel: (sink: ParallelSink<{ readonly criteria: FilterCriteria }>) => ParallelSink<EarlierSinkConfig>;
}

/** Warnings about the period and the comparison, shown with the report's own. */
export function scheduleWarnings(schedule: Schedule, tally: Tally, earlier: Tally | null): Warning[] {
  const warnings: Warning[] = [];
  const warn = (code: Warning['code'], message: string, file: string | null = null): void => {
    warnings.push({ code, message, file, line: null });
  };
  if (schedule.period !== null && tally.signIns === 0) {
    warn('EMPTY_PERIOD', `period ${schedule.period.label} (${describeWindow(schedule.criteria.since, schedule.criteria.until, schedule.timeZone)}) has no sign-ins in the inputs`);
  }
  if (earlier !== null && earlier.signIns === 0 && schedule.previousWindow !== null) {
    const window = schedule.previousWindow;
    warn('EMPTY_PERIOD', `the period before${window.label === null ? '' : ` (${window.label})`} has no sign-ins in the inputs, so every entry counts as new; export that period too for a comparison`);
  }
  const baseline = schedule.baseline;
  if (baseline !== null) {
    for (const section of baseline.incomplete) {
      warn('BASELINE_INCOMPLETE', `the baseline lists only the first rows of ${section} (it was made with --top), so entries beyond them show as new`, baseline.file);
    }
  }
  return warnings;
}

/** Compares with the earlier figures (when asked) and judges the --fail-on rules on the full, uncut report. */
export function concludeSchedule(schedule: Schedule, report: Report, earlierReport: Report | null): ScheduleOutcome {
  const figures = reportFigures(report);
  let comparison: Comparison | null = null;
  if (schedule.baseline !== null) {
    const baseline = schedule.baseline;
    comparison = {
      against: {
        source: 'baseline',
        file: baseline.file,
        label: baseline.label,
        since: dateOrNull(baseline.period.since),
        until: dateOrNull(baseline.period.until),
        generatedAt: baseline.generatedAt,
      },
      ...compareFigures(figures, baseline.figures),
    };
  } else if (earlierReport !== null && schedule.previousWindow !== null) {
    const window = schedule.previousWindow;
    comparison = {
      against: { source: 'previous-period', file: null, label: window.label, since: window.start, until: window.end, generatedAt: null },
      ...compareFigures(figures, reportFigures(earlierReport)),
    };
  }
  const thresholds = evaluateRules(schedule.rules, figures, comparison);
  return { comparison, thresholds, crossed: thresholds.filter((outcome) => outcome.crossed) };
}

/** The --output path with its template filled; its directory is created, as a scheduled job expects. */
export async function prepareOutput(template: string, cwd: string, schedule: Schedule, now: Date, format: string): Promise<FileRef> {
  const filler = template.includes('{') ? await templates() : undefined;
  const name =
    filler !== undefined && filler.hasTemplateFields(template)
      ? filler.expandOutputTemplate(template, { period: schedule.period, now, timeZone: schedule.timeZone, format })
      : template;
  const path = resolve(cwd, name);
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new AppError('OUTPUT_UNWRITABLE', `cannot create the output directory (${reason})`, { file: name, hint: 'check the --output path and its permissions' });
  }
  return { name, path };
}

/** The report's figures under the JSON contract's names, every row (never cut by --top). */
export function reportFigures(report: Report): ReportFigures {
  return {
    totals: { signIns: report.totals.signIns, failure: report.totals.failure, interrupted: report.totals.interrupted },
    byCode: report.byCode.map((row) => ({ code: row.code, count: row.count })),
    byCategory: report.byCategory.map((row) => ({ category: row.category, count: row.count })),
    byUser: report.byEntity.user.map((row) => ({ user: row.key, failures: row.failures, interrupted: row.interrupted })),
    byApp: report.byEntity.app.map((row) => ({ app: row.key, failures: row.failures, interrupted: row.interrupted })),
  };
}

/** The period's window intersected with --since/--until. */
function narrow(criteria: FilterCriteria, period: ResolvedPeriod | null): FilterCriteria {
  if (period === null) return criteria;
  const since = criteria.since === null || criteria.since < period.start ? period.start : criteria.since;
  const until = criteria.until === null || criteria.until > period.end ? period.end : criteria.until;
  if (since >= until && period.start < period.end) {
    throw usageError(`--since/--until leave nothing of period ${period.label}`, 'leave --since and --until out, or pick a period that overlaps them');
  }
  return { ...criteria, since, until };
}

/**
 * The window before the current one, of equal length: the calendar period before a --period (the month before a
 * month), or, when --since/--until set the window, the same span just before it.
 */
function previousWindowOf(
  period: ResolvedPeriod | null,
  given: FilterCriteria,
  narrowed: FilterCriteria,
  previousPeriod: (period: ResolvedPeriod) => ResolvedPeriod,
): Schedule['previousWindow'] {
  if (period !== null && given.since === null && given.until === null) {
    const previous = previousPeriod(period);
    return { start: previous.start, end: previous.end, label: previous.label };
  }
  const { since, until } = narrowed;
  if (since === null || until === null) {
    throw usageError('--compare previous-period needs a period to compare', 'add --period (e.g. last-week), or both --since and --until');
  }
  const length = until.getTime() - since.getTime();
  return { start: new Date(since.getTime() - length), end: since, label: null };
}

function describeWindow(since: Date | null, until: Date | null, timeZone: string): string {
  const show = (date: Date | null): string => (date === null ? '-' : date.toISOString().replace('.000Z', 'Z'));
  return `${show(since)} to ${show(until)}${timeZone === 'UTC' ? '' : `, ${timeZone} calendar`}`;
}

function dateOrNull(text: string | null): Date | null {
  return text === null ? null : new Date(text);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

