// Owns turning an input's bytes into text: gunzipping when detect.ts sees gzip's magic bytes, and decoding in the
// encoding it sees (a byte-order mark, or the zero bytes UTF-16 text is full of; everything else is UTF-8).

import { isAscii } from 'node:buffer';
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { createGunzip } from 'node:zlib';
import { isGzip, sniffEncoding, type Encoding } from './detect.js';

export interface DecodedText {
  readonly encoding: Encoding;
  readonly gzip: boolean;
  /**
   * The first character that is not white space, or undefined when the input holds none. Reads ahead only
   * as far as that; whichever of `chunks` and `utf8Chunks` is then read still starts at the beginning, and
   * its first chunk holds everything read ahead.
   */
  firstCharacter(): Promise<string | undefined>;
  /** Text chunks in order, without the byte-order mark. */
  readonly chunks: AsyncIterable<string>;
  /**
   * UTF-8 input only (undefined otherwise): the same input as UTF-8 bytes, one byte per character. Read
   * either this or `chunks`, not both. See Utf8Chunk.
   */
  readonly utf8Chunks: AsyncIterable<Utf8Chunk> | undefined;
  /** Bytes read so far from the underlying input (compressed bytes for gzip), for progress. */
  bytesRead(): number;
}

/**
 * A chunk of UTF-8 bytes held as a latin1 string: character i is byte i. Making it costs a fraction of real
 * UTF-8 decoding, and a CSV reader only needs the ASCII quotes, delimiters and line breaks, which UTF-8
 * never uses inside a multi-byte character; it decodes just the values it keeps (utf8Value). `ascii`
 * says no byte is 0x80 or above, so nothing in the chunk needs decoding at all.
 */
export interface Utf8Chunk {
  readonly bytes: string;
  /** The same bytes as they were read, for a reader that decodes a whole chunk (a view, not a copy). */
  readonly buffer: Buffer;
  readonly ascii: boolean;
  /**
   * When the chunk is not all ASCII: per block of ASCII_BLOCK bytes (block b holds bytes b × ASCII_BLOCK on), 1 when
   * the block has no byte over 0x7f. A reader looking for such bytes steps over those blocks without reading them.
   */
  readonly asciiBlocks: Uint8Array | null;
}

/** The bytes per entry of Utf8Chunk.asciiBlocks: about one sign-in row. */
export const ASCII_BLOCK = 1024;

/** A Utf8Chunk of bytes as read, whose text and ASCII maps are made when first asked for (a reader may only decode it whole). */
class BytesChunk implements Utf8Chunk {
  #bytes: string | undefined;
  #ascii: boolean | undefined;
  #asciiBlocks: Uint8Array | null | undefined;

  constructor(readonly buffer: Buffer) {}

  get bytes(): string {
    this.#bytes ??= this.buffer.toString('latin1');
    return this.#bytes;
  }
  get ascii(): boolean {
    this.#ascii ??= isAscii(this.buffer);
    return this.#ascii;
  }
  get asciiBlocks(): Uint8Array | null {
    if (this.#asciiBlocks === undefined) this.#asciiBlocks = this.ascii ? null : asciiBlocksOf(this.buffer);
    return this.#asciiBlocks;
  }
}

/** Utf8Chunk.asciiBlocks of a piece that is not all ASCII. */
export function asciiBlocksOf(piece: Uint8Array): Uint8Array {
  const blocks = new Uint8Array(Math.ceil(piece.length / ASCII_BLOCK));
  for (let b = 0; b < blocks.length; b++) blocks[b] = isAscii(piece.subarray(b * ASCII_BLOCK, (b + 1) * ASCII_BLOCK)) ? 1 : 0;
  return blocks;
}

/** UTF-8 bytes as a Utf8Chunk: its text and ASCII maps are made when a reader first asks for them. */
export function utf8ChunkOf(buffer: Buffer): Utf8Chunk {
  return new BytesChunk(buffer);
}

/** A byte of a multi-byte UTF-8 character (or an invalid one), in Utf8Chunk bytes. */
const NON_ASCII = /[\x80-\xff]/g;

/**
 * Position of the first byte over 0x7f at or after `from` in Utf8Chunk bytes, or s.length. With `asciiBlocks`
 * (of the chunk that starts at `blocksAt` in s), the blocks known to hold none are stepped over, and the
 * others are searched a block at a time; s before `blocksAt` is not looked at.
 */
export function findNonAscii(s: string, from: number, asciiBlocks: Uint8Array | null, blocksAt = 0): number {
  if (asciiBlocks === null) {
    NON_ASCII.lastIndex = from;
    return NON_ASCII.test(s) ? NON_ASCII.lastIndex - 1 : s.length;
  }
  let p = Math.max(from, blocksAt);
  while (p < s.length) {
    let block = Math.floor((p - blocksAt) / ASCII_BLOCK);
    while (block < asciiBlocks.length && asciiBlocks[block] === 1) block++;
    if (block >= asciiBlocks.length) return s.length;
    p = Math.max(p, blocksAt + block * ASCII_BLOCK);
    const blockEnd = Math.min(s.length, blocksAt + (block + 1) * ASCII_BLOCK);
    // Searched in a view of the block alone: a search of the whole text would read on through the blocks after it.
    NON_ASCII.lastIndex = 0;
    if (NON_ASCII.test(s.slice(p, blockEnd))) return p + NON_ASCII.lastIndex - 1;
    p = blockEnd;
  }
  return s.length;
}

/**
 * The text of a value cut out of Utf8Chunk bytes: what a UTF-8 TextDecoder gives for them, invalid bytes
 * included. Values end at ASCII characters, and a UTF-8 decoder never lets a character or an invalid
 * sequence run over an ASCII byte, so decoding value by value reads the same as decoding the whole input.
 */
export function utf8Value(bytes: string): string {
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/**
 * The input's bytes, as text or as Utf8Chunks. Its chunks may be buffers reused for later chunks (file-chunks.ts):
 * what is held across chunks here is copied, and a piece handed on lasts as long as the chunk it is cut from.
 */
export async function decode(input: AsyncIterable<Buffer | Uint8Array>): Promise<DecodedText> {
  let bytesRead = 0;
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of input) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      bytesRead += buffer.length;
      yield buffer;
    }
  }
  const head = await peek(counted(), 4);
  const gzip = isGzip(head.bytes);
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

  // Buffers read ahead by firstCharacter(), handed out again as the first chunk.
  const held: Buffer[] = [first.subarray(bomLength)];
  const sourceIterator = source[Symbol.asyncIterator]();
  let sourceDone = false;
  async function nextBuffer(): Promise<Buffer | undefined> {
    if (sourceDone) return undefined;
    const next = await sourceIterator.next();
    if (next.done === true) {
      sourceDone = true;
      return undefined;
    }
    return next.value;
  }
  let firstCharacter: Promise<string | undefined> | undefined;
  async function findFirstCharacter(): Promise<string | undefined> {
    const decoder = textDecoder(encoding);
    // Only each new piece is looked at: everything before it was white space (a file of blank lines must not
    // cost the square of its length), and what is held for the readers stays bounded.
    let blank = held[0]!.length;
    let text = decoder.decode(held[0], { stream: true });
    for (;;) {
      const rest = text.trimStart();
      if (rest.length > 0) return rest.charAt(0);
      if (blank > MAX_LEADING_BLANK_BYTES) throw new BlankStart();
      const buffer = await nextBuffer();
      if (buffer === undefined) return decoder.decode().trimStart().charAt(0) || undefined;
      held.push(Buffer.from(buffer));
      blank += buffer.length;
      text = decoder.decode(buffer, { stream: true });
    }
  }
  /**
   * What was read ahead as one piece (readers sniff the delimiter or the layout in their first chunk, so it
   * stays as long as it always was), then the rest in pieces of at most STRING_PIECE bytes.
   */
  async function* pieces(): AsyncGenerator<Buffer> {
    const ahead = held.length === 1 ? held[0]! : Buffer.concat(held);
    held.length = 0;
    if (ahead.length > 0) yield ahead;
    for (let buffer = await nextBuffer(); buffer !== undefined; buffer = await nextBuffer()) {
      for (let at = 0; at < buffer.length; at += STRING_PIECE) yield buffer.subarray(at, at + STRING_PIECE);
    }
  }
  async function* chunks(): AsyncGenerator<string> {
    const decoder = textDecoder(encoding);
    for await (const piece of pieces()) {
      const text = decoder.decode(piece, { stream: true });
      if (text.length > 0) yield text;
    }
    const tail = decoder.decode();
    if (tail.length > 0) yield tail;
  }
  async function* utf8Chunks(): AsyncGenerator<Utf8Chunk> {
    for await (const piece of pieces()) yield utf8ChunkOf(piece);
  }
  return {
    encoding,
    gzip,
    firstCharacter: () => (firstCharacter ??= findFirstCharacter()),
    chunks: chunks(),
    utf8Chunks: encoding === 'utf-8' ? utf8Chunks() : undefined,
    bytesRead: () => bytesRead,
  };
}

/** White space an input may start with before it is taken for no export at all (real exports have none). */
const MAX_LEADING_BLANK_BYTES = 16 << 20;

/**
 * A streaming decoder as the readers use one: invalid bytes become U+FFFD, and a byte-order mark is text (decode
 * has already taken the input's own off).
 */
export function textDecoder(encoding: Encoding = 'utf-8'): TextDecoder {
  return new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
}

/** Thrown by firstCharacter() when an input starts with more than MAX_LEADING_BLANK_BYTES of white space. */
export class BlankStart extends Error {
  constructor() {
    super(`the file starts with more than ${MAX_LEADING_BLANK_BYTES >> 20} MiB of white space`);
    this.name = 'BlankStart';
  }
}

/**
 * Longest string made in one piece after the first. V8 puts a string over 128 KiB in its own freshly mapped
 * memory, and touching those new pages costs more than the decoding: 64 KiB pieces made latin1 strings 4×
 * and UTF-8 decoding 1.4× faster.
 */
const STRING_PIECE = 64 << 10;

/**
 * Whether an error came from zlib: damaged or cut gzip data. Its messages ("invalid bit length repeat",
 * "incorrect header check", "unexpected end of file") mean nothing to a reader of sign-in logs.
 */
export function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^Z_[A-Z_]+$/.test(code);
}

/** Reads at least `count` bytes (fewer only at end of input) and hands back the rest of the stream. */
async function peek(input: AsyncIterable<Buffer>, count: number): Promise<{ bytes: Buffer; rest: AsyncIterable<Buffer> }> {
  const iterator = input[Symbol.asyncIterator]();
  let bytes = Buffer.alloc(0);
  let done = false;
  while (bytes.length < count) {
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    // Copied as it comes (once, for a first chunk of `count` bytes or more): the chunk's buffer may be read into
    // again before enough is read.
    bytes = Buffer.concat([bytes, next.value]);
  }
  const rest: AsyncIterable<Buffer> = {
    [Symbol.asyncIterator]: () =>
      done
        ? { next: async () => ({ done: true, value: undefined }) }
        : { next: () => iterator.next() as Promise<IteratorResult<Buffer>>, return: iterator.return?.bind(iterator) as never },
  };
  return { bytes, rest };
}

/**
 * Feeds already-read bytes and the rest of a stream through a transform (gunzip), with backpressure, and yields
 * everything the transform put out before any error it ends with.
 */
function pipeInto(first: Buffer, rest: AsyncIterable<Buffer>, transform: ReturnType<typeof createGunzip>): AsyncIterable<Buffer> {
  void (async () => {
    try {
      if (!transform.write(first)) await onceDrained(transform);
      for await (const buffer of rest) {
        // zlib may still hold what it was given when the next chunk is read into the same buffer.
        if (!transform.write(Buffer.from(buffer))) await onceDrained(transform);
      }
      // A chunk zlib is given after end() is inflated as the last one, and a cut stream's last output is then lost
      // with its error: end() waits until every chunk is inflated, or a cut file's rows would vary from run to run.
      await new Promise((resolve) => transform.write(Buffer.alloc(0), resolve));
      transform.end();
    } catch (error) {
      transform.destroy(error as Error);
    }
  })();
  return outputOf(transform);
}

/**
 * A stream's output, then its error. A stream's own iterator drops what is buffered once the stream fails, and how
 * much is buffered then depends on timing: a cut gzip file would give a different number of rows from run to run.
 */
async function* outputOf(stream: Readable): AsyncGenerator<Buffer> {
  let failure: { error: unknown } | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  const waken = () => {
    wake?.();
    wake = undefined;
  };
  stream.on('readable', waken);
  stream.on('end', () => {
    ended = true;
    waken();
  });
  stream.on('error', (error) => {
    failure = { error };
    waken();
  });
  try {
    for (;;) {
      for (let chunk = stream.read() as Buffer | null; chunk !== null; chunk = stream.read() as Buffer | null) yield chunk;
      if (failure !== undefined) throw failure.error;
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    if (!ended) stream.destroy();
  }
}

function onceDrained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => stream.once('drain', () => resolve()));
}
