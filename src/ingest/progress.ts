// Owns the progress bar: on a terminal only, for inputs over about 50 MB, one line on stderr redrawn at
// most a few times a second with bytes read of total, rows per second and time left.

import type { InputSource } from './sources.js';
import { formatCount } from '../words.js';

const MIN_BYTES = 50 * 1024 * 1024;
const REDRAW_MS = 250;

export class Progress {
  private readonly total: number;
  private readonly enabled: boolean;
  /** Bytes of the files finished before the current one. */
  private doneBytes = 0;
  private currentSize = 0;
  private currentRead: () => number = () => 0;
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    sources: readonly InputSource[],
    private readonly write: (text: string) => void,
    private readonly rows: () => number = () => 0,
  ) {
    this.total = sources.reduce((sum, source) => sum + (source.size ?? 0), 0);
    this.enabled = this.total >= MIN_BYTES;
  }

  /** A new file begins; `bytesRead` follows how far into it reading is. */
  start(source: InputSource, bytesRead: () => number): void {
    this.doneBytes += this.currentSize;
    this.currentSize = source.size ?? 0;
    this.currentRead = bytesRead;
  }

  /** A file read in parts on several threads: `done` of `total` parts are finished. */
  parts(done: number, total: number): void {
    const size = this.currentSize;
    this.currentRead = () => (size * done) / total;
    this.lastDraw = 0;
    this.update();
  }

  update(): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const read = Math.min(this.total, this.doneBytes + this.currentRead());
    const fraction = this.total > 0 ? read / this.total : 1;
    const seconds = (now - this.started) / 1000;
    const width = 30;
    const filled = Math.round(fraction * width);
    const rate = seconds > 0 ? read / seconds : 0;
    const left = rate > 0 ? (this.total - read) / rate : 0;
    const rows = this.rows();
    const rowRate = seconds > 0 && rows > 0 ? ` ${formatCount(Math.round(rows / seconds))} rows/s` : '';
    this.write(
      `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(read / 1e6).toFixed(0)}/${(this.total / 1e6).toFixed(0)} MB${rowRate} ETA ${Math.ceil(left)}s `,
    );
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.write('\r\x1b[2K');
  }
}
