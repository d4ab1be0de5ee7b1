// Owns the options every command that reads sign-ins shares (report, export): the inputs, how they are read
// (ingest settings), which sign-ins count (row filters; the window is windows.ts's), the catalog, the clock, and
// the --output name with its template filled in (never one of the inputs; its extension the format's default).
// Each command's own config builds on this one, so both read the same options the same way; nothing below config
// reads raw options.

import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { RowCriteria } from '../analyze/index.js';
import { CATEGORIES, normalizeCode, type Category } from '../catalog/index.js';
import { usageError } from '../errors.js';
import { DATE_ORDERS, type DateOrder } from '../ingest/dates.js';
import { FIELD_NAMES, type FieldName } from '../ingest/fields.js';
import { DEFAULT_PARALLEL_MIN_BYTES, defaultThreads, type IngestSettings } from '../ingest/index.js';
import type { Io } from '../io.js';
import { OUTCOMES, SIGN_IN_TYPES, type FileRef, type Outcome, type SignInType } from '../model.js';
import type { ResolvedPeriod } from './period.js';
import { file, list, oneOf, resolveNow, splitList, text, wholeNumber } from './values.js';
import type { RawWindowOptions } from './windows.js';

/** The shared options as commander hands them over. */
export interface RawInputOptions extends Omit<RawWindowOptions, 'compare'> {
  readonly output?: string;
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
  readonly quiet?: boolean;
}

/** What the shared options settle: what is read, how, and which sign-ins count. */
export interface InputsConfig {
  readonly inputs: readonly string[];
  readonly cwd: string;
  readonly ingest: IngestSettings;
  readonly filter: RowCriteria;
  readonly catalogFile: FileRef | undefined;
  /** --now, else SOURCE_DATE_EPOCH, else the clock: relative times and generatedAt use it. */
  readonly now: Date;
  readonly quiet: boolean;
}

export type ConfigIo = Pick<Io, 'env' | 'now' | 'cwd' | 'stdoutIsTty' | 'stderrIsTty'>;

export function inputsConfig(inputs: readonly string[], options: RawInputOptions, io: ConfigIo): InputsConfig {
  if (inputs.length === 0) throw usageError('no input given', 'name export files or directories, or - to read stdin');
  // An empty name would resolve to the working directory and read it all.
  if (inputs.some((input) => input.trim() === '')) throw usageError('an input name is empty', 'name export files or directories, or - to read stdin');
  if (inputs.filter((input) => input === '-').length > 1) throw usageError('- (standard input) is given twice', 'standard input can be read once: give - once');
  const now = resolveNow(options.now, io);
  const quiet = options.quiet === true;
  const threadsText = text('--threads', options.threads);
  const minBytesText = io.env['SIGNIN_ANALYZER_PARALLEL_MIN_BYTES'];
  // A whole number of bytes; anything else turns reading in parts off rather than failing the run.
  const parallelMinBytes =
    minBytesText === undefined || minBytesText === ''
      ? DEFAULT_PARALLEL_MIN_BYTES
      : /^\s*\d+\s*$/.test(minBytesText)
        ? Number(minBytesText)
        : Number.POSITIVE_INFINITY;
  return {
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
    catalogFile: file('--catalog', options.catalog, io.cwd),
    now,
    quiet,
  };
}

/** What an --output file name's extension asks for, when --format is not given. */
const EXTENSION_FORMATS: Readonly<Record<string, string>> = {
  txt: 'table',
  json: 'json',
  csv: 'csv',
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
  xlsx: 'xlsx',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
};

/** The format of `formats` that an --output name ends in (report.xlsx → xlsx), or undefined. */
export function formatOfOutput<F extends string>(name: string | undefined, formats: readonly F[]): F | undefined {
  const extension = /\.([a-z]+)$/i.exec(name ?? '')?.[1]?.toLowerCase();
  const format = extension === undefined ? undefined : EXTENSION_FORMATS[extension];
  return formats.find((candidate) => candidate === format);
}

// Output templates load date-fns' formatting code: imported only by runs that use them, so a plain run starts sooner.
const templates = () => import('./output-template.js');

/** The --output path with its template filled in ({period}, {start}, {end}, {now}, {format}), or null for stdout. */
export async function outputFile(
  name: string | undefined,
  cwd: string,
  values: { period: ResolvedPeriod | null; now: Date; timeZone: string; format: string },
  inputs: readonly string[],
): Promise<FileRef | null> {
  if (name === undefined) return null;
  const filler = name.includes('{') ? await templates() : undefined;
  const filled = filler?.hasTemplateFields(name) ? filler.expandOutputTemplate(name, values) : name;
  const ref = { name: filled, path: resolve(cwd, filled) };
  // Writing over an input would replace the export with its own report.
  const same = await realpath(ref.path).catch(() => ref.path);
  for (const input of inputs) {
    if (input !== '-' && (await realpath(resolve(cwd, input)).catch(() => resolve(cwd, input))) === same) {
      throw usageError(`--output ${filled} is one of the inputs, and writing it would replace the sign-ins read from it`, 'give --output another file name');
    }
  }
  return ref;
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
