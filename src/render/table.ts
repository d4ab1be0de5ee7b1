// Owns the terminal format: the shared sections drawn with cli-table3 within a line width (the terminal's, or
// --width). Every cell is neutralised (no control characters reach the terminal) and cut to its column's width;
// our own prose wraps instead. Where a whole row does not fit, its long texts go on a row of their own under
// it, and where not even that fits, the rows become a list (table-fit.ts decides). No line is wider than the width.
// Colour only when the caller says so (a TTY without NO_COLOR): headings bold, borders grey.

import { Table } from '../cli-table.js';
import { neutralize } from '../text.js';
import type { ReportView } from '../view/index.js';
import type { RenderOptions } from './index.js';
import { fitCell, headline, viewSections, type Section } from './sections.js';
import { CELL_PADDING, columnsOf, cutToWidth, planLayout, wrapToWidth, type Layout } from './table-fit.js';

/** The width when standard output is not a terminal and --width is not given. */
export const DEFAULT_TABLE_WIDTH = 80;
/** The narrowest width the list layout still reads at. */
export const MIN_TABLE_WIDTH = 20;

const BOLD = '\u001b[1m';
const RESET = '\u001b[22m';

export type Style = (text: string) => string;

export function renderTable(view: ReportView, options: RenderOptions): string {
  const bold: Style = (text) => (options.color ? `${BOLD}${text}${RESET}` : text);
  const width = options.width ?? 0;
  const blocks = [
    wrapped(neutralize(headline(view.report)), width)
      .map(bold)
      .join('\n'),
  ];
  for (const section of viewSections(view)) blocks.push(renderSection(section, options.color, width, bold));
  return `${blocks.join('\n\n')}\n`;
}

/** One section as the terminal shows it: its title, then a grid, a grid with rows under rows, or a list. */
export function renderSection(section: Section, color: boolean, width: number, bold: Style): string {
  const title = heading(section, width, bold);
  if (section.rows.length === 0) return `${title}\n${wrapped(section.empty, width).join('\n')}`;
  const cells = section.rows.map((row) => row.map((cell, i) => fitCell(cell, section.columns[i]!)));
  const layout = planLayout(section.columns, cells, width);
  return `${title}\n${layout === null ? renderList(section, cells, width) : renderGrid(section, cells, layout, color)}`;
}

/** `Title (note)`, the title bold; wrapped (and then bold throughout) when it is wider than the width. */
function heading(section: Section, width: number, bold: Style): string {
  // Notes quote names from the inputs (a baseline's file and period label): neutralised like the cells.
  const note = section.note === '' ? '' : ` (${neutralize(section.note)})`;
  const plain = `${section.title}${note}`;
  if (width === 0 || columnsOf(plain) <= width) return bold(section.title) + note;
  return wrapped(plain, width).map(bold).join('\n');
}

function renderGrid(section: Section, cells: readonly string[][], layout: Layout, color: boolean): string {
  const { columns } = section;
  const { grid, widths, below } = layout;
  const table = new Table({
    head: grid.map((i) => columns[i]!.header),
    colAligns: grid.map((i) => columns[i]!.align),
    colWidths: widths.map((width) => width + CELL_PADDING),
    wordWrap: true,
    // Lines between rows only where some text spans lines: then they show where one row ends. A two-column
    // grid (measure and value) needs none: the empty first cell already marks a continued row.
    style: {
      ...(color ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] }),
      compact: below.length === 0 && (grid.length <= 2 || !wraps(section, cells, layout)),
    },
  });
  for (const row of cells) {
    // Names are cut to their width; prose is wrapped here, a word wider than its column split rather than cut, so
    // a file path in a coverage note is shown whole.
    table.push(grid.map((i, k) => (columns[i]!.wrap === true ? wrapToWidth(row[i]!, widths[k]!).join('\n') : cutToWidth(row[i]!, widths[k]!))));
    const under = below.filter((i) => row[i] !== '').map((i) => `${columns[i]!.header}: ${row[i]}`);
    // Wrapped here, as the grid's own prose is, to the width cli-table3 wraps a spanned cell at (the spanned
    // columns' widths without the borders between them): it would otherwise let a long word run a line past the border.
    const span = widths.reduce((sum, width) => sum + width + CELL_PADDING, 0) - CELL_PADDING;
    if (under.length > 0) table.push([{ content: under.flatMap((text) => wrapToWidth(text, span)).join('\n'), colSpan: grid.length, hAlign: 'left' }]);
  }
  return table.toString();
}

function wraps(section: Section, cells: readonly string[][], layout: Layout): boolean {
  return layout.grid.some((i, k) => section.columns[i]!.wrap === true && cells.some((row) => columnsOf(row[i] ?? '') > layout.widths[k]!));
}

/**
 * The rows of a section too wide for any grid: each row's first cell on a line of its own, then one indented
 * `Header: value` line per other cell, names cut and prose wrapped to the width. A two-column section (the
 * summary) becomes `first: second` lines.
 */
function renderList(section: Section, cells: readonly string[][], width: number): string {
  // Wrapped lines hang two columns deeper than the first, so each cell's start stands out.
  const hanging = (text: string, indent: string): string[] =>
    wrapped(text, width - indent.length - 2).map((line, k) => `${indent}${k === 0 ? '' : '  '}${line}`);
  if (section.columns.length === 2) return cells.flatMap((row) => hanging(`${row[0]}: ${row[1]}`, '')).join('\n');
  const entries = cells.map((row) => {
    const lines = [cutToWidth(row[0]!, width)];
    section.columns.forEach((column, i) => {
      if (i === 0 || row[i] === '') return;
      const text = `${column.header}: ${row[i]}`;
      if (column.wrap === true || column.below === true) lines.push(...hanging(text, '  '));
      else lines.push(`  ${cutToWidth(text, width - 2)}`);
    });
    return lines.join('\n');
  });
  return entries.join('\n');
}

function wrapped(text: string, width: number): string[] {
  return width === 0 ? text.split('\n') : wrapToWidth(text, width);
}
