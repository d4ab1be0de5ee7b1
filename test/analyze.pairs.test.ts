// PairTable against a Map of pairs: adds, growth past the initial size, grouping and merging with translation.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addPair, countPerFirst, createPairTable, forEachPair, groupByFirst, mergePairs } from '../src/analyze/pairs.js';

const pairsArbitrary = fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 1, max: 5 })), {
  maxLength: 2_000,
});

function modelOf(pairs: readonly (readonly [number, number, number])[]): Map<string, number> {
  const model = new Map<string, number>();
  for (const [a, b, by] of pairs) model.set(`${a}/${b}`, (model.get(`${a}/${b}`) ?? 0) + by);
  return model;
}

function contentsOf(table: ReturnType<typeof createPairTable>): Map<string, number> {
  const contents = new Map<string, number>();
  forEachPair(table, (a, b, count) => contents.set(`${a}/${b}`, count));
  return contents;
}

describe('PairTable', () => {
  it('counts every pair exactly, across growth', () => {
    fc.assert(
      fc.property(pairsArbitrary, (pairs) => {
        const table = createPairTable();
        for (const [a, b, by] of pairs) addPair(table, a, b, by);
        const model = modelOf(pairs);
        expect(contentsOf(table)).toEqual(model);
        expect(table.size).toBe(model.size);
      }),
    );
  });

  it('groups and counts by the first element', () => {
    const table = createPairTable();
    for (const [a, b] of [
      [0, 7],
      [2, 7],
      [2, 8],
      [2, 7],
    ] as const)
      addPair(table, a, b, 1);
    expect(countPerFirst(table, 3)).toEqual([1, 0, 2]);
    expect(groupByFirst(table, 3).map((group) => group.sort())).toEqual([
      [[7, 1]],
      [],
      [
        [7, 2],
        [8, 1],
      ],
    ]);
  });

  it('merges through translation maps', () => {
    fc.assert(
      fc.property(pairsArbitrary, pairsArbitrary, (left, right) => {
        const target = createPairTable();
        const source = createPairTable();
        for (const [a, b, by] of left) addPair(target, a, b, by);
        for (const [a, b, by] of right) addPair(source, a, b, by);
        mergePairs(
          target,
          source,
          (a) => a + 1,
          (b) => b * 2,
        );
        expect(contentsOf(target)).toEqual(modelOf([...left, ...right.map(([a, b, by]) => [a + 1, b * 2, by] as const)]));
      }),
    );
  });
});
