// Micro-benchmark of the CSV tokenizer against csv-parse and a bare charCodeAt pass over the same decoded text.
//   node bench/micro/csv.mjs FILE.csv [--module dist/ingest/csv-fast.js] [--runs 3]
// The file is decoded to 64 KiB string chunks first, so only tokenizing is timed.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse';
import { StringDecoder } from 'node:string_decoder';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { module: { type: 'string', default: 'dist/ingest/csv-fast.js' }, runs: { type: 'string', default: '3' } },
});
const file = positionals[0];
if (!file) throw new Error('usage: node bench/micro/csv.mjs FILE.csv');
const { CsvTokenizer } = await import(pathToFileURL(path.resolve(values.module)).href);

const CHUNK = 64 * 1024;
// Decode the way a read stream with an encoding does: one flat string per 64 KiB of bytes.
const bytes = readFileSync(file);
const decoder = new StringDecoder('utf8');
const chunks = [];
for (let i = 0; i < bytes.length; i += CHUNK) chunks.push(decoder.write(bytes.subarray(i, i + CHUNK)));
chunks.push(decoder.end());
if (chunks[0].charCodeAt(0) === 0xfeff) chunks[0] = chunks[0].slice(1);
const chars = chunks.reduce((sum, c) => sum + c.length, 0);
// The report reads about a dozen of the 57 portal columns.
const NEEDED = ['Date (UTC)', 'Request ID', 'User ID', 'User', 'Username', 'Application', 'Application ID ', 'Resource', 'IP address', 'Location', 'Status', 'Sign-in error code', 'Failure reason', 'Client app'];

function tokenizer(masked) {
  let rows = 0, check = 0, header = true;
  const t = new CsvTokenizer({
    delimiter: ',',
    onRecord(fields, count) {
      if (header) {
        header = false;
        if (masked) t.setColumnMask(fields.map((name) => NEEDED.includes(name)));
        return;
      }
      rows++;
      check += fields[28].length + count;
    },
    onError() {},
  });
  for (const c of chunks) t.push(c);
  t.end();
  return { rows, check };
}

function charScan() {
  let rows = 0, check = 0;
  for (const c of chunks) {
    for (let i = 0; i < c.length; i++) {
      const x = c.charCodeAt(i);
      if (x === 10) rows++;
      else if (x === 44 || x === 34) check++;
    }
  }
  return { rows: rows - 1, check };
}

function csvParse() {
  return new Promise((resolve, reject) => {
    let rows = 0, check = 0;
    const parser = parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: true, from_line: 2 });
    parser.on('readable', () => { let r; while ((r = parser.read()) !== null) { rows++; check += r[28].length + r.length; } });
    parser.on('error', reject);
    parser.on('end', () => resolve({ rows, check }));
    let i = 0;
    const feed = () => { while (i < chunks.length) { if (!parser.write(chunks[i++])) { parser.once('drain', feed); return; } } parser.end(); };
    feed();
  });
}

const cases = [
  ['charCodeAt loop over every char', charScan],
  ['CsvTokenizer, all columns', () => tokenizer(false)],
  ['CsvTokenizer, 14 of 57 columns', () => tokenizer(true)],
  ['csv-parse (stream API)', csvParse],
];
console.log(`${file}: ${(chars / 1e6).toFixed(1)} M chars`);
for (const [name, fn] of cases) {
  const times = [];
  let result;
  for (let r = 0; r < Number(values.runs); r++) {
    const t0 = performance.now();
    result = await fn();
    times.push(performance.now() - t0);
    if (name.startsWith('csv-parse')) break; // slow; one run is enough
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)];
  console.log(`${name.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${(chars / ms / 1000).toFixed(0).padStart(5)} M chars/s  rows=${result.rows} check=${result.check}`);
}
