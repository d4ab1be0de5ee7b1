// Owns making hostile text safe where it is shown: to a person (one line, no control characters, no direction
// overrides: stderr and every human-readable format) and to a spreadsheet (csvCell: every CSV cell the tool writes);
// cutting long text for people (truncate); and copying a text kept for the whole run out of what it was read from
// (detach).

// Line breaks and tabs become a space; other C0/C1 controls, DEL, the invisible direction marks and the
// bidirectional embeddings, overrides and isolates that can make text display reversed become U+FFFD, so a
// terminal or renderer never acts on them.
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being removed
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text made safe to display: one line, no control or direction-override characters. */
export function neutralize(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(CONTROLS, '\uFFFD');
}

/**
 * One CSV cell. Spreadsheets run a cell that starts with = + - @ (also after leading spaces, which some importers
 * trim, or a tab or CR) as a formula, so such cells get a leading apostrophe (the OWASP advice for CSV injection).
 * Then RFC 4180 quoting: cells with a quote, comma, semicolon, line break or edge spaces are quoted, inner quotes
 * doubled.
 */
export function csvCell(value: string): string {
  const defused = /^\s*[=+\-@]|^[\t\r]/.test(value) ? `'${value}` : value;
  // Semicolons are quoted too, for spreadsheets in locales that use them as the separator.
  return /[",;\r\n]|^\s|\s$/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

/** At most `max` characters (code points, so no emoji is cut in half), ending in `…` when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/**
 * A copy of a text that shares no memory with the chunk it was read from, for texts kept for the whole run
 * (tally keys, names, evidence). Values read from a file are slices of long chunks of its text, and a kept
 * slice would keep its chunk alive; copying the few distinct keys keeps memory flat whatever the input size.
 * Joining two parts is the known way to make V8 build a new flat string: a slice of 13 or more characters is a
 * view into its parent, and comparing one with another text (a Map lookup, ===) takes a call into the runtime
 * instead of the builtins' fast path, on every lookup of a kept key.
 */
export function detach(text: string): string {
  return [text.slice(0, 1), text.slice(1)].join('');
}
