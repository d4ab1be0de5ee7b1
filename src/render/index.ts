// Owns the registry of report formats: one renderer per format, each a pure function from a finished
// Report to the text to print. Adding a format (html) is adding a row here and a file beside this one.

import type { DimensionId } from '../analyze/dimensions.js';
import type { Report } from '../analyze/types.js';
import { renderCsv } from './csv.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderTable } from './table.js';

export const FORMATS = ['table', 'json', 'csv', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

/** Formats read by people: they show the top 10 rows per section unless --top says otherwise. */
export const SUMMARY_FORMATS: readonly Format[] = ['table', 'markdown'];
export const SUMMARY_TOP = 10;

export interface RenderOptions {
  /** ANSI colour (table only): the caller decides from the TTY and NO_COLOR. */
  readonly color: boolean;
  /** The dimension the CSV format lists. */
  readonly by: DimensionId;
}

export type Renderer = (report: Report, options: RenderOptions) => string;

export const RENDERERS = {
  table: renderTable,
  json: renderJson,
  csv: renderCsv,
  markdown: renderMarkdown,
} as const satisfies Record<Format, Renderer>;
