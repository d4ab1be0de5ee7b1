// Reading files in reused buffers (file-chunks.ts): the bytes of a file or range come out exactly, the buffers
// are really reused, the file is closed when reading stops, and no reader keeps a chunk it has moved past; a cut
// gzip file gives everything zlib can inflate before its error, however fast it is read (decode.ts).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Diagnostic } from '../src/diagnostics.js';
import type { SignIn } from '../src/model.js';
import { IngestRun } from '../src/ingest/accounting.js';
import { decode } from '../src/ingest/decode.js';
import { containerOf } from '../src/ingest/detect.js';
import { fileChunks, stopReading, type ChunkRange } from '../src/ingest/file-chunks.js';
import { readCsv } from '../src/ingest/read-csv.js';
import { readJson } from '../src/ingest/read-json.js';

const dir = mkdtempSync(join(tmpdir(), 'file-chunks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(path: string, range: ChunkRange): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  // Copied: the buffers are reused.
  for await (const chunk of fileChunks(path, range)) chunks.push(Buffer.from(chunk));
  return chunks;
}

describe('fileChunks', () => {
  it('gives the bytes of the file or of a range, in chunks of the size asked for', async () => {
    const path = join(dir, 'bytes.bin');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 700 }), async (content, a, b, chunkBytes) => {
        writeFileSync(path, content);
        const whole = await collect(path, { chunkBytes });
        expect(Buffer.concat(whole)).toEqual(Buffer.from(content));
        expect(whole.length).toBe(Math.ceil(content.length / chunkBytes));
        const start = content.length === 0 ? 0 : a % (content.length + 1);
        const end = start + (b % (content.length - start + 1));
        const part = await collect(path, { start, end, chunkBytes });
        expect(Buffer.concat(part)).toEqual(Buffer.from(content.subarray(start, end)));
        expect(part.every((chunk) => chunk.length === chunkBytes || chunk === part.at(-1))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('reads into three buffers in turn', async () => {
    const path = join(dir, 'ring.bin');
    writeFileSync(path, Buffer.alloc(40, 1));
    const seen: ArrayBufferLike[] = [];
    for await (const chunk of fileChunks(path, { chunkBytes: 8 })) seen.push(chunk.buffer);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(3);
    expect(seen[3]).toBe(seen[0]);
    expect(seen[4]).toBe(seen[1]);
  });

  it.runIf(existsSync('/proc/self/fd'))('closes the file when reading stops early, and when it ends', async () => {
    const path = join(dir, 'close.bin');
    writeFileSync(path, Buffer.alloc(100, 2));
    const open = (): number => readdirSync('/proc/self/fd').length;
    const before = open();
    const stopped = fileChunks(path, { chunkBytes: 10 });
    await stopped.next();
    expect(open()).toBe(before + 1);
    stopReading(stopped);
    // Closing is asynchronous: a busy machine may take longer than a moment.
    await vi.waitFor(() => expect(open()).toBe(before), { timeout: 5000, interval: 10 });
    await collect(path, { chunkBytes: 10 });
    expect(open()).toBe(before);
  });

  it.runIf(spawnSync('mkfifo', ['--version']).status === 0)('reads a FIFO, which has no offsets, from where it is', async () => {
    const path = join(dir, 'fifo');
    expect(spawnSync('mkfifo', [path]).status).toBe(0);
    const content = Buffer.from('x'.repeat(5000));
    const [chunks] = await Promise.all([collect(path, { chunkBytes: 1000 }), writeFile(path, content)]);
    expect(Buffer.concat(chunks)).toEqual(content);
  });
});

/** Each chunk in a buffer of its own, as a stream gives them. */
async function* copied(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) yield Buffer.from(chunk);
}

/**
 * Reads a file as ingest does after its first character (CSV or JSON), its bytes read `chunkBytes` at a time into
 * reused buffers, or each into a buffer of its own.
 */
async function readFile(path: string, chunkBytes: number, reused: boolean) {
  const signIns: SignIn[] = [];
  const diagnostics: Diagnostic[] = [];
  const run = new IngestRun({ strict: false, keepDuplicates: true, dateOrder: undefined, diagnose: (item) => diagnostics.push(item) }, (signIn) =>
    signIns.push(signIn),
  );
  const account = run.file(path);
  const stream = fileChunks(path, { chunkBytes });
  let outcome: unknown;
  try {
    const decoded = await decode(reused ? stream : copied(stream));
    const first = await decoded.firstCharacter();
    const chunks = decoded.utf8Chunks ?? decoded.chunks;
    if (first === undefined) outcome = 'empty';
    else if (containerOf(first) === 'json') {
      const format = await readJson(chunks, account);
      // As ingest does: rows wait for the file's day/month order until its summary.
      account.summary(format);
      outcome = format;
    } else {
      const read = await readCsv(chunks, account, undefined);
      if (read.kind === 'read') account.summary(read.format);
      outcome = read;
    }
  } catch (error) {
    outcome = { error: String(error) };
  } finally {
    stopReading(stream);
  }
  return { outcome, signIns, diagnostics, rejected: run.rejectedShown, counts: [account.rowsRead, account.signIns, account.rejected, account.filteredOut] };
}

describe('readers keep no chunk they have moved past', () => {
  // Every fixture (CSV, TSV, JSON, JSON Lines, gzip; good and bad), and two that make decode read ahead.
  const fixtures = readdirSync('fixtures', { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(csv|tsv|json|jsonl|gz)$/.test(file))
    .map((file) => join('fixtures', file))
    .sort();
  const blankStart = join(dir, 'blank-start.json');
  const blankStartCsv = join(dir, 'blank-start.csv');
  const sample = readFileSync('fixtures/formats/graph-v1-signins-last-page.json', 'utf8');
  writeFileSync(blankStart, `${' \n'.repeat(200)}${sample}`);
  writeFileSync(blankStartCsv, `\n\n\n${readFileSync('fixtures/sample/InteractiveSignIns_sample.csv', 'utf8').slice(0, 20000)}`);

  it('has fixtures of every kind', () => {
    expect(fixtures.filter((file) => file.endsWith('.gz')).length).toBeGreaterThan(0);
    expect(fixtures.filter((file) => file.endsWith('.json')).length).toBeGreaterThan(5);
    expect(fixtures.filter((file) => file.endsWith('.csv')).length).toBeGreaterThan(5);
  });

  it.each([...fixtures, blankStart, blankStartCsv])('%s: read in small reused buffers as in buffers of their own', async (file) => {
    // The first chunk decides how a CSV is sniffed, so each size is compared with itself; sizes that would cut the
    // file into more than 3,000 chunks are left out (a second or more each), the largest never.
    const size = statSync(file).size;
    const sizes = [1, 7, 64, 1000].filter((chunkBytes) => chunkBytes === 1000 || size / chunkBytes <= 3000);
    for (const chunkBytes of sizes) expect(await readFile(file, chunkBytes, true)).toEqual(await readFile(file, chunkBytes, false));
  });
});

describe('a cut gzip file', () => {
  // All that zlib can inflate comes out before the error, however fast it is read and however the file is cut into
  // chunks; the naive model is zlib's one-shot inflate told not to expect the end.
  let text = 'n,value\n';
  for (let i = 0; i < 20_000; i++) text += `${i},${(i * 7919) % 100_003} a line long enough to fill a few blocks ${i % 13}\n`;
  const packed = gzipSync(text);
  const cut = join(dir, 'cut.csv.gz');
  writeFileSync(cut, packed.subarray(0, packed.length - 30));
  const inflatable = gunzipSync(readFileSync(cut), { finishFlush: constants.Z_SYNC_FLUSH }).toString();

  async function readCut(chunkBytes: number, slow: boolean): Promise<{ text: string; error: string }> {
    const stream = fileChunks(cut, { chunkBytes });
    let read = '';
    let error = '';
    try {
      const decoded = await decode(stream);
      await decoded.firstCharacter();
      for await (const chunk of decoded.chunks) {
        read += chunk;
        if (slow) await new Promise((resolve) => setTimeout(resolve, 1));
      }
    } catch (thrown) {
      error = String(thrown);
    } finally {
      stopReading(stream);
    }
    return { text: read, error };
  }

  it.each([
    [1000, false],
    [1000, true],
    [65_536, false],
    [65_536, true],
  ])('read in chunks of %i bytes (slowly: %s) gives every byte zlib can inflate, then the error', async (chunkBytes, slow) => {
    expect(inflatable.length).toBeGreaterThan(text.length - 1000);
    for (let round = 0; round < 3; round++) {
      expect(await readCut(chunkBytes, slow)).toEqual({ text: inflatable, error: 'Error: unexpected end of file' });
    }
  });
});
