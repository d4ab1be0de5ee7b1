// Owns the stage profile of the benchmark: runs `signin-analyzer report` under `node --cpu-prof` (every thread
// writes its own profile) and sums the samples' self time by the stage of the source file they fall in:
// decode, tokenize, normalize, dedupe and accounting, tally, detections, render, and the rest (start-up,
// garbage collection, waiting). JSON.parse and other built-ins count toward the function that called them.
// The command line is bundled: a sample in a bundle's chunk is placed in its source file through the chunk's
// source map.
//
//   node bench/profile.mjs FILE [--threads 1] [--format json] [--top 15]   → a table, and JSON with --json

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..');
const cliPath = path.join(repoRoot, 'dist', 'cli.js');

/** The stages, in pipeline order, and the source files (src/*.ts, or dist/*.js) that are each one's. The first match wins. */
export const STAGES = [
  [
    'decode',
    [/\/ingest\/decode\.[jt]s$/, /^node:(internal\/)?(fs|stream|buffer|zlib|string_decoder|encoding)/, /^node:internal\/(streams|fs|encoding|util\/types)/],
  ],
  ['tokenize', [/\/ingest\/(csv-fast|json-fast|json-records|json-fields|json-members|read-csv|read-json)\.[jt]s$/, /^wasm:\/\//]],
  ['normalize', [/\/ingest\/(normalize|csv-layouts|json-layouts|fields|dates|date-order|audit-log)\.[jt]s$/, /\/catalog\/lookup\.[jt]s$/, /\/memo\.[jt]s$/]],
  ['dedupe and accounting', [/\/ingest\/(dedupe|accounting)\.[jt]s$/, /\/hash\.[jt]s$/]],
  ['tally', [/\/analyze\/(aggregate|pairs|dimensions|outcome|filter|analysis)\.[jt]s$/]],
  ['detections', [/\/analyze\/findings\//]],
  ['render', [/\/(render|view)\//, /\/analyze\/finalize\.[jt]s$/]],
  ['threads and other', [/\/ingest\/parallel\//, /\/pipeline\//, /./]],
];

const SPECIAL = { '(garbage collector)': 'garbage collection', '(program)': 'threads and other', '(idle)': 'idle' };

/** Each bundle file's source map, read once (null: the file has none). */
const sourceMaps = new Map();

function sourceMapOf(file) {
  if (!sourceMaps.has(file)) {
    const mapFile = `${file}.map`;
    sourceMaps.set(file, file.endsWith('.js') && existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : null);
  }
  return sourceMaps.get(file);
}

/** Where a frame's function is written: its source file and 1-based line, through the file's source map when it has one. */
export function sourceOf(callFrame) {
  const { url, lineNumber, columnNumber } = callFrame;
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const map = url.startsWith('file://') ? sourceMapOf(file) : null;
  const entry = map?.findEntry(lineNumber, columnNumber);
  if (entry?.originalSource === undefined) return { file, line: lineNumber + 1 };
  const original = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : path.resolve(path.dirname(file), entry.originalSource);
  return { file: original, line: entry.originalLine + 1 };
}

export function stageOf(node) {
  const { functionName, url } = node.callFrame;
  if (url === '' && SPECIAL[functionName] !== undefined) return SPECIAL[functionName];
  const { file } = sourceOf(node.callFrame);
  for (const [stage, patterns] of STAGES) if (patterns.some((pattern) => pattern.test(file))) return stage;
  return 'threads and other';
}

/** A function's name in the tables: its name, source file and line. */
function functionLabel(callFrame) {
  if (callFrame.url === '') return callFrame.functionName || '(anonymous)';
  const { file, line } = sourceOf(callFrame);
  return `${callFrame.functionName || '(anonymous)'} ${path.basename(file)}:${line}`;
}

/** Self time per stage and per function (ms) of one .cpuprofile. */
export function summarise(profile, into = { stages: new Map(), functions: new Map(), totalMs: 0 }) {
  const byId = new Map(profile.nodes.map((node) => [node.id, { node, stage: stageOf(node), name: functionLabel(node.callFrame) }]));
  const deltas = profile.timeDeltas;
  // Each sample's time is the delta before the next one.
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (deltas[i + 1] ?? 0) / 1000;
    const known = byId.get(profile.samples[i]);
    if (known === undefined) continue;
    const { stage, name } = known;
    into.stages.set(stage, (into.stages.get(stage) ?? 0) + ms);
    const entry = into.functions.get(name) ?? { stage, ms: 0, lines: new Map() };
    entry.ms += ms;
    into.functions.set(name, entry);
    if (stage !== 'idle') into.totalMs += ms;
  }
  // Line-level hits, where the profiler recorded them (positionTicks), for looking inside one function.
  for (const node of profile.nodes) {
    if (node.positionTicks === undefined) continue;
    const entry = into.functions.get(byId.get(node.id).name);
    if (entry === undefined) continue;
    for (const { line: at, ticks } of node.positionTicks) {
      // The source line of the last code on that line of the file that ran.
      const { line } = sourceOf({ url: node.callFrame.url, lineNumber: at - 1, columnNumber: Number.MAX_SAFE_INTEGER });
      entry.lines.set(line, (entry.lines.get(line) ?? 0) + ticks);
    }
  }
  return into;
}

/** Runs the report on `file` under the profiler; the summed summary of every thread's profile. */
export function profileReport(file, { threads = 1, format = 'json', extra = [] } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'signin-analyzer-profile-'));
  try {
    const output = path.join(dir, `report.${format}`);
    const argv = [
      '--cpu-prof',
      '--cpu-prof-dir',
      dir,
      cliPath,
      'report',
      file,
      '--format',
      format,
      '--output',
      output,
      '--quiet',
      '--threads',
      String(threads),
      ...extra,
    ];
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (run.status !== 0) throw new Error(`report failed under the profiler: ${run.stderr.trim().split('\n').at(-1)}`);
    const summary = { stages: new Map(), functions: new Map(), totalMs: 0 };
    const profiles = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
    for (const name of profiles) summarise(JSON.parse(readFileSync(path.join(dir, name), 'utf8')), summary);
    return { seconds, threads, profiles: profiles.length, ...summary };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The stages as plain data: ms and share of the busy time, in STAGES order. */
export function stageTable(summary) {
  const order = [...STAGES.map(([stage]) => stage), 'garbage collection'];
  return order.map((stage) => {
    const ms = summary.stages.get(stage) ?? 0;
    return { stage, ms: Math.round(ms), share: summary.totalMs > 0 ? ms / summary.totalMs : 0 };
  });
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      threads: { type: 'string', default: '1' },
      format: { type: 'string', default: 'json' },
      top: { type: 'string', default: '15' },
      json: { type: 'boolean', default: false },
      lines: { type: 'string' },
      argv: { type: 'string', default: '' },
    },
  });
  const file = positionals[0];
  if (file === undefined) throw new Error('usage: node bench/profile.mjs FILE [--threads 1] [--format json] [--top 15] [--json]');
  const extra = values.argv === '' ? [] : values.argv.split(' ');
  const summary = profileReport(path.resolve(file), { threads: Number(values.threads), format: values.format, extra });
  const stages = stageTable(summary);
  const functions = [...summary.functions.entries()]
    .filter(([, entry]) => entry.stage !== 'idle')
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, Number(values.top))
    .map(([name, entry]) => ({ name, stage: entry.stage, ms: Math.round(entry.ms) }));
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ seconds: summary.seconds, threads: summary.threads, busyMs: Math.round(summary.totalMs), stages, functions }, null, 2)}\n`,
    );
    return;
  }
  process.stdout.write(
    `${file}: ${summary.seconds.toFixed(2)} s wall under the profiler, ${(summary.totalMs / 1000).toFixed(2)} s busy on ${summary.profiles} thread(s)\n`,
  );
  for (const { stage, ms, share } of stages)
    process.stdout.write(`  ${stage.padEnd(24)} ${String(ms).padStart(7)} ms  ${(share * 100).toFixed(1).padStart(5)} %\n`);
  process.stdout.write('\nbusiest functions (self time):\n');
  for (const { name, stage, ms } of functions) process.stdout.write(`  ${String(ms).padStart(7)} ms  ${stage.padEnd(22)} ${name}\n`);
  if (values.lines !== undefined) {
    // The sample counts per source line of the functions whose name starts with --lines.
    for (const [name, entry] of summary.functions) {
      if (!name.startsWith(values.lines)) continue;
      process.stdout.write(`\nlines of ${name} (samples):\n`);
      for (const [line, ticks] of [...entry.lines].sort((a, b) => b[1] - a[1]).slice(0, 25)) process.stdout.write(`  line ${line}: ${ticks}\n`);
    }
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`profile.mjs: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
