// RFC 8259 JSON validator (+ optional member indexer) over bytes in linear memory.
// Bytes >= 0x80 are accepted inside strings WITHOUT UTF-8 validation
// (anywhere else they are a syntax error).
// Nesting depth limit: 512 open containers.
//
// Fixed memory layout (JS side mirrors these constants):
const STACK: usize = 0x10000;     // 1 byte per open container: 1 = object, 2 = array
const KEYHASH: usize = 0x10400;   // 256 bytes: hash -> key index + 1 (0 = none)
const KEYLEN: usize = 0x10500;    // 32 bytes: length of key i
const KEYS: usize = 0x10600;      // 32 keys x 32 bytes
export const OUT: usize = 0x11000;  // per-record index: NSLOT x (start, len, flags) i32
const OFFS: usize = 0x20000;      // batch: n x (ptr, len) i32
const RES: usize = 0x40000;       // batch: n x (ok, NSLOT x 3) i32
export const INPUT: usize = 0x100000;

const MAXDEPTH: i32 = 512;
const NKEYS: i32 = 25;            // keys 0..24 indexed; key 25 = "properties" (descend marker)
const PROPS_KEY: i32 = 25;
export const NSLOT: i32 = 50;     // 0..24 top-level members, 25..49 members of top-level "properties" object

export function heapBase(): usize { return __heap_base; }

// ---- per-record scratch state (globals) ----
let strHigh: i32 = 0;   // number of strings scanned that contained a byte >= 0x80
let strEsc: i32 = 0;    // number of strings scanned that contained a backslash escape
let outPtr: usize = OUT; // where the per-record index is written

@inline function isHex(c: u32): bool {
  return (c - 48 < 10) || ((c | 0x20) - 97 < 6);
}

// Handle one escape at p (p points at the backslash). Returns new p or -1.
@inline function escapeAt(p: usize, end: usize): isize {
  if (p + 1 >= end) return -1;
  let e = <u32>load<u8>(p + 1);
  if (e == 0x22 || e == 0x5C || e == 0x2F || e == 0x62 || e == 0x66 || e == 0x6E || e == 0x72 || e == 0x74) return <isize>(p + 2);
  if (e == 0x75) {
    if (p + 6 > end) return -1;
    if (!isHex(<u32>load<u8>(p + 2)) || !isHex(<u32>load<u8>(p + 3)) || !isHex(<u32>load<u8>(p + 4)) || !isHex(<u32>load<u8>(p + 5))) return -1;
    return <isize>(p + 6);
  }
  return -1;
}

// p points just after the opening quote. Returns position after closing quote or -1.
@inline function scanStringScalar(p: usize, end: usize, track: bool): isize {
  let hi: u32 = 0;
  let esc: bool = false;
  while (p < end) {
    let c = <u32>load<u8>(p);
    if (c == 0x22) {
      if (track) { if (hi >= 0x80) strHigh++; if (esc) strEsc++; }
      return <isize>(p + 1);
    }
    if (c == 0x5C) {
      let q = escapeAt(p, end);
      if (q < 0) return -1;
      esc = true;
      p = <usize>q;
      continue;
    }
    if (c < 0x20) return -1;
    hi |= c;
    p++;
  }
  return -1;
}

@inline function scanStringSimd(p: usize, end: usize, track: bool): isize {
  const vq = i8x16.splat(0x22);
  const vb = i8x16.splat(0x5C);
  const vc = i8x16.splat(0x20);
  let hiv = i8x16.splat(0);
  let hi: u32 = 0;
  let esc: bool = false;
  while (true) {
    // 16 bytes at a time while a full chunk fits before end
    while (p + 16 <= end) {
      let v = v128.load(p);
      let m = v128.or(v128.or(i8x16.eq(v, vq), i8x16.eq(v, vb)), i8x16.lt_u(v, vc));
      let bits = i8x16.bitmask(m);
      if (bits == 0) {
        if (track) hiv = v128.or(hiv, v);
        p += 16;
        continue;
      }
      if (track) {
        // only the bytes before the special one belong to the string content scanned so far
        let keep = (bits & -bits) - 1; // lanes below first special
        // cheap: account high bits of the prefix lanes
        let hb = i8x16.bitmask(v) & keep;
        if (hb != 0) hi |= 0x80;
      }
      p += <usize>ctz(bits);
      break;
    }
    if (p >= end) return -1;
    let c = <u32>load<u8>(p);
    if (c == 0x22) {
      if (track) {
        if (i8x16.bitmask(hiv) != 0) hi |= 0x80;
        if (hi >= 0x80) strHigh++;
        if (esc) strEsc++;
      }
      return <isize>(p + 1);
    }
    if (c == 0x5C) {
      let q = escapeAt(p, end);
      if (q < 0) return -1;
      esc = true;
      p = <usize>q;
      continue;
    }
    if (c < 0x20) return -1;
    // tail (fewer than 16 bytes left): ordinary content byte
    hi |= c;
    p++;
  }
  return -1;
}

@inline function skipWs(p: usize, end: usize): usize {
  while (p < end) {
    let c = load<u8>(p);
    if (c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09) { p++; continue; }
    break;
  }
  return p;
}

@inline function isDigit(c: u32): bool { return c - 48 < 10; }

// number grammar: -? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)?
@inline function scanNumber(p: usize, end: usize): isize {
  if (load<u8>(p) == 0x2D) { p++; if (p >= end) return -1; }
  let c = <u32>load<u8>(p);
  if (c == 0x30) {
    p++;
  } else if (c - 49 < 9) {
    p++;
    while (p < end && isDigit(<u32>load<u8>(p))) p++;
  } else return -1;
  if (p < end && load<u8>(p) == 0x2E) {
    p++;
    if (p >= end || !isDigit(<u32>load<u8>(p))) return -1;
    p++;
    while (p < end && isDigit(<u32>load<u8>(p))) p++;
  }
  if (p < end && (load<u8>(p) | 0x20) == 0x65) {
    p++;
    if (p < end && (load<u8>(p) == 0x2B || load<u8>(p) == 0x2D)) p++;
    if (p >= end || !isDigit(<u32>load<u8>(p))) return -1;
    p++;
    while (p < end && isDigit(<u32>load<u8>(p))) p++;
  }
  return <isize>p;
}

@inline function lookupKey(s: usize, e: usize): i32 {
  let len = <i32>(e - s);
  if (len < 2 || len > 31) return -1;
  let h = (len + <i32>load<u8>(s) + <i32>load<u8>(e - 1) + (<i32>load<u8>(s + (len >> 1)) << 1)) & 255;
  let k = <i32>load<u8>(KEYHASH + h) - 1;
  if (k < 0) return -1;
  if (<i32>load<u8>(KEYLEN + k) != len) return -1;
  // compare 8 bytes at a time (key slots are zero-padded 32-byte rows; reading up to 7 bytes
  // past the key end stays inside the record or the padding after it)
  let a = s, b = KEYS + (<usize>k << 5), rem = len;
  while (rem >= 8) {
    if (load<u64>(a) != load<u64>(b)) return -1;
    a += 8; b += 8; rem -= 8;
  }
  if (rem > 0) {
    let mask = (<u64>1 << (<u64>rem << 3)) - 1;
    if (((load<u64>(a) ^ load<u64>(b)) & mask) != 0) return -1;
  }
  return k;
}

// States
const S_VALUE = 0;
const S_KEY = 1;
const S_AFTER = 2;

@inline function parse(p: usize, end: usize, simd: bool, index: bool): i32 {
  let depth: i32 = 0;
  let state = S_VALUE;
  // index bookkeeping
  let pend: i32 = -1;          // slot awaiting end of its value
  let pendDepth: i32 = -1;
  let pendStart: usize = 0;
  let pendHigh: i32 = 0, pendEsc: i32 = 0;
  let wantProps: bool = false; // value about to be parsed belongs to top-level "properties"
  let inProps: bool = false;   // inside the top-level "properties" object
  if (index) {
    memory.fill(outPtr, 0xFF, <usize>NSLOT * 12);
    strHigh = 0; strEsc = 0;
  }
  p = skipWs(p, end);
  while (true) {
    if (state == S_VALUE) {
      if (p >= end) return 0;
      let c = <u32>load<u8>(p);
      if (index && pend >= 0 && pendDepth < 0) {
        pendDepth = depth; pendStart = p; pendHigh = strHigh; pendEsc = strEsc;
      }
      if (c == 0x22) {
        let q = simd ? scanStringSimd(p + 1, end, index) : scanStringScalar(p + 1, end, index);
        if (q < 0) return 0;
        p = <usize>q;
        state = S_AFTER;
      } else if (c == 0x7B) { // {
        if (depth >= MAXDEPTH) return 0;
        store<u8>(STACK + depth, 1);
        depth++;
        if (index) { if (wantProps) { inProps = true; } wantProps = false; }
        p = skipWs(p + 1, end);
        if (p < end && load<u8>(p) == 0x7D) { depth--; p++; state = S_AFTER; }
        else state = S_KEY;
      } else if (c == 0x5B) { // [
        if (depth >= MAXDEPTH) return 0;
        store<u8>(STACK + depth, 2);
        depth++;
        if (index) wantProps = false;
        p = skipWs(p + 1, end);
        if (p < end && load<u8>(p) == 0x5D) { depth--; p++; state = S_AFTER; }
        else state = S_VALUE;
      } else if (c == 0x74) { // true
        if (p + 4 > end || load<u32>(p) != 0x65757274) return 0;
        p += 4; state = S_AFTER;
      } else if (c == 0x66) { // false
        if (p + 5 > end || load<u32>(p) != 0x736C6166 || load<u8>(p + 4) != 0x65) return 0;
        p += 5; state = S_AFTER;
      } else if (c == 0x6E) { // null
        if (p + 4 > end || load<u32>(p) != 0x6C6C756E) return 0;
        p += 4; state = S_AFTER;
      } else if (c == 0x2D || isDigit(c)) {
        let q = scanNumber(p, end);
        if (q < 0) return 0;
        p = <usize>q;
        state = S_AFTER;
      } else return 0;
      if (index) wantProps = false;
    } else if (state == S_KEY) {
      if (p >= end || load<u8>(p) != 0x22) return 0;
      let ks = p + 1;
      let q = simd ? scanStringSimd(ks, end, index) : scanStringScalar(ks, end, index);
      if (q < 0) return 0;
      p = <usize>q;
      if (index) {
        if (depth == 1 || (depth == 2 && inProps)) {
          let k = lookupKey(ks, p - 1);
          if (k >= 0) {
            if (k == PROPS_KEY) { if (depth == 1) wantProps = true; }
            else { pend = depth == 1 ? k : k + NKEYS; pendDepth = -1; }
          }
        }
      }
      p = skipWs(p, end);
      if (p >= end || load<u8>(p) != 0x3A) return 0;
      p = skipWs(p + 1, end);
      state = S_VALUE;
    } else { // S_AFTER: a value just ended at p
      if (index && pend >= 0 && depth == pendDepth) {
        let o = outPtr + <usize>pend * 12;
        store<i32>(o, <i32>pendStart);
        store<i32>(o, <i32>(p - pendStart), 4);
        store<i32>(o, (strHigh != pendHigh ? 1 : 0) | (strEsc != pendEsc ? 2 : 0), 8);
        pend = -1; pendDepth = -1;
      }
      if (index && depth <= 1) inProps = false;
      p = skipWs(p, end);
      if (depth == 0) return p == end ? 1 : 0;
      if (p >= end) return 0;
      let c = load<u8>(p);
      let top = load<u8>(STACK + depth - 1);
      if (c == 0x2C) {
        p = skipWs(p + 1, end);
        state = top == 1 ? S_KEY : S_VALUE;
      } else if ((top == 1 && c == 0x7D) || (top == 2 && c == 0x5D)) {
        depth--; p++;
        // state stays S_AFTER
      } else return 0;
    }
  }
  return 0;
}

export function validateScalar(p: usize, len: usize): i32 { return parse(p, p + len, false, false); }
export function validateSimd(p: usize, len: usize): i32 { return parse(p, p + len, true, false); }
export function indexSimd(p: usize, len: usize): i32 { return parse(p, p + len, true, true); }
export function indexScalar(p: usize, len: usize): i32 { return parse(p, p + len, false, true); }

// Batch: OFFS holds n (ptr,len) pairs; for each record writes ok + NSLOT*3 i32 to RES.
export function indexBatch(n: i32): i32 {
  let okCount = 0;
  for (let i = 0; i < n; i++) {
    let ptr = <usize>load<i32>(OFFS + (<usize>i << 3));
    let len = <usize>load<i32>(OFFS + (<usize>i << 3), 4);
    let r = RES + <usize>i * (4 + <usize>NSLOT * 12);
    outPtr = r + 4;
    let ok = parse(ptr, ptr + len, true, true);
    okCount += ok;
    store<i32>(r, ok);
  }
  outPtr = OUT;
  return okCount;
}
