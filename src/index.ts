// Owns the library entry point, `import { analyze, render } from 'signin-analyzer'`: the same configuration,
// ingest, analysis, view and renderers as the command line, run in-process, and the types of what they return.

import { Readable } from 'node:stream';
import type { CsvList } from './render/csv.js';
import { reportConfig, type RawReportOptions } from './config/report.js';
import type { Diagnostic } from './diagnostics.js';
import { reportView } from './pipeline/report.js';
import { loadRenderers, RENDERERS, textOf, type Format, type TextFormat } from './render/index.js';
import { DEFAULT_TABLE_WIDTH } from './render/table.js';
import type { JsonReport } from './render/json-contract.js';
import { toJsonReport } from './render/json.js';
import { limitView, type ReportView } from './view/index.js';

/**
 * The report command's options, by their camel-case names (`since`, `period`, `failOn`, `catalog`, ...), with the
 * same meanings, defaults and checks; a bad value throws an AppError with code USAGE, as the command exits 2.
 * Output options (format, by, top, width, output, quiet) belong to render().
 */
export interface AnalyzeOptions extends Omit<RawReportOptions, 'format' | 'by' | 'top' | 'width' | 'output' | 'quiet'> {
  /** The directory relative paths are read from (default: the process's). */
  readonly cwd?: string;
  /** Each warning and listed rejected row as it happens (default: none are passed on; the view lists the warnings). */
  readonly onDiagnostic?: (diagnostic: Diagnostic) => void;
  /** Environment settings the command reads (SOURCE_DATE_EPOCH, SIGNIN_ANALYZER_PARALLEL_MIN_BYTES); default none. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Reads the inputs (files, directories, `.gz`) and returns the whole report view, every list complete. */
export async function analyze(inputs: readonly string[], options: AnalyzeOptions = {}): Promise<ReportView> {
  const { cwd = process.cwd(), onDiagnostic = () => {}, env = {}, ...raw } = options;
  const config = await reportConfig(inputs, raw, { cwd, env, now: () => new Date(), stdoutIsTty: false, stderrIsTty: false });
  return reportView(config, { stdin: Readable.from([]), stderr: () => {}, diagnose: onDiagnostic });
}

export interface RenderOptions {
  /** Default json. */
  readonly format?: Format;
  /** Rows per list; 0 = all. Default: 10 for table and markdown, all for the others. */
  readonly top?: number;
  /** What a CSV lists: a dimension or `finding` (default code). */
  readonly by?: CsvList;
  /** ANSI colour in the table (default none). */
  readonly color?: boolean;
  /** The table's longest line in columns (default 80, as for a report not going to a terminal); 0 = no limit. */
  readonly width?: number;
}

/** Every format's renderer, loaded as the library is imported, so that render() gives text at once. */
const LOADED = await loadRenderers();

/** The view as the command would print it in the format: text, or for xlsx (a workbook) a promise of its bytes. */
export function render(view: ReportView, options?: RenderOptions & { readonly format?: TextFormat }): string;
export function render(view: ReportView, options: RenderOptions & { readonly format: 'xlsx' }): Promise<Uint8Array>;
export function render(view: ReportView, options?: RenderOptions): string | Promise<Uint8Array>;
export function render(view: ReportView, options: RenderOptions = {}): string | Promise<Uint8Array> {
  const format = options.format ?? 'json';
  const rendered = LOADED[format](limitView(view, options.top ?? RENDERERS[format].top), {
    color: options.color ?? false,
    by: options.by ?? 'code',
    width: options.width ?? DEFAULT_TABLE_WIDTH,
  });
  return rendered instanceof Promise ? rendered : textOf(rendered);
}

/** The view as the JSON report's object (schemaVersion 1), without serialising it. */
export function toJson(view: ReportView, top = 0): JsonReport {
  return toJsonReport(limitView(view, top));
}

export type { ComparedDimension, DimensionId, EntityDimensionId } from './analyze/dimensions.js';
export type { CategoryRow, CodeRow, EntityRow, MfaMethodRow, MfaMethods, Report, Totals } from './analyze/types.js';
export type { Actor, Category, CatalogEntry } from './catalog/types.js';
export type { Diagnostic, Warning, WarningCode } from './diagnostics.js';
export { AppError, EXIT } from './errors.js';
export type { Outcome, SignIn, SignInType } from './model.js';
export { FORMATS, TEXT_FORMATS, type Format, type TextFormat } from './render/index.js';
export type { JsonCategoryRow, JsonCodeRow, JsonComparison, JsonEntityRow, JsonReport, JsonThresholds } from './render/json-contract.js';
export { crossedRules, type Comparison, type PeriodInfo, type ReportView, type Thresholds } from './view/index.js';
export type { ThresholdOutcome } from './view/thresholds.js';
