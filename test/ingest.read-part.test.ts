// How a part of a JSON array after the first reaches the JSON reader (parallel/read-part.ts withBracket): the
// array's opening bracket in front of the part's first chunk, as text and as bytes, copied out of a buffer that
// may be reused, so that the JSON fast reader reads the part's records itself instead of the record scanner.
import { describe, expect, it } from 'vitest';
import { utf8ChunkOf, type Utf8Chunk } from '../src/ingest/decode.js';
import { JsonFastReader } from '../src/ingest/json-fast.js';
import { JsonRecordScanner } from '../src/ingest/json-records.js';
import { withBracket } from '../src/ingest/parallel/read-part.js';

async function* chunksOf<Chunk>(chunks: readonly Chunk[]): AsyncGenerator<Chunk> {
  yield* chunks;
}

async function all<Chunk>(chunks: AsyncIterable<Chunk>): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

/** How many records the fast reader parsed itself when given these chunks. */
function parsedByFastReader(chunks: readonly (string | Utf8Chunk)[]): { parsed: number; records: number } {
  let records = 0;
  const scanner = new JsonRecordScanner({
    onRecord: () => {
      records++;
      return true;
    },
    onError: () => {},
    onEnvelopeKey: () => {},
  });
  const reader = new JsonFastReader(scanner, () => records++);
  for (const chunk of chunks) reader.push(chunk);
  reader.end();
  return { parsed: reader.recordsParsed, records };
}

describe('a part of a JSON array after the first', () => {
  it('gets the bracket in front of its first chunk, as text and as bytes', async () => {
    expect(await all(withBracket(chunksOf(['{"id":"a"', ',"n":1},{"id":"b"}'])))).toEqual(['[{"id":"a"', ',"n":1},{"id":"b"}']);
    const read = Buffer.from('{"id":"é"}');
    const chunks = (await all(withBracket(chunksOf([utf8ChunkOf(read), utf8ChunkOf(Buffer.from(',{}'))])))) as Utf8Chunk[];
    expect(chunks.map((chunk) => chunk.buffer.toString('utf8'))).toEqual(['[{"id":"é"}', ',{}']);
    expect(chunks[0]!.ascii).toBe(false);
    // The buffer a chunk was read into may be reused for a later one: the first chunk handed on is a copy.
    read.fill(0x20);
    expect(chunks[0]!.buffer.toString('utf8')).toBe('[{"id":"é"}');
  });

  it('is read by the fast reader itself, where a bracket alone would send every record to the scanner', async () => {
    const records = Array.from({ length: 6 }, (_, index) => JSON.stringify({ id: `r${index}`, createdDateTime: '2026-11-10T08:00:00Z', n: index }));
    const part = `${records.join(',')},`;
    const pieces = [part.slice(0, 70), part.slice(70)];
    // All six records, the last left to the scanner (the part ends at a cut, after a comma).
    expect(parsedByFastReader(await all(withBracket(chunksOf(pieces))))).toEqual({ parsed: 5, records: 6 });
    expect(parsedByFastReader(['[', ...pieces])).toEqual({ parsed: 0, records: 6 });
  });
});
