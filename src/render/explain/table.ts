// Owns the terminal format of an explanation: the headline, the diagnosis and what to do next as numbered lists
// (each part wrapped under its number), then the other sections drawn as the report draws its own
// (render/table.ts: cells neutralised and cut, prose wrapped, long texts under their row where the row does not
// fit, a list where nothing fits). No line is wider than the width; colour only when asked.

import type { Explanation } from '../../explain/types.js';
import { neutralize } from '../../text.js';
import { truncate } from '../../text.js';
import { renderSection, type Style } from '../table.js';
import { wrapToWidth } from '../table-fit.js';
import type { ExplainRenderOptions } from './index.js';
import { diagnosisList, explainSections, nextList, type NumberedList } from './sections.js';

const BOLD = '\u001b[1m';
const RESET = '\u001b[22m';
/** The longest part of a list entry, in characters: our own texts fit, a flood from the log does not. */
const PART_CHARS = 1200;

export function renderExplainTable(explanation: Explanation, options: ExplainRenderOptions): string {
  const bold: Style = (text) => (options.color ? `${BOLD}${text}${RESET}` : text);
  const { width } = options;
  const blocks = [wrapped(neutralize(explanation.headline), width).map(bold).join('\n')];
  for (const list of [diagnosisList(explanation), nextList(explanation)]) blocks.push(renderList(list, width, bold));
  for (const section of explainSections(explanation)) blocks.push(renderSection(section, options.color, width, bold));
  return `${blocks.join('\n\n')}\n`;
}

/**
 * `1. heading`, then each part as `Label: text` under it; wrapped lines hang under the text they continue:
 *
 *     1. Password spray from 198.51.100.66 against 13 users
 *        Kind: finding (medium); 24 sign-ins
 *        What happened: 198.51.100.66 tried wrong or locked passwords for 13
 *          users between ...
 */
function renderList(list: NumberedList, width: number, bold: Style): string {
  const lines = [bold(list.title)];
  const digits = String(list.entries.length).length;
  list.entries.forEach((entry, i) => {
    const number = `${String(i + 1).padStart(digits)}. `;
    const indent = ' '.repeat(number.length);
    lines.push(...hanging(entry.heading, number, indent, width));
    for (const [label, text] of entry.parts) lines.push(...hanging(`${label}: ${text}`, indent, `${indent}  `, width));
  });
  return lines.join('\n');
}

/** The text cut to PART_CHARS and wrapped within the width, its first line after `first`, the rest after `rest`. */
function hanging(text: string, first: string, rest: string, width: number): string[] {
  const safe = truncate(neutralize(text), PART_CHARS);
  if (width === 0) return [`${first}${safe}`];
  const [head = '', ...tail] = wrapToWidth(safe, Math.max(1, width - first.length));
  return [
    `${first}${head}`,
    ...wrapToWidth(tail.join(' '), Math.max(1, width - rest.length))
      .filter((line) => line !== '')
      .map((line) => `${rest}${line}`),
  ];
}

function wrapped(text: string, width: number): string[] {
  return width === 0 ? [text] : wrapToWidth(text, width);
}
