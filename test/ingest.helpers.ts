// Shared by the ingest tests: IngestOptions for a quiet in-process run with stderr captured, and one
// call that ingests inputs and collects every SignIn, the result and the stderr lines.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { DEFAULT_INGEST_SETTINGS, ingest, type IngestContext, type IngestResult, type IngestSettings } from '../src/ingest/index.js';
import { formatDiagnostic } from '../src/diagnostics.js';
import { AppError } from '../src/errors.js';
import type { SignIn } from '../src/model.js';

export const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const fixture = (relative: string): string => join(repoRoot, 'fixtures', relative);

/**
 * What a test may set: the ingest settings, plus whether diagnostics are captured (quiet: not), stdin, and
 * where the captured lines go (for a run that ends in an error, whose result holds none).
 */
export type IngestOverrides = Partial<IngestSettings> & { readonly quiet?: boolean; readonly stdin?: Readable; readonly stderr?: string[] };

export interface Captured {
  readonly settings: IngestSettings;
  readonly context: IngestContext;
  readonly stderr: string[];
}

/** Settings and context for an in-process run: quiet by default; otherwise every diagnostic line lands in `stderr`. */
export function ingestOptions(overrides: IngestOverrides = {}): Captured {
  const { quiet = true, stdin = Readable.from([]), stderr = [], ...settings } = overrides;
  const context: IngestContext = {
    stdin,
    cwd: repoRoot,
    diagnose: (diagnostic) => {
      if (!quiet) stderr.push(formatDiagnostic(diagnostic));
    },
    stderr: (text) => {
      stderr.push(text);
    },
  };
  return { settings: { ...DEFAULT_INGEST_SETTINGS, ...settings }, context, stderr };
}

export interface Ingested {
  readonly result: IngestResult;
  readonly signIns: SignIn[];
  readonly stderr: string[];
}

export async function ingestAll(inputs: readonly string[], overrides: IngestOverrides = {}): Promise<Ingested> {
  const { settings, context, stderr } = ingestOptions(overrides);
  const signIns: SignIn[] = [];
  const result = await ingest(inputs, settings, context, (signIn) => signIns.push(signIn));
  return { result, signIns, stderr };
}

/** The AppError an ingest throws (fails the test when it throws something else, or nothing). */
export async function ingestError(inputs: readonly string[], overrides: IngestOverrides = {}): Promise<AppError> {
  try {
    await ingestAll(inputs, overrides);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`ingest of ${inputs.join(', ')} did not fail`);
}

export function tempDir(prefix = 'signin-ingest-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every rejected-row line printed on stderr, as `file:line: message` without the program name. */
export function rejectedLines(stderr: readonly string[]): string[] {
  return stderr.filter((line) => line.includes('rejected row:')).map((line) => line.replace(/^signin-analyzer: /, '').trimEnd());
}
