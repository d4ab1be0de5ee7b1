// Owns the Markdown format of an explanation, to paste into a ticket: a heading with the headline, then each
// section as the report's Markdown draws its own (every cell neutralised, cut and escaped, so log text cannot
// start formatting, links, mentions, HTML or a new table cell).

import type { Explanation } from '../../explain/types.js';
import { neutralize } from '../../text.js';
import { escapeMarkdown, renderSection } from '../markdown.js';
import { explainSections } from './sections.js';

export function renderExplainMarkdown(explanation: Explanation): string {
  const blocks = ['# Sign-in explanation', escapeMarkdown(neutralize(explanation.headline))];
  for (const section of explainSections(explanation)) blocks.push(renderSection(section));
  return `${blocks.join('\n\n')}\n`;
}
