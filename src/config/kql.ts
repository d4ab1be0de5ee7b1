// Owns the kql command's configuration: commander's raw option values become one validated, frozen KqlConfig
// (the tables, the window read like report's, the rules, the cut, the output directory, the detections as
// report's), or a usage error that names the option and the value.

import type { TimeWindow } from '../analyze/index.js';
import { usageError } from '../errors.js';
import type { Io } from '../io.js';
import { SOURCE_TABLES } from '../kql/tables.js';
import { SIGN_IN_TYPES, type FileRef, type SignInType } from '../model.js';
import { needsComparison, needsFindings, type ThresholdRule } from '../view/thresholds.js';
import { detectionsSetup, type DetectionsSetup, type RawDetectionOptions } from './detections.js';
import type { ResolvedPeriod } from './period.js';
import { parseRules } from './rules.js';
import { file, list, resolveNow, splitList, text, wholeNumber } from './values.js';
import { resolveWindows, type RawWindowOptions } from './windows.js';

export interface RawKqlOptions extends RawWindowOptions, RawDetectionOptions {
  readonly table?: readonly string[];
  readonly top?: string;
  readonly outputDir?: string;
  readonly now?: string;
  readonly catalog?: string;
  readonly failOn?: readonly string[];
}

export interface KqlConfig {
  /** The tables to read, in SIGN_IN_TYPES order, each once. */
  readonly tables: readonly SignInType[];
  readonly window: TimeWindow;
  readonly period: ResolvedPeriod | null;
  readonly rules: readonly ThresholdRule[];
  /** Rows per count-ordered list; 0 = all. */
  readonly top: number;
  /** --output-dir: one file per query there; null: one script on standard output. */
  readonly outputDir: FileRef | null;
  readonly catalogFile: FileRef | undefined;
  /** Whether the detection queries are written, and the --detections file of their settings (the report's). */
  readonly detections: DetectionsSetup;
}

export async function kqlConfig(options: RawKqlOptions, io: Pick<Io, 'env' | 'now' | 'cwd'>): Promise<KqlConfig> {
  const now = resolveNow(options.now, io);
  const windows = await resolveWindows(options, now);
  const rules = parseRules(list('--fail-on', options.failOn));
  const comparing = rules.find(needsComparison);
  if (comparing !== undefined) {
    throw usageError(
      `--fail-on rule '${comparing.text}' compares with an earlier period, which kql does not do`,
      'run the script once per period and compare the results, or use report --compare previous-period on exported files',
    );
  }
  const judged = rules.find(needsFindings);
  if (judged !== undefined) {
    throw usageError(
      `--fail-on rule '${judged.text}' reads the detections' findings, which kql writes as queries of their own`,
      'make analytics rules of the Detection queries, or use report --fail-on on exported files',
    );
  }
  const topText = text('--top', options.top);
  const config: KqlConfig = {
    tables: parseTables(splitList('--table', options.table)),
    window: windows.current,
    period: windows.period,
    rules,
    top: topText === undefined ? 0 : wholeNumber('--top', topText, 0, Number.MAX_SAFE_INTEGER, ' (0 = all)'),
    outputDir: file('--output-dir', options.outputDir, io.cwd) ?? null,
    catalogFile: file('--catalog', options.catalog, io.cwd),
    detections: detectionsSetup(options, io.cwd),
  };
  return Object.freeze(config);
}

/** Sign-in types or table names, any case; none given: all four. */
function parseTables(values: readonly string[]): SignInType[] {
  if (values.length === 0) return [...SIGN_IN_TYPES];
  const chosen = new Set<SignInType>();
  for (const value of values) {
    const wanted = value.toLowerCase();
    const type = SIGN_IN_TYPES.find((candidate) => candidate === wanted || SOURCE_TABLES[candidate].name.toLowerCase() === wanted);
    if (type === undefined) {
      throw usageError(
        `--table must name a sign-in table, not ${JSON.stringify(value)}`,
        `use ${SIGN_IN_TYPES.join(', ')} or ${SIGN_IN_TYPES.map((candidate) => SOURCE_TABLES[candidate].name).join(', ')}`,
      );
    }
    chosen.add(type);
  }
  return SIGN_IN_TYPES.filter((type) => chosen.has(type));
}
