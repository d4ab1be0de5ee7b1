// Owns the report options: raw commander values become one validated, readonly ReportConfig (defaults
// applied, times resolved against one clock), or a usage error that names the option and the bad value.
// Ingest reads its own options (src/ingest/options.ts).

import { CATEGORIES, normalizeCode, type Category } from '../catalog/index.js';
import { DIMENSION_IDS, type DimensionId } from '../analyze/dimensions.js';
import type { FilterCriteria } from '../analyze/filter.js';
import { usageError } from '../errors.js';
import type { Io } from '../io.js';
import { resolve } from 'node:path';
import { OUTCOMES, SIGN_IN_TYPES, type FileRef, type Outcome, type SignInType } from '../model.js';
import { FORMATS, SUMMARY_FORMATS, SUMMARY_TOP, type Format } from '../render/index.js';

/** Periods, ISO weeks and output names are counted in UTC unless --tz names another zone. */
export const DEFAULT_TIME_ZONE = 'UTC';

export interface ReportConfig {
  readonly format: Format;
  /** The dimension a CSV lists. */
  readonly by: DimensionId;
  /** Rows per list; 0 = all. */
  readonly top: number;
  readonly output: string | undefined;
  readonly criteria: FilterCriteria;
  /** --now, else SOURCE_DATE_EPOCH, else the clock: relative times and generatedAt use it. */
  readonly now: Date;
  readonly catalogFile: FileRef | undefined;
  /** The directory relative paths are read from and written to. */
  readonly cwd: string;
  readonly quiet: boolean;
  /** ANSI colour in the table: stdout is a terminal, the report is not going to a file, NO_COLOR is not set. */
  readonly color: boolean;
}

export function reportConfigFrom(options: Record<string, unknown>, io: Io): ReportConfig {
  const format = oneOf('--format', options['format'] ?? 'table', FORMATS);
  if (options['by'] !== undefined && format !== 'csv') throw usageError('--by applies to --format csv only', 'add --format csv, or leave --by out');
  const by = oneOf('--by', options['by'] ?? 'code', DIMENSION_IDS);
  const top = options['top'] === undefined ? (SUMMARY_FORMATS.includes(format) ? SUMMARY_TOP : 0) : count('--top', options['top']);
  const output = optionalText(options['output']);
  const now = resolveNow(optionalText(options['now']), io);

  const since = optionalText(options['since']);
  const until = optionalText(options['until']);
  const criteria: FilterCriteria = {
    since: since === undefined ? null : parseWhen('--since', since, now, 'since'),
    until: until === undefined ? null : parseWhen('--until', until, now, 'until'),
    users: list(options['user']),
    apps: list(options['app']),
    codes: splitList(options['code']).map((text) => {
      const code = normalizeCode(text);
      if (code === undefined) throw usageError(`--code: ${JSON.stringify(text)} is not an error code`, 'write it as 50126 or AADSTS50126');
      return code;
    }),
    categories: splitList(options['category']).map((text): Category => oneOf('--category', text, CATEGORIES)),
    types: splitList(options['type']).map((text): SignInType => oneOf('--type', text, SIGN_IN_TYPES)),
    outcomes: splitList(options['outcome']).map((text): Outcome => oneOf('--outcome', text, OUTCOMES)),
  };
  if (criteria.since !== null && criteria.until !== null && criteria.since >= criteria.until) {
    throw usageError(`--since (${criteria.since.toISOString()}) is not before --until (${criteria.until.toISOString()})`);
  }

  const noColor = (io.env['NO_COLOR'] ?? '') !== '' || io.env['TERM'] === 'dumb';
  return {
    format,
    by,
    top,
    output,
    criteria,
    now,
    catalogFile: optionalFile(options['catalog'], io.cwd),
    cwd: io.cwd,
    quiet: options['quiet'] === true,
    color: format === 'table' && output === undefined && io.stdoutIsTty && !noColor,
  };
}

/** The clock of a run: --now, else SOURCE_DATE_EPOCH (seconds, for reproducible output), else the real clock. */
export function resolveNow(nowOption: string | undefined, io: Io): Date {
  if (nowOption !== undefined) {
    const instant = parseInstant(nowOption, 'since');
    if (instant === undefined) throw usageError(`--now: ${JSON.stringify(nowOption)} is not a date or date-time`, 'write it as 2026-11-16 or 2026-11-16T08:00:00Z');
    return instant;
  }
  const epoch = io.env['SOURCE_DATE_EPOCH'];
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d{1,12}$/.test(epoch)) throw usageError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, not ${JSON.stringify(epoch)}`);
    return new Date(Number(epoch) * 1000);
  }
  return io.now();
}

const RELATIVE = /^(\d{1,6})\s*(m|min|h|d|w)$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A --since/--until value: relative (`7d`, `24h`, `30m`, `2w` before now), an ISO date (UTC midnight; as
 * --until the whole day is included) or an ISO date-time (UTC unless it names an offset).
 */
export function parseWhen(option: string, text: string, now: Date, edge: 'since' | 'until'): Date {
  const relative = RELATIVE.exec(text.trim());
  if (relative !== null) return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2]!.toLowerCase()]!);
  const instant = parseInstant(text, edge);
  if (instant === undefined) {
    throw usageError(`${option}: ${JSON.stringify(text)} is not a date, date-time or relative time`, 'write it as 2026-11-09, 2026-11-09T08:00Z, 7d or 24h (times are UTC)');
  }
  return instant;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** An ISO date or date-time, UTC unless an offset is given; a bare date as `until` means the end of that day. */
export function parseInstant(text: string, edge: 'since' | 'until'): Date | undefined {
  const match = ISO.exec(text.trim());
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const fields = [Number(year), Number(month) - 1, Number(day), Number(hour ?? 0), Number(minute ?? 0), Number(second ?? 0)] as const;
  const ms = Date.UTC(...fields) + Math.round(Number(fraction ?? 0) * 1000);
  const check = new Date(Date.UTC(...fields));
  // Date.UTC rolls 2026-02-30 over to March; a real calendar date survives the round trip.
  if (check.getUTCFullYear() !== fields[0] || check.getUTCMonth() !== fields[1] || check.getUTCDate() !== fields[2] || check.getUTCHours() !== fields[3] || check.getUTCMinutes() !== fields[4] || check.getUTCSeconds() !== fields[5]) {
    return undefined;
  }
  const offset = zone === undefined || zone.toUpperCase() === 'Z' ? 0 : offsetMs(zone);
  const wholeDay = hour === undefined && edge === 'until' ? 86_400_000 : 0;
  return new Date(ms - offset + wholeDay);
}

function offsetMs(zone: string): number {
  const digits = zone.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
}

function oneOf<T extends string>(option: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw usageError(`${option} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
}

function count(option: string, value: unknown): number {
  if (typeof value === 'string' && /^\d{1,9}$/.test(value.trim())) return Number(value.trim());
  throw usageError(`${option} must be a whole number (0 = all), not ${JSON.stringify(value)}`);
}

/** A file option's value as a FileRef: relative paths are taken from the working directory. */
export function optionalFile(value: unknown, cwd: string): FileRef | undefined {
  const name = optionalText(value);
  return name === undefined ? undefined : { name, path: resolve(cwd, name) };
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A repeatable option's values as given. */
export function list(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String).filter((text) => text.trim() !== '');
}

/** A repeatable option whose values may also be comma-separated (codes, categories, types, outcomes). */
function splitList(value: unknown): string[] {
  return list(value).flatMap((text) => text.split(',').map((part) => part.trim()).filter((part) => part !== ''));
}
