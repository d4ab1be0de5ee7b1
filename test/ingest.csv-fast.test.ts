// The fast CSV tokenizer: checked record for record against csv-parse (the reference) on random CSV, then error
// kinds, resync and chunking by hand, and on damaged input against a naive model of its own rules (csv-parse
// repairs what it reports), with the work a long run of runaway quotes costs.
import { parse, type Options } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_ERROR_KINDS, CsvTokenizer, type CsvErrorKind } from '../src/ingest/csv-fast.js';

type Event = { record: string[]; line: number } | { error: CsvErrorKind; line: number };

interface RunOptions {
  delimiter?: string;
  maxRecordChars?: number;
  /** Lengths of the chunks to cut the text into (cycled); the whole text at once when absent. */
  cuts?: readonly number[];
  /** Applied after the first record, as the ingest layer does after reading the header. */
  maskAfterHeader?: readonly boolean[];
}

function tokenize(text: string, options: RunOptions = {}): Event[] {
  const events: Event[] = [];
  let first = true;
  const tokenizer: CsvTokenizer = new CsvTokenizer({
    delimiter: options.delimiter ?? ',',
    ...(options.maxRecordChars === undefined ? {} : { maxRecordChars: options.maxRecordChars }),
    onRecord(fields, fieldCount, line) {
      expect(fields.length).toBe(fieldCount);
      events.push({ record: fields.slice(0, fieldCount), line });
      if (first && options.maskAfterHeader) tokenizer.setColumnMask(options.maskAfterHeader);
      first = false;
    },
    onError(error, line) {
      events.push({ error, line });
    },
  });
  pushInChunks(tokenizer, text, options.cuts);
  tokenizer.end();
  return events;
}

function pushInChunks(tokenizer: { push(chunk: string): void }, text: string, cuts: readonly number[] | undefined): void {
  if (cuts === undefined || cuts.length === 0) {
    tokenizer.push(text);
    return;
  }
  let at = 0;
  for (let i = 0; at < text.length; i++) {
    const size = cuts[i % cuts.length]!;
    tokenizer.push(text.slice(at, at + size));
    at += size;
  }
}

const records = (events: Event[]) => events.map((event) => ('record' in event ? event.record : event));

// ---------------------------------------------------------------------------------------------------------
// Random CSV in the dialect both parsers share: every quoted field is followed by a delimiter, a line
// break or the end, so csv-parse's relax_quotes repair never applies (the tokenizer reports that case).

interface Cell {
  readonly value: string;
  readonly quoted: boolean;
}

const DELIMITERS = [',', ';', '\t'] as const;
const LINE_BREAKS = ['\n', '\r\n'] as const;
// Every delimiter appears as data, plus quotes, line breaks, a no-break space, Latin-1 and non-Latin-1 text.
const CHARS = ['a', 'b', 'Z', '0', ' ', ',', ';', '\t', '"', '\r', '\n', '\r\n', '\u00a0', 'é', '€', '😀'] as const;

function cellArbitrary(delimiter: string): fc.Arbitrary<Cell> {
  const anyText = fc.array(fc.constantFrom(...CHARS), { maxLength: 8 }).map((parts) => parts.join(''));
  const quoted = anyText.map((value) => ({ value, quoted: true }));
  // Unquoted text cannot hold the delimiter or line breaks, and a leading quote would open a quoted field.
  const unquoted = anyText
    .map((value) =>
      value
        .split(delimiter)
        .join('')
        .replace(/[\r\n]/g, ''),
    )
    .filter((value) => !value.startsWith('"'))
    .map((value) => ({ value, quoted: false }));
  return fc.oneof(unquoted, quoted);
}

interface CsvCase {
  readonly delimiter: string;
  readonly lineBreak: string;
  /** null is an empty line. */
  readonly rows: readonly (readonly Cell[] | null)[];
  readonly finalLineBreak: boolean;
  readonly cuts: readonly number[];
}

const csvCase: fc.Arbitrary<CsvCase> = fc
  .record({ delimiter: fc.constantFrom(...DELIMITERS), lineBreak: fc.constantFrom(...LINE_BREAKS) })
  .chain(({ delimiter, lineBreak }) =>
    fc.record({
      delimiter: fc.constant(delimiter),
      lineBreak: fc.constant(lineBreak),
      // Ragged rows: 1 to 6 fields each.
      rows: fc.array(fc.option(fc.array(cellArbitrary(delimiter), { minLength: 1, maxLength: 6 }), { freq: 8 }), {
        maxLength: 12,
      }),
      finalLineBreak: fc.boolean(),
      cuts: fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 6 }),
    }),
  );

function serialize(c: CsvCase): string {
  const lines = c.rows.map((row) =>
    row === null ? '' : row.map((cell) => (cell.quoted ? `"${cell.value.replaceAll('"', '""')}"` : cell.value)).join(c.delimiter),
  );
  return lines.join(c.lineBreak) + (c.finalLineBreak && lines.length > 0 ? c.lineBreak : '');
}

/**
 * csv-parse as the reference, with start lines converted to physical lines. csv-parse's `info.lines` is
 * the line a record *ends* on, and its counter also counts every CR inside a value as a line break (so a
 * CRLF inside quotes counts twice). Physical lines count LF only; the values hold exactly the CRs and LFs
 * csv-parse counted, so subtract them.
 */
function referenceEvents(text: string, delimiter: string): Event[] {
  const parsed = parseWithInfo(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true });
  let crsSoFar = 0;
  return parsed.map(({ record, info }) => {
    const joined = record.join('');
    crsSoFar += count(joined, '\r');
    const endLine = info.lines - crsSoFar;
    return { record, line: endLine - count(joined, '\n') };
  });
}

/** csv-parse with `info: true`, which its typings do not model: each record comes as { record, info }. */
function parseWithInfo(text: string, options: Options): { record: string[]; info: { lines: number } }[] {
  return parse(text, { ...options, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
}

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) n++;
  return n;
}

describe('CsvTokenizer against csv-parse', () => {
  it('gives the same records and start lines on random CSV cut into random chunks', () => {
    fc.assert(
      fc.property(csvCase, (c) => {
        const text = serialize(c);
        expect(tokenize(text, { delimiter: c.delimiter, cuts: c.cuts })).toEqual(referenceEvents(text, c.delimiter));
      }),
      { numRuns: 3000 },
    );
  });

  it('materializes only the masked columns, and still reports the real field count', () => {
    fc.assert(
      fc.property(csvCase, fc.array(fc.boolean(), { maxLength: 7 }), (c, mask) => {
        const text = serialize(c);
        const expected = referenceEvents(text, c.delimiter).map((event, index) =>
          index === 0 || !('record' in event) ? event : { ...event, record: event.record.map((value, column) => (mask[column] ? value : '')) },
        );
        expect(tokenize(text, { delimiter: c.delimiter, cuts: c.cuts, maskAfterHeader: mask })).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('checks that the line conversion above is needed and right on a known case', () => {
    const text = 'a,"x\r\ny"\r\n\r\nb,c\r\n';
    expect(parseWithInfo(text, { skip_empty_lines: true }).map((r) => r.info.lines)).toEqual([3, 5]);
    expect(tokenize(text)).toEqual([
      { record: ['a', 'x\r\ny'], line: 1 },
      { record: ['b', 'c'], line: 4 },
    ]);
  });
});

describe('CsvTokenizer quoting', () => {
  it('undoubles quotes and keeps delimiters and line breaks inside quotes', () => {
    expect(records(tokenize('"a ""b"" c","x,y","1\n2","3\r\n4"\n'))).toEqual([['a "b" c', 'x,y', '1\n2', '3\r\n4']]);
  });

  it('keeps a lone CR inside a quoted field and in an unquoted one', () => {
    expect(records(tokenize('"a\rb",c\rd\n'))).toEqual([['a\rb', 'c\rd']]);
  });

  it('keeps a quote inside an unquoted field as text', () => {
    expect(records(tokenize('ab"c,d"e,5" disk\nx\n'))).toEqual([['ab"c', 'd"e', '5" disk'], ['x']]);
  });

  it('reads empty fields, quoted empties and a missing final line break', () => {
    expect(records(tokenize(',,\n"",x,""\r\nlast'))).toEqual([['', '', ''], ['', 'x', ''], ['last']]);
  });

  it('splits on any single-character delimiter', () => {
    expect(records(tokenize('a|"b|c"|d\n', { delimiter: '|' }))).toEqual([['a', 'b|c', 'd']]);
    expect(records(tokenize('a\t"b\tc"\n', { delimiter: '\t' }))).toEqual([['a', 'b\tc']]);
  });

  it('rejects a delimiter that is not one plain character', () => {
    const options = { onRecord() {}, onError() {} };
    expect(() => new CsvTokenizer({ ...options, delimiter: ',,' })).toThrow(RangeError);
    expect(() => new CsvTokenizer({ ...options, delimiter: '"' })).toThrow(RangeError);
    expect(() => new CsvTokenizer({ ...options, delimiter: '\n' })).toThrow(RangeError);
  });
});

describe('CsvTokenizer lines', () => {
  it('skips empty lines (LF and CRLF) and reports physical start lines', () => {
    expect(tokenize('\nh1,h2\n\r\n\na,"multi\nline"\nb,c\n\n')).toEqual([
      { record: ['h1', 'h2'], line: 2 },
      { record: ['a', 'multi\nline'], line: 5 },
      { record: ['b', 'c'], line: 7 },
    ]);
  });

  it('treats a line of only spaces as a record, like csv-parse', () => {
    expect(records(tokenize('a\n \nb\n'))).toEqual([['a'], [' '], ['b']]);
  });
});

describe('CsvTokenizer errors and resync', () => {
  it('has one error kind per documented failure', () => {
    expect([...CSV_ERROR_KINDS].sort()).toEqual(['RECORD_TOO_LARGE', 'TEXT_AFTER_CLOSING_QUOTE', 'UNTERMINATED_QUOTE']);
  });

  it('TEXT_AFTER_CLOSING_QUOTE skips the record up to its line end outside quotes', () => {
    expect(tokenize('h\n"a"b,c\nd\n')).toEqual([
      { record: ['h'], line: 1 },
      { error: 'TEXT_AFTER_CLOSING_QUOTE', line: 2 },
      { record: ['d'], line: 3 },
    ]);
    // The broken record goes on through a later quoted line break; the next record starts after it.
    expect(tokenize('"a" ,"b\nc"\nd\n')).toEqual([
      { error: 'TEXT_AFTER_CLOSING_QUOTE', line: 1 },
      { record: ['d'], line: 3 },
    ]);
    // A lone CR after a closing quote is text too.
    expect(tokenize('"a"\rb\nc')).toEqual([
      { error: 'TEXT_AFTER_CLOSING_QUOTE', line: 1 },
      { record: ['c'], line: 2 },
    ]);
  });

  it('UNTERMINATED_QUOTE reports the record and re-reads the lines its quote swallowed', () => {
    expect(tokenize('h\nx,"never closed\ny,1\nz,2\n')).toEqual([
      { record: ['h'], line: 1 },
      { error: 'UNTERMINATED_QUOTE', line: 2 },
      { record: ['y', '1'], line: 3 },
      { record: ['z', '2'], line: 4 },
    ]);
    expect(tokenize('a\n"')).toEqual([
      { record: ['a'], line: 1 },
      { error: 'UNTERMINATED_QUOTE', line: 2 },
    ]);
  });

  it('RECORD_TOO_LARGE drops a long record and resumes on the line after its first line', () => {
    const long = 'x'.repeat(50);
    expect(tokenize(`a\n${long}\nb\n`, { maxRecordChars: 20 })).toEqual([
      { record: ['a'], line: 1 },
      { error: 'RECORD_TOO_LARGE', line: 2 },
      { record: ['b'], line: 3 },
    ]);
    // A runaway quote costs one record, not the rest of the file.
    const swallowed = Array.from({ length: 10 }, (_, i) => `row${i},v`).join('\n');
    const events = tokenize(`h\nbroken,"oops\n${swallowed}\n`, { maxRecordChars: 30, cuts: [7] });
    expect(events[1]).toEqual({ error: 'RECORD_TOO_LARGE', line: 2 });
    expect(events.slice(2)).toEqual(Array.from({ length: 10 }, (_, i) => ({ record: [`row${i}`, 'v'], line: i + 3 })));
  });

  it('a record of exactly maxRecordChars is fine (the line break does not count)', () => {
    expect(tokenize('abcde\r\nabcdef\n', { maxRecordChars: 5 })).toEqual([
      { record: ['abcde'], line: 1 },
      { error: 'RECORD_TOO_LARGE', line: 2 },
    ]);
  });

  it('reports an oversized record while it streams in, without buffering the rest of the file', () => {
    const errors: number[] = [];
    const tokenizer = new CsvTokenizer({
      delimiter: ',',
      maxRecordChars: 1000,
      onRecord() {},
      onError: (_kind, line) => errors.push(line),
    });
    tokenizer.push('h\n"');
    for (let i = 0; i < 100 && errors.length === 0; i++) tokenizer.push('y'.repeat(100));
    expect(errors).toEqual([2]);
    // One endless line: dropped as it arrives until its LF, then reading goes on.
    const seen: Event[] = [];
    const endless = new CsvTokenizer({
      delimiter: ',',
      maxRecordChars: 100,
      onRecord: (fields, n, line) => seen.push({ record: fields.slice(0, n), line }),
      onError: (error, line) => seen.push({ error, line }),
    });
    for (let i = 0; i < 1000; i++) endless.push('z'.repeat(64));
    expect(seen).toEqual([{ error: 'RECORD_TOO_LARGE', line: 1 }]);
    endless.push('zz\nnext,1\n');
    endless.end();
    expect(seen).toEqual([
      { error: 'RECORD_TOO_LARGE', line: 1 },
      { record: ['next', '1'], line: 2 },
    ]);
  });
});

describe('CsvTokenizer chunking', () => {
  // Splits inside quotes, between CR and LF, inside "" and right after a closing quote.
  const tricky = 'h1,h2\r\n"a""b","c\r\nd"\r\n"",x\r\n"e""",f"g\r\n\r\n"h\r",i\r\nlast,"q"';

  it('gives the same events for every two- and three-way split of a tricky input', () => {
    const whole = tokenize(tricky);
    expect(records(whole)).toEqual([
      ['h1', 'h2'],
      ['a"b', 'c\r\nd'],
      ['', 'x'],
      ['e"', 'f"g'],
      ['h\r', 'i'],
      ['last', 'q'],
    ]);
    for (let i = 1; i < tricky.length; i++) {
      for (let j = i; j < tricky.length; j++) {
        const events: Event[] = [];
        const tokenizer = new CsvTokenizer({
          delimiter: ',',
          onRecord: (fields, n, line) => events.push({ record: fields.slice(0, n), line }),
          onError: (error, line) => events.push({ error, line }),
        });
        tokenizer.push(tricky.slice(0, i));
        tokenizer.push(tricky.slice(i, j));
        tokenizer.push(tricky.slice(j));
        tokenizer.end();
        expect(events, `split at ${i}, ${j}`).toEqual(whole);
      }
    }
  });

  it('reads a multi-line record that spans many small chunks', () => {
    const value = Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n');
    const text = `a,"${value}",b\nnext\n`;
    expect(tokenize(text, { cuts: [13] })).toEqual([
      { record: ['a', value, 'b'], line: 1 },
      { record: ['next'], line: 2001 },
    ]);
  });

  it('counts the characters pushed', () => {
    const tokenizer = new CsvTokenizer({ delimiter: ',', onRecord() {}, onError() {} });
    tokenizer.push('a,b\n');
    tokenizer.push('"c');
    expect(tokenizer.bytesSeen).toBe(6);
  });

  it('takes a column mask from the next record on, and null restores every column', () => {
    const seen: string[][] = [];
    const tokenizer: CsvTokenizer = new CsvTokenizer({
      delimiter: ',',
      onRecord(fields, n) {
        seen.push(fields.slice(0, n));
        if (seen.length === 1) tokenizer.setColumnMask([false, true]);
        if (seen.length === 2) tokenizer.setColumnMask(null);
      },
      onError() {},
    });
    tokenizer.push('a,b,c\n"d",e,f\ng,"h",i\n');
    tokenizer.end();
    expect(seen).toEqual([
      ['a', 'b', 'c'],
      ['', 'e', ''],
      ['g', 'h', 'i'],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Damaged input, where csv-parse repairs and the tokenizer reports: held to a naive model of the record rules
// (the class comment in csv-fast.ts), which reads the whole text one character at a time.

/** The tokenizer's events for `text`, as the rules define them, measuring lengths in UTF-16 code units. */
function modelEvents(text: string, max: number): Event[] {
  const events: Event[] = [];
  const n = text.length;
  let p = 0;
  let line = 1;
  while (p < n) {
    if (text[p] === '\n') {
      p++;
      line++;
      continue;
    }
    if (text[p] === '\r' && text[p + 1] === '\n') {
      p += 2;
      line++;
      continue;
    }
    const start = p;
    const fields: string[] = [];
    let malformed = false;
    let unterminated = false;
    let contentEnd = n; // before the line break that ends the record; n when the text ends it
    let end = n;
    let linesInside = 0;
    record: for (;;) {
      if (text[p] === '"') {
        let value = '';
        let q = p + 1;
        for (;;) {
          if (q >= n) {
            unterminated = true;
            break record;
          }
          if (text[q] === '"') {
            if (text[q + 1] !== '"') break;
            value += '"';
            q += 2;
            continue;
          }
          if (text[q] === '\n') linesInside++;
          value += text[q++];
        }
        fields.push(value);
        p = q + 1;
        if (p === n || (text[p] === '\r' && p + 1 === n)) break;
        if (text[p] === ',') {
          p++;
          continue;
        }
        const lineBreak = text[p] === '\n' ? 1 : text[p] === '\r' && text[p + 1] === '\n' ? 2 : 0;
        if (lineBreak > 0) {
          contentEnd = p;
          end = p + lineBreak;
          break;
        }
        // Text after the closing quote: the record reads on as unquoted text, and is reported.
        malformed = true;
        fields.pop();
      }
      let q = p;
      while (q < n && text[q] !== ',' && text[q] !== '\n') q++;
      if (text[q] === ',') {
        fields.push(text.slice(p, q));
        p = q + 1;
        continue;
      }
      let fieldEnd = q;
      if (q < n) {
        end = q + 1;
        if (q > p && text[q - 1] === '\r') fieldEnd--;
        contentEnd = fieldEnd;
      }
      fields.push(text.slice(p, fieldEnd));
      break;
    }
    const tooLong = contentEnd - start > max;
    if (unterminated || tooLong) {
      events.push({ error: unterminated && !tooLong ? 'UNTERMINATED_QUOTE' : 'RECORD_TOO_LARGE', line });
      // Resume on the line after the record's first line.
      const lf = text.indexOf('\n', start);
      if (lf < 0) break;
      p = lf + 1;
      line++;
      continue;
    }
    events.push(malformed ? { error: 'TEXT_AFTER_CLOSING_QUOTE', line } : { record: fields, line });
    line += linesInside + (contentEnd < n ? 1 : 0);
    p = end;
  }
  return events;
}

/** The events of the text given as UTF-8 bytes, one byte per character (decode.ts Utf8Chunk), cut into chunks. */
function tokenizeBytes(text: string, max: number, cuts: readonly number[]): Event[] {
  const events: Event[] = [];
  const tokenizer = new CsvTokenizer({
    delimiter: ',',
    maxRecordChars: max,
    utf8Bytes: true,
    onRecord: (fields, n, line) => events.push({ record: fields.slice(0, n), line }),
    onError: (error, line) => events.push({ error, line }),
  });
  pushInChunks({ push: (chunk) => tokenizer.push(chunk, !/[\x80-\xff]/.test(chunk)) }, Buffer.from(text, 'utf8').toString('latin1'), cuts);
  tokenizer.end();
  return events;
}

describe('CsvTokenizer on damaged input, against a naive model of its rules', () => {
  // Few characters, so quotes open, close, double and run away often; one piece repeated makes the long runs of
  // runaway quotes a damaged export has, where every few lines starts another record too long to keep.
  const piece = fc.array(fc.constantFrom('a', ',', '"', '""', '\n', '\r\n', '\r', 'é', '😀'), { maxLength: 12 }).map((parts) => parts.join(''));
  const damaged = fc.tuple(piece, piece, fc.integer({ min: 1, max: 40 }), piece).map(([head, repeated, times, tail]) => head + repeated.repeat(times) + tail);
  const settings = fc.record({ max: fc.integer({ min: 1, max: 60 }), cuts: fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 5 }) });

  it('gives the model’s records and errors, as text in any chunks', () => {
    fc.assert(
      fc.property(damaged, settings, (text, { max, cuts }) => {
        expect(tokenize(text, { maxRecordChars: max, cuts })).toEqual(modelEvents(text, max));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the model’s records and errors, as UTF-8 bytes in any chunks (lengths counted once decoded)', () => {
    fc.assert(
      fc.property(damaged, settings, (text, { max, cuts }) => {
        expect(tokenizeBytes(text, max, cuts)).toEqual(modelEvents(text, max));
      }),
      { numRuns: 1000 },
    );
  });

  it('reads a long run of runaway quotes once, not once per record it starts', () => {
    // As in a Log Analytics export whose JSON cell lost a quote: each `]",v,"{` line starts a record that runs
    // on to the end of the text.
    const block = ']",v,"{""a"": 1,\n  ""b"": 2\n';
    const text = `h\nr,"${block.repeat(2000)}`;
    const max = 4000;
    const searched = searchedChars(() => {
      expect(tokenize(text, { maxRecordChars: max, cuts: [1000] })).toEqual(modelEvents(text, max));
    });
    // Each character is searched a few times (for a quote, a delimiter, a line break, in a few passes as the text
    // comes in); read again for every record it starts, it was searched about 290 times.
    expect(searched).toBeLessThan(20 * text.length);
  });
});

/** How many characters String.prototype.indexOf went through while `run` ran: the tokenizer's searches. */
function searchedChars(run: () => void): number {
  const indexOf = String.prototype.indexOf;
  let searched = 0;
  String.prototype.indexOf = function (this: string, search: string, from = 0) {
    const at = indexOf.call(this, search, from);
    searched += (at < 0 ? this.length : at + search.length) - Math.max(0, from);
    return at;
  };
  try {
    run();
  } finally {
    String.prototype.indexOf = indexOf;
  }
  return searched;
}
