// Owns the literals the KQL builders share (strings, datetimes, lists) and the layout rule of a query: no blank
// line inside one, since the Logs blade takes a blank line for the end of a query.

import { kqlString } from '../catalog/render.js';

export { kqlString };

export function kqlDatetime(instant: Date): string {
  return `datetime(${instant.toISOString()})`;
}

/** `("a", "b")`, for `in`. */
export function kqlStrings(values: readonly string[]): string {
  return `(${values.map(kqlString).join(', ')})`;
}

/** `(50126, 50053)`, for `in`. */
export function kqlInts(values: readonly number[]): string {
  return `(${values.map((value) => String(Math.trunc(value))).join(', ')})`;
}

/** A comment line; line breaks in the text (which could end a query in the Logs blade) become spaces. */
export function kqlComment(text: string): string {
  return `// ${text.replace(/[\r\n\u2028\u2029]+/g, ' ')}`;
}

/** A `matches regex` pattern that finds any of the texts anywhere, whatever their case: each text taken literally. */
export function kqlAnyText(texts: readonly string[]): string {
  return kqlString(`(?i)(${texts.map((text) => text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&')).join('|')})`);
}
