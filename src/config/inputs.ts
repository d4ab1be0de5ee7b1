// Owns the options every command that reads sign-ins shares (report, export): the inputs, how they are read
// (ingest settings), which sign-ins count (row filters, --since/--until, --period in --tz), the catalog, the
// clock, and the --output name with its template filled in. Each command's own config builds on this one, so
// both read the same options the same way; nothing below config reads raw options.

import { resolve } from 'node:path';
import { ALL_TIME, type RowCriteria, type TimeWindow } from '../analyze/index.js';
import { CATEGORIES, normalizeCode, type Category } from '../catalog/index.js';
import { usageError } from '../errors.js';
import { DATE_ORDERS, type DateOrder } from '../ingest/dates.js';
import { FIELD_NAMES, type FieldName } from '../ingest/fields.js';
import { DEFAULT_PARALLEL_MIN_BYTES, defaultThreads, type IngestSettings } from '../ingest/index.js';
import type { Io } from '../io.js';
import { OUTCOMES, SIGN_IN_TYPES, type FileRef, type Outcome, type SignInType } from '../model.js';
import type { ResolvedPeriod } from './period.js';
import { file, list, oneOf, parseWhen, resolveNow, splitList, text, wholeNumber } from './values.js';

/** Periods, ISO weeks and output names are counted in UTC unless --tz names another zone. */
export const DEFAULT_TIME_ZONE = 'UTC';

/** The shared options as commander hands them over. */
export interface RawInputOptions {
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
  readonly quiet?: boolean;
}

/** What the shared options settle: what is read, how, and which sign-ins count. */
export interface InputsConfig {
  readonly inputs: readonly string[];
  readonly cwd: string;
  readonly ingest: IngestSettings;
  readonly filter: RowCriteria;
  /** --since/--until as given (a --period narrows it further: see periodWindow). */
  readonly given: TimeWindow;
  readonly catalogFile: FileRef | undefined;
  /** --now, else SOURCE_DATE_EPOCH, else the clock: relative times and generatedAt use it. */
  readonly now: Date;
  readonly quiet: boolean;
}

export type ConfigIo = Pick<Io, 'env' | 'now' | 'cwd' | 'stdoutIsTty' | 'stderrIsTty'>;

export function inputsConfig(inputs: readonly string[], options: RawInputOptions, io: ConfigIo): InputsConfig {
  if (inputs.length === 0) throw usageError('no input given', 'name export files or directories, or - to read stdin');
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
  const threadsText = text('--threads', options.threads);
  const minBytesText = io.env['SIGNIN_ANALYZER_PARALLEL_MIN_BYTES'];
  const parallelMinBytes = minBytesText === undefined || minBytesText === '' ? DEFAULT_PARALLEL_MIN_BYTES : Number(minBytesText);
  return {
    inputs: [...inputs],
    cwd: io.cwd,
    ingest: {
      fieldMap: options.map === undefined ? undefined : parseFieldMap(text('--map', options.map) as string),
      dateOrder: options.dateOrder === undefined ? undefined : oneOf('--date-order', options.dateOrder, DATE_ORDERS),
      strict: options.strict === true,
      keepDuplicates: options.keepDuplicates === true,
      threads: threadsText === undefined ? defaultThreads() : wholeNumber('--threads', threadsText, 1, 64),
      // A value that is not a size turns reading in parts off rather than failing the run.
      parallelMinBytes: parallelMinBytes >= 0 ? parallelMinBytes : Number.POSITIVE_INFINITY,
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
    given,
    catalogFile: file('--catalog', options.catalog, io.cwd),
    now,
    quiet,
  };
}

// Periods and output templates load date-fns' calendar and formatting code (about 50 modules): imported only
// by runs that use them, so a plain run starts sooner.
const periods = () => import('./period.js');
const templates = () => import('./output-template.js');

/** The window a run counts: --period (in --tz) narrowed by --since/--until, or --since/--until alone. */
export interface PeriodWindow {
  readonly current: TimeWindow;
  /** The --period, when given. */
  readonly period: ResolvedPeriod | null;
  /** The zone whose calendar periods and output names follow. */
  readonly timeZone: string;
}

/**
 * The window of --period and --tz narrowed by --since/--until. `calendar` loads the period module even without
 * --period or --tz (a caller that needs the calendar for something else, like --compare, says so).
 */
export async function periodWindow(
  options: Pick<RawInputOptions, 'period' | 'tz'>,
  given: TimeWindow,
  now: Date,
  calendarNeeded = false,
): Promise<PeriodWindow & { readonly calendar: Awaited<ReturnType<typeof periods>> | undefined }> {
  const periodText = text('--period', options.period);
  const zoneText = text('--tz', options.tz);
  const calendar = zoneText !== undefined || periodText !== undefined || calendarNeeded ? await periods() : undefined;
  const timeZone = calendar === undefined || zoneText === undefined ? DEFAULT_TIME_ZONE : calendar.checkTimeZone(zoneText);
  const period = calendar === undefined || periodText === undefined ? null : calendar.resolvePeriod(periodText, now, timeZone);
  return { current: narrow(given, period), period, timeZone, calendar };
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

/** The --output path with its template filled in ({period}, {start}, {end}, {now}, {format}), or null for stdout. */
export async function outputFile(
  name: string | undefined,
  cwd: string,
  values: { period: ResolvedPeriod | null; now: Date; timeZone: string; format: string },
): Promise<FileRef | null> {
  if (name === undefined) return null;
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

/** A config is shared by everything downstream: frozen, so no stage can change it under another. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value) && !(value instanceof Date) && !(value instanceof Map)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
