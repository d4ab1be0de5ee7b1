// Owns the `codes` command: looking up AADSTS codes in the catalog, filtering by category or text,
// and printing them as a table, JSON or CSV. Unknown codes are reported on stderr with exit code 1.

import { CATEGORIES, loadCatalog, normalizeCode, type CatalogEntry, type Category } from '../catalog/index.js';
import { renderCsv, renderDetailTables, renderJson, renderListTable } from '../catalog/render.js';
import { EXIT, oneLine, usageError, type ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import { optionalFile } from '../config/report.js';
import { TOOL_NAME } from '../version.js';

export const CODES_FORMATS = ['table', 'json', 'csv'] as const;
type CodesFormat = (typeof CODES_FORMATS)[number];

// "Asked for something the catalog does not have" shares exit code 1 with the report's threshold,
// like grep's "no match": the command ran fine, the answer is incomplete.
const EXIT_NOT_FOUND = EXIT.thresholdCrossed;

export const CODES_HELP = `
Codes may be written 50126 or AADSTS50126; several can be given, also comma-separated.
With no codes, every catalog entry is listed (narrow it with --category and --search).

Categories: ${CATEGORIES.filter((id) => id !== 'unknown').join(', ')}

Examples:
  $ signin-analyzer codes 50126
  $ signin-analyzer codes AADSTS50074 500121 --format json
  $ signin-analyzer codes --category conditional_access
  $ signin-analyzer codes --search consent --format csv > consent-codes.csv

Exit codes: 0 every code was found, 1 a code is not in the catalog or nothing matched, 2 usage error.
`;

export async function codesCommand(codeArgs: string[], options: Record<string, unknown>, io: Io): Promise<ExitCode> {
  const format = readFormat(options.format);
  const category = readCategory(options.category);
  const search = typeof options.search === 'string' ? options.search.trim().toLowerCase() : '';
  const requested = parseCodes(codeArgs);
  const catalog = await loadCatalog(optionalFile(options.catalog, io.cwd));

  const missing: number[] = [];
  let selected: CatalogEntry[];
  if (requested.length === 0) {
    selected = [...catalog.entries()];
  } else {
    selected = [];
    for (const code of requested) {
      const entry = catalog.lookup(code);
      if (entry === undefined) missing.push(code);
      else selected.push(entry);
    }
  }
  const matching = selected.filter(
    (entry) =>
      (category === undefined || entry.category === category) &&
      (search === '' || entry.name.toLowerCase().includes(search) || entry.description.toLowerCase().includes(search)),
  );

  for (const code of missing) {
    io.stderr(
      `${TOOL_NAME}: AADSTS${code} is not in the catalog (version ${catalog.version}) — ` +
        `look it up at https://login.microsoftonline.com/error?code=${code}\n`,
    );
  }
  if (matching.length === 0) {
    if (selected.length > 0 || requested.length === 0) io.stderr(`${TOOL_NAME}: ${describeNoMatch(category, search)}\n`);
    return EXIT_NOT_FOUND;
  }

  const color = io.stdoutIsTty && (io.env.NO_COLOR ?? '') === '';
  const renderers: Record<CodesFormat, () => string> = {
    json: () => renderJson(matching),
    csv: () => renderCsv(matching),
    // Asked-for codes get every field; a browsing list gets one line per code.
    table: () => (requested.length > 0 ? renderDetailTables(matching, catalog, { color }) : renderListTable(matching, { color })),
  };
  await io.stdout(renderers[format]());
  return missing.length > 0 ? EXIT_NOT_FOUND : EXIT.ok;
}

function readFormat(value: unknown): CodesFormat {
  if (value === undefined) return 'table';
  if (typeof value === 'string' && (CODES_FORMATS as readonly string[]).includes(value)) return value as CodesFormat;
  throw usageError(`unknown format "${oneLine(String(value))}"`, `use one of ${CODES_FORMATS.join(', ')}`);
}

function readCategory(value: unknown): Category | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value)) return value as Category;
  throw usageError(`unknown category "${oneLine(String(value))}"`, `use one of ${CATEGORIES.join(', ')}`);
}

/** Each argument may hold several codes separated by commas or spaces; duplicates keep their first place. */
function parseCodes(args: readonly string[]): number[] {
  const codes = new Set<number>();
  for (const arg of args) {
    for (const text of arg.split(/[\s,]+/).filter((part) => part !== '')) {
      const code = normalizeCode(text);
      if (code === undefined) throw usageError(`"${oneLine(text)}" is not an AADSTS code`, 'write it as 50126 or AADSTS50126');
      codes.add(code);
    }
  }
  return [...codes];
}

function describeNoMatch(category: Category | undefined, search: string): string {
  const filters = [
    ...(category === undefined ? [] : [`category ${category}`]),
    ...(search === '' ? [] : [`search "${oneLine(search)}"`]),
  ];
  return filters.length === 0 ? 'the catalog is empty' : `no catalog entry matches ${filters.join(' and ')}`;
}
