// Owns the report command's configuration: commander's raw option values become one validated, frozen
// ReportConfig (the options it shares with export read by inputs.ts, the windows worked out by windows.ts,
// rules parsed, the output name filled in), or a usage error that names the option and the value.
// Nothing below this module reads raw options.

import type { RowCriteria } from '../analyze/index.js';
import type { CsvList } from '../render/csv.js';
import { warning, type Warning } from '../diagnostics.js';
import { usageError } from '../errors.js';
import type { IngestSettings } from '../ingest/index.js';
import type { Io } from '../io.js';
import type { FileRef } from '../model.js';
import { FORMATS, RENDERERS, type Format } from '../render/index.js';
import { DEFAULT_TABLE_WIDTH, MIN_TABLE_WIDTH } from '../render/table.js';
import { needsFindings, type ThresholdRule } from '../view/thresholds.js';
import { detectionsSetup, type DetectionsSetup, type RawDetectionOptions } from './detections.js';
import { privacySetup, type PrivacySetup, type RawPrivacyOptions } from './privacy.js';
import { deepFreeze, formatOfOutput, inputsConfig, outputFile, type ConfigIo, type RawInputOptions } from './inputs.js';
import { parseRules } from './rules.js';
import { file, list, text, wholeNumber } from './values.js';
import { resolveWindows, type RawWindowOptions, type ReportWindows } from './windows.js';

export { parseFieldMap } from './inputs.js';

/** The report options as commander hands them over (choices already checked by commander). */
export interface RawReportOptions extends RawInputOptions, RawWindowOptions, RawPrivacyOptions, RawDetectionOptions {
  readonly format?: Format;
  readonly by?: CsvList;
  readonly top?: string;
  readonly width?: string;
  readonly baseline?: string;
  readonly failOn?: readonly string[];
}

type ComparisonSetup = { readonly source: 'none' } | { readonly source: 'baseline'; readonly file: FileRef } | { readonly source: 'previous-period' };

interface OutputSetup {
  readonly format: Format;
  /** The dimension a CSV lists. */
  readonly by: CsvList;
  /** Rows per list; 0 = all. */
  readonly top: number;
  /** The --output file (its template filled in), or null for standard output. */
  readonly file: FileRef | null;
  /** ANSI colour in the table: stdout is a terminal, the report is not going to a file, NO_COLOR is not set. */
  readonly color: boolean;
  /** The table's line width: --width, else the terminal's columns when the table goes to one, else 80; 0 = no limit. */
  readonly width: number;
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
  /** --pseudonymize, --redact, --keep-domain, --key-file. */
  readonly privacy: PrivacySetup;
  /** Whether the detections run, and the --detections file of their settings. */
  readonly detections: DetectionsSetup;
  readonly catalogFile: FileRef | undefined;
  /** --now, else SOURCE_DATE_EPOCH, else the clock: relative times and generatedAt use it. */
  readonly now: Date;
  readonly quiet: boolean;
  /** Options that were given but change nothing: said on stderr and listed in the report. */
  readonly warnings: readonly Warning[];
}

export async function reportConfig(inputs: readonly string[], options: RawReportOptions, io: ConfigIo & Pick<Io, 'stdoutColumns'>): Promise<ReportConfig> {
  const shared = inputsConfig(inputs, options, io);
  const { now } = shared;
  const format = options.format ?? formatOfOutput(options.output, FORMATS) ?? 'table';
  if (options.by !== undefined && format !== 'csv') throw usageError('--by applies to --format csv only', 'add --format csv, or leave --by out');
  const widthText = text('--width', options.width);
  if (widthText !== undefined && format !== 'table') throw usageError('--width applies to --format table only', 'add --format table, or leave --width out');
  const topText = text('--top', options.top);
  const top = topText === undefined ? RENDERERS[format].top : wholeNumber('--top', topText, 0, Number.MAX_SAFE_INTEGER, ' (0 = all)');
  const windows = await resolveWindows(options, now);

  const baseline = file('--baseline', options.baseline, io.cwd);
  if (options.compare !== undefined && baseline !== undefined) throw usageError('give --baseline or --compare previous-period, not both');
  const comparison: ComparisonSetup =
    baseline !== undefined ? { source: 'baseline', file: baseline } : options.compare !== undefined ? { source: 'previous-period' } : { source: 'none' };
  // Rules that compare are skipped, with a warning, when there is nothing to compare with (the first week).
  const thresholds = parseRules(list('--fail-on', options.failOn));
  const detections = detectionsSetup(options, io.cwd);
  const judged = detections.enabled ? undefined : thresholds.find(needsFindings);
  if (judged !== undefined)
    throw usageError(`--fail-on rule '${judged.text}' reads the findings, and --no-detections leaves them out`, 'leave out one of the two');

  const outputName = text('--output', options.output);
  if (RENDERERS[format].binary && outputName === undefined && io.stdoutIsTty) {
    throw usageError(`--format ${format} writes a binary file, not text for a terminal`, `add --output report.${format}, or redirect: > report.${format}`);
  }

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
      file: await outputFile(outputName, io.cwd, { period: windows.period, now, timeZone: windows.timeZone, format }, shared.inputs),
      color: format === 'table' && outputName === undefined && io.stdoutIsTty && !noColor(io.env),
      width: tableWidth(widthText, outputName === undefined ? io : null),
    },
    catalogFile: shared.catalogFile,
    now,
    quiet: shared.quiet,
    privacy: privacySetup(options, io.cwd),
    detections,
    warnings: options.tz !== undefined && options.period === undefined && !/\{\s*now\s*\}/i.test(outputName ?? '') ? [warning('TZ_NOT_USED', {})] : [],
  };
  if (config.comparison.source === 'previous-period' && config.windows.previous === null) {
    throw usageError('--compare previous-period needs a period to compare', 'add --period (e.g. last-week), or both --since and --until');
  }
  return deepFreeze(config);
}

/** NO_COLOR (any value) or a dumb terminal: no ANSI colour. */
export function noColor(env: Io['env']): boolean {
  return (env['NO_COLOR'] ?? '') !== '' || env['TERM'] === 'dumb';
}

/** --width, else the terminal's columns (not narrower than the table can go), else the default. */
export function tableWidth(given: string | undefined, terminal: Pick<Io, 'stdoutIsTty' | 'stdoutColumns'> | null): number {
  if (given !== undefined) {
    const width = wholeNumber('--width', given, 0, 10_000, ' (0 = no limit)');
    if (width > 0 && width < MIN_TABLE_WIDTH) throw usageError(`--width must be 0 (no limit) or at least ${MIN_TABLE_WIDTH}, not ${width}`);
    return width;
  }
  const columns = terminal?.stdoutIsTty === true ? terminal.stdoutColumns : undefined;
  return columns === undefined ? DEFAULT_TABLE_WIDTH : Math.max(MIN_TABLE_WIDTH, columns);
}
