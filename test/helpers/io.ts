// Test helper: an in-memory Io with a fixed clock, for commands and option parsing run in-process.

import { Readable } from 'node:stream';
import type { Io } from '../../src/io.js';

export function testIo(overrides: Partial<Io> = {}): Io & { readonly out: string[]; readonly err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    stdin: Readable.from([]),
    stdoutIsTty: false,
    stderrIsTty: false,
    env: {},
    now: () => new Date('2026-11-16T12:00:00Z'),
    ...overrides,
    out,
    err,
  };
}
