// Owns PairBits: a set of (row, column) pairs of small non-negative integers (a user and an app) as one dense
// bit matrix in an Int32Array, a row per `stride` words, that grows as rows and columns come. Plain data: it
// crosses to another thread by structured clone or transfer, and costs 4 bytes per 32 columns per row.

export interface PairBits {
  /** Bit (column % 32) of word row * stride + column / 32. */
  words: Int32Array;
  /** Words per row. */
  stride: number;
}

export function createPairBits(): PairBits {
  return { words: new Int32Array(0), stride: 1 };
}

export function hasPair(bits: PairBits, row: number, column: number): boolean {
  const word = column >>> 5;
  if (word >= bits.stride) return false;
  const at = row * bits.stride + word;
  return at < bits.words.length && (bits.words[at]! & (1 << (column & 31))) !== 0;
}

export function addPair(bits: PairBits, row: number, column: number): void {
  const word = column >>> 5;
  if (word >= bits.stride) restride(bits, Math.max(word + 1, bits.stride * 2));
  const at = row * bits.stride + word;
  if (at >= bits.words.length) {
    const rows = Math.max(row + 1, (bits.words.length / bits.stride) * 2, 64);
    const grown = new Int32Array(rows * bits.stride);
    grown.set(bits.words);
    bits.words = grown;
  }
  bits.words[at]! |= 1 << (column & 31);
}

/** The rows the matrix has room for (rows past it hold no pair). */
function pairRows(bits: PairBits): number {
  return bits.words.length / bits.stride;
}

/** Calls `each` for every pair, row by row, columns ascending. */
export function forEachPair(bits: PairBits, each: (row: number, column: number) => void): void {
  const { words, stride } = bits;
  for (let at = 0; at < words.length; at++) {
    const word = words[at]!;
    if (word === 0) continue;
    const row = Math.floor(at / stride);
    const base = (at % stride) * 32;
    for (let bit = 0; bit < 32; bit++) if ((word & (1 << bit)) !== 0) each(row, base + bit);
  }
}

function restride(bits: PairBits, stride: number): void {
  const rows = pairRows(bits);
  const words = new Int32Array(rows * stride);
  for (let row = 0; row < rows; row++) words.set(bits.words.subarray(row * bits.stride, (row + 1) * bits.stride), row * stride);
  bits.words = words;
  bits.stride = stride;
}
