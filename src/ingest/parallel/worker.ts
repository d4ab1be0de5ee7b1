// Owns a worker thread of the parallel reader: it reads the file parts the main thread sends into one sink
// per file (from the caller's sink module), posts back each part's counts, and hands over a file's sink
// result when asked. It prints nothing: rejected rows travel back with the counts and the main thread
// lists them.

import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Readable } from 'node:stream';
import type { SignIn } from '../../model.js';
import type { DateOrder } from '../dates.js';
import { decode } from '../decode.js';
import { SeenRequestIds, SeenTableFull } from '../dedupe.js';
import type { IngestOptions, PartSink } from '../options.js';
import type { CollectResult, PartRequest, PartResult, WorkerRequest, WorkerSetup } from './plan.js';
import { MISALIGNED_PART, readCsv } from '../read-csv.js';
import { readJson } from '../read-json.js';
import { IngestRun } from '../accounting.js';

const setup = workerData as WorkerSetup;
const sinkModule = (await import(setup.sinkModule)) as { createSink(config: unknown): Promise<PartSink> | PartSink };

const options: IngestOptions = {
  fieldMap: undefined,
  dateOrder: setup.dateOrder as DateOrder | undefined,
  strict: false,
  keepDuplicates: false,
  quiet: true,
  progress: false,
  stdin: Readable.from([]),
  cwd: process.cwd(),
  stderr: () => {},
};

/** Each file's sink, from its first part until the main thread collects the result. */
const sinks = new Map<number, PartSink>();

parentPort?.on('message', (request: WorkerRequest) => {
  if ('collect' in request) {
    const sink = sinks.get(request.collect);
    sinks.delete(request.collect);
    let result: CollectResult;
    try {
      result = { ok: true, result: sink?.result() };
    } catch (error) {
      result = { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    // The result's typed arrays move to the main thread instead of being copied: the worker is done with them.
    parentPort?.postMessage({ id: request.id, result }, result.ok ? transferables(result.result) : []);
    return;
  }
  readPart(request).then(
    (result) => parentPort?.postMessage({ id: request.id, result }),
    (error: unknown) => {
      const result: PartResult =
        error === MISALIGNED_PART
          ? { ok: false, why: 'misaligned', message: 'a record crosses the cut' }
          : error instanceof SeenTableFull
            ? { ok: false, why: 'tableFull', message: error.message }
            : { ok: false, why: 'error', message: error instanceof Error ? error.message : String(error) };
      parentPort?.postMessage({ id: request.id, result });
    },
  );
});

async function readPart(request: PartRequest): Promise<PartResult> {
  let sink = sinks.get(request.file);
  if (sink === undefined) {
    sink = await sinkModule.createSink(setup.sinkConfig);
    sinks.set(request.file, sink);
  }
  const fileSink = sink;
  const seen = request.seen === undefined ? undefined : new SeenRequestIds(request.seen);
  const run = new IngestRun(options, (signIn: SignIn) => fileSink.add(signIn), seen, false);
  const tally = run.file(request.path);
  let lines = 0;
  const stream = createReadStream(request.path, { start: request.start, end: request.end - 1, highWaterMark: 256 << 10 });
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      for (let at = buffer.indexOf(0x0a); at >= 0; at = buffer.indexOf(0x0a, at + 1)) lines++;
      yield buffer;
    }
  }
  const decoded = await decode(Readable.from(counted()));
  if (request.kind === 'csv') {
    await readCsv(decoded.utf8Chunks ?? decoded.chunks, tally, undefined, { header: request.header, delimiter: request.delimiter, endsAtCut: request.endsAtCut });
  } else {
    // A part of a JSON array after the first starts at a record: read as the array's opening would be.
    const chunks = request.kind === 'json-array' && request.start > request.dataStart ? opening('[', decoded.chunks) : decoded.chunks;
    await readJson(chunks, tally, { endsAtCut: request.endsAtCut, ofArray: request.kind === 'json-array' });
  }
  seen?.flush();
  return {
    ok: true,
    rowsRead: tally.rowsRead,
    signIns: tally.signIns,
    rejected: tally.rejected,
    duplicates: tally.duplicates,
    rejectedByReason: [...run.rejectedByReason.entries()],
    rejectedShown: run.rejectedShown,
    lines,
  };
}

/** The buffers of the typed arrays in a result made of plain objects and arrays, each once. */
function transferables(value: unknown, found = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object' && item !== null) transferables(item, found);
  } else if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    for (const item of Object.values(value)) transferables(item, found);
  }
  return [...found];
}

async function* opening(text: string, chunks: AsyncIterable<string>): AsyncGenerator<string> {
  yield text;
  yield* chunks;
}
