// Standard output that cannot take the whole output: the built binary run with stdout on /dev/full (every write
// fails with ENOSPC) and on a file under a size limit (`ulimit -f`: the kernel writes what fits and reports the
// short count, then fails the next write with EFBIG — what a nearly full disk does with ENOSPC). Every command
// must then print one line and exit 2, never a stack trace and never a cut output with exit 0.
// Linux only (/dev/full, sh's ulimit); the tests say so and skip elsewhere.

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runCli } from './helpers/exec.js';

const SAMPLE = 'fixtures/sample/InteractiveSignIns_sample.csv';
// --quiet: the error line is the only line (the sample has interactive sign-ins only, which is warned about).
const NOW = ['--now', '2026-11-16T08:00:00Z', '--quiet'];
const ENV = { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', TZ: 'UTC' };
const ONE_LINE = (code: string) => new RegExp(`^signin-analyzer: cannot write to standard output \\(${code}\\); the output is incomplete[^\\n]*\\n$`);
const linux = process.platform === 'linux' && existsSync('/dev/full');
const workdir = mkdtempSync(path.join(tmpdir(), 'cli-write-errors-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

const COMMANDS: readonly (readonly string[])[] = [
  ['report', SAMPLE, ...NOW],
  ['report', SAMPLE, ...NOW, '--format', 'json'],
  ['report', SAMPLE, ...NOW, '--format', 'csv', '--by', 'user'],
  ['codes'],
  ['codes', '50126', '--format', 'json'],
  ['catalog'],
  ['--help'],
  ['--version'],
  ['report', '--help'],
];
/** Outputs longer than the size limit below. */
const LONG: readonly (readonly string[])[] = [['report', SAMPLE, ...NOW], ['report', SAMPLE, ...NOW, '--format', 'json'], ['codes'], ['catalog']];

describe.skipIf(!linux)('stdout on /dev/full (Linux only)', () => {
  it.each(COMMANDS.map((args) => [args.join(' '), args] as const))('%s prints one line and exits 2', (_name, args) => {
    const full = openSync('/dev/full', 'w');
    try {
      const result = spawnSync(process.execPath, [cliPath, ...args], { cwd: repoRoot, env: ENV, encoding: 'utf8', stdio: ['ignore', full, 'pipe'] });
      expect(result.stderr).toMatch(ONE_LINE('ENOSPC'));
      expect(result.status).toBe(2);
    } finally {
      closeSync(full);
    }
  });
});

describe.skipIf(!linux)('stdout on a file that runs out of room part-way (Linux only)', () => {
  // The limit is in blocks of 512 bytes (dash) or 1024 (bash): 4 or 8 KiB, well under every output here.
  const limited = (args: readonly string[], file: string) =>
    spawnSync('sh', ['-c', `ulimit -f 8 && exec "$0" "$@" > "${file}"`, process.execPath, cliPath, ...args], { cwd: repoRoot, env: ENV, encoding: 'utf8' });

  it.each(LONG.map((args) => [args.join(' '), args] as const))('%s fails with exit 2 instead of leaving a cut output', (_name, args) => {
    const whole = runCli(args).stdout;
    expect(whole.length).toBeGreaterThan(8192);
    const file = path.join(workdir, 'out.txt');
    const result = limited(args, file);
    expect(result.stderr).toMatch(ONE_LINE('EFBIG'));
    expect(result.status).toBe(2);
    // Bytes: the cut may fall inside a character (the table's borders take three bytes each).
    const written = readFileSync(file);
    const expected = Buffer.from(whole, 'utf8');
    expect(written.length).toBeLessThan(expected.length);
    expect(written.equals(expected.subarray(0, written.length))).toBe(true);
  });

  it('writes an output that fits whole and exits 0', () => {
    const file = path.join(workdir, 'small.txt');
    const result = limited(['codes', '50126'], file);
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(readFileSync(file, 'utf8')).toBe(runCli(['codes', '50126']).stdout);
  });
});
