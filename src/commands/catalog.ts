// Owns the `catalog` command: its options and its run, exporting the whole catalog (built-in plus --catalog
// overrides) as JSON, CSV or a KQL datatable for Log Analytics and Sentinel.

import { type Command, Option } from 'commander';
import { loadCatalog } from '../catalog/index.js';
import { EXPORTERS, EXPORT_FORMATS } from '../catalog/render.js';
import { catalogConfig, type RawCatalogOptions } from '../config/lookup.js';
import { EXIT, type ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import type { SetAction } from './define.js';

const CATALOG_HELP = `
The JSON export is also the format of --catalog files: copy an entry, change it, and pass the file
to report or codes to classify a code differently or add one the catalog lacks.

The KQL export defines AadstsCatalog; join it to SigninLogs on the numeric result code:
  SigninLogs
  | extend Code = toint(ResultType)
  | join kind=leftouter AadstsCatalog on Code
  | summarize SignIns = count() by Code, Name, Category, Actor

Examples:
  $ signin-analyzer catalog > catalog.json
  $ signin-analyzer catalog --format csv > catalog.csv
  $ signin-analyzer catalog --format kql > aadsts-catalog.kql
`;

export function defineCatalog(program: Command, setAction: SetAction): void {
  program
    .command('catalog')
    .description('export the whole error-code catalog')
    .addOption(new Option('-f, --format <format>', 'output format').choices(EXPORT_FORMATS).default('json'))
    .option('--catalog <file>', 'a JSON file of catalog entries that add to or override the built-in catalog')
    .addHelpText('after', CATALOG_HELP)
    .action((options: RawCatalogOptions) => {
      setAction((io) => catalogCommand(options, io));
    });
}

async function catalogCommand(options: RawCatalogOptions, io: Io): Promise<ExitCode> {
  const config = catalogConfig(options, io);
  const catalog = await loadCatalog(config.catalogFile);
  await io.stdout(EXPORTERS[config.format](catalog));
  return EXIT.ok;
}
