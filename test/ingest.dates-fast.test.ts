// The character-by-character reader of `YYYY-MM-DDTHH:MM:SS[.fraction]Z` (or `+00:00`) against the ISO pattern it
// short-cuts: on random texts near that shape, it either declines or reads the same instant (or invalid).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readIsoByPattern, readIsoUtc } from '../src/ingest/dates.js';

const padded = (min: number, max: number, width: number) => fc.integer({ min, max }).map((n) => String(n).padStart(width, '0'));
// Mostly well-formed fields (some out of range), sometimes a stray character in place of a digit or separator.
const isoLike = fc
  .tuple(
    padded(1900, 2100, 4),
    fc.constantFrom('-', '-', '-', '/'),
    padded(0, 13, 2),
    fc.constantFrom('-', '-', ':'),
    padded(0, 32, 2),
    fc.constantFrom('T', 'T', ' ', 't'),
    padded(0, 24, 2),
    fc.constantFrom(':', ':', '.'),
    padded(0, 60, 2),
    fc.constantFrom(':', ':', '-'),
    padded(0, 61, 2),
    fc.oneof(
      fc.constant(''),
      fc
        .tuple(
          fc.constantFrom('.', '.', ',', ':'),
          fc.integer({ min: 0, max: 11 }).chain((n) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n })),
        )
        .map(([a, b]) => a + b.join('')),
    ),
    fc.constantFrom('Z', 'Z', 'Z', 'z', ' Z', '+00:00', '+00:00', ' +00:00', '-00:00', '+0000', '+01:00', ''),
    fc.option(fc.tuple(fc.nat(30), fc.constantFrom('x', ' ', '-', ':', '.', '9')), { freq: 4 }),
  )
  .map(([...parts]) => {
    const spoil = parts.pop() as [number, string] | null;
    const text = (parts as string[]).join('');
    if (spoil === null) return text;
    const at = spoil[0] % text.length;
    return text.slice(0, at) + spoil[1] + text.slice(at + 1);
  });

describe('readIsoUtc', () => {
  it('declines or agrees with the ISO pattern on texts near the common shape', () => {
    fc.assert(
      fc.property(isoLike, (text) => {
        const fast = readIsoUtc(text);
        if (fast !== undefined) expect(fast).toEqual(readIsoByPattern(text));
      }),
      { numRuns: 20000 },
    );
  });

  it('reads the shapes exports write, leap seconds and impossible days included', () => {
    for (const text of [
      '2026-11-07T23:59:55Z',
      '2026-11-07 23:59:55Z',
      '2026-11-07T23:59:55.1234567Z',
      '2026-11-07T23:59:59.8108426+00:00',
      '2026-11-07T23:59:59+00:00',
      '2026-11-07T23:59:55,5Z',
      '2024-02-29T00:00:00Z',
      '2025-02-29T00:00:00Z',
      '2026-12-31T23:59:60Z',
      '2026-13-01T00:00:00Z',
    ]) {
      expect(readIsoUtc(text)).toEqual(readIsoByPattern(text));
    }
    // Other offsets are the pattern's to read.
    expect(readIsoUtc('2026-11-07T23:59:55+01:00')).toBeUndefined();
    expect(readIsoUtc('2026-11-07T23:59:55-00:00')).toBeUndefined();
    expect(readIsoUtc('2026-11-07T23:59:55.5+00:00')).toBeDefined();
  });
});
