// Owns the ingest options: raw command-line values (--map, --date-order, --strict, --keep-duplicates,
// --quiet) become one validated, readonly IngestOptions, or a usage error that names the bad value.

import type { Readable } from 'node:stream';
import { usageError } from '../errors.js';
import type { Io } from '../io.js';
import { DATE_ORDERS, type DateOrder } from './dates.js';
import { FIELD_HELP, FIELD_NAMES, type FieldName } from './fields.js';
import { defaultThreads } from './parallel/plan.js';

export interface IngestOptions {
  /** `--map`: read CSVs through these columns instead of recognising their header. */
  readonly fieldMap: ReadonlyMap<FieldName, string> | undefined;
  readonly dateOrder: DateOrder | undefined;
  readonly strict: boolean;
  readonly keepDuplicates: boolean;
  readonly quiet: boolean;
  /** Draw a progress bar on stderr for large inputs (stderr is a terminal and not --quiet). */
  readonly progress: boolean;
  readonly stdin: Readable;
  /** The directory relative input paths are read from. */
  readonly cwd: string;
  readonly stderr: (text: string) => void;
  /** Notes on how inputs are read (SIGNIN_ANALYZER_TRACE=1), for checking the parallel reader. */
  readonly trace?: (text: string) => void;
  /** Read large files in parts on worker threads (see parallel.ts); absent: one thread. */
  readonly parallel?: ParallelSettings;
}

/**
 * How large files are read in parallel. Each part's sign-ins go to a sink built inside the worker from
 * `sinkModule` (which exports `createSink(config)`); the sink's result comes back to `merge` in the main thread.
 */
export interface ParallelSettings {
  readonly threads: number;
  /** Files smaller than this are read on the main thread. */
  readonly minBytes: number;
  readonly sinkModule: string;
  readonly sinkConfig: unknown;
  readonly merge: (result: unknown) => void;
}

/** What a parallel sink module exports. */
export interface PartSink {
  add(signIn: import('../model.js').SignIn): void;
  /** Structured-cloneable: it is posted back to the main thread. */
  result(): unknown;
}

/**
 * `--threads` (and SIGNIN_ANALYZER_PARALLEL_MIN_BYTES, the file size from which files are read in parts)
 * decide the parallel settings when the caller names a sink for the worker threads.
 */
export function ingestOptionsFrom(
  options: Record<string, unknown>,
  io: Io,
  sink?: Pick<ParallelSettings, 'sinkModule' | 'sinkConfig' | 'merge'>,
): IngestOptions {
  const quiet = options['quiet'] === true;
  const threads = options['threads'] === undefined ? defaultThreads() : Number(options['threads']);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw usageError(`--threads must be a whole number from 1 to 64, not ${JSON.stringify(options['threads'])}`);
  }
  const minBytesText = io.env['SIGNIN_ANALYZER_PARALLEL_MIN_BYTES'];
  const minBytes = minBytesText === undefined || minBytesText === '' ? DEFAULT_PARALLEL_MIN_BYTES : Number(minBytesText);
  const dateOrder = options['dateOrder'];
  if (dateOrder !== undefined && !DATE_ORDERS.includes(dateOrder as DateOrder)) {
    throw usageError(`--date-order must be dmy or mdy, not ${JSON.stringify(dateOrder)}`);
  }
  return {
    fieldMap: typeof options['map'] === 'string' ? parseFieldMap(options['map']) : undefined,
    dateOrder: dateOrder as DateOrder | undefined,
    strict: options['strict'] === true,
    keepDuplicates: options['keepDuplicates'] === true,
    quiet,
    progress: io.stderrIsTty && !quiet && io.env['CI'] === undefined,
    stdin: io.stdin,
    cwd: io.cwd,
    stderr: io.stderr,
    ...(io.env['SIGNIN_ANALYZER_TRACE'] === '1' ? { trace: (text: string) => io.stderr(`${text}\n`) } : {}),
    ...(sink === undefined || threads < 2 || !(minBytes >= 0) ? {} : { parallel: { threads, minBytes, ...sink } }),
  };
}

/** Files from this size on are read in parts on worker threads: below it, starting the threads costs more than it saves. */
export const DEFAULT_PARALLEL_MIN_BYTES = 64 * 1024 * 1024;

/** `time=signInDateTime,code=statusCode,user=userId` → field → column. */
export function parseFieldMap(text: string): ReadonlyMap<FieldName, string> {
  const map = new Map<FieldName, string>();
  for (const part of text.split(',')) {
    if (part.trim().length === 0) continue;
    const equals = part.indexOf('=');
    const field = (equals < 0 ? part : part.slice(0, equals)).trim();
    const column = equals < 0 ? '' : part.slice(equals + 1).trim();
    if (!FIELD_NAMES.includes(field as FieldName)) {
      throw usageError(`--map: unknown field ${JSON.stringify(field)}`, `fields are ${FIELD_NAMES.join(', ')}`);
    }
    if (column.length === 0) throw usageError(`--map: field ${field} names no column`, 'write it as field=Column Name');
    if (map.has(field as FieldName)) throw usageError(`--map: field ${field} is mapped twice`);
    map.set(field as FieldName, column);
  }
  if (!map.has('time') || !map.has('code')) {
    throw usageError('--map must name at least the time and code columns', 'for example --map time=signInDateTime,code=statusCode');
  }
  return map;
}

/** The `--map` part of `report --help`. */
export function fieldMapHelp(): string {
  const width = Math.max(...FIELD_NAMES.map((name) => name.length));
  return FIELD_NAMES.map((name) => `  ${name.padEnd(width)}  ${FIELD_HELP[name]}`).join('\n');
}
