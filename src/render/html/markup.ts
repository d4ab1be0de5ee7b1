// Owns writing HTML safely: the `html` template tag, which escapes every value put into it unless that value is
// markup the tag made itself, so log text can only ever become text (in element content and in double-quoted
// attributes alike). Values are neutralised first: no control or direction-override character reaches the page.

import { neutralize } from '../../text.js';
import { truncate } from '../../text.js';

/** Markup made by `html`: the only values inserted without escaping. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type Value = Html | string | number | null | undefined | false | readonly Value[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in element content and in a double- or single-quoted attribute value. */
export function escapeHtml(text: string): string {
  return neutralize(text).replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

function render(value: Value): string {
  if (value instanceof Html) return value.text;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Markup from a template: strings and numbers are escaped, arrays joined, null/undefined/false left out, Html
 * inserted as it is. Attributes in templates are always written quoted: attr="${value}".
 */
export function html(strings: TemplateStringsArray, ...values: readonly Value[]): Html {
  let text = strings[0]!;
  values.forEach((value, i) => {
    text += render(value) + strings[i + 1]!;
  });
  return new Html(text);
}

/** Markup that is already safe (our own constant CSS, script and SVG numbers): use only for text with no log content. */
export function trusted(text: string): Html {
  return new Html(text);
}

/** A value from the log cut to `max` characters; when cut, the whole value is in the title (shown on hover). */
export function cut(value: string, max: number): Html {
  const shown = truncate(neutralize(value), max);
  return shown === neutralize(value) ? html`${value}` : html`<span title="${value}">${shown}</span>`;
}
