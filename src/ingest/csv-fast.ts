// Hand-written RFC 4180 tokenizer for the common CSV dialect: string chunks (text, or UTF-8 bytes) in, records out.
// It owns quoting, record boundaries, physical line numbers and resync after malformed records; headers,
// BOMs, decoding and column meaning belong to the caller. csv-parse stays the reference (see the tests).

import { findNonAscii, utf8Value } from './decode.js';

export const CSV_ERROR_KINDS = ['UNTERMINATED_QUOTE', 'TEXT_AFTER_CLOSING_QUOTE', 'RECORD_TOO_LARGE'] as const;
export type CsvErrorKind = (typeof CSV_ERROR_KINDS)[number];

export interface CsvTokenizerOptions {
  /** One character; ',' is the common case. */
  delimiter: string;
  /**
   * One record. `fields` is reused between calls and valid only during the callback; its length is
   * `fieldCount`. `line` is the 1-based physical line (counted in LF characters) where the record starts.
   */
  onRecord(fields: readonly string[], fieldCount: number, line: number): void;
  /** The record starting at `line` is malformed and was skipped. Called once per skipped record. */
  onError(kind: CsvErrorKind, line: number): void;
  /** Longest record, in characters, before it is dropped as RECORD_TOO_LARGE. Default 4 Mi. */
  maxRecordChars?: number;
  /**
   * Chunks are UTF-8 bytes held one byte per character (decode.ts Utf8Chunk), not text: values handed to
   * onRecord are decoded, and record lengths are measured in decoded characters all the same.
   */
  utf8Bytes?: boolean;
}

const DEFAULT_MAX_RECORD_CHARS = 4 * 1024 * 1024;

const QUOTE = 0x22; // "
const LF = 0x0a; // \n
const CR = 0x0d; // \r
const DOUBLED_QUOTES = /""/g;

/** How reading one record ended. */
const RECORD_COMPLETE = 0;
/** The text ran out before the record ended (only before end()). */
const RECORD_INCOMPLETE = 1;
/** end() came inside a quoted field. */
const RECORD_UNTERMINATED = 2;

/**
 * Streaming tokenizer. Only the text of the record being read is kept between `push` calls, so memory is
 * bounded by about twice `maxRecordChars` plus one chunk, whatever the file size.
 *
 * Record rules (each mirrors csv-parse with relax_quotes, relax_column_count, skip_empty_lines, except
 * where a malformed record is reported instead of being repaired):
 * - a record ends at LF or CRLF outside quotes; a CR not followed by LF is ordinary text;
 * - a field that starts with `"` is quoted: `""` is a literal quote, delimiters, CR and LF are text;
 * - a `"` anywhere else in an unquoted field is ordinary text;
 * - after a closing quote only the delimiter or the record end may follow, else TEXT_AFTER_CLOSING_QUOTE
 *   (the record is read to its end outside quotes, then skipped);
 * - a line with no characters at all is not a record.
 */
export class CsvTokenizer {
  private readonly delimiterCode: number;
  private readonly delimiter: string;
  private readonly onRecord: CsvTokenizerOptions['onRecord'];
  private readonly onError: CsvTokenizerOptions['onError'];
  private readonly maxRecordChars: number;
  private readonly utf8Bytes: boolean;

  private readonly fields: string[] = [];
  /** wanted[i] === 1 when column i must be materialized; null means every column. */
  private wanted: Uint8Array | null = null;

  /** Unconsumed text: always starts at the beginning of a record (or of a line to resync on). */
  private pending = '';
  /** With utf8Bytes: whether `pending` and `queued` are all ASCII (then nothing in them needs decoding). */
  private pendingAscii = true;
  private queuedAscii = true;
  /** Chunks received since the last scan, joined lazily so a long record is not re-scanned per chunk. */
  private queued: string[] = [];
  private queuedChars = 0;
  /** The asciiBlocks of the one chunk queued (null: none given, or several chunks queued). */
  private queuedBlocks: Uint8Array | null = null;
  /** Don't re-scan an incomplete record until this much text is available (doubles each time). */
  private rescanAt = 0;
  /** Physical line of pending[0]. */
  private line = 1;
  /** After an oversized first line, text is dropped up to the next LF. */
  private skippingLine = false;
  private ended = false;
  private charsSeen = 0;

  constructor(options: CsvTokenizerOptions) {
    if (options.delimiter.length !== 1) {
      throw new RangeError(`CSV delimiter must be one character, got ${JSON.stringify(options.delimiter)}`);
    }
    const code = options.delimiter.charCodeAt(0);
    if (code === QUOTE || code === LF || code === CR) {
      throw new RangeError(`CSV delimiter cannot be a quote or a line break, got ${JSON.stringify(options.delimiter)}`);
    }
    this.delimiter = options.delimiter;
    this.delimiterCode = code;
    this.onRecord = options.onRecord;
    this.onError = options.onError;
    this.maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
    this.utf8Bytes = options.utf8Bytes ?? false;
    if (!(this.maxRecordChars >= 1)) throw new RangeError('maxRecordChars must be at least 1');
  }

  /** Characters pushed so far (UTF-16 code units), for progress reporting. */
  get bytesSeen(): number {
    return this.charsSeen;
  }

  /**
   * Columns the caller will read; the others get '' and are never sliced out of the text. Takes effect
   * from the next record, so call it from inside the header's onRecord. Null restores "every column".
   */
  setColumnMask(mask: readonly boolean[] | null): void {
    if (mask === null) {
      this.wanted = null;
      return;
    }
    const wanted = new Uint8Array(mask.length);
    for (let i = 0; i < mask.length; i++) wanted[i] = mask[i] ? 1 : 0;
    this.wanted = wanted;
  }

  /**
   * `ascii`: with utf8Bytes, the chunk has no byte over 0x7f (ignored for text). `asciiBlocks`: with utf8Bytes,
   * which blocks of the chunk have none (decode.ts Utf8Chunk), so that looking for them steps over those.
   */
  push(chunk: string, ascii = true, asciiBlocks: Uint8Array | null = null): void {
    if (this.ended) throw new Error('CsvTokenizer.push() after end()');
    this.charsSeen += chunk.length;
    if (this.skippingLine) {
      // Resync after an oversized first line: drop text up to the next LF without buffering it.
      const lf = chunk.indexOf('\n');
      if (lf < 0) return;
      this.skippingLine = false;
      this.line++;
      chunk = chunk.slice(lf + 1);
      asciiBlocks = null;
    }
    if (chunk.length === 0) return;
    ascii = ascii || !this.utf8Bytes;
    if (ascii) asciiBlocks = null;
    if (this.pending.length === 0 && this.queued.length === 0) {
      this.scan(chunk, 0, false, ascii, asciiBlocks);
      return;
    }
    this.queuedBlocks = this.queued.length === 0 ? asciiBlocks : null;
    this.queued.push(chunk);
    this.queuedChars += chunk.length;
    this.queuedAscii &&= ascii;
    if (this.pending.length + this.queuedChars < this.rescanAt) return;
    const textAscii = this.queuedAscii;
    const textBlocks = this.queuedBlocks;
    const text = this.takeQueued();
    // Scan the chunk where it lies instead of copying it behind the unfinished record: first finish that
    // record in a small "bridge" string (its tail + the chunk's first line), then go on in the chunk itself.
    const lf = text.indexOf('\n');
    if (lf >= 0 && lf + 1 < text.length) {
      const bridge = flat(this.pending + text.slice(0, lf + 1));
      const bridgeAscii = this.pendingAscii && textAscii;
      this.pending = '';
      this.scan(bridge, 0, false, bridgeAscii);
      if (this.pending.length === 0) {
        this.scan(text, lf + 1, false, textAscii, textBlocks);
        return;
      }
      // The record is still open after that line break (a quoted one): carry on with the whole text.
      this.pending = flat(this.pending + text.slice(lf + 1));
    } else {
      this.pending = flat(this.pending + text);
    }
    this.scan(this.pending, 0, false, this.pendingAscii && textAscii);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.skippingLine = false;
    const ascii = this.pendingAscii && this.queuedAscii;
    const text = this.takeQueued();
    this.scan(flat(this.pending + text), 0, true, ascii);
    this.pending = '';
  }

  /** Whether s[from, to) is over `max` characters: as text, or once decoded when it holds UTF-8 bytes. */
  private longerThan(max: number, s: string, from: number, to: number, ascii: boolean): boolean {
    return to - from > max && this.textLength(s, from, to, ascii) > max;
  }

  /**
   * The length of s[from, to) as text: decoded when it holds UTF-8 bytes. From a line start on, lengths add up:
   * the text before it ends in an LF, so no character is cut there.
   */
  private textLength(s: string, from: number, to: number, ascii: boolean): number {
    return ascii ? to - from : utf8Value(s.slice(from, to)).length;
  }

  private takeQueued(): string {
    const text = this.queued.length === 1 ? this.queued[0]! : this.queued.join('');
    this.queued = [];
    this.queuedChars = 0;
    this.queuedAscii = true;
    this.queuedBlocks = null;
    return text;
  }

  /**
   * Emits every complete record in `s` from `from` on and keeps the unfinished tail in `pending`. With `final`, the end of the
   * text ends the last record and an open quote is an error. One loop over records and fields with cached
   * next-delimiter / next-LF positions: the common field costs one indexOf and, if wanted, one slice.
   */
  private scan(s: string, from: number, final: boolean, ascii: boolean, asciiBlocks: Uint8Array | null = null): void {
    const n = s.length;
    // Utf8Chunk bytes that are not all ASCII: values holding a byte over 0x7f are decoded. nextNonAscii is
    // the first such byte at or after some position <= p, like nextDelimiter (n when none).
    const decoding = !ascii;
    let nextNonAscii = -1;
    const delimiter = this.delimiter;
    const delimiterCode = this.delimiterCode;
    const fields = this.fields;
    const max = this.maxRecordChars;
    let line = this.line;
    let p = from;
    let keepFrom = n;
    // First delimiter / LF at or after some position <= p (n when none). Valid while >= p, so each
    // occurrence is searched for once; reset to -1 whenever p moves backwards (resync).
    let nextDelimiter = -1;
    let nextLf = -1;
    // The last record dropped in this text as too long or unterminated (runawayEnd 0: none yet). Every LF
    // inside it, before runawayEnd, was inside a quoted value. A later record whose quoted value holds one of
    // those LFs is, from that LF on, in the same place in the same state, so it ends where that one did: it is
    // judged from that one's end instead of being read again. Without this, a stretch of text that starts a
    // runaway quote on every few lines would be read once per line, up to maxRecordChars each time.
    let runawayFrom = -1;
    let runawayEnd = 0;
    let runawayStatus = RECORD_COMPLETE;
    /** Where its length is measured to (see textEnd below), and that length, -1 until measured. */
    let runawayTextEnd = 0;
    let runawayChars = -1;

    while (p < n) {
      const recordStart = p;
      const recordLine = line;
      if (nextLf < p) {
        nextLf = s.indexOf('\n', p);
        if (nextLf < 0) nextLf = n;
      }
      let c = s.charCodeAt(p);
      // A line with no characters is not a record.
      if (c === LF) {
        p++;
        line++;
        continue;
      }
      if (c === CR && p + 1 < n && s.charCodeAt(p + 1) === LF) {
        p += 2;
        line++;
        continue;
      }

      const wanted = this.wanted;
      let fieldCount = 0;
      let linesInside = 0;
      let malformed = false;
      let status = RECORD_COMPLETE;
      let recordEnd = n; // just past the record's line break, or n when the text ends the record
      let contentEnd = n; // where the record's text ends, before its line break
      let terminated = false; // the record ended at a line break (not at the end of the text)
      let chars = -1; // the record's length as text, when it is known without measuring
      record: while (true) {
        const want = wanted === null || (fieldCount < wanted.length && wanted[fieldCount] === 1);
        if (p < n && s.charCodeAt(p) === QUOTE) {
          const valueStart = p + 1;
          let q = valueStart;
          let closing: number;
          let doubled = false;
          while (true) {
            closing = s.indexOf('"', q);
            if ((closing < 0 || closing > nextLf) && nextLf < runawayEnd) {
              // This value holds the LF at nextLf, inside the record dropped before: this record ends where that one did.
              if (runawayChars < 0) runawayChars = this.textLength(s, runawayFrom, runawayTextEnd, ascii);
              const length = runawayChars - this.textLength(s, runawayFrom, recordStart, ascii);
              if (runawayStatus !== RECORD_COMPLETE || length > max) {
                status = runawayStatus;
                contentEnd = runawayEnd;
                chars = length;
                break record;
              }
              // It ends within the limit: read it as any other.
            }
            if (closing < 0 || (closing + 1 === n && !final)) {
              // The quote may close in text not seen yet, or a `""` may be split across chunks.
              status = final ? RECORD_UNTERMINATED : RECORD_INCOMPLETE;
              break record;
            }
            if (closing + 1 < n && s.charCodeAt(closing + 1) === QUOTE) {
              doubled = true;
              q = closing + 2;
              continue;
            }
            break;
          }
          if (want) {
            let raw = s.slice(valueStart, closing);
            if (doubled) raw = raw.replace(DOUBLED_QUOTES, '"');
            if (decoding) {
              if (nextNonAscii < valueStart) nextNonAscii = findNonAscii(s, valueStart, asciiBlocks);
              if (nextNonAscii < closing) raw = utf8Value(raw);
            }
            fields[fieldCount] = raw;
          } else {
            fields[fieldCount] = '';
          }
          fieldCount++;
          // Count the line breaks inside the quoted value.
          while (nextLf < closing) {
            linesInside++;
            nextLf = s.indexOf('\n', nextLf + 1);
            if (nextLf < 0) nextLf = n;
          }
          p = closing + 1;
          if (p === n) break; // final: the text ends the record
          c = s.charCodeAt(p);
          if (c === delimiterCode) {
            p++;
            continue;
          }
          if (c === LF) {
            recordEnd = p + 1;
            contentEnd = p;
            terminated = true;
            break;
          }
          if (c === CR) {
            if (p + 1 < n) {
              if (s.charCodeAt(p + 1) === LF) {
                recordEnd = p + 2;
                contentEnd = p;
                terminated = true;
                break;
              }
            } else if (!final) {
              status = RECORD_INCOMPLETE;
              break;
            } else {
              break; // a stray CR at the very end of the input
            }
          }
          // Text after the closing quote: read on as if unquoted to find where the record ends, then skip it.
          malformed = true;
          fieldCount--;
        }
        // Unquoted field: runs to the next delimiter or LF; a quote inside it is ordinary text.
        if (nextDelimiter < p) {
          nextDelimiter = s.indexOf(delimiter, p);
          if (nextDelimiter < 0) nextDelimiter = n;
        }
        if (nextDelimiter < nextLf) {
          if (!want) fields[fieldCount++] = '';
          else if (!decoding) fields[fieldCount++] = s.slice(p, nextDelimiter);
          else {
            if (nextNonAscii < p) nextNonAscii = findNonAscii(s, p, asciiBlocks);
            fields[fieldCount++] = nextNonAscii < nextDelimiter ? utf8Value(s.slice(p, nextDelimiter)) : s.slice(p, nextDelimiter);
          }
          p = nextDelimiter + 1;
          continue;
        }
        let fieldEnd = nextLf;
        if (fieldEnd === n) {
          if (!final) {
            status = RECORD_INCOMPLETE;
            break;
          }
        } else {
          recordEnd = fieldEnd + 1;
          terminated = true;
          // CRLF: the CR belongs to the line break, not to the value.
          if (fieldEnd > p && s.charCodeAt(fieldEnd - 1) === CR) fieldEnd--;
          contentEnd = fieldEnd;
        }
        if (!want) fields[fieldCount++] = '';
        else if (!decoding) fields[fieldCount++] = s.slice(p, fieldEnd);
        else {
          if (nextNonAscii < p) nextNonAscii = findNonAscii(s, p, asciiBlocks);
          fields[fieldCount++] = nextNonAscii < fieldEnd ? utf8Value(s.slice(p, fieldEnd)) : s.slice(p, fieldEnd);
        }
        break;
      }

      // An incomplete record's text runs to the end of the text (contentEnd is n); a CR there may be the start of
      // the line break that ends the record, which does not count.
      const textEnd = status === RECORD_INCOMPLETE && contentEnd > recordStart && s.charCodeAt(contentEnd - 1) === CR ? contentEnd - 1 : contentEnd;
      const tooLong = chars >= 0 ? chars > max : this.longerThan(max, s, recordStart, textEnd, ascii);
      if (status === RECORD_INCOMPLETE && !tooLong) {
        keepFrom = recordStart;
        line = recordLine;
        break;
      }
      if (status !== RECORD_COMPLETE || tooLong) {
        // Too long whether or not the text ended inside its quotes: the same error however the text came in chunks.
        this.onError(status === RECORD_UNTERMINATED && !tooLong ? 'UNTERMINATED_QUOTE' : 'RECORD_TOO_LARGE', recordLine);
        runawayFrom = recordStart;
        runawayEnd = contentEnd;
        runawayStatus = status;
        runawayTextEnd = textEnd;
        runawayChars = chars;
        // Resume on the physical line after the record's first line, so one runaway quote costs one record.
        const lf = s.indexOf('\n', recordStart);
        if (lf < 0) {
          // Even the first line is not complete: drop the rest of it as it arrives.
          if (!final) this.skippingLine = true;
          line = recordLine;
          break;
        }
        p = lf + 1;
        line = recordLine + 1;
        nextDelimiter = -1;
        nextLf = -1;
        nextNonAscii = -1;
        continue;
      }
      p = recordEnd;
      line += terminated ? linesInside + 1 : linesInside;
      if (malformed) {
        this.onError('TEXT_AFTER_CLOSING_QUOTE', recordLine);
        continue;
      }
      if (fields.length !== fieldCount) fields.length = fieldCount;
      this.onRecord(fields, fieldCount, recordLine);
    }

    this.pending = keepFrom === 0 ? s : keepFrom < n ? s.slice(keepFrom) : '';
    this.pendingAscii = ascii || this.pending.length === 0;
    this.line = line;
    // Look at an incomplete record again only once its text has doubled: keeps a record spread over many chunks
    // linear instead of quadratic. A record kept is at most max long, so at most 2 * max is held before it is
    // found too long.
    this.rescanAt = keepFrom < n ? 2 * (n - keepFrom) : 0;
  }
}

/**
 * Flattens a concatenation in place and returns it. Left as a rope, V8 copies the whole string on every
 * indexOf call, which made scanning several times slower.
 */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}
