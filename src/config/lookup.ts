// Owns the configuration of the catalog commands (`codes`, `catalog`): raw option values become a validated,
// frozen config, or a usage error naming the bad value. Choices commander checks are not checked again.

import { normalizeCode, type Category } from '../catalog/index.js';
import type { ExportFormat } from '../catalog/render.js';
import { usageError } from '../errors.js';
import type { Io } from '../io.js';
import type { FileRef } from '../model.js';
import { file, text } from './values.js';

export const CODES_FORMATS = ['table', 'json', 'csv'] as const;
export type CodesFormat = (typeof CODES_FORMATS)[number];

export interface RawCodesOptions {
  readonly format?: CodesFormat;
  readonly category?: Category;
  readonly search?: string;
  readonly catalog?: string;
}

export interface CodesConfig {
  readonly format: CodesFormat;
  /** The codes asked for, each once, in the order given; empty: every entry. */
  readonly codes: readonly number[];
  readonly category: Category | undefined;
  /** Lower-case text to find in a name or description; empty: no search. */
  readonly search: string;
  readonly catalogFile: FileRef | undefined;
  /** Colour in the tables: stdout is a terminal and NO_COLOR is not set. */
  readonly color: boolean;
}

export function codesConfig(codeArgs: readonly string[], options: RawCodesOptions, io: Pick<Io, 'cwd' | 'env' | 'stdoutIsTty'>): CodesConfig {
  return Object.freeze({
    format: options.format ?? 'table',
    codes: parseCodes(codeArgs),
    category: options.category,
    search: text('--search', options.search)?.trim().toLowerCase() ?? '',
    catalogFile: file('--catalog', options.catalog, io.cwd),
    color: io.stdoutIsTty && (io.env['NO_COLOR'] ?? '') === '',
  });
}

export interface RawCatalogOptions {
  readonly format?: ExportFormat;
  readonly catalog?: string;
}

export interface CatalogConfig {
  readonly format: ExportFormat;
  readonly catalogFile: FileRef | undefined;
}

export function catalogConfig(options: RawCatalogOptions, io: Pick<Io, 'cwd'>): CatalogConfig {
  return Object.freeze({ format: options.format ?? 'json', catalogFile: file('--catalog', options.catalog, io.cwd) });
}

/** Each argument may hold several codes separated by commas or spaces; duplicates keep their first place. */
function parseCodes(args: readonly string[]): number[] {
  const codes = new Set<number>();
  for (const arg of args) {
    // As pasted from an error message, too: `AADSTS50126:`, `AADSTS 50126`.
    const parts = arg
      .replace(/AADSTS\s+(?=\d)/gi, 'AADSTS')
      .split(/[\s,]+/)
      .filter((piece) => piece !== '');
    if (parts.length === 0) throw usageError(`${JSON.stringify(arg)} names no code`, 'write it as 50126 or AADSTS50126, or leave it out to list every code');
    for (const part of parts) {
      const code = normalizeCode(part);
      if (code === undefined) throw usageError(`${JSON.stringify(part)} is not an AADSTS code`, 'write it as 50126 or AADSTS50126');
      codes.add(code);
    }
  }
  return [...codes];
}
