// Owns the `catalog` command: exporting the whole catalog (built-in plus --catalog overrides)
// as JSON, CSV or a KQL datatable for Log Analytics and Sentinel.

import { loadCatalog } from '../catalog/index.js';
import { EXPORTERS, EXPORT_FORMATS, type ExportFormat } from '../catalog/render.js';
import { EXIT, oneLine, usageError, type ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import { optionalFile } from '../config/report.js';

export const CATALOG_HELP = `
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

export async function catalogCommand(options: Record<string, unknown>, io: Io): Promise<ExitCode> {
  const format = readFormat(options.format);
  const catalog = await loadCatalog(optionalFile(options.catalog, io.cwd));
  await io.stdout(EXPORTERS[format](catalog));
  return EXIT.ok;
}

function readFormat(value: unknown): ExportFormat {
  if (value === undefined) return 'json';
  if (typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value)) return value as ExportFormat;
  throw usageError(`unknown format "${oneLine(String(value))}"`, `use one of ${EXPORT_FORMATS.join(', ')}`);
}
