// Owns CellTable, the findings engine's counters: a cell is a tuple of small integer keys (user, IP, app, time
// bin, ...) with int columns, in Int32Array chunks behind an open-addressing index, so a findings state is
// plain data (structured-clone safe, transferable) whose memory grows with distinct keys, never with rows.
// A layout names a table's columns and says how two cells with the same key merge. Times are whole seconds
// since 2020 (cells need no finer grain and an int32 holds 1952..2088). A cell can hold a reference to one
// sign-in as evidence: its earliest by (time, request id, code, IP, app), which does not depend on the order
// rows arrive in; a lower-case GUID request id is packed into four integers.

import { detach } from '../../text.js';

export const NAME_KINDS = ['user', 'ip', 'app', 'client'] as const;
export type NameKind = (typeof NAME_KINDS)[number];
type KeyKind = NameKind | 'bin';

/** How two cells' values combine: summed, OR-ed, the smallest, the largest, or `same` (one value, or MIXED). */
type Merge = 'sum' | 'or' | 'min' | 'max' | 'same';
interface Column {
  readonly merge: Merge;
  /** The names the value indexes, remapped when states merge. */
  readonly names?: NameKind;
}

/** `same` columns: no value yet, and more than one value seen. */
export const NONE = -1;
export const MIXED = -2;

const INT_MIN = -0x80000000;
const INT_MAX = 0x7fffffff;

/** Seconds from 1970 to 2020-01-01, the zero of cell times. */
const TIME_ZERO = 1_577_836_800;

/** A sign-in time (epoch ms) as a cell time. */
export function cellTime(ms: number): number {
  return Math.min(INT_MAX - 1, Math.max(INT_MIN + 1, Math.floor(ms / 1000) - TIME_ZERO));
}

/** A cell time back as epoch ms. */
export function msOf(time: number): number {
  return (time + TIME_ZERO) * 1000;
}

export interface LayoutSpec<C extends string> {
  readonly keys: readonly KeyKind[];
  readonly columns: Readonly<Record<C, Column>>;
  /** The evidence reference: its time is a `min` column; the IP and app are keys, or carried when `carry` says. */
  readonly ref: { readonly time: NoInfer<C>; readonly carry: readonly ('ip' | 'app')[] } | null;
}

interface RefColumns {
  readonly time: number;
  /** ID_NONE / ID_GUID / ID_TEXT, then four words (a GUID) or a texts index. */
  readonly id: number;
  readonly code: number;
  /** Where the sign-in's user, IP and app are: positions < keyWidth are keys, the rest carried columns. */
  readonly user: number;
  readonly ip: number;
  readonly app: number;
}

export interface Layout<C extends string> {
  readonly keys: readonly KeyKind[];
  readonly keyWidth: number;
  /** Ints per cell: the keys, the named columns, then the reference. */
  readonly width: number;
  /** Offsets of the named columns within a cell. */
  readonly at: Readonly<Record<C, number>>;
  /**
   * The offset of the `last` column, -1 if none: code that takes any layout reads it here, as the `at` records
   * differ in shape from layout to layout and a read across many shapes is a lookup in V8's shared cache.
   */
  readonly last: number;
  readonly columns: readonly (Column & { readonly offset: number })[];
  readonly ref: RefColumns | null;
  /** A new cell's values after the keys. */
  readonly init: readonly number[];
}

const ID_NONE = 0;
const ID_GUID = 1;
const ID_TEXT = 2;

export function defineLayout<C extends string>(spec: LayoutSpec<C>): Layout<C> {
  const keyWidth = spec.keys.length;
  if (keyWidth < 1 || keyWidth > 4) throw new Error('a cell has 1 to 4 keys');
  let width = keyWidth;
  const at = {} as Record<C, number>;
  const columns: (Column & { offset: number })[] = [];
  const init: number[] = [];
  for (const name of Object.keys(spec.columns) as C[]) {
    const column = spec.columns[name];
    at[name] = width;
    columns.push({ ...column, offset: width++ });
    init.push(column.merge === 'same' ? NONE : column.merge === 'min' ? INT_MAX : column.merge === 'max' ? INT_MIN : 0);
  }
  let ref: RefColumns | null = null;
  if (spec.ref !== null) {
    const { time, carry } = spec.ref;
    if (spec.columns[time].merge !== 'min') throw new Error('a reference time must be a `min` column');
    const position = (kind: KeyKind): number => spec.keys.indexOf(kind);
    const id = width;
    width += 5;
    init.push(ID_NONE, 0, 0, 0, 0);
    const code = width++;
    init.push(0);
    const place = (kind: 'ip' | 'app'): number => {
      if (carry.includes(kind)) {
        init.push(NONE);
        return width++;
      }
      if (position(kind) < 0) throw new Error(`a reference needs the ${kind} as a key or carried`);
      return position(kind);
    };
    const ip = place('ip');
    const app = place('app');
    if (position('user') < 0) throw new Error('a reference needs the user as a key');
    ref = { time: at[time], id, code, user: position('user'), ip, app };
  }
  return { keys: spec.keys, keyWidth, width, at, last: (at as Partial<Record<string, number>>).last ?? -1, columns, ref, init };
}

export interface CellTable {
  size: number;
  /** Cell number + 1 per slot, 0 for an empty slot; the length is a power of two, at most 70 % full. */
  slots: Int32Array;
  /**
   * `width` ints per cell, CHUNK_CELLS cells per chunk: a table grows by a chunk and never copies (the first
   * chunk starts small and doubles up to that size), so growing leaves no garbage the size of the table.
   */
  readonly chunks: Int32Array[];
  /** Request ids that are not lower-case GUIDs; each cell that needs one owns its entry. */
  readonly texts: string[];
}

const CHUNK_SHIFT = 12;
const CHUNK_CELLS = 1 << CHUNK_SHIFT;
const CHUNK_MASK = CHUNK_CELLS - 1;
const INITIAL_CELLS = 16;

/**
 * Full chunks of a table being merged into another that the merge has read to the end: the target grows into
 * them (their values are all written anew), so a merge holds one copy of the cells, not two. Empty outside
 * mergeTable.
 */
let spareChunks: Int32Array[] = [];

export function createTable(layout: Layout<string>): CellTable {
  return { size: 0, slots: new Int32Array(32), chunks: [new Int32Array(INITIAL_CELLS * layout.width)], texts: [] };
}

/** The chunk holding a cell; with offsetOf, where its values are. */
export function chunkOf(table: CellTable, cell: number): Int32Array {
  return table.chunks[cell >>> CHUNK_SHIFT]!;
}

/** Where a cell's values start in its chunk. */
export function offsetOf(layout: Layout<string>, cell: number): number {
  return (cell & CHUNK_MASK) * layout.width;
}

function hash(k0: number, k1: number, k2: number, k3: number): number {
  let h = Math.imul(k0 ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ k1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ k2, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15) ^ k3, 0x165667b1);
  return (h ^ (h >>> 16)) >>> 0;
}

function keysEqual(table: CellTable, layout: Layout<string>, cell: number, k0: number, k1: number, k2: number, k3: number): boolean {
  const chunk = chunkOf(table, cell);
  const at = offsetOf(layout, cell);
  const width = layout.keyWidth;
  return chunk[at] === k0 && (width < 2 || chunk[at + 1] === k1) && (width < 3 || chunk[at + 2] === k2) && (width < 4 || chunk[at + 3] === k3);
}

/** The cell with these keys (unused trailing keys are 0), or -1. */
export function findCell(table: CellTable, layout: Layout<string>, k0: number, k1 = 0, k2 = 0, k3 = 0): number {
  const slots = table.slots;
  const mask = slots.length - 1;
  for (let slot = hash(k0, k1, k2, k3) & mask; ; slot = (slot + 1) & mask) {
    const entry = slots[slot]!;
    if (entry === 0) return -1;
    if (keysEqual(table, layout, entry - 1, k0, k1, k2, k3)) return entry - 1;
  }
}

/** The cell with these keys, added with the layout's initial values when missing. */
export function cellOf(table: CellTable, layout: Layout<string>, k0: number, k1 = 0, k2 = 0, k3 = 0): number {
  const slots = table.slots;
  const mask = slots.length - 1;
  let slot = hash(k0, k1, k2, k3) & mask;
  for (; ; slot = (slot + 1) & mask) {
    const entry = slots[slot]!;
    if (entry === 0) break;
    if (keysEqual(table, layout, entry - 1, k0, k1, k2, k3)) return entry - 1;
  }
  const cell = table.size++;
  const width = layout.width;
  const c = cell >>> CHUNK_SHIFT;
  if (c === table.chunks.length) table.chunks.push(spareChunks.pop() ?? new Int32Array(CHUNK_CELLS * width));
  else if (c === 0 && table.size * width > table.chunks[0]!.length) {
    const grown = new Int32Array(Math.min(CHUNK_CELLS, (table.chunks[0]!.length / width) * 2) * width);
    grown.set(table.chunks[0]!);
    table.chunks[0] = grown;
  }
  const chunk = table.chunks[c]!;
  const at = offsetOf(layout, cell);
  chunk[at] = k0;
  if (layout.keyWidth > 1) chunk[at + 1] = k1;
  if (layout.keyWidth > 2) chunk[at + 2] = k2;
  if (layout.keyWidth > 3) chunk[at + 3] = k3;
  const init = layout.init;
  for (let i = 0; i < init.length; i++) chunk[at + layout.keyWidth + i] = init[i]!;
  if (table.size * 10 > slots.length * 7) rehash(table, layout, slots.length * 2);
  else slots[slot] = cell + 1;
  return cell;
}

function rehash(table: CellTable, layout: Layout<string>, length: number): void {
  const slots = new Int32Array(length);
  const mask = length - 1;
  const keyWidth = layout.keyWidth;
  for (let cell = 0; cell < table.size; cell++) {
    const chunk = chunkOf(table, cell);
    const at = offsetOf(layout, cell);
    let slot = hash(chunk[at]!, keyWidth > 1 ? chunk[at + 1]! : 0, keyWidth > 2 ? chunk[at + 2]! : 0, keyWidth > 3 ? chunk[at + 3]! : 0) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = cell + 1;
  }
  table.slots = slots;
}

/** Value `offset` (a key position or a column's offset) of a cell. */
export function cellValue(table: CellTable, layout: Layout<string>, cell: number, offset: number): number {
  return chunkOf(table, cell)[offsetOf(layout, cell) + offset]!;
}

/** Adds to a column of a cell. */
export function addValue(table: CellTable, layout: Layout<string>, cell: number, offset: number, by: number): void {
  chunkOf(table, cell)[offsetOf(layout, cell) + offset]! += by;
}

/** Folds a value into a `same` column of a cell. */
export function sameValue(table: CellTable, layout: Layout<string>, cell: number, offset: number, value: number): void {
  const chunk = chunkOf(table, cell);
  const at = offsetOf(layout, cell) + offset;
  chunk[at] = same(chunk[at]!, value);
}

/** Folds a value into a `same` column. */
export function same(current: number, value: number): number {
  return current === value || current === MIXED ? current : current === NONE ? value : value === NONE ? current : MIXED;
}

// ---- request ids ----

const scratch = new Int32Array(4);

/** Packs a lower-case canonical GUID into `out`; false for anything else. */
function packGuid(text: string, out: Int32Array): boolean {
  if (text.length !== 36) return false;
  let word = 0;
  let digits = 0;
  let w = 0;
  for (let i = 0; i < 36; i++) {
    const c = text.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
      continue;
    }
    let v: number;
    if (c >= 48 && c <= 57) v = c - 48;
    else if (c >= 97 && c <= 102) v = c - 87;
    else return false;
    word = (word << 4) | v;
    if (++digits === 8) {
      out[w++] = word;
      word = 0;
      digits = 0;
    }
  }
  return true;
}

function hex8(word: number): string {
  return (word >>> 0).toString(16).padStart(8, '0');
}

/** The request id stored at `at` (an id group) of `chunk`. */
function idText(table: CellTable, chunk: Int32Array, at: number): string {
  const kind = chunk[at];
  if (kind === ID_TEXT) return table.texts[chunk[at + 1]!]!;
  if (kind !== ID_GUID) return '';
  const b = hex8(chunk[at + 2]!);
  const c = hex8(chunk[at + 3]!);
  return `${hex8(chunk[at + 1]!)}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${hex8(chunk[at + 4]!)}`;
}

/** Compares a request id text with the one stored at `at`, as the texts compare. */
function compareIdText(text: string, table: CellTable, chunk: Int32Array, at: number): number {
  if (chunk[at] === ID_GUID && packGuid(text, scratch)) {
    for (let i = 0; i < 4; i++) {
      const a = scratch[i]! >>> 0;
      const b = chunk[at + 1 + i]! >>> 0;
      if (a !== b) return a < b ? -1 : 1;
    }
    return 0;
  }
  const stored = idText(table, chunk, at);
  return text === stored ? 0 : text < stored ? -1 : 1;
}

/** Compares two stored request ids, as their texts compare; packed GUIDs word by word. */
function compareStoredIds(a: CellTable, chunkA: Int32Array, atA: number, b: CellTable, chunkB: Int32Array, atB: number): number {
  if (chunkA[atA] === ID_GUID && chunkB[atB] === ID_GUID) {
    for (let i = 1; i <= 4; i++) {
      const x = chunkA[atA + i]! >>> 0;
      const y = chunkB[atB + i]! >>> 0;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  }
  const x = idText(a, chunkA, atA);
  const y = idText(b, chunkB, atB);
  return x === y ? 0 : x < y ? -1 : 1;
}

function storeId(table: CellTable, chunk: Int32Array, at: number, text: string): void {
  const reuse = chunk[at] === ID_TEXT ? chunk[at + 1]! : -1;
  if (text === '') chunk[at] = ID_NONE;
  else if (packGuid(text, scratch)) {
    chunk[at] = ID_GUID;
    chunk.set(scratch, at + 1);
  } else {
    // A copy, so the row's input chunk is not kept alive by one id.
    const own = detach(text);
    chunk[at] = ID_TEXT;
    if (reuse >= 0) table.texts[reuse] = own;
    else chunk[at + 1] = table.texts.push(own) - 1;
    return;
  }
  // A cell that gives up its text empties it (the entry stays, unused).
  if (reuse >= 0) table.texts[reuse] = '';
}

// ---- evidence references ----

/** The sign-in a reference points at, as indexes and a cell time. */
export interface CellRef {
  readonly time: number;
  readonly requestId: string;
  readonly user: number;
  readonly ip: number;
  readonly app: number;
  readonly code: number;
}

/** Names by kind, for the last tie-breaks between references (indexes are not comparable across states). */
export type NameLists = Readonly<Record<NameKind, readonly string[]>>;

function compareNames(list: readonly string[], a: number, b: number): number {
  const x = a < 0 ? '' : list[a]!;
  const y = b < 0 ? '' : list[b]!;
  return x === y ? 0 : x < y ? -1 : 1;
}

/**
 * Offers a sign-in (at cell time `time`) as the cell's reference, and moves the reference's time column down
 * to it when it comes first by (time, request id, code, IP name, app name). `ip` and `app` are only read when
 * the layout carries them.
 */
export function offerRef(
  table: CellTable,
  layout: Layout<string>,
  cell: number,
  names: NameLists,
  time: number,
  requestId: string,
  code: number,
  ip: number,
  app: number,
): void {
  const ref = layout.ref!;
  const chunk = chunkOf(table, cell);
  const at = offsetOf(layout, cell);
  const current = chunk[at + ref.time]!;
  if (time > current) return;
  if (time === current) {
    let order = compareIdText(requestId, table, chunk, at + ref.id);
    if (order === 0) order = code - chunk[at + ref.code]!;
    if (order === 0 && ref.ip >= layout.keyWidth) order = compareNames(names.ip, ip, chunk[at + ref.ip]!);
    if (order === 0 && ref.app >= layout.keyWidth) order = compareNames(names.app, app, chunk[at + ref.app]!);
    if (order >= 0) return;
  }
  chunk[at + ref.time] = time;
  storeId(table, chunk, at + ref.id, requestId);
  chunk[at + ref.code] = code;
  if (ref.ip >= layout.keyWidth) chunk[at + ref.ip] = ip;
  if (ref.app >= layout.keyWidth) chunk[at + ref.app] = app;
}

/** The cell's reference, or null when no sign-in was offered. */
export function refOf(table: CellTable, layout: Layout<string>, cell: number): CellRef | null {
  const ref = layout.ref!;
  const chunk = chunkOf(table, cell);
  const at = offsetOf(layout, cell);
  const time = chunk[at + ref.time]!;
  if (time === INT_MAX) return null;
  return {
    time,
    requestId: idText(table, chunk, at + ref.id),
    user: chunk[at + ref.user]!,
    ip: chunk[at + ref.ip]!,
    app: chunk[at + ref.app]!,
    code: chunk[at + ref.code]!,
  };
}

// ---- merging ----

/** For each name kind, the target index of each source index. */
export type Remaps = Readonly<Record<NameKind, Int32Array>>;

/** Adds every cell of `source` into `target`, remapping name indexes; `names` are the target's (after remapping). */
export function mergeTable(target: CellTable, source: CellTable, layout: Layout<string>, remaps: Remaps, names: NameLists): void {
  const remap = (kind: NameKind | undefined, value: number): number => (kind === undefined || value < 0 ? value : remaps[kind][value]!);
  const full = CHUNK_CELLS * layout.width;
  // A cell's keys, remapped; keys past the layout's stay 0.
  const keys = [0, 0, 0, 0];
  try {
    for (let cell = 0; cell < source.size; cell++) {
      if ((cell & CHUNK_MASK) === 0 && cell > 0) {
        // The source is used up: the chunk just read is the target's to grow into.
        const read = (cell >>> CHUNK_SHIFT) - 1;
        if (source.chunks[read]!.length === full) spareChunks.push(source.chunks[read]!);
        source.chunks[read] = EMPTY_CHUNK;
      }
      mergeCell(target, source, layout, remap, names, cell, keys);
    }
  } finally {
    spareChunks = [];
  }
}

const EMPTY_CHUNK = new Int32Array(0);

/** Adds one cell of `source` into `target` (see mergeTable). */
function mergeCell(
  target: CellTable,
  source: CellTable,
  layout: Layout<string>,
  remap: (kind: NameKind | undefined, value: number) => number,
  names: NameLists,
  cell: number,
  keys: number[],
): void {
  const ref = layout.ref;
  const from = offsetOf(layout, cell);
  const si = chunkOf(source, cell);
  for (let k = 0; k < layout.keyWidth; k++) keys[k] = remap(layout.keys[k] === 'bin' ? undefined : (layout.keys[k] as NameKind), si[from + k]!);
  const into = cellOf(target, layout, keys[0]!, keys[1], keys[2], keys[3]);

  const ti = chunkOf(target, into);
  const to = offsetOf(layout, into);
  // The source's reference, taken before the columns change (its time column is also a `min` column).
  if (ref !== null && si[from + ref.time] !== INT_MAX) {
    const ip = remap('ip', si[from + ref.ip]!);
    const app = remap('app', si[from + ref.app]!);
    let order = si[from + ref.time]! - ti[to + ref.time]!;
    if (order === 0) order = compareStoredIds(source, si, from + ref.id, target, ti, to + ref.id);
    if (order === 0) order = si[from + ref.code]! - ti[to + ref.code]!;
    if (order === 0 && ref.ip >= layout.keyWidth) order = compareNames(names.ip, ip, ti[to + ref.ip]!);
    if (order === 0 && ref.app >= layout.keyWidth) order = compareNames(names.app, app, ti[to + ref.app]!);
    if (order < 0) {
      ti[to + ref.time] = si[from + ref.time]!;
      if (si[from + ref.id] === ID_TEXT) storeId(target, ti, to + ref.id, idText(source, si, from + ref.id));
      else {
        if (ti[to + ref.id] === ID_TEXT) target.texts[ti[to + ref.id + 1]!] = '';
        ti.set(si.subarray(from + ref.id, from + ref.id + 5), to + ref.id);
      }
      ti[to + ref.code] = si[from + ref.code]!;
      if (ref.ip >= layout.keyWidth) ti[to + ref.ip] = ip;
      if (ref.app >= layout.keyWidth) ti[to + ref.app] = app;
    }
  }
  for (const column of layout.columns) {
    const value = remap(column.names, si[from + column.offset]!);
    const at = to + column.offset;
    switch (column.merge) {
      case 'sum':
        ti[at]! += value;
        break;
      case 'or':
        ti[at]! |= value;
        break;
      case 'min':
        ti[at] = Math.min(ti[at]!, value);
        break;
      case 'max':
        ti[at] = Math.max(ti[at]!, value);
        break;
      case 'same':
        ti[at] = same(ti[at]!, value);
        break;
    }
  }
}

// ---- reading at the end ----

/**
 * The table's cells ordered by the given key positions (then by the remaining keys), and the boundaries of
 * the runs that share the first `group` of them: run r is sorted[runs[r] .. runs[r + 1]). Typed arrays only,
 * so reading a large table at the end costs a few bytes per cell.
 */
export function runsOf(table: CellTable, layout: Layout<string>, order: readonly number[], group: number): { sorted: Int32Array; runs: Int32Array } {
  const positions = [...order, ...Array.from({ length: layout.keyWidth }, (_, k) => k).filter((k) => !order.includes(k))];
  const sorted = sortCells(table, layout, positions);
  const width = layout.width;
  const chunks = table.chunks;
  const bounds = new Int32Array(sorted.length + 1);
  let runs = 0;
  for (let i = 0; i < sorted.length; i++) {
    let changed = i === 0;
    if (!changed) {
      const a = sorted[i]!;
      const b = sorted[i - 1]!;
      const chunkA = chunks[a >>> CHUNK_SHIFT]!;
      const chunkB = chunks[b >>> CHUNK_SHIFT]!;
      const atA = (a & CHUNK_MASK) * width;
      const atB = (b & CHUNK_MASK) * width;
      for (let k = 0; k < group && !changed; k++) changed = chunkA[atA + positions[k]!] !== chunkB[atB + positions[k]!];
    }
    if (changed) bounds[runs++] = i;
  }
  bounds[runs++] = sorted.length;
  return { sorted, runs: bounds.slice(0, runs) };
}

/** Keys spanning more values than this are sorted by comparison instead of counting. */
const COUNTING_RANGE = 1 << 20;

/**
 * Cell numbers 0..size-1 ordered by their keys at `positions` (the first most significant): a stable counting
 * sort per key, last key first, which is linear where a comparison sort of half a million cells is not; a key
 * spread over too many values (times across centuries in a hostile input) falls back to comparing. One key of
 * every cell is copied out at a time: 12 bytes a cell while it runs.
 */
function sortCells(table: CellTable, layout: Layout<string>, positions: readonly number[]): Int32Array {
  const n = table.size;
  const width = layout.width;
  const chunks = table.chunks;
  let sorted = new Int32Array(n);
  for (let i = 0; i < n; i++) sorted[i] = i;
  // Each pass writes into the other of two buffers: no garbage the size of the table per pass.
  let next = new Int32Array(n);
  const key = new Int32Array(n);
  for (let k = positions.length - 1; k >= 0; k--) {
    const position = positions[k]!;
    let min = Infinity;
    let max = -Infinity;
    for (let cell = 0; cell < n; cell++) {
      const value = chunks[cell >>> CHUNK_SHIFT]![(cell & CHUNK_MASK) * width + position]!;
      key[cell] = value;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    if (n === 0 || min === max) continue;
    if (max - min >= COUNTING_RANGE) {
      return sorted.sort((a, b) => {
        const chunkA = chunks[a >>> CHUNK_SHIFT]!;
        const chunkB = chunks[b >>> CHUNK_SHIFT]!;
        const atA = (a & CHUNK_MASK) * width;
        const atB = (b & CHUNK_MASK) * width;
        for (const p of positions) {
          const d = chunkA[atA + p]! - chunkB[atB + p]!;
          if (d !== 0) return d;
        }
        return a - b;
      });
    }
    const starts = new Int32Array(max - min + 2);
    for (let cell = 0; cell < n; cell++) starts[key[cell]! - min + 1]! += 1;
    for (let v = 1; v < starts.length; v++) starts[v]! += starts[v - 1]!;
    for (let i = 0; i < n; i++) {
      const cell = sorted[i]!;
      next[starts[key[cell]! - min]!++] = cell;
    }
    [sorted, next] = [next, sorted];
  }
  return sorted;
}

/** The run whose cells have these values at the given key positions (the runsOf order's first ones), or -1. */
export function findRun(
  table: CellTable,
  layout: Layout<string>,
  ordered: { readonly sorted: Int32Array; readonly runs: Int32Array },
  positions: readonly number[],
  values: readonly number[],
): number {
  const { sorted, runs } = ordered;
  let low = 0;
  let high = runs.length - 2;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const cell = sorted[runs[middle]!]!;
    let d = 0;
    for (let i = 0; i < positions.length && d === 0; i++) d = cellValue(table, layout, cell, positions[i]!) - values[i]!;
    if (d === 0) return middle;
    if (d < 0) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** Cells of one table, for choosing evidence across tables. */
export interface CellGroup {
  readonly table: CellTable;
  readonly layout: Layout<string>;
  readonly cells: ArrayLike<number>;
}

/**
 * The cells whose references can be among the `limit` earliest: those at or before the limit-th earliest
 * reference time. Saves reading (and unpacking the request id of) every reference of a large finding.
 */
export function earliestRefCells(groups: readonly CellGroup[], limit: number): { group: CellGroup; cell: number }[] {
  const best: number[] = [];
  for (const { table, layout, cells } of groups) {
    const at = layout.ref!.time;
    for (let i = 0; i < cells.length; i++) {
      const time = cellValue(table, layout, cells[i]!, at);
      if (time === INT_MAX || (best.length >= limit && time >= best[limit - 1]!)) continue;
      let j = best.length;
      while (j > 0 && best[j - 1]! > time) j--;
      best.splice(j, 0, time);
      if (best.length > limit) best.pop();
    }
  }
  const threshold = best.length < limit ? INT_MAX - 1 : best[limit - 1]!;
  const chosen: { group: CellGroup; cell: number }[] = [];
  for (const group of groups) {
    const at = group.layout.ref!.time;
    for (let i = 0; i < group.cells.length; i++) {
      const cell = group.cells[i]!;
      if (cellValue(group.table, group.layout, cell, at) <= threshold) chosen.push({ group, cell });
    }
  }
  return chosen;
}
