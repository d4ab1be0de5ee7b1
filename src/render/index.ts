// Owns the registry of report formats: one entry per format, each a renderer (a pure function from the report
// view to the text to print, in its own file beside this one) and how many rows per list it shows by default.
// Adding a format is adding its file and its entry here.

import type { DimensionId } from '../analyze/dimensions.js';
import type { ReportView } from '../view/index.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html/index.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderTable } from './table.js';

export interface RenderOptions {
  /** ANSI colour (table only): the caller decides from the TTY and NO_COLOR. */
  readonly color: boolean;
  /** The dimension the CSV format lists. */
  readonly by: DimensionId;
  /** The longest line the table format may print, in columns; 0 or absent = no limit. */
  readonly width?: number;
}

export interface Renderer {
  readonly render: (view: ReportView, options: RenderOptions) => string;
  /** Rows per list unless --top says otherwise (0 = all): formats people read show the top 10. */
  readonly top: number;
}

export const RENDERERS = {
  table: { render: renderTable, top: 10 },
  json: { render: renderJson, top: 0 },
  csv: { render: renderCsv, top: 0 },
  markdown: { render: renderMarkdown, top: 10 },
  html: { render: renderHtml, top: 10 },
} as const satisfies Record<string, Renderer>;

export type Format = keyof typeof RENDERERS;
export const FORMATS = Object.keys(RENDERERS) as readonly Format[];
