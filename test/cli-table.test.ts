// The fast path of cli-table3's text cutting (src/cli-table.ts) against cli-table3's own function: the same
// text for any text, width and ellipsis, multi-line cells, wide and combining characters, emoji and escape
// sequences included; and the tables are drawn with it.

import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastTruncate, originalTruncate, Table } from '../src/cli-table.js';

const require = createRequire(import.meta.url);

const pieces = fc.constantFrom(
  'a',
  'Z',
  ' ',
  '~',
  '\n',
  '文',
  'e\u0301',
  '😀',
  '\u200b',
  '\u001b[31m',
  '\u001b[39m',
  '\u001B]8;;https://x.example\u0007',
  '…',
  'ä',
  '\ud800',
);
const texts = fc.oneof(
  fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join('')),
  // Wrapped prose as the report draws it: printable lines joined by line breaks.
  fc.array(fc.stringMatching(/^[ -~]{0,60}$/), { minLength: 1, maxLength: 6 }).map((lines) => lines.join('\n')),
  fc.string({ maxLength: 60 }),
);

describe('cli-table3 text cutting', () => {
  const original = originalTruncate!;
  const fast = fastTruncate(original);

  it('gives what cli-table3 gives, for any text, width and ellipsis', () => {
    fc.assert(
      fc.property(texts, fc.integer({ min: 0, max: 70 }), fc.constantFrom(undefined, '…', '...'), (text, width, ellipsis) => {
        expect(fast(text, width, ellipsis)).toBe(original(text, width, ellipsis));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives what cli-table3 gives where its own fast path and slow path part ways (wide and zero-width characters)', () => {
    // The first line's length equals its width here (文 is two columns, the accent none), so cli-table3 cuts it
    // by length alone when it stands alone, but by width when it heads a longer text.
    for (const text of ['文e\u0301 wide\nnext line', 'ab文\u0301cd\n\nx', '😀\u0301\u0301 and more\nz'])
      for (let width = 0; width < 12; width++) expect(fast(text, width)).toBe(original(text, width));
  });

  it('is the function cli-table3 calls, and a table drawn with it is the same', () => {
    const utils = require('cli-table3/src/utils.js') as { truncate: unknown };
    expect(utils.truncate).not.toBe(original);
    const prose = 'What to do: wrong, old or expired passwords and failed password changes. '.repeat(6).trim();
    const draw = () => {
      const table = new Table({ head: ['Category', 'Failures'], colWidths: [40, 12], wordWrap: true });
      table.push(['Passwords and other credentials', '33'], [{ content: prose.match(/.{1,48}(?: |$)/g)!.join('\n'), colSpan: 2 }]);
      return table.toString();
    };
    const fastDrawn = draw();
    utils.truncate = original;
    try {
      expect(fastDrawn).toBe(draw());
    } finally {
      utils.truncate = fast;
    }
  });
});
