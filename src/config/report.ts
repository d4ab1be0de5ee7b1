// Owns the report command's configuration: commander's raw option values become one validated, frozen
// ReportConfig (defaults applied, times resolved against one clock, the period and the comparison window
// worked out, rules parsed, the output name filled in), or a usage error that names the option and the value.
// Nothing below this module reads raw options.

import { resolve } from 'node:path';
import { ALL_TIME, type DimensionId, type RowCriteria, type TimeWindow } from '../analyze/index.js';
import { CATEGORIES, normalizeCode, type Category } from '../catalog/index.js';
import { usageError } from '../errors.js';
import { DATE_ORDERS, type DateOrder } from '../ingest/dates.js';
import { FIELD_NAMES, type FieldName } from '../ingest/fields.js';
import { DEFAULT_PARALLEL_MIN_BYTES, defaultThreads, type IngestSettings } from '../ingest/index.js';
import type { Io } from '../io.js';
import { OUTCOMES, SIGN_IN_TYPES, type FileRef, type Outcome, type SignInType } from '../model.js';
import { RENDERERS, type Format } from '../render/index.js';
import type { ThresholdRule } from '../view/thresholds.js';
import type { ResolvedPeriod } from './period.js';
import { parseRules } from './rules.js';
import { file, list, oneOf, parseWhen, resolveNow, splitList, text, wholeNumber } from './values.js';

/** Periods, ISO weeks and output names are counted in UTC unless --tz names another zone. */
export const DEFAULT_TIME_ZONE = 'UTC';

/** The report options as commander hands them over (choices already checked by commander). */
export interface RawReportOptions {
  readonly format?: Format;
  readonly by?: DimensionId;
  readonly top?: string;
  readonly output?: string;
  readonly since?: string;
  readonly until?: string;
  readonly user?: readonly string[];
  readonly app?: readonly string[];
  readonly code?: readonly string[];
  readonly category?: readonly string[];
  readonly type?: readonly string[];
  readonly outcome?: readonly string[];
  readonly now?: string;
  readonly catalog?: string;
  readonly map?: string;
  readonly dateOrder?: DateOrder;
  readonly strict?: boolean;
  readonly keepDuplicates?: boolean;
  readonly threads?: string;
  readonly period?: string;
  readonly tz?: string;
  readonly baseline?: string;
  readonly compare?: 'previous-period';
  readonly failOn?: readonly string[];
  readonly quiet?: boolean;
}

/** The report's own window and, for --compare previous-period, the window before it. */
export interface ReportWindows {
  readonly current: TimeWindow;
  /** The --period, when given. */
  readonly period: ResolvedPeriod | null;
  /** The zone whose calendar periods and output names follow. */
  readonly timeZone: string;
  /** The window before, with its period label when it is a named period. */
  readonly previous: (TimeWindow & { readonly label: string | null }) | null;
}

export type ComparisonSetup = { readonly source: 'none' } | { readonly source: 'baseline'; readonly file: FileRef } | { readonly source: 'previous-period' };

export interface OutputSetup {
  readonly format: Format;
  /** The dimension a CSV lists. */
  readonly by: DimensionId;
  /** Rows per list; 0 = all. */
  readonly top: number;
  /** The --output file (its template filled in), or null for standard output. */
  readonly file: FileRef | null;
  /** ANSI colour in the table: stdout is a terminal, the report is not going to a file, NO_COLOR is not set. */
  readonly color: boolean;
}

export interface ReportConfig {
  readonly inputs: readonly string[];
  readonly cwd: string;
  readonly ingest: IngestSettings;
  readonly filter: RowCriteria;
  readonly windows: ReportWindows;
  readonly comparison: ComparisonSetup;
  readonly thresholds: readonly ThresholdRule[];
  readonly output: OutputSetup;
  readonly catalogFile: FileRef | undefined;
  /** --now, else SOURCE_DATE_EPOCH, else the clock: relative times and generatedAt use it. */
  readonly now: Date;
  readonly quiet: boolean;
}

// Periods and output templates load date-fns' calendar and formatting code (about 50 modules): imported only
// by runs that use them, so a plain report starts sooner.
const periods = () => import('./period.js');
const templates = () => import('./output-template.js');

export async function reportConfig(
  inputs: readonly string[],
  options: RawReportOptions,
  io: Pick<Io, 'env' | 'now' | 'cwd' | 'stdoutIsTty' | 'stderrIsTty'>,
): Promise<ReportConfig> {
  if (inputs.length === 0) throw usageError('no input given', 'name export files or directories, or - to read stdin');
  const format = options.format ?? 'table';
  if (options.by !== undefined && format !== 'csv') throw usageError('--by applies to --format csv only', 'add --format csv, or leave --by out');
  const topText = text('--top', options.top);
  const top = topText === undefined ? RENDERERS[format].top : wholeNumber('--top', topText, 0, Number.MAX_SAFE_INTEGER, ' (0 = all)');
  const now = resolveNow(options.now, io);
  const quiet = options.quiet === true;

  const since = text('--since', options.since);
  const until = text('--until', options.until);
  const given: TimeWindow = {
    since: since === undefined ? null : parseWhen('--since', since, now, 'since'),
    until: until === undefined ? null : parseWhen('--until', until, now, 'until'),
  };
  if (given.since !== null && given.until !== null && given.since >= given.until) {
    throw usageError(`--since (${given.since.toISOString()}) is not before --until (${given.until.toISOString()})`);
  }
  const windows = await reportWindows(options, given, now);

  const baseline = file('--baseline', options.baseline, io.cwd);
  if (options.compare !== undefined && baseline !== undefined) throw usageError('give --baseline or --compare previous-period, not both');
  const comparison: ComparisonSetup =
    baseline !== undefined ? { source: 'baseline', file: baseline } : options.compare !== undefined ? { source: 'previous-period' } : { source: 'none' };
  // Rules that compare are skipped, with a warning, when there is nothing to compare with (the first week).
  const thresholds = parseRules(list('--fail-on', options.failOn));

  const outputName = text('--output', options.output);
  const noColor = (io.env['NO_COLOR'] ?? '') !== '' || io.env['TERM'] === 'dumb';
  const threadsText = text('--threads', options.threads);
  const minBytesText = io.env['SIGNIN_ANALYZER_PARALLEL_MIN_BYTES'];
  // A whole number of bytes; anything else turns reading in parts off rather than failing the run.
  const parallelMinBytes =
    minBytesText === undefined || minBytesText === ''
      ? DEFAULT_PARALLEL_MIN_BYTES
      : /^\s*\d+\s*$/.test(minBytesText)
        ? Number(minBytesText)
        : Number.POSITIVE_INFINITY;

  const config: ReportConfig = {
    inputs: [...inputs],
    cwd: io.cwd,
    ingest: {
      fieldMap: options.map === undefined ? undefined : parseFieldMap(text('--map', options.map) as string),
      dateOrder: options.dateOrder === undefined ? undefined : oneOf('--date-order', options.dateOrder, DATE_ORDERS),
      strict: options.strict === true,
      keepDuplicates: options.keepDuplicates === true,
      threads: threadsText === undefined ? defaultThreads() : wholeNumber('--threads', threadsText, 1, 64),
      parallelMinBytes,
      progress: io.stderrIsTty && !quiet && io.env['CI'] === undefined,
      trace: io.env['SIGNIN_ANALYZER_TRACE'] === '1',
    },
    filter: {
      users: list('--user', options.user),
      apps: list('--app', options.app),
      codes: splitList('--code', options.code).map((code) => {
        const parsed = normalizeCode(code);
        if (parsed === undefined) throw usageError(`--code: ${JSON.stringify(code)} is not an error code`, 'write it as 50126 or AADSTS50126');
        return parsed;
      }),
      categories: splitList('--category', options.category).map((category): Category => oneOf('--category', category, CATEGORIES)),
      types: splitList('--type', options.type).map((type): SignInType => oneOf('--type', type, SIGN_IN_TYPES)),
      outcomes: splitList('--outcome', options.outcome).map((outcome): Outcome => oneOf('--outcome', outcome, OUTCOMES)),
    },
    windows,
    comparison,
    thresholds,
    output: {
      format,
      by: options.by ?? 'code',
      top,
      file: outputName === undefined ? null : await outputFile(outputName, io.cwd, { period: windows.period, now, timeZone: windows.timeZone, format }),
      color: format === 'table' && outputName === undefined && io.stdoutIsTty && !noColor,
    },
    catalogFile: file('--catalog', options.catalog, io.cwd),
    now,
    quiet,
  };
  if (config.comparison.source === 'previous-period' && config.windows.previous === null) {
    throw usageError('--compare previous-period needs a period to compare', 'add --period (e.g. last-week), or both --since and --until');
  }
  return deepFreeze(config);
}

/** The window of --period (narrowed by --since/--until) and the window before it when comparing with it. */
async function reportWindows(options: RawReportOptions, given: TimeWindow, now: Date): Promise<ReportWindows> {
  const periodText = text('--period', options.period);
  const zoneText = text('--tz', options.tz);
  const calendar = zoneText !== undefined || periodText !== undefined || options.compare !== undefined ? await periods() : undefined;
  const timeZone = calendar === undefined || zoneText === undefined ? DEFAULT_TIME_ZONE : calendar.checkTimeZone(zoneText);
  const period = calendar === undefined || periodText === undefined ? null : calendar.resolvePeriod(periodText, now, timeZone);
  const current = narrow(given, period);
  if (options.compare === undefined || calendar === undefined) return { current, period, timeZone, previous: null };
  // The calendar period before a --period (the month before a month); when --since/--until set the window,
  // the same span just before it.
  if (period !== null && given.since === null && given.until === null) {
    const previous = calendar.previousPeriod(period);
    return { current, period, timeZone, previous: { since: previous.start, until: previous.end, label: previous.label } };
  }
  if (current.since === null || current.until === null) return { current, period, timeZone, previous: null };
  const length = current.until.getTime() - current.since.getTime();
  return { current, period, timeZone, previous: { since: new Date(current.since.getTime() - length), until: current.since, label: null } };
}

/** The period's window intersected with --since/--until. */
function narrow(given: TimeWindow, period: ResolvedPeriod | null): TimeWindow {
  if (period === null) return given.since === null && given.until === null ? ALL_TIME : given;
  const since = given.since === null || given.since < period.start ? period.start : given.since;
  const until = given.until === null || given.until > period.end ? period.end : given.until;
  if (since >= until && period.start < period.end) {
    throw usageError(`--since/--until leave nothing of period ${period.label}`, 'leave --since and --until out, or pick a period that overlaps them');
  }
  return { since, until };
}

/** The --output path with its template filled in. */
async function outputFile(name: string, cwd: string, values: { period: ResolvedPeriod | null; now: Date; timeZone: string; format: string }): Promise<FileRef> {
  const filler = name.includes('{') ? await templates() : undefined;
  const filled = filler?.hasTemplateFields(name) ? filler.expandOutputTemplate(name, values) : name;
  return { name: filled, path: resolve(cwd, filled) };
}

/** `time=signInDateTime,code=statusCode,user=userId` → field → column. */
export function parseFieldMap(value: string): ReadonlyMap<FieldName, string> {
  const map = new Map<FieldName, string>();
  for (const part of value.split(',')) {
    if (part.trim().length === 0) continue;
    const equals = part.indexOf('=');
    const field = (equals < 0 ? part : part.slice(0, equals)).trim();
    const column = equals < 0 ? '' : part.slice(equals + 1).trim();
    if (!FIELD_NAMES.includes(field as FieldName)) throw usageError(`--map: unknown field ${JSON.stringify(field)}`, `fields are ${FIELD_NAMES.join(', ')}`);
    if (column.length === 0) throw usageError(`--map: field ${field} names no column`, 'write it as field=Column Name');
    if (map.has(field as FieldName)) throw usageError(`--map: field ${field} is mapped twice`);
    map.set(field as FieldName, column);
  }
  if (!map.has('time') || !map.has('code'))
    throw usageError('--map must name at least the time and code columns', 'for example --map time=signInDateTime,code=statusCode');
  return map;
}

/** The config is shared by everything downstream: frozen, so no stage can change it under another. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value) && !(value instanceof Date) && !(value instanceof Map)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
