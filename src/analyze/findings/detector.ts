// Owns the contract of one detection kind: its own state slice (plain data), how it observes a row, merges a
// slice from another part of the input, and finishes into findings; and the ready-made slices of detections
// whose own state is one table. index.ts lists the detectors in one table.

import { cellOf, createTable, defineLayout, mergeTable, type CellTable, type Layout, type NameLists, type Remaps } from './cells.js';
import type { Names } from './names.js';
import { note, type FinishContext, type Row } from './observations.js';
import type { DetectionSettings } from './settings.js';
import type { DetectionKind, Finding } from './types.js';

/** What a detection's observe may read besides the row. */
export interface ObserveContext {
  readonly settings: DetectionSettings;
  readonly names: Names;
  readonly lists: NameLists;
}

export interface Detector<Slice> {
  readonly kind: DetectionKind;
  /** Row classes (classify.ts bits) this detection's own slice needs; 0 when it reads shared observations only. */
  readonly wants: number;
  /** Kinds whose findings this one makes redundant: dropped when every entity field they set is the same here. */
  readonly supersedes: readonly DetectionKind[];
  create(): Slice;
  observe(slice: Slice, row: Row, context: ObserveContext): void;
  /** Folds `source` into `target`; `lists` are the target's names after `remaps` were applied. */
  merge(target: Slice, source: Slice, remaps: Remaps, lists: NameLists): void;
  finish(slice: Slice, context: FinishContext): Finding[];
}

/** The slice parts of a detection that only reads the shared observations. */
export const NO_SLICE = {
  wants: 0,
  create: (): null => null,
  observe: (): void => undefined,
  merge: (): void => undefined,
} as const;

/** The own slice of a detection that keeps one table of cells. */
export interface TableSlice {
  readonly table: CellTable;
}

/**
 * The slice parts of a detection whose own state is one table: each row it wants is noted in the cell
 * `cellFor` gives (counted in column `counter`, its span widened, offered as the reference).
 */
export function tableSlice(
  layout: Layout<'first' | 'last'>,
  cellFor: (table: CellTable, row: Row, settings: DetectionSettings) => number,
  counter: (row: Row) => number,
): Pick<Detector<TableSlice>, 'create' | 'observe' | 'merge'> {
  return {
    create: () => ({ table: createTable(layout) }),
    observe(slice, row, context) {
      note(slice.table, layout, cellFor(slice.table, row, context.settings), context.lists, row, counter(row));
    },
    merge(target, source, remaps, lists) {
      mergeTable(target.table, source.table, layout, remaps, lists);
    },
  };
}

/** The own table of a detection that counts its rows per (user, IP, app, time bin), with their span and earliest one. */
export const BINNED = defineLayout({
  keys: ['user', 'ip', 'app', 'bin'],
  columns: { count: { merge: 'sum' }, first: { merge: 'min' }, last: { merge: 'max' } },
  ref: { time: 'first', carry: [] },
});

/** The slice parts of a detection whose own state is a BINNED table, with bins of `binMs(settings)` milliseconds. */
export function binnedSlice(binMs: (settings: DetectionSettings) => number): Pick<Detector<TableSlice>, 'create' | 'observe' | 'merge'> {
  return tableSlice(
    BINNED,
    (table, row, settings) => cellOf(table, BINNED, row.user, row.ip, row.app, Math.floor(row.ms / binMs(settings))),
    () => BINNED.at.count,
  );
}
