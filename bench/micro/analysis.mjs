// Micro-benchmark of the analysis alone (tally and detections): sign-ins are read once from a file into memory
// (their texts are slices of the file, as in a real run), then counted again and again.
//   node bench/micro/analysis.mjs FILE [--rows 300000] [--runs 5] [--dist dist] [--against DIR] [--no-detections]
// Point --dist at another build (tsc --outDir) to time another version of the code. --against DIR times a second
// build in the same process, the two in turn, over the same sign-ins: on a shared virtual machine two processes
// of one build can differ by half, while two builds in one process compare within a few per cent.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rows: { type: 'string', default: '300000' },
    runs: { type: 'string', default: '5' },
    dist: { type: 'string', default: 'dist' },
    against: { type: 'string' },
    'no-detections': { type: 'boolean', default: false },
    intern: { type: 'boolean', default: false },
  },
});
const file = positionals[0];
if (file === undefined) throw new Error('usage: node bench/micro/analysis.mjs FILE [--rows N] [--runs N] [--dist DIR] [--against DIR] [--no-detections]');
const load = (build, module) => import(pathToFileURL(path.resolve(build, module)).href);
const dist = (module) => load(values.dist, module);

const { ingest, DEFAULT_INGEST_SETTINGS } = await dist('ingest/index.js');
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
/** A build's analysis over the sign-ins, with the times of its runs. */
async function timed(build) {
  const { createAnalysis, ALL_TIME, NO_CRITERIA } = await load(build, 'analyze/index.js');
  const { DEFAULT_DETECTION_SETTINGS } = await load(build, 'analyze/findings/index.js');
  const { builtinCatalog, unknownEntry } = await load(build, 'catalog/index.js');
  const catalog = builtinCatalog();
  const setup = { criteria: NO_CRITERIA, windows: [ALL_TIME], detections: values['no-detections'] ? null : DEFAULT_DETECTION_SETTINGS, mfaSteps: null };
  return {
    build,
    times: [],
    run() {
      const analysis = createAnalysis(setup, catalog, unknownEntry);
      const started = performance.now();
      for (const signIn of signIns) analysis.add(signIn);
      return performance.now() - started;
    },
  };
}

const builds = [await timed(values.dist)];
if (values.against !== undefined) builds.push(await timed(values.against));
for (let run = 0; run <= Math.max(1, Number(values.runs)); run++) {
  // Each build goes first every other run; the first run warms up the JIT.
  for (const build of run % 2 === 0 ? builds : [...builds].reverse()) {
    const ms = build.run();
    if (run > 0) build.times.push(ms);
  }
}
const perSignIn = (ms) => `${((ms * 1e6) / signIns.length).toFixed(0)} ns`;
for (const { build, times } of builds) {
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(
    `${build}: ${signIns.length} sign-ins, median ${median.toFixed(0)} ms (${perSignIn(median)} a sign-in, fastest ${perSignIn(times[0])}), runs ${times.map((t) => t.toFixed(0)).join(' ')}`,
  );
}
