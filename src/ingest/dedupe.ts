// Owns recognising a request id seen before, in memory that stays small at millions of sign-ins:
// ids are kept as 64-bit hashes in one open-addressing table (8 bytes a slot) instead of as strings
// (around 100 bytes each in a Set). Two different ids share a 64-bit hash with odds around 1 in 10^12
// at a million ids.

export class SeenRequestIds {
  private slots: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1 << 16) {
    let capacity = 1;
    while (capacity < initialCapacity) capacity <<= 1;
    this.slots = new Uint32Array(capacity * 2);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Records the id; true when it had been seen already. */
  seenBefore(id: string): boolean {
    let high = 0x811c9dc5;
    let low = 0x9e3779b9;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      high = Math.imul(high ^ c, 0x01000193);
      low = Math.imul(low ^ c, 0x5bd1e995);
      low ^= low >>> 15;
    }
    high = mix(high) >>> 0;
    low = mix(low ^ id.length) >>> 0;
    if (high === 0 && low === 0) low = 1; // (0, 0) marks an empty slot
    if (this.insert(high, low)) return true;
    this.count++;
    if (this.count * 10 > (this.mask + 1) * 7) this.grow();
    return false;
  }

  /** True when (high, low) was present; otherwise stores it. */
  private insert(high: number, low: number): boolean {
    const slots = this.slots;
    let index = (low ^ high) & this.mask;
    for (;;) {
      const h = slots[index * 2];
      const l = slots[index * 2 + 1];
      if (h === 0 && l === 0) {
        slots[index * 2] = high;
        slots[index * 2 + 1] = low;
        return false;
      }
      if (h === high && l === low) return true;
      index = (index + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.mask = (this.mask + 1) * 2 - 1;
    for (let i = 0; i < old.length; i += 2) {
      const high = old[i] ?? 0;
      const low = old[i + 1] ?? 0;
      if (high !== 0 || low !== 0) this.insert(high, low);
    }
  }
}

function mix(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
