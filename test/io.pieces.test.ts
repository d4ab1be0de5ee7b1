// Report text is written as UTF-8 a piece at a time (utf8Pieces): the pieces, put together, are exactly the bytes
// Buffer.from gives for the whole text, whatever the piece size and whatever the text holds (characters of one to
// four bytes, lone surrogates), and no piece is over the size. Held to Buffer.from by a property test.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Pieces } from '../src/io.js';

function joined(text: string, size: number): { bytes: Buffer; largest: number; count: number } {
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

  it('cuts a long text into full pieces and keeps a character of four bytes whole', () => {
    const text = `${'x'.repeat(10)}😀${'y'.repeat(10)}`;
    const pieces: string[] = [];
    for (const piece of utf8Pieces(text, 12)) pieces.push(Buffer.from(piece).toString('utf8'));
    expect(pieces).toEqual(['x'.repeat(10), `😀${'y'.repeat(8)}`, 'yy']);
    expect(joined('', 8).count).toBe(0);
    expect(joined('z'.repeat(3 << 20), 1 << 20).count).toBe(3);
  });
});
