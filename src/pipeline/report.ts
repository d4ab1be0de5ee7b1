// Owns making a report view from a ReportConfig: the catalog, detection settings, baseline and pseudonym key it
// names, ingest and analysis of its inputs, what the inputs cover, the warnings of the run and the view (report,
// findings, coverage, period, comparison, --fail-on results), pseudonymised and redacted as the config says. The report
// command and the library entry point both run it; rendering and writing are theirs.

import { finishFindings, loadDetectionSettings } from '../analyze/findings/index.js';
import { analysisWarnings, finalize } from '../analyze/index.js';
import { loadCatalog, unknownEntry } from '../catalog/index.js';
import type { ReportConfig } from '../config/report.js';
import { warningDiagnostic, type Diagnostic } from '../diagnostics.js';
import { AppError } from '../errors.js';
import type { Io } from '../io.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { loadBaseline } from '../view/baseline.js';
import { coverageOf, coverageWarnings } from '../view/coverage.js';
import { baselineWarnings, buildView, viewWarnings, type ReportView } from '../view/index.js';
import { baselinePrivacyWarnings, comparableBaseline, keyIdOf, pseudonymizeRun, redactView, shownNames } from '../view/privacy.js';
import { loadPseudonymKey } from '../view/pseudonym-key.js';
import { analyzeInputs } from './index.js';

/** What a report run needs of its process: stdin for `-`, stderr for progress, and where diagnostics go. */
export interface ReportContext {
  readonly stdin: Io['stdin'];
  readonly stderr: Io['stderr'];
  /** Each warning and listed rejected row, as it happens. */
  readonly diagnose: (diagnostic: Diagnostic) => void;
}

/** The whole view, every list complete: cut it with limitView to render it. */
export async function reportView(config: ReportConfig, context: ReportContext): Promise<ReportView> {
  const catalog = await loadCatalog(config.catalogFile);
  const detections = config.detections.enabled ? await loadDetectionSettings(config.detections.file) : null;
  // A rule on a detection the --detections file turned off could never be crossed: as with --no-detections, say so.
  const off = detections === null ? undefined : config.thresholds.find((rule) => rule.kind === 'finding' && !detections[rule.detection].enabled);
  if (off?.kind === 'finding') {
    throw new AppError('USAGE', `--fail-on rule '${off.text}' reads the ${off.detection} findings, and the --detections file turns that detection off`, {
      ...(config.detections.file === undefined ? {} : { file: config.detections.file.name }),
      hint: 'leave out one of the two',
    });
  }
  const { privacy } = config;
  const key = privacy.keyFile === null ? null : await loadPseudonymKey(privacy.keyFile, true);
  const keyId = key === null ? null : keyIdOf(key.key);
  const loaded = config.comparison.source === 'baseline' ? await loadBaseline(config.comparison.file) : null;
  // A baseline whose report had no sign-ins (a week whose export was missing) is no baseline: against it every
  // entry would be new. Otherwise, without the lists that cannot line up with this run's (pseudonymised or
  // redacted otherwise).
  const empty = loaded !== null && loaded.figures.totals.signIns === 0;
  const baseline = empty ? null : comparableBaseline(privacy, keyId, loaded);
  const setupWarnings = [...config.warnings, ...(key?.warnings ?? []), ...baselinePrivacyWarnings(privacy, keyId, loaded)];
  for (const item of setupWarnings) context.diagnose(warningDiagnostic(item));
  const { windows } = config;
  const previous = config.comparison.source === 'previous-period' ? windows.previous : null;

  const { ingest, analysis } = await analyzeInputs(
    {
      inputs: config.inputs,
      ingest: config.ingest,
      analysis: {
        criteria: config.filter,
        windows: previous === null ? [windows.current] : [windows.current, previous],
        detections,
      },
      catalog,
      catalogFile: config.catalogFile,
    },
    { stdin: context.stdin, cwd: config.cwd, stderr: context.stderr, diagnose: context.diagnose },
  );
  const tally = analysis.tallies[0]!;
  const earlierTally = analysis.tallies[1];
  const coverage = coverageOf(ingest.inputs, {
    window: windows.current,
    now: config.now,
    types: config.filter.types,
    keepDuplicates: config.ingest.keepDuplicates,
  });
  // The first run of a schedule: a --baseline that does not exist yet is no baseline, and rules that compare are skipped.
  const unusable =
    config.comparison.source === 'baseline' && baseline === null
      ? { file: config.comparison.file.name, why: empty ? 'holds no sign-ins: its period had none in its inputs' : 'does not exist yet' }
      : null;
  const ownWarnings = [
    ...coverageWarnings(coverage),
    ...analysisWarnings(tally, analysis.mfa),
    ...viewWarnings({ period: windows.period, current: windows.current, previous }, analysis.tallies, baseline),
    ...baselineWarnings(unusable, config.thresholds, baseline !== null || previous !== null),
  ];
  for (const item of ownWarnings) context.diagnose(warningDiagnostic(item));

  const finalizeContext = {
    catalog,
    unknownEntry,
    tool: { name: TOOL_NAME, version: TOOL_VERSION, catalogVersion: catalog.version },
    generatedAt: config.now,
    ingest,
    window: windows.current,
    warnings: [...setupWarnings, ...ingest.warnings, ...ownWarnings],
  };
  // Pseudonyms go in before the view compares and judges the rules; redaction after, so it cannot change them.
  const shared = pseudonymizeRun(
    {
      report: finalize(tally, { ...finalizeContext, mfa: analysis.mfa }),
      previous: previous === null || earlierTally === undefined ? null : finalize(earlierTally, finalizeContext),
      baseline,
    },
    key?.key ?? null,
    privacy,
  );
  // The findings show names as the report does: pseudonymised, or as placeholders where redacted.
  const findings = analysis.findings === null ? undefined : finishFindings(analysis.findings, shownNames(shared.map, privacy));
  const view = buildView({
    report: shared.report,
    coverage,
    ...(findings === undefined ? {} : { findings }),
    period: windows.period,
    previous: previous === null || shared.previous === null ? null : { report: shared.previous, window: previous, label: previous.label },
    baseline: shared.baseline,
    rules: config.thresholds,
    privacy: shared.info,
  });
  return redactView(view, privacy.redact, config.thresholds);
}
