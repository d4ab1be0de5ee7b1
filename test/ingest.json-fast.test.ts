// The JSON fast path against the record scanner it short-cuts: on random JSON Lines and arrays (on one line, one
// record per line, other blanks between records) of well-formed records mixed with everything it must hand over (broken, pretty-printed, envelope, array,
// trailing comma, blanks, CRLF, concatenated arrays, look-alike nested objects), cut into random chunks,
// both give the same records, errors and lines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonFastReader, RecordBoundaries } from '../src/ingest/json-fast.js';
import { escapeRegExp, JSON_STRING, JsonRecordScanner } from '../src/ingest/json-records.js';
import { feed } from './helpers/chunks.js';

type Event = { record: unknown; line: number } | { malformed: true; line: number } | { error: string; line: number } | { key: string; line: number };

function scannerFor(events: Event[]): JsonRecordScanner {
  return new JsonRecordScanner({
    // As read-json does: a record JSON.parse refuses makes the scanner look for the next one.
    onRecord: (text, line) => {
      try {
        events.push({ record: JSON.parse(text) as unknown, line });
        return true;
      } catch {
        events.push({ malformed: true, line });
        return false;
      }
    },
    onError: (_message, line) => events.push({ error: 'error', line }),
    onEnvelopeKey: (key, line) => events.push({ key, line }),
  });
}

function byScanner(text: string, cuts: readonly number[]): Event[] {
  const events: Event[] = [];
  feed(scannerFor(events), text, cuts);
  return events;
}

function byReader(text: string, cuts: readonly number[], maxRecordChars?: number): { events: Event[]; linesParsed: number } {
  const events: Event[] = [];
  const reader = new JsonFastReader(scannerFor(events), (record, line) => events.push({ record, line }), maxRecordChars);
  feed(reader, text, cuts);
  return { events, linesParsed: reader.recordsParsed };
}

const record = fc.record({
  id: fc.uuid(),
  createdDateTime: fc.constant('2026-11-10T08:00:00Z'),
  userPrincipalName: fc.string({ maxLength: 12 }),
  status: fc.record({ errorCode: fc.integer({ min: 0, max: 600000 }), failureReason: fc.string({ maxLength: 20 }) }),
  properties: fc.option(fc.record({ note: fc.string({ maxLength: 10 }) }), { nil: undefined }),
});

const goodLine = record.map((value) => JSON.stringify(value));
const otherLine = fc.oneof(
  record.map((value) => JSON.stringify(value, null, 2)), // pretty-printed: spans lines
  record.map((value) => `${JSON.stringify(value)},`), // trailing comma between values
  record.map((value) => JSON.stringify(value).slice(0, -3)), // cut off
  fc.array(record, { maxLength: 2 }).map((values) => JSON.stringify({ value: values, '@odata.nextLink': 'https://graph.example/next' })),
  fc.array(record, { maxLength: 2 }).map((values) => JSON.stringify(values)),
  record.map((value) => `${JSON.stringify(value)} ${JSON.stringify(value)}`), // two on one line
  fc.constantFrom('', '   ', 'not json', '{}', '{"a":1,}', '[', ']', '\uFEFF{"id":"x"}'),
);

/** Array elements: mostly records, sometimes what the fast path must leave to the scanner. */
const element = fc.oneof(
  { weight: 6, arbitrary: goodLine },
  {
    weight: 1,
    arbitrary: fc.oneof(
      record.map((value) =>
        JSON.stringify({
          ...value,
          policies: [
            { id: 'p', createdDateTime: 'x' },
            { id: 'q', createdDateTime: 'y' },
          ],
        }),
      ),
      record.map((value) => JSON.stringify(value, null, 1)),
      record.map((value) => `${JSON.stringify(value).slice(0, -1)},}`),
      record.map((value) => JSON.stringify(value).slice(0, -3)), // cut off
      fc.constantFrom(
        '1',
        '"text"',
        '[]',
        '{}',
        '{"id":1,"createdDateTime":2}',
        '{"id":1,', // broken, and its opening tells nothing: the scanner goes on at the next record indented as it is
        ' {"id":"a","createdDateTime":"b"} ',
        '{"id":"a\\"},{\\"id\\":\\"b","createdDateTime":"c"}',
      ),
    ),
  },
);

/** What separates the elements: nothing (one line), a line break (one record per line), other blanks. */
const separator = fc.constantFrom(',', ',', ',\n', ',\r\n', ', ', ',\n  ', ' ,');

const arrayText = fc
  .tuple(
    fc.array(fc.array(element, { maxLength: 8 }), { minLength: 1, maxLength: 3 }),
    fc.constantFrom('', '\n', ' '),
    fc.boolean(),
    fc.boolean(),
    separator,
    fc.constantFrom('', '\n', '\r\n', ' \n ', '\n  ', '\n[\n'),
  )
  .map(([arrays, between, closed, trailingComma, comma, inside]) =>
    arrays
      .map((elements, index) => `[${inside}${elements.join(comma)}${trailingComma ? ',' : ''}${inside}${closed || index + 1 < arrays.length ? ']' : ''}`)
      .join(between),
  );

describe('the JSON fast reader on arrays', () => {
  it('gives what the scanner alone gives, on any array and any chunking', () => {
    fc.assert(
      fc.property(fc.constantFrom('', ' ', '\n', '\r\n '), arrayText, fc.array(fc.integer({ min: 1, max: 120 }), { maxLength: 5 }), (lead, text, cuts) => {
        expect(byReader(lead + text, cuts).events).toEqual(byScanner(lead + text, cuts));
      }),
      { numRuns: 800 },
    );
  });

  it('hands over a broken first element at its own indentation, and an array of arrays from its bracket', () => {
    const plain = (id: string) => JSON.stringify({ id, createdDateTime: 'x' });
    // The scanner goes on after `{"id":1,` at the next line indented as it was, and after `[` at the next line opening with `{`.
    for (const text of [`[\n\t{"id":1,\n\t${plain('b')},\n\t${plain('c')}\n]`, `[\n[\n${plain('b')}\n`]) {
      const events = byReader(text, []).events;
      expect(events).toEqual(byScanner(text, []));
      expect(events.filter((event) => 'record' in event)).toHaveLength(text.includes('"c"') ? 2 : 1);
    }
  });

  it('parses the records of a one-line array itself, up to the last one', () => {
    const records = Array.from({ length: 6 }, (_, index) => JSON.stringify({ id: `r${index}`, createdDateTime: '2026-11-10T08:00:00Z', n: index }));
    const text = `[${records.join(',')}]`;
    const { events, linesParsed } = byReader(text, [50]);
    expect(events).toEqual(byScanner(text, [50]));
    expect(events).toHaveLength(6);
    // The last record, before the closing bracket, is the scanner's.
    expect(linesParsed).toBe(5);
  });

  it('parses the records of an array with one record per line itself, with their lines', () => {
    const records = Array.from({ length: 5 }, (_, index) => JSON.stringify({ id: `r${index}`, createdDateTime: '2026-11-10T08:00:00Z', n: index }));
    const text = `[\n${records.join(',\r\n')}\n]\n`;
    const { events, linesParsed } = byReader(text, [70]);
    expect(events).toEqual(byScanner(text, [70]));
    expect(events.map((event) => event.line)).toEqual([2, 3, 4, 5, 6]);
    expect(linesParsed).toBe(4);
  });

  it('numbers the lines of records after one that spans lines', () => {
    const plain = (id: string) => JSON.stringify({ id, createdDateTime: 'x' });
    const spread = '{"id":"b","createdDateTime":"x",\n"more":\n1}';
    const text = `[${plain('a')},${spread},${plain('c')},${plain('d')}]`;
    const { events, linesParsed } = byReader(text, [9]);
    expect(events).toEqual(byScanner(text, [9]));
    expect(linesParsed).toBe(3);
    expect(events.map((event) => event.line)).toEqual([1, 1, 3, 3]);
  });

  it('reads an array whose first record opens with a string of millions of characters', () => {
    const text = `[{"id":"${'x'.repeat(10 << 20)}","createdDateTime":"x"},{"id":"b","createdDateTime":"y"}]`;
    const { events } = byReader(text, []);
    expect(events).toEqual(byScanner(text, []));
    expect(events.map((event) => ('record' in event ? (event.record as { id: string }).id.length : -1))).toEqual([10 << 20, 1]);
  });

  it('hands a record holding nested objects that open like records to the scanner, and still reads it right', () => {
    const nested = JSON.stringify({
      id: 'a',
      createdDateTime: 'x',
      policies: [
        { id: 'p', createdDateTime: 'y' },
        { id: 'q', createdDateTime: 'z' },
      ],
    });
    const plain = JSON.stringify({ id: 'b', createdDateTime: 'x' });
    const text = `[${plain},${nested},${plain}]`;
    const { events, linesParsed } = byReader(text, []);
    expect(events).toEqual(byScanner(text, []));
    expect(events).toHaveLength(3);
    expect(linesParsed).toBe(1);
  });
});

describe('where one record of an array ends and the next begins', () => {
  /** The plain reading, as a regular expression: `},`, blanks, `{`, the first key, a string, a comma, the second key, a colon. */
  function plainReading(text: string, from: number, firstKey: string, secondKey: string): Array<readonly [number, number]> {
    const pattern = new RegExp(`\\},([ \\t\\r\\n]*)\\{${escapeRegExp(firstKey)}:${JSON_STRING},${escapeRegExp(secondKey)}:`, 'g');
    const found: Array<readonly [number, number]> = [];
    for (let p = from; ; ) {
      pattern.lastIndex = p;
      const match = pattern.exec(text);
      if (match === null) return found;
      p = match.index + 2 + match[1]!.length;
      found.push([match.index, p]);
    }
  }

  function byBoundaries(text: string, from: number, firstKey: string, secondKey: string): Array<readonly [number, number]> {
    const boundaries = new RecordBoundaries(firstKey, secondKey);
    const found: Array<readonly [number, number]> = [];
    for (let end = boundaries.find(text, from); end >= 0; end = boundaries.find(text, boundaries.nextStart)) found.push([end, boundaries.nextStart]);
    return found;
  }

  const fragment = fc.constantFrom(
    '},',
    '}',
    ',',
    ' ',
    '\n',
    '\r\n',
    '\t',
    '{',
    '{"id":',
    '{"Id":',
    '"a"',
    '"a\\"b"',
    '"\\\\"',
    '"',
    '\\',
    'x',
    ',"createdDateTime":',
    ',"displayName":',
    '"createdDateTime"',
    ':',
    '},{"id":"q","createdDateTime":',
    '},\n {"id":"},{","createdDateTime":',
  );

  it('finds the boundaries the plain reading finds, from any position', () => {
    fc.assert(
      fc.property(
        fc.array(fragment, { maxLength: 40 }),
        fc.nat(),
        fc.constantFrom(['"id"', '"createdDateTime"'], ['"Id"', '"displayName"']),
        (pieces, start, [first, second]) => {
          const text = pieces.join('');
          const from = start % (text.length + 1);
          expect(byBoundaries(text, from, first!, second!)).toEqual(plainReading(text, from, first!, second!));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('tells a nested object that opens with the same first key from the next record', () => {
    const text = '{"id":"a","createdDateTime":"x","p":[{"id":"p","displayName":"y"},{"id":"q","displayName":"z"}]},\n  {"id":"b","createdDateTime":"x"}';
    const boundaries = new RecordBoundaries('"id"', '"createdDateTime"');
    const end = boundaries.find(text, 0);
    expect(text.slice(0, end + 1)).toBe('{"id":"a","createdDateTime":"x","p":[{"id":"p","displayName":"y"},{"id":"q","displayName":"z"}]}');
    expect(text.slice(boundaries.nextStart)).toBe('{"id":"b","createdDateTime":"x"}');
    expect(boundaries.find(text, boundaries.nextStart)).toBe(-1);
  });
});

describe('the JSON fast reader on JSON Lines', () => {
  it('gives what the scanner alone gives, on any mix of lines and any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 4, arbitrary: goodLine }, { weight: 1, arbitrary: otherLine }), { maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 90 }), { maxLength: 5 }),
        (lines, eol, finalEol, cuts) => {
          const text = lines.join(eol) + (finalEol ? eol : '');
          expect(byReader(text, cuts).events).toEqual(byScanner(text, cuts));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('parses well-formed JSON Lines itself, and hands over from the first line it cannot take', () => {
    const lines = ['{"id":"a","n":1}', '{"id":"b","n":2}', '', '{"id":"c","n":3}', '{"id":"d",', '"n":4}', '{"id":"e","n":5}'];
    const text = `${lines.join('\r\n')}\r\n`;
    const { events, linesParsed } = byReader(text, [7]);
    expect(linesParsed).toBe(3);
    expect(events).toEqual(byScanner(text, [7]));
    expect(events).toContainEqual({ record: { id: 'c', n: 3 }, line: 4 });
    expect(events).toContainEqual({ record: { id: 'e', n: 5 }, line: 7 });
  });

  it('leaves a one-line array or envelope to the scanner from the start', () => {
    for (const text of ['[{"id":"a"},{"id":"b"}]', '{"value":[{"id":"a"}],"@odata.nextLink":"x"}\n']) {
      const { events, linesParsed } = byReader(text, [5]);
      expect(linesParsed).toBe(0);
      expect(events).toEqual(byScanner(text, [5]));
    }
  });

  it('hands a line longer than its limit to the scanner', () => {
    const long = JSON.stringify({ id: 'a', pad: 'x'.repeat(200) });
    const text = `{"id":"first"}\n${long}\n{"id":"last"}\n`;
    const { events, linesParsed } = byReader(text, [16], 100);
    expect(linesParsed).toBe(1);
    expect(events).toEqual(byScanner(text, [16]));
    expect(events).toHaveLength(3);
  });
});
