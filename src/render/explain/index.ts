// Owns the registry of explanation formats: one entry per format, each a way to load its renderer from an
// explanation to the text to write (in its own file beside this one; loaded when the explain command runs, so that
// other commands do not pay for it at start-up). Adding a format is adding its file and its entry here.

import type { Explanation } from '../../explain/types.js';

export interface ExplainRenderOptions {
  /** ANSI colour (table only). */
  readonly color: boolean;
  /** The table's longest line in columns; 0 = no limit. */
  readonly width: number;
}

type ExplainRenderer = (explanation: Explanation, options: ExplainRenderOptions) => string;

export const EXPLAIN_RENDERERS = {
  table: async () => (await import('./table.js')).renderExplainTable,
  json: async () => (await import('./json.js')).renderExplainJson,
  markdown: async () => (await import('./markdown.js')).renderExplainMarkdown,
  html: async () => (await import('./html.js')).renderExplainHtml,
} as const satisfies Record<string, () => Promise<ExplainRenderer>>;

export type ExplainFormat = keyof typeof EXPLAIN_RENDERERS;
export const EXPLAIN_FORMATS = Object.keys(EXPLAIN_RENDERERS) as readonly ExplainFormat[];
