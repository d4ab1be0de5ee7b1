// Owns the terminal format: the shared sections drawn with cli-table3. Every cell is neutralised (no control
// characters reach the terminal) and cut to its column's width; our own prose wraps instead.
// Colour only when the caller says so (a TTY without NO_COLOR): headings bold, borders grey.

import Table from 'cli-table3';
import { neutralize } from '../text.js';
import type { ReportView } from '../view/index.js';
import type { RenderOptions } from './index.js';
import { fitCell, headline, viewSections, type Section } from './sections.js';

const BOLD = '\u001b[1m';
const RESET = '\u001b[22m';

export function renderTable(view: ReportView, options: RenderOptions): string {
  const bold = (text: string): string => (options.color ? `${BOLD}${text}${RESET}` : text);
  const blocks = [bold(neutralize(headline(view.report)))];
  for (const section of viewSections(view)) blocks.push(renderSection(section, options.color, bold));
  return `${blocks.join('\n\n')}\n`;
}

function renderSection(section: Section, color: boolean, bold: (text: string) => string): string {
  // Notes quote names from the inputs (a baseline's file and period label): neutralised like the cells.
  const title = bold(section.title) + (section.note === '' ? '' : ` (${neutralize(section.note)})`);
  if (section.rows.length === 0) return `${title}\n${section.empty}`;
  const cells = section.rows.map((row) => row.map((cell, i) => fitCell(cell, section.columns[i]!)));
  const table = new Table({
    head: section.columns.map((column) => column.header),
    colAligns: section.columns.map((column) => column.align),
    // Fixed widths only for wrapping columns (cli-table3 wraps only those); the others size to content.
    colWidths: section.columns.map((column, i) => (column.wrap === true ? Math.min(column.max, widest(cells, i, column.header)) + 2 : undefined)) as number[],
    wordWrap: true,
    // Lines between rows only where some prose wraps: then they show where one row ends.
    style: { ...(color ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] }), compact: !wraps(section, cells) },
  });
  table.push(...cells);
  return `${title}\n${table.toString()}`;
}

function wraps(section: Section, cells: readonly string[][]): boolean {
  return section.columns.some((column, i) => column.wrap === true && cells.some((row) => Array.from(row[i] ?? '').length > column.max));
}

function widest(cells: readonly string[][], column: number, header: string): number {
  return cells.reduce((most, row) => Math.max(most, Array.from(row[column] ?? '').length), header.length);
}
