// Owns what passes between the reading of a whole file and the reading of its parts on other threads: the plan of
// a file's cuts, one part's request and outcome, the runner that reads the parts, and the boundary a reader is
// given for a part (a record open at the cut means the cut was wrong: PartMisaligned). Plain data only.

import type { RejectedRow, RejectReason } from '../../model.js';
import type { DateOrder } from '../dates.js';
import type { InputFormat } from '../formats.js';

export type PartKind = 'csv' | 'jsonl' | 'json-array';

/** How a large file is cut: parts are [cuts[i], cuts[i + 1]) in bytes. */
export interface FilePlan {
  /** Where the file is (an absolute path). */
  readonly path: string;
  readonly kind: PartKind;
  readonly format: InputFormat;
  readonly header: readonly string[];
  readonly delimiter: string;
  /** Lines before the first part (the header row). */
  readonly headerLines: number;
  /** Where the first part starts (after a BOM and the header row). */
  readonly dataStart: number;
  readonly cuts: readonly number[];
  readonly estimatedRows: number;
}

/** One part to read, as sent to a thread. */
export interface PartRequest {
  readonly path: string;
  readonly kind: PartKind;
  readonly header: readonly string[];
  readonly delimiter: string;
  readonly start: number;
  readonly end: number;
  /** Where the file's first part starts. */
  readonly dataStart: number;
  /** The part ends at a cut (not at the end of the file). */
  readonly endsAtCut: boolean;
  readonly dateOrder: DateOrder | undefined;
  /** The shared duplicate table, or undefined with --keep-duplicates. */
  readonly seen: SharedArrayBuffer | undefined;
}

/** The row accounting of one part; its sign-ins went to the thread's analysis. */
export interface PartCounts {
  readonly rowsRead: number;
  readonly signIns: number;
  readonly rejected: number;
  readonly duplicates: number;
  /** Records of another kind, and the first of them (line counted from the part's start). */
  readonly filteredOut: number;
  readonly firstOther: { readonly message: string; readonly line: number } | null;
  readonly rejectedByReason: ReadonlyArray<readonly [RejectReason, number]>;
  /** The part's first rejected rows, with line numbers counted from the part's start. */
  readonly rejectedShown: readonly RejectedRow[];
  /** Line breaks in the part, to turn its line numbers into the file's. */
  readonly lines: number;
  /** Sign-ins whose time was read from their other time, and the first one (line counted from the part's start). */
  readonly timeFallbacks: number;
  readonly firstFallback: { readonly text: string; readonly line: number } | null;
  /** What the part covers (see SpanTracker). */
  readonly span: SpanFacts;
}

/** What a run of sign-ins covers, as plain data: a bit per sign-in type, the first and last time, the UTC days. */
export interface SpanFacts {
  /** Bit i set: SIGN_IN_TYPES[i] was seen. */
  readonly types: number;
  /** Epoch milliseconds; Infinity and -Infinity when nothing was seen. */
  readonly firstMs: number;
  readonly lastMs: number;
  readonly days: readonly number[];
}

export type PartOutcome =
  | ({ readonly ok: true } & PartCounts)
  | { readonly ok: false; readonly why: 'misaligned' | 'tableFull' | 'error'; readonly message: string };

/** A file read in parts: each part's outcome, in part order, and how to hand its sign-ins on. */
export interface PartsReading {
  readonly parts: readonly PartOutcome[];
  /** How many of the parts the calling thread read itself. */
  readonly here: number;
  /** Hands what the threads counted to the caller's analysis; called once, and only when every part was read. */
  commit(): void;
}

/** Reads the parts of planned files on other threads (the caller of ingest decides what they count into). */
export interface PartRunner {
  readonly threads: number;
  read(plan: FilePlan, seen: SharedArrayBuffer | undefined, dateOrder: DateOrder | undefined, onPartDone: () => void): Promise<PartsReading>;
  /** Ends the threads and forgets what they held; the next read starts new ones. */
  close(): Promise<void>;
}

/** How a reader reads a part instead of a whole file. */
export interface PartBoundary {
  /** The part ends where the file was cut: a record still open there means the cut was wrong. */
  readonly endsAtCut: boolean;
  /** CSV: the file's header and delimiter, read once from its start. */
  readonly header: readonly string[];
  readonly delimiter: string;
  /** A part of one JSON array: it holds whole sign-in records only, so anything else means a wrong cut. */
  readonly wholeRecords: boolean;
}

/** Thrown by a reader when a part does not start and end between records: the file is then read whole. */
export class PartMisaligned extends Error {
  constructor(why = 'a record crosses the cut') {
    super(why);
    this.name = 'PartMisaligned';
  }
}
