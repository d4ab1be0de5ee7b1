// Micro-benchmark of the JSON record scanner against whole-text JSON.parse (arrays) and
// split('\n') + JSON.parse (JSON Lines) on the same decoded text.
//   node bench/micro/json.mjs FILE.json|FILE.jsonl [--module dist/ingest/json-records.js] [--runs 3]
// The file is decoded to 64 KiB string chunks first, so only scanning and parsing are timed.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { module: { type: 'string', default: 'dist/ingest/json-records.js' }, runs: { type: 'string', default: '3' } },
});
const file = positionals[0];
if (!file) throw new Error('usage: node bench/micro/json.mjs FILE.json|FILE.jsonl');
const { JsonRecordScanner } = await import(pathToFileURL(path.resolve(values.module)).href);

const CHUNK = 64 * 1024;
const bytes = readFileSync(file);
const decoder = new StringDecoder('utf8');
const chunks = [];
for (let i = 0; i < bytes.length; i += CHUNK) chunks.push(decoder.write(bytes.subarray(i, i + CHUNK)));
chunks.push(decoder.end());
const chars = chunks.reduce((sum, c) => sum + c.length, 0);
const whole = bytes.toString('utf8');
const jsonLines = whole.trimStart().startsWith('{');

function scanner(parse) {
  let records = 0, check = 0, errors = 0;
  const s = new JsonRecordScanner({
    onRecord(text) {
      records++;
      check += parse ? Object.keys(JSON.parse(text)).length : text.length;
    },
    onError() { errors++; },
  });
  for (const c of chunks) s.push(c);
  s.end();
  return { records, check, errors };
}

function wholeParse() {
  const all = JSON.parse(whole);
  let check = 0;
  for (const r of all) check += Object.keys(r).length;
  return { records: all.length, check };
}

function linesParse() {
  let records = 0, check = 0;
  for (const line of whole.split('\n')) {
    if (line.length === 0) continue;
    records++;
    check += Object.keys(JSON.parse(line)).length;
  }
  return { records, check };
}

function lineScan() {
  let records = 0;
  for (let i = whole.indexOf('\n'); i >= 0; i = whole.indexOf('\n', i + 1)) records++;
  return { records };
}

const cases = [
  ['JsonRecordScanner only', () => scanner(false)],
  ['JsonRecordScanner + JSON.parse', () => scanner(true)],
  jsonLines ? ['split(\\n) + JSON.parse', linesParse] : ['JSON.parse of the whole array', wholeParse],
  ['indexOf(\\n) over the text', lineScan],
];
console.log(`${file}: ${(chars / 1e6).toFixed(1)} M chars, ${jsonLines ? 'JSON Lines' : 'array'}`);
for (const [name, fn] of cases) {
  fn(); // warm-up: JIT and JSON.parse's hidden classes
  const times = [];
  let result;
  for (let r = 0; r < Number(values.runs); r++) {
    const t0 = performance.now();
    result = fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)];
  console.log(`${name.padEnd(32)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${(chars / ms / 1000).toFixed(0).padStart(5)} M chars/s  ${JSON.stringify(result)}`);
}
