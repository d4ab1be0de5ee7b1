'use strict';
// Correctness checks. Usage: node check.js [nRecordsPerInput=20000] [nMutationsPerInput=10000] [seed=12345]
const { KEYS, NKEYS, NSLOT, L, loadRecords, loadWasm } = require('./lib');

const N = +(process.argv[2] || 20000);
const NMUT = +(process.argv[3] || 10000);
let seed = +(process.argv[4] || 12345) >>> 0;
function rnd() { // xorshift32
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed / 4294967296;
}
const ri = (n) => Math.floor(rnd() * n);

const W = loadWasm(8 * 1024 * 1024);
const { ex, u8, i32, buf } = W;
const dec = new TextDecoder();
const decFatal = new TextDecoder('utf-8', { fatal: true });

function put(bytes) { u8.set(bytes, L.INPUT); return bytes.length; }
function runAll(bytes) {
  const len = put(bytes);
  return [ex.validateScalar(L.INPUT, len), ex.validateSimd(L.INPUT, len), ex.indexSimd(L.INPUT, len), ex.indexScalar(L.INPUT, len)];
}
function jsAccepts(text) { try { JSON.parse(text); return 1; } catch { return 0; } }

let failures = 0;
const report = {};

// ---------- 1. hand-written edge cases ----------
const edge = [
  '{}', '[]', '""', '0', '-0', '1', '-1', '01', '-01', '1.', '.5', '1.5', '1e5', '1E+5', '1e-5', '1e', '1e+', '-', '+1',
  '0x10', '1.5e3.2', 'true', 'false', 'null', 'tru', 'nul', 'True', 'NaN', 'Infinity', ' [1, 2 ,3 ] ', '[1,]', '[,1]',
  '{"a":1,}', '{"a" 1}', '{"a":}', '{a:1}', "{'a':1}", '{"a":1 "b":2}', '"\\u00e9"', '"\\u00"', '"\\u00G0"', '"\\x41"',
  '"\\/"', '"\\b\\f\\n\\r\\t\\"\\\\"', '"\t"', '"a\nb"', '"\u007f"', '[1]]', '[[1]', '{"a":[1,{"b":null}]}', '1 2', '',
  ' ', '\t\n\r 1 \r\n', '"abc', '"abc\\"', '"\\', '[' + '1,'.repeat(40) + '1]', '"0123456789abcdefghij\\"klmnopqrstuvwxyz"',
  '"0123456789abcdefghijklmnopqrstuvwxyz\u0001"', '{"id":"x","id":"y"}', '-1.0e-0', '1E', '[-]', '[1e1.0]', '[00]', '[0.0e00]',
  '"é"', '[\u00a0]', '\u00a0[]',
];
let edgeAgree = 0, edgeTotal = 0;
for (const s of edge) {
  const b = Buffer.from(s, 'utf8');
  const want = jsAccepts(s);
  const got = runAll(b);
  edgeTotal++;
  if (got.every((g) => g === want)) edgeAgree++;
  else { failures++; console.log('EDGE MISMATCH', JSON.stringify(s), 'JSON.parse', want, 'wasm', got); }
}
// depth: 512 accepted, 513 rejected by design (V8 JSON.parse accepts both)
const d512 = Buffer.from('['.repeat(512) + ']'.repeat(512)), d513 = Buffer.from('['.repeat(513) + ']'.repeat(513));
const depthOk = runAll(d512).every((x) => x === 1) && runAll(d513).every((x) => x === 0);
if (!depthOk) { failures++; console.log('DEPTH LIMIT MISMATCH', runAll(d512), runAll(d513)); }
report.edge = `${edgeAgree}/${edgeTotal} hand-written edge cases agree; depth 512 accepted & 513 rejected: ${depthOk}`;

// ---------- 2. real records: accept + index correctness ----------
const realByInput = {};
for (const name of ['compact', 'portal', 'diagnostic']) {
  const { recs } = loadRecords(name, N);
  realByInput[name] = recs;
  let acc = [0, 0, 0, 0], idxChecked = 0, idxBad = 0, absentOk = 0, nonAscii = 0, escVals = 0;
  for (const r of recs) {
    const got = runAll(r);
    for (let k = 0; k < 4; k++) acc[k] += got[k];
    // re-run indexSimd (runAll's last call was indexScalar; compare both)
    const len = r.length;
    ex.indexScalar(L.INPUT, len);
    const sc = Array.from(i32.subarray(L.OUT >> 2, (L.OUT >> 2) + NSLOT * 3));
    ex.indexSimd(L.INPUT, len);
    const sm = Array.from(i32.subarray(L.OUT >> 2, (L.OUT >> 2) + NSLOT * 3));
    if (sc.join() !== sm.join()) { idxBad++; if (idxBad < 5) console.log('scalar/simd index differ', name); }
    const obj = JSON.parse(dec.decode(r));
    for (let half = 0; half < 2; half++) {
      const o = half === 0 ? obj : (obj.properties && typeof obj.properties === 'object' && !Array.isArray(obj.properties) ? obj.properties : null);
      for (let k = 0; k < NKEYS; k++) {
        const slot = (half * NKEYS + k) * 3;
        const start = sm[slot], vlen = sm[slot + 1], flags = sm[slot + 2];
        const has = o && Object.prototype.hasOwnProperty.call(o, KEYS[k]);
        if (!has) {
          if (start !== -1) { idxBad++; if (idxBad < 5) console.log('spurious slot', name, KEYS[k]); } else absentOk++;
          continue;
        }
        idxChecked++;
        if (start < 0) { idxBad++; if (idxBad < 5) console.log('missing slot', name, half, KEYS[k]); continue; }
        const sliceBytes = u8.subarray(start, start + vlen);
        const v = JSON.parse(dec.decode(sliceBytes));
        if (JSON.stringify(v) !== JSON.stringify(o[KEYS[k]])) { idxBad++; if (idxBad < 5) console.log('value differs', name, KEYS[k]); }
        // flags: bit0 = some byte >= 0x80 inside a string of the value, bit1 = some backslash escape
        const hasHigh = sliceBytes.some((x) => x >= 0x80) ? 1 : 0;
        const hasEsc = sliceBytes.includes(0x5C) ? 2 : 0;
        if ((flags & 3) !== (hasHigh | hasEsc)) { idxBad++; if (idxBad < 5) console.log('flags differ', name, KEYS[k], flags, hasHigh | hasEsc); }
        if (hasHigh) nonAscii++;
        if (hasEsc) escVals++;
      }
    }
  }
  // batch API
  const offs = new Int32Array(W.mem.buffer, L.OFFS, 1024 * 2);
  let bOk = 0;
  for (let i = 0; i < recs.length; i += 256) {
    const chunk = recs.slice(i, i + 256);
    let p = L.INPUT;
    chunk.forEach((r, j) => { u8.set(r, p); offs[2 * j] = p; offs[2 * j + 1] = r.length; p += r.length; });
    bOk += ex.indexBatch(chunk.length);
    // compare the batch index of the last record of the chunk with per-record index
    const j = chunk.length - 1, res = (L.RES >> 2) + j * (1 + NSLOT * 3);
    const bat = Array.from(i32.subarray(res + 1, res + 1 + NSLOT * 3));
    ex.indexSimd(offs[2 * j], offs[2 * j + 1]);
    const one = Array.from(i32.subarray(L.OUT >> 2, (L.OUT >> 2) + NSLOT * 3));
    if (bat.join() !== one.join()) { idxBad++; console.log('batch/per-record index differ', name, i); }
  }
  if (acc.some((a) => a !== recs.length) || bOk !== recs.length || idxBad) failures++;
  report[name] = `accepted scalar/simd/indexSimd/indexScalar/batch = ${acc.join('/')}/${bOk} of ${recs.length}; ` +
    `indexed values checked vs JSON.parse: ${idxChecked} (bad ${idxBad}), absent keys correctly -1: ${absentOk}; ` +
    `values with non-ASCII bytes: ${nonAscii}, with escapes: ${escVals}`;
}

// ---------- 3. mutations ----------
const INS = [0x22, 0x5C, 0x2C, 0x7D, 0x7B, 0x5D, 0x5B, 0x3A, 0x30, 0x31, 0x35, 0x39, 0x2D, 0x2E, 0x65, 0x2B, 0x00, 0x01, 0x09, 0x0A, 0x1F, 0x20, 0x75, 0x7F];
const ESC_NEXT = '"\\/bfnrtuxX0 U'.split('').map((c) => c.charCodeAt(0));
const HEX = '0123456789abcdefABCDEFgG'.split('').map((c) => c.charCodeAt(0));
const NUMCH = '0123456789-+.eE'.split('').map((c) => c.charCodeAt(0));
function mutate(src) {
  const b = Buffer.from(src); // copy
  const kind = ri(9);
  const p = ri(b.length);
  switch (kind) {
    case 0: { const nb = Buffer.from(b); nb[p] ^= 1 << ri(8); return ['byteflip', nb]; }
    case 1: { const n = 1 + ri(3); return ['delete', Buffer.concat([b.subarray(0, p), b.subarray(Math.min(b.length, p + n))])]; }
    case 2: { const c = INS[ri(INS.length)]; return ['insert', Buffer.concat([b.subarray(0, p), Buffer.from([c]), b.subarray(p)])]; }
    case 3: return ['truncate', b.subarray(0, p)];
    case 4: { // escape sequences inside strings
      const e = ESC_NEXT[ri(ESC_NEXT.length)];
      let ins = [0x5C, e];
      if (e === 0x75) for (let i = 0, n = ri(5); i < n; i++) ins.push(HEX[ri(HEX.length)]);
      // place inside a string: just after a random quote half the time
      let q = p;
      if (ri(2)) { const qq = b.indexOf(0x22, p); if (qq >= 0) q = qq + 1; }
      return ['escape', Buffer.concat([b.subarray(0, q), Buffer.from(ins), b.subarray(q)])];
    }
    case 5: { // number grammar: mutate next to a digit that follows ':' (a numeric value) or any digit
      let q = -1;
      for (let t = 0; t < 20 && q < 0; t++) { const s = ri(b.length); const c = b.indexOf(':', s); if (c >= 0 && c + 1 < b.length && (b[c + 1] === 0x2D || (b[c + 1] >= 0x30 && b[c + 1] <= 0x39))) q = c + 1; }
      if (q < 0) q = p;
      const op = ri(3), c = NUMCH[ri(NUMCH.length)], off = ri(4);
      const at = Math.min(b.length, q + off);
      if (op === 0) return ['number', Buffer.concat([b.subarray(0, at), Buffer.from([c]), b.subarray(at)])];
      if (op === 1) { const nb = Buffer.from(b); if (at < nb.length) nb[at] = c; return ['number', nb]; }
      return ['number', Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1))])];
    }
    case 6: { // structural: replace a structural char with another
      const S = [0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0x22];
      let q = -1;
      for (let t = 0; t < 50 && q < 0; t++) { const s = ri(b.length); if (S.includes(b[s])) q = s; }
      const nb = Buffer.from(b); if (q >= 0) nb[q] = S[ri(S.length)]; return ['structural', nb];
    }
    case 7: { // literal mangling
      const lits = ['true', 'false', 'null'];
      const l = lits[ri(3)]; const q = b.indexOf(l, p) >= 0 ? b.indexOf(l, p) : b.indexOf(l);
      const nb = Buffer.from(b); if (q >= 0) { nb[q + ri(l.length)] = 'truefalsnl'.charCodeAt(ri(10)); } return ['literal', nb];
    }
    default: { // whitespace / control byte insertion
      const ws = [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0x00, 0xA0];
      return ['whitespace', Buffer.concat([b.subarray(0, p), Buffer.from([ws[ri(ws.length)]]), b.subarray(p)])];
    }
  }
}
const cats = {};
let mutTotal = 0, mutAgree = 0, mutInvalidUtf8 = 0, wantAcc = 0, wantRej = 0;
const disagree = {};
for (const name of ['compact', 'portal', 'diagnostic']) {
  const recs = realByInput[name];
  for (let i = 0; i < NMUT; i++) {
    const [kind, m] = mutate(recs[ri(recs.length)]);
    let text;
    try { text = decFatal.decode(m); } catch { mutInvalidUtf8++; continue; }
    const want = jsAccepts(text);
    const got = runAll(m);
    const c = (cats[kind] ||= { n: 0, agree: 0, acc: 0 });
    c.n++; mutTotal++; c.acc += want; want ? wantAcc++ : wantRej++;
    if (got.every((g) => g === want)) { c.agree++; mutAgree++; }
    else {
      const key = `${kind}: JSON.parse=${want} wasm=${got.join('')}`;
      (disagree[key] ||= []).push(m.toString('latin1').slice(0, 200));
    }
  }
}
if (mutAgree !== mutTotal) failures++;
report.mutations = `${mutAgree}/${mutTotal} agree (JSON.parse accepted ${wantAcc}, rejected ${wantRej}); ${mutInvalidUtf8} mutants skipped as invalid UTF-8`;
report.mutationCategories = Object.fromEntries(Object.entries(cats).map(([k, v]) => [k, `${v.agree}/${v.n} agree, ${v.acc} valid`]));
report.disagreements = Object.fromEntries(Object.entries(disagree).map(([k, v]) => [k, { count: v.length, example: v[0] }]));

// ---------- 4. invalid UTF-8 behaviour (documented, not counted) ----------
const bad = Buffer.from('{"a":"\xff\xfe"}', 'latin1');
report.invalidUtf8Note = `'{"a":"\\xff\\xfe"}' -> wasm ${runAll(bad).join('')} (bytes >= 0x80 inside strings are accepted without UTF-8 validation)`;

console.log(JSON.stringify(report, null, 2));
console.log(failures ? `FAILED (${failures} failing groups)` : 'ALL CHECKS PASSED');
process.exit(failures ? 1 : 0);
