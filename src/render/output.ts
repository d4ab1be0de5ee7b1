// Owns writing a finished report, text or bytes, where it goes: to standard output, awaited so a failed write is an
// error, or to --output through a temporary file in the same directory and a rename, so a reader (or next week's
// --baseline) never sees half a report and a failed or interrupted run leaves the old file intact (or the new one
// whole, when the signal comes as it is renamed into place) and no temporary file. A report not written completely
// is an error.

import { randomBytes } from 'node:crypto';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../errors.js';
import { outputPieces, type Io, type Output } from '../io.js';
import type { FileRef } from '../model.js';

export async function writeReport(target: FileRef | null, output: Output, io: Pick<Io, 'stdout' | 'removeOnSignal'>): Promise<void> {
  if (target === null) await io.stdout(output);
  else await writeFileAtomic(target, output, io);
}

/**
 * Creates the file's directory, as a scheduled job expects, then writes the file atomically. The temporary file
 * is removed on every error and, through the Io, when a signal stops the run while it exists.
 */
export async function writeFileAtomic(ref: FileRef, output: Output, io: Pick<Io, 'removeOnSignal'>, mode = 0o666): Promise<void> {
  try {
    await mkdir(dirname(ref.path), { recursive: true });
  } catch (error) {
    throw new AppError('OUTPUT_UNWRITABLE', `cannot create the output directory (${reasonOf(error)})`, {
      file: ref.name,
      hint: 'check the --output path and its permissions',
    });
  }
  const temporary = join(dirname(ref.path), `.${basename(ref.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const forget = io.removeOnSignal(temporary);
  try {
    // writeFile takes each piece in turn and writes all of it before it asks for the next.
    await writeFile(temporary, outputPieces(output), { flag: 'wx', mode });
    await rename(temporary, ref.path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new AppError('OUTPUT_UNWRITABLE', `cannot write the report (${reasonOf(error)})`, {
      file: ref.name,
      hint: 'check that the directory exists and is writable',
    });
  } finally {
    forget();
  }
}

function reasonOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
