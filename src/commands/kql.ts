// Owns the `kql` command: its options and its run, which flows one way: raw options → KqlConfig → catalog and
// detection settings → queries → one script on standard output, or one file per query in --output-dir (where the
// query files an earlier run left and this one does not write are removed).

import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadDetectionSettings } from '../analyze/findings/index.js';
import { loadCatalog, unknownEntry } from '../catalog/index.js';
import { kqlConfig, type RawKqlOptions } from '../config/kql.js';
import { formatDiagnostic } from '../diagnostics.js';
import { EXIT, type ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import type { KqlSetup } from '../kql/index.js';
import { SOURCE_TABLES } from '../kql/tables.js';
import { SIGN_IN_TYPES } from '../model.js';
import { writeFileAtomic } from '../render/output.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { collect, type SetAction } from './define.js';

const KQL_HELP = `
The script holds one query per report section (summary, codes, categories, users, apps, client apps,
countries, IP addresses, sign-in types, days, hours of the week, tenants), the password-spray,
brute-force and MFA-fatigue detections (over the user sign-in tables), and with --fail-on a last
query that returns the crossed rules. Each query runs on its
own: paste the script into the Logs blade, click into a query and run it.

The detections take their thresholds and codes from the same settings as report's: the defaults, or
--detections FILE (docs/detections.md); a kind the file turns off ("enabled": false) has no query, and
--no-detections leaves them all out.

--table picks the tables (repeatable, comma-separated): ${SIGN_IN_TYPES.map((type) => `${type} (${SOURCE_TABLES[type].name})`).join(', ')}.
--since, --until, --period and --tz set the window as for report; without them the Logs blade's time range applies.
--fail-on takes the rules of report that need no earlier period: failures>100, failure-rate>5%, code:50053>0,
category:credentials>100, user:failures>20, app:interrupted>50.

Examples:
  $ signin-analyzer kql > signins.kql
  $ signin-analyzer kql --period last-week --top 50
  $ signin-analyzer kql --period yesterday --fail-on 'failures>100' --fail-on 'code:50053>0'
  $ signin-analyzer kql --output-dir kql/ --catalog my-codes.json
`;

export function defineKql(program: Command, setAction: SetAction): void {
  program
    .command('kql')
    .description('print the report and detections as KQL for Log Analytics, Sentinel and Azure Data Explorer')
    .option('--table <table>', 'only this table: interactive|noninteractive|serviceprincipal|managedidentity or its name (repeatable)', collect)
    .option('--since <when>', 'only sign-ins at or after this time: ISO date/time or relative (7d, 24h)')
    .option('--until <when>', 'only sign-ins before this time: ISO date/time or relative (7d, 24h)')
    .option('--period <period>', 'only this period: yesterday|last-7d|last-week|this-week|last-month|YYYY-MM-DD..YYYY-MM-DD|YYYY-Www')
    .option('--tz <zone>', 'the IANA time zone whose calendar --period follows (default UTC)')
    .option('--now <time>', 'the current time for relative times and periods (default: SOURCE_DATE_EPOCH or now)')
    .option('--top <n>', 'rows per list, days excepted (0 = all, the default)')
    .option('--fail-on <rule>', 'add a query returning the crossed rules (repeatable): failures>500, code:50053>0, ...', collect)
    .option('--catalog <file>', 'a JSON file of catalog entries that add to or override the built-in catalog')
    .option('--output-dir <dir>', 'write one .kql file per query there instead of one script to stdout')
    .option('--detections <file>', 'a JSON file of detection thresholds that override the defaults, as for report (docs/detections.md)')
    .option('--no-detections', 'leave out the detection queries')
    .addHelpText('after', KQL_HELP)
    .action((options: RawKqlOptions) => {
      setAction((io) => kqlCommand(options, io));
    });
}

async function kqlCommand(options: RawKqlOptions, io: Io): Promise<ExitCode> {
  const config = await kqlConfig(options, io);
  const catalog = await loadCatalog(config.catalogFile);
  const detections = config.detections.enabled ? await loadDetectionSettings(config.detections.file) : null;
  const setup: KqlSetup = {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    catalog,
    unknownEntry,
    tables: config.tables,
    window: config.window,
    period: config.period === null ? null : { label: config.period.label, timeZone: config.period.timeZone },
    top: config.top,
    rules: config.rules,
    detections,
  };
  // Loaded here, not at start-up: only this command writes queries.
  const { allQueryIds, buildQueries, renderFiles, renderScript } = await import('../kql/index.js');
  const queries = buildQueries(setup);
  const { outputDir } = config;
  if (outputDir === null) {
    await io.stdout(renderScript(setup, queries));
    return EXIT.ok;
  }
  for (const { name, text } of renderFiles(queries)) {
    await writeFileAtomic({ name: join(outputDir.name, name), path: join(outputDir.path, name) }, text, io);
  }
  // A query this run does not write (a detection turned off, no --fail-on) left by an earlier run would be
  // deployed with the rest by a pipeline that takes every file: it goes, and stderr says so.
  const written = new Set(queries.map((query) => query.id));
  for (const id of allQueryIds(unknownEntry).filter((id) => !written.has(id))) {
    const name = `${id}.kql`;
    const removed = await unlink(join(outputDir.path, name)).then(
      () => true,
      () => false,
    );
    if (removed)
      io.stderr(
        formatDiagnostic({
          severity: 'warning',
          code: 'STALE_QUERY_REMOVED',
          message: `removed ${name}, left by an earlier run: this run writes no such query`,
          file: outputDir.name,
          line: null,
        }),
      );
  }
  return EXIT.ok;
}
