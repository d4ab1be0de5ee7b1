// Owns what can be set about reading inputs (IngestSettings, with its defaults) and what a caller hands a run of
// ingest (IngestContext): the process's stdin and working directory, where diagnostics go, the thread runner, and
// how a consumer that writes as it goes holds reading back.

import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import type { Diagnostic } from '../diagnostics.js';
import type { DateOrder } from './dates.js';
import type { FieldName } from './fields.js';
import type { PartRunner } from './parallel/boundary.js';

export interface IngestSettings {
  /** `--map`: read CSVs through these columns instead of recognising their header. */
  readonly fieldMap: ReadonlyMap<FieldName, string> | undefined;
  /** `--date-order`: for slash dates no value in the file settles. */
  readonly dateOrder: DateOrder | undefined;
  /** `--strict`: the first unusable row stops the run. */
  readonly strict: boolean;
  /** `--keep-duplicates`: no duplicate check. */
  readonly keepDuplicates: boolean;
  /** Threads for reading large files in parts; 1 reads every file on the calling thread. */
  readonly threads: number;
  /** Files from this size on are read in parts when there are threads for it. */
  readonly parallelMinBytes: number;
  /** A progress bar on stderr for large inputs. */
  readonly progress: boolean;
  /** A note on stderr on how each large file was read. */
  readonly trace: boolean;
}

/** Files from this size on are read in parts on worker threads: below it, starting the threads costs more than it saves. */
export const DEFAULT_PARALLEL_MIN_BYTES = 64 * 1024 * 1024;

/** Every core, at most four: more threads than that gain little on the merge-bound tail of a file. */
export function defaultThreads(): number {
  return Math.min(4, availableParallelism());
}

export const DEFAULT_INGEST_SETTINGS: IngestSettings = {
  fieldMap: undefined,
  dateOrder: undefined,
  strict: false,
  keepDuplicates: false,
  threads: 1,
  parallelMinBytes: DEFAULT_PARALLEL_MIN_BYTES,
  progress: false,
  trace: false,
};

export interface IngestContext {
  readonly stdin: Readable;
  /** The directory relative input paths are read from. */
  readonly cwd: string;
  /** Each warning and each listed rejected row as it happens; the caller decides what to print. */
  readonly diagnose: (diagnostic: Diagnostic) => void;
  /** The progress bar and trace lines. */
  readonly stderr: (text: string) => void;
  /** Reads large files' parts on other threads; absent, every file is read on this one. */
  readonly parts?: PartRunner | undefined;
  /**
   * Asked before each chunk of input after the first: a promise means the consumer of the sign-ins is behind
   * (its output is not written yet), and reading waits for it; a rejected one stops the run with its error.
   */
  readonly pace?: (() => Promise<void> | undefined) | undefined;
}
