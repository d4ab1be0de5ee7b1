'use strict';
// Shared helpers: data loading (first N records, byte slices) and WASM loading.
const fs = require('fs');
const path = require('path');

// The bench's generated inputs (npm run bench makes them), or BENCH_DATA.
const DATA = process.env.BENCH_DATA ?? path.join(__dirname, '..', 'data');
const INPUTS = {
  compact: { file: `${DATA}/compact-1000000.json`, array: true },
  portal: { file: `${DATA}/portal-1000000.json`, array: true },
  diagnostic: { file: `${DATA}/diagnostic-1000000.jsonl`, array: false },
};

const KEYS = ['id', 'createdDateTime', 'userDisplayName', 'userPrincipalName', 'userId', 'appId',
  'appDisplayName', 'ipAddress', 'clientAppUsed', 'conditionalAccessStatus', 'isInteractive', 'riskDetail',
  'riskLevelAggregated', 'riskState', 'resourceDisplayName', 'resourceId', 'status', 'location',
  'deviceDetail', 'correlationId', 'authenticationRequirement', 'signInEventTypes', 'homeTenantId',
  'resourceTenantId', 'servicePrincipalName'];
const PROPS = 'properties'; // key index 25: descend marker (diagnostic records keep the sign-in under "properties")
const NKEYS = 25, NSLOT = 50;

// Read only the first `maxBytes` of the file; split into record byte slices (subarrays of one Buffer).
// JSON array files: "[\n" then records separated by ",\n". JSONL: records separated by "\n".
function loadRecords(name, n = 20000, maxBytes = 130 * 1024 * 1024) {
  const { file, array } = INPUTS[name];
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(maxBytes);
  const got = fs.readSync(fd, buf, 0, maxBytes, 0);
  fs.closeSync(fd);
  const recs = [];
  if (array) {
    // Split the top-level array into its elements with a small string/depth-aware scanner
    // (the files are "[" + records separated by "," or ",\n" + "]"; portal is all on one line).
    let i = 0;
    while (buf[i] !== 0x5B) i++;
    i++;
    let depth = 0, inStr = false, start = -1;
    for (; i < got && recs.length < n; i++) {
      const c = buf[i];
      if (inStr) { if (c === 0x5C) i++; else if (c === 0x22) inStr = false; continue; }
      if (c === 0x22) { inStr = true; if (depth === 0 && start < 0) start = i; }
      else if (c === 0x7B || c === 0x5B) { if (depth === 0 && start < 0) start = i; depth++; }
      else if (c === 0x7D || c === 0x5D) {
        if (depth === 0) break; // end of array
        depth--;
        if (depth === 0) { recs.push(buf.subarray(start, i + 1)); start = -1; }
      }
    }
    if (recs.length < n) throw new Error(`only ${recs.length} records in first ${got} bytes of ${file}`);
  } else {
    let pos = 0;
    while (recs.length < n) {
      const nl = buf.indexOf(0x0A, pos);
      if (nl < 0 || nl >= got) throw new Error(`only ${recs.length} records in first ${got} bytes of ${file}`);
      let end = nl;
      if (buf[end - 1] === 0x0D) end--;
      recs.push(buf.subarray(pos, end));
      pos = nl + 1;
    }
  }
  const last = recs[recs.length - 1];
  return { recs, span: buf.subarray(recs[0].byteOffset - buf.byteOffset, last.byteOffset - buf.byteOffset + last.length), base: buf };
}

// Perfect hash (len, first, last, middle byte) identical to assembly/json.ts lookupKey
function keyHash(b) {
  const len = b.length;
  return (len + b[0] + b[len - 1] + (b[len >> 1] << 1)) & 255;
}

const L = { STACK: 0x10000, KEYHASH: 0x10400, KEYLEN: 0x10500, KEYS: 0x10600, OUT: 0x11000, OFFS: 0x20000, RES: 0x40000, INPUT: 0x100000 };

function loadWasm(minBytes = 0) {
  const bin = fs.readFileSync(path.join(__dirname, 'build/json.wasm'));
  const mod = new WebAssembly.Module(bin);
  const inst = new WebAssembly.Instance(mod, { env: { abort() { throw new Error('abort'); } } });
  const ex = inst.exports;
  if (ex.heapBase() >= L.STACK) throw new Error('heap base overlaps fixed layout');
  const need = L.INPUT + minBytes + 64;
  const have = ex.memory.buffer.byteLength;
  if (need > have) ex.memory.grow(Math.ceil((need - have) / 65536));
  const u8 = new Uint8Array(ex.memory.buffer);
  // key tables
  const all = [...KEYS, PROPS];
  const seen = new Map();
  all.forEach((k, i) => {
    const b = Buffer.from(k, 'latin1');
    const h = keyHash(b);
    if (seen.has(h)) throw new Error(`hash collision ${k} / ${seen.get(h)}`);
    seen.set(h, k);
    u8[L.KEYHASH + h] = i + 1;
    u8[L.KEYLEN + i] = b.length;
    u8.set(b, L.KEYS + i * 32);
  });
  return { ex, mem: ex.memory, u8: new Uint8Array(ex.memory.buffer), i32: new Int32Array(ex.memory.buffer), buf: Buffer.from(ex.memory.buffer) };
}

module.exports = { INPUTS, KEYS, PROPS, NKEYS, NSLOT, L, loadRecords, loadWasm, keyHash };
