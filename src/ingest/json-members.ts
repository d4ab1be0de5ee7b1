// Owns reading a JSON sign-in record from its UTF-8 bytes without parsing all of it: a WebAssembly scanner
// (assembly/json-scan.ts, built into json-scan-wasm.ts) checks the bytes exactly as strictly as JSON.parse checks
// their text and notes where the members mapJsonRecord (json-layouts.ts) reads lie; only those are made into
// values, in an object that mapJsonRecord reads as it would the whole record. A record the scanner cannot vouch
// for (not valid JSON, a key that sends it to another rule or that is written with an escape, a `properties`
// twice, nesting deeper than it follows) gets undefined, and is parsed whole as before.

import { utf8Value } from './decode.js';
import { JSON_SCAN_WASM } from './json-scan-wasm.js';

/**
 * The members mapJsonRecord reads: those of a Graph signIn (graphFields in json-layouts.ts, also inside a
 * diagnostic record's `properties`), then the diagnostic record's own (mapDiagnostic). Nested objects and arrays
 * among them (status, location, deviceDetail, signInEventTypes) are taken whole.
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
const ROUTE = 3;
/** Value flags, as assembly/json-scan.ts writes them: a string in it holds a byte over 0x7f, or an escape. */
const HIGH = 1;

const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const LETTER_T = 0x74;
const LETTER_F = 0x66;
const LETTER_N = 0x6e;

const KEYS: readonly string[] = [...RECORD_MEMBERS, ...ROUTING_MEMBERS];
const PROPERTIES_KEY = KEYS.indexOf('properties');

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
  readonly KEY_HASH: WasmGlobal;
  readonly KEY_LENGTH: WasmGlobal;
  readonly KEY_KIND: WasmGlobal;
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
    if (this.exports.heapBase() > at(this.exports.KEY_HASH) || KEYS.length > this.maxKeys) throw new Error('the JSON scanner does not fit its memory layout');
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
      this.bytes[at(this.exports.KEY_KIND) + k] = key === 'properties' ? PROPERTIES : (ROUTING_MEMBERS as readonly string[]).includes(key) ? ROUTE : MEMBER;
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

let scanner: Scanner | undefined;

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
  const maxKeys = scanner.maxKeys;
  const record: Record<string, unknown> = {};
  let properties: Record<string, unknown> | undefined;
  for (let i = 0, at = scanner.foundAt; i < count; i++, at += 4) {
    const slot = found[at]!;
    const start = found[at + 1]!;
    const end = found[at + 2]!;
    const flags = found[at + 3]!;
    if (slot === PROPERTIES_KEY && bytes.charCodeAt(start) === OPEN_BRACE) record['properties'] = properties = {};
    else if (slot < maxKeys) record[KEYS[slot]!] = valueAt(bytes, start, end, flags);
    else if (properties !== undefined) properties[KEYS[slot - maxKeys]!] = valueAt(bytes, start, end, flags);
    else return undefined;
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
  const text = bytes.slice(start, end);
  return JSON.parse((flags & HIGH) === 0 ? text : utf8Value(text));
}
