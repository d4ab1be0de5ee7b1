// Owns reading a JSON sign-in record from its UTF-8 bytes without parsing all of it: a WebAssembly scanner
// (assembly/json-scan.ts, built into json-scan-wasm.ts) checks the bytes exactly as strictly as JSON.parse checks
// their text and notes where the members mapJsonRecord (json-layouts.ts) reads lie; only those are made into
// values, in an object (made by an object literal compiled once per shape of record) that mapJsonRecord reads as it
// would the whole record. A record the scanner cannot vouch
// for (not valid JSON, a key that sends it to another rule or that is written with an escape, nesting deeper than
// it follows) gets undefined, and is parsed whole as before.

import { utf8Value } from './decode.js';
import { JSON_SCAN_WASM } from './json-scan-wasm.js';

/**
 * The members mapJsonRecord reads: those of a Graph signIn (graphFields in json-layouts.ts, also inside a
 * diagnostic record's `properties`), then the diagnostic record's own (mapDiagnostic). Of the objects among them
 * that are in NESTED_OBJECTS, only the NESTED_MEMBERS are read; other objects and arrays (signInEventTypes) are
 * taken whole.
 */
export const RECORD_MEMBERS = [
  'createdDateTime',
  'id',
  'correlationId',
  'userPrincipalName',
  'userDisplayName',
  'userId',
  'servicePrincipalName',
  'servicePrincipalId',
  'appDisplayName',
  'appId',
  'resourceDisplayName',
  'ipAddress',
  'clientAppUsed',
  'userAgent',
  'conditionalAccessStatus',
  'authenticationRequirement',
  'homeTenantId',
  'homeTenantName',
  'resourceTenantId',
  'status',
  'location',
  'deviceDetail',
  'signInEventTypes',
  'isInteractive',
  'category',
  'time',
  'resultType',
  'resultDescription',
  'callerIpAddress',
  'identity',
  'resultSignature',
  'properties',
] as const;

/** Members of a sign-in whose object's members are read (graphFields), in the order assembly/json-scan.ts numbers them. */
export const NESTED_OBJECTS = ['status', 'location', 'deviceDetail'] as const;

/** The members graphFields reads of those objects (of any of them: reading more than one reads is harmless). */
export const NESTED_MEMBERS = [
  'errorCode',
  'failureReason',
  'additionalDetails',
  'city',
  'state',
  'countryOrRegion',
  'operatingSystem',
  'browser',
  'isCompliant',
  'isManaged',
] as const;

/**
 * Members whose presence makes a record something other than a Graph or diagnostic sign-in: a unified audit log
 * record (audit-log.ts isAuditRecord), a Log Analytics row or a PowerShell object (JSON_RECORD_RULES), or an
 * envelope of records (json-fast.ts isEnvelope). A record with one of them at its top is parsed whole.
 */
export const ROUTING_MEMBERS = [
  'RecordType',
  'CreationTime',
  'Operation',
  'Workload',
  'ResultType',
  'TimeGenerated',
  'CreatedDateTime',
  'value',
  'records',
  'tables',
] as const;

/** Key kinds, as assembly/json-scan.ts reads them. */
const MEMBER = 1;
const PROPERTIES = 2;
const NESTED = 3;
const NESTED_MEMBER = 4;
const ROUTE = 5;
/**
 * Entry flags, as assembly/json-scan.ts writes them: a string in the value holds a byte over 0x7f, or an escape;
 * the value is an object whose members follow (the context they are in, in the second byte).
 */
const HIGH = 1;
const OPEN = 4;
/** Contexts the scanner notes members in: the record, its `properties`, and 2 to 7 for the nested objects in either. */
const CONTEXTS = 8;

const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const LETTER_T = 0x74;
const LETTER_F = 0x66;
const LETTER_N = 0x6e;

const KEYS: readonly string[] = [...RECORD_MEMBERS, ...NESTED_MEMBERS, ...ROUTING_MEMBERS];

/** What this module uses of WebAssembly (Node.js has it; the ES2022 library types do not). */
declare const WebAssembly: {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: object };
};
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmGlobal {
  readonly value: unknown;
}

interface ScannerExports {
  readonly memory: WasmMemory;
  readonly scan: (length: number) => number;
  readonly heapBase: () => number;
  readonly STACK: WasmGlobal;
  readonly KEY_HASH: WasmGlobal;
  readonly KEY_LENGTH: WasmGlobal;
  readonly KEY_KIND: WasmGlobal;
  readonly KEY_NEST: WasmGlobal;
  readonly KEY_NAMES: WasmGlobal;
  readonly MAX_KEYS: WasmGlobal;
  readonly FOUND: WasmGlobal;
  readonly INPUT: WasmGlobal;
}

/** One instance of the scanner (one per thread), with views of its memory that are made again when it grows. */
class Scanner {
  private readonly exports: ScannerExports;
  readonly input: number;
  /** FOUND as an index into `found`. */
  readonly foundAt: number;
  readonly maxKeys: number;
  bytes: Buffer;
  found: Int32Array;

  constructor() {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(JSON_SCAN_WASM, 'base64')), {});
    this.exports = instance.exports as unknown as ScannerExports;
    const at = (global: WasmGlobal): number => global.value as number;
    this.input = at(this.exports.INPUT);
    this.foundAt = at(this.exports.FOUND) >> 2;
    this.maxKeys = at(this.exports.MAX_KEYS);
    if (this.exports.heapBase() > at(this.exports.STACK) || KEYS.length > this.maxKeys || KEYS.some((key) => key.length > 31)) {
      throw new Error('the JSON scanner does not fit its memory layout');
    }
    this.bytes = Buffer.from(this.exports.memory.buffer);
    this.found = new Int32Array(this.exports.memory.buffer);
    this.reserve(0);
    // The keys, in a table of 256 entries by a hash of their bytes (as lookupKey in assembly/json-scan.ts), with the next free entry taken on a collision.
    const hashAt = at(this.exports.KEY_HASH);
    KEYS.forEach((key, k) => {
      const name = Buffer.from(key, 'latin1');
      let h = (name.length + name[0]! + name[name.length - 1]! + (name[name.length >> 1]! << 1)) & 255;
      while (this.bytes[hashAt + h] !== 0) h = (h + 1) & 255;
      this.bytes[hashAt + h] = k + 1;
      this.bytes[at(this.exports.KEY_LENGTH) + k] = name.length;
      this.bytes[at(this.exports.KEY_KIND) + k] = keyKind(key);
      this.bytes[at(this.exports.KEY_NEST) + k] = Math.max(0, (NESTED_OBJECTS as readonly string[]).indexOf(key));
      name.copy(this.bytes, at(this.exports.KEY_NAMES) + k * 32);
    });
  }

  /** Room for a record of `length` bytes at INPUT (and a little after it, which the key comparison may read). */
  reserve(length: number): void {
    const memory = this.exports.memory;
    const need = this.input + length + 64;
    if (need <= memory.buffer.byteLength) return;
    memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
    this.bytes = Buffer.from(memory.buffer);
    this.found = new Int32Array(memory.buffer);
  }

  scan(length: number): number {
    return this.exports.scan(length);
  }
}

function keyKind(key: string): number {
  if (key === 'properties') return PROPERTIES;
  if ((NESTED_OBJECTS as readonly string[]).includes(key)) return NESTED;
  if ((NESTED_MEMBERS as readonly string[]).includes(key)) return NESTED_MEMBER;
  return (ROUTING_MEMBERS as readonly string[]).includes(key) ? ROUTE : MEMBER;
}

let scanner: Scanner | undefined;
/** The values of a record's entries (undefined for those that open an object), in the order of its text. */
const values: unknown[] = [];
/** The object each context's members go into, while a record is read the slow way (see objectOf). */
const containers: Array<Record<string, unknown>> = new Array(CONTEXTS);

/**
 * The members of the record whose UTF-8 bytes `bytes` holds (one latin1 character per byte, decode.ts Utf8Chunk)
 * that mapJsonRecord reads, each as JSON.parse of the record's decoded text gives it; or undefined when the
 * record is not exactly one object the scanner vouches for, and is to be parsed whole. mapJsonRecord of the members
 * with `bytes` as the source gives what it gives for the parsed record with its decoded text: an error code's
 * literal (fields.ts codeText) is all ASCII, found in the same places in the bytes as in the text.
 */
export function recordMembers(bytes: string): object | undefined {
  const length = bytes.length;
  if (length < 2 || bytes.charCodeAt(0) !== OPEN_BRACE || bytes.charCodeAt(length - 1) !== CLOSE_BRACE) return undefined;
  scanner ??= new Scanner();
  scanner.reserve(length);
  scanner.bytes.write(bytes, scanner.input, length, 'latin1');
  const count = scanner.scan(length);
  if (count < 0) return undefined;
  const found = scanner.found;
  let shape = count;
  for (let i = 0, at = scanner.foundAt; i < count; i++, at += 4) {
    const flags = found[at + 3]!;
    shape = (Math.imul(shape, 31) + entryShape(found[at]!, flags)) | 0;
    values[i] = (flags & OPEN) !== 0 ? undefined : valueAt(bytes, found[at + 1]!, found[at + 2]!, flags);
  }
  const maker = makers.get(shape) ?? newMaker(shape, found, scanner.foundAt, count, scanner.maxKeys);
  return maker?.fits(found, scanner.foundAt, count) ? maker.make(values) : objectOf(found, scanner.foundAt, count, scanner.maxKeys);
}

/** What the shape of a record's members is made of, per entry: its slot, and whether it opens an object. */
function entryShape(slot: number, flags: number): number {
  return (flags & OPEN) === 0 ? slot : -1 - slot;
}

/**
 * Makes the objects of records whose entries have these slots, in this order, opening objects at the same ones,
 * as one object literal: V8 keeps such objects in fast mode, where objects given more than about 16 members one
 * by one under names held in variables become dictionaries, slower to build and to read (1 to 3 µs a record).
 */
class Maker {
  constructor(
    private readonly entries: Int32Array,
    readonly make: (values: readonly unknown[]) => Record<string, unknown>,
  ) {}

  /** Whether a record's entries have these slots and open these objects (two shapes may share a hash). */
  fits(found: Int32Array, foundAt: number, count: number): boolean {
    if (count !== this.entries.length) return false;
    for (let i = 0, at = foundAt; i < count; i++, at += 4) if (entryShape(found[at]!, found[at + 3]!) !== this.entries[i]) return false;
    return true;
  }
}

/** Makers by the hash of their slots: a file's records come in a few shapes; a file of too many is read the slow way. */
const makers = new Map<number, Maker>();
const MAX_MAKERS = 256;

/** A maker for records whose entries have the slots these do (their names only, never text from the input, go into its code). */
function newMaker(shape: number, found: Int32Array, foundAt: number, count: number, maxKeys: number): Maker | undefined {
  if (makers.size >= MAX_MAKERS) return undefined;
  const entries = new Int32Array(count);
  const open: number[] = [0];
  let code = '{';
  for (let i = 0, at = foundAt; i < count; i++, at += 4) {
    const slot = found[at]!;
    const flags = found[at + 3]!;
    entries[i] = entryShape(slot, flags);
    const context = (slot / maxKeys) | 0;
    // An entry's object is the innermost one open in its context: close those opened since.
    while (open.length > 0 && open[open.length - 1] !== context) {
      open.pop();
      code += '},';
    }
    if (open.length === 0) return undefined;
    code += JSON.stringify(KEYS[slot - context * maxKeys]!);
    if ((flags & OPEN) !== 0) {
      code += ':{';
      open.push(flags >> 8);
    } else code += `:v[${i}],`;
  }
  code += '}'.repeat(open.length);
  const maker = new Maker(entries, new Function('v', `return ${code};`) as Maker['make']);
  makers.set(shape, maker);
  return maker;
}

/** The members' object built member by member (JSON.parse keeps the last of two keys: so does this). */
function objectOf(found: Int32Array, foundAt: number, count: number, maxKeys: number): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  containers[0] = record;
  for (let i = 0, at = foundAt; i < count; i++, at += 4) {
    const slot = found[at]!;
    const flags = found[at + 3]!;
    const context = (slot / maxKeys) | 0;
    const key = KEYS[slot - context * maxKeys]!;
    // Entries of a context come after the entry that opened it.
    const container = containers[context]!;
    if ((flags & OPEN) !== 0) container[key] = containers[flags >> 8] = {};
    else container[key] = values[i];
  }
  return record;
}

/** The JSON value bytes[start, end) (flags from the scanner): as JSON.parse of its decoded text gives it. */
function valueAt(bytes: string, start: number, end: number, flags: number): unknown {
  const first = bytes.charCodeAt(start);
  if (first === QUOTE) {
    if (flags === 0) return bytes.slice(start + 1, end - 1);
    if (flags === HIGH) return utf8Value(bytes.slice(start + 1, end - 1));
  } else if (first === LETTER_T) return true;
  else if (first === LETTER_F) return false;
  else if (first === LETTER_N) return null;
  // A number JSON allows reads the same with Number.
  else if (first !== OPEN_BRACE && first !== OPEN_BRACKET) return Number(bytes.slice(start, end));
  else if (
    flags === 0 &&
    end - start > 4 &&
    bytes.charCodeAt(start + 1) === QUOTE &&
    bytes.indexOf('"', start + 2) === end - 2 &&
    bytes.charCodeAt(end - 1) === CLOSE_BRACKET
  )
    // An array of one string (signInEventTypes): ["interactiveUser"].
    return [bytes.slice(start + 2, end - 2)];
  const text = bytes.slice(start, end);
  return JSON.parse((flags & HIGH) === 0 ? text : utf8Value(text));
}
