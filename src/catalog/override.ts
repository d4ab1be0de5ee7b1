// Owns user catalog files (--catalog FILE): reading them, validating every entry, and merging them
// over a base catalog. Every problem becomes an AppError('CATALOG_INVALID') that names the entry.

import { readFile } from 'node:fs/promises';
import { AppError } from '../errors.js';
import { OUTCOMES, type FileRef, type Outcome } from '../model.js';
import { createCatalog, normalizeCode } from './lookup.js';
import { ACTORS, CATEGORIES, SECURITY_TAGS, type Actor, type Catalog, type CatalogEntry, type Category, type SecurityTag } from './types.js';

/** Marks entries that came from a user file when the file did not give its own `sources`. */
const OVERRIDE_SOURCE = 'override';

const ENTRY_KEYS = ['code', 'name', 'outcome', 'category', 'actor', 'description', 'remediation', 'tags', 'sources'] as const;
type EntryKey = (typeof ENTRY_KEYS)[number];
/** A new code needs these; for a code the base catalog knows, any subset replaces just those fields. */
const REQUIRED_FOR_NEW_CODE = ['outcome', 'category', 'actor', 'description', 'remediation'] as const;

const HINT = 'the file must be a JSON array of entries shaped like the output of `signin-analyzer catalog --format json`';

/** Reads a user catalog file and returns `base` with its entries added or replaced. */
export async function applyOverrideFile(base: Catalog, ref: FileRef): Promise<Catalog> {
  const file = ref.name;
  let text: string;
  try {
    text = await readFile(ref.path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new AppError('CATALOG_INVALID', `cannot read the catalog file (${reason})`, {
      file,
      hint: 'check the path given to --catalog',
    });
  }
  const entries = parseOverrideText(text, base, file);
  return createCatalog(`${base.version}+${OVERRIDE_SOURCE}`, [...base.entries(), ...entries]);
}

/** Validates the text of a user catalog file against `base`; returns the complete entries it defines. */
function parseOverrideText(text: string, base: Catalog, file: string): CatalogEntry[] {
  const fail = (message: string): never => {
    throw new AppError('CATALOG_INVALID', message, { file, hint: HINT });
  };
  let document: unknown;
  try {
    // Editors on Windows like to save a byte-order mark, which JSON.parse rejects.
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return fail(`not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(document)) return fail('the top level is not a JSON array');

  const seen = new Map<number, number>();
  return document.map((raw: unknown, index) => {
    const position = index + 1;
    const entryFail = (code: number | undefined, problem: string): never => fail(`entry ${position}${code === undefined ? '' : ` (code ${code})`}: ${problem}`);

    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return entryFail(undefined, 'is not an object');
    const fields = raw as Record<string, unknown>;
    const code = readCode(fields.code);
    if (code === undefined) return entryFail(undefined, `"code" must be a number such as 50126 or a string such as "AADSTS50126"`);
    const unknownKey = Object.keys(fields).find((key) => !(ENTRY_KEYS as readonly string[]).includes(key));
    if (unknownKey !== undefined) return entryFail(code, `unknown field "${unknownKey}" (allowed: ${ENTRY_KEYS.join(', ')})`);
    const earlier = seen.get(code);
    if (earlier !== undefined) return entryFail(code, `the code already appears in entry ${earlier}`);
    seen.set(code, position);

    const builtIn = base.lookup(code);
    if (builtIn === undefined) {
      const missing = REQUIRED_FOR_NEW_CODE.filter((key) => fields[key] === undefined);
      if (missing.length > 0) {
        return entryFail(code, `the catalog does not know this code, so it needs ${missing.map((key) => `"${key}"`).join(', ')}`);
      }
    }
    const problem = (key: EntryKey, message: string): never => entryFail(code, `"${key}" ${message}`);
    return {
      code,
      name: optionalString(fields.name, builtIn?.name ?? '', (message) => problem('name', message)),
      outcome: oneOf<Outcome>(fields.outcome, OUTCOMES, builtIn?.outcome, (message) => problem('outcome', message)),
      category: oneOf<Category>(fields.category, CLASSIFIABLE_CATEGORIES, builtIn?.category, (message) => problem('category', message)),
      actor: oneOf<Actor>(fields.actor, ACTORS, builtIn?.actor, (message) => problem('actor', message)),
      description: requiredText(fields.description, builtIn?.description, (message) => problem('description', message)),
      remediation: requiredText(fields.remediation, builtIn?.remediation, (message) => problem('remediation', message)),
      tags: listOf<SecurityTag>(fields.tags, SECURITY_TAGS, builtIn?.tags ?? [], (message) => problem('tags', message)),
      sources:
        fields.sources === undefined
          ? [...(builtIn?.sources ?? []), OVERRIDE_SOURCE]
          : listOf<string>(fields.sources, undefined, [], (message) => problem('sources', message)),
    };
  });
}

// `unknown` means "the catalog has no entry", so an entry cannot claim it.
const CLASSIFIABLE_CATEGORIES = CATEGORIES.filter((id) => id !== 'unknown');

function readCode(value: unknown): number | undefined {
  // A number as a code written as text may be: at most nine digits (the KQL's code columns are int).
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= 999_999_999 ? value : undefined;
  if (typeof value === 'string') return normalizeCode(value);
  return undefined;
}

function optionalString(value: unknown, fallback: string, fail: (message: string) => never): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string') return fail('must be a string');
  return value;
}

function requiredText(value: unknown, fallback: string | undefined, fail: (message: string) => never): string {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || value.trim() === '') return fail('must be a non-empty string');
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T | undefined, fail: (message: string) => never): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  return fail(`must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
}

function listOf<T extends string>(value: unknown, allowed: readonly T[] | undefined, fallback: readonly T[], fail: (message: string) => never): readonly T[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value)) return fail('must be an array of strings');
  for (const item of value) {
    if (typeof item !== 'string') return fail(`must be an array of strings (got ${JSON.stringify(item)})`);
    if (allowed !== undefined && !(allowed as readonly string[]).includes(item)) {
      return fail(`contains "${item}", which is not one of ${allowed.join(', ')}`);
    }
  }
  return value as T[];
}
