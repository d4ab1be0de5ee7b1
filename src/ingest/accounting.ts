// Owns the row accounting of a run: every row read ends as a sign-in, a rejected row or a duplicate,
// per input and in total. It also settles a file's day/month order from its own values, holding
// ambiguous rows back until the file decides, and prints the first rejected rows to stderr.

import { AppError } from '../errors.js';
import type { InputSummary, RejectedRow, RejectReason, SignIn, SignInType, Warning, WarningCode } from '../model.js';
import { TOOL_NAME } from '../version.js';
import { oneLine } from '../errors.js';
import type { DateOrder } from './dates.js';
import { SeenRequestIds } from './dedupe.js';
import type { RawFields } from './fields.js';
import { normalize } from './normalize.js';
import type { IngestOptions } from './options.js';

/** The counts a worker thread sends back for one part of a file. */
export interface PartCounts {
  readonly rowsRead: number;
  readonly signIns: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly rejectedByReason: ReadonlyArray<readonly [RejectReason, number]>;
  readonly rejectedShown: readonly RejectedRow[];
}

/** How many rejected rows are printed one by one before the rest are only counted. */
export const REJECTS_SHOWN = 20;
/** Rows a file may hold back while its day/month order is still open. */
const MAX_PENDING = 50_000;
/** The Entra admin center cuts downloads at this many rows. */
export const PORTAL_ROW_LIMIT = 100_000;

export class IngestRun {
  rowsRead = 0;
  signIns = 0;
  rejected = 0;
  duplicates = 0;
  readonly warnings: Warning[] = [];
  readonly rejectedByReason = new Map<RejectReason, number>();
  readonly inputs: InputSummary[] = [];
  /** The rejected rows listed one by one (the first REJECTS_SHOWN), in the order met. */
  readonly rejectedShown: RejectedRow[] = [];

  /**
   * `seen` is the duplicate table (none with --keep-duplicates); `printRejected` says whether the first
   * rejected rows go to stderr as they are met (a worker thread collects them for the main thread instead).
   */
  constructor(
    readonly options: IngestOptions,
    readonly onSignIn: (signIn: SignIn) => void,
    readonly seen: SeenRequestIds | undefined = options.keepDuplicates ? undefined : new SeenRequestIds(),
    private readonly printRejected = !options.quiet,
  ) {}

  file(label: string): FileTally {
    return new FileTally(this, label);
  }

  warn(code: WarningCode, message: string, file: string | null, line: number | null): void {
    this.warnings.push({ code, message, file, line });
    if (this.options.quiet) return;
    const where = file === null ? '' : `${file}${line === null ? '' : `:${line}`}: `;
    this.options.stderr(`${TOOL_NAME}: warning: ${oneLine(where + message)}\n`);
  }

  /**
   * A duplicate is a sign-in whose request id and time were seen before in this run. The time is part of
   * the key because redacted exports reuse one placeholder id for different sign-ins, while a sign-in
   * logged twice (overlapping downloads, Log Analytics re-ingestion) keeps its creation time.
   */
  isDuplicate(signIn: SignIn): boolean {
    if (this.seen === undefined || signIn.requestId.length === 0) return false;
    return this.seen.seenBefore(`${signIn.requestId}\u0000${signIn.time.getTime()}`);
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
    if (this.rejected <= REJECTS_SHOWN) this.showRejected({ reason, message, file, line });
  }

  /** Lists a rejected row (on stderr unless quiet) while fewer than REJECTS_SHOWN have been listed. */
  showRejected(row: RejectedRow): void {
    if (this.rejectedShown.length >= REJECTS_SHOWN) return;
    this.rejectedShown.push(row);
    if (this.printRejected) this.options.stderr(`${TOOL_NAME}: ${oneLine(`${row.file}:${row.line}: rejected row: ${row.message}`)}\n`);
  }

  addPart(part: PartCounts, file: string, lineOffset: number): void {
    this.rowsRead += part.rowsRead;
    this.signIns += part.signIns;
    this.rejected += part.rejected;
    this.duplicates += part.duplicates;
    for (const [reason, count] of part.rejectedByReason) this.rejectedByReason.set(reason, (this.rejectedByReason.get(reason) ?? 0) + count);
    for (const row of part.rejectedShown) this.showRejected({ ...row, file, line: row.line + lineOffset });
  }

  /** One stderr line at the end when rows were rejected beyond those shown, and the warning for the report. */
  finish(): void {
    if (this.rejected === 0) return;
    const reasons = [...this.rejectedByReason.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([reason, count]) => `${count} ${reason}`)
      .join(', ');
    const shown = this.rejected > REJECTS_SHOWN ? `; the first ${REJECTS_SHOWN} are listed above` : '';
    this.warn('ROWS_REJECTED', `${this.rejected} of ${this.rowsRead} rows could not be used (${reasons})${shown}`, null, null);
  }
}

export class FileTally {
  rowsRead = 0;
  signIns = 0;
  rejected = 0;
  duplicates = 0;
  private defaultType: SignInType = 'interactive';
  private order: DateOrder | undefined;
  private orderFromValues = false;
  private pending: Array<{ raw: RawFields; line: number }> = [];

  constructor(
    private readonly run: IngestRun,
    readonly file: string,
  ) {}

  /** What the format tells about the whole file: its sign-in type, and its date order when fixed (US). */
  useLayout(defaultType: SignInType, dateOrder: DateOrder | undefined): void {
    this.defaultType = defaultType;
    if (dateOrder !== undefined) {
      this.order = dateOrder;
      this.orderFromValues = true;
    }
  }

  accept(raw: RawFields, line: number): void {
    this.rowsRead++;
    this.run.rowsRead++;
    this.take(raw, line);
  }

  reject(reason: RejectReason, message: string, line: number): void {
    this.rowsRead++;
    this.run.rowsRead++;
    this.countRejected(reason, message, line);
  }

  summary(format: string): InputSummary {
    this.settleOrder(this.run.options.dateOrder ?? 'mdy', this.run.options.dateOrder === undefined);
    // Only the admin center's downloads stop at the limit; a Graph dump or an archive of that size is whole.
    if (this.rowsRead === PORTAL_ROW_LIMIT && format.startsWith('portal-')) {
      this.run.warn(
        'PROBABLY_TRUNCATED',
        `exactly ${PORTAL_ROW_LIMIT.toLocaleString('en-US')} rows: the admin center stops downloads there, so this export is probably cut off — download shorter periods`,
        this.file,
        null,
      );
    }
    const summary: InputSummary = {
      path: this.file,
      format,
      rowsRead: this.rowsRead,
      signIns: this.signIns,
      rejected: this.rejected,
      duplicates: this.duplicates,
    };
    this.run.inputs.push(summary);
    return summary;
  }

  /**
   * Counts a part read on a worker thread; `lineOffset` turns the part's line numbers into the file's.
   * Its sign-ins were counted by the part's own sink, so only the accounting is added here.
   */
  addPart(part: PartCounts, lineOffset: number): void {
    this.rowsRead += part.rowsRead;
    this.signIns += part.signIns;
    this.rejected += part.rejected;
    this.duplicates += part.duplicates;
    this.run.addPart(part, this.file, lineOffset);
  }

  private take(raw: RawFields, line: number): void {
    const result = normalize(raw, { file: this.file, line, defaultType: this.defaultType, dateOrder: this.order });
    switch (result.kind) {
      case 'ambiguousTime':
        this.pending.push({ raw, line });
        if (this.pending.length >= MAX_PENDING) this.settleOrder(this.run.options.dateOrder ?? 'mdy', this.run.options.dateOrder === undefined);
        return;
      case 'rejected':
        this.countRejected(result.reason, result.message, line);
        return;
      case 'signIn':
        if (result.settles !== undefined && this.order !== undefined && result.settles !== this.order) {
          this.countRejected('BAD_TIME', `${JSON.stringify(raw.time)} is ${describeOrder(result.settles)}, but this file's dates are ${describeOrder(this.order)}`, line);
          return;
        }
        if (result.settles !== undefined && this.order === undefined) {
          const userOrder = this.run.options.dateOrder;
          if (userOrder !== undefined && userOrder !== result.settles) {
            this.run.warn('DATE_ORDER_ASSUMED', `dates such as ${JSON.stringify(raw.time)} show the file is ${describeOrder(result.settles)}; --date-order ${userOrder} does not apply to it`, this.file, line);
          }
          this.order = result.settles;
          this.orderFromValues = true;
          this.emit(result.signIn);
          this.flushPending();
          return;
        }
        this.emit(result.signIn);
        return;
    }
  }

  private settleOrder(order: DateOrder, assumed: boolean): void {
    if (this.pending.length === 0) return;
    if (this.order === undefined) {
      this.order = order;
      if (assumed && !this.orderFromValues) {
        this.run.warn(
          'DATE_ORDER_ASSUMED',
          `no date in this file tells day from month (all are 12 or below); read as month/day/year — pass --date-order dmy if they are day-first`,
          this.file,
          null,
        );
      }
    }
    this.flushPending();
  }

  private flushPending(): void {
    const pending = this.pending;
    this.pending = [];
    for (const { raw, line } of pending) this.take(raw, line);
  }

  private emit(signIn: SignIn): void {
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
  }
}

function describeOrder(order: DateOrder): string {
  return order === 'dmy' ? 'day-first' : 'month-first';
}
