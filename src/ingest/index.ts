// Owns the ingest stage: every input (file, directory, .gz, stdin) is decoded, recognised from its
// content and read record by record into SignIns, with each row accounted for. Streams end to end:
// memory holds one chunk and the duplicate table, never a whole file.

import { AppError } from '../errors.js';
import type { InputSummary, SignIn, Warning } from '../model.js';
import { decode, type Utf8Chunk } from './decode.js';
import { readCsv } from './read-csv.js';
import { readJson } from './read-json.js';
import { findInputs, unreadable, type InputSource } from './sources.js';
import { IngestRun } from './accounting.js';
import type { IngestOptions } from './options.js';
import { Progress } from './progress.js';
import { PartPool, planFile, workerScript } from './parallel/plan.js';

export { ingestOptionsFrom, type IngestOptions } from './options.js';

export interface IngestResult {
  readonly inputs: readonly InputSummary[];
  readonly rowsRead: number;
  readonly signIns: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly warnings: readonly Warning[];
}

export async function ingest(
  inputs: readonly string[],
  options: IngestOptions,
  onSignIn: (signIn: SignIn) => void,
): Promise<IngestResult> {
  if (inputs.length === 0) {
    throw new AppError('USAGE', 'no input given', { hint: 'name export files or directories, or - to read stdin' });
  }
  const { sources, skipped } = await findInputs(inputs, options.stdin, options.cwd);
  const run = new IngestRun(options, onSignIn);
  for (const path of skipped) run.warn('FILE_SKIPPED', 'not an export file name (.csv, .json, .jsonl, .ndjson, optionally .gz); skipped', path, null);
  const progress = options.progress ? new Progress(sources, options.stderr, () => run.rowsRead) : undefined;
  const parallel = parallelReader(options, sources);
  try {
    for (const [index, source] of sources.entries()) {
      if (parallel !== undefined && (await parallel.read(index, run, progress))) continue;
      await readSource(source, run, progress);
    }
  } finally {
    await parallel?.close();
  }
  progress?.done();
  run.finish();
  return {
    inputs: run.inputs,
    rowsRead: run.rowsRead,
    signIns: run.signIns,
    rejected: run.rejected,
    duplicates: run.duplicates,
    warnings: run.warnings,
  };
}

/** Reads large files in parts on worker threads when the caller asked for it and the build has the worker. */
function parallelReader(options: IngestOptions, sources: readonly InputSource[]) {
  const settings = options.parallel;
  const script = workerScript();
  if (settings === undefined || script === undefined || settings.threads < 2) return undefined;
  // The threads are kept from one file to the next up to the last file large enough to need them.
  let lastLarge = -1;
  sources.forEach((source, index) => {
    if (source.size !== undefined && source.size >= settings.minBytes) lastLarge = index;
  });
  let pool: PartPool | undefined;
  return {
    /**
     * Reads sources[index]: true when it was read in parts; false when it must be read whole (nothing of it
     * was counted).
     */
    async read(index: number, run: IngestRun, progress: Progress | undefined): Promise<boolean> {
      const source = sources[index]!;
      const plan = await planFile(source, options, settings).catch(() => undefined);
      if (plan === undefined) return false;
      pool ??= new PartPool(script, { sinkModule: settings.sinkModule, sinkConfig: settings.sinkConfig, dateOrder: options.dateOrder }, settings.threads);
      run.seen?.reserve(plan.estimatedRows);
      // Undoing a failed attempt: a table that was empty is cleared; only a used one needs a copy kept.
      const before = run.seen !== undefined && run.seen.size > 0 ? run.seen.snapshot() : undefined;
      progress?.start(source, () => 0);
      let partsDone = 0;
      const { parts: results, sinkResults } = await pool.readParts(plan, run.seen?.buffer, () => {
        partsDone++;
        progress?.parts(partsDone, plan.cuts.length - 1);
      });
      const complete = results.every((result) => result.ok);
      const failed = results.find((result) => !result.ok);
      options.trace?.(
        `trace: ${source.label}: ${plan.cuts.length - 1} parts on ${settings.threads} threads${failed !== undefined && !failed.ok ? `; ${failed.why} (${failed.message}), reading it whole` : ''}`,
      );
      if (!complete) {
        // Undo what the parts recorded as seen, then read the file whole: the result is as if never cut.
        if (before !== undefined) run.seen?.restore(before);
        else run.seen?.clear();
        await pool.close();
        pool = undefined;
        return false;
      }
      // The threads' memory is freed before the merge when no later file is large enough to need them.
      if (index >= lastLarge) {
        await pool.close();
        pool = undefined;
      }
      const tally = run.file(source.label);
      let line = plan.headerLines + 1;
      for (const result of results) {
        if (!result.ok) continue;
        tally.addPart(result, line - 1);
        line += result.lines;
      }
      for (const result of sinkResults) settings.merge(result);
      tally.summary(plan.format);
      return true;
    },
    async close(): Promise<void> {
      await pool?.close();
    },
  };
}

async function readSource(source: InputSource, run: IngestRun, progress: Progress | undefined): Promise<void> {
  const stream = source.open();
  let decoded;
  try {
    decoded = await decode(stream);
  } catch (error) {
    throw error instanceof AppError ? error : unreadable(source.label, error);
  }
  const tally = run.file(source.label);
  progress?.start(source, decoded.bytesRead);
  try {
    const start = await decoded.firstCharacter();
    if (start === undefined) {
      throw new AppError('INPUT_EMPTY', 'the file is empty', { file: source.label, hint: 'download the export again; an export with no sign-ins still has a header row' });
    }
    const onChunk = () => progress?.update();
    if (start === '[' || start === '{') {
      const format = await readJson(afterFirst(decoded.chunks, onChunk), tally);
      tally.summary(format);
      return;
    }
    const outcome = await readCsv(afterFirst<string | Utf8Chunk>(decoded.utf8Chunks ?? decoded.chunks, onChunk), tally, run.options.fieldMap);
    if (outcome.kind === 'authDetails') {
      run.warn('AUTH_DETAILS_SKIPPED', 'an authentication-details file (one row per authentication step, not sign-ins); skipped', source.label, null);
      return;
    }
    tally.summary(outcome.format);
  } catch (error) {
    stream.destroy();
    if (error instanceof AppError) throw error;
    if ((error as { code?: string }).code === 'Z_DATA_ERROR' || (error as { code?: string }).code === 'Z_BUF_ERROR') {
      throw new AppError('INPUT_UNREADABLE', 'the gzip data is damaged or cut short', { file: source.label, hint: 'download or copy the file again' });
    }
    if (typeof (error as { code?: unknown }).code === 'string' && (error as { syscall?: unknown }).syscall !== undefined) {
      throw unreadable(source.label, error);
    }
    throw error;
  }
}

/** The chunks as they are, calling `onChunk` before each one after the first (progress). */
async function* afterFirst<T>(chunks: AsyncIterable<T>, onChunk: () => void): AsyncGenerator<T> {
  let first = true;
  for await (const chunk of chunks) {
    if (!first) onChunk();
    first = false;
    yield chunk;
  }
}
