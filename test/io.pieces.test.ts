// Report text is written as UTF-8 a buffer at a time (utf8Pieces): the buffers, put together, are exactly the bytes
// Buffer.from gives for the whole text (or for each of its pieces in turn), whatever the size and whatever the text
// holds (characters of one to four bytes, lone surrogates), and no buffer is over the size. Held to Buffer.from by
// property tests.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Pieces } from '../src/io.js';

function joined(text: string | readonly string[], size: number): { bytes: Buffer; largest: number; count: number } {
  const copies: Buffer[] = [];
  let largest = 0;
  for (const piece of utf8Pieces(text, size)) {
    largest = Math.max(largest, piece.length);
    copies.push(Buffer.from(piece)); // each piece is overwritten by the next
  }
  return { bytes: Buffer.concat(copies), largest, count: copies.length };
}

// Code units rather than code points, so lone and split surrogates come up as often as pairs.
const units = fc.array(
  fc.oneof(
    fc.constantFrom('a', '\n', 'é', '’', '—', '€', '😀', '\ud83d', '\ude00', '\u0000'),
    fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
  ),
  { maxLength: 200 },
);

describe('utf8Pieces', () => {
  it('gives the bytes of Buffer.from in pieces of at most the size', () => {
    fc.assert(
      fc.property(units, fc.integer({ min: 4, max: 24 }), (parts, size) => {
        const text = parts.join('');
        const { bytes, largest } = joined(text, size);
        expect(bytes.equals(Buffer.from(text, 'utf8'))).toBe(true);
        expect(largest).toBeLessThanOrEqual(size);
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the bytes of Buffer.from for each piece of a text in pieces, filling each buffer', () => {
    fc.assert(
      fc.property(
        fc.array(
          units.map((parts) => parts.join('')),
          { maxLength: 12 },
        ),
        fc.integer({ min: 4, max: 24 }),
        (texts, size) => {
          const { bytes, largest, count } = joined(texts, size);
          const expected = Buffer.concat(texts.map((text) => Buffer.from(text, 'utf8')));
          expect(bytes.equals(expected)).toBe(true);
          expect(largest).toBeLessThanOrEqual(size);
          // A buffer is handed over only when the next character does not fit: never more than one per 1 + size - 4 bytes.
          expect(count).toBeLessThanOrEqual(Math.ceil(expected.length / (size - 3)));
        },
      ),
      { numRuns: 3000 },
    );
    expect(joined(['ab', 'cd', 'ef'], 8).count).toBe(1);
    expect(joined(['', ''], 8).count).toBe(0);
  });

  it('cuts a long text into full pieces and keeps a character of four bytes whole', () => {
    const text = `${'x'.repeat(10)}😀${'y'.repeat(10)}`;
    const pieces: string[] = [];
    for (const piece of utf8Pieces(text, 12)) pieces.push(Buffer.from(piece).toString('utf8'));
    expect(pieces).toEqual(['x'.repeat(10), `😀${'y'.repeat(8)}`, 'yy']);
    expect(joined('', 8).count).toBe(0);
    expect(joined('z'.repeat(3 << 20), 1 << 20).count).toBe(3);
  });
});
