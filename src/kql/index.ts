// Owns the KQL emitter's public surface: the setup (catalog, tables, window, cut, rules, detection settings)
// becomes the list of queries, then one script of queries that each run alone, or one file per query. Pure: the
// command decides where the text goes.

import type { TimeWindow, UnknownEntry } from '../analyze/index.js';
import type { Catalog } from '../catalog/types.js';
import type { SignInType } from '../model.js';
import { isoInstant } from '../time.js';
import type { ThresholdRule } from '../view/thresholds.js';
import type { DetectionSettings } from '../analyze/findings/settings.js';
import { DETECTION_QUERY_IDS, detectionQueries } from './detections.js';
import { assemble, typesOf, type KqlQuery } from './query.js';
import { FAIL_ON_QUERY, failOnQuery } from './rules.js';
import { reportSections } from './sections.js';
import { SOURCE_TABLES } from './tables.js';
import { kqlComment } from './text.js';

export type { KqlQuery } from './query.js';

export interface KqlSetup {
  readonly tool: { readonly name: string; readonly version: string };
  readonly catalog: Catalog;
  readonly unknownEntry: UnknownEntry;
  readonly tables: readonly SignInType[];
  readonly window: TimeWindow;
  /** The --period label and zone, when the window is a period. */
  readonly period: { readonly label: string; readonly timeZone: string } | null;
  /** Rows per count-ordered list; 0 = all. */
  readonly top: number;
  readonly rules: readonly ThresholdRule[];
  /** The offline detections' settings (defaults, or a --detections file); null leaves the detection queries out. */
  readonly detections: DetectionSettings | null;
}

/** Every query, in the order of the report: sections, detections, then the rules when there are any. */
export function buildQueries(setup: KqlSetup): KqlQuery[] {
  const context = {
    catalog: setup.catalog,
    source: { tables: setup.tables, window: setup.window },
    banner: (tables: readonly SignInType[]) => banner(setup, tables),
  };
  const plans = [
    ...reportSections(setup.top, setup.unknownEntry),
    ...(setup.detections === null ? [] : detectionQueries(setup.detections, setup.catalog)),
    ...(setup.rules.length > 0 ? [failOnQuery(setup.rules)] : []),
  ];
  return plans.filter((plan) => typesOf(plan, context).length > 0).map((plan) => assemble(plan, context));
}

/** One script: a header, then the queries with a blank line between them (where the Logs blade splits queries). */
export function renderScript(setup: KqlSetup, queries: readonly KqlQuery[]): string {
  const header = [
    `${setup.tool.name} ${setup.tool.version}: the sign-in report and detections as KQL, for Log Analytics, Microsoft Sentinel and Azure Data Explorer.`,
    `Queries: ${queries.map((query) => query.id).join(', ')}.`,
    'Each query below runs on its own: click into it and run it (the Logs blade runs the query under the cursor, up to the blank lines around it).',
  ].map(kqlComment);
  return `${[header.join('\n'), ...queries.map((query) => query.text)].join('\n\n')}\n`;
}

/** Every query id a run can write, whatever its options: what an earlier run may have left in an --output-dir. */
export function allQueryIds(unknownEntry: UnknownEntry): string[] {
  return [...reportSections(0, unknownEntry).map((plan) => plan.id), ...DETECTION_QUERY_IDS, FAIL_ON_QUERY];
}

/** One file per query, `<id>.kql`. */
export function renderFiles(queries: readonly KqlQuery[]): { readonly name: string; readonly text: string }[] {
  return queries.map((query) => ({ name: `${query.id}.kql`, text: `${query.text}\n` }));
}

function banner(setup: KqlSetup, tables: readonly SignInType[]): string[] {
  const { since, until } = setup.window;
  const window =
    since === null && until === null
      ? 'Window: none set here (in the Logs blade, the time range picker applies).'
      : `Window: sign-ins from ${since === null ? 'any time' : isoInstant(since)} to ${until === null ? 'now' : `before ${isoInstant(until)}`}${setup.period === null ? '' : ` (period ${setup.period.label}, ${setup.period.timeZone})`}.`;
  return [
    `${setup.tool.name} ${setup.tool.version}, catalog ${setup.catalog.version}. Tables: ${tables.map((type) => SOURCE_TABLES[type].name).join(', ')}.`,
    window,
  ];
}
