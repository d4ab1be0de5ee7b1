// The worker thread of the parallel reader: it reads the file parts the main thread sends (ingest/parallel/
// read-part.ts) into one analysis per file, the same analysis the main thread runs, and hands over a file's
// result when asked. Its messages are those of contract.ts.

import { parentPort, workerData } from 'node:worker_threads';
import { analysisTransferList, createAnalysis, type Analysis } from '../analyze/index.js';
import { loadCatalog, unknownEntry } from '../catalog/index.js';
import { readPart } from '../ingest/parallel/read-part.js';
import type { CollectOutcome, WorkerReply, WorkerRequest, WorkerSetup } from './contract.js';

const setup: WorkerSetup = workerData;
const catalog = await loadCatalog(setup.catalogFile);
/** Each file's analysis, from its first part until the main thread collects the result. */
const analyses = new Map<number, Analysis>();

function reply(message: WorkerReply, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(message, transfer);
}

parentPort?.on('message', (request: WorkerRequest) => {
  if (request.kind === 'collect') {
    const analysis = analyses.get(request.file);
    analyses.delete(request.file);
    let outcome: CollectOutcome;
    try {
      if (analysis === undefined) throw new Error(`no analysis for file ${request.file}`);
      outcome = { ok: true, result: analysis.result() };
    } catch (error) {
      outcome = { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    // The result's typed arrays move to the main thread instead of being copied: the worker is done with them.
    reply(
      { id: request.id, kind: 'collect', outcome },
      outcome.ok ? [...new Set([...transferables(outcome.result.tallies), ...analysisTransferList(outcome.result)])] : [],
    );
    return;
  }
  let analysis = analyses.get(request.file);
  if (analysis === undefined) {
    analysis = createAnalysis(setup.analysis, catalog, unknownEntry);
    analyses.set(request.file, analysis);
  }
  void readPart(request.part, analysis.add).then((outcome) => reply({ id: request.id, kind: 'read', outcome }));
});

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
