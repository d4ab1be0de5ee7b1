// Owns turning an input's bytes into text: gzip is recognised by its magic bytes (not the file name),
// the encoding by its byte-order mark (UTF-8, UTF-16 LE/BE) or, without one, by the zero bytes
// UTF-16 text is full of; everything else is read as UTF-8.

import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

export const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface DecodedText {
  readonly encoding: Encoding;
  readonly gzip: boolean;
  /** Text chunks in order, without the byte-order mark. */
  readonly chunks: AsyncIterable<string>;
  /** Bytes read so far from the underlying input (compressed bytes for gzip), for progress. */
  bytesRead(): number;
}

export async function decode(input: Readable): Promise<DecodedText> {
  let bytesRead = 0;
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of input) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      bytesRead += buffer.length;
      yield buffer;
    }
  }
  const head = await peek(counted(), 4);
  const gzip = head.bytes.length >= 2 && head.bytes[0] === 0x1f && head.bytes[1] === 0x8b;
  let source: AsyncIterable<Buffer> = head.rest;
  let first = head.bytes;
  if (gzip) {
    const gunzip = createGunzip();
    const plain = pipeInto(head.bytes, head.rest, gunzip);
    const plainHead = await peek(plain, 4);
    first = plainHead.bytes;
    source = plainHead.rest;
  }
  const { encoding, bomLength } = sniffEncoding(first);
  const decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
  async function* chunks(): AsyncGenerator<string> {
    let pending: Buffer | undefined = first.subarray(bomLength);
    for await (const buffer of source) {
      if (pending !== undefined && pending.length > 0) {
        const text = decoder.decode(pending, { stream: true });
        if (text.length > 0) yield text;
      }
      pending = undefined;
      const text = decoder.decode(buffer, { stream: true });
      if (text.length > 0) yield text;
    }
    const tail = decoder.decode(pending ?? new Uint8Array(0));
    if (tail.length > 0) yield tail;
  }
  return { encoding, gzip, chunks: chunks(), bytesRead: () => bytesRead };
}

function sniffEncoding(bytes: Buffer): { encoding: Encoding; bomLength: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // No mark: ASCII text in UTF-16 has a zero byte beside every character.
  if (bytes.length >= 4 && bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) return { encoding: 'utf-16le', bomLength: 0 };
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0) return { encoding: 'utf-16be', bomLength: 0 };
  return { encoding: 'utf-8', bomLength: 0 };
}

/** Reads at least `count` bytes (fewer only at end of input) and hands back the rest of the stream. */
async function peek(input: AsyncIterable<Buffer>, count: number): Promise<{ bytes: Buffer; rest: AsyncIterable<Buffer> }> {
  const iterator = input[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < count) {
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    const buffer = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as Uint8Array);
    parts.push(buffer);
    length += buffer.length;
  }
  const bytes = Buffer.concat(parts);
  const rest: AsyncIterable<Buffer> = {
    [Symbol.asyncIterator]: () =>
      done
        ? { next: async () => ({ done: true, value: undefined }) }
        : { next: () => iterator.next() as Promise<IteratorResult<Buffer>>, return: iterator.return?.bind(iterator) as never },
  };
  return { bytes, rest };
}

/** Feeds already-read bytes and the rest of a stream through a transform (gunzip), with backpressure. */
function pipeInto(first: Buffer, rest: AsyncIterable<Buffer>, transform: ReturnType<typeof createGunzip>): AsyncIterable<Buffer> {
  void (async () => {
    try {
      if (!transform.write(first)) await onceDrained(transform);
      for await (const buffer of rest) {
        if (!transform.write(buffer)) await onceDrained(transform);
      }
      transform.end();
    } catch (error) {
      transform.destroy(error as Error);
    }
  })();
  return transform;
}

function onceDrained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => stream.once('drain', () => resolve()));
}
