// Owns the messages between the main thread and a worker thread of the parallel reader: what a worker is set up
// with, what it is asked, and what it answers. Every field is plain, structured-clone safe data.

import type { AnalysisResult, AnalysisSetup } from '../analyze/index.js';
import type { PartOutcome, PartRequest } from '../ingest/parallel/boundary.js';
import type { FileRef } from '../model.js';

/** The worker's `workerData`: everything it needs to build the same analysis as the main thread. */
export interface WorkerSetup {
  readonly catalogFile: FileRef | undefined;
  readonly analysis: AnalysisSetup;
}

/**
 * Read a part into the analysis the worker keeps for `file` (one reading of one file), or hand over that
 * analysis's result and forget it. One analysis per thread and file, instead of one per part, keeps a single
 * set of tallies per thread in memory and sends only that back.
 */
export type WorkerRequest =
  | { readonly id: number; readonly kind: 'read'; readonly file: number; readonly part: PartRequest }
  | { readonly id: number; readonly kind: 'collect'; readonly file: number };

export type CollectOutcome = { readonly ok: true; readonly result: AnalysisResult } | { readonly ok: false; readonly message: string };

export type WorkerReply =
  | { readonly id: number; readonly kind: 'read'; readonly outcome: PartOutcome }
  | { readonly id: number; readonly kind: 'collect'; readonly outcome: CollectOutcome };
