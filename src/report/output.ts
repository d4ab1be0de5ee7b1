// Owns writing a report to --output: a temporary file in the same directory, then a rename, so a reader
// (or the next week's --baseline) never sees half a report, and a failed run leaves the old file intact.

import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../errors.js';

export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text, { encoding: 'utf8', flag: 'wx' });
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new AppError('OUTPUT_UNWRITABLE', `cannot write the report (${reason})`, { file, hint: 'check that the directory exists and is writable' });
  }
}
