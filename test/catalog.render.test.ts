// The text forms of the catalog: the KQL datatable parses with the right shape and values, CSV parses
// back to the entries and cannot smuggle formulas into a spreadsheet, JSON has the documented fields.

import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinCatalog, unknownEntry, type CatalogEntry } from '../src/catalog/index.js';
import { CSV_COLUMNS, EXPORTERS, kqlString, renderCsv, renderJson, renderKql } from '../src/catalog/render.js';
import { csvCell } from '../src/text.js';

const entries = builtinCatalog().entries();

// ---------------------------------------------------------------- a small KQL datatable checker

type KqlValue = { type: 'int'; value: number } | { type: 'string'; value: string };

interface Datatable {
  name: string;
  columns: { name: string; type: string }[];
  rows: KqlValue[][];
}

const KQL_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', "'": "'", n: '\n', r: '\r', t: '\t' };

/**
 * Parses `let Name = datatable(Col:type, ...)[ values ];` (after optional // comment lines) the way KQL
 * reads it: values are ints or double-quoted strings with backslash escapes, separated by commas, and
 * filled into rows column by column. Throws on anything else.
 */
function parseDatatable(text: string): Datatable {
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`${what} at offset ${at}: ${JSON.stringify(text.slice(at, at + 40))}`);
  };
  const skipSpace = () => {
    for (;;) {
      const space = /^\s+/.exec(text.slice(at));
      if (space !== null) at += space[0].length;
      else if (text.startsWith('//', at)) at = text.includes('\n', at) ? text.indexOf('\n', at) + 1 : text.length;
      else return;
    }
  };
  const expectToken = (pattern: RegExp, what: string): string => {
    skipSpace();
    const match = pattern.exec(text.slice(at));
    if (match === null) return fail(`expected ${what}`);
    at += match[0].length;
    return match[0];
  };
  const readString = (): string => {
    at += 1; // opening quote
    let value = '';
    for (;;) {
      const char = text[at];
      if (char === undefined || char === '\n' || char === '\r') return fail('unterminated string');
      at += 1;
      if (char === '"') return value;
      if (char !== '\\') {
        value += char;
        continue;
      }
      const escaped = text[at];
      at += 1;
      if (escaped === 'u') {
        const hex = text.slice(at, at + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return fail('bad \\u escape');
        value += String.fromCharCode(parseInt(hex, 16));
        at += 4;
      } else if (escaped !== undefined && escaped in KQL_ESCAPES) {
        value += KQL_ESCAPES[escaped];
      } else {
        return fail(`unknown escape \\${escaped}`);
      }
    }
  };

  expectToken(/^let\b/, 'let');
  const name = expectToken(/^[A-Za-z_][A-Za-z0-9_]*/, 'a table name');
  expectToken(/^=/, '=');
  expectToken(/^datatable\b/, 'datatable');
  expectToken(/^\(/, '(');
  const columns: { name: string; type: string }[] = [];
  for (;;) {
    const column = expectToken(/^[A-Za-z_][A-Za-z0-9_]*\s*:\s*(?:int|long|string|real|bool|datetime)\b/, 'Column:type');
    const [columnName, type] = column.split(':').map((part) => part.trim());
    columns.push({ name: columnName ?? '', type: type ?? '' });
    if (expectToken(/^[,)]/, ', or )') === ')') break;
  }
  expectToken(/^\[/, '[');
  const values: KqlValue[] = [];
  skipSpace();
  if (text[at] === ']') at += 1;
  else {
    for (;;) {
      skipSpace();
      if (text[at] === '"') values.push({ type: 'string', value: readString() });
      else values.push({ type: 'int', value: Number(expectToken(/^-?\d+/, 'a value')) });
      if (expectToken(/^[,\]]/, ', or ]') === ']') break;
    }
  }
  expectToken(/^;/, ';');
  skipSpace();
  if (at !== text.length) fail('unexpected text after the statement');
  if (values.length % columns.length !== 0) throw new Error(`${values.length} values do not fill rows of ${columns.length} columns`);
  const rows: KqlValue[][] = [];
  for (let start = 0; start < values.length; start += columns.length) rows.push(values.slice(start, start + columns.length));
  return { name, columns, rows };
}

describe('parseDatatable (the checker itself)', () => {
  it('rejects broken statements', () => {
    expect(() => parseDatatable('let T = datatable(A:int, B:string)[1, "x", 2];')).toThrow(/do not fill rows/);
    expect(() => parseDatatable('let T = datatable(A:int)[1, 2]')).toThrow(/expected ;/);
    expect(() => parseDatatable('let T = datatable(A:string)["a\\q"];')).toThrow(/unknown escape/);
    expect(() => parseDatatable('let T = datatable(A:string)["a\nb"];')).toThrow(/unterminated/);
    expect(() => parseDatatable('let T = datatable(A:string)["a"b"];')).toThrow(/expected , or ]/);
  });
});

describe('renderKql', () => {
  const kql = renderKql(entries, builtinCatalog().version);
  const table = parseDatatable(kql);

  it('declares AadstsCatalog with the documented columns', () => {
    expect(kql).toMatch(/^\/\/ AADSTS error-code catalog /);
    expect(table.name).toBe('AadstsCatalog');
    expect(table.columns).toEqual([
      { name: 'Code', type: 'int' },
      { name: 'Name', type: 'string' },
      { name: 'Outcome', type: 'string' },
      { name: 'Category', type: 'string' },
      { name: 'Actor', type: 'string' },
      { name: 'Description', type: 'string' },
      { name: 'Remediation', type: 'string' },
    ]);
  });

  it('has one row per entry, with values typed as the columns say', () => {
    expect(table.rows).toHaveLength(entries.length);
    for (const row of table.rows) {
      expect(row.map((value) => value.type)).toEqual(table.columns.map((column) => column.type));
    }
  });

  it('carries every entry exactly', () => {
    const decoded = table.rows.map((row) => row.map((value) => value.value));
    expect(decoded).toEqual(entries.map((entry) => [entry.code, entry.name, entry.outcome, entry.category, entry.actor, entry.description, entry.remediation]));
  });

  it('escapes any text so that it parses back unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), (description, remediation) => {
        const entry: CatalogEntry = { ...unknownEntry(12345), description, remediation, name: '"\\' };
        const [row] = parseDatatable(renderKql([entry], 'test')).rows;
        expect(row?.map((value) => value.value)).toEqual([12345, '"\\', 'failure', 'unknown', 'none', description, remediation]);
      }),
    );
  });

  it('keeps each string literal on one line', () => {
    expect(kqlString('a\nb\r\tc"d\\e\u0001\u007f')).toBe('"a\\nb\\r\\tc\\"d\\\\e\\u0001\\u007f"');
  });

  it('parses as an empty table when there are no entries', () => {
    expect(parseDatatable(renderKql([], 'test')).rows).toEqual([]);
  });
});

// ---------------------------------------------------------------- CSV

/** What a spreadsheet should show for a cell: formula starters get a leading apostrophe. */
function csvModel(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

describe('renderCsv', () => {
  it('parses back to the entries, in order, with the documented header', () => {
    const records = parseCsv(renderCsv(entries), { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0] ?? {})).toEqual([...CSV_COLUMNS]);
    expect(records).toEqual(
      entries.map((entry) => ({
        code: String(entry.code),
        name: entry.name,
        outcome: entry.outcome,
        category: entry.category,
        actor: entry.actor,
        description: csvModel(entry.description),
        remediation: csvModel(entry.remediation),
        tags: entry.tags.join(';'),
        sources: entry.sources.join(';'),
      })),
    );
  });

  it('defuses cells that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe(`'\t=1`);
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('')).toBe('');
  });

  it('round-trips any cell through a CSV parser, defused', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 5 }), (cells) => {
        const line = `${cells.map(csvCell).join(',')}\n`;
        const [record] = parseCsv(line, { relax_column_count: false }) as string[][];
        expect(record).toEqual(cells.map(csvModel));
        for (const cell of record ?? []) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });
});

// ---------------------------------------------------------------- JSON and the export registry

describe('renderJson', () => {
  it('prints an array of objects with the documented fields in order', () => {
    const parsed = JSON.parse(renderJson(entries)) as Record<string, unknown>[];
    expect(parsed).toHaveLength(entries.length);
    for (const object of parsed) {
      expect(Object.keys(object)).toEqual(['code', 'name', 'outcome', 'category', 'actor', 'description', 'remediation', 'tags', 'sources']);
    }
    expect(parsed.find((object) => object.code === 50126)).toEqual({ ...builtinCatalog().lookup(50126) });
  });
});

describe('EXPORTERS', () => {
  it('renders the whole catalog in each format', () => {
    const catalog = builtinCatalog();
    expect(EXPORTERS.json(catalog)).toBe(renderJson(catalog.entries()));
    expect(EXPORTERS.csv(catalog)).toBe(renderCsv(catalog.entries()));
    expect(EXPORTERS.kql(catalog)).toBe(renderKql(catalog.entries(), catalog.version));
  });
});
