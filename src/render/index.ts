// Owns the registry of report formats: one entry per format, each a way to load its renderer (a function from the
// report view to the text, whole or in pieces, or for a binary format the bytes, to write, in its own file beside
// this one), how many rows per list it shows by default, and whether its output is bytes. Adding a format is adding
// its file and its entry here.

import type { ReportView } from '../view/index.js';
import { renderCsv, type CsvList } from './csv.js';
import { renderJsonPieces } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderTable } from './table.js';
import { renderXlsx } from './xlsx.js';

export interface RenderOptions {
  /** ANSI colour (table only): the caller decides from the TTY and NO_COLOR. */
  readonly color: boolean;
  /** What the CSV format lists: a dimension, or the findings. */
  readonly by: CsvList;
  /** The longest line the table format may print, in columns; 0 or absent = no limit. */
  readonly width?: number;
}

/**
 * Text, whole or as pieces to write one after the other: a large report (JSON of a big tenant) need not be one
 * string, and pieces without a character beyond Latin-1 take one byte a character where one string would take two.
 */
export type Text = string | readonly string[];

/** The text as one string. */
export function textOf(text: Text): string {
  return typeof text === 'string' ? text : text.join('');
}

/** What a renderer produces: text, or the bytes of a binary format (a workbook). */
type Rendered = Text | Uint8Array;

type RenderFunction<Output extends Rendered | Promise<Rendered>> = (view: ReportView, options: RenderOptions) => Output;

export interface Renderer<Output extends Rendered | Promise<Rendered> = Rendered | Promise<Rendered>> {
  /**
   * The render function. A format whose module is heavy loads it on first use, so that a run pays for it only when
   * the format is asked for: the HTML report and its charts library took about 40 ms of every run's start-up.
   * Text formats render at once; a binary format may take its time (and load its library only then).
   */
  readonly load: () => Promise<RenderFunction<Output>>;
  /** Rows per list unless --top says otherwise (0 = all): formats people read show the top 10. */
  readonly top: number;
  /** The output is bytes, not text: it goes to --output, never to a terminal. */
  readonly binary: boolean;
}

/** The formats whose output is text. */
const TEXT_RENDERERS = {
  table: { load: async () => renderTable, top: 10, binary: false },
  json: { load: async () => renderJsonPieces, top: 0, binary: false },
  csv: { load: async () => renderCsv, top: 0, binary: false },
  markdown: { load: async () => renderMarkdown, top: 10, binary: false },
  html: { load: async () => (await import('./html/index.js')).renderHtml, top: 10, binary: false },
} as const satisfies Record<string, Renderer<Text>>;

export const RENDERERS = {
  ...TEXT_RENDERERS,
  xlsx: { load: async () => renderXlsx, top: 0, binary: true },
} as const satisfies Record<string, Renderer>;

export type Format = keyof typeof RENDERERS;
export const FORMATS = Object.keys(RENDERERS) as readonly Format[];
export type TextFormat = keyof typeof TEXT_RENDERERS;
export const TEXT_FORMATS = Object.keys(TEXT_RENDERERS) as readonly TextFormat[];

/** Every format's render function, loaded: text formats give their text at once, a binary one a promise of its bytes. */
export type LoadedRenderers = { readonly [F in Format]: Awaited<ReturnType<(typeof RENDERERS)[F]['load']>> };

/** Loads every format's render function (for callers that must render any format without waiting). */
export async function loadRenderers(): Promise<LoadedRenderers> {
  const loaded = await Promise.all(FORMATS.map(async (format) => [format, await RENDERERS[format].load()] as const));
  return Object.fromEntries(loaded) as unknown as LoadedRenderers;
}
