// Owns the terminal format of an explanation: the headline wrapped to the width, then each section drawn as the
// report draws its own (render/table.ts: cells neutralised and cut, prose wrapped, long texts under their row
// where the row does not fit, a list where nothing fits). No line is wider than the width; colour only when asked.

import type { Explanation } from '../../explain/types.js';
import { neutralize } from '../../text.js';
import { renderSection, type Style } from '../table.js';
import { wrapToWidth } from '../table-fit.js';
import type { ExplainRenderOptions } from './index.js';
import { explainSections } from './sections.js';

const BOLD = '\u001b[1m';
const RESET = '\u001b[22m';

export function renderExplainTable(explanation: Explanation, options: ExplainRenderOptions): string {
  const bold: Style = (text) => (options.color ? `${BOLD}${text}${RESET}` : text);
  const width = options.width;
  const headline = neutralize(explanation.headline);
  const blocks = [(width === 0 ? [headline] : wrapToWidth(headline, width)).map(bold).join('\n')];
  for (const section of explainSections(explanation)) blocks.push(renderSection(section, options.color, width, bold));
  return `${blocks.join('\n\n')}\n`;
}
