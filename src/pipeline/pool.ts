// Owns the threads of the parallel reader: the main thread and worker threads (started on first use and reused
// for every large file of the run), each reading the parts it is given (contract.ts) into its own analysis, whose
// results are merged into the main thread's analysis once every part of a file was read. With --threads N the
// main thread is one of the N: it would otherwise only wait, and each worker thread costs memory of its own.

import { Worker } from 'node:worker_threads';
import type { Analysis, AnalysisResult } from '../analyze/index.js';
import type { DateOrder } from '../ingest/dates.js';
import { readPart } from '../ingest/parallel/read-part.js';
import type { FilePlan, PartOutcome, PartRequest, PartRunner, PartsReading } from '../ingest/parallel/boundary.js';
import type { CollectOutcome, WorkerReply, WorkerRequest, WorkerSetup } from './contract.js';

export class WorkerPool implements PartRunner {
  private workers: Worker[] = [];
  private nextId = 0;
  private nextFile = 0;

  constructor(
    private readonly script: URL,
    private readonly setup: WorkerSetup,
    readonly threads: number,
    /** Takes each thread's result for a file whose parts were all read. */
    private readonly merge: (result: AnalysisResult) => void,
    /** A new analysis like a worker's, for the parts the main thread reads. */
    private readonly createAnalysis: () => Analysis,
  ) {}

  /**
   * Reads every part: the parts' outcomes in part order and, when every part was read, the threads' results
   * (one per thread that read a part), merged on commit. `onPartDone` is called as parts finish (progress).
   */
  async read(plan: FilePlan, seen: SharedArrayBuffer | undefined, dateOrder: DateOrder | undefined, onPartDone: () => void): Promise<PartsReading> {
    // A small young generation makes each thread collect its short-lived rows sooner: less peak memory.
    while (this.workers.length < this.threads - 1)
      this.workers.push(new Worker(this.script, { workerData: this.setup, resourceLimits: { maxYoungGenerationSizeMb: 8 } }));
    const file = this.nextFile++;
    const parts: PartRequest[] = [];
    for (let i = 0; i + 1 < plan.cuts.length; i++) {
      parts.push({
        path: plan.path,
        kind: plan.kind,
        header: plan.header,
        delimiter: plan.delimiter,
        start: plan.cuts[i] ?? 0,
        end: plan.cuts[i + 1] ?? 0,
        dataStart: plan.dataStart,
        endsAtCut: i + 2 < plan.cuts.length,
        dateOrder,
        seen,
      });
    }
    const outcomes = new Array<PartOutcome>(parts.length);
    const used = new Set<Worker>();
    let local: Analysis | undefined;
    let here = 0;
    let next = 0;
    const done = (index: number, outcome: PartOutcome): void => {
      outcomes[index] = outcome;
      onPartDone();
      if (!outcome.ok) next = parts.length; // no point reading on
    };
    await Promise.all([
      ...this.workers.map(async (worker) => {
        while (next < parts.length) {
          const index = next++;
          used.add(worker);
          const reply = await this.ask(worker, { id: this.nextId++, kind: 'read', file, part: parts[index]! });
          done(index, reply.kind === 'read' ? reply.outcome : { ok: false, why: 'error', message: 'the thread answered out of turn' });
        }
      }),
      (async () => {
        while (next < parts.length) {
          const index = next++;
          local ??= this.createAnalysis();
          here++;
          done(index, await readPart(parts[index]!, local.add));
        }
      })(),
    ]);
    for (let i = 0; i < outcomes.length; i++) outcomes[i] ??= { ok: false, why: 'error', message: 'not read' };
    // A failed reading is thrown away with the threads (see close), analyses and all.
    if (!outcomes.every((outcome) => outcome.ok)) return { parts: outcomes, here, commit: () => {} };
    const collected = await Promise.all(
      [...used].map(async (worker): Promise<CollectOutcome> => {
        const reply = await this.ask(worker, { id: this.nextId++, kind: 'collect', file });
        return reply.kind === 'collect' ? reply.outcome : { ok: false, message: 'the thread answered out of turn' };
      }),
    );
    const results: AnalysisResult[] = local === undefined ? [] : [local.result()];
    for (const outcome of collected) {
      if (!outcome.ok) return { parts: [{ ok: false, why: 'error', message: outcome.message }], here, commit: () => {} };
      results.push(outcome.result);
    }
    return { parts: outcomes, here, commit: () => results.forEach(this.merge) };
  }

  /** Sends a request and waits for its reply; a thread that dies answers with an error outcome. */
  private ask(worker: Worker, request: WorkerRequest): Promise<WorkerReply> {
    return new Promise((resolve) => {
      const onMessage = (message: WorkerReply): void => {
        if (message.id !== request.id) return;
        cleanup();
        resolve(message);
      };
      const onFailure = (error: Error): void => {
        cleanup();
        resolve(
          request.kind === 'read'
            ? { id: request.id, kind: 'read', outcome: { ok: false, why: 'error', message: error.message } }
            : { id: request.id, kind: 'collect', outcome: { ok: false, message: error.message } },
        );
      };
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onFailure);
      };
      worker.on('message', onMessage);
      worker.on('error', onFailure);
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers = [];
  }
}
