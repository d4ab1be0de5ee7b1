// Owns the row accounting of a run: every row read ends as a sign-in, a rejected row, a duplicate or a record of
// another kind (filtered out; the authentication steps of an authentication-details file, its MFA steps counted
// apart), per input and in total, and what each input covers (its sign-in types, first and last sign-in, days). It
// lists the first rejected rows, stops at the first one under --strict, drops duplicates, warns about files cut at
// a known row limit, refuses an input none of whose rows became a sign-in (or, for authentication details, could
// be read), and collects the run's warnings; the caller decides what is printed.

import { warning, warningDiagnostic, type Diagnostic, type Warning } from '../diagnostics.js';
import { AppError } from '../errors.js';
import { SIGN_IN_TYPES, type InputSpan, type InputSummary, type RejectedRow, type RejectReason, type SignIn, type SignInType } from '../model.js';
import type { DateOrder } from './dates.js';
import { FileDateOrder } from './date-order.js';
import { SeenRequestIds, signInContent } from './dedupe.js';
import { capOf, INPUT_FORMATS, noSignInsHint, type FormatInfo, type InputFormat } from './formats.js';
import type { RawFields } from './fields.js';
import type { PartCounts, SpanFacts } from './parallel/boundary.js';

/** How many rejected rows are listed one by one before the rest are only counted. */
export const REJECTS_SHOWN = 20;

export interface RunOptions {
  readonly strict: boolean;
  readonly keepDuplicates: boolean;
  readonly dateOrder: DateOrder | undefined;
  /** Each warning and listed rejected row as it happens. */
  readonly diagnose: (diagnostic: Diagnostic) => void;
}

export class IngestRun {
  rowsRead = 0;
  signIns = 0;
  rejected = 0;
  duplicates = 0;
  /** Records of another kind (not sign-ins) in the inputs. */
  filteredOut = 0;
  /** Files found in a directory that were not reported. */
  skippedFiles = 0;
  readonly warnings: Warning[] = [];
  readonly rejectedByReason = new Map<RejectReason, number>();
  readonly inputs: InputSummary[] = [];
  /** The rejected rows listed one by one (the first REJECTS_SHOWN), in the order met. */
  readonly rejectedShown: RejectedRow[] = [];

  /**
   * `seen` is the duplicate table: a fresh one, a worker thread's view of the shared one, or none with
   * --keep-duplicates. `onSignIn` may be set later: the authentication details are read into a run before its
   * sign-ins are.
   */
  constructor(
    readonly options: RunOptions,
    public onSignIn: (signIn: SignIn) => void,
    readonly seen: SeenRequestIds | undefined = options.keepDuplicates ? undefined : new SeenRequestIds(),
  ) {}

  file(label: string): FileAccount {
    return new FileAccount(this, label);
  }

  warn(item: Warning): void {
    this.warnings.push(item);
    this.options.diagnose(warningDiagnostic(item));
  }

  /**
   * A duplicate is a sign-in whose request id and time were seen before in this run, saying the same
   * (signInContent). The time is part of the key because redacted exports reuse one placeholder id for
   * different sign-ins, while a sign-in logged twice (overlapping downloads, Log Analytics re-ingestion) keeps
   * its creation time; what it says is, so that the sign-in kept never depends on which thread read first. The
   * time is taken to the whole second: the portal and Graph write seconds where Log Analytics writes
   * milliseconds and diagnostic records ten-millionths, for the same sign-in.
   */
  isDuplicate(signIn: SignIn): boolean {
    if (this.seen === undefined || signIn.requestId.length === 0) return false;
    return this.seen.seenBefore(signIn.requestId, Math.floor(signIn.time.getTime() / 1000), signInContent(signIn));
  }

  noteRejected(reason: RejectReason, message: string, file: string, line: number): void {
    if (this.options.strict) {
      throw new AppError('STRICT_REJECTED_ROW', `unusable row: ${message}`, {
        file,
        line,
        hint: 'without --strict such rows are counted as rejected and reading goes on',
      });
    }
    this.rejected++;
    this.rejectedByReason.set(reason, (this.rejectedByReason.get(reason) ?? 0) + 1);
    if (this.rejected <= REJECTS_SHOWN) this.listRejected({ reason, message, file, line });
  }

  /** Lists a rejected row while fewer than REJECTS_SHOWN have been listed. */
  private listRejected(row: RejectedRow): void {
    if (this.rejectedShown.length >= REJECTS_SHOWN) return;
    this.rejectedShown.push(row);
    this.options.diagnose({ severity: 'rejected', code: row.reason, message: row.message, file: row.file, line: row.line });
  }

  /** Adds a part read on another thread; `lineOffset` turns the part's line numbers into the file's. */
  addPart(part: PartCounts, file: string, lineOffset: number): void {
    this.rowsRead += part.rowsRead;
    this.signIns += part.signIns;
    this.rejected += part.rejected;
    this.duplicates += part.duplicates;
    this.filteredOut += part.filteredOut;
    for (const [reason, count] of part.rejectedByReason) this.rejectedByReason.set(reason, (this.rejectedByReason.get(reason) ?? 0) + count);
    for (const row of part.rejectedShown) this.listRejected({ ...row, file, line: row.line + lineOffset });
  }

  /**
   * A file found in a directory that holds no usable sign-in (`why`): listed among the inputs as skipped, with
   * the rows it was read to, and the rest of the directory is reported.
   */
  skip(account: FileAccount, why: string): void {
    this.skippedFiles++;
    this.warn(warning('INPUT_SKIPPED', { why }, { file: account.file }));
    this.inputs.push({ ...account.counts(account.format ?? 'unknown'), skipped: why });
  }

  /** The warning that sums up the rejected rows, when there were any. */
  finish(): void {
    if (this.rejected === 0) return;
    const reasons = [...this.rejectedByReason.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([reason, count]) => `${count} ${reason}`)
      .join(', ');
    this.warn(warning('ROWS_REJECTED', { rejected: this.rejected, rowsRead: this.rowsRead, reasons, listed: REJECTS_SHOWN }));
  }
}

/** The accounting of one input: what its reader hands every row to. */
export class FileAccount {
  rowsRead = 0;
  signIns = 0;
  rejected = 0;
  duplicates = 0;
  /** What the file covers, counted before duplicates are dropped. */
  readonly span = new SpanTracker();
  /** Records of another kind (an audit record that is no sign-in, a diagnostic record of another category). */
  filteredOut = 0;
  /** The first of them, which names the file when none of its records is a sign-in. */
  firstOther: { readonly message: string; readonly line: number } | null = null;
  readonly rejectedByReason = new Map<RejectReason, number>();
  /** The file's format, once summary() knows it. */
  format: InputFormat | undefined;
  /** Rows of an authentication-details file that are MFA steps (every row of one is counted in filteredOut). */
  mfaSteps = 0;
  /** The file ended inside its array (CUT_SHORT): that says why it may hold no rows. */
  private wasCutShort = false;
  /** Sign-ins whose time was unreadable and read from their other time; the first one's text and line. */
  timeFallbacks = 0;
  firstFallback: { readonly text: string; readonly line: number } | null = null;
  private readonly dates: FileDateOrder;

  constructor(
    private readonly run: IngestRun,
    readonly file: string,
  ) {
    this.dates = new FileDateOrder(run.options.dateOrder, {
      file,
      signIn: (signIn) => this.emit(signIn),
      fellBack: (text, line) => this.noteFallback(1, { text, line }),
      rejected: (reason, message, line) => this.countRejected(reason, message, line),
      warn: (item) => this.run.warn(item),
    });
  }

  /** What the format tells about the whole file: its sign-in type, and its date order when the format fixes it. */
  useLayout(defaultType: SignInType, fixedOrder: DateOrder | undefined): void {
    this.dates.useLayout(defaultType, fixedOrder);
  }

  /** A warning about this file (its file is this one's). */
  warn(item: Warning): void {
    this.run.warn({ ...item, file: this.file });
  }

  /** A row the reader could map to fields: it becomes a sign-in, or a rejection. */
  accept(raw: RawFields, line: number): void {
    this.rowsRead++;
    this.run.rowsRead++;
    this.dates.read(raw, line);
  }

  /** A row the reader could not map (broken quotes, wrong column count, invalid JSON, not a sign-in). */
  reject(reason: RejectReason, message: string, line: number): void {
    this.rowsRead++;
    this.run.rowsRead++;
    this.countRejected(reason, message, line);
  }

  /**
   * The file ends where its container is still open: cut short. A warning, counted in the report's warnings;
   * under --strict, like an unusable row, the end of the run.
   */
  cutShort(inside: 'array' | 'envelope', line: number): void {
    this.wasCutShort = true;
    const item = warning('CUT_SHORT', { inside }, { file: this.file, line });
    if (this.run.options.strict) {
      throw new AppError('INPUT_MALFORMED', item.message, {
        file: this.file,
        line,
        hint: 'without --strict this is a warning and the whole records are counted',
      });
    }
    this.run.warn(item);
  }

  /** A record of another kind from the same source (`message` says which): not a sign-in, not an error either. */
  other(message: string, line: number): void {
    this.rowsRead++;
    this.run.rowsRead++;
    this.noteOthers(1, { message, line });
  }

  /** A row of an authentication-details file: an authentication step, which is a record of another kind than a sign-in. */
  step(mfa: boolean, line: number): void {
    this.other('an authentication step', line);
    if (mfa) this.mfaSteps++;
  }

  /**
   * Ends the file: decides rows still waiting for the day/month order, and adds the file's summary to the run.
   * A file whose rows were read and none of which became a sign-in is an error: it is not a sign-in export
   * (every row was of another kind), or nothing in it could be used (every row was rejected).
   */
  summary(format: InputFormat): InputSummary {
    this.format = format;
    this.dates.settle();
    const info: FormatInfo = INPUT_FORMATS[format];
    const steps = info.authSteps === true;
    this.checkUsable(format, steps);
    if (this.firstFallback !== null) {
      const { text, line } = this.firstFallback;
      this.run.warn(warning('TIME_FALLBACK', { count: this.timeFallbacks, example: text }, { file: this.file, line }));
    }
    // Only files from a source that stops at a cap are suspect: an archive of diagnostic records of that size is whole.
    const cap = capOf(format, this.rowsRead);
    if (cap !== null) this.run.warn(warning('PROBABLY_TRUNCATED', cap, { file: this.file }));
    // A header or an empty list and nothing else: a scheduled job should hear of it, not just report nothing
    // (a file cut short has said why already).
    if (this.rowsRead === 0 && !this.wasCutShort) this.run.warn(warning('NO_ROWS', {}, { file: this.file }));
    const summary = steps ? { ...this.counts(format), mfaSteps: this.mfaSteps } : this.counts(format);
    this.run.inputs.push(summary);
    return summary;
  }

  counts(format: string): InputSummary {
    return {
      path: this.file,
      format,
      rowsRead: this.rowsRead,
      signIns: this.signIns,
      rejected: this.rejected,
      duplicates: this.duplicates,
      covers: this.span.span(),
      filteredOut: this.filteredOut,
    };
  }

  /** `steps`: the file holds authentication steps, not sign-ins; only a file none of whose rows could be read is unusable. */
  private checkUsable(format: InputFormat, steps: boolean): void {
    if (this.rowsRead === 0 || this.signIns + this.duplicates > 0 || (steps && this.rejected < this.rowsRead)) return;
    if (this.rejected === 0 && this.firstOther !== null) {
      throw new AppError(
        'INPUT_UNKNOWN_FORMAT',
        `not a sign-in export: ${noneOf(this.rowsRead, 'record', 'is a sign-in')} (the first is ${this.firstOther.message})`,
        {
          file: this.file,
          line: this.firstOther.line,
          hint: noSignInsHint(format),
        },
      );
    }
    const reasons = [...this.rejectedByReason.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([reason, count]) => `${count} ${reason}`)
      .join(', ');
    throw new AppError('INPUT_UNUSABLE', `no usable sign-in: ${noneOf(this.rowsRead, 'row', 'could be used')} (${reasons})`, {
      file: this.file,
      hint: 'the rejected rows listed above say what is wrong; check that this is a sign-in export, and not cut short or edited',
    });
  }

  /** Counts a part read on another thread (its sign-ins went to that thread's analysis). */
  addPart(part: PartCounts, lineOffset: number): void {
    this.rowsRead += part.rowsRead;
    this.signIns += part.signIns;
    this.rejected += part.rejected;
    this.duplicates += part.duplicates;
    this.span.merge(part.span);
    for (const [reason, count] of part.rejectedByReason) this.rejectedByReason.set(reason, (this.rejectedByReason.get(reason) ?? 0) + count);
    if (part.filteredOut > 0)
      this.noteOthers(part.filteredOut, part.firstOther === null ? null : { ...part.firstOther, line: part.firstOther.line + lineOffset }, false);
    if (part.firstFallback !== null) this.noteFallback(part.timeFallbacks, { ...part.firstFallback, line: part.firstFallback.line + lineOffset });
    this.run.addPart(part, this.file, lineOffset);
  }

  private noteFallback(count: number, first: { readonly text: string; readonly line: number }): void {
    this.timeFallbacks += count;
    this.firstFallback ??= first;
  }

  /** Counts records of another kind here and in the run (a part's were counted in the run by IngestRun.addPart). */
  private noteOthers(count: number, first: { readonly message: string; readonly line: number } | null, inRun = true): void {
    this.filteredOut += count;
    if (inRun) this.run.filteredOut += count;
    this.firstOther ??= first;
  }

  private emit(signIn: SignIn): void {
    this.span.add(signIn);
    if (this.run.isDuplicate(signIn)) {
      this.duplicates++;
      this.run.duplicates++;
      return;
    }
    this.signIns++;
    this.run.signIns++;
    this.run.onSignIn(signIn);
  }

  private countRejected(reason: RejectReason, message: string, line: number): void {
    this.run.noteRejected(reason, message, this.file, line);
    this.rejected++;
    this.rejectedByReason.set(reason, (this.rejectedByReason.get(reason) ?? 0) + 1);
  }
}

const MS_PER_DAY = 86_400_000;
const TYPE_BIT: Readonly<Record<SignInType, number>> = Object.fromEntries(SIGN_IN_TYPES.map((type, i) => [type, 1 << i])) as Record<SignInType, number>;

/**
 * What a file covers, kept with a few comparisons per sign-in and no allocation: a bit per sign-in type, the first
 * and last time, and the UTC days (a day is looked up only when it differs from the previous sign-in's, and
 * exports are sorted by time, so that is rare).
 */
export class SpanTracker {
  private types = 0;
  private firstMs = Number.POSITIVE_INFINITY;
  private lastMs = Number.NEGATIVE_INFINITY;
  private lastDay = Number.NaN;
  private readonly days = new Set<number>();

  add(signIn: SignIn): void {
    this.types |= TYPE_BIT[signIn.signInType];
    const ms = signIn.time.getTime();
    if (ms < this.firstMs) this.firstMs = ms;
    if (ms > this.lastMs) this.lastMs = ms;
    const day = Math.floor(ms / MS_PER_DAY);
    if (day !== this.lastDay) {
      this.lastDay = day;
      this.days.add(day);
    }
  }

  /** As plain data, for a part read on another thread. */
  facts(): SpanFacts {
    return { types: this.types, firstMs: this.firstMs, lastMs: this.lastMs, days: [...this.days] };
  }

  merge(facts: SpanFacts): void {
    this.types |= facts.types;
    if (facts.firstMs < this.firstMs) this.firstMs = facts.firstMs;
    if (facts.lastMs > this.lastMs) this.lastMs = facts.lastMs;
    for (const day of facts.days) this.days.add(day);
    this.lastDay = Number.NaN;
  }

  span(): InputSpan {
    const seen = this.firstMs <= this.lastMs;
    return {
      types: SIGN_IN_TYPES.filter((type) => (this.types & TYPE_BIT[type]) !== 0),
      first: seen ? new Date(this.firstMs) : null,
      last: seen ? new Date(this.lastMs) : null,
      days: [...this.days].sort((a, b) => a - b),
    };
  }
}

/** `none of its 3 rows could be used`, `its only row could not be used`. */
export function noneOf(count: number, noun: string, predicate: string): string {
  return count === 1 ? `its only ${noun} ${predicate.replace(/^(is|could)\b/, '$1 not')}` : `none of its ${count} ${noun}s ${predicate}`;
}
