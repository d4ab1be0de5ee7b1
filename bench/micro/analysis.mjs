// Micro-benchmark of the analysis alone (tally and detections): sign-ins are read once from a file into memory
// (their texts are slices of the file, as in a real run), then counted again and again.
//   node bench/micro/analysis.mjs FILE [--rows 300000] [--runs 5] [--dist dist] [--no-detections]
// Point --dist at another build (tsc --outDir) to compare two versions of the code in one sitting.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rows: { type: 'string', default: '300000' },
    runs: { type: 'string', default: '5' },
    dist: { type: 'string', default: 'dist' },
    'no-detections': { type: 'boolean', default: false },
    intern: { type: 'boolean', default: false },
  },
});
const file = positionals[0];
if (file === undefined) throw new Error('usage: node bench/micro/analysis.mjs FILE [--rows N] [--runs N] [--dist DIR] [--no-detections]');
const dist = (module) => import(pathToFileURL(path.resolve(values.dist, module)).href);

const { ingest, DEFAULT_INGEST_SETTINGS } = await dist('ingest/index.js');
const { createAnalysis, ALL_TIME, NO_CRITERIA } = await dist('analyze/index.js');
const { DEFAULT_DETECTION_SETTINGS } = await dist('analyze/findings/index.js');
const { builtinCatalog, unknownEntry } = await dist('catalog/index.js');
const { Readable } = await import('node:stream');

const limit = Number(values.rows);
const signIns = [];
class Enough extends Error {}
try {
  await ingest(
    [path.resolve(file)],
    { ...DEFAULT_INGEST_SETTINGS, keepDuplicates: true },
    {
      stdin: Readable.from([]),
      cwd: process.cwd(),
      diagnose: () => {},
      stderr: () => {},
    },
    (signIn) => {
      signIns.push(signIn);
      if (signIns.length >= limit) throw new Enough();
    },
  );
} catch (error) {
  if (!(error instanceof Enough)) throw error;
}
if (values.intern) {
  // What interning at the source would give: every repeated text is one string object.
  const pool = new Map();
  for (let i = 0; i < signIns.length; i++) {
    const copy = { ...signIns[i] };
    for (const [key, value] of Object.entries(copy)) {
      if (typeof value !== 'string' || key === 'requestId' || key === 'correlationId') continue;
      let shared = pool.get(value);
      if (shared === undefined) pool.set(value, (shared = ` ${value}`.slice(1)));
      copy[key] = shared;
    }
    signIns[i] = copy;
  }
}
const catalog = builtinCatalog();
const setup = { criteria: NO_CRITERIA, windows: [ALL_TIME], detections: values['no-detections'] ? null : DEFAULT_DETECTION_SETTINGS, mfaSteps: null };
const times = [];
for (let run = 0; run <= Number(values.runs); run++) {
  const analysis = createAnalysis(setup, catalog, unknownEntry);
  const started = performance.now();
  for (const signIn of signIns) analysis.add(signIn);
  const ms = performance.now() - started;
  if (run > 0) times.push(ms); // the first run warms up the JIT
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(
  `${values.dist}: ${signIns.length} sign-ins, median ${median.toFixed(0)} ms (${((median * 1e6) / signIns.length).toFixed(0)} ns a sign-in), runs ${times.map((t) => t.toFixed(0)).join(' ')}`,
);
