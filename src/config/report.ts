// Owns the report command's configuration: commander's raw option values become one validated, frozen
// ReportConfig (the options it shares with export read by config/inputs.ts; then the period and the comparison
// window worked out, rules parsed, the output name filled in), or a usage error that names the option and the
// value. Nothing below this module reads raw options.

import type { DimensionId, RowCriteria, TimeWindow } from '../analyze/index.js';
import { usageError } from '../errors.js';
import type { IngestSettings } from '../ingest/index.js';
import type { FileRef } from '../model.js';
import { RENDERERS, type Format } from '../render/index.js';
import type { ThresholdRule } from '../view/thresholds.js';
import { comparisonMissing, needsComparison } from '../view/thresholds.js';
import { deepFreeze, inputsConfig, outputFile, periodWindow, type ConfigIo, type RawInputOptions } from './inputs.js';
import type { ResolvedPeriod } from './period.js';
import { parseRules } from './rules.js';
import { file, list, text, wholeNumber } from './values.js';

export { DEFAULT_TIME_ZONE, parseFieldMap } from './inputs.js';

/** The report options as commander hands them over (choices already checked by commander). */
export interface RawReportOptions extends RawInputOptions {
  readonly format?: Format;
  readonly by?: DimensionId;
  readonly top?: string;
  readonly baseline?: string;
  readonly compare?: 'previous-period';
  readonly failOn?: readonly string[];
}

/** The report's own window and, for --compare previous-period, the window before it. */
export interface ReportWindows {
  readonly current: TimeWindow;
  /** The --period, when given. */
  readonly period: ResolvedPeriod | null;
  /** The zone whose calendar periods and output names follow. */
  readonly timeZone: string;
  /** The window before, with its period label when it is a named period. */
  readonly previous: (TimeWindow & { readonly label: string | null }) | null;
}

export type ComparisonSetup = { readonly source: 'none' } | { readonly source: 'baseline'; readonly file: FileRef } | { readonly source: 'previous-period' };

export interface OutputSetup {
  readonly format: Format;
  /** The dimension a CSV lists. */
  readonly by: DimensionId;
  /** Rows per list; 0 = all. */
  readonly top: number;
  /** The --output file (its template filled in), or null for standard output. */
  readonly file: FileRef | null;
  /** ANSI colour in the table: stdout is a terminal, the report is not going to a file, NO_COLOR is not set. */
  readonly color: boolean;
}

export interface ReportConfig {
  readonly inputs: readonly string[];
  readonly cwd: string;
  readonly ingest: IngestSettings;
  readonly filter: RowCriteria;
  readonly windows: ReportWindows;
  readonly comparison: ComparisonSetup;
  readonly thresholds: readonly ThresholdRule[];
  readonly output: OutputSetup;
  readonly catalogFile: FileRef | undefined;
  /** --now, else SOURCE_DATE_EPOCH, else the clock: relative times and generatedAt use it. */
  readonly now: Date;
  readonly quiet: boolean;
}

export async function reportConfig(inputs: readonly string[], options: RawReportOptions, io: ConfigIo): Promise<ReportConfig> {
  const shared = inputsConfig(inputs, options, io);
  const format = options.format ?? 'table';
  if (options.by !== undefined && format !== 'csv') throw usageError('--by applies to --format csv only', 'add --format csv, or leave --by out');
  const topText = text('--top', options.top);
  const top = topText === undefined ? RENDERERS[format].top : wholeNumber('--top', topText, 0, Number.MAX_SAFE_INTEGER, ' (0 = all)');
  const windows = await reportWindows(options, shared.given, shared.now);

  const baseline = file('--baseline', options.baseline, io.cwd);
  if (options.compare !== undefined && baseline !== undefined) throw usageError('give --baseline or --compare previous-period, not both');
  const comparison: ComparisonSetup =
    baseline !== undefined ? { source: 'baseline', file: baseline } : options.compare !== undefined ? { source: 'previous-period' } : { source: 'none' };
  const thresholds = parseRules(list('--fail-on', options.failOn));
  const needy = thresholds.find(needsComparison);
  if (needy !== undefined && comparison.source === 'none') throw comparisonMissing(needy);

  const outputName = text('--output', options.output);
  if (RENDERERS[format].binary && outputName === undefined && io.stdoutIsTty) {
    throw usageError(`--format ${format} writes a binary file, not text for a terminal`, `add --output report.${format}, or redirect: > report.${format}`);
  }
  const noColor = (io.env['NO_COLOR'] ?? '') !== '' || io.env['TERM'] === 'dumb';

  const config: ReportConfig = {
    inputs: shared.inputs,
    cwd: shared.cwd,
    ingest: shared.ingest,
    filter: shared.filter,
    windows,
    comparison,
    thresholds,
    output: {
      format,
      by: options.by ?? 'code',
      top,
      file: await outputFile(outputName, io.cwd, { period: windows.period, now: shared.now, timeZone: windows.timeZone, format }),
      color: format === 'table' && outputName === undefined && io.stdoutIsTty && !noColor,
    },
    catalogFile: shared.catalogFile,
    now: shared.now,
    quiet: shared.quiet,
  };
  if (config.comparison.source === 'previous-period' && config.windows.previous === null) {
    throw usageError('--compare previous-period needs a period to compare', 'add --period (e.g. last-week), or both --since and --until');
  }
  return deepFreeze(config);
}

/** The window of --period (narrowed by --since/--until) and the window before it when comparing with it. */
async function reportWindows(options: RawReportOptions, given: TimeWindow, now: Date): Promise<ReportWindows> {
  const { current, period, timeZone, calendar } = await periodWindow(options, given, now, options.compare !== undefined);
  if (options.compare === undefined || calendar === undefined) return { current, period, timeZone, previous: null };
  // The calendar period before a --period (the month before a month); when --since/--until set the window,
  // the same span just before it.
  if (period !== null && given.since === null && given.until === null) {
    const previous = calendar.previousPeriod(period);
    return { current, period, timeZone, previous: { since: previous.start, until: previous.end, label: previous.label } };
  }
  if (current.since === null || current.until === null) return { current, period, timeZone, previous: null };
  const length = current.until.getTime() - current.since.getTime();
  return { current, period, timeZone, previous: { since: new Date(current.since.getTime() - length), until: current.since, label: null } };
}
