// Reading JSON as UTF-8 bytes (one latin1 character per byte: records holding a byte over 0x7f decoded one by one,
// what goes to the record scanner decoded on the way) against the reference path, TextDecoder text: JSON Lines
// and arrays whose values hold multi-byte characters, invalid sequences and escapes, with broken, pretty-printed
// and foreign records among them, and random bytes, cut anywhere, give the same sign-ins, rejected rows with
// their messages and lines, warnings, counts and format.
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decode } from '../src/ingest/decode.js';
import { JsonFastReader } from '../src/ingest/json-fast.js';
import { JsonRecordScanner } from '../src/ingest/json-records.js';
import { cutInto } from './helpers/chunks.js';
import { bytesOf, readAll, VALUE_PIECES } from './helpers/json-bytes.js';

// Now and then what breaks a record: a quote, a line break, a closing brace, the look of the next record.
const BREAKING_PIECES: readonly Buffer[] = ['"', '\n', '}', '},{"id":"x","createdDateTime":"', ']'].map(bytesOf);

const value = fc
  .array(fc.oneof({ weight: 30, arbitrary: fc.constantFrom(...VALUE_PIECES) }, { weight: 1, arbitrary: fc.constantFrom(...BREAKING_PIECES) }), {
    maxLength: 6,
  })
  .map((pieces) => Buffer.concat(pieces));

/** A Graph sign-in whose texts are those bytes; `padding` makes records long enough to span blocks of a chunk. */
const record = fc
  .record({
    id: value,
    user: value,
    app: value,
    reason: value,
    city: value,
    code: fc.constantFrom('0', '50126', '50053', '5.0126e4'),
    padding: fc.nat({ max: 1500 }),
  })
  .map(({ id, user, app, reason, city, code, padding }) =>
    Buffer.concat([
      bytesOf('{"id":"'),
      id,
      bytesOf('","createdDateTime":"2026-11-10T08:00:00Z","userPrincipalName":"'),
      user,
      bytesOf('","appDisplayName":"'),
      app,
      bytesOf(`","ipAddress":"203.0.113.7","userAgent":"${'x'.repeat(padding)}","status":{"errorCode":${code},"failureReason":"`),
      reason,
      bytesOf('"},"location":{"city":"'),
      city,
      bytesOf('","countryOrRegion":"NL"}}'),
    ]),
  );

/** Now and then what is not a well-formed record on a line of its own. */
const element = fc.oneof(
  { weight: 8, arbitrary: record },
  {
    weight: 1,
    arbitrary: fc.oneof(
      record.map((bytes) => bytes.subarray(0, Math.floor(bytes.length / 2))),
      record.map((bytes) => Buffer.from(bytes.toString('latin1').replaceAll(',"', ',\n  "'), 'latin1')),
      fc.constantFrom(...['not json', '{}', '{"a":1,}', '{"value":[]}', '[]', 'ÿé'].map(bytesOf)),
    ),
  },
);

const file = fc
  .tuple(
    fc.array(element, { minLength: 1, maxLength: 12 }),
    fc.constantFrom('lines', 'crlf', 'one-line array', 'array by line'),
    fc.constantFrom(...['', '\ufeff', ' \n', '\u00a0'].map(bytesOf)),
  )
  .map(([elements, shape, start]) => {
    const join = (separator: string, open = '', close = ''): Buffer =>
      Buffer.concat([start, bytesOf(open), ...elements.flatMap((bytes, i) => (i === 0 ? [bytes] : [bytesOf(separator), bytes])), bytesOf(close)]);
    switch (shape) {
      case 'lines':
        return join('\n');
      case 'crlf':
        return join('\r\n', '', '\r\n');
      case 'one-line array':
        return join(',', '[', ']');
      default:
        return join(',\n', '[\n', '\n]\n');
    }
  });

// Random bytes too: JSON's structure, the keys of a sign-in, and the value pieces above.
const STRUCTURE = ['{', '}', '[', ']', ',', ':', '"', '\n', ' ', '"id":"a","createdDateTime":"2026-11-10T08:00:00Z"', '"value":', 'null', '1'].map(bytesOf);
const randomBytes = fc.array(fc.constantFrom(...STRUCTURE, ...VALUE_PIECES), { maxLength: 80 }).map((pieces) => Buffer.concat(pieces));

const cuts = fc.oneof(
  fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 5 }),
  fc.array(fc.integer({ min: 500, max: 5000 }), { minLength: 1, maxLength: 3 }),
);

describe('JSON as UTF-8 bytes against TextDecoder text', () => {
  it('gives the same sign-ins, rejected rows, warnings and format, however the bytes are cut', async () => {
    // How many inputs gave sign-ins with a character over 0x7f: the property is not only about ASCII.
    let nonAscii = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 3, arbitrary: file }, { weight: 1, arbitrary: randomBytes }), cuts, async (bytes, cutSizes) => {
        const asText = await decode(Readable.from(cutInto(bytes, cutSizes)));
        const asBytes = await decode(Readable.from(cutInto(bytes, cutSizes)));
        // Input that opens with a UTF-16 byte-order mark or zero bytes is read as text only.
        if (asBytes.utf8Chunks === undefined) return;
        const read = await readAll(asBytes, true);
        expect(read).toEqual(await readAll(asText, false));
        runs++;
        if (read.signIns.some((signIn) => /[\u0080-\uffff]/.test(JSON.stringify(signIn)))) nonAscii++;
      }),
      { numRuns: 600 },
    );
    expect(nonAscii).toBeGreaterThan(runs / 4);
  });

  it('hands the same records to the scanner with a length limit in bytes as with one in characters', async () => {
    // The fast reader measures what it holds in bytes, the scanner in characters: a record between the two
    // takes the other path, and reads the same.
    const events = async (bytes: Buffer, cutSizes: readonly number[], maxRecordChars: number, asBytes: boolean): Promise<unknown[]> => {
      const seen: unknown[] = [];
      const scanner = new JsonRecordScanner({
        onRecord: (text, line) => {
          try {
            seen.push({ record: JSON.parse(text) as unknown, line });
            return true;
          } catch {
            seen.push({ malformed: line });
            return false;
          }
        },
        onError: (message, line) => seen.push({ error: message, line }),
        onEnvelopeKey: (key, line) => seen.push({ key, line }),
      });
      const reader = new JsonFastReader(scanner, (record, line) => seen.push({ record, line }), maxRecordChars);
      const decoded = await decode(Readable.from(cutInto(bytes, cutSizes)));
      for await (const chunk of asBytes ? decoded.utf8Chunks! : decoded.chunks) reader.push(chunk);
      reader.end();
      return seen;
    };
    await fc.assert(
      fc.asyncProperty(file, cuts, fc.integer({ min: 1, max: 400 }), async (bytes, cutSizes, maxRecordChars) => {
        if ((await decode(Readable.from([bytes]))).utf8Chunks === undefined) return;
        expect(await events(bytes, cutSizes, maxRecordChars, true)).toEqual(await events(bytes, cutSizes, maxRecordChars, false));
      }),
      { numRuns: 300 },
    );
  });

  it('decodes the records that hold bytes over 0x7f, and leaves ASCII as it is', async () => {
    const lines = [
      '{"id":"1","createdDateTime":"2026-11-10T08:00:00Z","userPrincipalName":"zoë@contoso.example","ipAddress":"203.0.113.7","status":{"errorCode":0}}',
    ];
    lines.push(lines[0]!.replace('"1"', '"2"').replace('zoë', 'bad\uFFFD'));
    lines.push(lines[0]!.replace('"1"', '"3"').replace('zoë', 'ascii'));
    const bytes = Buffer.concat([bytesOf(`${lines[0]}\n`), Buffer.from(`${lines[1]}\n`.replace('\uFFFD', '\u00ff'), 'latin1'), bytesOf(`${lines[2]}\n`)]);
    const read = await readAll(await decode(Readable.from([bytes])), true);
    expect(read.signIns.map((signIn) => signIn.userPrincipalName)).toEqual(['zoë@contoso.example', 'bad\uFFFD@contoso.example', 'ascii@contoso.example']);
    expect(read.outcome).toEqual({ format: 'graph-jsonl' });
  });

  it('counts a JSON Lines file as such only by objects that open a line, not by where a chunk starts', async () => {
    // One Graph page on one line, cut right before a nested object: an envelope, not JSON Lines.
    const page = bytesOf(
      '{"value":[{"id":"1","createdDateTime":"2026-11-10T08:00:00Z","userPrincipalName":"a@contoso.example","ipAddress":"203.0.113.7","status":{"errorCode":0}}]}\n',
    );
    const cut = page.indexOf('{"errorCode"');
    for (const asBytes of [false, true]) {
      const read = await readAll(await decode(Readable.from([page.subarray(0, cut), page.subarray(cut)])), asBytes);
      expect(read.outcome).toEqual({ format: 'graph-json' });
    }
  });
});
