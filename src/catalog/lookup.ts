// Owns turning catalog entries into a Catalog: code lookup, code-text parsing and the explicit entry
// for codes the catalog does not know. No IO here; override.ts reads user files.

import { CATEGORY_INFO, categoryInfo } from './categories.js';
import type { Catalog, CatalogEntry } from './types.js';

/** Entries sorted by code; a later entry with the same code replaces an earlier one. */
export function createCatalog(version: string, entries: Iterable<CatalogEntry>): Catalog {
  const byCode = new Map<number, CatalogEntry>();
  for (const entry of entries) byCode.set(entry.code, entry);
  const sorted: readonly CatalogEntry[] = [...byCode.values()].sort((a, b) => a.code - b.code);
  return {
    version,
    lookup: (code) => byCode.get(code),
    entries: () => sorted,
    category: categoryInfo,
    categories: () => CATEGORY_INFO,
  };
}

// Codes seen in the wild have at most 7 digits; 9 leaves room without allowing unsafe integers.
const CODE_TEXT = /^(?:AADSTS)?(\d{1,9}):?$/i;

/**
 * The one reading of an error code's text, for every export format and every option: a non-negative whole
 * number written as one, `50126`, `AADSTS50126` or `aadsts50126` (surrounding spaces allowed) → 50126.
 * Anything else (`-0`, `50126.0`, `5.0126e4`, `1E5`, more than 9 digits) → undefined.
 */
export function normalizeCode(text: string): number | undefined {
  const match = CODE_TEXT.exec(text.trim());
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * The stand-in for a code the catalog does not know. It is never dropped: it counts as a failure in
 * category `unknown`, and reports show the row's own failure reason next to it.
 */
export function unknownEntry(code: number): CatalogEntry {
  return {
    code,
    name: '',
    outcome: 'failure',
    category: 'unknown',
    actor: 'none',
    description: `The catalog does not know code ${code}; the sign-in's own failure reason is shown instead.`,
    remediation: `Look the code up at https://login.microsoftonline.com/error?code=${code} and classify it with --catalog if it matters.`,
    tags: [],
    sources: [],
  };
}
