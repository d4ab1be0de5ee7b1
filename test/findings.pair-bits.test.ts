// PairBits (the sign-in-loop detection's bit matrix of (user, app) pairs) against a Set of pairs: adding in any
// order, rows and columns past what the matrix has room for, a structured clone, and folding one matrix into
// another through index translations as states merge.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addPair, createPairBits, forEachPair, hasPair, type PairBits } from '../src/analyze/findings/pair-bits.js';

const pair = fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 140 }));

function build(pairs: readonly (readonly [number, number])[]): { bits: PairBits; model: Set<string> } {
  const bits = createPairBits();
  const model = new Set<string>();
  for (const [row, column] of pairs) {
    addPair(bits, row, column);
    model.add(`${row},${column}`);
  }
  return { bits, model };
}

function listed(bits: PairBits): string[] {
  const found: string[] = [];
  forEachPair(bits, (row, column) => found.push(`${row},${column}`));
  return found;
}

describe('PairBits', () => {
  it('holds exactly the pairs added, and lists each once', () => {
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 200 }), fc.array(pair, { maxLength: 50 }), (pairs, probes) => {
        const { bits, model } = build(pairs);
        for (const [row, column] of [...pairs, ...probes]) expect(hasPair(bits, row, column)).toBe(model.has(`${row},${column}`));
        expect(listed(bits).sort()).toEqual([...model].sort());
        // What another thread receives answers the same.
        const copy = structuredClone(bits);
        for (const [row, column] of probes) expect(hasPair(copy, row, column)).toBe(model.has(`${row},${column}`));
      }),
    );
  });

  it('answers no for rows and columns it never grew to', () => {
    const bits = createPairBits();
    expect(hasPair(bits, 0, 0)).toBe(false);
    addPair(bits, 2, 3);
    expect(hasPair(bits, 2, 3)).toBe(true);
    expect(hasPair(bits, 5000, 3)).toBe(false);
    expect(hasPair(bits, 2, 5000)).toBe(false);
    addPair(bits, 2, 100);
    expect([hasPair(bits, 2, 3), hasPair(bits, 2, 100), hasPair(bits, 2, 99)]).toEqual([true, true, false]);
  });

  it('folds into another matrix through index translations as a merge of two states does', () => {
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 120 }), fc.array(pair, { maxLength: 120 }), fc.integer({ min: 1, max: 1000 }), (mine, theirs, seed) => {
        const target = build(mine);
        const source = build(theirs);
        // Translations: one-to-one, as mergeNames gives (each source index to a distinct target index).
        const shuffle = (n: number): number[] => Array.from({ length: n }, (_, i) => (i * 7919 + seed) % n);
        const rows = shuffle(301);
        const columns = shuffle(141);
        forEachPair(source.bits, (row, column) => addPair(target.bits, rows[row]!, columns[column]!));
        const expected = new Set(target.model);
        for (const [row, column] of theirs) expected.add(`${rows[row]},${columns[column]}`);
        expect(listed(target.bits).sort()).toEqual([...expected].sort());
      }),
    );
  });
});
