// Owns writing a stream of lines where an export goes, with backpressure: lines are gathered into batches, each
// batch is written only after the one before it was taken (standard output's write callback, or a file stream's),
// and `pace` hands the reader a promise to wait on while too much is still unwritten, so memory stays flat however
// slow the reader of the output is. A file is written to a temporary name beside it and renamed at the end, so the
// output is complete or absent (a FIFO or a device is written as it is: render/output.ts's destinationOf says where);
// a failed write stops the run with its error.

import { createWriteStream, type WriteStream } from 'node:fs';
import { chmod, rename, unlink } from 'node:fs/promises';
import { AppError } from '../errors.js';
import type { Io } from '../io.js';
import type { FileRef } from '../model.js';
import { destinationOf } from '../render/output.js';

/** Lines are written in batches of about this many characters. */
const BATCH_CHARS = 64 * 1024;
/** More than this many characters waiting to be written: the reader waits. */
const HIGH_WATER_CHARS = 1024 * 1024;

export interface LineSink {
  /** Queues a line (with its line break); written in order. */
  write(line: string): void;
  /** A promise to wait on before reading on, while too much is unwritten (or a write failed); undefined when there is room. */
  pace(): Promise<void> | undefined;
  /** Writes what is left and closes the output: resolves when all of it is written, rejects with the first write error. */
  end(): Promise<void>;
  /** Gives up after an error elsewhere: a file's temporary copy is removed and the old file left as it was. */
  abort(): Promise<void>;
}

/** Where batches go: standard output, or a file's write stream. */
interface Target {
  write(batch: string): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

export async function openSink(file: FileRef | null, io: Pick<Io, 'stdout'>): Promise<LineSink> {
  return new BatchedSink(file === null ? stdoutTarget(io) : await fileTarget(file));
}

class BatchedSink implements LineSink {
  private batch: string[] = [];
  private batchChars = 0;
  /** Characters handed to the target and not yet written. */
  private unwritten = 0;
  /** The last write handed to the target: each batch waits for the one before. */
  private tail: Promise<void> = Promise.resolve();
  private failure: unknown;
  private failed = false;

  constructor(private readonly target: Target) {}

  write(line: string): void {
    this.batch.push(line);
    this.batchChars += line.length;
    if (this.batchChars >= BATCH_CHARS) this.flush();
  }

  pace(): Promise<void> | undefined {
    if (this.failed) return Promise.reject(this.failure);
    return this.unwritten > HIGH_WATER_CHARS ? this.tail.then(() => this.check()) : undefined;
  }

  async end(): Promise<void> {
    this.flush();
    await this.tail;
    this.check();
    await this.target.finish();
  }

  async abort(): Promise<void> {
    this.batch = [];
    await this.tail;
    await this.target.abort();
  }

  private check(): void {
    if (this.failed) throw this.failure;
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    const text = this.batch.join('');
    this.batch = [];
    this.batchChars = 0;
    this.unwritten += text.length;
    // The chain never rejects: a failed write is kept, and the reader meets it at its next pace() or at end().
    this.tail = this.tail.then(async () => {
      try {
        if (!this.failed) await this.target.write(text);
      } catch (error) {
        this.failed = true;
        this.failure = error;
      } finally {
        this.unwritten -= text.length;
      }
    });
  }
}

function stdoutTarget(io: Pick<Io, 'stdout'>): Target {
  return { write: (batch) => io.stdout(batch), finish: async () => {}, abort: async () => {} };
}

async function fileTarget(ref: FileRef): Promise<Target> {
  const destination = await destinationOf(ref);
  // A FIFO or a device is written as it is; a file is written beside it and renamed over it at the end.
  const written = destination.inPlace ? destination.path : destination.temporary;
  const stream: WriteStream = createWriteStream(written, { flags: destination.inPlace ? 'w' : 'wx', encoding: 'utf8' });
  // An error (full disk, no permission) is taken by the write that meets it; this keeps it from being unhandled.
  let streamError: Error | undefined;
  stream.on('error', (error) => {
    streamError = error;
  });
  const removeTemporary = async (): Promise<void> => {
    stream.destroy();
    if (!destination.inPlace) await unlink(destination.temporary).catch(() => undefined);
  };
  return {
    write: (batch) =>
      new Promise((resolve, reject) => {
        if (streamError !== undefined) {
          reject(unwritable(ref, 'cannot write the export', streamError));
          return;
        }
        stream.write(batch, (error) => (error === null || error === undefined ? resolve() : reject(unwritable(ref, 'cannot write the export', error))));
      }),
    finish: async () => {
      try {
        await new Promise<void>((resolve, reject) => {
          stream.end((error?: Error | null) => (error === null || error === undefined ? resolve() : reject(error)));
        });
        if (streamError !== undefined) throw streamError;
        if (destination.inPlace) return;
        if (destination.mode !== undefined) await chmod(destination.temporary, destination.mode);
        await rename(destination.temporary, destination.path);
      } catch (error) {
        await removeTemporary();
        throw error instanceof AppError ? error : unwritable(ref, 'cannot write the export', error);
      }
    },
    abort: removeTemporary,
  };
}

function unwritable(ref: FileRef, what: string, error: unknown): AppError {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new AppError('OUTPUT_UNWRITABLE', `${what} (${reason})`, { file: ref.name, hint: 'check that the directory exists and is writable' });
}
