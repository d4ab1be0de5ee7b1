// Owns the explain command's configuration: what is asked about, the options it shares with report (inputs, how
// they are read, filters, catalog and clock by inputs.ts; the window by windows.ts; the detections by
// detections.ts; pseudonyms and redaction by privacy.ts) and its own output options, as one validated, frozen
// ExplainConfig, or a usage error naming the option and the value. Explain reads on one thread: --threads is not
// offered.

import type { RowCriteria, TimeWindow } from '../analyze/index.js';
import { warning, type Warning } from '../diagnostics.js';
import { usageError } from '../errors.js';
import type { IngestSettings } from '../ingest/index.js';
import type { Io } from '../io.js';
import type { FileRef } from '../model.js';
import { EXPLAIN_FORMATS, type ExplainFormat } from '../render/explain/index.js';
import { detectionsSetup, type DetectionsSetup, type RawDetectionOptions } from './detections.js';
import { deepFreeze, formatOfOutput, inputsConfig, outputFile, type ConfigIo, type RawInputOptions } from './inputs.js';
import type { ResolvedPeriod } from './period.js';
import { privacySetup, type PrivacySetup, type RawPrivacyOptions } from './privacy.js';
import { noColor, tableWidth } from './report.js';
import { oneOf, text } from './values.js';
import { resolveWindows } from './windows.js';

export interface RawExplainOptions extends Omit<RawInputOptions, 'threads'>, RawPrivacyOptions, RawDetectionOptions {
  readonly format?: ExplainFormat;
  readonly width?: string;
}

export interface ExplainConfig {
  /** The user (UPN, display name, object id), request id or correlation id asked about, as given. */
  readonly subject: string;
  readonly inputs: readonly string[];
  readonly cwd: string;
  readonly ingest: IngestSettings;
  readonly filter: RowCriteria;
  /** --period (in --tz) narrowed by --since/--until. */
  readonly window: TimeWindow;
  readonly period: ResolvedPeriod | null;
  readonly output: {
    readonly format: ExplainFormat;
    /** The --output file (its template filled in), or null for standard output. */
    readonly file: FileRef | null;
    /** ANSI colour in the table: stdout is a terminal, no --output, NO_COLOR not set. */
    readonly color: boolean;
    /** The table's line width; 0 = no limit. */
    readonly width: number;
  };
  readonly privacy: PrivacySetup;
  readonly detections: DetectionsSetup;
  readonly catalogFile: FileRef | undefined;
  readonly now: Date;
  readonly quiet: boolean;
  /** Options that were given but change nothing: said on stderr and listed in the JSON. */
  readonly warnings: readonly Warning[];
}

export async function explainConfig(
  subject: string,
  inputs: readonly string[],
  options: RawExplainOptions,
  io: ConfigIo & Pick<Io, 'stdoutColumns'>,
): Promise<ExplainConfig> {
  if (subject.trim() === '')
    throw usageError('nothing to explain: the user or id is empty', 'name a user (UPN, display name or object id), a request id or a correlation id');
  const shared = inputsConfig(inputs, options, io);
  const format = oneOf('--format', options.format ?? formatOfOutput(options.output, EXPLAIN_FORMATS) ?? 'table', EXPLAIN_FORMATS);
  const widthText = text('--width', options.width);
  if (widthText !== undefined && format !== 'table') throw usageError('--width applies to --format table only', 'add --format table, or leave --width out');
  const { current, period, timeZone } = await resolveWindows(options, shared.now);
  const outputName = text('--output', options.output);
  const config: ExplainConfig = {
    subject,
    inputs: shared.inputs,
    cwd: shared.cwd,
    ingest: { ...shared.ingest, threads: 1 },
    filter: shared.filter,
    window: current,
    period,
    output: {
      format,
      file: await outputFile(outputName, io.cwd, { period, now: shared.now, timeZone, format }, shared.inputs),
      color: format === 'table' && outputName === undefined && io.stdoutIsTty && !noColor(io.env),
      width: tableWidth(widthText, outputName === undefined ? io : null),
    },
    privacy: privacySetup(options, io.cwd),
    detections: detectionsSetup(options, io.cwd),
    catalogFile: shared.catalogFile,
    now: shared.now,
    quiet: shared.quiet,
    warnings: options.tz !== undefined && options.period === undefined && !/\{\s*now\s*\}/i.test(outputName ?? '') ? [warning('TZ_NOT_USED', {})] : [],
  };
  return deepFreeze(config);
}
