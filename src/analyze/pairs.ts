// Owns PairTable: a counter of (a, b) integer pairs in one flat Int32Array (open addressing, linear probing).
// The tally uses it for "distinct users per code" and "code counts per app": a JS Set or Map per key costs an
// object per key and a pointer chase per row; this costs one probe into memory that stays in cache.

import { mix32 } from '../hash.js';

/** Plain data (a typed array and two numbers), so it survives structured cloning to and from worker threads. */
export interface PairTable {
  /** Pairs stored. */
  size: number;
  /** Three int32 per slot: a + 1 (0 marks an empty slot), b, count. */
  slots: Int32Array;
}

const SLOT = 3;
const INITIAL_SLOTS = 64;

export function createPairTable(capacity = INITIAL_SLOTS): PairTable {
  let slotCount = INITIAL_SLOTS;
  while (slotCount < capacity * 2) slotCount *= 2;
  return { size: 0, slots: new Int32Array(slotCount * SLOT) };
}

/** Adds `by` to the count of (a, b); a and b are non-negative int32. */
export function addPair(table: PairTable, a: number, b: number, by: number): void {
  const slots = table.slots;
  const mask = slots.length / SLOT - 1;
  const tag = a + 1;
  let slot = hash(a, b) & mask;
  for (;;) {
    const at = slot * SLOT;
    const stored = slots[at]!;
    if (stored === 0) {
      slots[at] = tag;
      slots[at + 1] = b;
      slots[at + 2] = by;
      table.size += 1;
      // Keep the load at or under one half so probes stay short.
      if (table.size * 2 > mask + 1) grow(table);
      return;
    }
    if (stored === tag && slots[at + 1] === b) {
      slots[at + 2]! += by;
      return;
    }
    slot = (slot + 1) & mask;
  }
}

/** Calls `visit` once per stored pair, in slot order (not meaningful: sort what you show). */
export function forEachPair(table: PairTable, visit: (a: number, b: number, count: number) => void): void {
  const slots = table.slots;
  for (let at = 0; at < slots.length; at += SLOT) {
    const tag = slots[at]!;
    if (tag !== 0) visit(tag - 1, slots[at + 1]!, slots[at + 2]!);
  }
}

/** How many distinct b each a has, as an array indexed by a. */
export function countPerFirst(table: PairTable, firstCount: number): number[] {
  const counts = new Array<number>(firstCount).fill(0);
  forEachPair(table, (a) => {
    counts[a]! += 1;
  });
  return counts;
}

/** The pairs grouped by a: for each a, its [b, count] list. */
export function groupByFirst(table: PairTable, firstCount: number): [number, number][][] {
  const groups: [number, number][][] = Array.from({ length: firstCount }, () => []);
  forEachPair(table, (a, b, count) => {
    groups[a]!.push([b, count]);
  });
  return groups;
}

/** Adds every pair of `source` to `target`, translating a and b through the given maps. */
export function mergePairs(target: PairTable, source: PairTable, mapA: (a: number) => number, mapB: (b: number) => number): void {
  forEachPair(source, (a, b, count) => addPair(target, mapA(a), mapB(b), count));
}

function grow(table: PairTable): void {
  const old = table.slots;
  table.slots = new Int32Array(old.length * 2);
  table.size = 0;
  for (let at = 0; at < old.length; at += SLOT) {
    const tag = old[at]!;
    if (tag !== 0) addPair(table, tag - 1, old[at + 1]!, old[at + 2]!);
  }
}

function hash(a: number, b: number): number {
  return mix32(Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77));
}
