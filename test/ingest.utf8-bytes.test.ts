// Reading CSV as UTF-8 bytes (one latin1 character per byte, values decoded one by one) against the
// reference path, TextDecoder text: random bytes with multi-byte characters split across chunks, invalid
// sequences, byte-order marks and records over the length limit must give the same records and errors, also
// when the tokenizer steps over the blocks of a chunk known to be ASCII.
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer, type CsvErrorKind } from '../src/ingest/csv-fast.js';
import { ASCII_BLOCK, asciiBlocksOf, decode, utf8Value, type Utf8Chunk } from '../src/ingest/decode.js';
import { cutInto } from './helpers/chunks.js';
import { INVALID_UTF8, MULTI_BYTE_CHARACTERS } from './helpers/utf8.js';

type Event = { record: string[]; line: number } | { error: CsvErrorKind; line: number };

interface TokenizeOptions {
  readonly maxRecordChars: number;
  readonly mask: readonly boolean[] | null;
}

async function tokenize(chunks: AsyncIterable<string | Utf8Chunk>, options: TokenizeOptions): Promise<Event[]> {
  const events: Event[] = [];
  let tokenizer: CsvTokenizer | undefined;
  for await (const piece of chunks) {
    if (tokenizer === undefined) {
      const created: CsvTokenizer = new CsvTokenizer({
        delimiter: ',',
        maxRecordChars: options.maxRecordChars,
        utf8Bytes: typeof piece !== 'string',
        onRecord(fields, fieldCount, line) {
          if (events.length === 0) created.setColumnMask(options.mask);
          events.push({ record: fields.slice(0, fieldCount), line });
        },
        onError(error, line) {
          events.push({ error, line });
        },
      });
      tokenizer = created;
    }
    if (typeof piece === 'string') tokenizer.push(piece);
    else tokenizer.push(piece.bytes, piece.ascii, piece.asciiBlocks);
  }
  tokenizer?.end();
  return events;
}

const encoder = new TextEncoder();

// Pieces of a file: CSV structure, ASCII, valid multi-byte characters, and bytes no valid UTF-8 has in that
// place (lone continuation bytes, cut-off sequences, overlong forms, surrogates, values above U+10FFFF).
const PIECES: readonly Uint8Array[] = [
  ...[',', '"', '""', '\n', '\r\n', '\r', 'a', 'Zz', ' ', '0'].map((text) => encoder.encode(text)),
  ...MULTI_BYTE_CHARACTERS.map((text) => encoder.encode(text)),
  ...INVALID_UTF8,
];

const fileBytes = fc.tuple(fc.boolean(), fc.array(fc.constantFrom(...PIECES), { maxLength: 120 })).map(([bom, pieces]) => {
  const all = bom ? [Uint8Array.of(0xef, 0xbb, 0xbf), ...pieces] : pieces;
  return Buffer.concat(all.map((piece) => Buffer.from(piece)));
});

// Well-formed CSV too, so that values, quoted or not, often start and end with a multi-byte or invalid byte.
const VALUE_PIECES = PIECES.filter((piece) => piece.every((byte) => byte !== 0x2c && byte !== 0x22 && byte !== 0x0a && byte !== 0x0d));
const csvBytes = fc
  .array(fc.array(fc.tuple(fc.boolean(), fc.array(fc.constantFrom(...VALUE_PIECES), { maxLength: 4 })), { minLength: 1, maxLength: 5 }), { maxLength: 8 })
  .map((rows) =>
    Buffer.concat(
      rows.flatMap((row) => [
        ...row.flatMap(([quoted, pieces], column) => {
          const value = pieces.map((piece) => Buffer.from(piece));
          const parts = quoted ? [Buffer.from('"'), ...value, Buffer.from('"')] : value;
          return column === 0 ? parts : [Buffer.from(','), ...parts];
        }),
        Buffer.from('\n'),
      ]),
    ),
  );

describe('UTF-8 bytes against TextDecoder text', () => {
  it('utf8Value decodes like TextDecoder, invalid bytes and byte-order marks included', () => {
    fc.assert(
      fc.property(fileBytes, (bytes) => {
        expect(utf8Value(bytes.toString('latin1'))).toBe(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('the tokenizer gives the same records, lines and errors from both, however the bytes are cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fileBytes, csvBytes),
        fc.array(fc.integer({ min: 1, max: 24 }), { maxLength: 5 }),
        fc.integer({ min: 1, max: 40 }),
        fc.option(fc.array(fc.boolean(), { maxLength: 6 })),
        async (bytes, cuts, maxRecordChars, mask) => {
          const options = { maxRecordChars, mask };
          const asText = await decode(Readable.from(cutInto(bytes, cuts)));
          const asBytes = await decode(Readable.from(cutInto(bytes, cuts)));
          // Random bytes can open with a UTF-16 byte-order mark or zero bytes; such input is read as text only.
          expect(asBytes.utf8Chunks === undefined).toBe(asBytes.encoding !== 'utf-8');
          if (asBytes.utf8Chunks === undefined) return;
          expect(await tokenize(asBytes.utf8Chunks, options)).toEqual(await tokenize(asText.chunks, options));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('marks a chunk ASCII only when it is', async () => {
    const decoded = await decode(Readable.from([Buffer.from('a,b\n'), Buffer.from('é\n'), Buffer.from('c\n')]));
    const chunks: Utf8Chunk[] = [];
    for await (const chunk of decoded.utf8Chunks!) chunks.push(chunk);
    expect(chunks.map(({ bytes, buffer, ascii, asciiBlocks }) => ({ bytes, buffer: Buffer.from(buffer).toString(), ascii, asciiBlocks }))).toEqual([
      { bytes: 'a,b\n', buffer: 'a,b\n', ascii: true, asciiBlocks: null },
      { bytes: '\u00c3\u00a9\n', buffer: 'é\n', ascii: false, asciiBlocks: Uint8Array.of(0) },
      { bytes: 'c\n', buffer: 'c\n', ascii: true, asciiBlocks: null },
    ]);
  });

  it('marks each block of a chunk ASCII only when it is', () => {
    const bytes = Buffer.alloc(2 * ASCII_BLOCK + 10, 'a');
    bytes[ASCII_BLOCK + 5] = 0xc3;
    expect(asciiBlocksOf(bytes)).toEqual(Uint8Array.of(1, 0, 1));
    bytes[2 * ASCII_BLOCK + 9] = 0x80;
    expect(asciiBlocksOf(bytes)).toEqual(Uint8Array.of(1, 0, 0));
    expect(asciiBlocksOf(bytes.subarray(0, ASCII_BLOCK))).toEqual(Uint8Array.of(1));
  });

  it('gives the same records from chunks many blocks long, with few rows holding bytes over 0x7f', async () => {
    // Rows of about a block, as sign-in rows are: most of them ASCII, so that whole blocks are stepped over.
    const row = fc
      .tuple(fc.integer({ min: 1, max: 1500 }), fc.option(fc.constantFrom(...PIECES), { freq: 4 }), fc.nat(), fc.boolean())
      .map(([length, odd, at, quoted]) => {
        const text = Buffer.alloc(length, 'x');
        for (let i = 7; i < length; i += 40) text[i] = 0x2c;
        const value = odd === null ? text : Buffer.concat([text.subarray(0, at % length), Buffer.from(odd), text.subarray(at % length)]);
        return quoted ? Buffer.concat([Buffer.from('a,"'), value, Buffer.from('"\n')]) : Buffer.concat([value, Buffer.from('\n')]);
      });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 9000 }), { maxLength: 4 }), async (rows, cuts) => {
        const bytes = Buffer.concat(rows);
        const options = { maxRecordChars: 1 << 20, mask: null };
        const asText = await decode(Readable.from(cutInto(bytes, cuts)));
        const asBytes = await decode(Readable.from(cutInto(bytes, cuts)));
        if (asBytes.utf8Chunks === undefined) return;
        expect(await tokenize(asBytes.utf8Chunks, options)).toEqual(await tokenize(asText.chunks, options));
      }),
      { numRuns: 300 },
    );
  });

  it('measures the length limit in decoded characters, not bytes', async () => {
    // Six UTF-16 code units but twelve bytes: under a limit of 7 as text, so not RECORD_TOO_LARGE as bytes either.
    const bytes = Buffer.from('😀😀😀\nab\n');
    const decoded = await decode(Readable.from([bytes]));
    expect(await tokenize(decoded.utf8Chunks!, { maxRecordChars: 7, mask: null })).toEqual([
      { record: ['😀😀😀'], line: 1 },
      { record: ['ab'], line: 2 },
    ]);
  });

  it('has no byte view of UTF-16 input', async () => {
    const decoded = await decode(Readable.from([Buffer.from('\ufeffa,b\n', 'utf16le')]));
    expect(decoded.utf8Chunks).toBeUndefined();
  });
});

describe('decode: the first character', () => {
  it('skips white space over several chunks, and the chunks still start at the beginning in one piece', async () => {
    const decoded = await decode(Readable.from([Buffer.from('  '), Buffer.from('\n '), Buffer.from('[1]'), Buffer.from(' ')]));
    expect(await decoded.firstCharacter()).toBe('[');
    const chunks: string[] = [];
    for await (const chunk of decoded.chunks) chunks.push(chunk);
    expect(chunks).toEqual(['  \n [1]', ' ']);
  });

  it('is undefined for an input of white space only', async () => {
    const decoded = await decode(Readable.from([Buffer.from('\ufeff \r\n\t')]));
    expect(await decoded.firstCharacter()).toBeUndefined();
  });
});
