// Owns writing a finished report, text or bytes, where it goes: to standard output, awaited so a failed write is an
// error, or to --output through a temporary file in the same directory and a rename, so a reader (or next week's
// --baseline) never sees half a report and a failed or interrupted run leaves the old file intact (or the new one
// whole, when the signal comes as it is renamed into place) and no temporary file. A report not written completely
// is an error. Also where any --output really goes (destinationOf, which the export's sink shares): through a
// symbolic link to its target, into a FIFO or device as it is, and with an existing file's permissions kept.

import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readlink, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../errors.js';
import { outputPieces, type Io, type Output } from '../io.js';
import type { FileRef } from '../model.js';

export async function writeReport(target: FileRef | null, output: Output, io: Pick<Io, 'stdout' | 'removeOnSignal'>): Promise<void> {
  if (target === null) await io.stdout(output);
  else await writeFileAtomic(target, output, io);
}

/** Where an --output file is written, and how. */
export interface Destination {
  /** The file itself: a symbolic link's target, not the link. */
  readonly path: string;
  /** A FIFO, a device or a socket (`-o /dev/stdout`): written to as it is, with nothing to rename over it. */
  readonly inPlace: boolean;
  /** The temporary file beside it that is renamed into place, unless written in place. */
  readonly temporary: string;
  /** The permissions of the file it replaces, given to the new one (a report kept private stays private). */
  readonly mode: number | undefined;
}

/**
 * Creates the file's directory, as a scheduled job expects, and says where and how to write. A rename over a
 * symbolic link would replace the link, and over /dev/null the device itself, when run as root.
 */
export async function destinationOf(ref: FileRef): Promise<Destination> {
  try {
    await makeDirectories(dirname(ref.path));
  } catch (error) {
    throw new AppError('OUTPUT_UNWRITABLE', `cannot create the output directory (${reasonOf(error)})`, {
      file: ref.name,
      hint: 'check the output path and its permissions',
    });
  }
  const path = await realpath(ref.path).catch(async () => {
    // A link to a file not made yet: write the file it names.
    const link = await readlink(ref.path).catch(() => null);
    return link === null ? ref.path : resolve(dirname(ref.path), link);
  });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const stats = await stat(path).catch(() => null);
  if (stats === null) return { path, inPlace: false, temporary, mode: undefined };
  if (stats.isDirectory())
    throw new AppError('OUTPUT_UNWRITABLE', 'is a directory', { file: ref.name, hint: 'give --output a file name, such as report.json' });
  return { path, inPlace: !stats.isFile(), temporary, mode: stats.isFile() ? stats.mode & 0o7777 : undefined };
}

/**
 * Writes the file atomically (see destinationOf for where). The temporary file is removed on every error and,
 * through the Io, when a signal stops the run while it exists.
 */
export async function writeFileAtomic(ref: FileRef, output: Output, io: Pick<Io, 'removeOnSignal'>): Promise<void> {
  const destination = await destinationOf(ref);
  if (destination.inPlace) {
    await writeFile(destination.path, outputPieces(output)).catch((error: unknown) => {
      throw unwritable(ref, error);
    });
    return;
  }
  const { temporary } = destination;
  const forget = io.removeOnSignal(temporary);
  try {
    // writeFile takes each piece in turn and writes all of it before it asks for the next.
    await writeFile(temporary, outputPieces(output), { flag: 'wx' });
    if (destination.mode !== undefined) await chmod(temporary, destination.mode);
    await rename(temporary, destination.path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw unwritable(ref, error);
  } finally {
    forget();
  }
}

/**
 * mkdir -p, one level at a time from the deepest directory that exists: Node's recursive mkdir never returns for a
 * path under /proc that cannot be made (it retries the same ENOENT for ever).
 */
async function makeDirectories(directory: string): Promise<void> {
  const missing: string[] = [];
  for (
    let at = directory;
    !(await stat(at).then(
      () => true,
      () => false,
    ));
    at = dirname(at)
  ) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const at of missing.reverse()) {
    await mkdir(at).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}

function unwritable(ref: FileRef, error: unknown): AppError {
  return new AppError('OUTPUT_UNWRITABLE', `cannot write the report (${reasonOf(error)})`, {
    file: ref.name,
    hint: 'check that the directory exists and is writable',
  });
}

function reasonOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
