// Test helper: an in-memory Io with a fixed clock, and runMain(), which runs the command line in-process the way
// the bin does, for command tests that need no process of their own.

import { Readable } from 'node:stream';
import { formatDiagnostic, warning, warningDiagnostic } from '../../src/diagnostics.js';
import type { Io } from '../../src/io.js';
import { MISSING_TYPE_REASONS } from '../../src/view/coverage.js';
import { main } from '../../src/main.js';
import { textOf } from '../../src/render/index.js';
import { repoRoot } from './exec.js';

export function testIo(overrides: Partial<Io> = {}): Io & { readonly out: string[]; readonly err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    // Text in pieces is kept joined; bytes (a workbook) one character per byte: Buffer.from(stdout, 'latin1') gives them back.
    stdout: async (output) => {
      out.push(output instanceof Uint8Array ? Buffer.from(output).toString('latin1') : textOf(output));
    },
    stderr: (text) => {
      err.push(text);
    },
    stdin: Readable.from([]),
    stdoutIsTty: false,
    stderrIsTty: false,
    env: {},
    cwd: repoRoot,
    now: () => new Date('2026-11-16T12:00:00Z'),
    removeOnSignal: () => () => {},
    ...overrides,
    out,
    err,
  };
}

export interface MainResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `signin-analyzer ARGS` in-process: the environment is only what `env` gives (as the spawned tests' minimal
 * environment, NO_COLOR included), the working directory `cwd` (default: the repository), stdin `input`.
 */
export async function runMain(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string; now?: Date } = {},
): Promise<MainResult> {
  const io = testIo({
    env: { NO_COLOR: '1', ...options.env },
    cwd: options.cwd ?? repoRoot,
    stdin: Readable.from(options.input === undefined ? [] : [Buffer.from(options.input)]),
    ...(options.now === undefined ? {} : { now: () => options.now as Date }),
  });
  const status = await main(args, io);
  return { status, stdout: io.out.join(''), stderr: io.err.join('') };
}

/**
 * The warning every run over interactive sign-ins alone gets (most fixtures are such downloads), as printed on
 * stderr; `withoutInteractiveOnlyNote` takes that one line out, so a test can still require that nothing else
 * was said.
 */
export const INTERACTIVE_ONLY_NOTE = formatDiagnostic(
  warningDiagnostic(warning('SIGN_IN_TYPE_MISSING', { present: 'interactive', missing: 'non-interactive', why: MISSING_TYPE_REASONS.noninteractive })),
);

export function withoutInteractiveOnlyNote(stderr: string): string {
  return stderr.replace(INTERACTIVE_ONLY_NOTE, '');
}
