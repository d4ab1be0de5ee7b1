// Owns the cli-table3 every terminal table is drawn with, and exact fast paths for two of its helpers, both
// held to the originals by property tests:
// - text cutting: cli-table3 0.6.5 cuts each cell to a 10-column preview every time it draws one of the cell's
//   lines, for a debug message it never prints; for a cell of several lines its cut removes one character at a
//   time from the end and measures every line again after each, which takes the square of the cell's length:
//   about 0.9 s of a 1.2 s report on the bundled sample. fastTruncate answers that case at once with the same
//   result and leaves every other call to the original.
// - text width: string-width 4, which cli-table3 measures every cell and line with, builds its emoji expression
//   (some 10 KB of pattern) and its escape-sequence expression anew on every call. fastStringWidth answers
//   printable ASCII, whose width is its length, at once. cli-table3 takes the module as it loads, so the module
//   is replaced before cli-table3 is loaded here; the table format measures with the same function.

import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type CliTable from 'cli-table3';

export type Truncate = (text: string, width: number, ellipsis?: string) => string;

export type StringWidth = (text: string) => number;

const require = createRequire(import.meta.url);
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** `original`, with printable ASCII answered at once: no escape sequence, emoji, wide or zero-width character. */
export function fastStringWidth(original: StringWidth): StringWidth {
  return (text) => (typeof text === 'string' && PRINTABLE_ASCII.test(text) ? text.length : original(text));
}

/** Marks a fast path put in a function's place with the function it stands for. */
const ORIGINAL = Symbol.for('signin-analyzer: the function a fast path stands for');

/**
 * The function `current` stands for, and the fast path to put in its place. The modules patched here are loaded
 * once per process while this module may be evaluated more than once (a test runner does), so a fast path found
 * in place is kept as it is, and never wrapped again.
 */
function withFastPath<F extends (...args: never[]) => unknown>(current: F, make: (original: F) => F): { original: F; fast: F } {
  const original = (current as F & { [ORIGINAL]?: F })[ORIGINAL];
  if (original !== undefined) return { original, fast: current };
  return { original: current, fast: Object.assign(make(current), { [ORIGINAL]: current }) };
}

// The string-width cli-table3 itself resolves, replaced in the module cache before cli-table3 is loaded below.
const widthPath = require.resolve('string-width', { paths: [dirname(require.resolve('cli-table3/src/utils.js'))] });
const width = withFastPath(require(widthPath) as StringWidth, fastStringWidth);
/** string-width's own function, before the fast path: what the test compares against. */
export const originalStringWidth = width.original;
/** The terminal columns a text takes, as cli-table3 measures it. */
export const stringWidth = width.fast;
const widthModule = require.cache[widthPath];
if (widthModule !== undefined) widthModule.exports = stringWidth;

const Table = require('cli-table3') as typeof CliTable;
const utils = require('cli-table3/src/utils.js') as { truncate?: Truncate };
const truncate = utils.truncate === undefined ? undefined : withFastPath(utils.truncate, fastTruncate);

/** cli-table3's own truncate, before the fast path: what the test compares against. */
export const originalTruncate: Truncate | undefined = truncate?.original;

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

if (truncate !== undefined) utils.truncate = truncate.fast;

export { Table };
