// Owns the `explain` command: its options (the inputs, filters, window, detections and privacy options it shares
// with report, and its own format and output) and its run, which flows one way: raw options → ExplainConfig →
// explanation (pipeline/explain.ts) → renderer → output, then the exit code: 0 found, 1 not in the inputs (one
// line on stderr with the nearest names or ids), 2 for usage and input errors.

import { type Command, Option } from 'commander';
import { explainConfig, type RawExplainOptions } from '../config/explain.js';
import { audible, formatDiagnostic } from '../diagnostics.js';
import { EXIT, type ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import { EXPLAIN_FORMATS, EXPLAIN_RENDERERS } from '../render/explain/index.js';
import { writeReport } from '../render/output.js';
import { collect, type SetAction } from './define.js';
import { addInputOptions, INPUT_HELP } from './options.js';

const EXPLAIN_HELP = `${INPUT_HELP}
What is asked about: a user by UPN, display name or object id (or a service principal by name or id), whatever
the case and accents, as --user matches; else a request id or a correlation id.

For a user: their sign-ins in time order, grouped into flows (the sign-ins that share a correlation id: a "stay
signed in?" prompt, an MFA prompt and the sign-in itself are one flow), each with its outcome, application,
client app, IP address, place and device; the failing steps and what each code means; then the diagnosis, most
likely first (the detections' findings about the user, Conditional Access blocks, failures by code, legacy
protocols, unfinished prompts, what is normal) and what to do next. For a request or correlation id: that flow
in full, every field of each step, and the same diagnosis.

The time window and the row filters (--user, --app, --code, --category, --type, --outcome) pick flows: a
flow with a step inside them is shown whole. The detections run on every sign-in in the window and filters,
as in report (--detections, --no-detections); sign-ins the filters leave out, and those before the window,
still show which addresses are a user's own, and whether an attack got in.
--pseudonymize users,ips --key-file KEY and --redact work as in report. Inputs are read on one thread, once (a
request id's flow twice, unless it comes from stdin); memory grows with the subject's sign-ins, not with rows.

Examples:
  $ signin-analyzer explain megan.bowen@contoso.example exports/
  $ signin-analyzer explain "Megan Bowen" exports/ --since 7d --format markdown > ticket.md
  $ signin-analyzer explain 8f2e4c1a-... exports/ --format json
  $ signin-analyzer explain megan.bowen@contoso.example exports/ --format html --output megan.html

Exit codes:
  0  the subject was found and explained
  1  the subject has no sign-in in the inputs (stderr names the nearest users or ids)
  2  usage error, unreadable or unrecognised input, input with no usable sign-in, or an internal error
`;

export function defineExplain(program: Command, setAction: SetAction): void {
  const command = program
    .command('explain')
    .description('troubleshoot one user or one sign-in: their flows, what failed, why, and what to do next')
    .argument('<subject>', 'a user (UPN, display name or object id), a request id or a correlation id')
    .argument('[inputs...]', 'files, directories (read recursively), .gz files, or - for stdin')
    .addOption(
      new Option('-f, --format <format>', 'output format (default: what the --output name ends in, .json, .md or .html; else table)').choices(EXPLAIN_FORMATS),
    )
    .option('--width <n>', "table: the line width (default: the terminal's, or 80 when not a terminal; 0 = no limit)")
    .option('-o, --output <file>', 'write the explanation to a file (atomically) instead of stdout');
  addInputOptions(command)
    .option('--detections <file>', 'a JSON file of detection thresholds that override the defaults (docs/detections.md)')
    .option('--no-detections', 'leave out the detections and their findings')
    .option('--pseudonymize <kinds>', 'replace users, apps and/or ips with keyed pseudonyms (comma-separated, repeatable)', collect)
    .option('--redact <kinds>', 'replace users, apps and/or ips with numbered placeholders (comma-separated, repeatable)', collect)
    .option('--keep-domain', 'with --pseudonymize users: keep the domain of each UPN')
    .option('--key-file <file>', 'the pseudonym key (32 random bytes, hex); created readable by you only when missing')
    .option('-q, --quiet', 'print nothing but the explanation, errors, and warnings that the inputs hold nothing or were cut short')
    .addHelpText('after', EXPLAIN_HELP)
    .action((subject: string, inputs: string[], options: RawExplainOptions) => {
      setAction((io) => explainCommand(subject, inputs, options, io));
    });
}

async function explainCommand(subject: string, inputs: readonly string[], options: RawExplainOptions, io: Io): Promise<ExitCode> {
  const config = await explainConfig(subject, inputs, options, io);
  // Loaded here, not at start-up: only this command reads it.
  const { explainSubject } = await import('../pipeline/explain.js');
  const outcome = await explainSubject(config, {
    stdin: io.stdin,
    stderr: io.stderr,
    diagnose: (diagnostic) => {
      if (audible(diagnostic, config.quiet)) io.stderr(formatDiagnostic(diagnostic));
    },
  });
  if (!outcome.found) {
    // Said even with --quiet: it is why the run exits 1.
    io.stderr(formatDiagnostic({ severity: 'error', code: 'SUBJECT_NOT_FOUND', message: outcome.message, hint: outcome.hint, file: null, line: null }));
    return EXIT.notFound;
  }
  const { output } = config;
  const render = await EXPLAIN_RENDERERS[output.format]();
  await writeReport(output.file, render(outcome.explanation, { color: output.color, width: output.width }), io);
  return EXIT.ok;
}
