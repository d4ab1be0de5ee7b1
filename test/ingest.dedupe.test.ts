// SeenRequestIds (64-bit hashes in an open-addressing table) against the naive model, a Set<string>:
// the same answers for any sequence of ids, including while the table grows past its first capacity.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeenRequestIds } from '../src/ingest/dedupe.js';

function replay(ids: readonly string[], initialCapacity?: number): { answers: boolean[]; size: number; expected: boolean[]; expectedSize: number } {
  const seen = new SeenRequestIds(initialCapacity);
  const model = new Set<string>();
  const answers: boolean[] = [];
  const expected: boolean[] = [];
  for (const id of ids) {
    answers.push(seen.seenBefore(id));
    expected.push(model.has(id));
    model.add(id);
  }
  return { answers, size: seen.size, expected, expectedSize: model.size };
}

describe('SeenRequestIds', () => {
  it('answers like a Set for any sequence of ids (small alphabet: many repeats)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '0', '-'), maxLength: 4 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 64 }),
        (ids, capacity) => {
          const { answers, size, expected, expectedSize } = replay(ids, capacity);
          expect(answers).toEqual(expected);
          expect(size).toBe(expectedSize);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('answers like a Set for request-id-like strings, any Unicode, across many growths', () => {
    const id = fc.oneof(fc.uuid(), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ minLength: 200, maxLength: 400 }));
    fc.assert(
      fc.property(fc.array(id, { minLength: 1, maxLength: 400 }), fc.array(fc.nat(), { maxLength: 400 }), (distinct, repeats) => {
        // Interleave fresh ids with repeats of earlier ones.
        const ids: string[] = [];
        distinct.forEach((value, index) => {
          ids.push(value);
          const again = repeats[index];
          if (again !== undefined) ids.push(distinct[again % (index + 1)]!);
        });
        const { answers, size, expected, expectedSize } = replay(ids, 2);
        expect(answers).toEqual(expected);
        expect(size).toBe(expectedSize);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a quarter of a million distinct ids apart, then knows each of them again', () => {
    const seen = new SeenRequestIds();
    const ids = Array.from({ length: 250_000 }, (_, i) => `${`${(i * 2654435761) >>> 0}`.padStart(10, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect(ids.filter((value) => seen.seenBefore(value))).toEqual([]);
    expect(seen.size).toBe(250_000);
    expect(ids.every((value) => seen.seenBefore(value))).toBe(true);
    expect(seen.size).toBe(250_000);
    // Ids one character apart are different ids.
    expect(seen.seenBefore(`${ids[0]!.slice(0, -1)}x`)).toBe(false);
  });
});
