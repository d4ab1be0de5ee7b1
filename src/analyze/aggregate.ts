// Owns the tally: the one-pass, mergeable fold of sign-ins into per-dimension counters. Memory grows with
// distinct keys, not rows. No sorting, catalog text or formatting here: finalize.ts turns a tally into a Report.
//
// Layout, chosen for the per-row cost: each dimension interns its keys to small integers once and keeps its
// counters as parallel arrays indexed by that integer. Distinct counts (users per code, ...) and code counts per
// key are PairTables of integers, never Sets or Maps per key. A tally is plain data (Maps, arrays, typed arrays,
// numbers), so a worker thread can build one and post it back, and mergeTallies folds it into another.

import type { SignIn } from '../model.js';
import { detach } from '../text.js';
import { DIMENSIONS, dimensionIndex, type DimensionKey } from './dimensions.js';
import type { RowFacts } from './outcome.js';
import { addPair, createPairTable, mergePairs, type PairTable } from './pairs.js';

export interface DimensionTally {
  /** Key → its index in the arrays below; a key with another canonical form (Dimension.canonical) → that form's index. */
  readonly index: Map<DimensionKey, number>;
  readonly keys: DimensionKey[];
  readonly signIns: number[];
  readonly failures: number[];
  readonly interrupted: number[];
  /**
   * One table per entry of the dimension's `distinct`: the (key index, that dimension's key index) pairs seen.
   * Only whether a pair exists is meaningful here; its count is not kept exactly.
   */
  readonly distinct: PairTable[];
  /** (key index, code-dimension key index) → count of failures and interrupts, when the dimension tracks codes. */
  readonly codes: PairTable | null;
  /** (key index, index into Tally.reasonTexts) → count, when the dimension tracks reasons. */
  readonly reasons: PairTable | null;
  /** Each key's display name ('' while none was seen), when the dimension has names. */
  readonly names: string[] | null;
  /** The previous row's key and its index: consecutive rows often share a key, and === beats a hash lookup. */
  lastKey: DimensionKey | undefined;
  lastIndex: number;
}

export interface Tally {
  /** Aligned with DIMENSIONS. */
  readonly dimensions: DimensionTally[];
  /** Source failure texts, interned once for every dimension that counts reasons. */
  readonly reasonTexts: string[];
  readonly reasonIndex: Map<string, number>;
  /**
   * Caches that only save work (a merge leaves them valid, since pairs are never removed):
   * per user index × dimension, the key index + 1 last paired with that user (0: none) — a user's sign-ins
   * mostly repeat the same app, IP, country and day, so most distinct-user pairs are skipped without a probe;
   * per code index, the last failure text seen with it and that text's index.
   */
  seenByUser: Int32Array;
  readonly lastReasonText: string[];
  readonly lastReasonIndex: number[];
  signIns: number;
  success: number;
  failure: number;
  interrupted: number;
  /** Outside the window (--since/--until/--period). */
  outsideWindow: number;
  /** Inside the window, dropped by the row filters. */
  filteredOut: number;
  /** Epoch milliseconds of the earliest and latest counted sign-in. */
  firstMs: number | null;
  lastMs: number | null;
}

/** For each dimension, the positions in DIMENSIONS of the dimensions it counts distinct keys of. */
const DISTINCT_REFS: readonly (readonly number[])[] = DIMENSIONS.map((dimension) => dimension.distinct.map(dimensionIndex));

/** Codes are interned by the code dimension; other dimensions count codes by that index. */
const CODE = dimensionIndex('code');
const USER = dimensionIndex('user');
const DIMENSION_COUNT = DIMENSIONS.length;

/** Reused for every row: the key index each dimension gave the current row (-1: not counted). */
const rowIndex = new Int32Array(DIMENSION_COUNT);

// What the hot loop reads of each dimension, as arrays: the dimension objects differ in shape, and V8 looks a
// property read across objects of many shapes up in a shared cache every time.
const KEY_OF = DIMENSIONS.map((dimension) => dimension.key);
const NAME_OF = DIMENSIONS.map((dimension) => dimension.name ?? null);
const CANONICAL_OF = DIMENSIONS.map((dimension) => dimension.canonical ?? null);
const FAILURES_ONLY = DIMENSIONS.map((dimension) => dimension.scope === 'nonSuccess');

export function createTally(): Tally {
  return {
    dimensions: DIMENSIONS.map((dimension) => ({
      index: new Map(),
      keys: [],
      signIns: [],
      failures: [],
      interrupted: [],
      distinct: dimension.distinct.map(() => createPairTable()),
      codes: dimension.codes ? createPairTable() : null,
      reasons: dimension.reasons ? createPairTable() : null,
      names: dimension.name === undefined ? null : [],
      lastKey: undefined,
      lastIndex: -1,
    })),
    reasonTexts: [],
    reasonIndex: new Map(),
    seenByUser: new Int32Array(1024 * DIMENSION_COUNT),
    lastReasonText: [],
    lastReasonIndex: [],
    signIns: 0,
    success: 0,
    failure: 0,
    interrupted: 0,
    outsideWindow: 0,
    filteredOut: 0,
    firstMs: null,
    lastMs: null,
  };
}

/**
 * The hot path: called once per counted sign-in. Returns the key index each dimension gave it (-1: not counted),
 * in DIMENSIONS order, in an array the next call reuses.
 */
export function addSignIn(tally: Tally, signIn: SignIn, facts: RowFacts): Readonly<Int32Array> {
  const outcome = facts.outcome;
  const success = outcome === 'success';
  const failed = outcome === 'failure';
  tally.signIns += 1;
  if (success) tally.success += 1;
  else if (failed) tally.failure += 1;
  else tally.interrupted += 1;

  const ms = signIn.time.getTime();
  if (tally.firstMs === null || ms < tally.firstMs) tally.firstMs = ms;
  if (tally.lastMs === null || ms > tally.lastMs) tally.lastMs = ms;

  const dimensions = tally.dimensions;
  for (let d = 0; d < DIMENSION_COUNT; d++) {
    if (success && FAILURES_ONLY[d]!) {
      rowIndex[d] = -1;
      continue;
    }
    const counters = dimensions[d]!;
    const key = KEY_OF[d]!(signIn, facts);
    let i: number;
    if (key === counters.lastKey) i = counters.lastIndex;
    else {
      i = counters.index.get(key) ?? addKey(counters, key, CANONICAL_OF[d]!);
      counters.lastKey = key;
      counters.lastIndex = i;
    }
    rowIndex[d] = i;
    const name = NAME_OF[d]!;
    if (name !== null) nameKey(counters.names!, i, name(signIn));
    counters.signIns[i]! += 1;
    if (failed) counters.failures[i]! += 1;
    else if (!success) counters.interrupted[i]! += 1;
  }

  // Pairs need every dimension's index for this row, so they come second.
  const user = rowIndex[USER]!;
  if ((user + 1) * DIMENSION_COUNT > tally.seenByUser.length) growSeen(tally, user);
  const seen = tally.seenByUser;
  const seenBase = user * DIMENSION_COUNT;
  const code = rowIndex[CODE]!;
  const reason = success || signIn.failureReason === '' ? -1 : reasonOf(tally, code, signIn.failureReason);
  for (let d = 0; d < DIMENSION_COUNT; d++) {
    const own = rowIndex[d]!;
    if (own < 0) continue;
    const counters = dimensions[d]!;
    const refs = DISTINCT_REFS[d]!;
    for (let r = 0; r < refs.length; r++) {
      const ref = refs[r]!;
      if (ref === USER) {
        if (seen[seenBase + d] === own + 1) continue;
        seen[seenBase + d] = own + 1;
      }
      addPair(counters.distinct[r]!, own, rowIndex[ref]!, 1);
    }
    if (success) continue;
    if (counters.codes !== null) addPair(counters.codes, own, code, 1);
    if (counters.reasons !== null && reason >= 0) addPair(counters.reasons, own, reason, 1);
  }
  return rowIndex;
}

/**
 * Folds `source` into `target` and returns `target`. Key indexes differ between tallies, so every
 * dimension's keys (and the reason texts) are re-interned first and the pair tables translated through that.
 * `source` is used up: an empty `target` takes over its contents instead of copying them (the first tally
 * back from the worker threads costs no second copy), so it must not be counted into or merged again.
 */
export function mergeTallies(target: Tally, source: Tally): Tally {
  if (isEmpty(target)) return Object.assign(target, source);
  target.signIns += source.signIns;
  target.success += source.success;
  target.failure += source.failure;
  target.interrupted += source.interrupted;
  target.outsideWindow += source.outsideWindow;
  target.filteredOut += source.filteredOut;
  target.firstMs = pickTime(target.firstMs, source.firstMs, Math.min);
  target.lastMs = pickTime(target.lastMs, source.lastMs, Math.max);

  const reasonRemap = source.reasonTexts.map((text) => internReason(target, text));
  const remaps = source.dimensions.map((from, d) => {
    const into = target.dimensions[d]!;
    return from.keys.map((key) => into.index.get(key) ?? addKey(into, key));
  });

  source.dimensions.forEach((from, d) => {
    const into = target.dimensions[d]!;
    const remap = remaps[d]!;
    const toTarget = (j: number): number => remap[j]!;
    remap.forEach((i, j) => {
      into.signIns[i]! += from.signIns[j]!;
      into.failures[i]! += from.failures[j]!;
      into.interrupted[i]! += from.interrupted[j]!;
      if (into.names !== null && from.names !== null) nameKey(into.names, i, from.names[j]!);
    });
    DISTINCT_REFS[d]!.forEach((ref, r) => {
      const refRemap = remaps[ref]!;
      mergePairs(into.distinct[r]!, from.distinct[r]!, toTarget, (j) => refRemap[j]!);
    });
    if (into.codes !== null && from.codes !== null) mergePairs(into.codes, from.codes, toTarget, (j) => remaps[CODE]![j]!);
    if (into.reasons !== null && from.reasons !== null) mergePairs(into.reasons, from.reasons, toTarget, (j) => reasonRemap[j]!);
  });
  return target;
}

function isEmpty(tally: Tally): boolean {
  return (
    tally.signIns === 0 &&
    tally.outsideWindow === 0 &&
    tally.filteredOut === 0 &&
    tally.reasonTexts.length === 0 &&
    tally.dimensions.every((dimension) => dimension.keys.length === 0)
  );
}

/**
 * A key first seen: a new row, or, for a text whose canonical form is another, that form's row (made when new),
 * with the text kept as another name for it so that the form is worked out once per distinct text.
 */
function addKey(counters: DimensionTally, key: DimensionKey, canonical: ((key: string) => string) | null = null): number {
  if (canonical !== null && typeof key === 'string') {
    const form = canonical(key);
    if (form !== key) {
      const i = counters.index.get(form) ?? addKey(counters, form);
      counters.index.set(detach(key), i);
      return i;
    }
  }
  const i = counters.keys.length;
  const own = typeof key === 'string' ? detach(key) : key;
  counters.index.set(own, i);
  counters.keys.push(own);
  counters.signIns.push(0);
  counters.failures.push(0);
  counters.interrupted.push(0);
  counters.names?.push('');
  return i;
}

/** Keeps the first name in code-unit order (see Dimension.name): the same whatever order sign-ins come in. */
function nameKey(names: string[], i: number, name: string): void {
  if (name === '') return;
  const current = names[i]!;
  if (current === '' || name < current) names[i] = detach(name);
}

/** The index of a failure text, trying the text last seen with the same code before the hash lookup. */
function reasonOf(tally: Tally, code: number, text: string): number {
  if (tally.lastReasonText[code] === text) return tally.lastReasonIndex[code]!;
  const i = internReason(tally, text);
  tally.lastReasonText[code] = text;
  tally.lastReasonIndex[code] = i;
  return i;
}

function growSeen(tally: Tally, user: number): void {
  let length = tally.seenByUser.length;
  while ((user + 1) * DIMENSION_COUNT > length) length *= 2;
  const grown = new Int32Array(length);
  grown.set(tally.seenByUser);
  tally.seenByUser = grown;
}

function internReason(tally: Tally, text: string): number {
  let i = tally.reasonIndex.get(text);
  if (i === undefined) {
    i = tally.reasonTexts.length;
    const own = detach(text);
    tally.reasonIndex.set(own, i);
    tally.reasonTexts.push(own);
  }
  return i;
}

function pickTime(a: number | null, b: number | null, pick: (x: number, y: number) => number): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return pick(a, b);
}
