// Owns the pseudonym key file (--key-file): 32 random bytes written as hex, created readable by its owner only
// (mode 0600) when missing, and read back for every later run, so the same values get the same pseudonyms.

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { warning, type Warning } from '../diagnostics.js';
import { AppError } from '../errors.js';
import type { FileRef } from '../model.js';

const KEY_BYTES = 32;

export interface PseudonymKey {
  readonly key: Buffer;
  /** Said once: the file was created, or others can read it. */
  readonly warnings: readonly Warning[];
}

/** Reads the key; with `create`, makes a new key file first when there is none. */
export async function loadPseudonymKey(ref: FileRef, create: boolean): Promise<PseudonymKey> {
  let text: string;
  try {
    text = await readFile(ref.path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw keyError(ref, `cannot be read (${reasonOf(error)})`);
    if (!create) throw keyError(ref, 'does not exist', 'the first report run with --pseudonymize and this --key-file creates it');
    const created = await createKeyFile(ref);
    if (created !== undefined) return { key: created, warnings: [warning('KEY_FILE_CREATED', {}, { file: ref.name })] };
    // Another run created it first: use that one.
    text = await readFile(ref.path, 'utf8');
  }
  const hex = text.trim();
  const key = hexKey(hex);
  if (key === null) throw keyError(ref, 'is not a key', `it must hold at least 32 hexadecimal digits, as the tool writes ${KEY_BYTES * 2} of them`);
  // Windows has no such mode bits to look at.
  const mode = process.platform === 'win32' ? 0o600 : (await stat(ref.path)).mode & 0o777;
  const open = (mode & 0o077) !== 0;
  return { key, warnings: open ? [warning('KEY_FILE_OPEN', { mode: mode.toString(8) }, { file: ref.name })] : [] };
}

/**
 * The key's bytes if the text is at least 32 hexadecimal digits, an even number of them; else null. Checked by
 * decoding rather than with a regular expression, whose backtracking entries (one per pair of digits) overflow
 * V8's stack on a file of millions.
 */
function hexKey(hex: string): Buffer | null {
  if (hex.length < 32 || hex.length % 2 !== 0) return null;
  const key = Buffer.from(hex, 'hex');
  return key.length * 2 === hex.length ? key : null;
}

/** A new key file, written only if none exists (two first runs at once keep one key); undefined if one appeared. */
async function createKeyFile(ref: FileRef): Promise<Buffer | undefined> {
  const key = randomBytes(KEY_BYTES);
  try {
    await mkdir(dirname(ref.path), { recursive: true });
    await writeFile(ref.path, `${key.toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw keyError(ref, `cannot be created (${reasonOf(error)})`);
  }
}

function keyError(ref: FileRef, what: string, hint = 'check the --key-file path and its permissions'): AppError {
  return new AppError('KEY_FILE_INVALID', `the key file ${what}`, { file: ref.name, hint });
}

function reasonOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
