// Owns running the program in-process: main(argv, io) parses the command line with commander (each command
// defines itself in commands/), runs the chosen command, maps every outcome to the exit-code contract and is the
// one place that prints errors. Nothing here touches `process`: cli.ts (the bin) hands it a real Io, tests their own.

import { Command, CommanderError } from 'commander';
import { defineCatalog } from './commands/catalog.js';
import { defineCodes } from './commands/codes.js';
import { definePseudonym } from './commands/pseudonym.js';
import type { Action } from './commands/define.js';
import { defineExplain } from './commands/explain.js';
import { defineExport } from './commands/export.js';
import { defineKql } from './commands/kql.js';
import { defineReport } from './commands/report.js';
import { formatDiagnostic } from './diagnostics.js';
import { AppError, EXIT, type ExitCode } from './errors.js';
import { isBrokenPipe, type Io } from './io.js';
import { neutralize } from './text.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

/** The program with every command; `writeOut` takes help and version text, wrapped at `helpWidth` when given. */
export function buildProgram(
  writeOut: (text: string) => void,
  writeErr: (text: string) => void,
  setAction: (action: Action) => void,
  helpWidth?: number,
): Command {
  const program = new Command(TOOL_NAME)
    .description('Explain Microsoft Entra ID sign-in failures from exported logs, offline.')
    .version(TOOL_VERSION)
    .option('--debug', 'show stack traces for errors')
    // Set before the commands are added, which copy it: every command writes through the Io, and a usage error
    // is one line like every other error.
    .configureOutput({
      writeOut,
      writeErr,
      ...(helpWidth === undefined ? {} : { getOutHelpWidth: () => helpWidth, getErrHelpWidth: () => helpWidth }),
      outputError: (text, write) => write(usageLine(text, `${TOOL_NAME} --help`)),
    })
    .exitOverride();
  defineReport(program, setAction);
  defineExplain(program, setAction);
  defineExport(program, setAction);
  defineCodes(program, setAction);
  defineCatalog(program, setAction);
  defineKql(program, setAction);
  definePseudonym(program, setAction);
  // A command's usage error points at that command's help, where its options are.
  for (const command of program.commands) {
    command.configureOutput({ outputError: (text, write) => write(usageLine(text, `${TOOL_NAME} ${command.name()} --help`)) });
  }
  return program;
}

/** Commander's error message as one line of ours: `signin-analyzer: unknown option '--bogus' — see ... --help`. */
function usageLine(text: string, help: string): string {
  return `${TOOL_NAME}: ${neutralize(text.replace(/^error: /, '').trimEnd())} — see ${help}\n`;
}

/**
 * The option reference: each command's --help as the program prints it, as Markdown (docs/usage.md is written from
 * it), so the documented options cannot drift from the real ones.
 */
export function usageReference(): string {
  const program = buildProgram(
    () => {},
    () => {},
    () => {},
    100,
  );
  const block = (command: Command): string => `\`\`\`text\n${command.helpInformation().trimEnd()}\n\`\`\``;
  const sections = program.commands.map((command) => `## ${command.name()}\n\n${block(command)}`);
  return [
    '# Usage',
    '',
    'Every command and option as `signin-analyzer <command> --help` prints it (this file is written from the program by',
    '`npm run docs`, and a test fails when the two differ).',
    '',
    block(program),
    '',
    sections.join('\n\n'),
    '',
  ].join('\n');
}

export async function main(argv: readonly string[], io: Io): Promise<ExitCode> {
  let action: Action | undefined;
  // Help and version text is written like a report: awaited, so a failed write is an error too.
  let written: Promise<void> = Promise.resolve();
  const program = buildProgram(
    (text) => {
      written = written.then(() => io.stdout(text));
    },
    (text) => io.stderr(text),
    (chosen) => {
      action = chosen;
    },
  );
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
    io.stderr(formatDiagnostic(error.diagnostic));
  } else if (isWriteError(error)) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    io.stderr(
      formatDiagnostic({
        severity: 'error',
        code: 'OUTPUT_UNWRITABLE',
        message: `cannot write to standard output (${code}); the output is incomplete`,
        hint: 'check the disk or the pipe it goes to',
        file: null,
        line: null,
      }),
    );
  } else {
    // A bug, not bad input: say so plainly; the stack only with --debug.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(
      formatDiagnostic({
        severity: 'error',
        code: 'INTERNAL',
        message: `internal error: ${message}`,
        hint: 'please report it; run with --debug for details',
        file: null,
        line: null,
      }),
    );
  }
  if (debug && error instanceof Error && error.stack !== undefined) io.stderr(`${error.stack}\n`);
  return EXIT.error;
}

/** An error of the operating system writing standard output (ENOSPC, EIO, EBADF, ...). */
function isWriteError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    (error as { syscall?: unknown }).syscall === 'write'
  );
}
