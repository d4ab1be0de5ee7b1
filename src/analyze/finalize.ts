// Owns the step from a tally to a Report: the catalog join for codes and categories, rates, the MFA methods, the one
// deterministic sort order (count descending, then key; users and other entities by failures plus the
// interrupts of those who never got in) and the --top cut. Renderers never sort or cut.

import type { Catalog, Category } from '../catalog/types.js';
import { warning, type Warning } from '../diagnostics.js';
import type { InputSummary } from '../model.js';
import type { Tally, DimensionTally } from './aggregate.js';
import { countPerFirst, groupByFirst } from './pairs.js';
import {
  DIMENSION_IDS,
  dimensionIndex,
  dimensionOf,
  ENTITY_DIMENSION_IDS,
  isLegacyClientApp,
  type Dimension,
  type DimensionId,
  type DimensionKey,
  type EntityDimensionId,
} from './dimensions.js';
import { finishMfaMethods, type MfaTally } from './mfa-methods.js';
import type { UnknownEntry } from './outcome.js';
import type { CategoryCount, CategoryRow, CodeCount, CodeRow, EntityRow, LegacyProtocols, Report, ToolInfo } from './types.js';

/** Codes listed per user, app, ... row. */
export const TOP_CODES_PER_ROW = 3;

/** What ingest tells about the rows; IngestResult satisfies it. */
interface IngestSummary {
  readonly inputs: readonly InputSummary[];
  readonly rowsRead: number;
  readonly rejected: number;
  readonly duplicates: number;
  /** Records of another kind in the inputs (not sign-ins). */
  readonly filteredOut: number;
}

export interface FinalizeContext {
  readonly catalog: Catalog;
  readonly unknownEntry: UnknownEntry;
  readonly tool: ToolInfo;
  readonly generatedAt: Date;
  readonly ingest: IngestSummary;
  readonly window: { readonly since: Date | null; readonly until: Date | null };
  readonly warnings: readonly Warning[];
  /** The MFA steps of the tally's sign-ins, when authentication details were given (the report's own window only). */
  readonly mfa?: MfaTally | null;
}

/** Builds the complete report: every row of every dimension, sorted. Cut it with limitReport. */
export function finalize(tally: Tally, context: FinalizeContext): Report {
  const { catalog } = context;
  const byCode = codeRows(tally, context);
  const byCategory = categoryRows(tally, catalog);
  const categoryOfCode = new Map(byCode.map((row) => [row.code, row.category]));
  const byEntity = Object.fromEntries(ENTITY_DIMENSION_IDS.map((id) => [id, entityRows(tally, id, categoryOfCode)])) as Record<EntityDimensionId, EntityRow[]>;
  const distinct = Object.fromEntries(DIMENSION_IDS.map((id) => [id, tally.dimensions[dimensionIndex(id)]!.keys.length])) as Record<DimensionId, number>;

  return {
    tool: context.tool,
    generatedAt: context.generatedAt,
    inputs: context.ingest.inputs,
    accounting: {
      rowsRead: context.ingest.rowsRead,
      signIns: tally.signIns,
      rejected: context.ingest.rejected,
      duplicates: context.ingest.duplicates,
      outsideWindow: tally.outsideWindow,
      // Left out on purpose: records of another kind in the inputs, and sign-ins the row filters dropped.
      filteredOut: context.ingest.filteredOut + tally.filteredOut,
    },
    period: {
      since: context.window.since,
      until: context.window.until,
      firstSignIn: tally.firstMs === null ? null : new Date(tally.firstMs),
      lastSignIn: tally.lastMs === null ? null : new Date(tally.lastMs),
    },
    totals: {
      signIns: tally.signIns,
      success: tally.success,
      failure: tally.failure,
      interrupted: tally.interrupted,
      users: distinct.user,
      apps: distinct.app,
    },
    byCode,
    byCategory,
    byEntity,
    legacyProtocols: legacyProtocols(byEntity['client-app']),
    distinct,
    top: 0,
    warnings: context.warnings,
    ...(context.mfa === undefined || context.mfa === null ? {} : { mfaMethods: finishMfaMethods(context.mfa) }),
  };
}

/** Keeps the first `top` rows of every count-ordered list (0 = all). Chronological lists stay whole. */
export function limitReport(report: Report, top: number): Report {
  if (top === 0) return report;
  const cut = <T>(rows: readonly T[]): readonly T[] => rows.slice(0, top);
  const byEntity = Object.fromEntries(
    ENTITY_DIMENSION_IDS.map((id) => [id, dimensionOf(id).order === 'key' ? report.byEntity[id] : cut(report.byEntity[id])]),
  ) as Record<EntityDimensionId, readonly EntityRow[]>;
  return { ...report, byCode: cut(report.byCode), byCategory: cut(report.byCategory), byEntity, top };
}

/** Warnings the analysis itself raises (ingest raises its own): no sign-in counted, no MFA step joined to one. */
export function analysisWarnings(tally: Tally, mfa: MfaTally | null = null): Warning[] {
  const warnings: Warning[] = [];
  const dropped = tally.outsideWindow + tally.filteredOut;
  if (tally.signIns === 0 && dropped > 0) warnings.push(warning('NO_SIGN_INS', { outsideWindow: tally.outsideWindow, filteredOut: tally.filteredOut }));
  if (mfa !== null && mfa.requests > 0 && mfa.signIns === 0 && tally.signIns > 0) warnings.push(warning('AUTH_DETAILS_UNMATCHED', { requests: mfa.requests }));
  return warnings;
}

function codeRows(tally: Tally, context: FinalizeContext): CodeRow[] {
  const counters = tally.dimensions[dimensionIndex('code')]!;
  const users = distinctCounts(counters, 'code', 'user');
  const apps = distinctCounts(counters, 'code', 'app');
  const reasons = counters.reasons === null ? [] : groupByFirst(counters.reasons, counters.keys.length);
  const rows = counters.keys.map((key, i): CodeRow => {
    const code = Number(key);
    const known = context.catalog.lookup(code);
    const entry = known ?? context.unknownEntry(code);
    const failures = counters.failures[i]!;
    const interrupted = counters.interrupted[i]!;
    return {
      code,
      name: entry.name,
      outcome: known !== undefined && known.outcome !== 'success' ? known.outcome : failures >= interrupted ? 'failure' : 'interrupted',
      category: entry.category,
      catalogued: known !== undefined,
      count: counters.signIns[i]!,
      failures,
      interrupted,
      users: users[i]!,
      apps: apps[i]!,
      description: entry.description,
      remediation: entry.remediation,
      failureReason: mostFrequent((reasons[i] ?? []).map(([text, count]) => [tally.reasonTexts[text]!, count])) ?? '',
    };
  });
  return rows.sort((a, b) => b.count - a.count || a.code - b.code);
}

function categoryRows(tally: Tally, catalog: Catalog): CategoryRow[] {
  const counters = tally.dimensions[dimensionIndex('category')]!;
  const users = distinctCounts(counters, 'category', 'user');
  const codes = codesPerKey(tally, counters);
  const rows = counters.keys.map((key, i): CategoryRow => {
    const info = catalog.category(key as Category);
    return {
      category: info.id,
      title: info.title,
      actor: info.actor,
      guidance: info.guidance,
      count: counters.signIns[i]!,
      failures: counters.failures[i]!,
      interrupted: counters.interrupted[i]!,
      users: users[i]!,
      codes: codes[i]!.length,
      topCodes: topCodes(codes[i]!),
    };
  });
  return rows.sort((a, b) => b.count - a.count || compareText(a.category, b.category));
}

function entityRows(tally: Tally, id: EntityDimensionId, categoryOfCode: ReadonlyMap<number, Category>): EntityRow[] {
  const dimension = dimensionOf(id);
  const counters = tally.dimensions[dimensionIndex(id)]!;
  const users = dimension.distinct.includes('user') ? distinctCounts(counters, id, 'user') : null;
  const codes = codesPerKey(tally, counters);
  const order = counters.keys.map((_key, i) => i);
  if (dimension.order === 'key') order.sort((a, b) => compareKeys(counters.keys[a]!, counters.keys[b]!));
  const rows = order.map((i): EntityRow => {
    const key = labelOf(dimension, counters.keys[i]!);
    const signIns = counters.signIns[i]!;
    const failures = counters.failures[i]!;
    const row: EntityRow = {
      key,
      signIns,
      failures,
      interrupted: counters.interrupted[i]!,
      failureRate: rate(failures, signIns),
      users: users === null ? 1 : users[i]!,
      topCodes: topCodes(codes[i]!),
    };
    if (counters.names !== null) return { ...row, name: counters.names[i]! };
    if (dimension.legacy === true) return { ...row, legacy: isLegacyClientApp(key) };
    return dimension.categories === true ? { ...row, categories: categoryCounts(codes[i]!, categoryOfCode) } : row;
  });
  return dimension.order === 'key' ? rows : rows.sort(compareEntityRows);
}

/**
 * The order of a count-ordered list of users, apps, ...: failures with the interrupts that never led anywhere
 * (unresolved), then failures, interrupts and sign-ins, most first, then the key.
 */
export function compareEntityRows(a: EntityRow, b: EntityRow): number {
  const stuckA = unresolved(a.signIns, a.failures, a.interrupted);
  const stuckB = unresolved(b.signIns, b.failures, b.interrupted);
  return (
    b.failures + stuckB - (a.failures + stuckA) ||
    b.failures - a.failures ||
    b.interrupted - a.interrupted ||
    b.signIns - a.signIns ||
    compareText(a.key, b.key)
  );
}

/** A key's code counts summed per category of the code: most first, then by category id. */
function categoryCounts(codes: readonly (readonly [number, number])[], categoryOfCode: ReadonlyMap<number, Category>): CategoryCount[] {
  const counts = new Map<Category, number>();
  for (const [code, count] of codes) {
    const category = categoryOfCode.get(code)!;
    counts.set(category, (counts.get(category) ?? 0) + count);
  }
  return [...counts].sort(([a, countA], [b, countB]) => countB - countA || compareText(a, b)).map(([category, count]) => ({ category, count }));
}

/**
 * Interrupts that never led anywhere: all the interrupts of a key (a user, an app, an IP address) with no
 * successful sign-in in the period. Someone stuck at the MFA prompt hundreds of times, never getting in, ranks
 * among the failures; interrupts followed by a success are the normal flow and do not.
 */
function unresolved(signIns: number, failures: number, interrupted: number): number {
  return signIns - failures - interrupted === 0 ? interrupted : 0;
}

function legacyProtocols(clientApps: readonly EntityRow[]): LegacyProtocols {
  const legacy = clientApps.filter((row) => row.legacy === true);
  const sum = (pick: (row: EntityRow) => number): number => legacy.reduce((total, row) => total + pick(row), 0);
  const bySignIns = [...legacy].sort((a, b) => b.signIns - a.signIns || compareText(a.key, b.key));
  return {
    signIns: sum((row) => row.signIns),
    failures: sum((row) => row.failures),
    interrupted: sum((row) => row.interrupted),
    clientApps: bySignIns.map((row) => row.key),
  };
}

/** Per key of `owner`: how many distinct keys of `counted` were seen with it. */
function distinctCounts(counters: DimensionTally, owner: DimensionId, counted: DimensionId): number[] {
  const position = dimensionOf(owner).distinct.indexOf(counted);
  if (position < 0) throw new Error(`dimension ${owner} does not count distinct ${counted}`);
  return countPerFirst(counters.distinct[position]!, counters.keys.length);
}

/** Per key: its [code, count] pairs (empty when the dimension does not track codes). */
function codesPerKey(tally: Tally, counters: DimensionTally): [number, number][][] {
  if (counters.codes === null) return counters.keys.map(() => []);
  const codeKeys = tally.dimensions[dimensionIndex('code')]!.keys;
  return groupByFirst(counters.codes, counters.keys.length).map((pairs) => pairs.map(([j, count]) => [Number(codeKeys[j]), count]));
}

function topCodes(codes: readonly (readonly [number, number])[]): CodeCount[] {
  return [...codes]
    .sort(([codeA, countA], [codeB, countB]) => countB - countA || codeA - codeB)
    .slice(0, TOP_CODES_PER_ROW)
    .map(([code, count]) => ({ code, count }));
}

function mostFrequent(counts: Iterable<readonly [string, number]>): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const [text, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && compareText(text, best) < 0)) {
      best = text;
      bestCount = count;
    }
  }
  return best;
}

function rate(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

function labelOf(dimension: Dimension, key: DimensionKey): string {
  return dimension.label === undefined ? String(key) : dimension.label(key);
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareKeys(a: DimensionKey, b: DimensionKey): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : compareText(String(a), String(b));
}
