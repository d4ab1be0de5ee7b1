// Owns reading one option value: instants and relative times, whole numbers, repeatable and comma-separated
// lists, file names and the run's clock. Every bad value is a usage error that names the option and the value.

import { resolve } from 'node:path';
import { usageError } from '../errors.js';
import type { Io } from '../io.js';
import type { FileRef } from '../model.js';
import { readIsoByPattern } from '../ingest/dates.js';

/** The option's text; undefined when the option was not given. Given but empty is a usage error. */
export function text(option: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw usageError(`${option} is empty`, `give ${option} a value, or leave it out`);
  return value;
}

/** A repeatable option's values as given; an empty one is a usage error. */
export function list(option: string, values: readonly string[] | undefined): string[] {
  return (values ?? []).map((value) => text(option, value) as string);
}

/** A repeatable option whose values may also be comma-separated (codes, categories, types, outcomes); a value that names nothing (`,`) is empty. */
export function splitList(option: string, values: readonly string[] | undefined): string[] {
  return list(option, values).flatMap((value) => {
    const parts = value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '');
    if (parts.length === 0) throw usageError(`${option} is empty`, `give ${option} a value, or leave it out`);
    return parts;
  });
}

/** One of the allowed words. */
export function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw usageError(`${option} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
}

/** A whole number from `min` to `max`. */
export function wholeNumber(option: string, value: string, min: number, max: number, meaning = ''): number {
  const trimmed = value.trim();
  if (/^\d{1,9}$/.test(trimmed) && Number(trimmed) >= min && Number(trimmed) <= max) return Number(trimmed);
  const range = max >= 1e9 ? (min === 0 ? 'a whole number' : `a whole number from ${min}`) : `a whole number from ${min} to ${max}`;
  throw usageError(`${option} must be ${range}${meaning}, not ${JSON.stringify(value)}`);
}

/** A file option's value: as written, and resolved against the working directory. */
export function file(option: string, value: string | undefined, cwd: string): FileRef | undefined {
  const name = text(option, value);
  return name === undefined ? undefined : { name, path: resolve(cwd, name) };
}

/** The clock of a run: --now, else SOURCE_DATE_EPOCH (seconds, for reproducible output), else the real clock. */
export function resolveNow(nowOption: string | undefined, io: Pick<Io, 'env' | 'now'>): Date {
  const given = text('--now', nowOption);
  if (given !== undefined) {
    const instant = parseInstant(given, 'since');
    if (instant === undefined) throw usageError(`--now: ${JSON.stringify(given)} is not a date or date-time`, 'write it as 2026-11-16 or 2026-11-16T08:00:00Z');
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
export function parseWhen(option: string, value: string, now: Date, edge: 'since' | 'until'): Date {
  const relative = RELATIVE.exec(value.trim());
  if (relative !== null) return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2]!.toLowerCase()]!);
  const instant = parseInstant(value, edge);
  if (instant === undefined) {
    throw usageError(
      `${option}: ${JSON.stringify(value)} is not a date, date-time or relative time`,
      'write it as 2026-11-09, 2026-11-09T08:00Z, 7d or 24h (times are UTC)',
    );
  }
  return instant;
}

/**
 * An ISO date or date-time, UTC unless an offset is given; a bare date as `until` means the end of that day.
 * Undefined for anything else, including calendar values that do not exist and offsets no zone has. The
 * same reading as the exports' own ISO times (ingest/dates.ts).
 */
export function parseInstant(value: string, edge: 'since' | 'until'): Date | undefined {
  const trimmed = value.trim();
  const reading = readIsoByPattern(trimmed);
  if (reading.kind !== 'instant') return undefined;
  const wholeDay = edge === 'until' && /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? 86_400_000 : 0;
  const time = new Date(reading.time.getTime() + wholeDay);
  // Past 9999 a time has no four-digit year: no export, query or report can write it.
  return time.getUTCFullYear() > 9999 ? undefined : time;
}
