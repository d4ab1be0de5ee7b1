// Owns writing a report to --output: a temporary file in the same directory, then a rename, so a reader
// (or the next week's --baseline) never sees half a report, and a failed run leaves the old file intact.

import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../errors.js';
import type { FileRef } from '../model.js';

export async function writeFileAtomic(ref: FileRef, text: string): Promise<void> {
  const file = ref.name;
  const temporary = join(dirname(ref.path), `.${basename(ref.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text, { encoding: 'utf8', flag: 'wx' });
    await rename(temporary, ref.path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new AppError('OUTPUT_UNWRITABLE', `cannot write the report (${reason})`, { file, hint: 'check that the directory exists and is writable' });
  }
}
