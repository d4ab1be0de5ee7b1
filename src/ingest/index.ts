// Owns the ingest stage: every input (file, directory, .gz, stdin) is decoded, recognised from its content and
// read record by record into SignIns, with each row accounted for; large files are read in parts by the caller's
// thread runner. Authentication-details downloads among the inputs are read first, into the MFA step of each
// request, so the sign-ins they belong to meet them (openInputs). A file found in a directory that holds no usable
// sign-in is skipped with a warning; a run in which no input holds one is an error. Streams end to end: memory
// holds one chunk, the duplicate table and the MFA steps.

import { warning, type Warning } from '../diagnostics.js';
import { AppError } from '../errors.js';
import { plural } from '../words.js';
import type { InputSummary, MfaSteps, SignIn } from '../model.js';
import { neutralize } from '../text.js';
import { type FileAccount, IngestRun } from './accounting.js';
import { AUTH_DETAILS_FORMAT, MfaStepTable } from './auth-details.js';
import { recognizeCsvHeader } from './csv-layouts.js';
import { BlankStart, decode, isZlibError, type DecodedText, type Utf8Chunk } from './decode.js';
import { containerOf } from './detect.js';
import { stopReading } from './file-chunks.js';
import type { PartRunner } from './parallel/boundary.js';
import { planFile } from './parallel/plan.js';
import { Progress } from './progress.js';
import { readCsv, readCsvHeader } from './read-csv.js';
import { readJson } from './read-json.js';
import type { IngestContext, IngestSettings } from './settings.js';
import { findInputs, unreadable, type InputSource } from './sources.js';

export { AUTH_DETAILS_FORMAT } from './auth-details.js';
export { DEFAULT_INGEST_SETTINGS, DEFAULT_PARALLEL_MIN_BYTES, defaultThreads, type IngestContext, type IngestSettings } from './settings.js';

export interface IngestResult {
  readonly inputs: readonly InputSummary[];
  readonly rowsRead: number;
  readonly signIns: number;
  readonly rejected: number;
  readonly duplicates: number;
  /** Records of another kind in the inputs (authentication steps among them): the report's accounting counts them as filtered out. */
  readonly filteredOut: number;
  readonly warnings: readonly Warning[];
}

/** Errors that say a file holds no usable sign-in: fatal for a file named on its own, a skip inside a directory. */
const NOT_SIGN_INS: ReadonlySet<string> = new Set(['INPUT_UNKNOWN_FORMAT', 'INPUT_EMPTY', 'INPUT_MALFORMED', 'INPUT_UNUSABLE']);

/** The inputs found, with the authentication-details files among them read: what reading the sign-ins goes on from. */
export class OpenInputs {
  constructor(
    /** The MFA step of each request in the authentication details; null when no input is such a file. */
    readonly mfaSteps: MfaSteps | null,
    readonly run: IngestRun,
    /** The inputs left to read as sign-ins, in the order given. */
    readonly sources: readonly InputSource[],
  ) {}
}

/**
 * Finds the inputs and reads the authentication-details downloads among them (named, or found in a directory),
 * on this thread and before any sign-in, every row accounted in the run the sign-ins are then read into.
 */
export async function openInputs(inputs: readonly string[], settings: IngestSettings, context: IngestContext): Promise<OpenInputs> {
  const { sources, skipped } = await findInputs(inputs, context.stdin, context.cwd);
  const run = new IngestRun(
    { strict: settings.strict, keepDuplicates: settings.keepDuplicates, dateOrder: settings.dateOrder, diagnose: context.diagnose },
    () => {
      throw new Error('a sign-in was read before the authentication details were all read');
    },
  );
  for (const path of skipped) run.warn(warning('FILE_SKIPPED', {}, { file: path }));
  const signIns: InputSource[] = [];
  const steps = new MfaStepTable();
  let read = false;
  for (const source of sources) {
    if (!(await isAuthDetails(source))) {
      signIns.push(source);
      continue;
    }
    const account = run.file(source.label);
    try {
      await readSource(source, account, settings, undefined, context.pace, steps);
      read = true;
    } catch (error) {
      if (!(source.inDirectory && error instanceof AppError && NOT_SIGN_INS.has(error.code))) throw error;
      run.skip(account, error.message);
    }
  }
  return new OpenInputs(read ? steps.result() : null, run, signIns);
}

/** Reads the sign-ins of the inputs (opened with openInputs, or found here) into `onSignIn`. */
export async function ingest(
  inputs: readonly string[] | OpenInputs,
  settings: IngestSettings,
  context: IngestContext,
  onSignIn: (signIn: SignIn) => void,
): Promise<IngestResult> {
  const { run, sources, mfaSteps } = inputs instanceof OpenInputs ? inputs : await openInputs(inputs, settings, context);
  run.onSignIn = onSignIn;
  if (sources.length === 0 && mfaSteps !== null) {
    await context.parts?.close();
    throw new AppError('INPUT_UNUSABLE', 'the inputs hold authentication details but no sign-ins, which their steps are joined to', {
      hint: 'give the sign-in download (InteractiveSignIns_....csv) together with its AuthDetails file',
    });
  }
  const progress = settings.progress ? new Progress(sources, context.stderr, () => run.rowsRead) : undefined;
  const parallel = context.parts === undefined || context.parts.threads < 2 ? undefined : parallelReader(settings, context, context.parts, sources);
  try {
    for (const [index, source] of sources.entries()) {
      const account = run.file(source.label);
      try {
        if (parallel !== undefined && (await parallel.read(index, run, account, progress))) continue;
        if (parallel === undefined && settings.trace) {
          context.stderr(
            `trace: ${source.label}: read whole on this thread (${settings.threads < 2 ? '--threads 1' : 'no worker threads to read parts on'})\n`,
          );
        }
        await readSource(source, account, settings, progress, context.pace);
      } catch (error) {
        if (!(source.inDirectory && error instanceof AppError && NOT_SIGN_INS.has(error.code))) throw error;
        run.skip(account, error.message);
      }
    }
  } finally {
    await context.parts?.close();
  }
  progress?.done();
  run.finish();
  if (run.skippedFiles > 0 && run.signIns + run.duplicates === 0) {
    // A weekly job over a folder must notice that nothing in it could be reported.
    throw new AppError('INPUT_UNUSABLE', `no input holds a usable sign-in (${run.skippedFiles} ${plural(run.skippedFiles, 'file')} skipped, none reported)`, {
      hint: 'the warnings say why each file was skipped (not shown with --quiet)',
    });
  }
  return {
    inputs: run.inputs,
    rowsRead: run.rowsRead,
    signIns: run.signIns,
    rejected: run.rejected,
    duplicates: run.duplicates,
    filteredOut: run.filteredOut,
    warnings: run.warnings,
  };
}

/**
 * Whether an input is an authentication-details download, from its header alone. A file that cannot be read, or
 * read as CSV, is not one here: reading it as sign-ins says what is wrong with it. Only a regular file is looked
 * at, since it can be read again: standard input, a FIFO or a device is read once, as sign-ins (an
 * authentication-details file there is met too late, and said so).
 */
async function isAuthDetails(source: InputSource): Promise<boolean> {
  if (!source.regular) return false;
  const stream = source.open();
  try {
    const decoded = await decode(stream);
    const first = await decoded.firstCharacter();
    if (first === undefined || containerOf(first) !== 'csv') return false;
    const header = await readCsvHeader(decoded.chunks);
    return header !== undefined && recognizeCsvHeader(header, source.label).kind === 'authDetails';
  } catch {
    return false;
  } finally {
    stopReading(stream);
  }
}

/** Reads large files in parts on the runner's threads. */
function parallelReader(settings: IngestSettings, context: IngestContext, runner: PartRunner, sources: readonly InputSource[]) {
  // The threads are kept from one file to the next up to the last file large enough to need them.
  let lastLarge = -1;
  sources.forEach((source, index) => {
    if (source.size !== undefined && source.size >= settings.parallelMinBytes) lastLarge = index;
  });
  return {
    /**
     * Reads sources[index]: true when it was read in parts; false when it must be read whole (nothing of it
     * was counted).
     */
    async read(index: number, run: IngestRun, account: FileAccount, progress: Progress | undefined): Promise<boolean> {
      const source = sources[index]!;
      const plan = await planFile(source, settings, runner.threads).catch((error: unknown) => `its sample could not be read (${String(error)})`);
      if (typeof plan === 'string') {
        if (settings.trace) context.stderr(`trace: ${source.label}: read whole on this thread (${plan})\n`);
        return false;
      }
      run.seen?.reserve(plan.estimatedRows);
      // Undoing a failed attempt: a table that was empty is cleared; only a used one needs a copy kept.
      const before = run.seen !== undefined && run.seen.size > 0 ? run.seen.snapshot() : undefined;
      progress?.start(source, () => 0);
      let partsDone = 0;
      const reading = await runner.read(plan, run.seen?.buffer, settings.dateOrder, () => {
        partsDone++;
        progress?.parts(partsDone, plan.cuts.length - 1);
      });
      const failed = reading.parts.find((part) => !part.ok);
      if (settings.trace) {
        context.stderr(
          `trace: ${neutralize(source.label)}: ${plan.cuts.length - 1} parts on ${runner.threads} threads (${reading.here} on this one)${failed !== undefined && !failed.ok ? `; ${failed.why} (${failed.message}), reading it whole` : ''}\n`,
        );
      }
      if (failed !== undefined) {
        // Undo what the parts recorded as seen, then read the file whole: the result is as if never cut.
        if (before !== undefined) run.seen?.restore(before);
        else run.seen?.clear();
        await runner.close();
        return false;
      }
      // The threads' memory is freed before the merge when no later file is large enough to need them.
      if (index >= lastLarge) await runner.close();
      let line = plan.headerLines + 1;
      for (const part of reading.parts) {
        if (!part.ok) continue;
        account.addPart(part, line - 1);
        line += part.lines;
      }
      reading.commit();
      account.summary(plan.format);
      return true;
    },
  };
}

/** Reads one input whole on this thread: its sign-ins, or with `steps` its authentication steps (an authentication-details file). */
async function readSource(
  source: InputSource,
  tally: FileAccount,
  settings: IngestSettings,
  progress: Progress | undefined,
  pace: IngestContext['pace'],
  steps?: MfaStepTable,
): Promise<void> {
  const stream = source.open();
  let decoded: DecodedText;
  try {
    decoded = await decode(stream);
  } catch (error) {
    stopReading(stream);
    throw inputError(source.label, error) ?? unreadable(source.label, error);
  }
  progress?.start(source, decoded.bytesRead);
  let consumerError: { readonly error: unknown } | undefined;
  try {
    const start = await decoded.firstCharacter();
    if (start === undefined) {
      throw new AppError('INPUT_EMPTY', 'the file is empty', {
        file: source.label,
        hint: 'download the export again; an export with no sign-ins still has a header row',
      });
    }
    const onChunk = (): Promise<void> | undefined => {
      progress?.update();
      // The consumer's error (a closed pipe, a full disk) is its own, not this input's: it passes through as it is.
      return pace?.()?.catch((error: unknown) => {
        consumerError = { error };
        throw error;
      });
    };
    if (containerOf(start) === 'json') {
      if (settings.fieldMap !== undefined) tally.warn(warning('MAP_NOT_USED', { missing: '' }));
      const format = await readJson(afterFirst<string | Utf8Chunk>(decoded.utf8Chunks ?? decoded.chunks, onChunk), tally);
      tally.summary(format);
      return;
    }
    const chunks = afterFirst<string | Utf8Chunk>(decoded.utf8Chunks ?? decoded.chunks, onChunk);
    const outcome = await readCsv(chunks, tally, steps === undefined ? settings.fieldMap : undefined, undefined, steps);
    if (outcome.kind === 'read') tally.summary(outcome.format);
    else if (steps !== undefined) tally.summary(AUTH_DETAILS_FORMAT);
    else {
      throw new AppError('INPUT_UNKNOWN_FORMAT', 'authentication details met after the sign-ins they belong to were read', {
        file: source.label,
        hint: 'name the AuthDetails file itself (not standard input), so it is read before the sign-ins',
      });
    }
  } catch (error) {
    if (consumerError !== undefined && error === consumerError.error) throw error;
    throw inputError(source.label, error) ?? error;
  } finally {
    // Read to the end, this only lets go of a finished reading; a reader that stopped early closes the file.
    stopReading(stream);
  }
}

/**
 * What reading an input can fail with, as the one line the user sees: our own errors as they are, every
 * zlib error (a bad header, a bad block, a cut stream) as damaged gzip, a system error with its reason.
 * Undefined for anything else: a bug, reported as one.
 */
function inputError(label: string, error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof BlankStart) return new AppError('INPUT_UNKNOWN_FORMAT', `not a sign-in export: ${error.message}`, { file: label });
  if (isZlibError(error))
    return new AppError('INPUT_UNREADABLE', 'the gzip data is damaged or cut short', { file: label, hint: 'download or copy the file again' });
  if (typeof (error as { code?: unknown }).code === 'string' && (error as { syscall?: unknown }).syscall !== undefined) return unreadable(label, error);
  return undefined;
}

/** The chunks as they are, calling `onChunk` before each one after the first (progress) and waiting when it says to (pace). */
async function* afterFirst<T>(chunks: AsyncIterable<T>, onChunk: () => Promise<void> | undefined): AsyncGenerator<T> {
  let first = true;
  for await (const chunk of chunks) {
    if (!first) {
      const waiting = onChunk();
      if (waiting !== undefined) await waiting;
    }
    first = false;
    yield chunk;
  }
}
