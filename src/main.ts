// Owns running the program in-process: main(argv, io) parses the command line with commander, runs the chosen
// command, maps every outcome to the exit-code contract and is the one place that prints errors. Nothing here
// touches `process`: cli.ts (the bin) hands it a real Io, tests hand it their own.

import { Command, CommanderError, Option } from 'commander';
import { AppError, EXIT, describeError, oneLine, type ExitCode } from './errors.js';
import type { Io } from './io.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';
import { reportCommand, REPORT_HELP } from './commands/report.js';
import { codesCommand, CODES_FORMATS, CODES_HELP } from './commands/codes.js';
import { FORMATS } from './render/index.js';
import { EXPORT_FORMATS } from './catalog/render.js';
import { catalogCommand, CATALOG_HELP } from './commands/catalog.js';

type Action = (io: Io) => Promise<ExitCode>;

function buildProgram(io: Io, writeOut: (text: string) => void, setAction: (action: Action) => void): Command {
  const program = new Command(TOOL_NAME)
    .description('Explain Microsoft Entra ID sign-in failures from exported logs, offline.')
    .version(TOOL_VERSION)
    .option('--debug', 'show stack traces for errors')
    .showHelpAfterError('(run with --help for usage)')
    // Set before the commands are added, which copy it: every command writes through the Io, and usage
    // errors read like every other error line.
    .configureOutput({
      writeOut: (text) => writeOut(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(`${TOOL_NAME}: ${text.replace(/^error: /, '')}`),
    })
    .exitOverride();

  program
    .command('report')
    .description('read sign-in exports and report failures by code, category, user and app')
    .argument('[inputs...]', 'files, directories (read recursively), .gz files, or - for stdin')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('table'))
    .option('--by <dimension>', 'CSV output: the dimension to list (code|category|user|app|client-app|country|ip|day|type)')
    .option('--top <n>', 'rows per section (0 = all; default 10 for table and markdown, all for json and csv)')
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--since <when>', 'only sign-ins at or after this time: ISO date/time or relative (7d, 24h)')
    .option('--until <when>', 'only sign-ins before this time: ISO date/time or relative (7d, 24h)')
    .option('--user <upn>', 'only this user (repeatable)', collect)
    .option('--app <name>', 'only this application (repeatable)', collect)
    .option('--code <code>', 'only this error code (repeatable)', collect)
    .option('--category <id>', 'only this remediation category (repeatable)', collect)
    .option('--type <type>', 'only this sign-in type: interactive|noninteractive|serviceprincipal|managedidentity (repeatable)', collect)
    .option('--outcome <outcome>', 'only this outcome: failure|interrupted|success (repeatable)', collect)
    .option('--now <time>', 'the current time for relative periods and generatedAt (default: SOURCE_DATE_EPOCH or now)')
    .option('--catalog <file>', 'a JSON file of catalog entries that add to or override the built-in catalog')
    .option('--map <mapping>', 'read any CSV by naming its columns: field=Column,... (see below)')
    .addOption(new Option('--date-order <order>', 'day/month order for slash dates the file does not settle').choices(['dmy', 'mdy']))
    .option('--strict', 'stop at the first row that cannot be used')
    .option('--keep-duplicates', 'count a sign-in again when the same request id appears twice')
    .option('--threads <n>', 'worker threads for files over 64 MB (default: the cores, at most 4; 1 = none)')
    .option('--period <period>', 'only this period: yesterday|last-7d|last-week|this-week|last-month|YYYY-MM-DD..YYYY-MM-DD|YYYY-Www')
    .option('--tz <zone>', 'the IANA time zone whose calendar --period follows (default UTC)')
    .option('--baseline <file>', 'compare with an earlier JSON report (e.g. last week\'s)')
    .addOption(new Option('--compare <what>', 'compare with the period before, read from the same inputs').choices(['previous-period']))
    .option('--fail-on <rule>', 'exit 1 when the rule is crossed (repeatable): failures>500, failure-rate>5%, new-codes, ...', collect)
    .option('-q, --quiet', 'print nothing but the report, errors and crossed --fail-on rules')
    .addHelpText('after', () => REPORT_HELP)
    .action((inputs: string[], options: Record<string, unknown>) => {
      setAction((io) => reportCommand(inputs, options, io));
    });

  program
    .command('codes')
    .description('look up AADSTS error codes in the built-in catalog')
    .argument('[codes...]', 'codes such as 50126 or AADSTS50126 (none: all codes)')
    .option('--category <id>', 'only codes of this remediation category')
    .option('--search <text>', 'only codes whose name or description contains the text')
    .addOption(new Option('-f, --format <format>', 'output format').choices(CODES_FORMATS).default('table'))
    .option('--catalog <file>', 'a JSON file of catalog entries that add to or override the built-in catalog')
    .addHelpText('after', () => CODES_HELP)
    .action((codes: string[], options: Record<string, unknown>) => {
      setAction((io) => codesCommand(codes, options, io));
    });

  program
    .command('catalog')
    .description('export the whole error-code catalog')
    .addOption(new Option('-f, --format <format>', 'output format').choices(EXPORT_FORMATS).default('json'))
    .option('--catalog <file>', 'a JSON file of catalog entries that add to or override the built-in catalog')
    .addHelpText('after', () => CATALOG_HELP)
    .action((options: Record<string, unknown>) => {
      setAction((io) => catalogCommand(options, io));
    });

  return program;
}

/** Repeatable options: no default, so that `--help` does not print an empty list for each. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export async function main(argv: readonly string[], io: Io): Promise<ExitCode> {
  let action: Action | undefined;
  // Help and version text is written like a report: awaited, so a failed write is an error too.
  let written: Promise<void> = Promise.resolve();
  const writeOut = (text: string): void => {
    written = written.then(() => io.stdout(text));
  };
  const program = buildProgram(io, writeOut, (chosen) => {
    action = chosen;
  });
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv, { from: 'user' });
    if (action === undefined) {
      io.stderr(program.helpInformation());
      return EXIT.error;
    }
    return await action(io);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successful exits once written; every other commander complaint is a usage error.
      if (error.code !== 'commander.helpDisplayed' && error.code !== 'commander.version' && error.code !== 'commander.help') return EXIT.error;
      try {
        await written;
        return EXIT.ok;
      } catch (writeError) {
        return failed(writeError, io, debug);
      }
    }
    return failed(error, io, debug);
  }
}

/** The exit code for an error, after its one line on stderr (and the stack with --debug). */
function failed(error: unknown, io: Io, debug: boolean): ExitCode {
  // A reader that closes standard output early (`| head`) is not an error: exit quietly, as ripgrep does.
  if (isBrokenPipe(error)) return EXIT.ok;
  if (error instanceof AppError) {
    io.stderr(`${TOOL_NAME}: ${describeError(error)}\n`);
  } else if (isWriteError(error)) {
    io.stderr(`${TOOL_NAME}: cannot write to standard output (${(error as NodeJS.ErrnoException).code}) — the report is incomplete; check the disk or the pipe it goes to\n`);
  } else {
    // A bug, not bad input: say so plainly; the stack only with --debug.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`${TOOL_NAME}: internal error: ${oneLine(message)} — please report it; run with --debug for details\n`);
  }
  if (debug && error instanceof Error && error.stack !== undefined) io.stderr(`${error.stack}\n`);
  return EXIT.error;
}

function isBrokenPipe(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EPIPE';
}

/** An error of the operating system writing standard output (ENOSPC, EIO, EBADF, ...). */
function isWriteError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' && (error as { syscall?: unknown }).syscall === 'write';
}
