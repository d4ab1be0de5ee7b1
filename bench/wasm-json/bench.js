'use strict';
// One benchmark process = one (input, variant). Prints one JSON line.
// Usage: node bench.js <compact|portal|diagnostic> <variant> [warmupPasses=2] [passes=5] [batch=256]
const { NSLOT, L, loadRecords, loadWasm } = require('./lib');

const [name, variant] = process.argv.slice(2, 4);
const WARM = +(process.argv[4] || 2), PASSES = +(process.argv[5] || 5), BATCH = +(process.argv[6] || 256);
const N = 20000;

const { recs, span } = loadRecords(name, N);
const totalBytes = recs.reduce((a, r) => a + r.length, 0);
const W = loadWasm(span.length + 1024 * 1024);
const { ex, u8, i32, buf } = W;
const dec = new TextDecoder();
let sink = 0;

// ---- value materialisation (step 7) ----
const vals = new Array(NSLOT).fill(undefined);
// mode 0: strings (string values -> JS string; true/false/null -> literal; numbers -> Number; objects/arrays -> raw JSON text string)
// mode 1: same but objects/arrays -> JSON.parse(text) (what a consumer needing status/location/deviceDetail as objects pays)
function materialize(outIdx, mode) {
  let n = 0;
  for (let s = 0; s < NSLOT; s++) {
    const o = outIdx + s * 3;
    const st = i32[o];
    if (st < 0) { vals[s] = undefined; continue; }
    const len = i32[o + 1], fl = i32[o + 2];
    const c = buf[st];
    let v;
    if (c === 0x22) {
      if (fl & 2) v = JSON.parse(fl & 1 ? buf.utf8Slice(st, st + len) : buf.latin1Slice(st, st + len));
      else v = fl & 1 ? buf.utf8Slice(st + 1, st + len - 1) : buf.latin1Slice(st + 1, st + len - 1);
    } else if (c === 0x7B || c === 0x5B) {
      const t = fl & 1 ? buf.utf8Slice(st, st + len) : buf.latin1Slice(st, st + len);
      v = mode === 1 ? JSON.parse(t) : t;
    } else if (c === 0x74) v = true;
    else if (c === 0x66) v = false;
    else if (c === 0x6E) v = null;
    else v = +buf.latin1Slice(st, st + len);
    vals[s] = v;
    n++;
  }
  return n;
}

// Alternative step 7: ONE latin1Slice of the whole record, then substring() per value. For values whose bytes
// are all < 0x80 byte offsets == char offsets in the latin1 string; values with bytes >= 0x80 (flag bit0) use utf8Slice.
function materializeSub(outIdx, mode, recStart, recLen) {
  const rec = buf.latin1Slice(recStart, recStart + recLen);
  let n = 0;
  for (let s = 0; s < NSLOT; s++) {
    const o = outIdx + s * 3;
    const st = i32[o];
    if (st < 0) { vals[s] = undefined; continue; }
    const len = i32[o + 1], fl = i32[o + 2];
    const c = buf[st];
    const a = st - recStart;
    let v;
    if (c === 0x22) {
      if (fl & 2) v = JSON.parse(fl & 1 ? buf.utf8Slice(st, st + len) : rec.substring(a, a + len));
      else v = fl & 1 ? buf.utf8Slice(st + 1, st + len - 1) : rec.substring(a + 1, a + len - 1);
    } else if (c === 0x7B || c === 0x5B) {
      const t = fl & 1 ? buf.utf8Slice(st, st + len) : rec.substring(a, a + len);
      v = mode === 1 ? JSON.parse(t) : t;
    } else if (c === 0x74) v = true;
    else if (c === 0x66) v = false;
    else if (c === 0x6E) v = null;
    else v = +rec.substring(a, a + len);
    vals[s] = v;
    n++;
  }
  return n;
}

// ---- resident copy of all records in linear memory (for variants that exclude the copy) ----
const resPtr = new Int32Array(N), resLen = new Int32Array(N);
function makeResident() {
  let p = L.INPUT;
  for (let i = 0; i < N; i++) { u8.set(recs[i], p); resPtr[i] = p; resLen[i] = recs[i].length; p += recs[i].length; }
}
// ---- batches: one memory.set of the contiguous source bytes of BATCH records ----
const spanBase = span.byteOffset;
const batches = [];
for (let i = 0; i < N; i += BATCH) {
  const k = Math.min(BATCH, N - i);
  const first = recs[i], last = recs[i + k - 1];
  const src = span.subarray(first.byteOffset - spanBase, last.byteOffset - spanBase + last.length);
  const rel = new Int32Array(2 * k); // (offset within src, len) as the splitter would produce
  for (let j = 0; j < k; j++) { rel[2 * j] = recs[i + j].byteOffset - first.byteOffset; rel[2 * j + 1] = recs[i + j].length; }
  batches.push({ src, rel, k });
}
const offs32 = L.OFFS >> 2, RSTRIDE = 1 + NSLOT * 3;

let texts = null;
const V = {
  A_decode() { for (let i = 0; i < N; i++) sink += dec.decode(recs[i]).length; },
  B_decode_parse() { for (let i = 0; i < N; i++) { const o = JSON.parse(dec.decode(recs[i])); if (o.id !== undefined) sink++; } },
  C_parse() { for (let i = 0; i < N; i++) { const o = JSON.parse(texts[i]); if (o.id !== undefined) sink++; } },
  call_only() { for (let i = 0; i < N; i++) sink += ex.validateSimd(L.INPUT, 0); }, // JS->WASM call overhead (returns at once)
  copy_only() { for (let i = 0; i < N; i++) u8.set(recs[i], L.INPUT); sink += u8[L.INPUT]; },
  wasm_scalar() { for (let i = 0; i < N; i++) sink += ex.validateScalar(resPtr[i], resLen[i]); },
  wasm_simd() { for (let i = 0; i < N; i++) sink += ex.validateSimd(resPtr[i], resLen[i]); },
  wasm_index_resident() { for (let i = 0; i < N; i++) sink += ex.indexSimd(resPtr[i], resLen[i]); },
  wasm_index_copy1() {
    for (let i = 0; i < N; i++) { const r = recs[i]; u8.set(r, L.INPUT); sink += ex.indexSimd(L.INPUT, r.length); }
  },
  wasm_index_batch() {
    for (const b of batches) {
      u8.set(b.src, L.INPUT);
      const rel = b.rel;
      for (let j = 0; j < b.k; j++) { i32[offs32 + 2 * j] = L.INPUT + rel[2 * j]; i32[offs32 + 2 * j + 1] = rel[2 * j + 1]; }
      sink += ex.indexBatch(b.k);
    }
  },
  total_copy1() {
    for (let i = 0; i < N; i++) {
      const r = recs[i]; u8.set(r, L.INPUT);
      if (ex.indexSimd(L.INPUT, r.length)) sink += materialize(L.OUT >> 2, 0);
    }
  },
  total_batch() {
    for (const b of batches) {
      u8.set(b.src, L.INPUT);
      const rel = b.rel;
      for (let j = 0; j < b.k; j++) { i32[offs32 + 2 * j] = L.INPUT + rel[2 * j]; i32[offs32 + 2 * j + 1] = rel[2 * j + 1]; }
      ex.indexBatch(b.k);
      for (let j = 0; j < b.k; j++) {
        const r = (L.RES >> 2) + j * RSTRIDE;
        if (i32[r]) sink += materialize(r + 1, 0);
      }
    }
  },
  total_batch_objs() { // as total_batch, but nested object/array values become JS objects via JSON.parse
    for (const b of batches) {
      u8.set(b.src, L.INPUT);
      const rel = b.rel;
      for (let j = 0; j < b.k; j++) { i32[offs32 + 2 * j] = L.INPUT + rel[2 * j]; i32[offs32 + 2 * j + 1] = rel[2 * j + 1]; }
      ex.indexBatch(b.k);
      for (let j = 0; j < b.k; j++) {
        const r = (L.RES >> 2) + j * RSTRIDE;
        if (i32[r]) sink += materialize(r + 1, 1);
      }
    }
  },
  total_batch_sub() { // as total_batch, strings via one latin1Slice per record + substring
    for (const b of batches) {
      u8.set(b.src, L.INPUT);
      const rel = b.rel;
      for (let j = 0; j < b.k; j++) { i32[offs32 + 2 * j] = L.INPUT + rel[2 * j]; i32[offs32 + 2 * j + 1] = rel[2 * j + 1]; }
      ex.indexBatch(b.k);
      for (let j = 0; j < b.k; j++) {
        const r = (L.RES >> 2) + j * RSTRIDE;
        if (i32[r]) sink += materializeSub(r + 1, 0, L.INPUT + rel[2 * j], rel[2 * j + 1]);
      }
    }
  },
  total_batch_sub_objs() {
    for (const b of batches) {
      u8.set(b.src, L.INPUT);
      const rel = b.rel;
      for (let j = 0; j < b.k; j++) { i32[offs32 + 2 * j] = L.INPUT + rel[2 * j]; i32[offs32 + 2 * j + 1] = rel[2 * j + 1]; }
      ex.indexBatch(b.k);
      for (let j = 0; j < b.k; j++) {
        const r = (L.RES >> 2) + j * RSTRIDE;
        if (i32[r]) sink += materializeSub(r + 1, 1, L.INPUT + rel[2 * j], rel[2 * j + 1]);
      }
    }
  },
};
if (!V[variant]) { console.error('unknown variant; one of', Object.keys(V).join(' ')); process.exit(2); }
if (variant === 'C_parse') texts = recs.map((r) => dec.decode(r));
if (/scalar|simd|resident/.test(variant)) makeResident();
// sanity: every record must be accepted by the validator being timed
{
  let ok = 0;
  for (let i = 0; i < N; i++) { u8.set(recs[i], L.INPUT); ok += ex.validateSimd(L.INPUT, recs[i].length) & ex.validateScalar(L.INPUT, recs[i].length); }
  if (ok !== N) { console.error('validator rejected real records:', N - ok); process.exit(1); }
  if (/scalar|simd|resident/.test(variant)) makeResident();
}

// VERIFY=1: check that step-7 materialisation (both implementations, nested values JSON.parse'd) equals JSON.parse
if (process.env.VERIFY) {
  const { KEYS, NKEYS } = require('./lib');
  let checked = 0, bad = 0;
  for (const b of batches) {
    u8.set(b.src, L.INPUT);
    const rel = b.rel;
    for (let j = 0; j < b.k; j++) { i32[offs32 + 2 * j] = L.INPUT + rel[2 * j]; i32[offs32 + 2 * j + 1] = rel[2 * j + 1]; }
    ex.indexBatch(b.k);
    for (let j = 0; j < b.k; j++) {
      const r = (L.RES >> 2) + j * RSTRIDE;
      const obj = JSON.parse(dec.decode(u8.subarray(L.INPUT + rel[2 * j], L.INPUT + rel[2 * j] + rel[2 * j + 1])));
      for (const impl of [0, 1]) {
        if (impl === 0) materialize(r + 1, 1); else materializeSub(r + 1, 1, L.INPUT + rel[2 * j], rel[2 * j + 1]);
        for (let s = 0; s < NSLOT; s++) {
          const o = s < NKEYS ? obj : obj.properties;
          const want = o && typeof o === 'object' ? o[KEYS[s % NKEYS]] : undefined;
          checked++;
          if (JSON.stringify(want) !== JSON.stringify(vals[s])) { bad++; if (bad < 5) console.error('materialize mismatch', name, impl, KEYS[s % NKEYS], want, vals[s]); }
        }
      }
    }
  }
  console.error(`VERIFY ${name}: materialised values compared with JSON.parse: ${checked}, mismatches: ${bad}`);
  if (bad) process.exit(1);
}

const fn = V[variant];
const times = [];
for (let p = 0; p < WARM + PASSES; p++) {
  const t0 = process.hrtime.bigint();
  fn();
  const dt = Number(process.hrtime.bigint() - t0);
  if (p >= WARM) times.push(dt);
}
const perRec = times.map((t) => t / N).sort((a, b) => a - b);
const med = perRec[perRec.length >> 1];
console.log(JSON.stringify({
  input: name, variant, n: N, bytesPerRec: +(totalBytes / N).toFixed(1), batch: /batch/.test(variant) ? BATCH : undefined,
  nsPerRec: +med.toFixed(1), nsPerByte: +(med * N / totalBytes).toFixed(4), passesNsPerRec: perRec.map((x) => +x.toFixed(1)), sink: sink % 1000,
}));
