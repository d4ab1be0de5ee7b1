// `signin-analyzer report`, run as the built binary on the fixtures: golden output for every format, exit
// codes, stdout/stderr separation, determinism, --output and an early-closed stdout.
// Run `npm run build` first (npm test does).

import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValidJsonReport } from './helpers/report-schema.js';
import { cliPath, repoRoot, runCli } from './helpers/exec.js';
import { runMain, testIo, withoutInteractiveOnlyNote } from './helpers/io.js';
import { main } from '../src/main.js';

const SAMPLE = 'fixtures/sample/InteractiveSignIns_sample.csv';
const HOSTILE = 'fixtures/formats/hostile-values.csv';
const OVERLAP = ['fixtures/overlap/InteractiveSignIns_2026-11-09_2026-11-12.csv', 'fixtures/overlap/InteractiveSignIns_2026-11-11_2026-11-15.csv'];
const NOW = ['--now', '2026-11-16T08:00:00Z'];
const workdir = mkdtempSync(path.join(tmpdir(), 'cli-report-'));

interface JsonReport {
  generatedAt: string;
  accounting: { rowsRead: number; signIns: number; rejected: number; duplicates: number; outsideWindow: number; filteredOut: number };
  totals: { signIns: number; failure: number; interrupted: number };
  byCode: { code: number; count: number }[];
  byUser: { user: string }[];
  byCategory: { category: string }[];
}

async function ok(args: string[], env?: Record<string, string>): Promise<string> {
  const result = await runMain(['report', ...args], env === undefined ? {} : { env });
  expect(withoutInteractiveOnlyNote(result.stderr)).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

beforeAll(() => {
  if (!existsSync(cliPath)) throw new Error('dist/cli.js is missing: run `npm run build` first');
});
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

describe('report on the bundled sample', () => {
  it('table (what npm start shows)', async () => {
    await expect(await ok([SAMPLE, ...NOW])).toMatchFileSnapshot('golden/report/cli-sample.table.txt');
  });

  it('json, valid against the schema', async () => {
    const text = await ok([SAMPLE, ...NOW, '--format', 'json']);
    const json = expectValidJsonReport(text) as unknown as JsonReport;
    expect(json.generatedAt).toBe('2026-11-16T08:00:00Z');
    expect(json.byCode.reduce((sum, row) => sum + row.count, 0)).toBe(json.totals.failure + json.totals.interrupted);
    await expect(text).toMatchFileSnapshot('golden/report/cli-sample.json');
  });

  it('markdown', async () => {
    await expect(await ok([SAMPLE, ...NOW, '--format', 'markdown'])).toMatchFileSnapshot('golden/report/cli-sample.md');
  });

  it.each(['code', 'category', 'user', 'app', 'client-app', 'country', 'ip', 'type', 'day', 'hour-of-week', 'tenant'])('csv --by %s', async (by) => {
    await expect(await ok([SAMPLE, ...NOW, '--format', 'csv', '--by', by])).toMatchFileSnapshot(`golden/report/cli-sample.by-${by}.csv`);
  });

  it('is byte-identical run after run, and SOURCE_DATE_EPOCH fixes generatedAt', async () => {
    const first = await ok([SAMPLE, '--format', 'json'], { SOURCE_DATE_EPOCH: '1763280000' });
    expect(await ok([SAMPLE, '--format', 'json'], { SOURCE_DATE_EPOCH: '1763280000' })).toBe(first);
    expect((JSON.parse(first) as JsonReport).generatedAt).toBe('2025-11-16T08:00:00Z');
  });

  it('does not depend on the order of the inputs', async () => {
    const forward = await ok([...OVERLAP, ...NOW, '--format', 'json']);
    const backward = JSON.parse(await ok([...OVERLAP].reverse().concat(NOW, ['--format', 'json']))) as Record<string, unknown>;
    // Which input a shared sign-in is counted from, and so each input's duplicates, follows the order read.
    const strip = (json: Record<string, unknown>): Record<string, unknown> => ({
      ...json,
      inputs: null,
      accounting: null,
      coverage: { ...(json['coverage'] as Record<string, unknown>), inputs: null, overlaps: null },
    });
    expect(strip(backward)).toEqual(strip(JSON.parse(forward) as Record<string, unknown>));
  });
});

describe('the table fits the terminal', () => {
  const longest = (text: string): number => Math.max(...text.split('\n').map((line) => Array.from(line).length));

  it('no line is wider than 80 columns when stdout is not a terminal, or at --width 80', async () => {
    for (const input of [SAMPLE, HOSTILE]) {
      expect(longest(await ok([input, ...NOW]))).toBeLessThanOrEqual(80);
      expect(longest(await ok([input, ...NOW, '--width', '80']))).toBeLessThanOrEqual(80);
    }
  });

  it("uses the terminal's width on a terminal, --width over it, and --width 0 for no limit", async () => {
    const onTerminal = async (columns: number, args: string[] = []): Promise<string> => {
      const io = testIo({ stdoutIsTty: true, stdoutColumns: columns, env: { NO_COLOR: '1' } });
      expect(await main(['report', SAMPLE, ...NOW, ...args], io)).toBe(0);
      return io.out.join('');
    };
    const wide = await onTerminal(132);
    expect(longest(wide)).toBeLessThanOrEqual(132);
    expect(longest(wide)).toBeGreaterThan(80);
    expect(longest(await onTerminal(132, ['--width', '100']))).toBeLessThanOrEqual(100);
    expect(longest(await onTerminal(80))).toBeLessThanOrEqual(80);
    expect(longest(await ok([SAMPLE, ...NOW, '--width', '0']))).toBeGreaterThan(132);
  });
});

describe('filters and accounting', () => {
  it('counts every row read: counted, rejected, duplicate, outside the window or filtered out', async () => {
    const json = JSON.parse(
      await ok([...OVERLAP, ...NOW, '--format', 'json', '--since', '2026-11-10', '--until', '2026-11-13', '--outcome', 'failure,interrupted']),
    ) as JsonReport;
    const a = json.accounting;
    expect(a.duplicates).toBeGreaterThan(0);
    expect(a.outsideWindow).toBeGreaterThan(0);
    expect(a.filteredOut).toBeGreaterThan(0);
    expect(a.signIns + a.rejected + a.duplicates + a.outsideWindow + a.filteredOut).toBe(a.rowsRead);
    expect(json.totals.signIns).toBe(a.signIns);
  });

  it('--code and --category narrow the report to those codes', async () => {
    const json = JSON.parse(await ok([SAMPLE, ...NOW, '--format', 'json', '--code', 'AADSTS50126'])) as JsonReport;
    expect(json.byCode.map((row) => row.code)).toEqual([50126]);
    const mfa = JSON.parse(await ok([SAMPLE, ...NOW, '--format', 'json', '--category', 'mfa'])) as JsonReport;
    expect(mfa.byCategory.map((row) => row.category)).toEqual(['mfa']);
  });

  it('warns on stderr, not stdout, when the filters leave nothing', async () => {
    const result = await runMain(['report', SAMPLE, ...NOW, '--format', 'json', '--since', '2030-01-01']);
    expect(result.status).toBe(0);
    expect(withoutInteractiveOnlyNote(result.stderr)).toBe(
      'signin-analyzer: warning: no sign-in matches the filters (315 outside the time window, 0 filtered out)\n',
    );
    expectValidJsonReport(result.stdout);
  });
});

describe('hostile log values', () => {
  it('reach no format as control sequences, formulas or markup', async () => {
    const table = await ok([HOSTILE, ...NOW]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these characters
    expect(table).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    await expect(table).toMatchFileSnapshot('golden/report/cli-hostile.table.txt');
    await expect(await ok([HOSTILE, ...NOW, '--format', 'markdown'])).toMatchFileSnapshot('golden/report/cli-hostile.md');
    const csv = await ok([HOSTILE, ...NOW, '--format', 'csv', '--by', 'app']);
    for (const line of csv.split('\n').slice(1)) expect(line).not.toMatch(/^\s*"?\s*[=+\-@]/);
    await expect(csv).toMatchFileSnapshot('golden/report/cli-hostile.by-app.csv');
    expectValidJsonReport(await ok([HOSTILE, ...NOW, '--format', 'json']));
  });
});

describe('hostile names only a baseline knows', () => {
  it('reach the CSV defused like the rows of the report, after leading blanks too', async () => {
    const base = JSON.parse(await ok([SAMPLE, ...NOW, '--format', 'json'])) as Record<string, Record<string, unknown>[]>;
    const gone = [' =HYPERLINK("http://evil.example")', '\t@SUM(1)', '  -2+3', '\r\n+1'];
    base['byUser']!.push(...gone.map((user) => ({ user, signIns: 5, failures: 5, interrupted: 0, failureRate: 1, topCodes: [] })));
    base['byApp']!.push(...gone.map((app) => ({ app, signIns: 5, failures: 5, interrupted: 0, failureRate: 1, users: 1, topCodes: [] })));
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-report-baseline-'));
    const file = path.join(dir, 'hostile-baseline.json');
    writeFileSync(file, JSON.stringify(base));
    try {
      for (const by of ['user', 'app']) {
        const csv = await ok([SAMPLE, ...NOW, '--baseline', file, '--format', 'csv', '--by', by]);
        const goneLines = csv.split('\n').filter((line) => line.endsWith(',gone'));
        expect(goneLines).toHaveLength(gone.length);
        for (const line of goneLines) expect(line).toMatch(/^"?'/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('exit codes and streams', () => {
  it.each([
    [['report'], 'no input given'],
    [['report', 'no-such-file.csv'], 'no-such-file.csv'],
    [['report', SAMPLE, '--top', 'ten'], '--top must be a whole number'],
    [['report', SAMPLE, '--since', 'tuesday'], '--since'],
    [['report', SAMPLE, '--by', 'user'], '--by applies to --format csv only'],
    [['report', SAMPLE, '--format', 'xml'], 'xml'],
  ])('%j exits 2 with one line on stderr and nothing on stdout', async (args, message) => {
    const result = await runMain(args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('the process exits 2 with one line on stderr for a usage error', async () => {
    const result = runCli(['report', SAMPLE, '--top', 'ten']);
    expect(result).toEqual({ status: 2, stdout: '', stderr: expect.stringMatching(/^signin-analyzer: --top must be a whole number[^\n]*\n$/) });
  });

  it('--output writes the report atomically and prints nothing', async () => {
    const file = path.join(workdir, 'report.json');
    writeFileSync(file, 'old');
    const result = await runMain(['report', SAMPLE, ...NOW, '--format', 'json', '--output', file]);
    expect({ ...result, stderr: withoutInteractiveOnlyNote(result.stderr) }).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(file, 'utf8')).toBe(await ok([SAMPLE, ...NOW, '--format', 'json']));
    expect(readdirSync(workdir)).toEqual(['report.json']);
  });

  it('--output that cannot be written exits 2 and leaves no temporary file', async () => {
    // A file where the directory should be: no run can create or write there.
    const blocker = path.join(workdir, 'blocker');
    writeFileSync(blocker, '');
    const result = await runMain(['report', SAMPLE, ...NOW, '--output', path.join(blocker, 'r.txt')]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(withoutInteractiveOnlyNote(result.stderr)).toMatch(/^signin-analyzer: .*blocker.*cannot/);
    expect(readdirSync(workdir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    rmSync(blocker);
  });

  it('--output through a symbolic link writes the file it names, keeps the link, and keeps a private file private', async () => {
    const target = path.join(workdir, 'private.json');
    const link = path.join(workdir, 'latest.json');
    writeFileSync(target, 'old', { mode: 0o600 });
    symlinkSync('private.json', link);
    const result = await runMain(['report', SAMPLE, ...NOW, '--format', 'json', '--output', link]);
    expect(result.status).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe(await ok([SAMPLE, ...NOW, '--format', 'json']));
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(workdir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    rmSync(link);
    rmSync(target);
  });

  it.skipIf(process.platform === 'win32')('--output to a FIFO writes into it, rather than replacing it with a file', async () => {
    const fifo = path.join(workdir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const read = new Promise<string>((resolve, reject) => {
      let text = '';
      createReadStream(fifo, 'utf8')
        .on('data', (chunk) => (text += chunk))
        .on('end', () => resolve(text))
        .on('error', reject);
    });
    const result = await runMain(['report', SAMPLE, ...NOW, '--format', 'json', '--output', fifo]);
    expect(result.status).toBe(0);
    expect(await read).toBe(await ok([SAMPLE, ...NOW, '--format', 'json']));
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    rmSync(fifo);
  });

  it('--output naming an input or a directory exits 2 and writes nothing', async () => {
    const input = path.join(workdir, 'InteractiveSignIns_copy.csv');
    const text = readFileSync(path.join(repoRoot, SAMPLE), 'utf8');
    writeFileSync(input, text);
    for (const output of [input, path.join(workdir, '.', 'sub', '..', 'InteractiveSignIns_copy.csv')]) {
      const result = await runMain(['report', input, ...NOW, '--output', output]);
      expect(result).toMatchObject({ status: 2, stdout: '' });
      expect(result.stderr).toMatch(/^signin-analyzer: --output .*InteractiveSignIns_copy\.csv is one of the inputs/m);
    }
    expect(readFileSync(input, 'utf8')).toBe(text);
    const before = readdirSync(workdir);
    const directory = await runMain(['report', SAMPLE, ...NOW, '--output', workdir]);
    expect(directory).toMatchObject({ status: 2, stdout: '' });
    expect(directory.stderr).toMatch(/: is a directory — give --output a file name/);
    expect(readdirSync(workdir)).toEqual(before);
    rmSync(input);
  });

  it.skipIf(!existsSync('/proc/self'))(
    '--output in a directory that can never be made (under /proc) exits 2 at once',
    async () => {
      const result = await runMain(['report', SAMPLE, ...NOW, '--output', '/proc/no-such-dir/report.txt']);
      expect(result).toMatchObject({ status: 2, stdout: '' });
      expect(result.stderr).toContain('/proc/no-such-dir/report.txt: cannot create the output directory (ENOENT)');
    },
    10_000,
  );

  it("--output's extension picks the format when --format is not given; --format wins", async () => {
    const json = await ok([SAMPLE, ...NOW, '--format', 'json']);
    const at = (name: string) => path.join(workdir, name);
    for (const [name, expected] of [
      ['r.json', json],
      ['r.MD', await ok([SAMPLE, ...NOW, '--format', 'markdown'])],
      ['r.csv', await ok([SAMPLE, ...NOW, '--format', 'csv'])],
      ['r.html', await ok([SAMPLE, ...NOW, '--format', 'html'])],
      ['r.txt', await ok([SAMPLE, ...NOW])],
      ['r.out', await ok([SAMPLE, ...NOW])],
    ] as const) {
      expect((await runMain(['report', SAMPLE, ...NOW, '--output', at(name)])).status).toBe(0);
      expect(readFileSync(at(name), 'utf8'), name).toBe(expected);
    }
    expect((await runMain(['report', SAMPLE, ...NOW, '--output', at('r.xlsx')])).status).toBe(0);
    expect(readFileSync(at('r.xlsx')).subarray(0, 2).toString('latin1')).toBe('PK');
    expect((await runMain(['report', SAMPLE, ...NOW, '--format', 'json', '--output', at('forced.csv')])).status).toBe(0);
    expect(readFileSync(at('forced.csv'), 'utf8')).toBe(json);
    for (const name of ['r.json', 'r.MD', 'r.csv', 'r.html', 'r.txt', 'r.out', 'r.xlsx', 'forced.csv']) rmSync(at(name));
  });

  it('exits 0 when the reader closes stdout early', async () => {
    // Enough distinct users that the JSON is far larger than a pipe buffer (and not a known export cap).
    const [header, row] = readFileSync(path.join(repoRoot, SAMPLE), 'utf8').split('\n');
    const rows = Array.from({ length: 5001 }, (_, i) =>
      row!.replace(/emily\.braun/g, `user${i}`).replace(/fa50fdaa-b312/, `${String(i).padStart(8, '0')}-b312`),
    );
    const big = path.join(workdir, 'InteractiveSignIns_big.csv');
    writeFileSync(big, `${header}\n${rows.join('\n')}\n`);
    const child = spawn(process.execPath, [cliPath, 'report', big, '--format', 'json', '--now', '2026-11-16'], {
      env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Like `| head -c 100`: take the first chunk, then close the pipe while the report is still being written.
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status).toBe(0);
    expect(withoutInteractiveOnlyNote(stderr)).toBe('');
    rmSync(big);
  });
});

describe('inputs with nothing usable', () => {
  it('an export with a header and no rows, or an empty list, is reported with a warning, not in silence', async () => {
    const header = path.join(workdir, 'InteractiveSignIns_empty.csv');
    writeFileSync(header, `${readFileSync(path.join(repoRoot, SAMPLE), 'utf8').split('\n')[0]}\n`);
    const list = path.join(workdir, 'graph-empty.json');
    writeFileSync(list, '{"value":[]}');
    for (const file of [header, list]) {
      const result = await runMain(['report', file, ...NOW, '--format', 'json']);
      expect(result.status).toBe(0);
      expect(result.stderr).toContain(`${file}: warning: holds no sign-ins, only a header or an empty list: check the period and filters`);
      const json = JSON.parse(result.stdout) as { warnings: { code: string; file: string }[] };
      expect(json.warnings).toContainEqual(expect.objectContaining({ code: 'NO_ROWS', file }));
    }
    const sample = await runMain(['report', SAMPLE, ...NOW, '--format', 'json']);
    expect(sample.stdout).not.toContain('NO_ROWS');
    rmSync(header);
    rmSync(list);
  });

  it('a file none of whose rows is usable exits 2 with the reason, after its rejected rows (not "0 of 0", exit 0)', async () => {
    const result = await runMain(['report', 'fixtures/bad/time-and-category-only.jsonl', ...NOW]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').filter((line) => line.includes(': rejected row: '))).toHaveLength(3);
    expect(result.stderr).toMatch(
      /signin-analyzer: fixtures\/bad\/time-and-category-only\.jsonl: no usable sign-in: none of its 3 rows could be used \(3 MISSING_CODE\) — /,
    );
  });

  function folder(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(workdir, 'folder-'));
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
    return dir;
  }
  const sample = readFileSync(path.join(repoRoot, SAMPLE), 'utf8');
  const notes = 'Asset tag,Owner,Location\nLT-0042,Adele Vance,Seattle\n';
  const unusable = readFileSync(path.join(repoRoot, 'fixtures/bad/time-and-category-only.jsonl'), 'utf8');

  it('a stray file in a directory is skipped with a warning and listed as skipped; the rest is reported', async () => {
    const dir = folder({ 'InteractiveSignIns_week.csv': sample, 'assets.csv': notes, 'partial.jsonl': unusable });
    const result = await runMain(['report', dir, ...NOW, '--format', 'json']);
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout) as {
      inputs: { path: string; format: string; rowsRead: number; rejected: number; skipped?: string }[];
      accounting: JsonReport['accounting'];
      warnings: { code: string; file: string }[];
    };
    expect(json.inputs.map((input) => [path.basename(input.path), input.format, input.skipped ?? null])).toEqual([
      ['InteractiveSignIns_week.csv', 'portal-csv', null],
      ['assets.csv', 'unknown', expect.stringContaining('not a sign-in export')],
      ['partial.jsonl', 'diagnostic-jsonl', 'no usable sign-in: none of its 3 rows could be used (3 MISSING_CODE)'],
    ]);
    expect(json.warnings.filter((warning) => warning.code === 'INPUT_SKIPPED').map((warning) => path.basename(warning.file))).toEqual([
      'assets.csv',
      'partial.jsonl',
    ]);
    // The rows the skipped file was read to are still accounted for.
    expect(json.accounting).toMatchObject({ rowsRead: 318, signIns: 315, rejected: 3 });
    expect(result.stderr).toMatch(/assets\.csv: warning: not a sign-in export: .*; skipped/);
  });

  it('the same stray file named on its own stops the run with exit 2', async () => {
    const dir = folder({ 'assets.csv': notes });
    const result = await runMain(['report', path.join(dir, 'assets.csv'), ...NOW]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/assets\.csv:1: not a sign-in export/);
  });

  it('a directory where nothing is usable exits 2, so a scheduled run notices', async () => {
    const dir = folder({ 'assets.csv': notes, 'partial.jsonl': unusable });
    const result = await runMain(['report', dir, ...NOW]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/signin-analyzer: no input holds a usable sign-in \(2 files skipped, none reported\)/);
  });
});

/** Every `npx signin-analyzer report ...` example in a Markdown file that is followed by a text block: [command, output]. */
function examples(file: string): (readonly [string, string])[] {
  const markdown = readFileSync(path.join(repoRoot, file), 'utf8');
  return [...markdown.matchAll(/```sh\nnpx signin-analyzer (report [^\n]+)\n```\n\n```text\n([\s\S]*?)```/g)].map((match) => [match[1]!, match[2]!] as const);
}

describe('docs/report.md', () => {
  // Each example there shows the whole output of its command.
  const shown = examples('docs/report.md');

  it('has examples with output', () => {
    expect(shown.length).toBeGreaterThanOrEqual(2);
  });

  it.each(shown)('%s prints what docs/report.md shows', async (command, output) => {
    expect(await ok(command.split(' ').slice(1))).toBe(output);
  });
});

describe('report --help', () => {
  it('ends with the exit codes, as the README lists them', async () => {
    const result = await runMain(['report', '--help']);
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(-4)).toEqual([
      'Exit codes:',
      '  0  the report was produced (also when a reader such as head closes the output early)',
      '  1  the report was produced, and a --fail-on threshold was crossed',
      '  2  usage error, unreadable or unrecognised input, input with no usable sign-in, or an internal error',
    ]);
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const table = [...readme.matchAll(/^\| ([012]) \| (.+) \|$/gm)].map((match) => `  ${match[1]}  ${match[2]!.replaceAll('`', '')}`);
    expect(table).toEqual(lines.slice(-3));
  });
});

describe('README', () => {
  // The README's example shows the report's first sections: the output must start with them, and the
  // excerpt must end where a section ends (the blank line before the next one), not in the middle of one.
  const shown = examples('README.md');

  it('has an example with output', () => {
    expect(shown.length).toBeGreaterThanOrEqual(1);
  });

  it.each(shown)('%s begins with what the README shows', async (command, output) => {
    const printed = await ok(command.split(' ').slice(1));
    expect(printed.slice(0, output.length)).toBe(output);
    expect(printed.length === output.length || printed.startsWith('\n', output.length)).toBe(true);
  });
});
