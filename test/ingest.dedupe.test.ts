// SeenRequestIds (64-bit hashes of (id, time) keys in an open-addressing table) against the naive model, a
// Set of the keys as strings: the same answers for any sequence of keys, including while the table grows past
// its first capacity.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeenRequestIds, signInContent } from '../src/ingest/dedupe.js';
import { makeSignIn } from './helpers/signins.js';

/** Keys: an id, with a time (epoch ms) that is the same for most and differs for some, as duplicates' do. */
type Key = string | readonly [string, number];
const TIME = Date.UTC(2026, 10, 8);

function replay(keys: readonly Key[], initialCapacity?: number): { answers: boolean[]; size: number; expected: boolean[]; expectedSize: number } {
  const seen = new SeenRequestIds(initialCapacity);
  const model = new Set<string>();
  const answers: boolean[] = [];
  const expected: boolean[] = [];
  for (const key of keys) {
    const [id, time] = typeof key === 'string' ? [key, TIME] : key;
    answers.push(seen.seenBefore(id, time));
    const text = JSON.stringify([id, time]);
    expected.push(model.has(text));
    model.add(text);
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

  it('answers like a Set for one id at many times, and many ids at one time', () => {
    const time = fc.oneof(fc.constantFrom(TIME, TIME + 1, TIME - 1, 0, -1, TIME + 2 ** 32, 2 ** 40), fc.integer({ min: -(2 ** 45), max: 2 ** 45 }));
    const key = fc.tuple(fc.constantFrom('', 'a', '0f8fad5b-d9cb-469f-a165-70867728950e', 'a\u0000'), time);
    fc.assert(
      fc.property(fc.array(key, { maxLength: 300 }), fc.integer({ min: 1, max: 64 }), (keys, capacity) => {
        const { answers, size, expected, expectedSize } = replay(keys, capacity);
        expect(answers).toEqual(expected);
        expect(size).toBe(expectedSize);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a quarter of a million distinct ids apart, then knows each of them again', () => {
    const seen = new SeenRequestIds();
    const ids = Array.from({ length: 250_000 }, (_, i) => `${`${(i * 2654435761) >>> 0}`.padStart(10, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect(ids.filter((value) => seen.seenBefore(value, TIME))).toEqual([]);
    expect(seen.size).toBe(250_000);
    expect(ids.every((value) => seen.seenBefore(value, TIME))).toBe(true);
    expect(seen.size).toBe(250_000);
    // Ids one character apart are different ids, and one id at another time is another key.
    expect(seen.seenBefore(`${ids[0]!.slice(0, -1)}x`, TIME)).toBe(false);
    expect(seen.seenBefore(ids[1]!, TIME + 1000)).toBe(false);
  });
});

describe('what a sign-in says is part of its key', () => {
  const first = makeSignIn({ requestId: 'r-1', time: new Date(TIME), errorCode: 0, ipAddress: '203.0.113.5', userPrincipalName: 'a@contoso.example' });

  it('the same sign-in again is a duplicate, wherever it was read from', () => {
    const seen = new SeenRequestIds();
    expect(seen.seenBefore(first.requestId, TIME, signInContent(first))).toBe(false);
    expect(seen.seenBefore(first.requestId, TIME, signInContent({ ...first, file: 'other.json', line: 7, failureReason: 'other words' }))).toBe(true);
  });

  it('a record with the same request id and time that says something else is another sign-in, whichever comes first', () => {
    const others = [
      { ...first, errorCode: 53003 },
      { ...first, ipAddress: '198.51.100.201' },
      { ...first, userPrincipalName: 'b@contoso.example' },
      { ...first, appName: 'Another app' },
      { ...first, clientApp: 'IMAP4' },
      { ...first, country: 'BR' },
    ];
    for (const other of others) {
      for (const order of [
        [first, other],
        [other, first],
      ]) {
        const seen = new SeenRequestIds();
        expect(order.map((signIn) => seen.seenBefore(signIn.requestId, TIME, signInContent(signIn)))).toEqual([false, false]);
      }
    }
  });

  it('fields are kept apart: moving text from one field to the next is another content', () => {
    expect(signInContent({ ...first, appName: 'ab', clientApp: 'c' })).not.toBe(signInContent({ ...first, appName: 'a', clientApp: 'bc' }));
  });
});
