// The JSON Lines fast path against the record scanner it short-cuts: on random inputs of well-formed
// lines mixed with every kind of line it must hand over (broken, pretty-printed, envelope, array, trailing
// comma, blank with spaces, CRLF), cut into random chunks, both give the same records, errors and lines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonLinesReader } from '../src/ingest/json-lines.js';
import { JsonRecordScanner } from '../src/ingest/json-records.js';

type Event = { record: unknown; line: number } | { malformed: true; line: number } | { error: string; line: number } | { key: string; line: number };

function scannerFor(events: Event[]): JsonRecordScanner {
  return new JsonRecordScanner({
    onRecord: (text, line) => {
      try {
        events.push({ record: JSON.parse(text) as unknown, line });
      } catch {
        events.push({ malformed: true, line });
      }
    },
    onError: (_message, line) => events.push({ error: 'error', line }),
    onEnvelopeKey: (key, line) => events.push({ key, line }),
  });
}

function feed(target: { push(text: string): void; end(): void }, text: string, cuts: readonly number[]): void {
  let at = 0;
  for (let i = 0; at < text.length; i++) {
    const size = cuts.length === 0 ? text.length : cuts[i % cuts.length]!;
    target.push(text.slice(at, at + size));
    at += size;
  }
  target.end();
}

function byScanner(text: string, cuts: readonly number[]): Event[] {
  const events: Event[] = [];
  feed(scannerFor(events), text, cuts);
  return events;
}

function byReader(text: string, cuts: readonly number[], maxLineChars?: number): { events: Event[]; linesParsed: number } {
  const events: Event[] = [];
  const reader = new JsonLinesReader(scannerFor(events), (record, line) => events.push({ record, line }), maxLineChars);
  feed(reader, text, cuts);
  return { events, linesParsed: reader.linesParsed };
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

describe('the JSON Lines reader', () => {
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
    const text = lines.join('\r\n') + '\r\n';
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
