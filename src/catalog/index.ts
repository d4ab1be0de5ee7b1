// Owns the catalog's public surface: the built-in catalog, loading it with a user override file, code-text
// parsing and the stand-in entry for unknown codes. Other modules import from here, or from types.ts (the
// vocabulary) and render.ts (the exports) for those alone.

import { BUILTIN_ENTRIES, CATALOG_VERSION } from './codes.js';
import { createCatalog } from './lookup.js';
import { applyOverrideFile } from './override.js';
import type { Catalog } from './types.js';
import type { FileRef } from '../model.js';

export { CATALOG_VERSION } from './codes.js';
export { normalizeCode, unknownEntry } from './lookup.js';
export { categoryInfo } from './categories.js';
export * from './types.js';

let builtin: Catalog | undefined;

/** The catalog compiled into the tool; built once per process. */
export function builtinCatalog(): Catalog {
  builtin ??= createCatalog(CATALOG_VERSION, BUILTIN_ENTRIES);
  return builtin;
}

/** The built-in catalog, with the entries of `overrideFile` (a JSON array, as `catalog --format json` prints) added or replaced. */
export async function loadCatalog(overrideFile: FileRef | undefined): Promise<Catalog> {
  if (overrideFile === undefined) return builtinCatalog();
  return applyOverrideFile(builtinCatalog(), overrideFile);
}
