// Owns the comparison of two reports: for every key of every compared dimension (dimensions.ts), the count now
// and before, the change, the change in percent, and whether the entry is new or gone. Pure; reads only the
// report figures.

import { COMPARED_DIMENSIONS, dimensionOf, type ComparedDimension, type DimensionId } from '../analyze/dimensions.js';

/** One row of a report's figures: its key as text, and its failures and interrupts. */
export interface FigureRow {
  readonly key: string;
  readonly failures: number;
  readonly interrupted: number;
}

/**
 * The part of a report a comparison and the --fail-on rules read: the totals and, per dimension, every row. The
 * report being made has every dimension; a baseline read from a JSON report has the compared ones.
 */
export interface ReportFigures<Id extends DimensionId = DimensionId> {
  readonly totals: { readonly signIns: number; readonly failure: number; readonly interrupted: number };
  readonly rows: Readonly<Record<Id, readonly FigureRow[]>>;
}

/**
 * An earlier report's figures: the compared dimensions it has. A report made before a dimension was compared lacks
 * its section, and that dimension is then left out of the comparison rather than shown as all new.
 */
export interface EarlierFigures {
  readonly totals: ReportFigures['totals'];
  readonly rows: Readonly<Partial<Record<ComparedDimension, readonly FigureRow[]>>>;
  /** Its days, when it lists them: not compared key by key (two periods share no day), shown beside this period's. */
  readonly days?: readonly FigureRow[];
}

export const CHANGE_STATUSES = ['new', 'gone', 'up', 'down', 'same'] as const;
/** `new`: nothing before; `gone`: nothing now; otherwise the direction of the change. */
type ChangeStatus = (typeof CHANGE_STATUSES)[number];

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
  /** Per dimension both sides have, every key counted now or before, largest movement first. */
  readonly rows: Readonly<Partial<Record<ComparedDimension, readonly DeltaRow[]>>>;
  readonly counts: Readonly<Partial<Record<ComparedDimension, ComparisonCounts>>>;
}

/** Compares the figures of the report being made (`now`) with an earlier one (`before`), on every dimension both have. */
export function compareFigures(now: ReportFigures<ComparedDimension>, before: EarlierFigures): ComparisonBody {
  const compared = COMPARED_DIMENSIONS.filter((dimension) => before.rows[dimension] !== undefined);
  const rows = Object.fromEntries(
    compared.map((dimension) => [dimension, compareCounts(countsOf(now, dimension), countsOf(before as ReportFigures<ComparedDimension>, dimension))]),
  ) as Partial<Record<ComparedDimension, DeltaRow[]>>;
  const counts = Object.fromEntries(compared.map((dimension) => [dimension, countStatuses(rows[dimension]!)])) as Partial<
    Record<ComparedDimension, ComparisonCounts>
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

/**
 * The per-key counts a dimension is compared on (failures and interrupts for codes and categories, failures for
 * the others: the row's `compare` in dimensions.ts); a key listed twice adds up.
 */
export function countsOf(figures: ReportFigures<ComparedDimension>, dimension: ComparedDimension): Map<string, number> {
  const both = dimensionOf(dimension).compare === 'count';
  const counts = new Map<string, number>();
  for (const row of figures.rows[dimension]) counts.set(row.key, (counts.get(row.key) ?? 0) + row.failures + (both ? row.interrupted : 0));
  return counts;
}

/**
 * One row per key with a non-zero count on either side. A key at zero on both sides (a user who only
 * signed in successfully) has nothing to compare and is left out.
 */
function compareCounts(now: ReadonlyMap<string, number>, before: ReadonlyMap<string, number>): DeltaRow[] {
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

function delta(now: number, before: number): Delta {
  return { now, before, change: now - before, changePercent: before === 0 ? null : roundTo(((now - before) / before) * 100, 1) };
}

/** Failures per sign-in in percent, two decimals; 0 when nothing signed in. */
function failureRatePercent(figures: Pick<ReportFigures, 'totals'>): number {
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
  return Math.abs(b.change) - Math.abs(a.change) || b.now - a.now || compareKeyTexts(a.key, b.key);
}

/** Keys as text: codes (all digits) by number, anything else by code unit. */
function compareKeyTexts(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  // Half away from zero, so a fall rounds like the same rise; adding 0 turns -0 into 0 for JSON.
  return (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor + 0;
}
