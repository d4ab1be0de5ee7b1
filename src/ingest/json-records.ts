// Streaming boundary finder for JSON sign-in exports: yields each record's JSON text from a bare array,
// concatenated arrays, a Graph `value` / diagnostic `records` envelope, the `tables` of a Log Analytics query
// response (each row, after its table's columns), JSON Lines or a single object, without parsing the file, and
// after a broken record finds where the next one starts. It tracks strings,
// escapes and bracket depth only; JSON.parse is the caller's.

export interface JsonRecordScannerOptions {
  /**
   * One record's JSON text (an object, or any value inside a record array) and the 1-based line it starts on.
   * Returning false says the text is not a record (JSON.parse failed, or it is no object): the scanner then
   * skips to where the next record starts, so one broken record costs one record.
   */
  onRecord(text: string, line: number): unknown;
  /** A structural problem: text that is not a record, or a record cut off by the end of the input. */
  onError(message: string, line: number): void;
  /** A key of an envelope object other than the one holding the records (`@odata.nextLink`, ...). */
  onEnvelopeKey?(key: string, line: number): void;
  /**
   * The input ended between records, inside a record array or an envelope that was never closed: a file cut
   * short where no record was cut. `line` is the input's last line. (A record cut by the end is an onError.)
   */
  onUnclosed?(container: UnclosedContainer, line: number): void;
  /**
   * A table of a Log Analytics query response (`{"tables": [{"name": ..., "columns": [...], "rows": [...]}]}`):
   * its text up to its rows array (`{"name": "PrimaryResult", "columns": [...], "rows":`), before its rows.
   */
  onTable?(head: string, line: number): void;
  /** Longest record, in characters, before it is dropped with an error. Default 16 Mi. */
  maxRecordChars?: number;
}

/** What the input ended inside of: a record array (bare or an envelope's), or an envelope after its records. */
export type UnclosedContainer = 'array' | 'envelope';

const DEFAULT_MAX_JSON_RECORD_CHARS = 16 * 1024 * 1024;

/** Keys whose array value makes a top-level object an envelope of records (`tables`: of tables holding rows). */
export const ENVELOPE_KEYS: ReadonlySet<string> = new Set(['value', 'records', 'tables']);
/** The key of a Log Analytics table whose array holds its rows. */
const ROWS_KEY = 'rows';

const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const COMMA = 0x2c; // ,
const COLON = 0x3a; // :
const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const BOM = 0xfeff; // tolerated between top-level values, in case a decoder left one

/** Where the scanner is between values. */
const enum Mode {
  /** Between top-level values: an object (record or envelope), an array of records, or JSON Lines. */
  Top,
  /** Inside a top-level array: each element is a record. */
  Array,
  /** Inside an envelope object, between its keys. */
  EnvelopeKeys,
  /** Inside the envelope's `value` / `records` array (or a table's `rows`): each element is a record. */
  EnvelopeArray,
  /** Inside a Log Analytics response's `tables` array: each element is a table, whose rows are records. */
  TableList,
  /** After stray text or a broken top-level record: dropping lines until one starts with `{` or `[`. */
  SkipLines,
  /** After a broken record in an array: dropping text up to the next place that opens like a record. */
  Seek,
}

/** What the value being scanned will become. */
const enum Purpose {
  /** An element of a record array. */
  Element,
  /** A top-level object: a record, unless it turns out to be an envelope. */
  TopObject,
  /** An envelope's other value, or a record dropped as too large: scanned to its end, not kept. */
  Skipped,
  /** A table of a Log Analytics response: watched for its `rows` array. */
  Table,
}

/**
 * Characters kept from the end of a text in Mode.Seek, in case a record's opening is cut by the chunk boundary; also
 * the longest opening looked for, and how far ahead one is looked for, wherever the input was cut.
 */
const SEEK_CARRY = 4096;
/** The most blanks an indentation has: a longer run of them is no indentation. */
const MAX_INDENT = 1024;

/** What is said of text that follows a record whose brackets closed before its end. */
const TOO_EARLY = 'a bracket closes the record before its end; the rest of it is skipped';

/**
 * A JSON string literal of at most 65,536 characters, as a regular expression: the keys and first values of a
 * record's opening. Bounded because V8 keeps a backtracking entry for each character a repeated group matched,
 * and a string of millions of characters (a damaged or hostile file) overflows that stack, which is an
 * exception, not a failed match.
 */
export const JSON_STRING = String.raw`"(?:[^"\\]|\\.){0,65536}"`;
/** A JSON scalar other than a string: a number, true, false or null. */
const JSON_SCALAR = String.raw`-?[\w.+-]+`;
/** A record's opening: its first key and value, and its second key, with the blanks between them. */
const OPENING = new RegExp(String.raw`^\{(\s*)(${JSON_STRING})\s*:\s*(?:${JSON_STRING}|${JSON_SCALAR})\s*,(\s*)(${JSON_STRING})\s*:`);

/** scanValue results besides "ended at index". */
const NEED_MORE = -1;
const ENVELOPE_FOUND = -2;
const CUT_OFF = -3;

/**
 * Push decoded text in chunks of any size; records come out through the callbacks as soon as they are
 * complete. Memory holds one record (at most `maxRecordChars`) plus one chunk.
 *
 * Tolerated, since real exports have them: a trailing comma before `]` or `}` (removed from the record
 * text so JSON.parse accepts it), commas or a BOM between top-level values. An array or envelope that
 * is never closed at the end of the input, when no record is cut, gives its records and then onUnclosed:
 * the caller decides whether a file cut short there is a warning or an error.
 *
 * A broken record (a quote or bracket missing or extra, text that is not JSON) is reported once, and
 * reading goes on where the next record starts: in an array, the next text that opens as this input's
 * records open (their first two keys, with the same blanks) or, before any was read, the next line
 * indented as the broken one; at the top level, the next line that starts with `{` or `[` indented no
 * more than it. What lies between is the broken record's and is not reported again.
 */
export class JsonRecordScanner {
  private readonly onRecord: JsonRecordScannerOptions['onRecord'];
  private readonly onError: JsonRecordScannerOptions['onError'];
  private readonly onEnvelopeKey: (key: string, line: number) => void;
  private readonly onUnclosed: (container: UnclosedContainer, line: number) => void;
  private readonly onTable: (head: string, line: number) => void;
  private readonly maxRecordChars: number;

  private mode = Mode.Top;
  private records = 0;
  private ended = false;
  /** The end of the input fell inside a value, and onError said so. */
  private endedInsideValue = false;

  // Line tracking over the current text: `line` is the line at index `lineAt`; `nextLf` is the first LF
  // at or after `lineAt` (the text's length when none, -1 when not looked up yet).
  private text = '';
  private line = 1;
  private lineAt = 0;
  private nextLf = -1;
  /** Bumped whenever another text becomes current (a resync reads an object's text again). */
  private textEpoch = 0;
  /** Where the unread part of the current text starts when a cut unit is carried over; -1 when none. */
  private carryFrom = -1;

  /** Text of an envelope key that a chunk boundary cut; the next chunk is appended to it. */
  private unitPrefix = '';
  /** Mode.SkipLines: the last character dropped was a line break (or blanks after one). */
  private atLineStart = false;
  /** Mode.SkipLines: blanks since that line break, and the most a line may be indented to be a record's start. */
  private lineIndent = 0;
  private maxIndent = Number.POSITIVE_INFINITY;
  /** How the records of this input open, learned from a good one. */
  private signature: RegExp | undefined;
  /** Mode.Seek: what the next record's opening looks like, and the mode to resume in there. */
  private seekPattern: RegExp = /\{/g;
  private seekResume = Mode.Array;
  /** A record left unclosed, reported once it is clear whether the input ended inside it (-1: none). */
  private unclosedLine = -1;
  /** Text to read next instead of the rest of the current one (a broken record and what follows it). */
  private restart: string | null = null;
  /** The blanks before index 0 of the current text on its line, or null when something else stands there. */
  private blanksBefore: string | null = '';
  /** The last character before index 0 of the current text that is not blank (0: none). */
  private significantBefore = 0;
  /** The line the last top-level object ended on (0: none yet), its indentation, and a comma after it. */
  private topEndLine = 0;
  private topIndent = 0;
  private commaAfterTop = false;
  /** The last thing read was the `]` of a records array (at the top level or in an envelope, then maybe its `}`). */
  private arrayClosed = false;
  /** That array was an envelope's. */
  private arrayInEnvelope = false;
  /** The line of the `]` that closed the last top-level records array. */
  private arrayEndLine = 0;

  // The value being scanned, carried across chunks.
  private valueActive = false;
  private purpose = Purpose.Element;
  private valueLine = 0;
  /**
   * The blanks before it on its line, or null when it does not open its line: after a broken record the next
   * top-level one starts on a line indented no more, and the next element of a pretty-printed array on a
   * line indented the same.
   */
  private valueIndent: string | null = null;
  /** Its text from earlier chunks (not kept for Purpose.Skipped). */
  private pieces: string[] = [];
  private piecesChars = 0;
  /** Already reported (dropped as too large): no second error at the end of the input. */
  private valueReported = false;
  private depth = 0;
  private inString = false;
  private inScalar = false;
  /** Backslashes ending the previous chunk inside a string: they may escape a quote that opens this one. */
  private backslashCarry = 0;
  /** Last non-blank character outside strings: a comma right before `]` or `}` is a trailing comma. */
  private lastSignificant = 0;
  private trailingComma = false;
  /** Watching a top-level object's own keys for `"value": [` / `"records": [` / `"tables": [` (a table's for `"rows": [`). */
  private watchKeys = false;
  /** 1: a depth-1 string that names an envelope key just closed; 2: and its colon followed. */
  private keyState = 0;
  /** The envelope key that keyState follows: true for `tables`. */
  private tablesKey = false;
  /** The envelope being read is a table of a Log Analytics response (its `}` goes back to the tables). */
  private inTable = false;
  /** Start of a depth-1 string cut by a chunk boundary, if still short enough to be an envelope key. */
  private keyPrefix: string | null = null;
  /** A top-level object's first raw line break was seen (JSON Lines records have none). */
  private sawLineBreak = false;
  /** ...and it was the last character of the previous text, so the next one says whether `{` follows. */
  private lineBreakAtEnd = false;
  private envelopeAt = 0;
  private cutAt = 0;

  constructor(options: JsonRecordScannerOptions) {
    this.onRecord = options.onRecord;
    this.onError = options.onError;
    this.onEnvelopeKey = options.onEnvelopeKey ?? (() => {});
    this.onUnclosed = options.onUnclosed ?? (() => {});
    this.onTable = options.onTable ?? (() => {});
    this.maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_JSON_RECORD_CHARS;
    if (!(this.maxRecordChars >= 1)) throw new RangeError('maxRecordChars must be at least 1');
  }

  /** Records passed to onRecord so far. */
  get recordsSeen(): number {
    return this.records;
  }

  /** Numbers lines from `line` on: for a caller that read the input's first lines itself (json-fast.ts). */
  startOnLine(line: number): void {
    if (this.textEpoch > 0 || this.unitPrefix.length > 0) throw new Error('JsonRecordScanner.startOnLine() after push()');
    this.line = line;
  }

  push(chunk: string): void {
    if (this.ended) throw new Error('JsonRecordScanner.push() after end()');
    if (chunk.length === 0) return;
    let text = chunk;
    if (this.unitPrefix.length > 0) {
      text = flat(this.unitPrefix + chunk);
      this.unitPrefix = '';
    }
    this.drive(text, false);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    const text = this.unitPrefix;
    this.unitPrefix = '';
    this.drive(text, true);
    if (this.endedInsideValue) return;
    if (this.mode === Mode.Array || this.mode === Mode.EnvelopeArray) this.onUnclosed('array', this.line);
    else if (this.mode === Mode.EnvelopeKeys) this.onUnclosed('envelope', this.line);
  }

  private lineOf(position: number): number {
    const text = this.text;
    let nextLf = this.nextLf;
    if (nextLf < this.lineAt) {
      nextLf = text.indexOf('\n', this.lineAt);
      if (nextLf < 0) nextLf = text.length;
    }
    while (nextLf < position) {
      this.line++;
      nextLf = text.indexOf('\n', nextLf + 1);
      if (nextLf < 0) nextLf = text.length;
    }
    this.nextLf = nextLf;
    this.lineAt = position;
    return this.line;
  }

  /** Makes `text` the current text, its index 0 being on `line`. */
  private useText(text: string, line: number): void {
    this.text = text;
    this.line = line;
    this.lineAt = 0;
    this.nextLf = -1;
    this.textEpoch++;
    this.carryFrom = -1;
  }

  /** Leaves `line` at the start of what the next text continues: the end of this one, or a carried unit. */
  private finishText(epoch: number): void {
    if (epoch !== this.textEpoch) return; // a resync already set the line for the text that replaces this one
    const text = this.text;
    const end = this.carryFrom >= 0 ? this.carryFrom : text.length;
    this.blanksBefore = indentBefore(text, end, this.blanksBefore);
    let k = end - 1;
    while (k >= 0 && isBlank(text.charCodeAt(k))) k--;
    if (k >= 0) this.significantBefore = text.charCodeAt(k);
    this.line = this.lineOf(end);
  }

  /**
   * Reads values out of `text` (the next chunk, or a carried unit followed by it). Each value is scanned
   * by scanValue, which can stop at the end of the text and go on in the next one. After a broken record
   * the scanner reads that record's text again followed by the rest (`restart`), looking for the next one.
   */
  private drive(text: string, final: boolean): void {
    let current: string | null = text;
    while (current !== null) {
      this.driveText(current, final);
      current = this.restart;
      this.restart = null;
    }
  }

  private driveText(text: string, final: boolean): void {
    // The line at index 0: wherever the previous text left off.
    this.useText(text, this.line);
    const epoch = this.textEpoch;
    const n = text.length;
    let p = 0;
    if (this.valueActive) p = this.afterValue(0, this.scanValue(text, 0), final);
    while (p >= 0) {
      // Blanks, and commas between values: skipped in every mode but SkipLines and Seek.
      if (this.mode !== Mode.SkipLines && this.mode !== Mode.Seek) {
        while (p < n) {
          const c = text.charCodeAt(p);
          if (c === SPACE || c === LF || c === CR || c === TAB || c === BOM) p++;
          else if (c === COMMA) {
            if (this.mode === Mode.Top) this.commaAfterTop = true;
            p++;
          } else break;
        }
      }
      if (p >= n) break;
      const c = text.charCodeAt(p);
      switch (this.mode) {
        case Mode.Top:
          if (c === OPEN_BRACKET && this.topEndLine > 0 && this.lineOf(p) === this.topEndLine) {
            // An array does not start on the line a top-level object ended on: this is the rest of that record.
            this.onError(TOO_EARLY, this.topEndLine);
            this.skipToLine(this.topIndent);
            continue;
          }
          if (c === OPEN_BRACKET) {
            this.mode = Mode.Array;
            this.arrayClosed = false;
            p++;
            continue;
          }
          if (this.arrayClosed && this.signature !== undefined) {
            // Right after an array of records, anything but an object, or on the `]`'s line an object that does
            // not open as its records do: the rest of a record whose brackets (a quote missing) closed the array
            // (and its envelope) too early. The next record is where records open, in that array.
            const opens = c !== OPEN_BRACE ? false : this.lineOf(p) === this.arrayEndLine ? opensWithin(this.signature, text, p, final) : true;
            if (opens === undefined) {
              // Not known before more of the object is read.
              p = this.carry(p);
              continue;
            }
            if (!opens) {
              this.onError(TOO_EARLY, this.lineOf(p));
              this.mode = this.arrayInEnvelope ? Mode.EnvelopeArray : Mode.Array;
              this.seekFrom(this.signature);
              continue;
            }
          }
          if (c === OPEN_BRACE) {
            this.arrayClosed = false;
            p = this.startValue(p, Purpose.TopObject, final);
            continue;
          }
          {
            const line = this.lineOf(p);
            // Right after a top-level object (on its last line, or after a comma) this is the rest of a
            // document whose brackets closed too early: the next record starts on a line indented no more.
            const tail = this.topEndLine > 0 && (line === this.topEndLine || this.commaAfterTop);
            this.onError(tail ? TOO_EARLY : `expected a JSON object or array, found ${describe(text, p)}`, line);
            this.skipToLine(tail ? this.topIndent : Number.POSITIVE_INFINITY);
          }
          continue;
        case Mode.Array:
        case Mode.EnvelopeArray:
          if (c === CLOSE_BRACKET) {
            // Kept to tell the rest of a record whose brackets closed its array too early from a real end.
            this.arrayClosed = true;
            this.arrayInEnvelope = this.mode === Mode.EnvelopeArray;
            if (this.mode === Mode.Array) this.arrayEndLine = this.lineOf(p);
            this.mode = this.mode === Mode.Array ? Mode.Top : Mode.EnvelopeKeys;
            p++;
            continue;
          }
          if (c === CLOSE_BRACE) {
            // What is left of a record whose brackets closed too early: the next record is where records open.
            this.onError('unexpected "}" between records', this.lineOf(p));
            if (this.signature !== undefined) this.seekFrom(this.signature);
            p++;
            continue;
          }
          p = this.startValue(p, Purpose.Element, final);
          continue;
        case Mode.EnvelopeKeys:
          if (c === CLOSE_BRACE) {
            this.mode = this.inTable ? Mode.TableList : Mode.Top;
            this.inTable = false;
            p++;
            continue;
          }
          p = this.envelopeKey(p, final);
          continue;
        case Mode.TableList:
          if (c === CLOSE_BRACKET) {
            this.mode = Mode.EnvelopeKeys;
            p++;
            continue;
          }
          if (c === OPEN_BRACE) {
            p = this.startValue(p, Purpose.Table, final);
            continue;
          }
          this.onError(`expected a table, found ${describe(text, p)}`, this.lineOf(p));
          this.skipToLine(Number.POSITIVE_INFINITY);
          continue;
        case Mode.SkipLines:
          p = this.skipLines(p);
          continue;
        case Mode.Seek:
          p = this.seek(p, final);
          continue;
      }
    }
    if (final && this.restart === null && this.unclosedLine >= 0) this.reportUnclosed('the input ends inside a record');
    this.finishText(epoch);
  }

  /** Starts scanning the value at `p`; returns where to go on, or -1 when the rest of the text is used. */
  private startValue(p: number, purpose: Purpose, final: boolean): number {
    this.valueActive = true;
    this.purpose = purpose;
    this.valueLine = this.lineOf(p);
    this.valueIndent = indentBefore(this.text, p, this.blanksBefore);
    this.pieces = [];
    this.piecesChars = 0;
    this.valueReported = false;
    this.depth = 0;
    this.inString = false;
    this.inScalar = false;
    this.backslashCarry = 0;
    this.lastSignificant = 0;
    this.trailingComma = false;
    this.watchKeys = purpose === Purpose.TopObject || purpose === Purpose.Table;
    this.keyState = 0;
    this.tablesKey = false;
    this.keyPrefix = null;
    this.sawLineBreak = false;
    this.lineBreakAtEnd = false;
    return this.afterValue(p, this.scanValue(this.text, p), final);
  }

  /**
   * Acts on scanValue's result for the value that started at `start` in the current text (0 when it
   * started in an earlier one). Returns where to go on, or -1 when the rest of the text is used.
   */
  private afterValue(start: number, result: number, final: boolean): number {
    const text = this.text;
    if (result === NEED_MORE && final && this.inScalar) result = text.length; // the input's end ends a number
    if (result >= 0) {
      this.valueActive = false;
      // A value skipped, or a table without rows: nothing to read.
      if (this.purpose === Purpose.Skipped || this.purpose === Purpose.Table) return result;
      const chars = this.piecesChars + (result - start);
      if (chars > this.maxRecordChars) {
        this.tooLarge();
        return result;
      }
      const raw = this.pieces.length === 0 ? text.slice(start, result) : this.pieces.join('') + text.slice(start, result);
      this.pieces = [];
      this.records++;
      if (this.purpose === Purpose.TopObject) {
        this.topEndLine = this.lineOf(result);
        this.topIndent = this.valueIndent?.length ?? 0;
        this.commaAfterTop = false;
      }
      if (this.onRecord(this.trailingComma ? withoutTrailingCommas(raw) : raw, this.valueLine) === false) return this.resync(raw, result);
      if (this.purpose === Purpose.Element) this.learnOpening(raw);
      return result;
    }
    if (result === ENVELOPE_FOUND) {
      this.valueActive = false;
      const head = this.pieces.join('') + text.slice(start, this.envelopeAt);
      this.pieces = [];
      if (this.purpose === Purpose.Table) {
        // A table's name and columns come before its rows.
        this.onTable(head, this.valueLine);
        this.inTable = true;
        this.mode = Mode.EnvelopeArray;
      } else {
        for (const key of topLevelKeys(head)) this.onEnvelopeKey(key.name, this.valueLine + key.lineOffset);
        this.mode = this.tablesKey ? Mode.TableList : Mode.EnvelopeArray;
      }
      return this.envelopeAt + 1;
    }
    if (result === CUT_OFF) {
      // A JSON Lines record whose line ended before the object did: a later line starts the next one (the
      // next, unless a quote missing from this record hid the line break first seen).
      this.valueActive = false;
      this.onError('the record ends before its object is closed', this.valueLine);
      return this.resync(this.pieces.join('') + text.slice(start, this.cutAt), this.cutAt);
    }
    // NEED_MORE: the text ran out inside the value.
    if (this.purpose !== Purpose.Skipped) {
      this.pieces.push(start === 0 ? text : text.slice(start));
      this.piecesChars += text.length - start;
      if (this.piecesChars > this.maxRecordChars) {
        const sofar = this.tooLarge();
        if (this.purpose === Purpose.TopObject || this.signature !== undefined) return this.resync(sofar, text.length);
        // An array element of an input whose records' opening is not known: keep following its brackets,
        // without its text, to the next element.
        this.purpose = Purpose.Skipped;
        this.valueActive = true;
        this.valueReported = true;
      }
    }
    if (!final) return -1;
    // The input ends inside the value: a record cut short, or one whose quote or bracket is missing and
    // that swallowed what follows. Which one is clear once it is known whether another record starts in it.
    this.valueActive = false;
    // A file that ends inside a value was cut inside a record (or has one that swallowed the rest): that record
    // is reported, and the container left open is not also a cut between records.
    this.endedInsideValue = true;
    if (this.purpose === Purpose.Skipped) {
      if (!this.valueReported) this.onError('the input ends inside an envelope value', this.valueLine);
      return -1;
    }
    this.unclosedLine = this.valueLine;
    return this.resync(this.pieces.join(''), text.length);
  }

  /** Reports the value as too large and returns its text so far (for resyncing); drops it. */
  private tooLarge(): string {
    this.onError(`record longer than ${this.maxRecordChars} characters`, this.valueLine);
    const text = this.pieces.join('');
    this.pieces = [];
    this.piecesChars = 0;
    this.valueActive = false;
    return text;
  }

  /**
   * A record went wrong (not JSON, not closed, too long): read its text again, without its opening, and what
   * follows it in the current text, looking for where the next record starts. A top-level record (JSON
   * Lines, a pretty-printed document) is followed by a line starting with `{` or `[` indented no more than
   * it was; a record in an array by the next text that opens the way this input's records open (or, before
   * any was read well, at its own indentation on a line of its own).
   */
  private resync(recordText: string, restFrom: number): number {
    this.pieces = [];
    const rest = restFrom < this.text.length ? this.text.slice(restFrom) : '';
    if (this.purpose === Purpose.TopObject) {
      this.skipToLine(this.valueIndent?.length ?? 0);
    } else {
      this.learnOpening(recordText);
      const pattern = this.signature ?? (this.valueIndent === null ? undefined : lineSignature(this.valueIndent));
      if (pattern === undefined) {
        if (this.unclosedLine >= 0) this.reportUnclosed('the input ends inside a record');
        return restFrom;
      }
      this.seekFrom(pattern);
    }
    // The record's own opening is dropped, so reading it again cannot find itself.
    this.restart = recordText.slice(1) + rest;
    this.line = this.valueLine;
    // Reading goes on right after the record's opening character.
    this.blanksBefore = null;
    this.significantBefore = recordText.charCodeAt(0);
    this.textEpoch++;
    return -1;
  }

  /** Mode.Seek from here, in the current array: the next record opens as `pattern` says. */
  private seekFrom(pattern: RegExp): void {
    this.seekPattern = pattern;
    this.seekResume = this.mode === Mode.EnvelopeArray ? Mode.EnvelopeArray : Mode.Array;
    this.mode = Mode.Seek;
  }

  /** Mode.SkipLines from here: the next record starts on a line indented at most `maxIndent`. */
  private skipToLine(maxIndent: number): void {
    this.mode = Mode.SkipLines;
    this.atLineStart = false;
    this.lineIndent = 0;
    this.maxIndent = maxIndent;
  }

  private reportUnclosed(message: string): void {
    const line = this.unclosedLine;
    this.unclosedLine = -1;
    this.onError(message, line);
  }

  /**
   * How the records of this input open, from one that was read well: its first two keys. The scanner learns
   * it from the first array record that has two keys; a caller that read the first records itself
   * (json-fast.ts) hands them here until one has.
   */
  learnOpening(recordText: string): boolean {
    if (this.signature === undefined) this.signature = openingSignature(recordText);
    return this.signature !== undefined;
  }

  /**
   * Mode.SkipLines: drops text up to a line whose first non-blank character is `{` (the next JSON Lines
   * record or pretty-printed document) or `[` (the next of several concatenated arrays), indented no more
   * than `maxIndent`.
   */
  private skipLines(p: number): number {
    const text = this.text;
    const n = text.length;
    while (p < n) {
      if (this.atLineStart) {
        const c = text.charCodeAt(p);
        if (c === SPACE || c === TAB) {
          this.lineIndent++;
          p++;
          continue;
        }
        if (c === CR || c === LF || c === BOM) {
          if (c === LF) this.lineIndent = 0;
          p++;
          continue;
        }
        this.atLineStart = false;
        if ((c === OPEN_BRACE || c === OPEN_BRACKET) && this.lineIndent <= this.maxIndent) {
          this.mode = Mode.Top;
          if (this.unclosedLine >= 0) this.reportUnclosed('the record is not closed before the next one starts (a quote or bracket is missing)');
          return p;
        }
      }
      const lf = text.indexOf('\n', p);
      if (lf < 0) return n;
      p = lf + 1;
      this.atLineStart = true;
      this.lineIndent = 0;
    }
    return p;
  }

  /**
   * Mode.Seek: drops text up to the next place that opens the way this input's records open, after a comma
   * or an array's bracket. The end of a text may hold the start of such an opening: it is carried into the
   * next chunk.
   */
  private seek(p: number, final: boolean): number {
    const text = this.text;
    const pattern = this.seekPattern;
    pattern.lastIndex = p;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      // An opening longer than what is carried from one text to the next is not taken, so that where the input
      // was cut into chunks cannot matter.
      if (match[0].length <= SEEK_CARRY && opensElement(text, match.index, this.significantBefore)) {
        this.mode = this.seekResume;
        if (this.unclosedLine >= 0) this.reportUnclosed('the record is not closed before the next one starts (a quote or bracket is missing)');
        return match.index;
      }
      pattern.lastIndex = match.index + 1;
    }
    if (final) return text.length;
    // An opening may start in the last SEEK_CARRY characters and end in the next text.
    return this.carry(Math.max(p, text.length - SEEK_CARRY));
  }

  /** Carries the current text from `start` into the next one (a unit the chunk boundary cut); returns -1. */
  private carry(start: number): number {
    this.carryFrom = start;
    this.unitPrefix = this.text.slice(start);
    return -1;
  }

  /**
   * Mode.EnvelopeKeys at `p`: one `"key": value` pair. The records key opens Mode.EnvelopeArray; other
   * keys are reported and their values skipped. Returns where to go on, or -1 when the text is used up.
   */
  private envelopeKey(p: number, final: boolean): number {
    const text = this.text;
    const n = text.length;
    const keyStart = p;
    if (text.charCodeAt(p) !== QUOTE) return this.badEnvelope(p, `expected a key, found ${describe(text, p)}`);
    const keyEnd = stringEnd(text, p + 1);
    let i = keyEnd + 1;
    while (keyEnd >= 0 && i < n && isBlank(text.charCodeAt(i))) i++;
    if (keyEnd < 0 || i >= n) return this.keepUnit(keyStart, final);
    if (text.charCodeAt(i) !== COLON) return this.badEnvelope(i, `expected ":" after a key, found ${describe(text, i)}`, keyStart);
    i++;
    while (i < n && isBlank(text.charCodeAt(i))) i++;
    if (i >= n) return this.keepUnit(keyStart, final);
    const key = decodeKey(text.slice(keyStart, keyEnd + 1));
    this.arrayClosed = false;
    if (text.charCodeAt(i) === OPEN_BRACKET && (this.inTable ? key === ROWS_KEY : ENVELOPE_KEYS.has(key))) {
      this.mode = key === 'tables' ? Mode.TableList : Mode.EnvelopeArray;
      return i + 1;
    }
    this.onEnvelopeKey(key, this.lineOf(keyStart));
    return this.startValue(i, Purpose.Skipped, final);
  }

  /** An envelope key cut by the end of the text: carry it into the next chunk. */
  private keepUnit(start: number, final: boolean): number {
    const rest = this.text.length - start;
    if (final || rest > this.maxRecordChars) {
      return this.badEnvelope(start, final ? 'the input ends inside the envelope' : 'envelope key too long');
    }
    return this.carry(start);
  }

  /** A broken envelope at `p`; reading goes on from `from` (where the broken key started). */
  private badEnvelope(p: number, message: string, from = p): number {
    const signature = this.arrayClosed ? this.signature : undefined;
    if (signature !== undefined) {
      // Right after the records array: the rest of a record whose brackets closed the array too early. It is
      // said where that rest starts, and reading goes on from there: the line count, which only moves forward,
      // must not have gone past it.
      this.onError(TOO_EARLY, this.lineOf(from));
      this.mode = Mode.EnvelopeArray;
      this.seekFrom(signature);
      return from;
    }
    this.onError(message, this.lineOf(p));
    this.skipToLine(Number.POSITIVE_INFINITY);
    return p;
  }

  /**
   * Scans the value from `i` to its end: returns the index just past it, NEED_MORE at the end of the text
   * (the state is kept, so the next text continues it), ENVELOPE_FOUND or CUT_OFF. Strings are jumped
   * over with indexOf; only the characters between them are looked at one by one.
   */
  private scanValue(text: string, i: number): number {
    const n = text.length;
    let depth = this.depth;
    let lastSignificant = this.lastSignificant;
    let keyState = this.keyState;
    const watchKeys = this.watchKeys;

    if (this.lineBreakAtEnd) {
      this.lineBreakAtEnd = false;
      if (i < n && text.charCodeAt(i) === OPEN_BRACE) {
        this.cutAt = i;
        return CUT_OFF;
      }
    }
    if (this.inString) {
      // Continue a string that the previous text cut.
      let j = text.indexOf('"', i);
      while (j >= 0 && isEscaped(text, j, this.backslashCarry)) j = text.indexOf('"', j + 1);
      if (j < 0) {
        const run = trailingBackslashes(text);
        this.backslashCarry = run === n ? this.backslashCarry + n : run;
        if (this.keyPrefix !== null) this.keyPrefix = this.keyPrefix.length + n <= 7 ? this.keyPrefix + text : null;
        return NEED_MORE;
      }
      this.inString = false;
      this.backslashCarry = 0;
      if (watchKeys && depth === 1) {
        keyState = this.keyPrefix !== null && this.envelopeKeyNamed(this.keyPrefix + text.slice(0, j)) ? 1 : 0;
      }
      this.keyPrefix = null;
      lastSignificant = QUOTE;
      i = j + 1;
      if (depth === 0) return this.saveScan(i, depth, lastSignificant, keyState);
    }
    if (this.inScalar) {
      i = scalarEnd(text, i);
      if (i === n) return NEED_MORE;
      this.inScalar = false;
      return i;
    }

    if (depth === 0 && i < n) {
      const c = text.charCodeAt(i);
      if (c !== QUOTE && c !== OPEN_BRACE && c !== OPEN_BRACKET) {
        // A bare number or literal: it ends at a delimiter or a blank.
        i = scalarEnd(text, i);
        if (i < n) return i;
        this.inScalar = true;
        return NEED_MORE;
      }
    }
    // Ordered by how often each character comes up between strings in minified sign-in records.
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        let j = text.indexOf('"', i + 1);
        if (j > 0 && text.charCodeAt(j - 1) === BACKSLASH) {
          while (j >= 0 && isEscaped(text, j, 0)) j = text.indexOf('"', j + 1);
        }
        if (j < 0) {
          this.inString = true;
          this.backslashCarry = trailingBackslashes(text);
          this.keyPrefix = watchKeys && depth === 1 && n - i - 1 <= 7 ? text.slice(i + 1) : null;
          return this.saveScan(NEED_MORE, depth, lastSignificant, keyState);
        }
        if (watchKeys && depth === 1) keyState = this.isEnvelopeKey(text, i + 1, j) ? 1 : 0;
        lastSignificant = QUOTE;
        i = j + 1;
        if (depth === 0) return this.saveScan(i, depth, lastSignificant, keyState);
        continue;
      }
      if (c === COLON || c === COMMA) {
        if (keyState !== 0) keyState = keyState === 1 && c === COLON ? 2 : 0;
        lastSignificant = c;
        i++;
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (keyState !== 0) {
          if (keyState === 2 && c === OPEN_BRACKET) {
            this.envelopeAt = i;
            return ENVELOPE_FOUND;
          }
          keyState = 0;
        }
        depth++;
        lastSignificant = c;
        i++;
        continue;
      }
      if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (lastSignificant === COMMA) this.trailingComma = true;
        keyState = 0;
        lastSignificant = c;
        i++;
        if (--depth === 0) return this.saveScan(i, depth, lastSignificant, keyState);
        continue;
      }
      if (c === SPACE || c === LF || c === CR || c === TAB) {
        if (c === LF && this.purpose === Purpose.TopObject && !this.sawLineBreak) {
          // JSON Lines records hold no raw line break. If an object's first one is followed by `{`,
          // the object was cut off and that `{` starts the next record.
          this.sawLineBreak = true;
          if (i + 1 === n) this.lineBreakAtEnd = true;
          else if (text.charCodeAt(i + 1) === OPEN_BRACE) {
            this.cutAt = i + 1;
            return CUT_OFF;
          }
        }
        i++;
        continue;
      }
      // Digits, letters of true/false/null, anything else inside the value.
      keyState = 0;
      lastSignificant = c;
      i++;
    }
    return this.saveScan(NEED_MORE, depth, lastSignificant, keyState);
  }

  /**
   * Whether text[from, to) names the records of the value being watched, without slicing it out: `value`,
   * `records` or `tables` in a top-level object, `rows` in a table. Notes whether it was `tables`.
   */
  private isEnvelopeKey(text: string, from: number, to: number): boolean {
    const length = to - from;
    if (this.purpose === Purpose.Table) return length === 4 && text.startsWith(ROWS_KEY, from);
    this.tablesKey = length === 6 && text.startsWith('tables', from);
    return this.tablesKey || (length === 5 && text.startsWith('value', from)) || (length === 7 && text.startsWith('records', from));
  }

  /** The same for a key that a chunk boundary cut, put together. */
  private envelopeKeyNamed(key: string): boolean {
    return this.isEnvelopeKey(key, 0, key.length);
  }

  private saveScan(result: number, depth: number, lastSignificant: number, keyState: number): number {
    this.depth = depth;
    this.lastSignificant = lastSignificant;
    this.keyState = keyState;
    return result;
  }
}

function flat(text: string): string {
  // Flattens a concatenation in place; left as a rope, V8 copies it on every indexOf call.
  text.charCodeAt(0);
  return text;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c === TAB;
}

/** Whether the quote at `j` is escaped: an odd run of backslashes before it (plus `carry` if the run reaches index 0). */
function isEscaped(text: string, j: number, carry: number): boolean {
  let k = j - 1;
  while (k >= 0 && text.charCodeAt(k) === BACKSLASH) k--;
  let run = j - 1 - k;
  if (k < 0) run += carry;
  return (run & 1) === 1;
}

function trailingBackslashes(text: string): number {
  let k = text.length - 1;
  while (k >= 0 && text.charCodeAt(k) === BACKSLASH) k--;
  return text.length - 1 - k;
}

/** Index of the quote closing the string whose content starts at `from`, or -1. */
function stringEnd(text: string, from: number): number {
  let j = text.indexOf('"', from);
  while (j >= 0 && isEscaped(text, j, 0)) j = text.indexOf('"', j + 1);
  return j;
}

/** End of a bare number or literal starting at `i`. */
function scalarEnd(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || isBlank(c)) break;
    i++;
  }
  return i;
}

function decodeKey(literal: string): string {
  if (literal.indexOf('\\') < 0) return literal.slice(1, -1);
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

/** The character at `p`, for messages (only one: the text may end right after it). */
function describe(text: string, p: number): string {
  return JSON.stringify(text.charAt(p));
}

/**
 * The keys of the object that `head` opens, up to where it was cut (at the records array): each with
 * its line offset from the object's first line. Rarely called (once per envelope), so kept simple.
 */
function topLevelKeys(head: string): { name: string; lineOffset: number }[] {
  const keys: { name: string; lineOffset: number }[] = [];
  let depth = 0;
  let lineOffset = 0;
  let expectKey = false;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c === LF) lineOffset++;
    else if (c === QUOTE) {
      const end = stringEnd(head, i + 1);
      if (end < 0) break;
      if (depth === 1 && expectKey) keys.push({ name: decodeKey(head.slice(i, end + 1)), lineOffset });
      expectKey = false;
      i = end;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      expectKey = depth === 1;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
    else if (c === COMMA && depth === 1) expectKey = true;
  }
  // The last key is the records key itself.
  keys.pop();
  return keys;
}

/** Removes commas that are directly (blanks aside) followed by `]` or `}`, outside strings. */
export function withoutTrailingCommas(text: string): string {
  const parts: string[] = [];
  let copiedTo = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i + 1);
      if (end < 0) break;
      i = end;
    } else if (c === COMMA) {
      let k = i + 1;
      while (k < text.length && isBlank(text.charCodeAt(k))) k++;
      const next = text.charCodeAt(k);
      if (next === CLOSE_BRACKET || next === CLOSE_BRACE) {
        parts.push(text.slice(copiedTo, i));
        copiedTo = i + 1;
      }
    }
  }
  parts.push(text.slice(copiedTo));
  return parts.join('');
}

/**
 * Where records open the way this one does: its first two keys, with the same blanks before them (so the
 * nested objects of a pretty-printed record, indented further, do not look like records). Undefined for a
 * record that does not open with two keys.
 */
function openingSignature(recordText: string): RegExp | undefined {
  const match = OPENING.exec(recordText);
  if (match === null) return undefined;
  const [, before, firstKey, between, secondKey] = match;
  return new RegExp(
    String.raw`\{${escapeRegExp(before!)}${escapeRegExp(firstKey!)}\s*:\s*(?:${JSON_STRING}|${JSON_SCALAR})\s*,${escapeRegExp(between!)}${escapeRegExp(secondKey!)}\s*:`,
    'g',
  );
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether a record opens at `at` as `pattern` says, looking at most SEEK_CARRY characters ahead; undefined when
 * that is not yet known (no match in fewer characters than that, and more text to come).
 */
function opensWithin(pattern: RegExp, text: string, at: number, final: boolean): boolean | undefined {
  const ahead = text.slice(at, at + SEEK_CARRY);
  pattern.lastIndex = 0;
  if (pattern.exec(ahead)?.index === 0) return true;
  return final || ahead.length === SEEK_CARRY ? false : undefined;
}

/**
 * Whether the `{` at `at` starts an array element: a comma or an opening bracket before it (blanks aside).
 * `before` is the last character before the text that is not blank (0: none, at the input's start).
 */
function opensElement(text: string, at: number, before: number): boolean {
  let k = at - 1;
  while (k >= 0 && isBlank(text.charCodeAt(k))) k--;
  const c = k < 0 ? before : text.charCodeAt(k);
  return c === 0 || c === COMMA || c === OPEN_BRACKET;
}

/**
 * The blanks before text[p] on its line when only blanks precede it there, else null (also for more than
 * MAX_INDENT blanks). `before` is what stands before text[0] on its line: the blanks there, or null when something
 * else does or it is unknown.
 */
export function indentBefore(text: string, p: number, before: string | null): string | null {
  let k = p - 1;
  while (k >= 0 && p - k <= MAX_INDENT && (text.charCodeAt(k) === SPACE || text.charCodeAt(k) === TAB)) k--;
  if (k < 0) return before === null || before.length + p > MAX_INDENT ? null : before + text.slice(0, p);
  return text.charCodeAt(k) === LF ? text.slice(k + 1, p) : null;
}

/** A record that opens its own line after these blanks, as the records of a pretty-printed array do. */
function lineSignature(indent: string): RegExp {
  return new RegExp(String.raw`(?<=\n${escapeRegExp(indent)})\{`, 'g');
}
