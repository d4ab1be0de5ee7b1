// Owns `npm run bench`: generates (once) realistic exports of N rows, times the full report as users run it (every
// dimension, detections on; JSON output on the default threads and on one, HTML output on the default threads) on
// each, next to DuckDB computing the same aggregates on the same file (one thread, and its default), checks that
// both agree, profiles where our time goes by stage, measures the portal CSV again with --no-detections (what the
// detections cost in memory and time), and prints the tables (also written to bench/results/latest.json).
//
//   npm run bench -- [--rows 1000000] [--runs 3] [--scale] [--only csv,json,compact,jsonl] [--markdown]
//                    [--no-profile] [--regenerate] [--wait-quiet 300]
//
// --scale adds a CSV of 5 × rows (slow to generate) to show how peak memory grows with input size.
// --wait-quiet N waits up to N seconds for the load average to drop under 0.5 before measuring.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { profileReport, stageTable } from './profile.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..');
const cliPath = path.join(repoRoot, 'dist', 'cli.js');
const duckdbScript = path.join(benchDir, 'duckdb.mjs');
const KIND_LABELS = {
  csv: 'portal CSV (57 columns)',
  json: 'JSON array, full Graph records',
  compact: 'JSON array, compact records',
  jsonl: 'diagnostic JSON Lines',
};
const STARTUP_TARGET_MS = 300;
const QUIET_LOAD = 0.5;
/** The duplicate table's documented cost per sign-in (docs/formats.md): what memory may grow by from 1× to 5× the rows. */
const DUPLICATE_BYTES_PER_SIGN_IN = 12;
const loadNow = () => os.loadavg().map((load) => Math.round(load * 100) / 100);

// DuckDB stays out of the main install: the bench package installs itself the first time it is needed.
// `npm ci` refuses a lock file that misses other platforms' optional DuckDB binaries (a registry mirror
// may carry only the local one); `npm install` then installs the same locked versions.
function ensureBenchDependencies() {
  if (existsSync(path.join(benchDir, 'node_modules', '@duckdb', 'node-api'))) return;
  process.stderr.write('installing the benchmark dependencies (npm --prefix bench ci)...\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const common = ['--prefix', benchDir, '--no-audit', '--no-fund'];
  if (spawnSync(npm, ['ci', ...common], { stdio: ['ignore', 'inherit', 'ignore'] }).status === 0) return;
  process.stderr.write('npm ci failed; trying npm install with the same lock file...\n');
  if (spawnSync(npm, ['install', ...common], { stdio: 'inherit' }).status !== 0) throw new Error('installing the bench dependencies failed');
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '3' },
      'startup-runs': { type: 'string', default: '10' },
      only: { type: 'string', default: 'csv,json,compact,jsonl' },
      data: { type: 'string', default: path.join(benchDir, 'data') },
      results: { type: 'string', default: path.join(benchDir, 'results', 'latest.json') },
      scale: { type: 'boolean', default: false },
      markdown: { type: 'boolean', default: false },
      regenerate: { type: 'boolean', default: false },
      'no-profile': { type: 'boolean', default: false },
      'wait-quiet': { type: 'string', default: '0' },
    },
  });
  const positiveInteger = (name, min = 1) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer of at least ${min}, not ${values[name]}`);
    return value;
  };
  const kinds = values.only.split(',').map((kind) => kind.trim());
  for (const kind of kinds) if (!(kind in KIND_LABELS)) throw new Error(`--only: unknown input ${kind} (use ${Object.keys(KIND_LABELS).join(',')})`);
  return {
    rows: positiveInteger('rows'),
    runs: positiveInteger('runs'),
    startupRuns: positiveInteger('startup-runs'),
    kinds,
    dataDir: path.resolve(values.data),
    resultsFile: path.resolve(values.results),
    scale: values.scale,
    markdown: values.markdown,
    regenerate: values.regenerate,
    profile: !values['no-profile'],
    waitQuiet: positiveInteger('wait-quiet', 0),
  };
}

/** Waits (at most `seconds`) for the one-minute load average to drop under QUIET_LOAD; the load it ended at. */
async function waitForQuiet(seconds) {
  const until = Date.now() + seconds * 1000;
  while (os.loadavg()[0] >= QUIET_LOAD && Date.now() < until) {
    process.stderr.write(`\r  waiting for a quiet machine: load ${loadNow().join(', ')}   `);
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
  if (seconds > 0) process.stderr.write('\n');
  return loadNow();
}

// ---------------------------------------------------------------------------------------------------------
// Measuring a child process: wall time, CPU time, exit status, and peak RSS (GNU time's %M when present, else
// polling VmHWM in /proc, which is the kernel's own high-water mark).

const gnuTime = ['/usr/bin/time', '/bin/time'].find(
  (candidate) => existsSync(candidate) && spawnSync(candidate, ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0,
);

function measure(argv, { captureStdout = false } = {}) {
  const statsFile = path.join(os.tmpdir(), `signin-analyzer-bench-rss-${process.pid}.txt`);
  const command = gnuTime === undefined ? argv : [gnuTime, '-f', '%M %U %S', '-o', statsFile, ...argv];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command[0], command.slice(1), { stdio: ['ignore', captureStdout ? 'pipe' : 'ignore', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let polledPeakKb = 0;
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-8192);
    });
    const poll =
      gnuTime === undefined
        ? setInterval(() => {
            try {
              const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
              if (match) polledPeakKb = Math.max(polledPeakKb, Number(match[1]));
            } catch {
              // The child has exited between two polls.
            }
          }, 20)
        : undefined;
    child.on('error', reject);
    child.on('close', (status) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      clearInterval(poll);
      let peakKb = polledPeakKb;
      let cpuSeconds;
      if (gnuTime !== undefined) {
        // GNU time writes "Command exited with non-zero status N" before the values when the child fails.
        const lines = readFileSync(statsFile, 'utf8').trim().split('\n');
        const [rss, user, system] = lines[lines.length - 1].split(' ').map(Number);
        peakKb = rss;
        cpuSeconds = user + system;
        rmSync(statsFile, { force: true });
      }
      resolve({ seconds, cpuSeconds, status, peakRssMB: peakKb / 1024, stdout, stderr });
    });
  });
}

/** Paths inside the repository are shown relative to it; others (a --data directory in /tmp) in full. */
function display(file) {
  const relative = path.relative(repoRoot, file);
  return relative.startsWith('..') ? file : relative;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function lastLine(text) {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}

// ---------------------------------------------------------------------------------------------------------
// Inputs: generated once per row count and reused while the generator and seed are unchanged; each fresh
// file is read back by DuckDB, which must see exactly the rows and request ids that were written.

async function ensureInputs(rows, formats, options) {
  const { generate, fileNames, GENERATOR_VERSION, DEFAULT_SEED } = await import('./generate.mjs');
  const manifestFile = path.join(options.dataDir, `manifest-${rows}.json`);
  const names = fileNames(rows);
  const stored = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) : null;
  const current = stored !== null && stored.generatorVersion === GENERATOR_VERSION && stored.seed === DEFAULT_SEED ? stored : null;
  const present = (format) => {
    const entry = current?.files[format];
    const file = path.join(options.dataDir, names[format]);
    return entry !== undefined && existsSync(file) && statSync(file).size === entry.bytes;
  };
  // Generation draws the same rows whatever formats are written, so only missing files are written again.
  const missing = options.regenerate ? formats : formats.filter((format) => !present(format));
  let manifest = current;
  if (missing.length > 0) {
    process.stderr.write(`generating ${rows.toLocaleString('en-US')} rows as ${missing.join(', ')} in ${options.dataDir}\n`);
    const fresh = generate({
      rows,
      outDir: options.dataDir,
      formats: missing,
      onProgress: (done) => {
        if (process.stderr.isTTY) process.stderr.write(`\r  ${done.toLocaleString('en-US')} rows`);
      },
    });
    process.stderr.write(`\r  ${rows.toLocaleString('en-US')} rows in ${fresh.seconds.toFixed(1)} s\n`);
    manifest = { ...fresh, files: { ...(current?.files ?? {}), ...fresh.files } };
    manifest.generation = { formats: missing, seconds: fresh.seconds, rowsPerSecond: rows / fresh.seconds };
  }
  let changed = missing.length > 0;
  for (const format of formats) {
    if (manifest.files[format].validation?.ok) continue;
    const file = path.join(options.dataDir, names[format]);
    const run = await measure([process.execPath, duckdbScript, 'validate', '--kind', format, '--file', file], { captureStdout: true });
    if (run.status !== 0) throw new Error(`DuckDB could not read ${file}: ${lastLine(run.stderr)}`);
    const check = JSON.parse(run.stdout);
    const problems = [];
    if (check.rows !== rows) problems.push(`DuckDB read ${check.rows} rows, ${rows} were written`);
    if (check.distinctRequestIds !== rows) problems.push(`${check.distinctRequestIds} distinct request ids for ${rows} rows`);
    if (check.incomplete !== 0) problems.push(`${check.incomplete} rows without a code or a time`);
    if (format === 'csv' && (check.columns.length !== 57 || check.columns[0] !== 'Date (UTC)')) {
      problems.push(`DuckDB sees ${check.columns.length} columns starting with ${JSON.stringify(check.columns[0])}`);
    }
    if (problems.length > 0) throw new Error(`generated ${file} is not valid: ${problems.join('; ')}`);
    manifest.files[format].validation = { ok: true, rows: check.rows, distinctRequestIds: check.distinctRequestIds, duckdbSeconds: run.seconds };
    process.stderr.write(`  ${names[format]}: DuckDB reads ${check.rows.toLocaleString('en-US')} rows, all request ids distinct\n`);
    changed = true;
  }
  if (changed) writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

// ---------------------------------------------------------------------------------------------------------
// The catalog export, for DuckDB's category join.

async function exportCatalog(dataDir) {
  const run = await measure([process.execPath, cliPath, 'catalog', '--format', 'csv'], { captureStdout: true });
  if (run.status !== 0) return { skipped: `catalog export failed: ${lastLine(run.stderr) || `exit ${run.status}`}` };
  const header = run.stdout
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/, 1)[0]
    .split(',');
  if (!header.includes('code') || !header.includes('category')) {
    return { skipped: `the catalog CSV has no code and category columns (header: ${header.join(',')})` };
  }
  const file = path.join(dataDir, 'catalog.csv');
  writeFileSync(file, run.stdout);
  return { file, entries: run.stdout.trim().split('\n').length - 1 };
}

// ---------------------------------------------------------------------------------------------------------
// One input: our variants and DuckDB's take turns, run after run, so all see the same machine load; medians;
// then the cross-check of our JSON report against DuckDB's numbers.

/** How we run: the report as users run it (every dimension and detection), in one output format, on some threads. */
const OUR_VARIANTS = [
  { id: 'json', format: 'json', threads: undefined },
  { id: 'json1', format: 'json', threads: 1 },
  { id: 'html', format: 'html', threads: undefined },
];
const DUCKDB_VARIANTS = [
  { id: 'one', threads: '1' },
  { id: 'default', threads: 'default' },
];

async function runOurs(file, output, variant, extra = []) {
  rmSync(output, { force: true });
  const argv = [process.execPath, cliPath, 'report', file, '--format', variant.format, '--output', output, '--quiet', ...extra];
  if (variant.threads !== undefined) argv.push('--threads', String(variant.threads));
  const result = await measure(argv);
  if (result.status !== 0) return { error: lastLine(result.stderr) || `exit ${result.status}` };
  if (!existsSync(output)) return { error: 'report exited 0 but wrote no --output file' };
  return { seconds: result.seconds, cpuSeconds: result.cpuSeconds, peakRssMB: result.peakRssMB };
}

async function runDuckdb(kind, file, catalog, variant) {
  const argv = [process.execPath, duckdbScript, 'aggregate', '--kind', kind, '--file', file, '--threads', variant.threads];
  if (catalog.file !== undefined) argv.push('--catalog', catalog.file);
  const measured = await measure(argv, { captureStdout: true });
  if (measured.status !== 0) throw new Error(`DuckDB failed on ${file}: ${lastLine(measured.stderr)}`);
  const result = JSON.parse(measured.stdout);
  return {
    sample: { querySeconds: result.querySeconds, processSeconds: measured.seconds, peakRssMB: measured.peakRssMB, threads: result.threads },
    result,
  };
}

function summarize(samples) {
  return {
    seconds: median(samples.map((sample) => sample.seconds)),
    cpuSeconds: samples.every((sample) => sample.cpuSeconds !== undefined) ? median(samples.map((sample) => sample.cpuSeconds)) : undefined,
    peakRssMB: Math.max(...samples.map((sample) => sample.peakRssMB)),
    samples,
  };
}

async function measureInput(kind, file, catalog, runs, outDir, variants = OUR_VARIANTS) {
  const ours = Object.fromEntries(variants.map((variant) => [variant.id, { samples: [], error: undefined }]));
  const duckdb = Object.fromEntries(DUCKDB_VARIANTS.map((variant) => [variant.id, []]));
  const loads = [];
  let reference = null;
  const outputOf = (variant) => path.join(outDir, `${path.basename(file)}.${variant.id}.${variant.format}`);
  for (let run = 0; run < runs; run++) {
    loads.push(loadNow()[0]);
    for (const variant of variants) {
      const mine = ours[variant.id];
      if (mine.error !== undefined) continue;
      const sample = await runOurs(file, outputOf(variant), variant);
      if (sample.error !== undefined) mine.error = sample.error;
      else {
        mine.samples.push(sample);
        process.stderr.write(`    ours ${variant.id.padEnd(5)} run ${run + 1}: ${sample.seconds.toFixed(2)} s, ${sample.peakRssMB.toFixed(0)} MB\n`);
      }
    }
    for (const variant of DUCKDB_VARIANTS) {
      const { sample, result } = await runDuckdb(kind, file, catalog, variant);
      duckdb[variant.id].push(sample);
      reference ??= result;
      process.stderr.write(`    DuckDB ${variant.id.padEnd(7)} run ${run + 1}: ${sample.querySeconds.toFixed(2)} s query (${sample.threads} threads)\n`);
    }
  }
  const duckdbSummary = Object.fromEntries(
    Object.entries(duckdb).map(([id, samples]) => [
      id,
      {
        // The reference is DuckDB's query time alone: loading the DuckDB library (~0.3 s) is left out, which
        // makes the ratio stricter for us, since our time includes starting Node.
        seconds: median(samples.map((sample) => sample.querySeconds)),
        processSeconds: median(samples.map((sample) => sample.processSeconds)),
        peakRssMB: Math.max(...samples.map((sample) => sample.peakRssMB)),
        threads: samples[0]?.threads,
        samples,
      },
    ]),
  );
  const oursSummary = Object.fromEntries(
    variants.map((variant) => {
      const { samples, error } = ours[variant.id];
      return [variant.id, error !== undefined ? { error, samples } : summarize(samples)];
    }),
  );
  // The JSON report of the default threads is checked against DuckDB; the one-thread report must be the same bytes.
  let report = null;
  const checks = [];
  if (oursSummary.json?.error === undefined && variants.some((variant) => variant.id === 'json')) {
    const text = readFileSync(outputOf(variants.find((variant) => variant.id === 'json')), 'utf8');
    try {
      report = JSON.parse(text);
    } catch (error) {
      oursSummary.json = { error: `the report is not JSON: ${error.message}`, samples: oursSummary.json.samples };
    }
    const one = variants.find((variant) => variant.id === 'json1');
    if (one !== undefined && oursSummary.json1?.error === undefined) {
      const stripTime = (json) => json.replace(/"generatedAt": *"[^"]*"/, '');
      if (stripTime(readFileSync(outputOf(one), 'utf8')) !== stripTime(text)) checks.push('the --threads 1 report differs from the default threads one');
    }
  }
  return { ours: oursSummary, duckdb: duckdbSummary, report, reference, threadCheck: checks, loads };
}

/** Our report and DuckDB must tell the same story: same totals, codes, categories, users, apps and days. */
function crossCheck(report, reference, rows) {
  const problems = [];
  const unchecked = [];
  const dims = reference.dimensions;
  const expect = (label, ours, theirs) => {
    if (ours !== theirs) problems.push(`${label}: ours ${ours}, DuckDB ${theirs}`);
  };
  if (report.totals !== undefined) {
    expect('totals.signIns', report.totals.signIns, rows);
    if (report.totals.users !== undefined) expect('totals.users', report.totals.users, Object.keys(dims.user).length);
    if (report.totals.apps !== undefined) expect('totals.apps', report.totals.apps, Object.keys(dims.app).length);
  } else unchecked.push('totals');
  if (Array.isArray(report.byCode)) {
    const ours = new Map(report.byCode.map((entry) => [String(entry.code), entry.count]));
    for (const [code, { count }] of Object.entries(dims.code)) {
      if (code !== '0') expect(`byCode ${code}`, ours.get(code), count);
    }
    for (const code of ours.keys()) if (!(code in dims.code)) problems.push(`byCode ${code}: only in ours`);
  } else unchecked.push('byCode');
  if (reference.categoryJoined && Array.isArray(report.byCategory)) {
    const ours = new Map(report.byCategory.map((entry) => [entry.category, entry.count]));
    for (const [category, { failures }] of Object.entries(dims.category)) {
      if (failures > 0) expect(`byCategory ${category}`, ours.get(category), failures);
    }
  } else unchecked.push('byCategory');
  // byDay is not in the contract; it is checked when the report has it.
  const sections = [
    ['byUser', 'user', 'user'],
    ['byApp', 'app', 'app'],
    ['byDay', 'day', 'day'],
  ];
  for (const [section, dimension, keyName] of sections) {
    if (!Array.isArray(report[section])) {
      if (section !== 'byDay') unchecked.push(section);
      continue;
    }
    expect(`${section} entries`, report[section].length, Object.keys(dims[dimension]).length);
    for (const entry of report[section]) {
      const theirs = dims[dimension][entry[keyName]];
      expect(`${section} ${entry[keyName]} signIns`, entry.signIns, theirs?.count);
      if (entry.failures !== undefined && entry.interrupted !== undefined) {
        expect(`${section} ${entry[keyName]} failures+interrupted`, entry.failures + entry.interrupted, theirs?.failures);
      }
    }
  }
  return { agrees: problems.length === 0, problems: problems.slice(0, 10), problemCount: problems.length, unchecked };
}

/**
 * The detections' cost: the same input with --no-detections on the default threads and on one, run for run (the
 * runs with detections are the table's json and json1), so both see the same machine load. Peak RSS is the
 * largest of the runs, time the median.
 */
async function measureDetections(input, findings, runs, outDir) {
  const pairs = [
    { id: 'default', variant: OUR_VARIANTS[0] },
    { id: 'one', variant: OUR_VARIANTS[1] },
  ];
  const result = { input: input.label, rows: input.rows, findings, threads: {} };
  for (const { id, variant } of pairs) {
    const withDetections = input.ours[variant.id];
    if (withDetections === undefined || withDetections.error !== undefined) continue;
    const output = path.join(outDir, `${path.basename(input.file)}.no-detections.${id}.json`);
    const samples = [];
    for (let run = 0; run < runs; run++) {
      const sample = await runOurs(path.resolve(repoRoot, input.file), output, variant, ['--no-detections']);
      if (sample.error !== undefined) return { ...result, error: sample.error };
      samples.push(sample);
      process.stderr.write(`    --no-detections ${id} threads run ${run + 1}: ${sample.seconds.toFixed(2)} s, ${sample.peakRssMB.toFixed(0)} MB\n`);
    }
    result.threads[id] = {
      with: { peakRssMB: withDetections.peakRssMB, seconds: withDetections.seconds },
      without: summarize(samples),
    };
  }
  if (Object.keys(result.threads).length === 0) return { ...result, error: 'our report failed on this input' };
  return result;
}

// ---------------------------------------------------------------------------------------------------------

async function measureStartup(options) {
  const { generate, fileNames } = await import('./generate.mjs');
  const small = path.join(options.dataDir, fileNames(20).csv);
  if (!existsSync(small)) generate({ rows: 20, outDir: options.dataDir, formats: ['csv'] });
  // The default table output, and JSON (the table's renderer has costs of its own: see docs/performance.md).
  const ours = [];
  const json = [];
  for (let run = 0; run < options.startupRuns; run++) {
    for (const [format, times] of [
      ['table', ours],
      ['json', json],
    ]) {
      const result = await measure([process.execPath, cliPath, 'report', small, '--format', format], { captureStdout: true });
      if (result.status !== 0) return { file: display(small), error: lastLine(result.stderr) || `exit ${result.status}` };
      if (result.stdout.trim() === '') return { file: display(small), error: 'report exited 0 but printed nothing' };
      times.push(result.seconds * 1000);
    }
  }
  const bareNode = [];
  for (let run = 0; run < options.startupRuns; run++) bareNode.push((await measure([process.execPath, '-e', '0'])).seconds * 1000);
  return {
    file: display(small),
    medianMs: median(ours),
    jsonMedianMs: median(json),
    bareNodeMs: median(bareNode),
    runsMs: ours,
    jsonRunsMs: json,
    targetMs: STARTUP_TARGET_MS,
  };
}

function machine(loadAtStart) {
  const cpus = os.cpus();
  const git = (args) => spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).stdout?.trim() ?? '';
  const version = spawnSync(process.execPath, [cliPath, '--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    tool: version,
    // Other work on the machine skews timings; the load when the bench started says how quiet it was.
    loadAverageAtStart: loadAtStart,
    commit: git(['rev-parse', '--short', 'HEAD']),
    uncommittedSource: git(['status', '--porcelain', '--', 'src']) !== '',
  };
}

// ---------------------------------------------------------------------------------------------------------
// Output.

const SPEED_COLUMNS = [
  'input',
  'rows',
  'size MB',
  'ours s',
  'rows/s',
  'MB/s',
  'ours 1 thread s',
  'HTML s',
  'DuckDB 1 thread s',
  'DuckDB default s',
  'ratio',
  'ratio 1 thread',
  'peak RSS MB',
  'peak RSS 1 thread MB',
  'same numbers',
];

function speedRows(inputs) {
  const fixed = (value, digits) => (value === undefined ? '—' : value.toFixed(digits));
  const grouped = (value) => (value === undefined ? '—' : Math.round(value).toLocaleString('en-US'));
  return inputs.map((input) => {
    const { json, json1, html } = input.ours;
    const ok = (variant) => variant !== undefined && variant.error === undefined;
    const duck1 = input.duckdb.one.seconds;
    return [
      input.label,
      input.rows.toLocaleString('en-US'),
      (input.bytes / 1e6).toFixed(0),
      ok(json) ? fixed(json.seconds, 2) : 'n/a',
      ok(json) ? grouped(input.rows / json.seconds) : '—',
      ok(json) ? fixed(input.bytes / 1e6 / json.seconds, 0) : '—',
      ok(json1) ? fixed(json1.seconds, 2) : 'n/a',
      ok(html) ? fixed(html.seconds, 2) : 'n/a',
      fixed(duck1, 2),
      fixed(input.duckdb.default.seconds, 2),
      ok(json) ? `${(json.seconds / duck1).toFixed(2)} ×` : '—',
      ok(json1) ? `${(json1.seconds / duck1).toFixed(2)} ×` : '—',
      ok(json) ? fixed(json.peakRssMB, 0) : '—',
      ok(json1) ? fixed(json1.peakRssMB, 0) : '—',
      input.check === null
        ? '—'
        : input.check.agrees && input.threadCheck.length === 0
          ? input.check.unchecked.length > 0
            ? `yes (not: ${input.check.unchecked.join(', ')})`
            : 'yes'
          : `NO (${input.check.problemCount + input.threadCheck.length})`,
    ];
  });
}

const STAGE_NAMES = ['decode', 'tokenize', 'normalize', 'dedupe and accounting', 'tally', 'detections', 'render', 'threads and other', 'garbage collection'];

function stageRows(inputs) {
  return inputs
    .filter((input) => input.profile !== undefined && input.profile.error === undefined)
    .map((input) => {
      const byStage = new Map(input.profile.stages.map((entry) => [entry.stage, entry]));
      return [
        input.label,
        (input.profile.busyMs / 1000).toFixed(2),
        ...STAGE_NAMES.map((stage) => `${((byStage.get(stage)?.share ?? 0) * 100).toFixed(0)} %`),
        `${((input.profile.busyMs * 1000) / input.rows).toFixed(1)} µs`,
      ];
    });
}

const STAGE_COLUMNS = ['input (--threads 1, profiled)', 'busy s', ...STAGE_NAMES, 'per row'];

function textTable(columns, rows) {
  const all = [columns, ...rows];
  const widths = columns.map((_, column) => Math.max(...all.map((row) => row[column].length)));
  const line = (row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [line(columns), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function markdownTable(columns, rows) {
  const line = (row) => `| ${row.join(' | ')} |`;
  return [line(columns), `| --- |${' ---: |'.repeat(columns.length - 1)}`, ...rows.map(line)].join('\n');
}

function summaryLines(results) {
  const lines = [];
  const { startup, scaling, detections } = results;
  lines.push(
    `load average: ${results.machine.loadAverageAtStart.join(', ')} at the start; per input: ${results.inputs.map((input) => `${input.kind} ${input.loads.join('/')}`).join(', ')}`,
  );
  if (startup.error !== undefined) lines.push(`startup: n/a (${startup.error})`);
  else {
    lines.push(
      `startup: report on a 20-row CSV, median of ${startup.runsMs.length}: ${startup.medianMs.toFixed(0)} ms as a table, ` +
        `${startup.jsonMedianMs.toFixed(0)} ms as JSON (target < ${startup.targetMs} ms; bare node -e 0: ${startup.bareNodeMs.toFixed(0)} ms)`,
    );
  }
  if (detections === null) lines.push('detections: not measured (the portal CSV was not read, or our report failed on it)');
  else if (detections.error !== undefined) lines.push(`detections: n/a (${detections.error})`);
  else {
    for (const [id, { with: on, without: off }] of Object.entries(detections.threads)) {
      const delta = on.peakRssMB - off.peakRssMB;
      lines.push(
        `detections (${detections.input}, ${detections.rows.toLocaleString('en-US')} rows, ${detections.findings} findings, ${id} threads): peak RSS ` +
          `${on.peakRssMB.toFixed(0)} MB with, ${off.peakRssMB.toFixed(0)} MB with --no-detections ` +
          `(${delta >= 0 ? '+' : ''}${delta.toFixed(0)} MB); ${on.seconds.toFixed(2)} s with, ${off.seconds.toFixed(2)} s without`,
      );
    }
  }
  if (scaling === null) lines.push('memory scaling: not measured (add --scale for a CSV of 5 × rows)');
  else if (scaling.error !== undefined) {
    lines.push(
      `memory scaling: n/a (${scaling.error}); DuckDB on ${scaling.large.rows.toLocaleString('en-US')} rows: ${scaling.large.duckdbSeconds.toFixed(2)} s`,
    );
  } else {
    const { small, large, allowedMB } = scaling;
    lines.push(
      `memory scaling (portal CSV, default threads): peak RSS ${small.peakRssMB.toFixed(0)} MB at ${small.rows.toLocaleString('en-US')} rows, ` +
        `${large.peakRssMB.toFixed(0)} MB at ${large.rows.toLocaleString('en-US')} rows (+${(large.peakRssMB - small.peakRssMB).toFixed(0)} MB; ` +
        `target: at most ${small.rows >= 1e6 ? '250 MB at 1M rows and ' : ''}+${allowedMB.toFixed(0)} MB, ${DUPLICATE_BYTES_PER_SIGN_IN} bytes per added sign-in); ` +
        `one thread ${small.peakRssOneMB.toFixed(0)} -> ${large.peakRssOneMB.toFixed(0)} MB; ` +
        `${large.seconds.toFixed(1)} s (one thread ${large.secondsOne.toFixed(1)} s), DuckDB ${large.duckdbSeconds.toFixed(1)} s on one thread` +
        `${large.check.agrees ? '' : ', numbers DIFFER'}`,
    );
  }
  for (const note of results.notes) lines.push(`note: ${note}`);
  return lines;
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  const options = parseOptions();
  ensureBenchDependencies();
  if (!existsSync(cliPath)) throw new Error(`${path.relative(repoRoot, cliPath)} is missing: run npm run build first`);
  const outDir = path.join(options.dataDir, 'out');
  mkdirSync(outDir, { recursive: true });
  const notes = [];
  if (gnuTime === undefined) notes.push('GNU time not found: peak RSS polled from /proc/<pid>/status VmHWM every 20 ms, no CPU times');

  const manifest = await ensureInputs(options.rows, options.kinds, options);
  const catalog = await exportCatalog(options.dataDir);
  if (catalog.skipped !== undefined) notes.push(`DuckDB ran without the category join (${catalog.skipped})`);
  const loadAtStart = await waitForQuiet(options.waitQuiet);
  if (loadAtStart[0] > QUIET_LOAD) {
    notes.push(`the machine was busy when the bench started (load ${loadAtStart.join(', ')}): timings may be high, compare ratios`);
  }

  const inputs = [];
  let csvFindings = null;
  for (const kind of options.kinds) {
    const file = path.join(options.dataDir, manifest.files[kind].file);
    const bytes = statSync(file).size;
    process.stderr.write(`${KIND_LABELS[kind]}: ${display(file)} (${(bytes / 1e6).toFixed(0)} MB)\n`);
    const { ours, duckdb, report, reference, threadCheck, loads } = await measureInput(kind, file, catalog, options.runs, outDir);
    if (kind === 'csv') csvFindings = report === null ? null : (report.findings ?? []).length;
    for (const [id, variant] of Object.entries(ours)) if (variant.error !== undefined) process.stderr.write(`    ours ${id}: ${variant.error}\n`);
    const check = report === null ? null : crossCheck(report, reference, options.rows);
    if (check !== null && !check.agrees) process.stderr.write(`    numbers differ: ${check.problems.join('; ')}\n`);
    for (const problem of threadCheck) process.stderr.write(`    ${problem}\n`);
    let profile;
    if (options.profile) {
      process.stderr.write('    profiling one run on one thread\n');
      try {
        const summary = profileReport(file, { threads: 1 });
        profile = { seconds: summary.seconds, busyMs: Math.round(summary.totalMs), stages: stageTable(summary) };
      } catch (error) {
        profile = { error: error.message };
      }
    }
    const duckdbVersion = reference?.duckdbVersion;
    inputs.push({
      kind,
      label: KIND_LABELS[kind],
      file: display(file),
      rows: options.rows,
      bytes,
      ours,
      duckdb,
      duckdbVersion,
      check,
      threadCheck,
      loads,
      profile,
    });
  }
  const csvInput = inputs.find((input) => input.kind === 'csv');
  const detections = csvInput === undefined ? null : await measureDetections(csvInput, csvFindings, options.runs, outDir);
  if (inputs.some((input) => Object.values(input.ours).some((variant) => variant.error !== undefined))) {
    notes.push('our report failed on some inputs (n/a above): see "ours" in the results file');
  }

  const startup = await measureStartup(options);

  let scaling = null;
  if (options.scale) {
    const largeRows = options.rows * 5;
    const largeManifest = await ensureInputs(largeRows, ['csv'], options);
    const largeFile = path.join(options.dataDir, largeManifest.files.csv.file);
    const small = inputs.find((input) => input.kind === 'csv');
    process.stderr.write(`scaling: ${display(largeFile)}\n`);
    const variants = OUR_VARIANTS.filter((variant) => variant.format === 'json');
    const { ours: large, duckdb: largeDuckdb, report, reference } = await measureInput('csv', largeFile, catalog, 1, outDir, variants);
    const failed = [large.json, large.json1, small?.ours.json, small?.ours.json1].find((variant) => variant === undefined || variant.error !== undefined);
    if (small === undefined || failed !== undefined) {
      scaling = {
        error: failed?.error ?? 'the CSV input was not measured (--only)',
        large: { rows: largeRows, bytes: statSync(largeFile).size, duckdbSeconds: largeDuckdb.one.seconds },
      };
    } else {
      scaling = {
        small: { rows: options.rows, peakRssMB: small.ours.json.peakRssMB, peakRssOneMB: small.ours.json1.peakRssMB, seconds: small.ours.json.seconds },
        large: {
          rows: largeRows,
          bytes: statSync(largeFile).size,
          peakRssMB: large.json.peakRssMB,
          peakRssOneMB: large.json1.peakRssMB,
          seconds: large.json.seconds,
          secondsOne: large.json1.seconds,
          duckdbSeconds: largeDuckdb.one.seconds,
          check: crossCheck(report, reference, largeRows),
        },
        allowedMB: ((largeRows - options.rows) * DUPLICATE_BYTES_PER_SIGN_IN) / 2 ** 20,
      };
    }
  }

  const results = {
    generatedAt: new Date().toISOString(),
    machine: machine(loadAtStart),
    duckdbVersion: inputs[0]?.duckdbVersion,
    rows: options.rows,
    runs: options.runs,
    generation: manifest.generation ?? null,
    codeMix: manifest.codeCounts,
    catalog: catalog.skipped === undefined ? { entries: catalog.entries } : { skipped: catalog.skipped },
    inputs,
    startup,
    scaling,
    detections,
    notes,
  };
  mkdirSync(path.dirname(options.resultsFile), { recursive: true });
  writeFileSync(options.resultsFile, `${JSON.stringify(results, null, 2)}\n`);

  const speed = speedRows(inputs);
  const stages = stageRows(inputs);
  process.stdout.write(`\n${textTable(SPEED_COLUMNS, speed)}\n`);
  if (stages.length > 0) process.stdout.write(`\nwhere the time goes (share of the busy time of one profiled run):\n${textTable(STAGE_COLUMNS, stages)}\n`);
  process.stdout.write(`\n${summaryLines(results).join('\n')}\n`);
  if (options.markdown) {
    process.stdout.write(`\n${markdownTable(SPEED_COLUMNS, speed)}\n`);
    if (stages.length > 0) process.stdout.write(`\n${markdownTable(STAGE_COLUMNS, stages)}\n`);
  }
  process.stdout.write(`\nresults: ${display(options.resultsFile)}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
