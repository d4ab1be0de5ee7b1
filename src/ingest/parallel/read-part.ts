// Owns reading one part of a large file, on a worker thread or the main thread: its bytes are decoded and read like
// a whole file from the part's boundary, each sign-in handed to the thread's analysis for the file, and the part's
// row accounting returned.
// Nothing is printed: the first rejected rows travel back with the counts and the main thread lists them.

import type { SignIn } from '../../model.js';
import { IngestRun } from '../accounting.js';
import { decode, utf8ChunkOf, type Utf8Chunk } from '../decode.js';
import { SeenRequestIds, SeenTableFull } from '../dedupe.js';
import { fileChunks, stopReading } from '../file-chunks.js';
import { readCsv } from '../read-csv.js';
import { readJson } from '../read-json.js';
import { PartMisaligned, type PartOutcome, type PartRequest } from './boundary.js';

/** Reads the part; every way it can fail becomes an outcome that makes the main thread read the file whole. */
export async function readPart(request: PartRequest, onSignIn: (signIn: SignIn) => void): Promise<PartOutcome> {
  try {
    return await read(request, onSignIn);
  } catch (error) {
    if (error instanceof PartMisaligned) return { ok: false, why: 'misaligned', message: error.message };
    if (error instanceof SeenTableFull) return { ok: false, why: 'tableFull', message: error.message };
    return { ok: false, why: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}

async function read(request: PartRequest, onSignIn: (signIn: SignIn) => void): Promise<PartOutcome> {
  const seen = request.seen === undefined ? undefined : new SeenRequestIds(request.seen);
  const run = new IngestRun({ strict: false, keepDuplicates: seen === undefined, dateOrder: request.dateOrder, diagnose: () => {} }, onSignIn, seen);
  const account = run.file(request.path);
  let lines = 0;
  const stream = fileChunks(request.path, { start: request.start, end: request.end });
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const buffer of stream) {
      for (let at = buffer.indexOf(0x0a); at >= 0; at = buffer.indexOf(0x0a, at + 1)) lines++;
      yield buffer;
    }
  }
  try {
    const decoded = await decode(counted());
    const boundary = { endsAtCut: request.endsAtCut, header: request.header, delimiter: request.delimiter, wholeRecords: request.kind === 'json-array' };
    if (request.kind === 'csv') {
      await readCsv(decoded.utf8Chunks ?? decoded.chunks, account, undefined, boundary);
    } else {
      // A part of a JSON array after the first starts at a record: read as the array's opening would be.
      const whole = decoded.utf8Chunks ?? decoded.chunks;
      const chunks = request.kind === 'json-array' && request.start > request.dataStart ? withBracket(whole) : whole;
      await readJson(chunks, account, boundary);
    }
  } finally {
    stopReading(stream);
  }
  seen?.flush();
  return {
    ok: true,
    rowsRead: account.rowsRead,
    signIns: account.signIns,
    rejected: account.rejected,
    duplicates: account.duplicates,
    filteredOut: account.filteredOut,
    firstOther: account.firstOther,
    rejectedByReason: [...run.rejectedByReason.entries()],
    rejectedShown: run.rejectedShown,
    lines,
    span: account.span.facts(),
    timeFallbacks: account.timeFallbacks,
    firstFallback: account.firstFallback,
  };
}

/**
 * The chunks with an array's opening bracket in front of the first. In the same chunk as the part's first record:
 * the JSON fast reader decides from the start of what it has been given whether an array opens with records it
 * can read itself, and a bracket alone would send the whole part to the record scanner (about twice as slow).
 * A part always has a first chunk: plan.ts cuts strictly inside the file, so every part holds bytes.
 */
export async function* withBracket(chunks: AsyncIterable<string | Utf8Chunk>): AsyncGenerator<string | Utf8Chunk> {
  let first = true;
  for await (const chunk of chunks) {
    if (first) {
      first = false;
      // A copy: a chunk's buffer may be reused for a later chunk (file-chunks.ts).
      yield typeof chunk === 'string' ? `[${chunk}` : utf8ChunkOf(Buffer.concat([BRACKET, chunk.buffer]));
    } else yield chunk;
  }
}

const BRACKET = Buffer.from('[');
