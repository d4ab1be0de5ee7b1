// The fuzz suite: mutated exports of every fixture format, special files (devices, FIFOs, symbolic-link loops,
// gzip bombs) and abused options, each run through the whole command line in-process and judged by the rules in
// fuzz/harness.ts (no escaped exception, no hang, exit 0 or 2, one-line diagnostics, a schema-valid report whose
// rows all add up); some mutated exports also go through export and explain. `npm test` runs a few dozen seeded
// cases in seconds; `npm run fuzz` runs thousands (FUZZ_RUNS, default 3000 there) and prints the figures.
// FUZZ_SEED replays a campaign.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Figures, runAndJudge } from './fuzz/harness.js';
import { caseArbitrary, loadSeeds, mutated, mutationArbitrary, type FuzzCase, type Seed } from './fuzz/mutations.js';
import { repoRoot, runCli } from './helpers/exec.js';
import { reportOptions } from './helpers/options.js';
import { HOSTILE_STRINGS } from './helpers/hostile.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 40);
const SEED = Number(process.env['FUZZ_SEED'] ?? 15);
/** A campaign (npm run fuzz) rather than the bounded run of npm test: larger cells, deeper nesting, bigger bombs. */
const CAMPAIGN = process.env['FUZZ_RUNS'] !== undefined;
const LIMITS = CAMPAIGN ? { maxCellBytes: 16 << 20, maxDepth: 100_000 } : { maxCellBytes: 256 << 10, maxDepth: 20_000 };
const TIMEOUT_MS = CAMPAIGN ? 120_000 : 20_000;
const NOW = ['--now', '2026-11-16T08:00:00Z'];
const OTHER_FORMATS = ['table', 'csv', 'markdown'] as const;
/** The user explain is asked about: the sample's busiest, so explain finds sign-ins in many mutated fixtures. */
const EXPLAINED = 'megan.bowen@contoso.example';

const dir = mkdtempSync(path.join(tmpdir(), 'fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function report(figures: Figures, title: string, started: number): void {
  if (CAMPAIGN || figures.violationCount > 0) console.log(`${figures.summary(title, performance.now() - started)}\n`);
  expect(figures.failures, 'failing cases (replay with FUZZ_SEED)').toEqual([]);
}

describe('fuzz', () => {
  it(`mutated exports of every fixture: ${RUNS} cases, seed ${SEED}`, { timeout: Math.max(60_000, RUNS * 2_000) }, async () => {
    const seeds = loadSeeds();
    const cases = fc.sample(caseArbitrary(seeds, LIMITS), { seed: SEED, numRuns: RUNS });
    const figures = new Figures();
    const started = performance.now();
    for (const [index, fuzzCase] of cases.entries()) {
      const file = path.join(dir, `${index % 8}-${path.basename(fuzzCase.seed.name)}${fuzzCase.gzip ? '.gz' : ''}`);
      writeFileSync(file, mutated(fuzzCase));
      const options = fuzzCase.strict ? ['--strict'] : [];
      const describeCase = () => caseName(index, fuzzCase);
      const kinds = fuzzCase.mutations.map((mutation) => mutation.kind);
      figures.add(
        await runAndJudge(['report', file, ...NOW, '--format', 'json', ...options], { timeoutMs: TIMEOUT_MS }),
        describeCase,
        fuzzCase.seed.kind,
        kinds,
      );
      // Every fourth case also goes through a format for people, whose renderers must take the same data.
      if (index % 4 === 3) {
        const format = OTHER_FORMATS[(index >> 2) % OTHER_FORMATS.length]!;
        const by = format === 'csv' ? ['--by', 'user'] : [];
        const outcome = await runAndJudge(['report', file, ...NOW, '--format', format, ...by, ...options], { timeoutMs: TIMEOUT_MS });
        figures.add(outcome, () => `${describeCase()} as ${format}`, fuzzCase.seed.kind, kinds);
      }
      // Every eighth case is also exported, and every eighth explained: the same readers feed other code there.
      if (index % 8 === 1) {
        // Export streams to stdout: the sign-ins written before an error stay there, and exit 2 says it is incomplete.
        const outcome = await runAndJudge(['export', file, ...NOW, '--format', 'csv', ...options], { timeoutMs: TIMEOUT_MS, streams: true });
        figures.add(outcome, () => `${describeCase()} exported`, fuzzCase.seed.kind, kinds);
      }
      if (index % 8 === 5) {
        // Exit 1 is explain's "no sign-in of this subject".
        const outcome = await runAndJudge(['explain', EXPLAINED, file, ...NOW, ...options], { timeoutMs: TIMEOUT_MS, allowThreshold: true });
        figures.add(outcome, () => `${describeCase()} explained`, fuzzCase.seed.kind, kinds);
      }
    }
    report(figures, `mutation fuzz (seed ${SEED})`, started);
  });

  it('special files: devices, FIFOs, symbolic-link loops, gzip bombs, huge cells', { timeout: CAMPAIGN ? 600_000 : 60_000 }, async () => {
    const figures = new Figures();
    const started = performance.now();
    const specials = await specialInputs();
    for (const [name, input] of specials) {
      const outcome = await runAndJudge(['report', ...input.args, ...NOW, '--format', 'json'], { timeoutMs: TIMEOUT_MS });
      await input.done?.();
      figures.add(outcome, () => name, 'special', [name.split(':')[0]!]);
    }
    report(figures, 'special files', started);
    expect(figures.cases).toBeGreaterThanOrEqual(8);
  });

  // The reader on worker threads must give byte for byte what one thread gives, damaged input or not. Spawns the
  // built binary (the threads run the built code), so only in a campaign.
  const parallelRuns = Math.min(60, RUNS);
  it.runIf(CAMPAIGN)(`the parallel reader against one thread: ${parallelRuns} cases`, { timeout: 1_800_000 }, async () => {
    const figures = new Figures();
    const started = performance.now();
    const seeds = largeSeeds();
    const cases = fc.sample(fc.tuple(fc.constantFrom(...seeds), fc.array(mutationArbitrary(LIMITS), { minLength: 1, maxLength: 2 })), {
      seed: SEED,
      numRuns: parallelRuns,
    });
    let differences = 0;
    for (const [index, [seed, mutations]] of cases.entries()) {
      let bytes = seed.bytes;
      for (const mutation of mutations) bytes = mutation.apply(bytes);
      const file = path.join(dir, `parallel-${path.basename(seed.name)}`);
      writeFileSync(file, bytes);
      const args = ['report', file, ...NOW, '--format', 'json'];
      const env = { SIGNIN_ANALYZER_PARALLEL_MIN_BYTES: '1', SIGNIN_ANALYZER_TRACE: '1' };
      const one = runCli([...args, '--threads', '1'], { env });
      const four = runCli([...args, '--threads', '4'], { env });
      const untraced = (text: string) => text.replace(/^trace: .*\n/gm, '');
      const same = one.status === four.status && one.stdout === four.stdout && untraced(one.stderr) === untraced(four.stderr);
      if (!same) differences++;
      // How the four threads read it: in parts, or whole after a part showed a cut inside a record.
      const how = /reading it whole/.test(four.stderr) ? 'whole after a bad cut' : /parts on 4 threads /.test(four.stderr) ? 'in parts' : 'whole';
      const name = `parallel case ${index} (FUZZ_SEED=${SEED}): ${seed.name}, ${mutations.map((mutation) => mutation.kind).join(' + ')}`;
      figures.add(
        {
          status: four.status ?? -1,
          violations: same ? [] : [{ kind: 'identity', detail: 'four threads differ from one' }],
          label: `${same ? 'same as one thread' : 'differs'}, read ${how}`,
        },
        () => name,
        seed.kind,
        mutations.map((mutation) => mutation.kind),
      );
    }
    report(figures, 'parallel reader differential', started);
    expect(differences).toBe(0);
  });

  it(`abused options: ${Math.max(20, Math.round(RUNS / 10))} cases`, { timeout: 120_000 }, async () => {
    const figures = new Figures();
    const started = performance.now();
    const runs = Math.max(20, Math.round(RUNS / 10));
    for (const [index, args] of fc.sample(optionsArbitrary(), { seed: SEED, numRuns: runs }).entries()) {
      const outcome = await runAndJudge(['report', 'fixtures/sample/InteractiveSignIns_sample.csv', ...args], { timeoutMs: TIMEOUT_MS, allowThreshold: true });
      figures.add(outcome, () => `option case ${index}: ${JSON.stringify(args)}`, 'options', ['options']);
    }
    report(figures, 'option abuse', started);
  });
});

function caseName(index: number, fuzzCase: FuzzCase): string {
  return `case ${index} (FUZZ_SEED=${SEED}): ${fuzzCase.seed.name}, ${fuzzCase.mutations.map((mutation) => mutation.kind).join(' + ')}${fuzzCase.gzip ? ', gzipped' : ''}${fuzzCase.strict ? ', --strict' : ''}`;
}

/** Portal CSV, a one-line portal JSON array and Graph JSON Lines of about 3 MB each: large enough to be cut in parts. */
function largeSeeds(): Seed[] {
  const grow = (name: string, build: (text: string, copy: number) => string): Seed => {
    const text = readFileSync(path.join(repoRoot, 'fixtures', name), 'utf8').replace(/^\uFEFF/, '');
    const parts: string[] = [];
    for (let copy = 0, size = 0; size < 3 << 20; copy++) {
      const part = build(text, copy);
      parts.push(part);
      size += part.length;
    }
    const kind = name.endsWith('.csv') ? 'csv' : name.endsWith('.jsonl') ? 'jsonl' : 'json';
    const joined = kind === 'json' ? `[${parts.join(',')}]` : parts.join('');
    return { name: `${name} (3 MB)`, kind, bytes: Buffer.from(joined) };
  };
  const [header, ...rows] = readFileSync(path.join(repoRoot, 'fixtures/sample/InteractiveSignIns_sample.csv'), 'utf8')
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\n');
  const csv = grow(
    'sample/InteractiveSignIns_sample.csv',
    (_text, copy) => `${rows.map((row) => row.replace(/^([^,]*),([^,]*),/, (_all, date: string, id: string) => `${date},${id}-${copy},`)).join('\n')}\n`,
  );
  return [
    { ...csv, bytes: Buffer.concat([Buffer.from(`${header}\n`), csv.bytes]) },
    grow('equivalence/InteractiveSignIns_equivalence.json', (text, copy) =>
      text
        .trim()
        .slice(1, -1)
        .replace(/"id":"([^"]*)"/g, `"id":"$1-${copy}"`),
    ),
    grow('formats/graph-signins-2026-11-13.jsonl', (text, copy) => text.replace(/"id":"([^"]*)"/g, `"id":"$1-${copy}"`)),
  ];
}

interface Special {
  readonly args: readonly string[];
  /** Waits for what the input needed (a FIFO's writer) once the run is over. */
  readonly done?: () => Promise<void>;
}

/** Gzip of `size` bytes of `fill`, written as a stream: a bomb that never sits in memory. */
async function gzipBomb(file: string, size: number, fill: string): Promise<void> {
  const block = Buffer.alloc(1 << 20, fill);
  async function* blocks(): AsyncGenerator<Buffer> {
    for (let written = 0; written < size; written += block.length) yield block;
  }
  await pipeline(Readable.from(blocks()), createGzip({ level: 9 }), createWriteStream(file));
}

async function specialInputs(): Promise<[string, Special][]> {
  const special = path.join(dir, 'special');
  mkdirSync(special);
  const at = (name: string) => path.join(special, name);
  const inputs: [string, Special][] = [];
  if (existsSync('/dev/zero')) inputs.push(['device: /dev/zero', { args: ['/dev/zero'] }]);
  if (existsSync('/dev/null')) inputs.push(['device: /dev/null', { args: ['/dev/null'] }]);
  symlinkSync(at('loop-b.csv'), at('loop-a.csv'));
  symlinkSync(at('loop-a.csv'), at('loop-b.csv'));
  inputs.push(['symlink: a loop of two links', { args: [at('loop-a.csv')] }]);
  symlinkSync(at('nowhere.csv'), at('dangling.csv'));
  inputs.push(['symlink: dangling', { args: [at('dangling.csv')] }]);
  mkdirSync(at('tree/sub'), { recursive: true });
  symlinkSync(at('tree'), at('tree/sub/up.csv'));
  symlinkSync(at('tree'), at('tree/sub/up'));
  writeFileSync(at('tree/sub/a.csv'), 'Date (UTC),Request ID\n');
  inputs.push(['symlink: a directory with links back up', { args: [at('tree')] }]);
  inputs.push(['directory: empty of exports', { args: [at('tree/sub/up/sub/up')] }]);
  if (process.platform !== 'win32') {
    const fifo = at('fifo.csv');
    const made = spawn('mkfifo', [fifo]);
    await new Promise((resolve) => made.on('exit', resolve));
    if (existsSync(fifo)) {
      // A writer that feeds the sample in, as `report <(zcat export.csv.gz)` would.
      let writer: Promise<void> = Promise.resolve();
      inputs.push([
        'fifo: fed by a writer',
        {
          get args() {
            writer = pipeline(Readable.from([Buffer.from(HOSTILE_STRINGS.join('\n'))]), createWriteStream(fifo));
            return [fifo];
          },
          done: () => writer.catch(() => undefined),
        },
      ]);
    }
  }
  const bombSize = CAMPAIGN ? 1 << 30 : 64 << 20;
  await gzipBomb(at('zeros.csv.gz'), bombSize, '\0');
  inputs.push([`gzip bomb: ${bombSize >> 20} MiB of zeros`, { args: [at('zeros.csv.gz')] }]);
  await gzipBomb(at('braces.json.gz'), CAMPAIGN ? 256 << 20 : 16 << 20, '[');
  inputs.push(['gzip bomb: an array opened millions of times', { args: [at('braces.json.gz')] }]);
  await gzipBomb(at('lines.csv.gz'), CAMPAIGN ? 256 << 20 : 16 << 20, '\n');
  inputs.push(['gzip bomb: nothing but line breaks', { args: [at('lines.csv.gz')] }]);
  const cell = CAMPAIGN ? 100 << 20 : 8 << 20;
  writeFileSync(at('huge-cell.csv'), `Date (UTC),Request ID,Sign-in error code\n2026-11-11T00:00:00Z,"${'x'.repeat(cell)}",50126\n`);
  inputs.push([`huge cell: ${cell >> 20} MiB in a CSV`, { args: [at('huge-cell.csv')] }]);
  writeFileSync(at('huge-value.json'), `[{"id":"a","createdDateTime":"2026-11-11T00:00:00Z","status":{"errorCode":0},"userAgent":"${'x'.repeat(cell)}"}]`);
  inputs.push([`huge cell: ${cell >> 20} MiB in a JSON record`, { args: [at('huge-value.json')] }]);
  writeFileSync(at('deep.json'), `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  inputs.push(['deep json: 100,000 nested arrays', { args: [at('deep.json')] }]);
  writeFileSync(at('deep-object.json'), `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`);
  inputs.push(['deep json: 100,000 nested objects', { args: [at('deep-object.json')] }]);
  return inputs;
}

/** Report options with values from a pool of the valid, the odd and the hostile. */
function optionsArbitrary(): fc.Arbitrary<string[]> {
  const values = fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1',
    '10',
    '9999999999',
    'abc',
    '7d',
    '2026-11-09',
    '2026-13-45',
    '2026-11-09T08:00+99:00',
    '2026-11-09T08:00+14:00',
    'last-week',
    '2026-W46',
    'Europe/Berlin',
    '+25:00',
    'failures>1',
    'new-codes',
    'user:failures>0',
    'failure-rate>5%',
    'csv',
    'json',
    'user',
    'mfa',
    'failure',
    'interactive',
    '50126',
    'AADSTS50126',
    ',',
    'time=Date (UTC),code=Sign-in error code',
    'previous-period',
    'dmy',
    '\u202e',
    'x'.repeat(10_000),
    '{now}',
    'users,ips',
    'apps',
  );
  // Every report option that takes a value, from the command itself (its --output would write into the repository).
  const { text, choices, flags } = reportOptions();
  const option = fc.tuple(fc.constantFrom(...[...text, ...choices].filter((name) => name !== '--output' && name !== '--key-file')), values);
  return fc.tuple(fc.array(option, { minLength: 1, maxLength: 5 }), fc.subarray([...flags])).map(([pairs, chosen]) => [...pairs.flat(), ...chosen]);
}
