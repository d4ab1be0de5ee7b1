// Owns the `export` command: the normalised sign-ins themselves, one record per sign-in (JSON Lines or CSV), after
// de-duplication and the same filters and period as `report`, each joined to the catalog and naming its source
// file and line. It streams: each sign-in is written as it is read, reading waits while the output is behind, and
// memory holds a chunk of input, a batch of output and the duplicate table. Output is complete or an error (exit 2).

import { type Command, Option } from 'commander';
import { compileFilter, createClassifier, windowBounds } from '../analyze/index.js';
import { loadCatalog, unknownEntry } from '../catalog/index.js';
import { exportConfig, type RawExportOptions } from '../config/export.js';
import { audible, formatDiagnostic, warning, warningDiagnostic, type Diagnostic } from '../diagnostics.js';
import { EXIT, type ExitCode } from '../errors.js';
import { EXPORT_FORMATS, exportRecord, RECORD_WRITERS, recordPrivacy } from '../export/record.js';
import { openSink } from '../export/sink.js';
import { AUTH_DETAILS_FORMAT, ingest } from '../ingest/index.js';
import type { Io } from '../io.js';
import { coverageOf, coverageWarnings } from '../view/coverage.js';
import { loadPseudonymKey } from '../view/pseudonym-key.js';
import type { SetAction } from './define.js';
import { addInputOptions, addPrivacyOptions, INPUT_HELP } from './options.js';

const EXPORT_HELP = `${INPUT_HELP}
One record per sign-in, in the order read: duplicates are dropped (unless --keep-duplicates), and the
filters and period are those of report, so the records are exactly the sign-ins report counts. Each
record adds the catalog's name, outcome, category and actor for its code, and its source file and line.
The record is described by schema/export-record.schema.json; CSV has a header row naming its fields.
Inputs are read on one thread, and each record is written as it is read: memory stays flat.

Examples:
  $ signin-analyzer export exports/ > signins.jsonl
  $ signin-analyzer export exports/ --period last-week --format csv --output 'signins-{period}.csv'
  $ signin-analyzer export exports/ --outcome failure | jq -r 'select(.legacy) | .user' | sort | uniq -c
  $ signin-analyzer export exports/ --pseudonymize users,ips --key-file team.key > shared.jsonl

With --pseudonymize, the users (UPN, display name, ids, service principals), apps (name, id) and IP addresses
of each record get the pseudonyms a report made with the same key shows; --redact empties them instead.
Free text (failure reasons, user agents) is written as it is.
`;

export function defineExport(program: Command, setAction: SetAction): void {
  const command = program
    .command('export')
    .description('write the normalised sign-ins, one record each (JSON Lines or CSV), for Excel, timelines and SIEMs')
    .argument('[inputs...]', 'files, directories (read recursively), .gz files, or - for stdin')
    .addOption(
      new Option(
        '-f, --format <format>',
        'jsonl: one JSON object per line; csv: a header row, then one row per sign-in (default: csv when the --output name ends in .csv, else jsonl)',
      ).choices(EXPORT_FORMATS),
    )
    .option('-o, --output <file>', 'write to a file (complete, or not at all) instead of stdout');
  addInputOptions(command);
  addPrivacyOptions(command, 'every record')
    .option('-q, --quiet', 'print nothing but the records, errors, and warnings that the inputs hold nothing or were cut short')
    .addHelpText('after', EXPORT_HELP)
    .action((inputs: string[], options: RawExportOptions) => {
      setAction((io) => exportCommand(inputs, options, io));
    });
}

async function exportCommand(inputs: readonly string[], options: RawExportOptions, io: Io): Promise<ExitCode> {
  const config = await exportConfig(inputs, options, io);
  const catalog = await loadCatalog(config.catalogFile);
  const key = config.privacy.keyFile === null ? null : await loadPseudonymKey(config.privacy.keyFile, true);
  const diagnose = (diagnostic: Diagnostic): void => {
    if (audible(diagnostic, config.quiet)) io.stderr(formatDiagnostic(diagnostic));
  };
  const classify = createClassifier(catalog, unknownEntry);
  const filter = compileFilter(config.filter);
  const { sinceMs, untilMs } = windowBounds(config.window);
  const writer = RECORD_WRITERS[config.format];
  const shareable = recordPrivacy(config.privacy, key?.key ?? null);
  let outsideWindow = 0;
  let filteredOut = 0;
  let written = 0;

  for (const item of key?.warnings ?? []) diagnose(warningDiagnostic(item));
  const sink = await openSink(config.file, io);
  try {
    if (writer.header !== '') sink.write(writer.header);
    const result = await ingest(
      config.inputs,
      config.ingest,
      { stdin: io.stdin, cwd: config.cwd, stderr: io.stderr, diagnose, pace: () => sink.pace() },
      (signIn) => {
        const ms = signIn.time.getTime();
        if (ms < sinceMs || ms >= untilMs) {
          outsideWindow++;
          return;
        }
        const facts = classify(signIn);
        if (filter !== null && !filter(signIn, facts)) {
          filteredOut++;
          return;
        }
        sink.write(writer.line(shareable(exportRecord(signIn, facts))));
        written++;
      },
    );
    await sink.end();
    for (const input of result.inputs) {
      if (input.format === AUTH_DETAILS_FORMAT) diagnose(warningDiagnostic(warning('AUTH_DETAILS_NOT_USED', {}, { file: input.path })));
    }
    const coverage = coverageOf(result.inputs, {
      window: config.window,
      now: config.now,
      types: config.filter.types,
      keepDuplicates: config.ingest.keepDuplicates,
    });
    for (const item of coverageWarnings(coverage)) diagnose(warningDiagnostic(item));
    if (written === 0 && outsideWindow + filteredOut > 0) diagnose(warningDiagnostic(warning('NO_SIGN_INS', { outsideWindow, filteredOut })));
  } catch (error) {
    await sink.abort();
    throw error;
  }
  return EXIT.ok;
}
