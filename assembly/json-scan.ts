// AssemblyScript source of src/ingest/json-scan-wasm.ts (built by `npm run build:wasm`): a check of one JSON
// record's UTF-8 bytes against RFC 8259, exactly as strict as JSON.parse of their text, that also notes where the
// values of the members the sign-in mapping reads lie (the record's, those of its `properties`, and those of the
// status, location and deviceDetail objects in either). The loader (src/ingest/json-members.ts) writes the names it
// looks for into the key table and the record at INPUT; scan() answers -1 (the record is to be parsed whole: it is
// not valid JSON, or it holds something this check does not decide) or how many entries it wrote at FOUND.
//
// Bytes over 0x7f are taken inside strings without checking them as UTF-8 (decoding makes each a character
// JSON.parse takes in a string) and refused anywhere else (decoded, they are characters JSON.parse refuses there).

/** One byte per open container: 1 an object, 2 an array. Below it, the compiler's own data (heapBase()). */
export const STACK: usize = 0x10000;
/** Per open container: the context of the object open there (NONE: its keys are not looked at). */
const CONTEXTS: usize = 0x10200;
/** Open addressing: hash -> key index + 1 (0: empty). */
export const KEY_HASH: usize = 0x10400;
/** Per key: its length, its kind, and for NESTED keys which of the nested objects it is (0, 1, 2). */
export const KEY_LENGTH: usize = 0x10500;
export const KEY_KIND: usize = 0x10540;
export const KEY_NEST: usize = 0x10580;
/** Per key: its name in 32 bytes (zero-padded). */
export const KEY_NAMES: usize = 0x10600;
export const MAX_KEYS: i32 = 64;
/**
 * What scan() found, in the order of the record's text: per entry the slot (context × MAX_KEYS + key), where
 * the value starts and ends (byte offsets in the record) and its flags. An object the mapping reads members of
 * is an OPEN entry (its start only, the context of its members in the flags' second byte), followed by the
 * entries of its members.
 */
export const FOUND: usize = 0x12000;
const MAX_FOUND: i32 = 1024;
export const INPUT: usize = 0x20000;

/**
 * Key kinds. MEMBER: a value the mapping reads, in the record or its `properties`. PROPERTIES: the same, and
 * its members are read too when it is an object. NESTED: a member whose object's members are read (status,
 * location, deviceDetail). NESTED_MEMBER: a member of such an object. ROUTE: a record with it at its top is
 * parsed whole.
 */
const MEMBER: u8 = 1;
const PROPERTIES: u8 = 2;
const NESTED: u8 = 3;
const NESTED_MEMBER: u8 = 4;
const ROUTE: u8 = 5;

/** Contexts: the record, its `properties`, the nested objects of the record (2 + nest) and of its `properties` (5 + nest). */
const RECORD: u8 = 0;
const IN_PROPERTIES: u8 = 1;
const NONE: u8 = 255;

/** Flags of a value: it holds a string with a byte over 0x7f, or with an escape; an object whose members follow. */
const HIGH: i32 = 1;
const ESCAPE: i32 = 2;
const OPEN: i32 = 4;

const MAX_DEPTH: i32 = 512;

/** Strings scanned so far that held a byte over 0x7f, and that held an escape. */
let stringsHigh: i32 = 0;
let stringsEscaped: i32 = 0;

@inline function isHex(c: u32): bool {
  return c - 48 < 10 || (c | 0x20) - 97 < 6;
}

@inline function isDigit(c: u32): bool {
  return c - 48 < 10;
}

/** The escape whose backslash is at p: the position after it, or -1. */
@inline function escapeAt(p: usize, end: usize): isize {
  if (p + 1 >= end) return -1;
  const e = <u32>load<u8>(p + 1);
  if (e == 0x22 || e == 0x5c || e == 0x2f || e == 0x62 || e == 0x66 || e == 0x6e || e == 0x72 || e == 0x74) return <isize>(p + 2);
  if (e == 0x75) {
    if (p + 6 > end) return -1;
    if (!isHex(<u32>load<u8>(p + 2)) || !isHex(<u32>load<u8>(p + 3)) || !isHex(<u32>load<u8>(p + 4)) || !isHex(<u32>load<u8>(p + 5))) return -1;
    return <isize>(p + 6);
  }
  return -1;
}

/** The string whose content starts at p: the position after its closing quote, or -1. Steps over 16 bytes at a time. */
@inline function scanString(p: usize, end: usize): isize {
  const quote = i8x16.splat(0x22);
  const backslash = i8x16.splat(0x5c);
  const control = i8x16.splat(0x20);
  let high = i8x16.splat(0);
  let tailHigh: u32 = 0;
  let escaped = false;
  while (true) {
    while (p + 16 <= end) {
      const v = v128.load(p);
      const bits = i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, quote), i8x16.eq(v, backslash)), i8x16.lt_u(v, control)));
      if (bits == 0) {
        high = v128.or(high, v);
        p += 16;
        continue;
      }
      // Only the bytes before the first special one are the string's so far.
      if ((i8x16.bitmask(v) & ((bits & -bits) - 1)) != 0) tailHigh = 0x80;
      p += <usize>ctz(bits);
      break;
    }
    if (p >= end) return -1;
    const c = <u32>load<u8>(p);
    if (c == 0x22) {
      if (i8x16.bitmask(high) != 0 || tailHigh >= 0x80) stringsHigh++;
      if (escaped) stringsEscaped++;
      return <isize>(p + 1);
    }
    if (c == 0x5c) {
      const q = escapeAt(p, end);
      if (q < 0) return -1;
      escaped = true;
      p = <usize>q;
      continue;
    }
    if (c < 0x20) return -1;
    tailHigh |= c;
    p++;
  }
  return -1;
}

@inline function skipBlanks(p: usize, end: usize): usize {
  while (p < end) {
    const c = load<u8>(p);
    if (c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09) p++;
    else break;
  }
  return p;
}

/** -? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)? from p: the position after it, or -1. */
@inline function scanNumber(p: usize, end: usize): isize {
  if (load<u8>(p) == 0x2d) {
    p++;
    if (p >= end) return -1;
  }
  const c = <u32>load<u8>(p);
  if (c == 0x30) p++;
  else if (c - 49 < 9) {
    p++;
    while (p < end && isDigit(<u32>load<u8>(p))) p++;
  } else return -1;
  if (p < end && load<u8>(p) == 0x2e) {
    p++;
    if (p >= end || !isDigit(<u32>load<u8>(p))) return -1;
    p++;
    while (p < end && isDigit(<u32>load<u8>(p))) p++;
  }
  if (p < end && (load<u8>(p) | 0x20) == 0x65) {
    p++;
    if (p < end && (load<u8>(p) == 0x2b || load<u8>(p) == 0x2d)) p++;
    if (p >= end || !isDigit(<u32>load<u8>(p))) return -1;
    p++;
    while (p < end && isDigit(<u32>load<u8>(p))) p++;
  }
  return <isize>p;
}

/**
 * Whether the `length` bytes at a are the name at b (zero-padded to 32 bytes), 8 bytes at a time: the bytes read
 * past a key's end lie in the record or in the room the loader leaves after it.
 */
@inline function sameBytes(a: usize, b: usize, length: i32): bool {
  while (length >= 8) {
    if (load<u64>(a) != load<u64>(b)) return false;
    a += 8;
    b += 8;
    length -= 8;
  }
  return length == 0 || ((load<u64>(a) ^ load<u64>(b)) & ((<u64>1 << (<u64>length << 3)) - 1)) == 0;
}

/** The index of the key whose bytes are [s, e) in the key table, or -1. */
@inline function lookupKey(s: usize, e: usize): i32 {
  const length = <i32>(e - s);
  if (length < 1 || length > 31) return -1;
  let h = (length + <i32>load<u8>(s) + <i32>load<u8>(e - 1) + (<i32>load<u8>(s + <usize>(length >> 1)) << 1)) & 255;
  while (true) {
    const k = <i32>load<u8>(KEY_HASH + <usize>h) - 1;
    if (k < 0) return -1;
    if (<i32>load<u8>(KEY_LENGTH + <usize>k) == length && sameBytes(s, KEY_NAMES + (<usize>k << 5), length)) return k;
    h = (h + 1) & 255;
  }
  return -1;
}

/** The context of the object a key's value opens, when the mapping reads its members (else NONE); -2 when the record is to be parsed whole. */
@inline function childContext(context: u8, kind: u8, k: i32): i32 {
  if (context == RECORD) {
    if (kind == ROUTE) return -2;
    if (kind == PROPERTIES) return IN_PROPERTIES;
    if (kind == NESTED) return 2 + <i32>load<u8>(KEY_NEST + <usize>k);
  } else if (context == IN_PROPERTIES && kind == NESTED) return 5 + <i32>load<u8>(KEY_NEST + <usize>k);
  return NONE;
}

/** Whether a key of this kind is a member read in this context. */
@inline function isRead(context: u8, kind: u8): bool {
  if (context <= IN_PROPERTIES) return kind == MEMBER || kind == PROPERTIES || kind == NESTED;
  return kind == NESTED_MEMBER;
}

const VALUE = 0;
const KEY = 1;
const AFTER = 2;

/** The record of `length` bytes at INPUT: -1, or how many entries were written at FOUND. */
export function scan(length: i32): i32 {
  const end = INPUT + <usize>length;
  stringsHigh = 0;
  stringsEscaped = 0;
  let found: i32 = 0;
  let depth: i32 = 0;
  let state = VALUE;
  /** The member whose value comes next or is being scanned (-1: none), the context its value opens, and where it started. */
  let slot: i32 = -1;
  let child: i32 = NONE;
  let slotDepth: i32 = 0;
  let slotStart: usize = 0;
  let slotHigh: i32 = 0;
  let slotEscaped: i32 = 0;
  let p = skipBlanks(INPUT, end);
  while (true) {
    if (state == VALUE) {
      if (p >= end) return -1;
      const c = <u32>load<u8>(p);
      if (c == 0x22) {
        const q = scanString(p + 1, end);
        if (q < 0) return -1;
        p = <usize>q;
        state = AFTER;
      } else if (c == 0x7b) {
        if (depth >= MAX_DEPTH) return -1;
        store<u8>(STACK + <usize>depth, 1);
        let context: i32 = depth == 0 ? RECORD : NONE;
        if (slot >= 0 && child != NONE && depth == slotDepth) {
          // An object whose members are read: its entry now, theirs as they come.
          if (found >= MAX_FOUND) return -1;
          const out = FOUND + <usize>found * 16;
          store<i32>(out, slot);
          store<i32>(out, <i32>(p - INPUT), 4);
          store<i32>(out, <i32>(p - INPUT), 8);
          store<i32>(out, OPEN | (child << 8), 12);
          found++;
          context = child;
          slot = -1;
        }
        store<u8>(CONTEXTS + <usize>depth, <u8>context);
        depth++;
        p = skipBlanks(p + 1, end);
        if (p < end && load<u8>(p) == 0x7d) {
          depth--;
          p++;
          state = AFTER;
        } else state = KEY;
      } else if (c == 0x5b) {
        if (depth >= MAX_DEPTH) return -1;
        store<u8>(STACK + <usize>depth, 2);
        store<u8>(CONTEXTS + <usize>depth, NONE);
        depth++;
        p = skipBlanks(p + 1, end);
        if (p < end && load<u8>(p) == 0x5d) {
          depth--;
          p++;
          state = AFTER;
        } else state = VALUE;
      } else if (c == 0x74) {
        if (p + 4 > end || load<u32>(p) != 0x65757274) return -1;
        p += 4;
        state = AFTER;
      } else if (c == 0x66) {
        if (p + 5 > end || load<u32>(p) != 0x736c6166 || load<u8>(p + 4) != 0x65) return -1;
        p += 5;
        state = AFTER;
      } else if (c == 0x6e) {
        if (p + 4 > end || load<u32>(p) != 0x6c6c756e) return -1;
        p += 4;
        state = AFTER;
      } else if (c == 0x2d || isDigit(c)) {
        const q = scanNumber(p, end);
        if (q < 0) return -1;
        p = <usize>q;
        state = AFTER;
      } else return -1;
    } else if (state == KEY) {
      if (p >= end || load<u8>(p) != 0x22) return -1;
      const keyStart = p + 1;
      const escapedBefore = stringsEscaped;
      const q = scanString(keyStart, end);
      if (q < 0) return -1;
      p = <usize>q;
      const context = load<u8>(CONTEXTS + <usize>(depth - 1));
      // A key written with an escape may spell any name.
      if (context != NONE && stringsEscaped != escapedBefore) return -1;
      p = skipBlanks(p, end);
      if (p >= end || load<u8>(p) != 0x3a) return -1;
      p = skipBlanks(p + 1, end);
      state = VALUE;
      if (context != NONE) {
        const k = lookupKey(keyStart, q - 1);
        if (k >= 0) {
          const kind = load<u8>(KEY_KIND + <usize>k);
          const opens = childContext(context, kind, k);
          if (opens == -2) return -1;
          if (isRead(context, kind)) {
            slot = <i32>context * MAX_KEYS + k;
            child = opens;
            slotDepth = depth;
            slotStart = p;
            slotHigh = stringsHigh;
            slotEscaped = stringsEscaped;
          }
        }
      }
    } else {
      // A value ended at p: the member's, when one is being scanned at this depth.
      if (slot >= 0 && depth == slotDepth) {
        if (found >= MAX_FOUND) return -1;
        const out = FOUND + <usize>found * 16;
        store<i32>(out, slot);
        store<i32>(out, <i32>(slotStart - INPUT), 4);
        store<i32>(out, <i32>(p - INPUT), 8);
        store<i32>(out, (stringsHigh != slotHigh ? HIGH : 0) | (stringsEscaped != slotEscaped ? ESCAPE : 0), 12);
        found++;
        slot = -1;
      }
      p = skipBlanks(p, end);
      if (depth == 0) break;
      if (p >= end) return -1;
      const c = load<u8>(p);
      const top = load<u8>(STACK + <usize>(depth - 1));
      if (c == 0x2c) {
        p = skipBlanks(p + 1, end);
        state = top == 1 ? KEY : VALUE;
      } else if ((top == 1 && c == 0x7d) || (top == 2 && c == 0x5d)) {
        depth--;
        p++;
      } else return -1;
    }
  }
  return p == end ? found : -1;
}

/** Where the compiler's own data ends: the loader checks that it lies below STACK. */
export function heapBase(): usize {
  return __heap_base;
}
