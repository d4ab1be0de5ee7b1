// Owns the Markdown format: the table view as GitHub-flavoured Markdown for mail, Teams or a wiki.
// Log text is hostile: every cell is neutralised, cut, and escaped so it cannot start formatting, links,
// mentions, HTML or a new table cell.

import { neutralize } from '../text.js';
import type { ReportView } from '../view/index.js';
import { fitCell, headline, viewSections, type Section } from './sections.js';

export function renderMarkdown(view: ReportView): string {
  const blocks = ['# Sign-in failure report', escapeMarkdown(neutralize(headline(view.report)))];
  for (const section of viewSections(view)) blocks.push(renderSection(section));
  return `${blocks.join('\n\n')}\n`;
}

/** One section as a Markdown heading and table (or the text that stands for an empty one). */
export function renderSection(section: Section): string {
  // Notes quote names from the inputs (a baseline's file and period label): neutralised like the cells.
  const title = `## ${escapeMarkdown(section.title)}${section.note === '' ? '' : ` (${escapeMarkdown(neutralize(section.note))})`}`;
  if (section.rows.length === 0) return `${title}\n\n${escapeMarkdown(section.empty)}`;
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [
    title,
    '',
    line(section.columns.map((column) => escapeMarkdown(column.header))),
    line(section.columns.map((column) => (column.align === 'right' ? '---:' : '---'))),
    ...section.rows.map((row) => line(row.map((cell, i) => escapeMarkdown(fitCell(cell, section.columns[i]!))))),
  ].join('\n');
}

// Backslash-escaping is defined for every ASCII punctuation character, so over-escaping would be harmless;
// only what can act inside a table cell is escaped, to keep the source readable: emphasis and code (* _ ` ~),
// links, images and footnotes ([ ]), HTML and entities (< > &), cells (|), issue references (#), math ($)
// and @ (mentions, e-mail autolinks).
const MARKDOWN_SPECIAL = /[\\`*_[\]<>#|~&$@]/g;

/** Text that renders as itself in GitHub-flavoured Markdown, also inside a table cell. */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(MARKDOWN_SPECIAL, '\\$&')
      // Bare-URL autolinks start at `www.` or a `scheme://`: an escaped `.` or `:` stops both.
      .replace(/(www)\./gi, '$1\\.')
      .replace(/:\/\//g, '\\://')
  );
}
