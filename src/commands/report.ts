// Owns the `report` command: raw options → ingest → analyze → render → stdout or --output.
// The command is the adapter around pure stages; it is the only place here that touches the clock and files.

import { analysisWarnings, createAnalyzer, finalize, limitReport, mergeTallies, type Tally } from '../analyze/index.js';
import type { SinkConfig } from '../analyze/sink.js';
import { DIMENSION_IDS } from '../analyze/dimensions.js';
import { loadCatalog, unknownEntry } from '../catalog/index.js';
import { reportConfigFrom } from '../config/report.js';
import { EXIT, oneLine, type ExitCode } from '../errors.js';
import { ingest, ingestOptionsFrom } from '../ingest/index.js';
import { fieldMapHelp } from '../ingest/options.js';
import type { Io } from '../io.js';
import { RENDERERS } from '../render/index.js';
import { concludeSchedule, createEarlierAnalyzer, prepareOutput, prepareSchedule, scheduleWarnings, withEarlierSink, SCHEDULE_HELP } from '../view/schedule.js';
import { addScheduleParts } from '../render/schedule.js';
import { writeFileAtomic } from '../render/output.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

export const REPORT_HELP = `
Times are UTC. --since and --until take 2026-11-09, 2026-11-09T08:00 (or with Z/+01:00), or a time
before now: 30m, 24h, 7d, 2w. A bare date given to --until includes that whole day.
--user, --app, --code, --category, --type and --outcome can be repeated; the last four also take
comma-separated lists. Sign-ins left out are counted in the JSON accounting (outsideWindow, filteredOut).

Outcome: the catalog decides for the codes it knows (50074 is interrupted, 50126 a failure); for other
codes the export's own status decides, and without one, code 0 is success and anything else a failure.

--format csv lists one dimension: --by ${DIMENSION_IDS.join('|')} (default code).
Memory grows with the number of distinct users, apps, IP addresses and codes, not with rows.

--map fields:
${fieldMapHelp()}

${SCHEDULE_HELP.trim()}

Examples:
  $ signin-analyzer report InteractiveSignIns_2026-11-09_2026-11-15.csv
  $ signin-analyzer report exports/ --since 7d --outcome failure --format markdown
  $ signin-analyzer report exports/ --format json --output report.json
  $ signin-analyzer report exports/ --format csv --by user --top 50 > users.csv
`;

export async function reportCommand(inputs: string[], options: Record<string, unknown>, io: Io): Promise<ExitCode> {
  const config = reportConfigFrom(options, io);
  const schedule = await prepareSchedule(options, config);
  const catalog = await loadCatalog(config.catalogFile);
  const analyzer = createAnalyzer(catalog, unknownEntry, schedule.criteria);
  // --compare previous-period: a second tally of the period before, filled in the same pass.
  const earlier = createEarlierAnalyzer(schedule, catalog, unknownEntry, analyzer);
  // Large files are read in parts on worker threads, each tallying its part; the tallies merge into ours.
  const sinkConfig: SinkConfig = { catalogFile: config.catalogFile, criteria: schedule.criteria };
  const ingestOptions = ingestOptionsFrom(options, io, withEarlierSink(earlier, {
    sinkModule: new URL('../analyze/sink.js', import.meta.url).href,
    sinkConfig,
    merge: (tally) => mergeTallies(analyzer.tally, tally as Tally),
  }));
  const ingested = await ingest(inputs, ingestOptions, earlier?.add ?? analyzer.add);

  const ownWarnings = [...analysisWarnings(analyzer.tally), ...scheduleWarnings(schedule, analyzer.tally, earlier?.tally ?? null)];
  if (!config.quiet) for (const warning of ownWarnings) io.stderr(`${TOOL_NAME}: warning: ${oneLine(warning.message)}\n`);

  const context = {
    catalog,
    unknownEntry,
    tool: { name: TOOL_NAME, version: TOOL_VERSION, catalogVersion: catalog.version },
    generatedAt: config.now,
    ingest: ingested,
    window: { since: schedule.criteria.since, until: schedule.criteria.until },
    warnings: [...ingested.warnings, ...ownWarnings],
  };
  const report = finalize(analyzer.tally, context);
  const scheduled = concludeSchedule(schedule, report, earlier === null ? null : finalize(earlier.tally, context));
  const limited = limitReport(report, config.top);
  const renderOptions = { color: config.color, by: config.by };
  const view = { period: schedule.period, outcome: scheduled, top: config.top, rules: schedule.rules.length > 0 };
  const text = addScheduleParts(config.format, RENDERERS[config.format](limited, renderOptions), limited, view, renderOptions);
  if (config.output === undefined) await io.stdout(text);
  else await writeFileAtomic(await prepareOutput(config.output, config.cwd, schedule, config.now, config.format), text);
  // Crossed rules are the point of a scheduled run: shown even with --quiet.
  for (const outcome of scheduled.crossed) io.stderr(`${TOOL_NAME}: threshold crossed: ${outcome.rule}: ${oneLine(outcome.message)}\n`);
  return scheduled.crossed.length > 0 ? EXIT.thresholdCrossed : EXIT.ok;
}
