// The fast paths of cli-table3's text cutting and text width (src/cli-table.ts) against the functions they stand
// in for: the same text and the same width for any text, multi-line cells, wide and combining characters, emoji,
// controls and escape sequences included; the tables are drawn with them; and they are put in place once.

import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { fastStringWidth, fastTruncate, originalStringWidth, originalTruncate, stringWidth, Table } from '../src/cli-table.js';

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
    const inPlace = utils.truncate;
    expect(inPlace).not.toBe(original);
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
      utils.truncate = inPlace;
    }
  });
});

describe('cli-table3 text width', () => {
  const fast = fastStringWidth(originalStringWidth);

  it('gives what string-width gives, for any text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          texts,
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)), maxLength: 40 }),
        ),
        (text) => {
          expect(fast(text)).toBe(originalStringWidth(text));
        },
      ),
      { numRuns: 3000 },
    );
    for (const text of ['', 'plain ASCII', 'tab\there', '\u001b[31mred\u001b[39m', '#\ufe0f\u20e3', '文字', 'e\u0301']) {
      expect(fast(text)).toBe(originalStringWidth(text));
    }
  });

  it('is the string-width cli-table3 measures with', () => {
    const utils = require('cli-table3/src/utils.js') as { strlen: (text: string) => number };
    const widthPath = require.resolve('string-width', { paths: [require.resolve('cli-table3/src/utils.js').replace(/[\\/]utils\.js$/, '')] });
    expect(require(widthPath)).toBe(stringWidth);
    expect(stringWidth).not.toBe(originalStringWidth);
    expect(utils.strlen('two\nlines of text')).toBe(13);
  });
});

describe('the fast paths', () => {
  it('are put in place once, however often their module is evaluated', async () => {
    vi.resetModules();
    const again = await import('../src/cli-table.js');
    expect(again.stringWidth).toBe(stringWidth);
    expect(again.originalStringWidth).toBe(originalStringWidth);
    expect(again.originalTruncate).toBe(originalTruncate);
    const utils = require('cli-table3/src/utils.js') as { truncate: unknown };
    expect(again.fastTruncate(originalTruncate!)('a\nb', 1)).toBe(originalTruncate!('a\nb', 1));
    expect(utils.truncate).not.toBe(originalTruncate);
  });
});
