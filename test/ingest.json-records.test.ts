// The JSON record scanner: random records written in every supported shape and cut into random chunks
// must come back equal and in order, with the right lines; then the tolerated and malformed cases by hand; and
// random damaged input, which must be read the same whole and in chunks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonRecordScanner, withoutTrailingCommas } from '../src/ingest/json-records.js';
import { feed } from './helpers/chunks.js';

type Event =
  | { record: unknown; line: number }
  | { text: string; line: number }
  | { error: string; line: number }
  | { key: string; line: number }
  | { unclosed: string; line: number };

interface ScanOptions {
  cuts?: readonly number[];
  maxRecordChars?: number;
  /** Keep records as raw text instead of parsing them (for malformed elements). */
  raw?: boolean;
  /** Keep error messages (default: replaced by 'error', since tests check where, not wording). */
  messages?: boolean;
}

function scan(text: string, options: ScanOptions = {}): Event[] {
  const events: Event[] = [];
  const scanner = new JsonRecordScanner({
    ...(options.maxRecordChars === undefined ? {} : { maxRecordChars: options.maxRecordChars }),
    onRecord: (recordText, line) => events.push(options.raw ? { text: recordText, line } : { record: JSON.parse(recordText) as unknown, line }),
    onError: (message, line) => events.push({ error: options.messages ? message : 'error', line }),
    onEnvelopeKey: (key, line) => events.push({ key, line }),
    onUnclosed: (container, line) => events.push({ unclosed: container, line }),
  });
  feed(scanner, text, options.cuts ?? []);
  expect(scanner.recordsSeen).toBe(events.filter((event) => 'record' in event || 'text' in event).length);
  return events;
}

// ---------------------------------------------------------------------------------------------------------
// Random records: strings full of what a boundary finder can trip on.

const TRICKY_CHARS = ['"', '\\', '{', '}', '[', ']', ',', ':', ' ', '\n', '\r', '\t', '/', 'a', 'Z', '0', 'é', '\u00a0', '\u2028', '😀', '\u0000'];
const trickyString = fc.array(fc.constantFrom(...TRICKY_CHARS), { maxLength: 10 }).map((parts) => parts.join(''));
const key = fc.oneof(trickyString, fc.constantFrom('id', 'status', 'errorCode', 'createdDateTime', 'value', 'records'));

const { value: jsonValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    trickyString,
    fc.integer(),
    fc.constantFrom(true, false, null, 1.5, -0.25, 1e21),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
}));

/** A sign-in-like record: an object, never an envelope itself (no `value` / `records` array). */
const record = fc
  .dictionary(key, jsonValue, { maxKeys: 6, noNullPrototype: true })
  .filter((object) => !Array.isArray(object['value']) && !Array.isArray(object['records']));

const SHAPES = [
  'array',
  'prettyArray',
  'concatenatedArrays',
  'valueEnvelope',
  'recordsEnvelope',
  'jsonLines',
  'trailingComma',
  'trailingCommasInside',
] as const;
type Shape = (typeof SHAPES)[number];

interface Written {
  readonly text: string;
  readonly events: Event[];
}

/** JSON with a comma after the last item of every non-empty object and array, as some writers leave. */
function stringifyWithTrailingCommas(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[${value.map((item) => `${stringifyWithTrailingCommas(item)},`).join('')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stringifyWithTrailingCommas(v)},`).join('')}}`;
  }
  return JSON.stringify(value);
}

/** Lines a pretty-printed value takes (JSON.stringify escapes line breaks inside strings). */
const linesOf = (text: string) => text.split('\n').length;

function write(shape: Shape, records: readonly Record<string, unknown>[], lineBreak: string): Written {
  const minified = records.map((r) => JSON.stringify(r));
  switch (shape) {
    case 'array':
      return { text: `[${minified.join(',')}]`, events: records.map((record) => ({ record, line: 1 })) };
    case 'trailingComma':
      return { text: `[${minified.map((m) => `${m},`).join('')}]`, events: records.map((record) => ({ record, line: 1 })) };
    case 'trailingCommasInside':
      return {
        text: records.map((r) => stringifyWithTrailingCommas(r)).join(lineBreak),
        events: records.map((record, index) => ({ record, line: index + 1 })),
      };
    case 'prettyArray': {
      const events: Event[] = [];
      let line = 2; // line 1 holds the opening bracket
      for (const r of records) {
        events.push({ record: r, line });
        line += linesOf(JSON.stringify(r, null, 2));
      }
      return { text: JSON.stringify(records, null, 2).replaceAll('\n', lineBreak), events };
    }
    case 'concatenatedArrays': {
      // One page of up to three records per line, as collector tools append them.
      const pages: string[] = [];
      const events: Event[] = [];
      for (let i = 0; i < records.length; i += 3) {
        pages.push(JSON.stringify(records.slice(i, i + 3)));
        for (const r of records.slice(i, i + 3)) events.push({ record: r, line: pages.length });
      }
      return { text: pages.join(lineBreak), events };
    }
    case 'valueEnvelope': {
      const text = `{"@odata.context":"https://graph.microsoft.com/beta/$metadata#auditLogs/signIns","value":[${minified.join(',')}],"@odata.nextLink":"https://x/?$skiptoken=a\\"b"}`;
      return {
        text,
        events: [{ key: '@odata.context', line: 1 }, ...records.map((record) => ({ record, line: 1 })), { key: '@odata.nextLink', line: 1 }],
      };
    }
    case 'recordsEnvelope':
      return { text: `{"records": [${minified.join(', ')}]}`, events: records.map((record) => ({ record, line: 1 })) };
    case 'jsonLines':
      return {
        text: minified.join(lineBreak) + (records.length % 2 === 0 ? lineBreak : ''),
        events: records.map((record, index) => ({ record, line: index + 1 })),
      };
  }
}

describe('JsonRecordScanner on random records', () => {
  it('returns every record, in order, with its line, from every shape and any chunking', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SHAPES),
        fc.array(record, { maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 5 }),
        (shape, records, lineBreak, cuts) => {
          const written = write(shape, records, lineBreak);
          expect(scan(written.text, { cuts })).toEqual(written.events);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('cut after any record of a closed shape, gives the records before the cut and then says the file ends unclosed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('array', 'prettyArray', 'trailingComma', 'valueEnvelope', 'recordsEnvelope'),
        fc.array(record, { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 5 }),
        (shape, records, at, cuts) => {
          // Cut right after the closing brace of record `kept` (a trailing comma and blanks may follow).
          const kept = at % records.length;
          const written = write(shape, records.slice(0, kept + 1), '\n');
          const whole = written.events.filter((event) => 'record' in event);
          const last = JSON.stringify(records[kept], null, shape === 'prettyArray' ? 2 : undefined);
          const lastText = shape === 'prettyArray' ? last.replaceAll('\n', '\n  ') : last;
          const end = written.text.lastIndexOf(lastText) + lastText.length;
          const text = `${written.text.slice(0, end)},\n`;
          const events = scan(text, { cuts });
          expect(events.filter((event) => 'record' in event)).toEqual(whole);
          expect(events.at(-1)).toEqual({ unclosed: 'array', line: text.split('\n').length });
          expect(events.filter((event) => 'error' in event)).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads several envelopes and arrays one after another (JSON Lines of batches)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(record, { maxLength: 3 }), { maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 4 }),
        (batches, cuts) => {
          const text = batches.map((batch, index) => (index % 2 === 0 ? JSON.stringify({ records: batch }) : JSON.stringify(batch))).join('\n');
          const expected = batches.flatMap((batch, index) => batch.map((r) => ({ record: r, line: index + 1 })));
          expect(scan(text, { cuts })).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('JsonRecordScanner shapes', () => {
  it('reads a single pretty-printed record file as one record', () => {
    const single = { time: '2026-01-01T00:00:00Z', category: 'SignInLogs', properties: { status: { errorCode: 50126 } }, value: 'not an array' };
    expect(scan(`\n${JSON.stringify(single, null, 4)}\n`)).toEqual([{ record: single, line: 2 }]);
  });

  it('reports the other keys of a Graph envelope with their lines', () => {
    const text = [
      '{',
      '  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns",',
      '  "@odata.nextLink": "https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=x",',
      '  "value": [',
      '    { "id": "a" },',
      '    { "id": "b" }',
      '  ],',
      '  "@odata.count": 2',
      '}',
    ].join('\r\n');
    expect(scan(text)).toEqual([
      { key: '@odata.context', line: 2 },
      { key: '@odata.nextLink', line: 3 },
      { record: { id: 'a' }, line: 5 },
      { record: { id: 'b' }, line: 6 },
      { key: '@odata.count', line: 8 },
    ]);
  });

  it('decodes escaped envelope key names', () => {
    expect(scan('{"@odata\\u002econtext":1,"records":[{"a":1}],"next\\"link":"x"}')).toEqual([
      { key: '@odata.context', line: 1 },
      { record: { a: 1 }, line: 1 },
      { key: 'next"link', line: 1 },
    ]);
  });

  it('treats "value" or "records" that does not hold an array as an ordinary key', () => {
    expect(scan('{"value":{"x":[1]},"records":"none"}\n{"value":5}')).toEqual([
      { record: { value: { x: [1] }, records: 'none' }, line: 1 },
      { record: { value: 5 }, line: 2 },
    ]);
  });

  it('passes any value inside a record array, including scalars', () => {
    expect(scan('[1, "two", null, true, {"x":[]}, [3]]', { raw: true })).toEqual([
      { text: '1', line: 1 },
      { text: '"two"', line: 1 },
      { text: 'null', line: 1 },
      { text: 'true', line: 1 },
      { text: '{"x":[]}', line: 1 },
      { text: '[3]', line: 1 },
    ]);
  });

  it('reads an empty array, an empty envelope and an empty input as no records', () => {
    expect(scan('[]')).toEqual([]);
    expect(scan('{"value":[]}')).toEqual([]);
    expect(scan('')).toEqual([]);
    expect(scan(' \n\r\n ')).toEqual([]);
  });
});

describe('JsonRecordScanner on Log Analytics query responses', () => {
  /** Events with the table heads parsed (their text ends at the rows key), the rows as values. */
  function scanTables(text: string, cuts: readonly number[]): unknown[] {
    const events: unknown[] = [];
    const scanner = new JsonRecordScanner({
      onRecord: (recordText, line) => events.push({ row: JSON.parse(recordText) as unknown, line }),
      onError: (message, line) => events.push({ error: message, line }),
      onEnvelopeKey: (key, line) => events.push({ key, line }),
      onTable: (head, line) => events.push({ table: JSON.parse(`${head.replace(/,?\s*"rows"\s*:\s*$/, '')}}`) as unknown, line }),
    });
    feed(scanner, text, cuts);
    return events;
  }

  it('gives each table’s name and columns before its rows, for every table, from any chunking', () => {
    const row = fc.array(fc.oneof(trickyString, fc.integer(), fc.constantFrom(true, null)), { maxLength: 4 });
    const table = fc.record({
      name: trickyString,
      columns: fc.array(fc.record({ name: trickyString, type: fc.constantFrom('string', 'datetime', 'dynamic') }), { maxLength: 3 }),
      rows: fc.array(row, { maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(table, { maxLength: 3 }), fc.boolean(), fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 4 }), (tables, pretty, cuts) => {
        const text = JSON.stringify({ tables }, null, pretty ? 2 : undefined);
        const expected = tables.flatMap(({ name, columns, rows }) => [{ table: { name, columns } }, ...rows.map((r) => ({ row: r }))]);
        expect(scanTables(text, cuts).map((event) => ({ ...(event as object), line: undefined }))).toEqual(
          expected.map((event) => ({ ...event, line: undefined })),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('reports the keys around the tables and the lines of rows', () => {
    const text = [
      '{',
      '  "tables": [',
      '    {',
      '      "name": "PrimaryResult",',
      '      "columns": [{ "name": "A" }],',
      '      "rows": [',
      '        ["x"],',
      '        ["y"]',
      '      ]',
      '    }',
      '  ],',
      '  "render": {}',
      '}',
    ].join('\n');
    expect(scanTables(text, [])).toEqual([
      { table: { name: 'PrimaryResult', columns: [{ name: 'A' }] }, line: 3 },
      { row: ['x'], line: 7 },
      { row: ['y'], line: 8 },
      { key: 'render', line: 12 },
    ]);
  });
});

describe('JsonRecordScanner tolerance', () => {
  it('accepts trailing commas inside a record and after the last one (the Graph v1.0 docs sample)', () => {
    const text = `{
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns",
    "value": [
        {
            "id": "66ea54eb",
            "status": { "errorCode": 0, "failureReason": "a, }" },
            "appliedConditionalAccessPolicies": [
                { "id": "de7e60eb", "result": "notEnabled" },
                { "id": "6701123a", "result": "notEnabled" },
              ]
        },
    ],
}`;
    expect(scan(text)).toEqual([
      { key: '@odata.context', line: 2 },
      {
        record: {
          id: '66ea54eb',
          status: { errorCode: 0, failureReason: 'a, }' },
          appliedConditionalAccessPolicies: [
            { id: 'de7e60eb', result: 'notEnabled' },
            { id: '6701123a', result: 'notEnabled' },
          ],
        },
        line: 4,
      },
    ]);
  });

  it('removes only commas that precede a closing bracket, never inside strings', () => {
    expect(withoutTrailingCommas('{"a":[1,2, ],"b":",]",}')).toBe('{"a":[1,2 ],"b":",]"}');
    expect(withoutTrailingCommas('{"a":"\\",}",}')).toBe('{"a":"\\",}"}');
  });
});

describe('JsonRecordScanner malformed input', () => {
  it('reports a stray top-level value in JSON Lines and resumes at the next line that starts with { or [', () => {
    expect(scan('{"a":1}\nnull\nnot json {"x":1}\n  {"b":2}\n]\n{"c":3}\n"x"\n[{"d":4}]')).toEqual([
      { record: { a: 1 }, line: 1 },
      { error: 'error', line: 2 },
      { record: { b: 2 }, line: 4 },
      { error: 'error', line: 5 },
      { record: { c: 3 }, line: 6 },
      { error: 'error', line: 7 },
      { record: { d: 4 }, line: 8 },
    ]);
  });

  it('reports a JSON Lines record cut off before its end, and reads the next line', () => {
    expect(scan('{"a":1}\n{"b":{"c":\n{"d":4}\n')).toEqual([
      { record: { a: 1 }, line: 1 },
      { error: 'error', line: 2 },
      { record: { d: 4 }, line: 3 },
    ]);
  });

  it('passes a malformed element with balanced brackets to onRecord (JSON.parse is the judge)', () => {
    expect(scan('[{"a":1}, {"b" 2}, {"c":3}]', { raw: true })).toEqual([
      { text: '{"a":1}', line: 1 },
      { text: '{"b" 2}', line: 1 },
      { text: '{"c":3}', line: 1 },
    ]);
  });

  it('reports a stray closing brace between records and goes on', () => {
    expect(scan('[{"a":1}},{"b":2}]')).toEqual([
      { record: { a: 1 }, line: 1 },
      { error: 'error', line: 1 },
      { record: { b: 2 }, line: 1 },
    ]);
  });

  it('reports unbalanced input at the end with the line of the unfinished record', () => {
    expect(scan('[\n{"a":1},\n{"b":[2,\n3')).toEqual([
      { record: { a: 1 }, line: 2 },
      { error: 'error', line: 3 },
    ]);
    expect(scan('{"a":1}\n{"b":"unterminated')).toEqual([
      { record: { a: 1 }, line: 1 },
      { error: 'error', line: 2 },
    ]);
    expect(scan('{"value":[{"a":1},{"b"')).toEqual([
      { record: { a: 1 }, line: 1 },
      { error: 'error', line: 1 },
    ]);
  });

  it('says when the input ends inside an array or an envelope that never closes, once, after the records', () => {
    expect(scan('[{"a":1},{"b":2},')).toEqual([
      { record: { a: 1 }, line: 1 },
      { record: { b: 2 }, line: 1 },
      { unclosed: 'array', line: 1 },
    ]);
    expect(scan('[   \n  \n')).toEqual([{ unclosed: 'array', line: 3 }]);
    expect(scan('{"@odata.context":"c","value":[{"a":{"b":1}}},\n')).toEqual([
      { key: '@odata.context', line: 1 },
      { record: { a: { b: 1 } }, line: 1 },
      { error: 'error', line: 1 },
      { unclosed: 'array', line: 2 },
    ]);
    expect(scan('{"records":[{"a":1}]')).toEqual([
      { record: { a: 1 }, line: 1 },
      { unclosed: 'envelope', line: 1 },
    ]);
    expect(scan('[{"a":1}]\n[{"b":2}')).toEqual([
      { record: { a: 1 }, line: 1 },
      { record: { b: 2 }, line: 2 },
      { unclosed: 'array', line: 2 },
    ]);
  });

  it('says nothing more when the end cuts a record: that record is the error', () => {
    expect(scan('[{"a":1},{"b":')).toEqual([
      { record: { a: 1 }, line: 1 },
      { error: 'error', line: 1 },
    ]);
    expect(scan('{"value":[{"a":1},{"b"')).toEqual([
      { record: { a: 1 }, line: 1 },
      { error: 'error', line: 1 },
    ]);
  });

  it('says what went wrong in words', () => {
    const messages = scan('nope\n[{"a":1}}]\n{"b":', { messages: true })
      .filter((event) => 'error' in event)
      .map((event) => ('error' in event ? event.error : ''));
    expect(messages).toEqual(['expected a JSON object or array, found "n"', 'unexpected "}" between records', 'the input ends inside a record']);
  });

  it('looks for the next record past a string of millions of characters without overflowing', () => {
    // V8 keeps a backtracking entry per character a repeated group of a regular expression matched: a string
    // this long in an opening used to overflow that stack while looking for where to resume. An opening whose
    // first value is over 65,536 characters is no place to resume (docs/formats.md), so that record goes with
    // the broken text before it.
    const huge = 'x'.repeat(10 << 20);
    expect(scan(`[{"id":"a","n":1}},{"id":"${huge}","n":2},{"id":"c","n":3}]`)).toEqual([
      { record: { id: 'a', n: 1 }, line: 1 },
      { error: 'error', line: 1 },
      { record: { id: 'c', n: 3 }, line: 1 },
    ]);
  });

  it('drops a record over maxRecordChars and keeps the following ones', () => {
    const big = JSON.stringify({ blob: 'x'.repeat(200), nested: [{ a: ']' }] });
    // Minified array: the dropped element is followed by its brackets to its end.
    expect(scan(`[{"a":1},${big},{"b":2}]`, { maxRecordChars: 100, cuts: [17] })).toEqual([
      { record: { a: 1 }, line: 1 },
      { error: 'error', line: 1 },
      { record: { b: 2 }, line: 1 },
    ]);
    // JSON Lines: the next line that starts with { is the next record.
    expect(scan(`{"a":1}\n${big}\n{"b":2}\n`, { maxRecordChars: 100, cuts: [17] })).toEqual([
      { record: { a: 1 }, line: 1 },
      { error: 'error', line: 2 },
      { record: { b: 2 }, line: 3 },
    ]);
    // A line that never closes (broken quote) costs only itself, even when it swallows what follows.
    expect(scan(`{"a":"${'y'.repeat(150)}\n{"b":2}\n{"c":3}\n`, { maxRecordChars: 100, cuts: [9] })).toEqual([
      { error: 'error', line: 1 },
      { record: { b: 2 }, line: 2 },
      { record: { c: 3 }, line: 3 },
    ]);
  });
});

describe('JsonRecordScanner chunking', () => {
  const tricky = [
    '{"@odata.context":"c","value":[{"s":"a\\\\"},{"t":"\\\\\\"}{["}],"records":[{"u":"\\u005c"}]}',
    '[{"a":"\\\\\\\\"} , {"b":[1,2,],},]\r\n[{"c":null}]',
    '{"a":1}\n{"records":[{"x":1}]}\n  {"b":2}\n',
    '{"a":{"b":\n{"c":1}',
  ];

  it.each(tricky)('gives the same events for every two- and three-way split of %j', (text) => {
    const whole = scan(text, { raw: true, messages: true });
    expect(whole.length).toBeGreaterThan(1);
    for (let i = 1; i < text.length; i++) {
      for (let j = i; j < text.length; j += 3) {
        const events: Event[] = [];
        const scanner = new JsonRecordScanner({
          onRecord: (recordText, line) => events.push({ text: recordText, line }),
          onError: (error, line) => events.push({ error, line }),
          onEnvelopeKey: (name, line) => events.push({ key: name, line }),
        });
        scanner.push(text.slice(0, i));
        scanner.push(text.slice(i, j));
        scanner.push(text.slice(j));
        scanner.end();
        expect(events, `split at ${i}, ${j}`).toEqual(whole);
      }
    }
  });

  it('reads a record spread over many tiny chunks', () => {
    const big = { id: 'x'.repeat(5000), list: Array.from({ length: 300 }, (_, i) => ({ i, s: `"${i}\\` })) };
    expect(scan(`[${JSON.stringify(big)}]`, { cuts: [7, 1, 64] })).toEqual([{ record: big, line: 1 }]);
  });

  it('rejects push() after end()', () => {
    const scanner = new JsonRecordScanner({ onRecord() {}, onError() {} });
    scanner.end();
    expect(() => scanner.push('{}')).toThrow();
  });
});

// ---------------------------------------------------------------------------------------------------------
// Broken records: whatever one structural character missing does to a record, the scanner finds the next one.

type Outcome = { record: unknown; line: number } | { broken: number };

/** Scans as read-json does: a record that JSON.parse refuses, or that is no object, makes the scanner resynchronise. */
function scanBroken(text: string, cuts: readonly number[]): Outcome[] {
  const outcomes: Outcome[] = [];
  const scanner = new JsonRecordScanner({
    onRecord: (recordText, line) => {
      try {
        const value: unknown = JSON.parse(recordText);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
        outcomes.push({ record: value, line });
        return true;
      } catch {
        outcomes.push({ broken: line });
        return false;
      }
    },
    onError: (_message, line) => outcomes.push({ broken: line }),
  });
  feed(scanner, text, cuts);
  return outcomes;
}

/** Positions of the quotes, braces and brackets that give `text` its structure (not those inside strings). */
function structuralPositions(text: string, from: number): number[] {
  const positions: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        if (i >= from) positions.push(i);
      }
    } else if (c === '"') {
      inString = true;
      if (i >= from) positions.push(i);
    } else if ('{}[]'.includes(c) && i >= from) positions.push(i);
  }
  return positions;
}

/**
 * Sign-in-like records: they open alike (`id`, then `createdDateTime`), and the rest is anything but a key
 * named like an envelope's records (no sign-in has one, and a missing quote could make it look like one).
 */
const fieldName = trickyString.filter((name) => !['id', 'createdDateTime', 'value', 'records'].includes(name));
const { value: fieldValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    trickyString,
    fc.integer(),
    fc.constantFrom(true, false, null, 1.5),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fieldName, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
}));
const signInLike = fc
  .tuple(
    fc.uuid(),
    // Names that are whole numbers would go first in a JavaScript object, before `id`.
    fc.dictionary(
      fieldName.filter((name) => !/^(0|[1-9]\d*)$/.test(name)),
      fieldValue,
      { maxKeys: 4, noNullPrototype: true },
    ),
  )
  .map(([id, rest]) => ({ id, createdDateTime: '2026-11-10T08:00:00Z', ...rest }));

const BROKEN_SHAPES = ['array', 'prettyArray', 'prettyEnvelope', 'jsonLines', 'prettyDocuments'] as const;

/** The records written in a shape, and the text span and first line of each. */
function layOut(shape: (typeof BROKEN_SHAPES)[number], records: readonly Record<string, unknown>[]): { text: string; spans: [number, number, number][] } {
  const texts = records.map((r) => (shape === 'array' || shape === 'jsonLines' ? JSON.stringify(r) : JSON.stringify(r, null, 2)));
  const indent = shape === 'prettyArray' ? '  ' : shape === 'prettyEnvelope' ? '    ' : '';
  const indented = texts.map((t) => t.replaceAll('\n', `\n${indent}`));
  const [open, separator, close] = (
    {
      array: ['[', ',', ']'],
      prettyArray: ['[\n  ', ',\n  ', '\n]'],
      prettyEnvelope: ['{\n  "@odata.context": "x",\n  "value": [\n    ', ',\n    ', '\n  ]\n}'],
      jsonLines: ['', '\n', '\n'],
      prettyDocuments: ['', '\n', '\n'],
    } as const
  )[shape];
  const spans: [number, number, number][] = [];
  let text = open;
  indented.forEach((t, index) => {
    if (index > 0) text += separator;
    spans.push([text.length, text.length + t.length, text.split('\n').length]);
    text += t;
  });
  return { text: text + close, spans };
}

describe('JsonRecordScanner after a broken record', () => {
  it('loses only the broken record, reported once at its line, whatever structural character it lacks', () => {
    let exactlyOne = 0;
    let total = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...BROKEN_SHAPES),
        fc.array(signInLike, { minLength: 3, maxLength: 6 }),
        fc.nat(),
        fc.nat(),
        fc.array(fc.integer({ min: 1, max: 80 }), { maxLength: 4 }),
        (shape, records, which, where, cuts) => {
          // Not the first record: before any record was read well, a minified array has no opening to look for.
          const broken = 1 + (which % (records.length - 1));
          const { text, spans } = layOut(shape, records);
          const [start, end, line] = spans[broken]!;
          const record = text.slice(start, end);
          // After the record's opening (its first two keys), so it still opens like the others.
          const opening = record.indexOf('"createdDateTime"') + '"createdDateTime"'.length;
          const positions = structuralPositions(record, opening);
          const cut = start + positions[where % positions.length]!;
          const damaged = text.slice(0, cut) + text.slice(cut + 1);
          const outcomes = scanBroken(damaged, cuts);
          const intact = (index: number): Outcome => ({ record: records[index], line: spans[index]![2] });
          // Every other record comes back whole, in order, on its own line...
          const after = records.length - broken - 1;
          expect(outcomes.slice(0, broken)).toEqual(records.slice(0, broken).map((_, index) => intact(index)));
          expect(outcomes.slice(outcomes.length - after)).toEqual(records.slice(broken + 1).map((_, index) => intact(broken + 1 + index)));
          // ...and the broken one is reported, on its own lines, in line order. A missing quote can leave a shorter
          // record that is still JSON, so one record read from its first part may come first; mostly the broken
          // record is exactly one report at its first line (counted below).
          const middle = outcomes.slice(broken, outcomes.length - after);
          const lastLine = line + record.split('\n').length - 1;
          const lines = middle.map((outcome) => ('broken' in outcome ? outcome.broken : outcome.line));
          expect(middle.some((outcome) => 'broken' in outcome)).toBe(true);
          expect(lines).toEqual([...lines].sort((a, b) => a - b));
          expect(lines.every((at) => at >= line && at <= lastLine)).toBe(true);
          if (middle.length === 1) exactlyOne++;
          total++;
        },
      ),
      { numRuns: 2000 },
    );
    // The rest of a broken record that happens to be JSON itself is rare: almost always it is one report.
    expect(exactlyOne / total).toBeGreaterThan(0.95);
  });

  it('finds the next element of a pretty-printed array by its indentation when the first record is the broken one', () => {
    const records = [0, 1, 2].map((i) => ({ id: `r${i}`, createdDateTime: '2026-11-10T08:00:00Z', status: { errorCode: i } }));
    const text = JSON.stringify(records, null, 2).replace('"id": "r0"', '"id": "r0');
    expect(scanBroken(text, [])).toEqual([{ broken: 2 }, { record: records[1], line: 9 }, { record: records[2], line: 16 }]);
  });

  it('reads on after a record whose missing quote closed a one-line array early, with an object on the same line', () => {
    const id = '00000000-0000-1000-8000-000000000000';
    const records = [
      { id, createdDateTime: '2026-11-10T08:00:00Z' },
      { id, createdDateTime: '2026-11-10T08:00:00Z', '}]{': 0 },
      { id, createdDateTime: '2026-11-10T08:00:00Z' },
    ];
    // The quote closing the second record's time is missing: its string runs on into `,"`, and its key's
    // `}]` closes the record and the array, leaving `{":0},` and the third record on that line.
    const text = JSON.stringify(records).replace('08:00:00Z","}]{"', '08:00:00Z,"}]{"');
    expect(scanBroken(text, [])).toEqual([
      { record: records[0], line: 1 },
      { record: { id, createdDateTime: '2026-11-10T08:00:00Z,' }, line: 1 },
      { broken: 1 },
      { record: records[2], line: 1 },
    ]);
    // An object that opens as the records do is read as one, as after any array.
    expect(scanBroken(`${JSON.stringify(records.slice(0, 1))}${JSON.stringify(records[2])}`, [])).toEqual([
      { record: records[0], line: 1 },
      { record: records[2], line: 1 },
    ]);
  });

  // The second of a pretty-printed envelope's records lost the opening quote of its last key (line 11), whose
  // brackets then close the record and more: the records array, which leaves the quote to open an envelope key
  // that runs on to line 14; or the array and the envelope, whose own `]` and `}` (lines 17 and 18) still end it.
  it.each([
    ['its records', '}]'],
    ['its records and the envelope', '}]}'],
  ])('reads on in the envelope after a record whose missing quote closed %s early', (_closes, key) => {
    const id = '00000000-0000-1000-8000-000000000000';
    const time = '2026-11-10T08:00:00Z';
    const records = [
      { id, createdDateTime: time },
      { id, createdDateTime: time, [key]: 0 },
      { id, createdDateTime: time },
    ];
    const text = JSON.stringify({ '@odata.context': 'x', value: records }, null, 2).replace(`"${key}": 0`, `${key}": 0`);
    for (const cuts of [[], [1], [7], [50]]) {
      expect(scanBroken(text, cuts)).toEqual([
        { record: records[0], line: 4 },
        { record: { id, createdDateTime: time }, line: 8 },
        { broken: 11 },
        { record: records[2], line: 13 },
      ]);
    }
  });

  it('reads the rest of a document whose brackets closed too early as that document, not as records', () => {
    const record = {
      time: '2026-11-10T08:00:00Z',
      category: 'SignInLogs',
      properties: { id: 'a', deviceDetail: { os: 'Windows' }, appliedConditionalAccessPolicies: [{ id: 'p1' }, { id: 'p2' }] },
    };
    const text = `${JSON.stringify(record, null, 2).replace('"deviceDetail": {', '"deviceDetail": {}},')}\n${JSON.stringify({ ...record, time: 'later' }, null, 2)}\n`;
    const outcomes = scanBroken(text, []);
    // The record up to the early close is whole JSON; what follows it is one error, then the next document.
    expect(outcomes.map((outcome) => ('broken' in outcome ? 'broken' : 'record'))).toEqual(['record', 'broken', 'record']);
    expect(outcomes.at(-1)).toEqual({ record: { ...record, time: 'later' }, line: 19 });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Damaged input, read whole or in chunks: where the input was cut cannot change what is said of it.

describe('JsonRecordScanner on damaged input in chunks', () => {
  /** Every callback, with messages, as read-json takes records: text JSON.parse refuses, or no object, is broken. */
  function events(text: string, cuts: readonly number[]): string[] {
    const said: string[] = [];
    const scanner = new JsonRecordScanner({
      onRecord: (recordText, line) => {
        let value: unknown;
        try {
          value = JSON.parse(recordText);
        } catch {
          said.push(`${line} malformed`);
          return false;
        }
        said.push(`${line} record ${recordText}`);
        return typeof value === 'object' && value !== null && !Array.isArray(value);
      },
      onError: (message, line) => said.push(`${line} error: ${message}`),
      onEnvelopeKey: (key, line) => said.push(`${line} key ${key}`),
      onUnclosed: (container, line) => said.push(`${line} unclosed ${container}`),
      onTable: (head, line) => said.push(`${line} table ${head}`),
    });
    feed(scanner, text, cuts);
    return said;
  }

  // Records in the shapes of real exports, their pieces, and the characters that break them.
  const pieces = [
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    '"',
    '\\',
    'x',
    '1',
    '\n',
    '\r\n',
    '  ',
    '    ',
    '\t',
    '"id":1',
    '"a":"x"',
    '{"id":1,"b":2}',
    '{"id":"q","b":[1,{"c":2}]}',
    '{\n  "id": 1,\n  "b": 2\n}',
    '{\n    "id": 1,\n    "b": {"x": [1]}\n  }',
    '"value":[',
    '"records":[',
    '"@odata.nextLink":"u"',
    '"tables":[{"name":"T","columns":[{"name":"a","type":"string"}],"rows":[',
    '["r",1]',
  ];
  const damaged = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((parts) => parts.join(''));
  const cuts = fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 4 });

  it('says the same of any input read whole and cut into chunks of any sizes', () => {
    fc.assert(
      fc.property(damaged, cuts, (text, sizes) => {
        expect(events(text, sizes)).toEqual(events(text, []));
      }),
      { numRuns: 5000 },
    );
  });

  it('says the same of openings longer than what is carried between chunks, and of deep indentation', () => {
    const record = `{"id":"${'v'.repeat(5000)}","b":2}`;
    const indent = ' '.repeat(1000);
    for (const text of [`[${record},${record}},${record},${record}]`, `[\n${indent}x,\n${indent}{"id":2}\n]`]) {
      const whole = events(text, []);
      expect(whole.some((said) => said.includes('record'))).toBe(true);
      for (const sizes of [[7], [1000], [4095], [300, 5]]) expect(events(text, sizes)).toEqual(whole);
    }
  });

  it.each([
    // A broken record found again after it: once read whole, and cut into small pieces the same.
    ['\r\n [\n  {"id":1,\n  ][\n  \n  ', ['3 malformed']],
    // On the line an array closed, an object that opens as the records did is the next document.
    ['[{"id":1,"b":2}]{"id":1,"b":2}', ['1 record {"id":1,"b":2}', '1 record {"id":1,"b":2}']],
    // After a stray "}", the next record is found by its opening, and given the line it is on.
    [
      '[{"id":1,"b":2}\n}[{"id":1,"b":2}',
      ['1 record {"id":1,"b":2}', '2 error: unexpected "}" between records', '2 record {"id":1,"b":2}', '2 unclosed array'],
    ],
  ])('%j', (text, said) => {
    for (const sizes of [[], [1], [2], [3], [6], [7]]) expect(events(text, sizes)).toEqual(said);
  });
});
