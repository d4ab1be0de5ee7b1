// Owns finding the inputs: named files, directories (walked recursively, in name order), and `-` for
// stdin. It opens nothing but files' metadata; unreadable inputs fail here with one clear line.

import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../errors.js';
import { fileChunks, streamChunks, type ByteChunks } from './file-chunks.js';

export interface InputSource {
  /** The path as the user named it (or found under a named directory); `-` for stdin. */
  readonly label: string;
  /** Where the file is: the label resolved against the working directory; undefined for stdin. */
  readonly path: string | undefined;
  /** Size in bytes when known (files), for progress. */
  readonly size: number | undefined;
  /** Found by walking a directory the user named (such a file is skipped, not fatal, when it holds no sign-ins). */
  readonly inDirectory: boolean;
  /** A regular file: it can be opened again and read from its start (not stdin, a FIFO or a device). */
  readonly regular: boolean;
  /** Its bytes from the start (see file-chunks.ts for how long a chunk stays as it is). */
  open(): ByteChunks;
}

/** File names a directory walk picks up; anything else there (spreadsheets, notes) is left alone. */
const EXPORT_NAME = /\.(csv|tsv|txt|json|jsonl|ndjson)(\.gz)?$/i;

export async function findInputs(inputs: readonly string[], stdin: Readable, cwd: string): Promise<{ sources: InputSource[]; skipped: string[] }> {
  const sources: InputSource[] = [];
  const skipped: string[] = [];
  for (const input of inputs) {
    if (input === '-') {
      sources.push({ label: '-', path: undefined, size: undefined, inDirectory: false, regular: false, open: () => streamChunks(stdin) });
      continue;
    }
    const info = await statOrFail(input, cwd);
    if (info.isDirectory()) {
      const found = await walk(input, skipped, cwd);
      if (found.length === 0) {
        throw new AppError('INPUT_EMPTY', 'the directory holds no export files', {
          file: input,
          hint: 'expected .csv, .tsv, .txt, .json, .jsonl or .ndjson files (optionally .gz)',
        });
      }
      sources.push(...found);
    } else {
      sources.push(fileSource(input, cwd, info.size, false, info.isFile()));
    }
  }
  return { sources, skipped };
}

function fileSource(label: string, cwd: string, size: number, inDirectory: boolean, regular: boolean): InputSource {
  const path = resolve(cwd, label);
  return { label, path, size, inDirectory, regular, open: () => fileChunks(path) };
}

async function walk(directory: string, skipped: string[], cwd: string): Promise<InputSource[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(resolve(cwd, directory), { withFileTypes: true });
  } catch (error) {
    throw unreadable(directory, error);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found: InputSource[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      found.push(...(await walk(path, skipped, cwd)));
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      if (!EXPORT_NAME.test(entry.name)) {
        skipped.push(path);
        continue;
      }
      const info = await statOrFail(path, cwd);
      if (info.isFile()) found.push(fileSource(path, cwd, info.size, true, true));
    }
  }
  return found;
}

async function statOrFail(path: string, cwd: string) {
  try {
    return await stat(resolve(cwd, path));
  } catch (error) {
    throw unreadable(path, error);
  }
}

export function unreadable(path: string, error: unknown): AppError {
  const code = (error as { code?: string }).code;
  const why =
    code === 'ENOENT'
      ? 'no such file or directory'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'is a directory'
          : (error as Error).message;
  return new AppError('INPUT_UNREADABLE', `cannot read input: ${why}`, { file: path, hint: 'check the path and its permissions' });
}
