// The progress bar: drawn for inputs of 50 MB or more, with bytes read of total, rows per second and time
// left, redrawn at most four times a second, cleared at the end; and only on a terminal, never with
// --quiet or in CI.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reportConfig } from '../src/config/report.js';
import { Progress } from '../src/ingest/progress.js';
import type { InputSource } from '../src/ingest/sources.js';
import { testIo } from './helpers/io.js';

const MB = 1_000_000;

function source(label: string, size: number): InputSource {
  return { label, path: label, size, inDirectory: false, regular: true, open: () => ({}) as never };
}

describe('the progress bar', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-16T12:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows bytes read of total, rows per second and time left, at most every 250 ms, and clears itself', () => {
    const lines: string[] = [];
    let rows = 0;
    let read = 0;
    const files = [source('a.csv', 40 * MB), source('b.csv', 40 * MB)];
    const progress = new Progress(
      files,
      (text) => lines.push(text),
      () => rows,
    );
    progress.start(files[0]!, () => read);
    vi.advanceTimersByTime(2000);
    read = 20 * MB;
    rows = 50_000;
    progress.update();
    expect(lines).toEqual([`\r[########----------------------] 20/80 MB 25,000 rows/s ETA 6s `]);
    vi.advanceTimersByTime(100);
    read = 30 * MB;
    progress.update();
    expect(lines).toHaveLength(1);
    // The second file: the first counts as read whole.
    vi.advanceTimersByTime(1900);
    progress.start(files[1]!, () => 0);
    rows = 100_000;
    progress.update();
    expect(lines[1]).toBe(`\r[###############---------------] 40/80 MB 25,000 rows/s ETA 4s `);
    progress.done();
    expect(lines.at(-1)).toBe('\r\x1b[2K');
  });

  it('counts a file read in parts by the parts finished', () => {
    const lines: string[] = [];
    const file = source('big.csv', 100 * MB);
    const progress = new Progress([file], (text) => lines.push(text));
    progress.start(file, () => 0);
    vi.advanceTimersByTime(1000);
    progress.parts(1, 4);
    expect(lines.at(-1)).toMatch(/^\r\[#{8}-{22}\] 25\/100 MB ETA 3s $/);
  });

  it('stays silent for inputs under 50 MB', () => {
    const lines: string[] = [];
    const file = source('small.csv', 49 * 1024 * 1024);
    const progress = new Progress([file], (text) => lines.push(text));
    progress.start(file, () => 1000);
    vi.advanceTimersByTime(1000);
    progress.update();
    progress.done();
    expect(lines).toEqual([]);
  });
});

describe('when the progress bar is drawn', () => {
  it('only when stderr is a terminal, without --quiet and outside CI', async () => {
    const progress = async (options: { quiet?: boolean }, io: Parameters<typeof testIo>[0]): Promise<boolean> =>
      (await reportConfig(['x.csv'], options, testIo(io))).ingest.progress;
    expect(await progress({}, { stderrIsTty: true })).toBe(true);
    expect(await progress({}, { stderrIsTty: false })).toBe(false);
    expect(await progress({ quiet: true }, { stderrIsTty: true })).toBe(false);
    expect(await progress({}, { stderrIsTty: true, env: { CI: 'true' } })).toBe(false);
  });
});
