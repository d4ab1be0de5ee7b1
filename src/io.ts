// Owns the seam between the program and its process: the streams, environment and clock that
// commands receive. Only cli.ts builds a real one; tests can build their own.

import type { Readable } from 'node:stream';

export interface Io {
  /** Report text goes here and nowhere else. */
  readonly stdout: (text: string) => void;
  /** Diagnostics (warnings, rejected rows, progress) go here. */
  readonly stderr: (text: string) => void;
  readonly stdin: Readable;
  readonly stdoutIsTty: boolean;
  readonly stderrIsTty: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The real clock; commands take `--now` / SOURCE_DATE_EPOCH over it. */
  readonly now: () => Date;
}

export function processIo(): Io {
  return {
    stdout: (text) => {
      process.stdout.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
    stdin: process.stdin,
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    env: process.env,
    now: () => new Date(),
  };
}
