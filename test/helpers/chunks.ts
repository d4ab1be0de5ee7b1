// Test helper: feeding a streaming reader its input in chunks, the way a file arrives from disk in pieces.

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
