'use strict';
// Usage: node summarize.js results.jsonl  -> markdown tables (median of per-process medians, [min-max] spread)
const fs = require('fs');
const rows = fs.readFileSync(process.argv[2] || 'results.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const by = {};
for (const r of rows) ((by[r.input] ||= {})[r.variant] ||= []).push(r);
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const stat = (rs) => ({ m: med(rs.map((r) => r.nsPerRec)), lo: Math.min(...rs.map((r) => r.nsPerRec)), hi: Math.max(...rs.map((r) => r.nsPerRec)), n: rs.length, bpr: rs[0].bytesPerRec });
const f = (x) => x >= 100 ? x.toFixed(0) : x.toFixed(1);
console.log('## All variants: ns/record median of per-process medians [min-max of process medians] (ns/byte)\n');
const variants = [...new Set(rows.map((r) => r.variant))];
console.log('| variant | ' + Object.keys(by).map((i) => `${i} (${by[i][variants[0]][0].bytesPerRec} B/rec)`).join(' | ') + ' |');
console.log('|---|' + Object.keys(by).map(() => '---').join('|') + '|');
for (const v of variants) {
  console.log(`| ${v} | ` + Object.keys(by).map((i) => {
    const s = stat(by[i][v]);
    return `${f(s.m)} [${f(s.lo)}-${f(s.hi)}] (${(s.m / s.bpr).toFixed(3)}) n=${s.n}`;
  }).join(' | ') + ' |');
}
console.log('\n## Derived table (medians; each cell ns/record / ns/byte). +strings = total_batch_X - wasm_index_batch\n');
console.log('| input | bytes/rec | A decode | B decode+parse | C parse | WASM scalar | WASM SIMD | WASM SIMD+index (copy per record) | WASM SIMD+index (copy per 256-record batch) | +strings (slice per value) | +strings (1 latin1Slice/rec + substring) | total WASM path (batch+substring) | same + JSON.parse of nested object/array values | total as % of B (strings / +nested) |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const i of Object.keys(by)) {
  const g = (v) => stat(by[i][v]).m;
  const bpr = by[i].A_decode[0].bytesPerRec;
  const c = (x) => `${f(x)} / ${(x / bpr).toFixed(3)}`;
  const B = g('B_decode_parse');
  console.log(`| ${i} | ${bpr} | ${c(g('A_decode'))} | ${c(B)} | ${c(g('C_parse'))} | ${c(g('wasm_scalar'))} | ${c(g('wasm_simd'))} | ${c(g('wasm_index_copy1'))} | ${c(g('wasm_index_batch'))} | ${c(g('total_batch') - g('wasm_index_batch'))} | ${c(g('total_batch_sub') - g('wasm_index_batch'))} | ${c(g('total_batch_sub'))} | ${c(g('total_batch_sub_objs'))} | ${(100 * g('total_batch_sub') / B).toFixed(0)}% / ${(100 * g('total_batch_sub_objs') / B).toFixed(0)}% |`);
}
