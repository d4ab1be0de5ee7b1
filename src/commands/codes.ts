// Owns the `codes` command: its options and its run, looking up AADSTS codes in the catalog, filtering by category
// or text, and printing them as a table, JSON or CSV. Unknown codes are reported on stderr with exit code 1.

import { type Command, Option } from 'commander';
import { CATEGORIES, loadCatalog, type CatalogEntry, type Category } from '../catalog/index.js';
import { renderCsv, renderDetailTables, renderJson, renderListTable } from '../catalog/render.js';
import { codesConfig, CODES_FORMATS, type CodesFormat, type RawCodesOptions } from '../config/lookup.js';
import { formatDiagnostic } from '../diagnostics.js';
import { EXIT, type ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import type { SetAction } from './define.js';

// "Asked for something the catalog does not have" shares exit code 1 with the report's threshold,
// like grep's "no match": the command ran fine, the answer is incomplete.
const EXIT_NOT_FOUND = EXIT.thresholdCrossed;

const CODES_HELP = `
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

export function defineCodes(program: Command, setAction: SetAction): void {
  program
    .command('codes')
    .description('look up AADSTS error codes in the built-in catalog')
    .argument('[codes...]', 'codes such as 50126 or AADSTS50126 (none: all codes)')
    .addOption(new Option('--category <id>', 'only codes of this remediation category').choices(CATEGORIES))
    .option('--search <text>', 'only codes whose name or description contains the text')
    .addOption(new Option('-f, --format <format>', 'output format').choices(CODES_FORMATS).default('table'))
    .option('--catalog <file>', 'a JSON file of catalog entries that add to or override the built-in catalog')
    .addHelpText('after', CODES_HELP)
    .action((codes: string[], options: RawCodesOptions) => {
      setAction((io) => codesCommand(codes, options, io));
    });
}

async function codesCommand(codeArgs: readonly string[], options: RawCodesOptions, io: Io): Promise<ExitCode> {
  const config = codesConfig(codeArgs, options, io);
  const catalog = await loadCatalog(config.catalogFile);

  const missing: number[] = [];
  const selected: CatalogEntry[] = [];
  if (config.codes.length === 0) selected.push(...catalog.entries());
  for (const code of config.codes) {
    const entry = catalog.lookup(code);
    if (entry === undefined) missing.push(code);
    else selected.push(entry);
  }
  const { category, search } = config;
  const matching = selected.filter(
    (entry) =>
      (category === undefined || entry.category === category) &&
      (search === '' || entry.name.toLowerCase().includes(search) || entry.description.toLowerCase().includes(search)),
  );

  for (const code of missing) {
    io.stderr(
      formatDiagnostic({
        severity: 'error',
        code: 'CODE_NOT_IN_CATALOG',
        message: `AADSTS${code} is not in the catalog (version ${catalog.version})`,
        hint: `look it up at https://login.microsoftonline.com/error?code=${code}`,
        file: null,
        line: null,
      }),
    );
  }
  const renderers: Record<CodesFormat, () => string> = {
    json: () => renderJson(matching),
    csv: () => renderCsv(matching),
    // Asked-for codes get every field; a browsing list gets one line per code.
    table: () =>
      config.codes.length > 0 ? renderDetailTables(matching, catalog, { color: config.color }) : renderListTable(matching, { color: config.color }),
  };
  if (matching.length === 0) {
    if (selected.length > 0 || config.codes.length === 0)
      io.stderr(formatDiagnostic({ severity: 'error', code: 'NO_MATCH', message: describeNoMatch(category, search), file: null, line: null }));
    // A program reading JSON or CSV gets an empty list or a header row, not nothing.
    if (config.format !== 'table') await io.stdout(renderers[config.format]());
    return EXIT_NOT_FOUND;
  }

  await io.stdout(renderers[config.format]());
  return missing.length > 0 ? EXIT_NOT_FOUND : EXIT.ok;
}

function describeNoMatch(category: Category | undefined, search: string): string {
  const filters = [...(category === undefined ? [] : [`category ${category}`]), ...(search === '' ? [] : [`search "${search}"`])];
  return filters.length === 0 ? 'the catalog is empty' : `no catalog entry matches ${filters.join(' and ')}`;
}
