// Option values the way people get them wrong: empty values (`--since ''`, often an unset shell variable), lists
// that name nothing, UTC offsets no zone has, unknown options. Each is a usage error: exit 2, one line on stderr
// that names the option, nothing on stdout. Options that are valid but change nothing (--tz without --period,
// --map for an export the tool knows) get a warning instead. Run in-process through main().

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain, withoutInteractiveOnlyNote } from './helpers/io.js';
import { reportOptions } from './helpers/options.js';

const SAMPLE = 'fixtures/sample/InteractiveSignIns_sample.csv';
const NOW = ['--now', '2026-11-16T08:00:00Z'];

/** Asserts a usage error: exit 2, nothing on stdout, exactly one line on stderr that contains `names`. */
async function expectUsageError(args: readonly string[], names: string): Promise<string> {
  const result = await runMain(args);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^signin-analyzer: [^\n]*\n$/);
  expect(result.stderr).toContain(names);
  expect(result.status).toBe(2);
  return result.stderr;
}

describe('an empty option value is a usage error, not the option left out', () => {
  // Every option that takes text, from the command itself: a new one is covered without being listed here.
  const REPORT_OPTIONS = reportOptions().text;
  it('knows the options the defects were found in', () => {
    const listed = [
      '--since',
      '--until',
      '--period',
      '--fail-on',
      '--user',
      '--app',
      '--code',
      '--category',
      '--type',
      '--outcome',
      '--now',
      '--output',
      '--catalog',
      '--baseline',
    ];
    expect(listed.filter((option) => !REPORT_OPTIONS.includes(option))).toEqual([]);
  });
  it.each(REPORT_OPTIONS)("report %s ''", async (option) => {
    expect(await expectUsageError(['report', SAMPLE, option, ''], option)).toContain('is empty');
  });

  it.each(REPORT_OPTIONS)("report %s '  ' (blanks only)", async (option) => {
    expect(await expectUsageError(['report', SAMPLE, option, '  '], option)).toContain('is empty');
  });

  // Commander checks these against their choices, and '' is none of them.
  it.each(reportOptions().choices)("report %s ''", async (option) => {
    await expectUsageError(['report', SAMPLE, option, ''], option);
  });

  it.each(['--code', '--category', '--type', '--outcome'])("report %s ',' names nothing", async (option) => {
    expect(await expectUsageError(['report', SAMPLE, option, ','], option)).toContain('is empty');
  });

  it("report '' (an input that would be the working directory)", async () => {
    await expectUsageError(['report', ''], 'an input name is empty');
  });

  it.each([
    [['codes', '--search', ''], '--search'],
    [['codes', '--catalog', ''], '--catalog'],
    [['codes', '--category', ''], '--category'],
    [['codes', '--format', ''], '--format'],
    [['codes', ''], 'names no code'],
    [['codes', ' , '], 'names no code'],
    [['catalog', '--catalog', ''], '--catalog'],
    [['catalog', '--format', ''], '--format'],
  ])('%j', async (args, names) => {
    await expectUsageError(args, names);
  });
});

describe('a UTC offset no zone has is a usage error', () => {
  it.each([
    ['--since', '2026-11-09T08:00+99:00'],
    ['--since', '2026-11-09T08:00+14:01'],
    ['--until', '2026-11-09T08:00-14:30'],
    ['--until', '2026-11-09T08:00+05:60'],
    ['--now', '2026-11-09T08:00+15:00'],
  ])('%s %s', async (option, value) => {
    await expectUsageError(['report', SAMPLE, ...NOW, option, value], option);
  });

  it.each(['+25:00', '+99:99', '+05:60', '+15', '-1430', 'UTC+99'])('--tz %s', async (zone) => {
    await expectUsageError(['report', SAMPLE, ...NOW, '--period', 'last-week', '--tz', zone], zone);
  });

  it.each([
    ['+14:00', '+14:00'],
    ['-14:00', '-14:00'],
    ['+0530', '+0530'],
    ['europe/berlin', 'Europe/Berlin'],
  ])('--tz %s is taken (as %s)', async (zone, shown) => {
    const result = await runMain(['report', SAMPLE, ...NOW, '--period', 'last-week', '--tz', zone, '--format', 'json', '--quiet']);
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as { period: { timeZone: string } }).period.timeZone).toBe(shown);
  });

  it.each(['2026-11-09T08:00+14:00', '2026-11-09T08:00-1400', '2026-11-09T08:00+05:45'])('--since %s is taken', async (value) => {
    const result = await runMain(['report', SAMPLE, ...NOW, '--since', value, '--quiet']);
    expect(result.status).toBe(0);
  });
});

describe("commander's own usage errors", () => {
  it.each([
    [['report', SAMPLE, '--bogus'], "unknown option '--bogus'"],
    [['report', SAMPLE, '--format', 'xml'], "argument 'xml' is invalid"],
    [['report', SAMPLE, '--since'], "option '--since <when>' argument missing"],
    [['nonsense'], "unknown command 'nonsense'"],
    [['report', SAMPLE, '--bo\u202egus\nx'], "unknown option '--bo\ufffdgus x'"],
  ])('%j: one line, no second line about --help, pointing at the help of the command given', async (args, names) => {
    const help = args[0] === 'nonsense' ? 'signin-analyzer --help' : `signin-analyzer ${args[0]} --help`;
    expect(await expectUsageError(args, names)).toMatch(new RegExp(`— see ${help}\\n$`));
  });
});

describe('options that change nothing are warned about, not ignored silently', () => {
  // The fixtures hold interactive sign-ins only: that warning is said every time, so it is left out here.
  async function warnings(args: readonly string[]): Promise<{ stderr: string[]; codes: string[] }> {
    const result = await runMain(['report', ...args, ...NOW, '--format', 'json']);
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout) as { warnings: { code: string }[] };
    return {
      stderr: withoutInteractiveOnlyNote(result.stderr)
        .split('\n')
        .filter((line) => line !== ''),
      codes: json.warnings.map((warning) => warning.code).filter((code) => code !== 'SIGN_IN_TYPE_MISSING'),
    };
  }

  it('--tz without --period', async () => {
    expect(await warnings([SAMPLE, '--tz', 'Europe/Berlin'])).toEqual({
      stderr: ['signin-analyzer: warning: --tz changes nothing without --period (or {now} in the --output name); it is ignored'],
      codes: ['TZ_NOT_USED'],
    });
    expect((await warnings([SAMPLE, '--tz', 'Europe/Berlin', '--period', 'last-week'])).codes).toEqual([]);
  });

  it('--tz with {now} in the --output name is used', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-options-'));
    try {
      const result = await runMain(['report', SAMPLE, ...NOW, '--tz', 'Pacific/Pago_Pago', '--output', path.join(dir, '{now}.txt')]);
      expect(result.status).toBe(0);
      expect(withoutInteractiveOnlyNote(result.stderr)).toBe('');
      // 08:00 UTC is still the day before at UTC-11.
      expect(readdirSync(dir)).toEqual(['2026-11-15.txt']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--map for a CSV export the tool knows, whose columns it does not name', async () => {
    expect(await warnings([SAMPLE, '--map', 'time=When,code=Code'])).toEqual({
      stderr: [`signin-analyzer: ${SAMPLE}:1: warning: --map names columns this file lacks (When, Code); it is a known export and is read as one`],
      codes: ['MAP_NOT_USED'],
    });
  });

  it('--map for a JSON export', async () => {
    const json = 'fixtures/formats/graph-v1-signins-last-page.json';
    expect(await warnings([json, '--map', 'time=When,code=Code'])).toEqual({
      stderr: [`signin-analyzer: ${json}: warning: --map does not apply to a JSON export, which is read by its own field names`],
      codes: ['MAP_NOT_USED'],
    });
  });

  it('--map that names the columns of the file is used, and says nothing', async () => {
    expect(await warnings([SAMPLE, '--map', 'time=Date (UTC),code=Sign-in error code,user=Username'])).toEqual({ stderr: [], codes: [] });
  });
});
