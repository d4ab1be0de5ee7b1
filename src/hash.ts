// Owns the one integer mixer the hash tables share (the duplicate table, the pair tables): MurmurHash3's 32-bit
// finaliser, which spreads every input bit over the whole word so that masking off low bits picks a good slot.

export function mix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
