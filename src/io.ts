// Owns the seam between the program and its process: the streams, environment, working directory and clock
// that commands receive (and telling a reader that went away from a failed write), and writing report text,
// whole or in pieces, out as UTF-8 a buffer at a time (outputPieces) rather than as one copy of the whole
// report. Only cli.ts builds a real Io; tests build their own and run commands in-process.

import { fstatSync, unlinkSync, writeSync } from 'node:fs';
import type { Readable } from 'node:stream';

/**
 * What a command writes: text, text in pieces written one after the other (a large report need never be one
 * string), or bytes (a workbook).
 */
export type Output = string | readonly string[] | Uint8Array;

export interface Io {
  /**
   * Writes report text (or bytes) to standard output. Resolves once it is written; rejects with the write error
   * (a closed pipe is EPIPE, a full disk ENOSPC), so a report that could not be written is never taken as done.
   */
  readonly stdout: (output: Output) => Promise<void>;
  /** Diagnostics (warnings, rejected rows, progress) go here. */
  readonly stderr: (text: string) => void;
  readonly stdin: Readable;
  readonly stdoutIsTty: boolean;
  readonly stderrIsTty: boolean;
  /** The terminal's width in columns when standard output is one; undefined otherwise. */
  readonly stdoutColumns?: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The directory relative paths are read from and written to. */
  readonly cwd: string;
  /** The real clock; commands take `--now` / SOURCE_DATE_EPOCH over it. */
  readonly now: () => Date;
  /**
   * Registers a file to remove should a signal (SIGINT, SIGTERM, SIGHUP) stop the process before the returned
   * function is called: a temporary file does not outlive an interrupted run. Register before creating it.
   */
  readonly removeOnSignal: (path: string) => () => void;
}

export function processIo(): Io {
  const toFile = stdoutIsFile();
  return {
    stdout: async (output) => {
      if (toFile) writeAll(1, output);
      else for (const piece of outputPieces(output)) await writeStdout(piece);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
    stdin: process.stdin,
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    ...(process.stdout.isTTY === true && process.stdout.columns > 0 ? { stdoutColumns: process.stdout.columns } : {}),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    removeOnSignal: signalCleanup(),
  };
}

const STOPPING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * While files are registered, a stopping signal removes them and then stops the process as the signal would
 * have (the handlers are taken away and the signal raised again), so the exit status still says which signal.
 * With nothing registered no handler is installed and signals act as they always do.
 */
function signalCleanup(): Io['removeOnSignal'] {
  const pending = new Set<string>();
  const install = (on: boolean): void => {
    for (const signal of STOPPING_SIGNALS) {
      if (on) process.on(signal, onSignal);
      else process.removeListener(signal, onSignal);
    }
  };
  function onSignal(signal: NodeJS.Signals): void {
    for (const path of pending) {
      try {
        unlinkSync(path);
      } catch {
        // Not created yet, or already renamed into place.
      }
    }
    pending.clear();
    install(false);
    process.kill(process.pid, signal);
  }
  return (path) => {
    if (pending.size === 0) install(true);
    pending.add(path);
    return () => {
      if (pending.delete(path) && pending.size === 0) install(false);
    };
  };
}

/**
 * Whether standard output is a file or a device (`> report.json`, `> /dev/full`) rather than a terminal or a pipe.
 * Node writes those with one write(2) call and never looks at how much it wrote, so on a nearly full disk the
 * end of the report would be lost without an error: they are written with writeAll instead.
 */
function stdoutIsFile(): boolean {
  try {
    const info = fstatSync(1);
    return info.isFile() || (info.isCharacterDevice() && process.stdout.isTTY !== true);
  } catch {
    return false;
  }
}

/**
 * Writes every byte of the text, or throws the write error. A write to a disk with less room than the text
 * writes what fits and says so; writing the rest then fails with ENOSPC (EFBIG over a file size limit).
 */
function writeAll(fd: number, output: Output): void {
  for (const bytes of outputPieces(output)) {
    for (let at = 0; at < bytes.length; ) {
      const written = writeSync(fd, bytes, at, bytes.length - at);
      if (written <= 0) throw Object.assign(new Error('nothing was written'), { code: 'EIO', syscall: 'write' });
      at += written;
    }
  }
}

/** Writes bytes to standard output (a terminal or a pipe) and waits until Node has written them. */
function writeStdout(bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(bytes, (error) => (error === null || error === undefined ? resolve() : reject(error)));
  });
}

const PIECE_BYTES = 1 << 20;

/** A report's bytes to write in turn: text as utf8Pieces, bytes (a workbook) as they are. */
export function outputPieces(output: Output): Iterable<Uint8Array> {
  return output instanceof Uint8Array ? [output] : utf8Pieces(output);
}

/**
 * The text, or its pieces one after the other, as UTF-8 in buffers of at most `size` bytes (at least 4), each
 * cut between two characters, with lone surrogates as U+FFFD like Buffer.from (each piece is encoded on its own,
 * so a surrogate pair cut between two pieces is two lone ones): a report of tens of megabytes is written without
 * a second whole copy of it in memory. Every buffer is a view of one that the next overwrites: write it before
 * asking for the next.
 */
export function* utf8Pieces(text: string | readonly string[], size = PIECE_BYTES): Generator<Uint8Array> {
  const pieces = typeof text === 'string' ? [text] : text;
  let length = 0;
  for (const piece of pieces) length += piece.length;
  const buffer = new Uint8Array(Math.min(size, Math.max(4, length * 3)));
  const encoder = new TextEncoder();
  let used = 0;
  for (const piece of pieces) {
    for (let rest = piece; rest.length > 0; ) {
      const { read, written } = encoder.encodeInto(rest, buffer.subarray(used));
      used += written;
      rest = rest.slice(read);
      // A character that did not fit starts the next buffer.
      if (rest.length > 0) {
        yield buffer.subarray(0, used);
        used = 0;
      }
    }
  }
  if (used > 0) yield buffer.subarray(0, used);
}

/** Standard output's reader went away (`| head`): not an error of the run. */
export function isBrokenPipe(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EPIPE';
}
