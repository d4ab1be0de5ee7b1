// Owns the `report` command: its options (commander definitions and help), and its run, which flows one way:
// raw options → ReportConfig → ingest and analysis → report view → renderer → output, then the exit code.
// The command is the adapter around pure stages; it is the only place here that touches files and the clock.

import { type Command, Option } from 'commander';
import { analysisWarnings, DIMENSION_IDS, finalize, type Report } from '../analyze/index.js';
import { loadCatalog, unknownEntry } from '../catalog/index.js';
import { reportConfig, type RawReportOptions } from '../config/report.js';
import { formatDiagnostic, warningDiagnostic, type Diagnostic } from '../diagnostics.js';
import { EXIT, EXIT_MEANINGS, type ExitCode } from '../errors.js';
import { FIELD_HELP, FIELD_NAMES } from '../ingest/fields.js';
import type { Io } from '../io.js';
import { analyzeInputs } from '../pipeline/index.js';
import { FORMATS, RENDERERS } from '../render/index.js';
import { writeReport } from '../render/output.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { loadBaseline } from '../view/baseline.js';
import { baselineWarnings, buildView, crossedRules, limitView, viewWarnings } from '../view/index.js';
import { collect, type SetAction } from './define.js';

const REPORT_HELP = `
Times are UTC. --since and --until take 2026-11-09, 2026-11-09T08:00 (or with Z/+01:00), or a time
before now: 30m, 24h, 7d, 2w. A bare date given to --until includes that whole day.
--user, --app, --code, --category, --type and --outcome can be repeated; the last four also take
comma-separated lists. Sign-ins left out are counted in the JSON accounting (outsideWindow, filteredOut).

Outcome: the catalog decides for the codes it knows (50074 is interrupted, 50126 a failure); for other
codes the export's own status decides; without one, a failure text that calls the step an interrupt or
says no action is required makes it interrupted; else code 0 is success and anything else a failure.

--format csv lists one dimension: --by ${DIMENSION_IDS.join('|')} (default code).
Memory grows with the number of distinct users, apps, IP addresses and codes, not with rows.

--map fields:
${FIELD_NAMES.map((name) => `  ${name.padEnd(Math.max(...FIELD_NAMES.map((field) => field.length)))}  ${FIELD_HELP[name]}`).join('\n')}

Scheduled summaries: --period yesterday|last-7d|last-week|this-week|last-month|YYYY-MM-DD..YYYY-MM-DD|YYYY-Www
(also YYYY-MM-DD and YYYY-MM) counts whole days in --tz (default UTC) before --now; weeks run Monday to Sunday.
--baseline LAST.json compares with an earlier JSON report; --compare previous-period with the period before,
read from the same inputs. --fail-on RULE (repeatable) exits 1 when a rule is crossed: failures>500,
failure-rate>5%, code:50053>0, category:credentials>100, increase:failures>50%, new-codes, user:failures>20.
--output takes {period}, {start}, {end}, {now} and {format}: --output 'reports/signins-{period}.json'.

Examples:
  $ signin-analyzer report InteractiveSignIns_2026-11-09_2026-11-15.csv
  $ signin-analyzer report exports/ --since 7d --outcome failure --format markdown
  $ signin-analyzer report exports/ --format json --output report.json
  $ signin-analyzer report exports/ --format csv --by user --top 50 > users.csv

Exit codes:
${Object.entries(EXIT_MEANINGS)
  .map(([code, meaning]) => `  ${code}  ${meaning}`)
  .join('\n')}
`;

export function defineReport(program: Command, setAction: SetAction): void {
  program
    .command('report')
    .description('read sign-in exports and report failures by code, category, user and app')
    .argument('[inputs...]', 'files, directories (read recursively), .gz files, or - for stdin')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('table'))
    .addOption(new Option('--by <dimension>', 'CSV output: the dimension to list').choices(DIMENSION_IDS))
    .option('--top <n>', 'rows per section (0 = all; default 10 for table and markdown, all for json and csv)')
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--since <when>', 'only sign-ins at or after this time: ISO date/time or relative (7d, 24h)')
    .option('--until <when>', 'only sign-ins before this time: ISO date/time or relative (7d, 24h)')
    .option('--user <user>', 'only this user: UPN, display name or id, whatever the case and accents (repeatable)', collect)
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
    .option('--baseline <file>', "compare with an earlier JSON report (e.g. last week's)")
    .addOption(new Option('--compare <what>', 'compare with the period before, read from the same inputs').choices(['previous-period']))
    .option('--fail-on <rule>', 'exit 1 when the rule is crossed (repeatable): failures>500, failure-rate>5%, new-codes, ...', collect)
    .option('-q, --quiet', 'print nothing but the report, errors and crossed --fail-on rules')
    .addHelpText('after', REPORT_HELP)
    .action((inputs: string[], options: RawReportOptions) => {
      setAction((io) => reportCommand(inputs, options, io));
    });
}

export async function reportCommand(inputs: readonly string[], options: RawReportOptions, io: Io): Promise<ExitCode> {
  const config = await reportConfig(inputs, options, io);
  const catalog = await loadCatalog(config.catalogFile);
  const baseline = config.comparison.source === 'baseline' ? await loadBaseline(config.comparison.file) : null;
  const diagnose = (diagnostic: Diagnostic): void => {
    if (!config.quiet) io.stderr(formatDiagnostic(diagnostic));
  };
  const { windows } = config;
  const previous = config.comparison.source === 'previous-period' ? windows.previous : null;

  const { ingest, analysis } = await analyzeInputs(
    {
      inputs: config.inputs,
      ingest: config.ingest,
      analysis: { criteria: config.filter, windows: previous === null ? [windows.current] : [windows.current, previous] },
      catalog,
      catalogFile: config.catalogFile,
    },
    { stdin: io.stdin, cwd: config.cwd, stderr: io.stderr, diagnose },
  );
  const tally = analysis.tallies[0]!;
  const earlierTally = analysis.tallies[1];
  const missingBaseline = config.comparison.source === 'baseline' && baseline === null ? config.comparison.file.name : null;
  const ownWarnings = [
    ...analysisWarnings(tally),
    ...viewWarnings({ period: windows.period, current: windows.current, previous }, analysis.tallies, baseline),
    ...baselineWarnings(missingBaseline, config.thresholds, baseline !== null || previous !== null),
  ];
  for (const item of ownWarnings) diagnose(warningDiagnostic(item));

  const context = {
    catalog,
    unknownEntry,
    tool: { name: TOOL_NAME, version: TOOL_VERSION, catalogVersion: catalog.version },
    generatedAt: config.now,
    ingest,
    window: windows.current,
    warnings: [...ingest.warnings, ...ownWarnings],
  };
  const report: Report = finalize(tally, context);
  const view = buildView({
    report,
    period: windows.period,
    previous: previous === null || earlierTally === undefined ? null : { report: finalize(earlierTally, context), window: previous, label: previous.label },
    baseline,
    rules: config.thresholds,
  });
  const { output } = config;
  await writeReport(output.file, RENDERERS[output.format].render(limitView(view, output.top), { color: output.color, by: output.by }), io);
  // Crossed rules are the point of a scheduled run: shown even with --quiet.
  const crossed = crossedRules(view);
  for (const outcome of crossed)
    io.stderr(formatDiagnostic({ severity: 'crossed', code: outcome.kind, message: `${outcome.rule}: ${outcome.message}`, file: null, line: null }));
  return crossed.length > 0 ? EXIT.thresholdCrossed : EXIT.ok;
}
