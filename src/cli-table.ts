// Owns the cli-table3 every terminal table is drawn with, and an exact fast path for its text-cutting helper.
// cli-table3 0.6.5 cuts each cell to a 10-column preview every time it draws one of the cell's lines, for a
// debug message it never prints; for a cell of several lines its cut removes one character at a time from the
// end and measures every line again after each, which takes the square of the cell's length: about 0.9 s of a
// 1.2 s report on the bundled sample. fastTruncate answers that case at once with the same result (a test holds
// it to the original on any text) and leaves every other call to the original.

import { createRequire } from 'node:module';
import Table from 'cli-table3';

export type Truncate = (text: string, width: number, ellipsis?: string) => string;

const require = createRequire(import.meta.url);
const utils = require('cli-table3/src/utils.js') as { truncate?: Truncate };

/** cli-table3's own truncate, before the fast path: what the test compares against. */
export const originalTruncate: Truncate | undefined = utils.truncate;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * `original`, with one case answered at once: a text of several lines, with no escape sequence, whose first line
 * is printable ASCII wider than `width`. The original keeps the longest start of the text whose every line fits
 * `width` less the ellipsis; since the first line is too wide, that start lies within the first line, so cutting
 * the first line alone gives the same text.
 */
export function fastTruncate(original: Truncate): Truncate {
  return (text, width, ellipsis) => {
    const content = String(text);
    const newline = content.indexOf('\n');
    if (newline > width && !content.includes('\u001b')) {
      const first = content.slice(0, newline);
      if (PRINTABLE_ASCII.test(first)) return original(first, width, ellipsis);
    }
    return original(text, width, ellipsis);
  };
}

if (originalTruncate !== undefined) utils.truncate = fastTruncate(originalTruncate);

export { Table };
