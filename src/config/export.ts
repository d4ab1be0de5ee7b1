// Owns the export command's configuration: the options it shares with report (read by config/inputs.ts: inputs,
// how they are read, filters, --since/--until/--period, catalog, clock, --output, and the sharing options read by
// config/privacy.ts) plus its own --format, as one validated, frozen ExportConfig. Export reads every input on the calling thread, so --threads is not offered.

import type { RowCriteria, TimeWindow } from '../analyze/index.js';
import type { IngestSettings } from '../ingest/index.js';
import type { FileRef } from '../model.js';
import { EXPORT_FORMATS, type ExportFormat } from '../export/record.js';
import { deepFreeze, formatOfOutput, inputsConfig, outputFile, type ConfigIo, type RawInputOptions } from './inputs.js';
import { privacySetup, type PrivacySetup, type RawPrivacyOptions } from './privacy.js';
import { oneOf, text } from './values.js';
import { resolveWindows } from './windows.js';

export interface RawExportOptions extends Omit<RawInputOptions, 'threads'>, RawPrivacyOptions {
  readonly format?: ExportFormat;
}

export interface ExportConfig {
  readonly inputs: readonly string[];
  readonly cwd: string;
  readonly ingest: IngestSettings;
  readonly filter: RowCriteria;
  /** --period (in --tz) narrowed by --since/--until. */
  readonly window: TimeWindow;
  readonly format: ExportFormat;
  /** The --output file (its template filled in), or null for standard output. */
  readonly file: FileRef | null;
  readonly catalogFile: FileRef | undefined;
  /** --pseudonymize, --redact, --keep-domain and --key-file. */
  readonly privacy: PrivacySetup;
  readonly quiet: boolean;
  /** --now, else SOURCE_DATE_EPOCH, else the clock. */
  readonly now: Date;
}

export async function exportConfig(inputs: readonly string[], options: RawExportOptions, io: ConfigIo): Promise<ExportConfig> {
  const shared = inputsConfig(inputs, options, io);
  const format = oneOf('--format', options.format ?? formatOfOutput(options.output, EXPORT_FORMATS) ?? 'jsonl', EXPORT_FORMATS);
  const { current, period, timeZone } = await resolveWindows(options, shared.now);
  const config: ExportConfig = {
    inputs: shared.inputs,
    cwd: shared.cwd,
    // Each sign-in is written as it is read, in input order: one thread reads every file.
    ingest: { ...shared.ingest, threads: 1 },
    filter: shared.filter,
    window: current,
    format,
    file: await outputFile(text('--output', options.output), io.cwd, { period, now: shared.now, timeZone, format }, shared.inputs),
    catalogFile: shared.catalogFile,
    privacy: privacySetup(options, io.cwd),
    quiet: shared.quiet,
    now: shared.now,
  };
  return deepFreeze(config);
}
