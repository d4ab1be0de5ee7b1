// Test helpers: feeding a streaming reader its input in chunks, the way a file arrives from disk in pieces.

/** Pushes `text` in chunks of the sizes `cuts` gives in turn (all at once without cuts), then ends. */
export function feed(target: { push(text: string): void; end(): void }, text: string, cuts: readonly number[]): void {
  let at = 0;
  for (let i = 0; at < text.length; i++) {
    const size = cuts.length === 0 ? text.length : cuts[i % cuts.length]!;
    target.push(text.slice(at, at + size));
    at += size;
  }
  target.end();
}

/** `bytes` cut into pieces of the sizes `cuts` gives in turn (one piece without cuts), as a read stream hands them over. */
export function cutInto(bytes: Uint8Array, cuts: readonly number[]): Buffer[] {
  const parts: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = cuts.length === 0 ? bytes.length : cuts[i % cuts.length]!;
    parts.push(Buffer.from(bytes.subarray(at, at + size)));
    at += size;
  }
  return parts;
}
