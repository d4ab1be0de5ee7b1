// Shared by the ingest tests: IngestOptions for a quiet in-process run with stderr captured, and one
// call that ingests inputs and collects every SignIn, the result and the stderr lines.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { ingest, type IngestOptions, type IngestResult } from '../src/ingest/index.js';
import { AppError } from '../src/errors.js';
import type { SignIn } from '../src/model.js';

export const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const fixture = (relative: string): string => join(repoRoot, 'fixtures', relative);

export interface Captured {
  readonly options: IngestOptions;
  readonly stderr: string[];
}

export function ingestOptions(overrides: Partial<IngestOptions> = {}): Captured {
  const stderr: string[] = [];
  const options: IngestOptions = {
    fieldMap: undefined,
    dateOrder: undefined,
    strict: false,
    keepDuplicates: false,
    quiet: true,
    progress: false,
    stdin: Readable.from([]),
    cwd: repoRoot,
    stderr: (text) => {
      stderr.push(text);
    },
    ...overrides,
  };
  return { options, stderr };
}

export interface Ingested {
  readonly result: IngestResult;
  readonly signIns: SignIn[];
  readonly stderr: string[];
}

export async function ingestAll(inputs: readonly string[], overrides: Partial<IngestOptions> = {}): Promise<Ingested> {
  const { options, stderr } = ingestOptions(overrides);
  const signIns: SignIn[] = [];
  const result = await ingest(inputs, options, (signIn) => signIns.push(signIn));
  return { result, signIns, stderr };
}

/** The AppError an ingest throws (fails the test when it throws something else, or nothing). */
export async function ingestError(inputs: readonly string[], overrides: Partial<IngestOptions> = {}): Promise<AppError> {
  try {
    await ingestAll(inputs, overrides);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`ingest of ${inputs.join(', ')} did not fail`);
}

export function byRequestId(signIns: readonly SignIn[], requestId: string): SignIn {
  const found = signIns.find((signIn) => signIn.requestId === requestId);
  if (found === undefined) throw new Error(`no sign-in with request id ${requestId}`);
  return found;
}

export function tempDir(prefix = 'signin-ingest-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every rejected-row line printed on stderr, as `file:line: message` without the program name. */
export function rejectedLines(stderr: readonly string[]): string[] {
  return stderr.filter((line) => line.includes('rejected row:')).map((line) => line.replace(/^signin-analyzer: /, '').trimEnd());
}
