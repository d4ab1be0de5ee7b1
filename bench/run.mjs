// Owns `npm run bench`: generates (once) realistic exports of N rows, times `signin-analyzer report --format json`
// on each against DuckDB computing the same aggregates on the same file, checks that both agree, measures the
// portal CSV again with --no-detections (what the detections cost in memory and time), and prints one table (also
// written to bench/results/latest.json).
//
//   npm run bench -- [--rows 1000000] [--runs 3] [--scale] [--only csv,json,jsonl] [--markdown] [--regenerate]
//
// --scale adds a CSV of 5 × rows (slow to generate) to show how peak memory grows with input size.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..');
const cliPath = path.join(repoRoot, 'dist', 'cli.js');
const duckdbScript = path.join(benchDir, 'duckdb.mjs');
const KIND_LABELS = { csv: 'portal CSV', json: 'portal JSON array', jsonl: 'diagnostic JSON Lines' };
const STARTUP_TARGET_MS = 300;
const loadAtStart = os.loadavg().map((load) => Math.round(load * 100) / 100);

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
      only: { type: 'string', default: 'csv,json,jsonl' },
      data: { type: 'string', default: path.join(benchDir, 'data') },
      results: { type: 'string', default: path.join(benchDir, 'results', 'latest.json') },
      scale: { type: 'boolean', default: false },
      markdown: { type: 'boolean', default: false },
      regenerate: { type: 'boolean', default: false },
    },
  });
  const positiveInteger = (name) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, not ${values[name]}`);
    return value;
  };
  const kinds = values.only.split(',').map((kind) => kind.trim());
  for (const kind of kinds) if (!(kind in KIND_LABELS)) throw new Error(`--only: unknown input ${kind} (use csv,json,jsonl)`);
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
  };
}

// ---------------------------------------------------------------------------------------------------------
// Measuring a child process: wall time, exit status, and peak RSS (GNU time's %M when present, else polling
// VmHWM in /proc, which is the kernel's own high-water mark).

const gnuTime = ['/usr/bin/time', '/bin/time'].find(
  (candidate) => existsSync(candidate) && spawnSync(candidate, ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0,
);

function measure(argv, { captureStdout = false } = {}) {
  const rssFile = path.join(os.tmpdir(), `signin-analyzer-bench-rss-${process.pid}.txt`);
  const command = gnuTime === undefined ? argv : [gnuTime, '-f', '%M', '-o', rssFile, ...argv];
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
      if (gnuTime !== undefined) {
        // GNU time writes "Command exited with non-zero status N" before the value when the child fails.
        const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
        peakKb = Number(lines[lines.length - 1]);
        rmSync(rssFile, { force: true });
      }
      resolve({ seconds, status, peakRssMB: peakKb / 1024, stdout, stderr });
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
  let manifest = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) : null;
  const usable =
    manifest !== null &&
    manifest.generatorVersion === GENERATOR_VERSION &&
    manifest.seed === DEFAULT_SEED &&
    formats.every((format) => {
      const entry = manifest.files[format];
      const file = path.join(options.dataDir, names[format]);
      return entry !== undefined && existsSync(file) && statSync(file).size === entry.bytes && entry.validation?.ok;
    });
  if (usable && !options.regenerate) return manifest;

  process.stderr.write(`generating ${rows.toLocaleString('en-US')} rows as ${formats.join(', ')} in ${options.dataDir}\n`);
  const previous = manifest !== null && manifest.generatorVersion === GENERATOR_VERSION && manifest.seed === DEFAULT_SEED ? manifest : null;
  const fresh = generate({
    rows,
    outDir: options.dataDir,
    formats,
    onProgress: (done) => {
      if (process.stderr.isTTY) process.stderr.write(`\r  ${done.toLocaleString('en-US')} rows`);
    },
  });
  process.stderr.write(`\r  ${rows.toLocaleString('en-US')} rows in ${fresh.seconds.toFixed(1)} s\n`);
  // Generation draws the same rows whatever formats are written, so files from an earlier run stay valid.
  manifest = { ...fresh, files: { ...(previous?.files ?? {}), ...fresh.files } };
  manifest.generation = { formats, seconds: fresh.seconds, rowsPerSecond: rows / fresh.seconds };
  for (const format of formats) {
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
  }
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
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
// One input: ours and DuckDB take turns, run after run, so both see the same machine load; medians; then
// the cross-check of their numbers.

async function runOurs(file, output, extra = []) {
  rmSync(output, { force: true });
  const result = await measure([process.execPath, cliPath, 'report', file, '--format', 'json', '--output', output, '--quiet', ...extra]);
  if (result.status !== 0) return { error: lastLine(result.stderr) || `exit ${result.status}` };
  if (!existsSync(output)) return { error: 'report exited 0 but wrote no --output file' };
  return { seconds: result.seconds, peakRssMB: result.peakRssMB };
}

async function runDuckdb(kind, file, catalog) {
  const argv = [process.execPath, duckdbScript, 'aggregate', '--kind', kind, '--file', file];
  if (catalog.file !== undefined) argv.push('--catalog', catalog.file);
  const measured = await measure(argv, { captureStdout: true });
  if (measured.status !== 0) throw new Error(`DuckDB failed on ${file}: ${lastLine(measured.stderr)}`);
  const result = JSON.parse(measured.stdout);
  return { sample: { querySeconds: result.querySeconds, processSeconds: measured.seconds, peakRssMB: measured.peakRssMB }, result };
}

async function measureInput(kind, file, catalog, runs, outDir) {
  const output = path.join(outDir, `${path.basename(file)}.report.json`);
  const oursSamples = [];
  const duckdbSamples = [];
  let oursError;
  let reference = null;
  for (let run = 0; run < runs; run++) {
    if (oursError === undefined) {
      const sample = await runOurs(file, output);
      if (sample.error !== undefined) oursError = sample.error;
      else {
        oursSamples.push(sample);
        process.stderr.write(`    ours   run ${run + 1}: ${sample.seconds.toFixed(2)} s, ${sample.peakRssMB.toFixed(0)} MB\n`);
      }
    }
    const { sample, result } = await runDuckdb(kind, file, catalog);
    duckdbSamples.push(sample);
    reference = result;
    process.stderr.write(`    DuckDB run ${run + 1}: ${sample.querySeconds.toFixed(2)} s query, ${sample.processSeconds.toFixed(2)} s process\n`);
  }
  const duckdb = {
    // The reference is DuckDB's query time alone: loading the DuckDB library (~0.3 s) is left out, which
    // makes the ratio stricter for us, since our time includes starting Node.
    seconds: median(duckdbSamples.map((sample) => sample.querySeconds)),
    processSeconds: median(duckdbSamples.map((sample) => sample.processSeconds)),
    peakRssMB: Math.max(...duckdbSamples.map((sample) => sample.peakRssMB)),
    samples: duckdbSamples,
    result: reference,
  };
  if (oursError !== undefined) return { ours: { error: oursError, samples: oursSamples }, duckdb };
  let report;
  try {
    report = JSON.parse(readFileSync(output, 'utf8'));
  } catch (error) {
    return { ours: { error: `the report is not JSON: ${error.message}`, samples: oursSamples }, duckdb };
  }
  const ours = {
    seconds: median(oursSamples.map((sample) => sample.seconds)),
    peakRssMB: Math.max(...oursSamples.map((sample) => sample.peakRssMB)),
    samples: oursSamples,
    report,
  };
  return { ours, duckdb };
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
 * The detections' cost: the same input with --no-detections, run for run (the runs with detections are the
 * table's), so both see the same machine load. Peak RSS is the largest of the runs, time the median.
 */
async function measureDetections(input, runs, outDir) {
  const output = path.join(outDir, `${path.basename(input.file)}.no-detections.json`);
  const samples = [];
  for (let run = 0; run < runs; run++) {
    const sample = await runOurs(path.resolve(repoRoot, input.file), output, ['--no-detections']);
    if (sample.error !== undefined) return { input: input.label, rows: input.rows, error: sample.error };
    samples.push(sample);
    process.stderr.write(`    --no-detections run ${run + 1}: ${sample.seconds.toFixed(2)} s, ${sample.peakRssMB.toFixed(0)} MB\n`);
  }
  const findings = (input.report?.findings ?? []).length;
  return {
    input: input.label,
    rows: input.rows,
    findings,
    with: { peakRssMB: input.ours.peakRssMB, seconds: input.ours.seconds },
    without: { peakRssMB: Math.max(...samples.map((sample) => sample.peakRssMB)), seconds: median(samples.map((sample) => sample.seconds)), samples },
  };
}

// ---------------------------------------------------------------------------------------------------------

async function measureStartup(options) {
  const { generate, fileNames } = await import('./generate.mjs');
  const small = path.join(options.dataDir, fileNames(20).csv);
  if (!existsSync(small)) generate({ rows: 20, outDir: options.dataDir, formats: ['csv'] });
  const ours = [];
  for (let run = 0; run < options.startupRuns; run++) {
    const result = await measure([process.execPath, cliPath, 'report', small], { captureStdout: true });
    if (result.status !== 0) return { file: display(small), error: lastLine(result.stderr) || `exit ${result.status}` };
    if (result.stdout.trim() === '') return { file: display(small), error: 'report exited 0 but printed nothing' };
    ours.push(result.seconds * 1000);
  }
  const bareNode = [];
  for (let run = 0; run < options.startupRuns; run++) bareNode.push((await measure([process.execPath, '-e', '0'])).seconds * 1000);
  return { file: display(small), medianMs: median(ours), bareNodeMs: median(bareNode), runsMs: ours, targetMs: STARTUP_TARGET_MS };
}

function machine() {
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

const COLUMNS = ['input', 'rows', 'size MB', 'ours s', 'rows/s', 'MB/s', 'peak RSS MB', 'DuckDB s', 'ratio', 'same numbers'];

function tableRows(inputs) {
  const fixed = (value, digits) => (value === undefined ? '—' : value.toFixed(digits));
  const grouped = (value) => (value === undefined ? '—' : Math.round(value).toLocaleString('en-US'));
  return inputs.map((input) => {
    const ok = input.ours.error === undefined;
    return [
      input.label,
      input.rows.toLocaleString('en-US'),
      (input.bytes / 1e6).toFixed(0),
      ok ? fixed(input.ours.seconds, 2) : 'n/a',
      ok ? grouped(input.rows / input.ours.seconds) : '—',
      ok ? fixed(input.bytes / 1e6 / input.ours.seconds, 0) : '—',
      ok ? fixed(input.ours.peakRssMB, 0) : '—',
      fixed(input.duckdb.seconds, 2),
      ok ? `${(input.ours.seconds / input.duckdb.seconds).toFixed(2)} ×` : '—',
      !ok
        ? '—'
        : input.check.agrees
          ? input.check.unchecked.length > 0
            ? `yes (not: ${input.check.unchecked.join(', ')})`
            : 'yes'
          : `NO (${input.check.problemCount})`,
    ];
  });
}

function textTable(rows) {
  const all = [COLUMNS, ...rows];
  const widths = COLUMNS.map((_, column) => Math.max(...all.map((row) => row[column].length)));
  const line = (row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [line(COLUMNS), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function markdownTable(rows) {
  const line = (row) => `| ${row.join(' | ')} |`;
  return [line(COLUMNS), `| --- |${' ---: |'.repeat(COLUMNS.length - 1)}`, ...rows.map(line)].join('\n');
}

function summaryLines(results) {
  const lines = [];
  const { startup, scaling, detections } = results;
  if (startup.error !== undefined) lines.push(`startup: n/a (${startup.error})`);
  else {
    lines.push(
      `startup: report on a 20-row CSV, median of ${startup.runsMs.length}: ${startup.medianMs.toFixed(0)} ms ` +
        `(target < ${startup.targetMs} ms; bare node -e 0: ${startup.bareNodeMs.toFixed(0)} ms)`,
    );
  }
  if (detections === null) lines.push('detections: not measured (the portal CSV was not read, or our report failed on it)');
  else if (detections.error !== undefined) lines.push(`detections: n/a (${detections.error})`);
  else {
    const delta = detections.with.peakRssMB - detections.without.peakRssMB;
    lines.push(
      `detections (${detections.input}, ${detections.rows.toLocaleString('en-US')} rows, ${detections.findings} findings): peak RSS ` +
        `${detections.with.peakRssMB.toFixed(0)} MB with, ${detections.without.peakRssMB.toFixed(0)} MB with --no-detections ` +
        `(${delta >= 0 ? '+' : ''}${delta.toFixed(0)} MB); ${detections.with.seconds.toFixed(2)} s with, ${detections.without.seconds.toFixed(2)} s without`,
    );
  }
  if (scaling === null) lines.push('memory scaling: not measured (add --scale for a CSV of 5 × rows)');
  else if (scaling.error !== undefined) {
    lines.push(
      `memory scaling: n/a (${scaling.error}); DuckDB on ${scaling.large.rows.toLocaleString('en-US')} rows: ${scaling.large.duckdbSeconds.toFixed(2)} s`,
    );
  } else {
    lines.push(
      `memory scaling (portal CSV): peak RSS ${scaling.small.peakRssMB.toFixed(0)} MB at ${scaling.small.rows.toLocaleString('en-US')} rows, ` +
        `${scaling.large.peakRssMB.toFixed(0)} MB at ${scaling.large.rows.toLocaleString('en-US')} rows ` +
        `(${scaling.growthPercent >= 0 ? '+' : ''}${scaling.growthPercent.toFixed(1)} %; target ≤ +10 %, peak ≤ 250 MB); ` +
        `${scaling.large.seconds.toFixed(1)} s, DuckDB ${scaling.large.duckdbSeconds.toFixed(1)} s`,
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
  if (loadAtStart[0] > 0.5) {
    notes.push(`the machine was busy when the bench started (load ${loadAtStart.join(', ')}): timings may be high`);
  }
  if (gnuTime === undefined) notes.push('GNU time not found: peak RSS polled from /proc/<pid>/status VmHWM every 20 ms');

  const manifest = await ensureInputs(options.rows, options.kinds, options);
  const catalog = await exportCatalog(options.dataDir);
  if (catalog.skipped !== undefined) notes.push(`DuckDB ran without the category join (${catalog.skipped})`);

  const inputs = [];
  for (const kind of options.kinds) {
    const file = path.join(options.dataDir, manifest.files[kind].file);
    const bytes = statSync(file).size;
    process.stderr.write(`${KIND_LABELS[kind]}: ${display(file)} (${(bytes / 1e6).toFixed(0)} MB)\n`);
    const { ours, duckdb } = await measureInput(kind, file, catalog, options.runs, outDir);
    if (ours.error !== undefined) process.stderr.write(`    ours: ${ours.error}\n`);
    const check = ours.report ? crossCheck(ours.report, duckdb.result, options.rows) : null;
    if (check !== null && !check.agrees) process.stderr.write(`    numbers differ: ${check.problems.join('; ')}\n`);
    inputs.push({ kind, label: KIND_LABELS[kind], file: display(file), rows: options.rows, bytes, ours, duckdb, check });
  }
  const csvInput = inputs.find((input) => input.kind === 'csv' && input.ours.error === undefined);
  const detections = csvInput === undefined ? null : await measureDetections({ ...csvInput, report: csvInput.ours.report }, options.runs, outDir);
  if (inputs.some((input) => input.ours.error !== undefined)) {
    notes.push('our report failed on some inputs (n/a above): see "ours.error" in the results file');
  }

  const startup = await measureStartup(options);

  let scaling = null;
  if (options.scale) {
    const largeRows = options.rows * 5;
    const largeManifest = await ensureInputs(largeRows, ['csv'], options);
    const largeFile = path.join(options.dataDir, largeManifest.files.csv.file);
    const small = inputs.find((input) => input.kind === 'csv');
    process.stderr.write(`scaling: ${display(largeFile)}\n`);
    const { ours: large, duckdb: largeDuckdb } = await measureInput('csv', largeFile, catalog, 1, outDir);
    if (small === undefined || small.ours.error !== undefined || large.error !== undefined) {
      scaling = {
        error: large.error ?? small?.ours.error ?? 'the CSV input was not measured (--only)',
        large: { rows: largeRows, bytes: statSync(largeFile).size, duckdbSeconds: largeDuckdb.seconds },
      };
    } else {
      scaling = {
        small: { rows: options.rows, peakRssMB: small.ours.peakRssMB, seconds: small.ours.seconds },
        large: {
          rows: largeRows,
          bytes: statSync(largeFile).size,
          peakRssMB: large.peakRssMB,
          seconds: large.seconds,
          duckdbSeconds: largeDuckdb.seconds,
          check: crossCheck(large.report, largeDuckdb.result, largeRows),
        },
        growthPercent: (large.peakRssMB / small.ours.peakRssMB - 1) * 100,
      };
    }
  }

  const results = {
    generatedAt: new Date().toISOString(),
    machine: machine(),
    duckdbVersion: inputs[0]?.duckdb.result.duckdbVersion,
    rows: options.rows,
    runs: options.runs,
    generation: manifest.generation ?? null,
    codeMix: manifest.codeCounts,
    catalog: catalog.skipped === undefined ? { entries: catalog.entries } : { skipped: catalog.skipped },
    inputs: inputs.map(({ ours, duckdb, ...input }) => ({
      ...input,
      ours: { ...ours, report: undefined },
      duckdb: { ...duckdb, result: undefined },
    })),
    startup,
    scaling,
    detections,
    notes,
  };
  mkdirSync(path.dirname(options.resultsFile), { recursive: true });
  writeFileSync(options.resultsFile, `${JSON.stringify(results, null, 2)}\n`);

  const rows = tableRows(inputs);
  process.stdout.write(`\n${textTable(rows)}\n\n${summaryLines(results).join('\n')}\n`);
  if (options.markdown) process.stdout.write(`\n${markdownTable(rows)}\n`);
  process.stdout.write(`\nresults: ${display(options.resultsFile)}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
