// Owns the fast path for the common JSON shapes: JSON Lines, and a bare array whose records are each on one
// line (the portal's JSON download puts them all on one; collectors one per line). While each line is one
// complete object, or each array element is one complete object ending at the next `},{` (blanks allowed
// before the `{`) that opens like a record, the text is parsed as it is, skipping
// the record scanner's walk over every character. The first place that is anything else (a pretty-printed
// or broken record, a trailing comma, an envelope, a record too long) hands the input from there on to the
// scanner, which reads it exactly as it would have: records, errors and line numbers do not change.
// Input may come as text or as UTF-8 bytes (decode.ts Utf8Chunk): then only records holding a byte over 0x7f
// are decoded before they are parsed, and what goes to the scanner is decoded on the way. With bytes, a reader of
// record members (json-members.ts) may take a record's members from its bytes instead of parsing it whole.

import { findNonAscii, textDecoder, utf8Value, type Utf8Chunk } from './decode.js';
import { ENVELOPE_KEYS, escapeRegExp, indentBefore, JSON_STRING, type JsonRecordScanner } from './json-records.js';

const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const COMMA = 0x2c;

/** Longer records go to the scanner: sign-in records are a few kilobytes, and this bounds what is held. */
const DEFAULT_MAX_FAST_RECORD_CHARS = 1 << 20;

/** A record's opening: its first key, a string value, and its second key (both keys as written, quotes included). */
export const RECORD_OPENING = new RegExp(`\\{(${JSON_STRING}):${JSON_STRING},(${JSON_STRING}):`, 'y');

/**
 * Where one record ends and the next begins, in an array whose records open with these two keys: `},`, the
 * blanks between the records, and the next record's opening. Found by looking for the opening's `{`, first key
 * and colon with indexOf, then checking the text before and after it: about twice as fast as a regular
 * expression that starts from every `}`, on records full of nested objects.
 */
export class RecordBoundaries {
  private readonly opening: string;
  /** The rest of an opening: the first key's string value, the comma and the second key with its colon. */
  private readonly rest: RegExp;
  /** After a find that found one: where the next record starts (its `{`). */
  nextStart = -1;

  constructor(firstKey: string, secondKey: string) {
    this.opening = `{${firstKey}:`;
    this.rest = new RegExp(`${JSON_STRING},${escapeRegExp(secondKey)}:`, 'y');
  }

  /** Where the first boundary whose `}` is at or after `from` is (that `}`), or -1. */
  find(text: string, from: number): number {
    const opening = this.opening;
    for (let at = text.indexOf(opening, from); at >= 0; at = text.indexOf(opening, at + 1)) {
      let comma = at - 1;
      while (comma >= from && isBlank(text.charCodeAt(comma))) comma--;
      if (comma - 1 < from || text.charCodeAt(comma) !== COMMA || text.charCodeAt(comma - 1) !== CLOSE_BRACE) continue;
      this.rest.lastIndex = at + opening.length;
      if (!this.rest.test(text)) continue;
      this.nextStart = at;
      return comma - 1;
    }
    return -1;
  }
}

type Mode = 'start' | 'lines' | 'array' | 'scanner';

export class JsonFastReader {
  private mode: Mode = 'start';
  /** Text from earlier chunks not read yet: an unfinished line or record (or blanks before the first value). */
  private pending = '';
  /** 1-based line of the first character of `pending` (or of the next chunk when it is empty). */
  private line = 1;
  private parsedRecords = 0;
  /** Where one record ends and the next begins, once the first record's opening is known. */
  private boundary: RecordBoundaries | undefined;
  /** Where read() stopped in array mode at the end of the input. */
  private rest = 0;
  /** The scanner knows how this array's records open. */
  private openingKnown = false;
  /** In an array: the blanks before text[0] on its line when only blanks precede it there, else null. */
  private indent: string | null = null;
  /**
   * With UTF-8 bytes: where the chunk pushed last starts in the text being read (after what was pending), whether
   * it is all ASCII and its asciiBlocks, and whether the pending text before it was. Records with no byte over
   * 0x7f are the same text as bytes or decoded, and are parsed as they are.
   */
  private bytes = false;
  private chunkAt = 0;
  private chunkAscii = true;
  private chunkBlocks: Uint8Array | null = null;
  private pendingAscii = true;
  /** The first byte over 0x7f at or after some position up to the one being read (-1: not looked for yet). */
  private nextNonAscii = -1;
  /** Decodes the bytes handed to the scanner, as one decoder from the start of the input would have. */
  private decoder: ReturnType<typeof textDecoder> | undefined;

  /** The text of the record parsed last, for onValue. */
  private source = '';

  constructor(
    private readonly scanner: JsonRecordScanner,
    /**
     * A parsed record (or the members of it that `members` gave), its line, and its text (the literals JSON.parse
     * does not keep): decoded, or its bytes when they gave the members.
     */
    private readonly onValue: (value: object, line: number, source: string) => void,
    private readonly maxRecordChars = DEFAULT_MAX_FAST_RECORD_CHARS,
    /**
     * With UTF-8 bytes: what is read of a record instead of parsing it whole, from its bytes (json-members.ts
     * recordMembers), or undefined to parse it whole.
     */
    private readonly members?: (bytes: string) => object | undefined,
  ) {}

  /** Records parsed here rather than by the scanner. */
  get recordsParsed(): number {
    return this.parsedRecords;
  }

  /** Text, or UTF-8 bytes (every chunk of an input the same). */
  push(chunk: string | Utf8Chunk): void {
    const bytes = typeof chunk !== 'string';
    this.bytes = bytes;
    if (this.mode === 'scanner') {
      this.scanner.push(bytes ? this.decoded(chunk.buffer) : chunk);
      return;
    }
    const piece = bytes ? chunk.bytes : chunk;
    if (piece.length === 0) return;
    this.chunkAt = this.pending.length;
    this.chunkAscii = !bytes || chunk.ascii;
    this.chunkBlocks = bytes ? chunk.asciiBlocks : null;
    this.nextNonAscii = -1;
    const text = this.pending.length > 0 ? this.pending + piece : piece;
    this.pending = '';
    this.read(text, false);
  }

  end(): void {
    if (this.mode !== 'scanner') {
      const text = this.pending;
      this.pending = '';
      this.chunkAt = text.length;
      this.chunkAscii = true;
      this.chunkBlocks = null;
      this.nextNonAscii = -1;
      this.read(text, true);
      // What is left of an array (its last record and closing bracket) is the scanner's to finish.
      if (this.mode === 'array') this.handOver(text, this.rest);
    }
    const tail = this.decoder?.decode() ?? '';
    if (tail.length > 0) this.scanner.push(tail);
    this.scanner.end();
  }

  private read(text: string, final: boolean): void {
    let p = 0;
    if (this.mode === 'start') {
      while (p < text.length) {
        const c = text.charCodeAt(p);
        if (!isBlank(c)) break;
        p++;
      }
      if (p === text.length) {
        if (final || text.length > this.maxRecordChars) this.handOver(text, 0);
        else this.keep(text, 0);
        return;
      }
      const first = text.charCodeAt(p);
      if (first === OPEN_BRACE) {
        this.mode = 'lines';
        p = 0;
      } else if (first === OPEN_BRACKET) {
        p++;
        while (p < text.length && isBlank(text.charCodeAt(p))) p++;
        // An array that does not open with an object is the scanner's from its bracket on.
        if (p >= text.length || text.charCodeAt(p) !== OPEN_BRACE) {
          this.handOver(text, 0);
          return;
        }
        this.mode = 'array';
        this.line += countLineBreaks(text, 0, p);
        this.indent = indentBefore(text, p, '');
      } else {
        this.handOver(text, 0);
        return;
      }
    }
    if (this.mode === 'lines') this.readLines(text, p, final);
    else this.readArray(text, p, final);
  }

  private readLines(text: string, from: number, final: boolean): void {
    let start = from;
    for (let lf = text.indexOf('\n', start); lf >= 0; lf = text.indexOf('\n', start)) {
      const end = lf > start && text.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
      if (end > start) {
        const value = this.parseRecord(text, start, end);
        if (value === undefined || isEnvelope(value)) {
          this.handOver(text, start);
          return;
        }
        this.take(value, this.source);
      }
      this.line++;
      start = lf + 1;
    }
    if (start === text.length) return;
    if (final) {
      // The last line, without a line break.
      const end = text.charCodeAt(text.length - 1) === CR ? text.length - 1 : text.length;
      const value = this.parseRecord(text, start, end);
      if (value === undefined || isEnvelope(value)) this.handOver(text, start);
      else this.take(value, this.source);
      return;
    }
    // An unfinished line: kept while it still looks like the start of an object of reasonable size.
    if (text.charCodeAt(start) !== OPEN_BRACE || text.length - start > this.maxRecordChars) {
      this.handOver(text, start);
      return;
    }
    this.keep(text, start);
  }

  /** Elements from `from` on, each starting at `{` right after `[` or `,`. */
  private readArray(text: string, from: number, final: boolean): void {
    let p = from;
    // The first line break at or after p (the text's length when none): one-line arrays have none at all.
    let nextLf = -1;
    while (p < text.length) {
      if (text.charCodeAt(p) !== OPEN_BRACE) {
        this.handOver(text, p);
        return;
      }
      if (this.boundary === undefined) {
        RECORD_OPENING.lastIndex = p;
        const opening = RECORD_OPENING.exec(text);
        if (opening === null) {
          // Too little text to tell yet, or records that do not open with a string value.
          if (final || text.length - p > 4096) {
            this.handOver(text, p);
            return;
          }
          break;
        }
        this.boundary = new RecordBoundaries(opening[1]!, opening[2]!);
      }
      const boundary = this.boundary;
      const end = boundary.find(text, p);
      if (end < 0) {
        if (text.length - p > this.maxRecordChars) {
          this.handOver(text, p);
          return;
        }
        break;
      }
      const value = this.parseRecord(text, p, end + 1);
      if (value === undefined) {
        this.handOver(text, p);
        return;
      }
      const source = this.source;
      // The scanner, if it takes over, finds the next record after a broken one by how these open (in decoded text).
      if (!this.openingKnown) this.openingKnown = this.scanner.learnOpening(this.recordText(text, p, end + 1));
      this.take(value, source);
      p = boundary.nextStart;
      if (nextLf < p) {
        if (nextLf < 0) nextLf = text.indexOf('\n', from);
        while (nextLf >= 0 && nextLf < p) {
          this.line++;
          nextLf = text.indexOf('\n', nextLf + 1);
        }
        if (nextLf < 0) nextLf = text.length;
      }
    }
    if (final) this.rest = p;
    else if (p > 0) {
      this.indent = indentBefore(text, p, this.indent);
      this.keep(text, p);
    } else this.keep(text, 0);
  }

  /** Keeps text[from..] for the next chunk: the start of a record or line, or blanks before the first. */
  private keep(text: string, from: number): void {
    this.pendingAscii = !this.bytes || this.nonAsciiAt(text, from) >= text.length;
    this.pending = from === 0 ? text : text.slice(from);
  }

  /**
   * The record text[from, to): its members from its bytes when `members` gives them, else parsed whole (undefined
   * when it is not exactly one object); `source` is set to the text it was read from.
   */
  private parseRecord(text: string, from: number, to: number): object | undefined {
    let bytes: string | undefined;
    if (this.bytes && this.members !== undefined && to - from <= this.maxRecordChars) {
      bytes = text.slice(from, to);
      const members = this.members(bytes);
      if (members !== undefined) {
        this.source = bytes;
        return members;
      }
    }
    this.source = this.recordText(text, from, to, bytes);
    return this.parseObject(this.source);
  }

  /**
   * The text of text[from, to) (`source`, when already cut out): decoded when it holds a byte over 0x7f (it starts
   * and ends at ASCII characters).
   */
  private recordText(text: string, from: number, to: number, source = text.slice(from, to)): string {
    return this.bytes && this.nonAsciiAt(text, from) < to ? utf8Value(source) : source;
  }

  /** With bytes: the first byte over 0x7f at or after `from` (text.length when none); `from` never goes back within one text. */
  private nonAsciiAt(text: string, from: number): number {
    if (from < this.chunkAt && !this.pendingAscii) return from;
    if (this.chunkAscii) return text.length;
    if (this.nextNonAscii < from) this.nextNonAscii = findNonAscii(text, Math.max(from, this.chunkAt), this.chunkBlocks, this.chunkAt);
    return this.nextNonAscii;
  }

  /** Text for the scanner from bytes (as latin1 text or as they were read); a character cut at the end is held for the next. */
  private decoded(bytes: string | Uint8Array): string {
    this.decoder ??= textDecoder();
    return this.decoder.decode(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes, { stream: true });
  }

  /** text[from..] for the scanner. */
  private scannerText(text: string, from: number): string {
    const rest = text.slice(from);
    return this.bytes ? this.decoded(rest) : rest;
  }

  private take(value: object, source: string): void {
    this.onValue(value, this.line, source);
    this.parsedRecords++;
  }

  /** The object the text holds, or undefined when it is not exactly one object (or too long). */
  private parseObject(text: string): object | undefined {
    if (text.charCodeAt(0) !== OPEN_BRACE || text.charCodeAt(text.length - 1) !== CLOSE_BRACE || text.length > this.maxRecordChars) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  }

  /**
   * The scanner reads on from text[from]; inside an array, as the array's first element, which keeps the
   * element's indentation (the scanner finds the next record after a broken one by it): a bracket of its own
   * on the line before when the element opens its line, else a bracket right before it.
   */
  private handOver(text: string, from: number): void {
    const inArray = this.mode === 'array';
    this.mode = 'scanner';
    // text[from] follows an ASCII character (or starts the input), where a decoder starting afresh reads as one that read all before it.
    if (!inArray) {
      this.scanner.startOnLine(this.line);
      this.scanner.push(this.scannerText(text, from));
      return;
    }
    const indent = indentBefore(text, from, this.indent);
    this.scanner.startOnLine(indent === null ? this.line : this.line - 1);
    this.scanner.push((indent === null ? '[' : `[\n${indent}`) + this.scannerText(text, from));
  }
}

/** An envelope's records are the scanner's to find (and its other keys to report). */
function isEnvelope(value: object): boolean {
  const fields = value as Record<string, unknown>;
  for (const key of ENVELOPE_KEYS) if (Array.isArray(fields[key])) return true;
  return false;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === LF;
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let lf = text.indexOf('\n', from); lf >= 0 && lf < to; lf = text.indexOf('\n', lf + 1)) count++;
  return count;
}
