// Owns recognising a sign-in seen before, in memory that stays small at millions of sign-ins and can be
// shared by the threads reading a file's parts: keys are kept as 64-bit hashes in one open-addressing table of 32-bit words
// in a SharedArrayBuffer (8 bytes a slot) instead of as strings (around 100 bytes each in a Set). Two
// different keys share a 64-bit hash with odds around 1 in 10^7 at a million keys per run.

import { mix32 } from '../hash.js';
import type { SignIn } from '../model.js';

/**
 * What a sign-in says, as one 32-bit hash of the fields the report counts it by: its code, user, address,
 * application, client app, place and type (not the tenant, which some formats leave out). Two records that
 * share a request id and time but differ here are two sign-ins to the report (damaged or edited input), so
 * which one a thread meets first never changes the report; the same sign-in logged twice, or read from two
 * formats, normalises to the same fields and stays one.
 */
export function signInContent(signIn: SignIn): number {
  let hash = Math.imul(0x811c9dc5 ^ signIn.errorCode, 0x01000193);
  hash = fold(hash, signIn.userPrincipalName);
  hash = fold(hash, signIn.ipAddress);
  hash = fold(hash, signIn.appName);
  hash = fold(hash, signIn.clientApp);
  hash = fold(hash, signIn.country);
  hash = fold(hash, signIn.city);
  return fold(hash, signIn.signInType);
}

/** The hash with the text's characters folded in, then a field's end (so "ab","c" and "a","bc" differ). */
function fold(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return Math.imul(hash ^ 0xff, 0x01000193);
}

export class SeenTableFull extends Error {
  constructor() {
    super('the duplicate table is full');
    this.name = 'SeenTableFull';
  }
}

const HEADER_WORDS = 2; // [0]: number of keys stored
const MAX_LOAD = 0.7;
const HARD_LOAD = 0.9;
const COUNT_BATCH = 512;

export class SeenRequestIds {
  private words: Int32Array;
  private mask: number;

  /**
   * A table of at least `initialCapacity` slots, or a view of an existing shared buffer (a view for reading
   * a part, on any thread: it never grows, and throws SeenTableFull near capacity instead).
   */
  constructor(initial: number | SharedArrayBuffer = 1 << 16) {
    if (typeof initial === 'number') {
      this.words = SeenRequestIds.allocate(initial);
      this.growable = true;
    } else {
      this.words = new Int32Array(initial);
      this.growable = false;
    }
    this.mask = this.capacity - 1;
  }

  private readonly growable: boolean;

  private static allocate(minimum: number): Int32Array {
    let capacity = 1;
    while (capacity < minimum) capacity <<= 1;
    return new Int32Array(new SharedArrayBuffer((HEADER_WORDS + capacity * 2) * 4));
  }

  get capacity(): number {
    return (this.words.length - HEADER_WORDS) / 2;
  }

  get size(): number {
    return this.words[0] ?? 0;
  }

  /** The shared memory, for the threads reading parts to insert into concurrently, each through its own view. */
  get buffer(): SharedArrayBuffer {
    return this.words.buffer as SharedArrayBuffer;
  }

  /** Makes room for `more` keys without growing later (call before handing the buffer to workers). */
  reserve(more: number): void {
    const needed = Math.ceil((this.size + more) / MAX_LOAD);
    if (needed > this.capacity) this.rehash(needed);
  }

  /** Forgets every key (undoes the inserts of work thrown away when the table was empty before it). */
  clear(): void {
    this.words.fill(0);
  }

  /** A copy of the contents, to undo the inserts of work that is thrown away. */
  snapshot(): Int32Array {
    return this.words.slice();
  }

  restore(snapshot: Int32Array): void {
    if (snapshot.length === this.words.length) this.words.set(snapshot);
    else {
      this.words = new Int32Array(new SharedArrayBuffer(snapshot.length * 4));
      this.words.set(snapshot);
      this.mask = this.capacity - 1;
    }
  }

  /**
   * Records the key, a text and two numbers (a request id, its epoch milliseconds and the hash of what the
   * sign-in says), without building one string of them; true when it had been recorded already (by this
   * thread or another).
   */
  seenBefore(id: string, time: number, content = 0): boolean {
    let high = 0x811c9dc5;
    let low = 0x9e3779b9;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      high = Math.imul(high ^ c, 0x01000193);
      low = Math.imul(low ^ c, 0x5bd1e995);
      low ^= low >>> 15;
    }
    // The number's two 32-bit halves (exact for every integer a time can be).
    const timeLow = time >>> 0;
    const timeHigh = Math.floor(time / 4294967296) | 0;
    high = Math.imul(high ^ timeLow, 0x01000193);
    high = Math.imul(high ^ timeHigh, 0x01000193);
    low = Math.imul(low ^ timeHigh, 0x5bd1e995);
    low ^= low >>> 15;
    low = Math.imul(low ^ timeLow, 0x5bd1e995);
    low ^= low >>> 15;
    high = Math.imul(high ^ content, 0x01000193);
    low = Math.imul(low ^ content, 0x5bd1e995);
    low ^= low >>> 15;
    high = mix32(high) | 1; // never 0: 0 marks an empty slot
    low = mix32(low ^ id.length) | 0;
    if (low === 0) low = 1; // 0 marks "being written"
    if (this.insert(high, low)) return true;
    if (this.growable) {
      if (++this.words[0]! > this.capacity * MAX_LOAD) this.rehash(this.capacity * 2);
    } else if (++this.uncounted === COUNT_BATCH) {
      this.flush();
    }
    return false;
  }

  /**
   * Adds this thread's new keys to the shared count. Threads count in batches: one shared counter
   * updated on every key would bounce its cache line between the cores millions of times.
   */
  flush(): void {
    if (this.uncounted === 0) return;
    const size = Atomics.add(this.words, 0, this.uncounted) + this.uncounted;
    this.uncounted = 0;
    if (size > this.capacity * HARD_LOAD) throw new SeenTableFull();
  }

  private uncounted = 0;

  /**
   * True when (high, low) was present; otherwise stores it. A slot is claimed by a compare-and-swap on its
   * first word, then its second word is written; a reader that finds a claimed slot waits for that write.
   */
  private insert(high: number, low: number): boolean {
    return this.growable ? this.insertAlone(high, low) : this.insertShared(high, low);
  }

  /**
   * The growable table is never written by another thread while it is written itself (parts are read through
   * views of the buffer, the main thread's part too, while the table waits), so it skips the atomic operations:
   * they cost more than the cache misses at millions of keys.
   */
  private insertAlone(high: number, low: number): boolean {
    const words = this.words;
    let index = (low ^ high) & this.mask;
    for (;;) {
      const at = HEADER_WORDS + index * 2;
      const h = words[at];
      if (h === 0) {
        words[at] = high;
        words[at + 1] = low;
        return false;
      }
      if (h === high && words[at + 1] === low) return true;
      index = (index + 1) & this.mask;
    }
  }

  private insertShared(high: number, low: number): boolean {
    const words = this.words;
    let index = (low ^ high) & this.mask;
    for (;;) {
      const at = HEADER_WORDS + index * 2;
      let h = Atomics.load(words, at);
      if (h === 0) {
        h = Atomics.compareExchange(words, at, 0, high);
        if (h === 0) {
          Atomics.store(words, at + 1, low);
          return false;
        }
      }
      if (h === high) {
        let l = Atomics.load(words, at + 1);
        while (l === 0) l = Atomics.load(words, at + 1);
        if (l === low) return true;
      }
      index = (index + 1) & this.mask;
    }
  }

  private rehash(minimum: number): void {
    const old = this.words;
    this.words = SeenRequestIds.allocate(minimum);
    this.mask = this.capacity - 1;
    let count = 0;
    for (let at = HEADER_WORDS; at < old.length; at += 2) {
      const high = old[at] ?? 0;
      if (high !== 0) {
        this.insertAlone(high, old[at + 1] ?? 1);
        count++;
      }
    }
    this.words[0] = count;
  }
}
