// Owns --baseline: reading an earlier JSON report and checking, field by field, that it is a schemaVersion 1
// report this version can compare with. A file that does not exist yet is no baseline (the first week); anything
// else is one BASELINE_INVALID error that says what is wrong.

import { readFile } from 'node:fs/promises';
import { COMPARED_DIMENSIONS, dimensionOf, type ComparedDimension } from '../analyze/dimensions.js';
import { AppError } from '../errors.js';
import type { FileRef } from '../model.js';
import type { EarlierFigures, FigureRow } from './compare.js';
import { PRIVATE_KINDS, type PrivacyInfo, type PrivateKind } from './privacy.js';

const BASELINE_SCHEMA_VERSION = 1;

export interface Baseline {
  /** The path as the user gave it. */
  readonly file: string;
  readonly figures: EarlierFigures;
  /** ISO-8601 texts from the baseline, or null when it has none. */
  readonly generatedAt: string | null;
  readonly period: { readonly since: string | null; readonly until: string | null; readonly firstSignIn: string | null; readonly lastSignIn: string | null };
  /** The --period label the baseline was made for (`2026-W45`), when it says. */
  readonly label: string | null;
  /** Lists the baseline cut with --top (its totalRows says more rows existed): entries beyond the cut look new. */
  readonly incomplete: readonly string[];
  /** Sections of compared dimensions the baseline lacks (made before they were compared): those are not compared. */
  readonly missing: readonly string[];
  /** What the baseline's own report pseudonymised or redacted, when it says (absent or null: nothing). */
  readonly privacy?: PrivacyInfo | null;
}

/** Compared since the first schemaVersion 1 report: a baseline without them is no report of ours. */
/** The compared dimensions every schemaVersion 1 report has; a comparison with a baseline has these at least. */
export const ALWAYS_COMPARED: readonly ComparedDimension[] = ['code', 'category', 'user', 'app'];

const HINT = 'give a report written by `signin-analyzer report --format json` (schemaVersion 1)';

/**
 * The baseline, or null when the file does not exist yet: the first week of a schedule passes last week's file,
 * which is not there (the caller warns and compares nothing). Any other problem is a BASELINE_INVALID error.
 */
export async function loadBaseline(ref: FileRef): Promise<Baseline | null> {
  const file = ref.name;
  let text: string;
  try {
    text = await readFile(ref.path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AppError('BASELINE_INVALID', `baseline cannot be read (${(error as Error).message})`, { file, hint: 'check the path and its permissions' });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw invalid(file, `baseline is not JSON (${(error as Error).message})`);
  }
  return checkBaseline(json, file);
}

/** Checks a parsed baseline; keeps only what a comparison reads, so extra fields of newer reports are fine. */
export function checkBaseline(json: unknown, file: string): Baseline {
  if (!isObject(json)) throw invalid(file, 'baseline is not a JSON object');
  if (!('schemaVersion' in json)) throw invalid(file, 'baseline has no schemaVersion: it is not a signin-analyzer JSON report');
  if (json.schemaVersion !== BASELINE_SCHEMA_VERSION) {
    throw invalid(file, `baseline has schemaVersion ${JSON.stringify(json.schemaVersion)}; this version reads schemaVersion ${BASELINE_SCHEMA_VERSION}`);
  }
  const at = new Path(file);
  const totals = at.object(json, 'totals');
  // The first four compared dimensions are in every schemaVersion 1 report; a later one may be missing.
  const present = COMPARED_DIMENSIONS.filter((id) => ALWAYS_COMPARED.includes(id) || json[dimensionOf(id).json.section] !== undefined);
  const figures: EarlierFigures = {
    totals: {
      signIns: at.count(totals, 'totals.signIns', 'signIns'),
      failure: at.count(totals, 'totals.failure', 'failure'),
      interrupted: at.count(totals, 'totals.interrupted', 'interrupted'),
    },
    rows: Object.fromEntries(present.map((id) => [id, figureRows(at, json, id)])) as Partial<Record<ComparedDimension, FigureRow[]>>,
  };
  // Days are optional: reports written before they were read here have them, but nothing depends on them.
  const days =
    json.byDay === undefined
      ? undefined
      : at.rows(json, 'byDay', (row, where) => ({
          key: at.text(row, `${where}.day`, 'day'),
          failures: at.count(row, `${where}.failures`, 'failures'),
          interrupted: at.count(row, `${where}.interrupted`, 'interrupted'),
        }));
  const period = isObject(json.period) ? json.period : {};
  const totalRows = isObject(json.totalRows) ? json.totalRows : {};
  const incomplete = present
    .map((id) => dimensionOf(id).json.section)
    .filter((section) => {
      const total = totalRows[section];
      return typeof total === 'number' && Array.isArray(json[section]) && total > json[section].length;
    });
  return {
    file,
    figures: days === undefined ? figures : { ...figures, days },
    generatedAt: isoOrNull(json.generatedAt),
    period: {
      since: isoOrNull(period.since),
      until: isoOrNull(period.until),
      firstSignIn: isoOrNull(period.firstSignIn),
      lastSignIn: isoOrNull(period.lastSignIn),
    },
    label: typeof period.label === 'string' && period.label !== '' ? period.label : null,
    incomplete,
    missing: COMPARED_DIMENSIONS.filter((id) => !present.includes(id)).map((id) => dimensionOf(id).json.section),
    privacy: privacyOf(json.privacy),
  };
}

/** A report's `privacy`, read leniently: kinds it does not know are left out. */
function privacyOf(value: unknown): PrivacyInfo | null {
  if (!isObject(value)) return null;
  const kinds = (list: unknown): PrivateKind[] => (Array.isArray(list) ? PRIVATE_KINDS.filter((kind) => list.includes(kind)) : []);
  return {
    pseudonymized: kinds(value.pseudonymized),
    redacted: kinds(value.redacted),
    keepDomain: value.keepDomain === true,
    keyId: typeof value.keyId === 'string' ? value.keyId : null,
  };
}

/** A compared dimension's rows. Codes and categories are compared on their count; their failures are read when present. */
function figureRows(at: Path, json: Record<string, unknown>, id: ComparedDimension): FigureRow[] {
  const { section, field, key } = dimensionOf(id).json;
  return at.rows(json, section, (row, where) => {
    const keyText = key === 'code' ? String(at.count(row, `${where}.${field}`, field)) : at.text(row, `${where}.${field}`, field);
    if (dimensionOf(id).compare === 'count') {
      const count = at.count(row, `${where}.count`, 'count');
      const failures = row['failures'] === undefined ? count : at.count(row, `${where}.failures`, 'failures');
      return { key: keyText, failures, interrupted: count - failures };
    }
    return { key: keyText, failures: at.count(row, `${where}.failures`, 'failures'), interrupted: at.count(row, `${where}.interrupted`, 'interrupted') };
  });
}

/** Field checks that name the first bad field by its path in the file (`byUser[3].failures`). */
class Path {
  constructor(private readonly file: string) {}

  object(parent: Record<string, unknown>, name: string): Record<string, unknown> {
    const value = parent[name];
    if (!isObject(value)) throw invalid(this.file, `baseline ${name} is ${describe(value)}, not an object`);
    return value;
  }

  rows<T>(parent: Record<string, unknown>, name: string, read: (row: Record<string, unknown>, where: string) => T): T[] {
    const value = parent[name];
    if (!Array.isArray(value)) throw invalid(this.file, `baseline ${name} is ${describe(value)}, not a list`);
    return value.map((row: unknown, i) => {
      const where = `${name}[${i}]`;
      if (!isObject(row)) throw invalid(this.file, `baseline ${where} is ${describe(row)}, not an object`);
      return read(row, where);
    });
  }

  count(parent: Record<string, unknown>, where: string, name: string): number {
    const value = parent[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalid(this.file, `baseline ${where} is ${describe(value)}, not a count`);
    return value;
  }

  text(parent: Record<string, unknown>, where: string, name: string): string {
    const value = parent[name];
    if (typeof value !== 'string') throw invalid(this.file, `baseline ${where} is ${describe(value)}, not text`);
    return value;
  }
}

function invalid(file: string, message: string): AppError {
  return new AppError('BASELINE_INVALID', message, { file, hint: HINT });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.length > 20 ? `${value.slice(0, 20)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function isoOrNull(value: unknown): string | null {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : null;
}
