// Owns the text forms of catalog entries: JSON, CSV, a KQL datatable and terminal tables.
// Renderers are pure: entries in, string out. The commands decide where the text goes.

import { Table } from '../cli-table.js';
import { csvCell, neutralize } from '../text.js';
import type { Catalog, CatalogEntry, CategoryInfo } from './types.js';

/** The JSON shape of one entry: also the shape `--catalog` files use. Key order is part of the contract. */
export interface CatalogEntryJson {
  code: number;
  name: string;
  outcome: string;
  category: string;
  actor: string;
  description: string;
  remediation: string;
  tags: string[];
  sources: string[];
}

export function entryToJson(entry: CatalogEntry): CatalogEntryJson {
  return {
    code: entry.code,
    name: entry.name,
    outcome: entry.outcome,
    category: entry.category,
    actor: entry.actor,
    description: entry.description,
    remediation: entry.remediation,
    tags: [...entry.tags],
    sources: [...entry.sources],
  };
}

export function renderJson(entries: readonly CatalogEntry[]): string {
  return `${JSON.stringify(entries.map(entryToJson), null, 2)}\n`;
}

// ---------------------------------------------------------------- CSV

export const CSV_COLUMNS = ['code', 'name', 'outcome', 'category', 'actor', 'description', 'remediation', 'tags', 'sources'] as const;
/** Separator inside the tags and sources cells. */
const CSV_LIST_SEPARATOR = ';';

export function renderCsv(entries: readonly CatalogEntry[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const entry of entries) {
    const json = entryToJson(entry);
    lines.push(
      CSV_COLUMNS.map((column) => {
        const value = json[column];
        return csvCell(Array.isArray(value) ? value.join(CSV_LIST_SEPARATOR) : String(value));
      }).join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------- KQL

export const KQL_TABLE_NAME = 'AadstsCatalog';
const KQL_SCHEMA = 'Code:int, Name:string, Outcome:string, Category:string, Actor:string, Description:string, Remediation:string';

/**
 * A `let AadstsCatalog = datatable(...)[...];` statement for Log Analytics / Sentinel. Paste it above a
 * query and join on `toint(ResultType)`; docs/catalog.md shows the full join.
 */
export function renderKql(entries: readonly CatalogEntry[], version: string): string {
  return [
    `// AADSTS error-code catalog ${version}, ${entries.length} codes. Join with:`,
    `//   SigninLogs | extend Code = toint(ResultType) | join kind=leftouter ${KQL_TABLE_NAME} on Code`,
    kqlCatalogStatement(entries),
    '',
  ].join('\n');
}

/** The `let AadstsCatalog = datatable(...)[...];` statement alone, one entry a line. */
export function kqlCatalogStatement(entries: readonly CatalogEntry[]): string {
  return kqlDatatable(
    KQL_TABLE_NAME,
    KQL_SCHEMA,
    entries.map((entry) => [
      String(entry.code),
      kqlString(entry.name),
      kqlString(entry.outcome),
      kqlString(entry.category),
      kqlString(entry.actor),
      kqlString(entry.description),
      kqlString(entry.remediation),
    ]),
  );
}

export const KQL_CODES_TABLE_NAME = 'AadstsCodes';

/**
 * The catalog's outcome and category of every code, compact: one row per outcome and category with its codes,
 * expanded to `Code, Outcome, Category` rows. A few kilobytes instead of the whole catalog, for queries that only
 * classify sign-ins.
 */
export function kqlCodesStatement(entries: readonly CatalogEntry[]): string {
  const groups = new Map<string, { outcome: string; category: string; codes: number[] }>();
  for (const entry of entries) {
    const key = `${entry.outcome}\u0000${entry.category}`;
    const group = groups.get(key) ?? { outcome: entry.outcome, category: entry.category, codes: [] };
    group.codes.push(entry.code);
    groups.set(key, group);
  }
  const rows = [...groups.values()].map((group) => [kqlString(group.outcome), kqlString(group.category), `dynamic([${group.codes.join(', ')}])`]);
  const table = kqlDatatable(KQL_CODES_TABLE_NAME, 'Outcome:string, Category:string, Codes:dynamic', rows);
  return `${table.slice(0, -1)}\n    | mv-expand Code = Codes to typeof(int)\n    | project Code, Outcome, Category;`;
}

export const KQL_CATEGORIES_TABLE_NAME = 'AadstsCategories';

/** The remediation categories: `Category, Title, Actor, Guidance`. */
export function kqlCategoriesStatement(categories: readonly CategoryInfo[]): string {
  return kqlDatatable(
    KQL_CATEGORIES_TABLE_NAME,
    'Category:string, Title:string, Actor:string, Guidance:string',
    categories.map((info) => [kqlString(info.id), kqlString(info.title), kqlString(info.actor), kqlString(info.guidance)]),
  );
}

/** `let NAME = datatable(SCHEMA)[ ... ];` with one row of literals a line. */
function kqlDatatable(name: string, schema: string, rows: readonly (readonly string[])[]): string {
  // No blank line, even for no rows: the Logs blade takes a blank line for the end of a query.
  if (rows.length === 0) return `let ${name} = datatable(${schema})[];`;
  return [`let ${name} = datatable(${schema})[`, rows.map((row) => `    ${row.join(', ')}`).join(',\n'), '];'].join('\n');
}

/** A double-quoted KQL string literal: backslash escapes for \ and ", and for every control character. */
export function kqlString(value: string): string {
  let out = '"';
  for (const char of value) {
    const point = char.codePointAt(0) ?? 0;
    if (char === '\\') out += '\\\\';
    else if (char === '"') out += '\\"';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (point < 0x20 || (point >= 0x7f && point <= 0x9f)) out += `\\u${point.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

// ---------------------------------------------------------------- terminal tables

export interface TableOptions {
  /** Bold headings and grey borders; false for pipes, files and NO_COLOR. */
  readonly color: boolean;
}

/** One row per code: for browsing many codes. */
export function renderListTable(entries: readonly CatalogEntry[], options: TableOptions): string {
  const table = new Table({
    head: ['Code', 'Outcome', 'Category', 'Actor', 'Name / description'],
    colWidths: [10, 13, 20, 19, 62],
    wordWrap: true,
    style: tableStyle(options),
  });
  for (const entry of entries) {
    // A --catalog file's texts are shown as text: no control or direction-override character reaches the terminal.
    const text = entry.name === '' ? neutralize(entry.description) : `${neutralize(entry.name)}\n${neutralize(entry.description)}`;
    table.push([String(entry.code), entry.outcome, entry.category, entry.actor, text]);
  }
  return `${table.toString()}\n`;
}

/** Every field of each code, one block per code: for looking up a few codes. */
export function renderDetailTables(entries: readonly CatalogEntry[], catalog: Catalog, options: TableOptions): string {
  return entries
    .map((entry) => {
      const table = new Table({ colWidths: [13, 68], wordWrap: true, style: { ...tableStyle(options), compact: true } });
      const rows: [string, string][] = [
        ['Code', `${entry.code} (AADSTS${entry.code})`],
        ['Name', entry.name === '' ? '(no symbolic name)' : entry.name],
        ['Outcome', entry.outcome],
        ['Category', `${entry.category}: ${catalog.category(entry.category).title}`],
        ['Actor', entry.actor],
        ['Description', entry.description],
        ['Remediation', entry.remediation],
        ['Tags', entry.tags.length === 0 ? '-' : entry.tags.join(', ')],
        ['Sources', entry.sources.length === 0 ? '-' : entry.sources.join(', ')],
      ];
      table.push(...rows.map(([label, value]): [string, string] => [label, neutralize(value)]));
      return `${table.toString()}\n`;
    })
    .join('\n');
}

function tableStyle(options: TableOptions): { head: string[]; border: string[] } {
  return options.color ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] };
}

// ---------------------------------------------------------------- whole-catalog exports

export const EXPORT_FORMATS = ['json', 'csv', 'kql'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORTERS = {
  json: (catalog) => renderJson(catalog.entries()),
  csv: (catalog) => renderCsv(catalog.entries()),
  kql: (catalog) => renderKql(catalog.entries(), catalog.version),
} as const satisfies Record<ExportFormat, (catalog: Catalog) => string>;
