// Owns the seam between the program and its process: the streams, environment, working directory and clock
// that commands receive. Only cli.ts builds a real one; tests build their own and run commands in-process.

import type { Readable } from 'node:stream';

export interface Io {
  /**
   * Writes report text (or bytes) to standard output. Resolves once it is written; rejects with the write error
   * (a closed pipe is EPIPE, a full disk ENOSPC), so a report that could not be written is never taken as done.
   */
  readonly stdout: (output: string | Uint8Array) => Promise<void>;
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
}

export function processIo(): Io {
  return {
    stdout: (output) =>
      new Promise((resolve, reject) => {
        process.stdout.write(output, (error) => (error === null || error === undefined ? resolve() : reject(error)));
      }),
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
  };
}
