// Owns the JSON Lines fast path: while each line of the input is one complete JSON object (and not a
// `value` / `records` envelope), the line is parsed as it is, skipping the record scanner's walk over
// every character. The first line that is anything else (an array, a pretty-printed or broken object, a
// trailing comma, an envelope, a line too long) hands the input from that line on to the scanner, which
// reads it exactly as it would have from there: records, errors and line numbers do not change.

import type { JsonRecordScanner } from './json-records.js';

const CR = 0x0d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** Longer lines go to the scanner: sign-in records are a few kilobytes, and this bounds what is held. */
export const DEFAULT_MAX_FAST_LINE_CHARS = 1 << 20;

export class JsonLinesReader {
  private fast = true;
  /** The current line's text from earlier chunks. */
  private pending = '';
  /** 1-based line of the first character of `pending` (or of the next chunk when it is empty). */
  private line = 1;
  private parsedLines = 0;

  constructor(
    private readonly scanner: JsonRecordScanner,
    private readonly onValue: (value: object, line: number) => void,
    private readonly maxLineChars = DEFAULT_MAX_FAST_LINE_CHARS,
  ) {}

  /** Lines parsed here rather than by the scanner. */
  get linesParsed(): number {
    return this.parsedLines;
  }

  push(chunk: string): void {
    if (!this.fast) {
      this.scanner.push(chunk);
      return;
    }
    if (chunk.length === 0) return;
    const text = this.pending.length > 0 ? this.pending + chunk : chunk;
    this.pending = '';
    let start = 0;
    for (let lf = text.indexOf('\n', start); lf >= 0; lf = text.indexOf('\n', start)) {
      const end = lf > start && text.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
      if (end > start) {
        const value = this.parseLine(text, start, end);
        if (value === undefined) return this.handOver(text, start);
        this.onValue(value, this.line);
        this.parsedLines++;
      }
      this.line++;
      start = lf + 1;
    }
    if (start === text.length) return;
    // An unfinished line: kept while it still looks like the start of an object of reasonable size.
    if (text.charCodeAt(start) !== OPEN_BRACE || text.length - start > this.maxLineChars) return this.handOver(text, start);
    this.pending = text.slice(start);
  }

  end(): void {
    if (this.fast && this.pending.length > 0) {
      const text = this.pending;
      this.pending = '';
      const end = text.charCodeAt(text.length - 1) === CR ? text.length - 1 : text.length;
      const value = this.parseLine(text, 0, end);
      if (value === undefined) this.handOver(text, 0);
      else {
        this.onValue(value, this.line);
        this.parsedLines++;
      }
    }
    this.scanner.end();
  }

  /** The object on text[start, end), or undefined when the scanner must read this line. */
  private parseLine(text: string, start: number, end: number): object | undefined {
    if (text.charCodeAt(start) !== OPEN_BRACE || text.charCodeAt(end - 1) !== CLOSE_BRACE || end - start > this.maxLineChars) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text.slice(start, end));
    } catch {
      return undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const fields = value as Record<string, unknown>;
    // An envelope's records are the scanner's to find (and its other keys to report).
    if (Array.isArray(fields['value']) || Array.isArray(fields['records'])) return undefined;
    return value;
  }

  private handOver(text: string, from: number): void {
    this.fast = false;
    this.scanner.startOnLine(this.line);
    this.scanner.push(text.slice(from));
  }
}
