// A run stopped by a signal while --output is being written leaves no temporary file and no half report behind,
// and still ends as that signal. The built binary writes a report of about 13 MB; when the test sees its temporary
// file appear it stops the process (SIGSTOP), sends the signal, and lets it go on (SIGCONT), so the signal lands
// while the temporary file is there: mostly half written, now and then already whole and being renamed into place.
// Also the in-process side: the temporary file is registered before it exists and forgotten once renamed or
// removed. POSIX only (SIGSTOP); skipped on Windows.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.js';
import { writeFileAtomic } from '../src/render/output.js';
import { cliPath } from './helpers/exec.js';
import { fileAt } from './helpers/files.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-signals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 30,000 sign-ins of as many users and IP addresses: a JSON report of about 13 MB, written in many pieces. */
function manyUsers(): string {
  const file = path.join(dir, 'many-users.csv');
  if (existsSync(file)) return file;
  const rows = ['Time,Code,User,IP'];
  for (let i = 0; i < 30_000; i++)
    rows.push(`2026-11-1${i % 9}T10:00:00Z,${i % 3 === 0 ? 0 : 50126},user${i}@contoso.example,10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

interface Interrupted {
  readonly signal: NodeJS.Signals | null;
  readonly code: number | null;
  /** What the output directory held when the process was stopped, and after it ended. */
  readonly whileStopped: readonly string[];
  readonly after: readonly string[];
  /** The report file after the process ended, when there is one. */
  readonly report: string | null;
}

/**
 * Runs the report and interrupts it while its temporary file is there. A busy machine can let the test run so
 * late that the file is already renamed when the process stops: that attempt proves nothing and is made again.
 */
async function interruptWhileWriting(signal: NodeJS.Signals): Promise<Interrupted> {
  let run: Interrupted | undefined;
  for (let attempt = 0; attempt < 5 && (run === undefined || !run.whileStopped.some((name) => name.endsWith('.tmp'))); attempt++) {
    run = await interruptOnce(signal, path.join(dir, `out-${signal}-${attempt}`));
  }
  return run!;
}

/** The arguments of the run: a JSON report of manyUsers() written to `out`/report.json. */
function reportArgs(out: string): string[] {
  return [
    'report',
    manyUsers(),
    '--map',
    'time=Time,code=Code,user=User,ip=IP',
    '--format',
    'json',
    '--now',
    '2026-11-16',
    '--output',
    path.join(out, 'report.json'),
  ];
}

/** The report the run writes when nothing stops it. */
async function wholeReport(): Promise<string> {
  const out = path.join(dir, 'whole');
  if (!existsSync(out)) {
    mkdirSync(out);
    const child = spawn(process.execPath, [cliPath, ...reportArgs(out)], { stdio: 'ignore' });
    await new Promise((resolve) => child.on('exit', resolve));
  }
  return readFileSync(path.join(out, 'report.json'), 'utf8');
}

async function interruptOnce(signal: NodeJS.Signals, out: string): Promise<Interrupted> {
  mkdirSync(out);
  const child = spawn(process.execPath, [cliPath, ...reportArgs(out)], { stdio: 'ignore' });
  let whileStopped: string[] = [];
  const watcher = watch(out, (_event, name) => {
    if (whileStopped.length > 0 || !String(name).endsWith('.tmp')) return;
    child.kill('SIGSTOP');
    whileStopped = readdirSync(out);
    child.kill(signal);
    child.kill('SIGCONT');
  });
  const [code, ended] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
  );
  watcher.close();
  const report = path.join(out, 'report.json');
  return { signal: ended, code, whileStopped, after: readdirSync(out), report: existsSync(report) ? readFileSync(report, 'utf8') : null };
}

describe.skipIf(process.platform === 'win32')('a signal while --output is written (POSIX)', () => {
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('%s removes the temporary file and ends the run as that signal', async (signal) => {
    const run = await interruptWhileWriting(signal);
    // The signal landed while the temporary file was there.
    expect(run.whileStopped).toEqual([expect.stringMatching(/^\.report\.json\.\d+\.[0-9a-f]{8}\.tmp$/)]);
    // No temporary file is left, and no half report. There was no old file, so nothing is left, unless the signal
    // came as the finished report was being renamed into place (the rename runs on another thread): then that
    // report is there, whole.
    if (run.report === null) expect(run.after).toEqual([]);
    else {
      expect(run.after).toEqual(['report.json']);
      expect(run.report).toBe(await wholeReport());
    }
    expect(run.signal).toBe(signal);
  });
});

describe('writeFileAtomic and the signal cleanup', () => {
  function recordingIo() {
    const events: string[] = [];
    return {
      events,
      removeOnSignal: (file: string) => {
        events.push(`register ${path.basename(file)} ${existsSync(file) ? 'exists' : 'absent'}`);
        return () => {
          events.push(`forget ${existsSync(file) ? 'exists' : 'absent'}`);
        };
      },
    };
  }

  it('registers the temporary file before creating it and forgets it once renamed', async () => {
    const target = path.join(dir, 'atomic', 'report.txt');
    const io = recordingIo();
    await writeFileAtomic(fileAt(target), 'text', io);
    expect(io.events).toEqual([expect.stringMatching(/^register \.report\.txt\.\d+\.[0-9a-f]{8}\.tmp absent$/), 'forget absent']);
    expect(readdirSync(path.dirname(target))).toEqual(['report.txt']);
  });

  it('removes the temporary file and forgets it when writing it fails', async () => {
    // Report text whose second piece cannot be had: the temporary file exists, half written, when the write fails.
    class Failing extends Array<string> {
      override *[Symbol.iterator](): ArrayIterator<string> {
        yield 'first piece';
        throw new Error('no second piece');
      }
    }
    const target = path.join(dir, 'failing', 'report.txt');
    const io = recordingIo();
    await expect(writeFileAtomic(fileAt(target), Failing.from(['first piece', 'second']) as Failing, io)).rejects.toBeInstanceOf(AppError);
    expect(io.events).toEqual([expect.stringMatching(/^register .* absent$/), 'forget absent']);
    expect(readdirSync(path.dirname(target))).toEqual([]);
  });
});
