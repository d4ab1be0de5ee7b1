// Owns remembering what was read from a text: the readers' column values and the analysis's names and failure
// texts repeat endlessly, and reading each distinct one once is a measurable part of a million-row run.

/** The reading of up to `limit` distinct texts; past that it starts afresh, so endless distinct texts cannot grow it. */
export class Memo<T> {
  private readonly values = new Map<string, T>();
  constructor(private readonly limit: number) {}
  get(text: string, read: (text: string) => T): T {
    let value = this.values.get(text);
    if (value === undefined) {
      value = read(text);
      if (this.values.size >= this.limit) this.values.clear();
      this.values.set(text, value);
    }
    return value;
  }
}
