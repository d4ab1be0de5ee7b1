// Micro-benchmark of the CSV tokenizer against csv-parse and a plain charCodeAt loop over the same text.
//   node bench/micro/csv.mjs FILE.csv [--module dist/ingest/csv-fast.js] [--runs 5]
// Each case runs in its own process on text decoded beforehand into 64 KiB chunks (as a read stream with
// an encoding hands it over), so only tokenizing is timed; the median of the runs after a warm-up is shown.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    case: { type: 'string' },
    module: { type: 'string', default: 'dist/ingest/csv-fast.js' },
    runs: { type: 'string', default: '5' },
  },
});
const file = positionals[0];
if (!file) throw new Error('usage: node bench/micro/csv.mjs FILE.csv');

// The report reads about a dozen of the 57 portal columns.
const NEEDED = [
  'Date (UTC)',
  'Request ID',
  'User ID',
  'User',
  'Username',
  'Application',
  'Application ID ',
  'Resource',
  'IP address',
  'Location',
  'Status',
  'Sign-in error code',
  'Failure reason',
  'Client app',
];

const CASES = {
  'charCodeAt loop over every char': () => charLoop,
  'CsvTokenizer, all columns': async () => tokenizer(await loadTokenizer(), false),
  'CsvTokenizer, 14 of 57 columns': async () => tokenizer(await loadTokenizer(), true),
  'csv-parse (stream API)': () => csvParse,
};

if (values.case === undefined) {
  const bytes = readFileSync(file).length;
  console.log(`${file}: ${(bytes / 1e6).toFixed(1)} MB`);
  for (const name of Object.keys(CASES)) {
    const args = [fileURLToPath(import.meta.url), file, '--case', name, '--module', values.module, '--runs', name.startsWith('csv-parse') ? '1' : values.runs];
    process.stdout.write(execFileSync(process.execPath, args, { encoding: 'utf8' }));
  }
} else {
  const chunks = decodeChunks(file);
  const chars = chunks.reduce((sum, c) => sum + c.length, 0);
  const run = await CASES[values.case]();
  const runs = Number(values.runs);
  if (runs > 1) await run(chunks); // warm-up
  const times = [];
  let result;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    result = await run(chunks);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)];
  console.log(
    `${values.case.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${(chars / ms / 1000).toFixed(0).padStart(5)} M chars/s  rows=${result.rows} check=${result.check}`,
  );
}

function decodeChunks(name) {
  const CHUNK = 64 * 1024;
  const bytes = readFileSync(name);
  const decoder = new StringDecoder('utf8');
  const chunks = [];
  for (let i = 0; i < bytes.length; i += CHUNK) chunks.push(decoder.write(bytes.subarray(i, i + CHUNK)));
  chunks.push(decoder.end());
  if (chunks[0].charCodeAt(0) === 0xfeff) chunks[0] = chunks[0].slice(1);
  return chunks;
}

async function loadTokenizer() {
  return (await import(pathToFileURL(path.resolve(values.module)).href)).CsvTokenizer;
}

function tokenizer(CsvTokenizer, masked) {
  return (chunks) => {
    let rows = 0,
      check = 0,
      header = true;
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
  };
}

function charLoop(chunks) {
  let rows = 0,
    check = 0;
  for (const c of chunks) {
    for (let i = 0; i < c.length; i++) {
      const x = c.charCodeAt(i);
      if (x === 10) rows++;
      else if (x === 44 || x === 34) check++;
    }
  }
  return { rows: rows - 1, check };
}

function csvParse(chunks) {
  return new Promise((resolve, reject) => {
    let rows = 0,
      check = 0;
    const parser = parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: true, from_line: 2 });
    parser.on('readable', () => {
      let r;
      while ((r = parser.read()) !== null) {
        rows++;
        check += r[28].length + r.length;
      }
    });
    parser.on('error', reject);
    parser.on('end', () => resolve({ rows, check }));
    let i = 0;
    const feed = () => {
      while (i < chunks.length) {
        if (!parser.write(chunks[i++])) {
          parser.once('drain', feed);
          return;
        }
      }
      parser.end();
    };
    feed();
  });
}
