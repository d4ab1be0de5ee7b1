// Owns settling one file's day/month order from its own values: slash dates whose day and month are both 12 or
// below wait until a later row of the same file tells (a first number above 12 is day-first, a second one
// month-first); at the end of the file --date-order decides, and without it month-first with a warning.

import { warning, type Warning } from '../diagnostics.js';
import type { RejectReason, SignIn, SignInType } from '../model.js';
import type { DateOrder } from './dates.js';
import type { RawFields } from './fields.js';
import { normalize } from './normalize.js';

/** Rows a file may hold back while its order is still open; then it is decided as at the end of the file. */
const MAX_PENDING = 50_000;

/** Where the rows of one file go once their time is read. */
export interface NormalizedRows {
  readonly file: string;
  signIn(signIn: SignIn): void;
  /** A sign-in whose time was unreadable (`text`), read from its other time instead. */
  fellBack(text: string, line: number): void;
  rejected(reason: RejectReason, message: string, line: number): void;
  warn(warning: Warning): void;
}

export class FileDateOrder {
  private order: DateOrder | undefined;
  private fromValues = false;
  /** The order is the format's, not one the file's values settled. */
  private fixed = false;
  private pending: Array<{ readonly raw: RawFields; readonly line: number }> = [];
  private defaultType: SignInType = 'interactive';

  constructor(
    /** --date-order, for what the file does not settle. */
    private readonly given: DateOrder | undefined,
    private readonly rows: NormalizedRows,
  ) {}

  /**
   * What the format tells about the whole file: its sign-in type, and its date order when the format fixes it
   * (Log Analytics writes US dates). --date-order overrides a fixed order: the file is then read as for any format.
   */
  useLayout(defaultType: SignInType, fixedOrder: DateOrder | undefined): void {
    this.defaultType = defaultType;
    if (fixedOrder !== undefined && this.given === undefined) {
      this.order = fixedOrder;
      this.fromValues = true;
      this.fixed = true;
    }
  }

  read(raw: RawFields, line: number): void {
    const result = normalize(raw, { file: this.rows.file, line, defaultType: this.defaultType, dateOrder: this.order });
    switch (result.kind) {
      case 'ambiguousTime':
        this.pending.push({ raw, line });
        if (this.pending.length >= MAX_PENDING) this.settle();
        return;
      case 'rejected':
        this.rows.rejected(result.reason, result.message, line);
        return;
      case 'signIn':
        if (result.settles !== undefined && this.order !== undefined && result.settles !== this.order) {
          this.rows.rejected(
            'BAD_TIME',
            `${JSON.stringify(result.timeText)} is ${describeOrder(result.settles)}, but this file's dates are ${describeOrder(this.order)}` +
              (this.fixed ? ` (as this format writes them; pass --date-order ${result.settles} if the file is ${describeOrder(result.settles)})` : ''),
            line,
          );
          return;
        }
        if (result.unreadableTime !== undefined) this.rows.fellBack(result.unreadableTime, line);
        if (result.settles !== undefined && this.order === undefined) {
          if (this.given !== undefined && this.given !== result.settles) {
            this.rows.warn(
              warning(
                'DATE_ORDER_OVERRIDDEN',
                { example: result.timeText, order: describeOrder(result.settles), given: this.given },
                { file: this.rows.file, line },
              ),
            );
          }
          this.order = result.settles;
          this.fromValues = true;
          this.rows.signIn(result.signIn);
          this.flushPending();
          return;
        }
        this.rows.signIn(result.signIn);
        return;
    }
  }

  /** Decides the rows still waiting: by --date-order, else month-first with a warning. Call at the end of the file. */
  settle(): void {
    if (this.pending.length === 0) return;
    if (this.order === undefined) {
      this.order = this.given ?? 'mdy';
      if (this.given === undefined && !this.fromValues) this.rows.warn(warning('DATE_ORDER_ASSUMED', {}, { file: this.rows.file }));
    }
    this.flushPending();
  }

  private flushPending(): void {
    const pending = this.pending;
    this.pending = [];
    for (const { raw, line } of pending) this.read(raw, line);
  }
}

function describeOrder(order: DateOrder): string {
  return order === 'dmy' ? 'day-first' : 'month-first';
}
