// Owns the registry of explanation formats: one entry per format, each a renderer from an explanation to the text
// to write (in its own file beside this one). Adding a format is adding its file and its entry here.

import type { Explanation } from '../../explain/types.js';
import { renderExplainHtml } from './html.js';
import { renderExplainJson } from './json.js';
import { renderExplainMarkdown } from './markdown.js';
import { renderExplainTable } from './table.js';

export interface ExplainRenderOptions {
  /** ANSI colour (table only). */
  readonly color: boolean;
  /** The table's longest line in columns; 0 = no limit. */
  readonly width: number;
}

export const EXPLAIN_RENDERERS = {
  table: renderExplainTable,
  json: renderExplainJson,
  markdown: renderExplainMarkdown,
  html: renderExplainHtml,
} as const satisfies Record<string, (explanation: Explanation, options: ExplainRenderOptions) => string>;

export type ExplainFormat = keyof typeof EXPLAIN_RENDERERS;
export const EXPLAIN_FORMATS = Object.keys(EXPLAIN_RENDERERS) as readonly ExplainFormat[];
