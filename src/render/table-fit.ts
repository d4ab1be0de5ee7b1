// Owns fitting the terminal format into a line width: text measured, cut and wrapped in terminal columns, and
// for each section how wide each column is and which of three layouts keeps it readable: the whole row in one
// grid; the grid with the long texts on a row of their own under each row; or, when even that cannot fit, no grid
// (null: table.ts lists the rows). Pure arithmetic on widths; table.ts draws the result with cli-table3.

import { stringWidth } from '../cli-table.js';
import type { Column } from './sections.js';

/** cli-table3's cell padding: one space on each side. */
export const CELL_PADDING = 2;

export interface Layout {
  /** The columns drawn in the grid, in order (indexes into the section's columns). */
  readonly grid: readonly number[];
  /** Text width of each grid column, without padding. */
  readonly widths: readonly number[];
  /** The columns shown on a row of their own under each row, spanning the grid; empty when the whole row fits. */
  readonly below: readonly number[];
}

/** How narrow columns may become before the next layout is tried: first comfortably, then tightly. */
const FLOORS = [
  { prose: 40, name: 28 },
  { prose: 20, name: 10 },
] as const;
type Floors = (typeof FLOORS)[number];

/**
 * The layout of a section whose cells are already cut to their columns' maximum: `width` is the longest line
 * allowed (0 = no limit), borders included. Null when not even the tightest grid fits.
 */
export function planLayout(columns: readonly Column[], cells: readonly (readonly string[])[], width: number): Layout | null {
  const all = columns.map((_column, i) => i);
  const natural = columns.map((column, i) => {
    const widest = widestCell(cells, i, column.header);
    return column.wrap === true ? Math.min(column.max, widest) : widest;
  });
  if (width === 0) return { grid: all, widths: natural, below: [] };
  // The columns meant to go under the row move first; wrapped prose joins them only when that is not enough (a
  // section with no such column moves its prose at once).
  const belowOnly = all.filter((i) => columns[i]!.below === true);
  const movable = all.filter((i) => columns[i]!.wrap === true || columns[i]!.below === true);
  const first = belowOnly.length > 0 ? belowOnly : movable;
  const attempt = (moved: readonly number[], floors: Floors): Layout | null => {
    const kept = all.filter((i) => !moved.includes(i));
    // A grid of one column with everything else under it reads worse than the list.
    if (moved.length === 0 || kept.length < 2) return null;
    const split = shrink(columns, cells, natural, kept, width, floors);
    return split === null ? null : { grid: kept, widths: split, below: moved };
  };
  for (const floors of FLOORS) {
    const whole = shrink(columns, cells, natural, all, width, floors);
    if (whole !== null) return { grid: all, widths: whole, below: [] };
    const split = attempt(first, floors);
    if (split !== null) return split;
  }
  if (first === movable) return null;
  for (const floors of FLOORS) {
    const split = attempt(movable, floors);
    if (split !== null) return split;
  }
  return null;
}

/** The longest line of a grid of these text widths, borders and padding included. */
function gridWidth(widths: readonly number[]): number {
  return widths.reduce((sum, width) => sum + width + CELL_PADDING, 0) + widths.length + 1;
}

/**
 * Widths for the grid columns `grid` that fit in `width`, or null. Space is taken first from wrapped prose (it
 * only gets more lines), then from the headers of number columns (they wrap at their spaces), then from names
 * (they get cut with an ellipsis); always from the widest column that may still give, down to its floor.
 */
function shrink(
  columns: readonly Column[],
  cells: readonly (readonly string[])[],
  natural: readonly number[],
  grid: readonly number[],
  width: number,
  floors: (typeof FLOORS)[number],
): number[] | null {
  const widths = grid.map((i) => natural[i]!);
  let excess = gridWidth(widths) - width;
  const kinds = grid.map((i) => kindOf(columns[i]!));
  const floor = grid.map((i, k) => {
    const column = columns[i]!;
    if (kinds[k] === 'prose') return Math.min(natural[i]!, floors.prose);
    if (kinds[k] === 'name') return Math.min(natural[i]!, floors.name);
    const longestWord = Math.max(...column.header.split(' ').map(columnsOf));
    return Math.max(longestWord, widestCell(cells, i, ''));
  });
  for (const kind of ['prose', 'number', 'name'] as const) {
    while (excess > 0) {
      let pick = -1;
      for (let k = 0; k < widths.length; k++) {
        if (kinds[k] === kind && widths[k]! > floor[k]! && (pick < 0 || widths[k]! > widths[pick]!)) pick = k;
      }
      if (pick < 0) break;
      widths[pick]! -= 1;
      excess -= 1;
    }
  }
  return excess > 0 ? null : widths;
}

function kindOf(column: Column): 'prose' | 'number' | 'name' {
  if (column.wrap === true) return 'prose';
  return column.align === 'right' ? 'number' : 'name';
}

function widestCell(cells: readonly (readonly string[])[], column: number, header: string): number {
  return cells.reduce((most, row) => Math.max(most, columnsOf(row[column] ?? '')), columnsOf(header));
}

/**
 * The terminal columns a text takes, measured as cli-table3 measures it (string-width: wide East Asian
 * characters and most emoji take two, combining marks none), so the planned widths and the drawn table agree.
 */
export function columnsOf(text: string): number {
  return stringWidth(text);
}

/** At most `width` columns, ending in `…` when cut; never splits a character. */
export function cutToWidth(text: string, width: number): string {
  if (columnsOf(text) <= width) return text;
  let kept = '';
  let used = 0;
  for (const point of text) {
    const size = columnsOf(point);
    if (used + size > width - 1) break;
    kept += point;
    used += size;
  }
  return `${kept}…`;
}

/**
 * Lines of at most `width` columns, broken at spaces; a word wider than a line is split between characters.
 * The text's own line breaks are kept; spaces at a break are dropped.
 */
export function wrapToWidth(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let used = 0;
    for (const word of paragraph.split(' ')) {
      if (word === '') continue;
      const size = columnsOf(word);
      if (used > 0 && used + 1 + size <= width) {
        line += ` ${word}`;
        used += 1 + size;
        continue;
      }
      if (used > 0) lines.push(line);
      line = '';
      used = 0;
      for (const point of word) {
        const pointSize = columnsOf(point);
        if (used > 0 && used + pointSize > width) {
          lines.push(line);
          line = '';
          used = 0;
        }
        line += point;
        used += pointSize;
      }
    }
    lines.push(line);
  }
  return lines;
}
