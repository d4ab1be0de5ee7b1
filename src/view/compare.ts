// Owns the comparison of two reports: for every code, category, user and app, the count now and before, the
// change, the change in percent, and whether the entry is new or gone. Pure; reads only the report figures.

export const COMPARED_DIMENSIONS = ['code', 'category', 'user', 'app'] as const;
export type ComparedDimension = (typeof COMPARED_DIMENSIONS)[number];

/** Codes and categories are compared on their count (failures plus interrupts); users and apps on failures. */
export const COMPARED_METRIC = { code: 'count', category: 'count', user: 'failures', app: 'failures' } as const satisfies Record<ComparedDimension, string>;

/**
 * The part of a JSON report (schemaVersion 1) a comparison reads. The names are those of the JSON contract,
 * so a parsed baseline file is one, and so is the projection of the report being made.
 */
export interface ReportFigures {
  readonly totals: { readonly signIns: number; readonly failure: number; readonly interrupted: number };
  readonly byCode: readonly { readonly code: number; readonly count: number }[];
  readonly byCategory: readonly { readonly category: string; readonly count: number }[];
  readonly byUser: readonly { readonly user: string; readonly failures: number; readonly interrupted: number }[];
  readonly byApp: readonly { readonly app: string; readonly failures: number; readonly interrupted: number }[];
  /** Per UTC day; not compared key by key (the two periods have different days), shown side by side. Absent in older baselines. */
  readonly byDay?: readonly DayFigures[];
}

export interface DayFigures {
  /** `2026-11-09` */
  readonly day: string;
  readonly failures: number;
  readonly interrupted: number;
}

export const CHANGE_STATUSES = ['new', 'gone', 'up', 'down', 'same'] as const;
/** `new`: nothing before; `gone`: nothing now; otherwise the direction of the change. */
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

export interface Delta {
  readonly now: number;
  readonly before: number;
  readonly change: number;
  /** Change relative to before, in percent with one decimal; null when before is 0 (no base to compare to). */
  readonly changePercent: number | null;
}

export interface DeltaRow extends Delta {
  /** The code (as text), category id, user or app. */
  readonly key: string;
  readonly status: ChangeStatus;
}

export interface TotalsComparison {
  readonly signIns: Delta;
  readonly failures: Delta;
  readonly interrupted: Delta;
  /** Failure rates in percent (two decimals); change in percentage points, changePercent always null. */
  readonly failureRate: Delta;
}

export interface ComparisonCounts {
  readonly new: number;
  readonly gone: number;
  readonly up: number;
  readonly down: number;
  readonly same: number;
}

export interface ComparisonBody {
  readonly totals: TotalsComparison;
  /** Per dimension, every key counted now or before, largest movement first. */
  readonly rows: Readonly<Record<ComparedDimension, readonly DeltaRow[]>>;
  readonly counts: Readonly<Record<ComparedDimension, ComparisonCounts>>;
}

/** Compares the figures of the report being made (`now`) with an earlier one (`before`). */
export function compareFigures(now: ReportFigures, before: ReportFigures): ComparisonBody {
  const rows = Object.fromEntries(
    COMPARED_DIMENSIONS.map((dimension) => [dimension, compareCounts(countsOf(now, dimension), countsOf(before, dimension))]),
  ) as Record<ComparedDimension, DeltaRow[]>;
  const counts = Object.fromEntries(COMPARED_DIMENSIONS.map((dimension) => [dimension, countStatuses(rows[dimension])])) as Record<
    ComparedDimension,
    ComparisonCounts
  >;
  return {
    totals: {
      signIns: delta(now.totals.signIns, before.totals.signIns),
      failures: delta(now.totals.failure, before.totals.failure),
      interrupted: delta(now.totals.interrupted, before.totals.interrupted),
      failureRate: rateDelta(failureRatePercent(now), failureRatePercent(before)),
    },
    rows,
    counts,
  };
}

/** The per-key counts a dimension is compared on; a key listed twice adds up. */
export function countsOf(figures: ReportFigures, dimension: ComparedDimension): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string, value: number): void => {
    counts.set(key, (counts.get(key) ?? 0) + value);
  };
  switch (dimension) {
    case 'code':
      for (const row of figures.byCode) add(String(row.code), row.count);
      break;
    case 'category':
      for (const row of figures.byCategory) add(row.category, row.count);
      break;
    case 'user':
      for (const row of figures.byUser) add(row.user, row.failures);
      break;
    case 'app':
      for (const row of figures.byApp) add(row.app, row.failures);
      break;
  }
  return counts;
}

/**
 * One row per key with a non-zero count on either side. A key at zero on both sides (a user who only
 * signed in successfully) has nothing to compare and is left out.
 */
export function compareCounts(now: ReadonlyMap<string, number>, before: ReadonlyMap<string, number>): DeltaRow[] {
  const keys = new Set([...now.keys(), ...before.keys()]);
  const rows: DeltaRow[] = [];
  for (const key of keys) {
    const nowCount = now.get(key) ?? 0;
    const beforeCount = before.get(key) ?? 0;
    if (nowCount === 0 && beforeCount === 0) continue;
    rows.push({ key, ...delta(nowCount, beforeCount), status: statusOf(nowCount, beforeCount) });
  }
  return rows.sort(byMovement);
}

export function delta(now: number, before: number): Delta {
  return { now, before, change: now - before, changePercent: before === 0 ? null : roundTo(((now - before) / before) * 100, 1) };
}

/** Failures per sign-in in percent, two decimals; 0 when nothing signed in. */
export function failureRatePercent(figures: ReportFigures): number {
  return figures.totals.signIns === 0 ? 0 : roundTo((figures.totals.failure / figures.totals.signIns) * 100, 2);
}

function rateDelta(now: number, before: number): Delta {
  return { now, before, change: roundTo(now - before, 2), changePercent: null };
}

function statusOf(now: number, before: number): ChangeStatus {
  if (before === 0) return 'new';
  if (now === 0) return 'gone';
  if (now > before) return 'up';
  if (now < before) return 'down';
  return 'same';
}

function countStatuses(rows: readonly DeltaRow[]): ComparisonCounts {
  const counts = { new: 0, gone: 0, up: 0, down: 0, same: 0 };
  for (const row of rows) counts[row.status] += 1;
  return counts;
}

/** Largest absolute change first, then the larger count now, then the key (numerically for codes). */
function byMovement(a: DeltaRow, b: DeltaRow): number {
  return Math.abs(b.change) - Math.abs(a.change) || b.now - a.now || compareKeys(a.key, b.key);
}

export function compareKeys(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  // Half away from zero, so a fall rounds like the same rise; adding 0 turns -0 into 0 for JSON.
  return (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor + 0;
}
