// Owns the Markdown format of an explanation, to paste into a ticket: a heading with the headline, the diagnosis
// and what to do next as numbered lists, then each other section as the report's Markdown draws its own. Every
// text is neutralised, cut and escaped, so log text cannot start formatting, links, mentions, HTML, a list or a
// new table cell.

import type { Explanation } from '../../explain/types.js';
import { neutralize } from '../../text.js';
import { truncate } from '../../text.js';
import { escapeMarkdown, renderSection } from '../markdown.js';
import { diagnosisList, explainSections, nextList, type NumberedList } from './sections.js';

/** The longest part of a list entry, in characters (as in the terminal). */
const PART_CHARS = 1200;

export function renderExplainMarkdown(explanation: Explanation): string {
  const blocks = ['# Sign-in explanation', escapeMarkdown(neutralize(explanation.headline))];
  for (const list of [diagnosisList(explanation), nextList(explanation)]) blocks.push(renderList(list));
  for (const section of explainSections(explanation)) blocks.push(renderSection(section));
  return `${blocks.join('\n\n')}\n`;
}

/** `1. **heading**` with its parts as `- Label: text` under it. */
function renderList(list: NumberedList): string {
  const text = (value: string): string => escapeMarkdown(truncate(neutralize(value), PART_CHARS));
  const entries = list.entries.map((entry, i) =>
    [
      entry.parts.length === 0 ? `${i + 1}. ${text(entry.heading)}` : `${i + 1}. **${text(entry.heading)}**`,
      ...entry.parts.map(([label, value]) => `   - ${label}: ${text(value)}`),
    ].join('\n'),
  );
  return [`## ${escapeMarkdown(list.title)}`, '', ...entries].join('\n');
}
