// Owns an input's bytes as chunks: a file's, whole or a range of them, read into three buffers reused in turn (one
// chunk read ahead while the one before it is used), and a stream's (standard input) as they come. A file chunk's
// bytes stay as they are until the chunk after the next one is asked for: a reader keeps text made from them,
// never the chunk.

import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/**
 * Chunks of 256 KiB: Node turns decoded text of about 1 MiB and more into strings held outside the heap,
 * which the collector frees late, so larger chunks raised peak memory by a third without reading faster.
 */
const CHUNK_BYTES = 256 << 10;

/** The one in use, the one being read ahead, and the one the reader has just let go of. */
const RING = 3;

/** Bytes as they are read, in order; `return()` stops reading and closes what was opened. */
export type ByteChunks = AsyncGenerator<Buffer, void, undefined>;

export interface ChunkRange {
  /** First byte to read (default 0). */
  readonly start?: number;
  /** Byte after the last to read (default: to the end of the file). */
  readonly end?: number;
  /** Bytes read at a time (default CHUNK_BYTES). */
  readonly chunkBytes?: number;
}

/**
 * A file's bytes. A fresh buffer of this size for every chunk comes from the C library's allocator, which keeps
 * what a thread frees for that thread: three reused buffers gave lower and steadier peak memory, most of all on
 * two threads (docs/performance.md). The whole file is read from where the file is (a FIFO or device reads on
 * from its current place); a range is read at its own offsets.
 */
export async function* fileChunks(path: string, range: ChunkRange = {}): ByteChunks {
  const { start = 0, end = Number.POSITIVE_INFINITY, chunkBytes = CHUNK_BYTES } = range;
  const whole = start === 0 && end === Number.POSITIVE_INFINITY;
  const handle = await open(path, 'r');
  let pending: Promise<number> | undefined;
  try {
    const ring: Buffer[] = [];
    let slot = 0;
    let position = start;
    const readAhead = (): Promise<number> => {
      if (position >= end) return Promise.resolve(0);
      ring[slot] ??= Buffer.allocUnsafeSlow(chunkBytes);
      const length = Math.min(chunkBytes, end - position);
      return handle.read(ring[slot]!, 0, length, whole ? null : position).then((read) => read.bytesRead);
    };
    pending = readAhead();
    for (;;) {
      const read = await pending;
      pending = undefined;
      if (read === 0) return;
      const chunk = ring[slot]!.subarray(0, read);
      position += read;
      slot = (slot + 1) % RING;
      pending = readAhead();
      yield chunk;
    }
  } finally {
    // A read still under way finishes (into a buffer nobody reads) before the file is closed.
    await pending?.catch(() => 0);
    await handle.close();
  }
}

/** A stream's chunks as ByteChunks (standard input), as the stream gives them (decode takes any bytes): `return()` destroys the stream. */
export async function* streamChunks(stream: Readable): ByteChunks {
  yield* stream;
}

/** Stops reading: what was opened is closed in the background, and a failure to close it is of no concern. */
export function stopReading(chunks: ByteChunks): void {
  chunks.return(undefined).catch(() => {});
}
