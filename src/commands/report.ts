// Owns the `report` command: its options (commander definitions and help), and its run, which flows one way:
// raw options → ReportConfig → report view (pipeline/report.ts) → renderer → output, then the exit code.

import { type Command, Option } from 'commander';
import { reportConfig, type RawReportOptions } from '../config/report.js';
import { audible, formatDiagnostic } from '../diagnostics.js';
import { EXIT, EXIT_MEANINGS, type ExitCode } from '../errors.js';
import { isBrokenPipe, type Io } from '../io.js';
import { reportView } from '../pipeline/report.js';
import { CSV_LISTS } from '../render/csv.js';
import { FORMATS, RENDERERS } from '../render/index.js';
import { writeReport } from '../render/output.js';
import { crossedRules, limitView } from '../view/index.js';
import { collect, type SetAction } from './define.js';
import { addInputOptions, addPrivacyOptions, INPUT_HELP } from './options.js';

const REPORT_HELP = `${INPUT_HELP}
Sign-ins left out are counted in the JSON accounting (outsideWindow, filteredOut).
--format csv lists one dimension, or the findings: --by ${CSV_LISTS.join('|')} (default code).
--format xlsx writes one Excel workbook, a sheet per section; give --output (it is never written to a terminal).
Memory grows with the number of distinct users, apps, IP addresses and codes, not with rows.
An *_AuthDetails download given with its sign-ins (named, or in the same folder) is read first and joined to
them by request ID: each sign-in's MFA step feeds MFA fatigue and the MFA methods section.

Scheduled summaries: --period yesterday|last-7d|last-week|this-week|last-month|YYYY-MM-DD..YYYY-MM-DD|YYYY-Www
(also YYYY-MM-DD and YYYY-MM) counts whole days in --tz (default UTC) before --now; weeks run Monday to Sunday.
--baseline LAST.json compares with an earlier JSON report; --compare previous-period with the period before,
read from the same inputs. --fail-on RULE (repeatable) exits 1 when a rule is crossed: failures>500,
failure-rate>5%, code:50053>0, category:credentials>100, increase:failures>50%, new-codes, user:failures>20,
finding:password-spray, findings>=high.
--output takes {period}, {start}, {end}, {now} and {format}: --output 'reports/signins-{period}.json'.

Sharing a report: --pseudonymize users,ips --key-file KEY replaces each user and IP address with a pseudonym
(user-3f9a1c2e7b04) that stays the same for every run with that key; 'signin-analyzer pseudonym --key-file KEY
alice@contoso.com' says whose it is. --redact users,ips drops them instead.

Examples:
  $ signin-analyzer report InteractiveSignIns_2026-11-09_2026-11-15.csv
  $ signin-analyzer report exports/ --since 7d --outcome failure --format markdown
  $ signin-analyzer report exports/ --format json --output report.json
  $ signin-analyzer report exports/ --period last-week --compare previous-period --format html --output report.html
  $ signin-analyzer report exports/ --format csv --by user --top 50 > users.csv
  $ signin-analyzer report exports/ --format xlsx --output signins.xlsx

Exit codes:
${Object.entries(EXIT_MEANINGS)
  .map(([code, meaning]) => `  ${code}  ${meaning}`)
  .join('\n')}
`;

export function defineReport(program: Command, setAction: SetAction): void {
  const command = program
    .command('report')
    .description('read sign-in exports and report failures by code, category, user and app')
    .argument('[inputs...]', 'files, directories (read recursively), .gz files, or - for stdin')
    .addOption(
      new Option('-f, --format <format>', 'output format (default: what the --output name ends in, .json, .csv, .md, .html or .xlsx; else table)').choices(
        FORMATS,
      ),
    )
    .addOption(new Option('--by <list>', 'CSV output: the dimension to list, or finding').choices(CSV_LISTS))
    .option('--top <n>', 'rows per section (0 = all; default 10 for table, markdown and html, all for json, csv and xlsx)')
    .option('--width <n>', "table: the line width (default: the terminal's, or 80 when not a terminal; 0 = no limit)")
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout');
  addInputOptions(command)
    .option('--threads <n>', 'threads that read files over 64 MB (default: the cores, at most 4; 1 = no worker threads)')
    .option('--baseline <file>', "compare with an earlier JSON report (e.g. last week's)")
    .addOption(new Option('--compare <what>', 'compare with the period before, read from the same inputs').choices(['previous-period']))
    .option('--detections <file>', 'a JSON file of detection thresholds that override the defaults (docs/detections.md)')
    .option('--no-detections', 'leave out the detections (password spray, brute force, MFA fatigue, ...) and their findings')
    .option('--fail-on <rule>', 'exit 1 when the rule is crossed (repeatable): failures>500, failure-rate>5%, new-codes, ...', collect);
  addPrivacyOptions(command, 'every format')
    .option('-q, --quiet', 'print nothing but the report, errors, crossed --fail-on rules, and warnings that the inputs hold nothing or were cut short')
    .addHelpText('after', REPORT_HELP)
    .action((inputs: string[], options: RawReportOptions) => {
      setAction((io) => reportCommand(inputs, options, io));
    });
}

async function reportCommand(inputs: readonly string[], options: RawReportOptions, io: Io): Promise<ExitCode> {
  const config = await reportConfig(inputs, options, io);
  const view = await reportView(config, {
    stdin: io.stdin,
    stderr: io.stderr,
    diagnose: (diagnostic) => {
      if (audible(diagnostic, config.quiet)) io.stderr(formatDiagnostic(diagnostic));
    },
  });
  const { output } = config;
  const render = await RENDERERS[output.format].load();
  try {
    await writeReport(output.file, await render(limitView(view, output.top), { color: output.color, by: output.by, width: output.width }), io);
  } catch (error) {
    // A reader that closed standard output early (`| head`) does not change the verdict on the rules.
    if (!isBrokenPipe(error)) throw error;
  }
  // Crossed rules are the point of a scheduled run: shown even with --quiet.
  const crossed = crossedRules(view);
  for (const outcome of crossed)
    io.stderr(formatDiagnostic({ severity: 'crossed', code: outcome.kind, message: `${outcome.rule}: ${outcome.message}`, file: null, line: null }));
  return crossed.length > 0 ? EXIT.thresholdCrossed : EXIT.ok;
}
