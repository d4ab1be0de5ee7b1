// Micro-benchmark of the JSON record scanner against whole-text JSON.parse (arrays) and
// split('\n') + JSON.parse (JSON Lines) on the same decoded text.
//   node bench/micro/json.mjs FILE.json|FILE.jsonl [--module dist/ingest/json-records.js] [--runs 5]
// Each case runs in its own process on text decoded beforehand (64 KiB chunks for the scanner, one string
// for the baselines), so only scanning and parsing are timed; the median of the runs after a warm-up is shown.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    case: { type: 'string' },
    module: { type: 'string', default: 'dist/ingest/json-records.js' },
    runs: { type: 'string', default: '5' },
  },
});
const file = positionals[0];
if (!file) throw new Error('usage: node bench/micro/json.mjs FILE.json|FILE.jsonl');

const CASES = {
  'JsonRecordScanner only': { input: 'chunks', make: async () => scanner(await loadScanner(), false) },
  'JsonRecordScanner + JSON.parse': { input: 'chunks', make: async () => scanner(await loadScanner(), true) },
  'JSON.parse of the whole text': { input: 'whole', make: () => wholeParse, only: 'array' },
  "split('\\n') + JSON.parse": { input: 'whole', make: () => linesParse, only: 'lines' },
  "indexOf('\\n') over the text": { input: 'whole', make: () => lineScan },
};

if (values.case === undefined) {
  const head = readFileSync(file, { encoding: 'utf8', flag: 'r' }).slice(0, 1000).trimStart();
  const shape = head.startsWith('[') ? 'array' : 'lines';
  console.log(`${file}: ${(readFileSync(file).length / 1e6).toFixed(1)} MB, ${shape === 'array' ? 'array' : 'JSON Lines'}`);
  for (const [name, spec] of Object.entries(CASES)) {
    if (spec.only !== undefined && spec.only !== shape) continue;
    const args = [fileURLToPath(import.meta.url), file, '--case', name, '--module', values.module, '--runs', values.runs];
    process.stdout.write(execFileSync(process.execPath, args, { encoding: 'utf8' }));
  }
} else {
  const spec = CASES[values.case];
  const bytes = readFileSync(file);
  let input;
  if (spec.input === 'whole') {
    input = bytes.toString('utf8');
  } else {
    const decoder = new StringDecoder('utf8');
    input = [];
    for (let i = 0; i < bytes.length; i += 64 * 1024) input.push(decoder.write(bytes.subarray(i, i + 64 * 1024)));
    input.push(decoder.end());
  }
  const chars = spec.input === 'whole' ? input.length : input.reduce((sum, c) => sum + c.length, 0);
  const run = await spec.make();
  run(input); // warm-up: JIT and JSON.parse's hidden classes
  const times = [];
  let result;
  for (let r = 0; r < Number(values.runs); r++) {
    const t0 = performance.now();
    result = run(input);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)];
  console.log(
    `${values.case.padEnd(32)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${(chars / ms / 1000).toFixed(0).padStart(5)} M chars/s  ${JSON.stringify(result)}`,
  );
}

async function loadScanner() {
  return (await import(pathToFileURL(path.resolve(values.module)).href)).JsonRecordScanner;
}

function scanner(JsonRecordScanner, parse) {
  return (chunks) => {
    let records = 0,
      check = 0,
      errors = 0;
    const s = new JsonRecordScanner({
      onRecord(text) {
        records++;
        check += parse ? Object.keys(JSON.parse(text)).length : text.length;
      },
      onError() {
        errors++;
      },
    });
    for (const c of chunks) s.push(c);
    s.end();
    return { records, check, errors };
  };
}

function wholeParse(whole) {
  const all = JSON.parse(whole);
  let check = 0;
  for (const r of all) check += Object.keys(r).length;
  return { records: all.length, check };
}

function linesParse(whole) {
  let records = 0,
    check = 0;
  for (const line of whole.split('\n')) {
    if (line.length === 0) continue;
    records++;
    check += Object.keys(JSON.parse(line)).length;
  }
  return { records, check };
}

function lineScan(whole) {
  let records = 0;
  for (let i = whole.indexOf('\n'); i >= 0; i = whole.indexOf('\n', i + 1)) records++;
  return { records };
}
