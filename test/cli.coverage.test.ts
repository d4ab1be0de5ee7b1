// Coverage on real runs: an interactive-only directory, a download with a day missing, an export cut at a known
// cap, overlapping downloads and an input that ends before the period, each in the JSON coverage section, the
// warnings and the table.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/exec.js';
import { runMain } from './helpers/io.js';
import { expectValidJsonReport } from './helpers/report-schema.js';

const SAMPLE = 'fixtures/sample/InteractiveSignIns_sample.csv';
const OVERLAP = ['fixtures/overlap/InteractiveSignIns_2026-11-09_2026-11-12.csv', 'fixtures/overlap/InteractiveSignIns_2026-11-11_2026-11-15.csv'];
const NOW = ['--now', '2026-11-16T08:00:00Z'];
const workdir = mkdtempSync(path.join(tmpdir(), 'cli-coverage-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

interface CoverageJson {
  inputs: {
    path: string;
    format: string;
    types: string[];
    firstSignIn: string | null;
    lastSignIn: string | null;
    rows: number;
    duplicates: number;
    cap: unknown;
  }[];
  types: { present: string[]; missing: { type: string; warned: boolean }[] };
  missingDays: string[];
  overlaps: { inputs: string[]; from: string; until: string; duplicates: number }[];
  endsEarly: { path: string; lastSignIn: string; until: string }[];
}

interface Run {
  status: number;
  stderr: string;
  json: { coverage: CoverageJson; warnings: { code: string; message: string; file: string | null }[]; accounting: { duplicates: number } };
}

async function run(args: readonly string[], now = NOW): Promise<Run> {
  const result = await runMain(['report', ...args, ...now, '--format', 'json']);
  return { status: result.status, stderr: result.stderr, json: expectValidJsonReport(result.stdout) as unknown as Run['json'] };
}

const codes = (run: Run): string[] => run.json.warnings.map((item) => item.code);

describe('sign-in types', () => {
  it('an interactive-only directory warns that the non-interactive sign-ins are missing', async () => {
    const result = await run(['fixtures/sample']);
    expect(result.status).toBe(0);
    expect(codes(result)).toEqual(['SIGN_IN_TYPE_MISSING']);
    expect(result.stderr).toMatch(/warning: the inputs hold interactive sign-ins but no non-interactive ones: legacy POP, IMAP/);
    expect(result.json.coverage.types.present).toEqual(['interactive']);
    expect(result.json.coverage.types.missing.find((missing) => missing.type === 'noninteractive')).toMatchObject({ warned: true });
  });

  it('with the non-interactive download beside it, the warning goes', async () => {
    const result = await run(['fixtures/sample', 'fixtures/formats/NonInteractiveSignIns_2026-11-13_2026-11-13.csv']);
    expect(codes(result)).not.toContain('SIGN_IN_TYPE_MISSING');
    expect(result.json.coverage.types.present).toEqual(['interactive', 'noninteractive']);
    // The folder holds the sample's authentication details too: read first, an input of no sign-in type.
    expect(result.json.coverage.inputs.map((input) => [input.format, input.types])).toEqual([
      ['portal-authdetails-csv', []],
      ['portal-csv', ['interactive']],
      ['portal-csv', ['noninteractive']],
    ]);
  });
});

describe('days', () => {
  it('a download with a day missing lists the gap', async () => {
    const [header, ...rows] = readFileSync(path.join(repoRoot, SAMPLE), 'utf8').trimEnd().split('\n');
    const file = path.join(workdir, 'InteractiveSignIns_gap.csv');
    writeFileSync(file, `${[header, ...rows.filter((row) => !row.startsWith('2026-11-12'))].join('\n')}\n`);
    const result = await run([file]);
    expect(result.json.coverage.missingDays).toEqual(['2026-11-12']);
    expect(codes(result)).toContain('DAYS_WITHOUT_SIGN_INS');
    expect(result.stderr).toContain('one day inside the span the inputs cover has no sign-in at all (2026-11-12, UTC)');
    const whole = await run([SAMPLE]);
    expect(whole.json.coverage.missingDays).toEqual([]);
  });
});

describe('export caps', () => {
  /** A Log Analytics export of `rows` sign-ins. */
  function logAnalytics(rows: number): string {
    const file = path.join(workdir, `LogAnalytics_${rows}.csv`);
    const lines = ['TimeGenerated [UTC],Id,UserPrincipalName,ResultType,Type'];
    for (let i = 0; i < rows; i++) {
      const time = new Date(Date.UTC(2026, 10, 9) + i * 60_000).toISOString();
      lines.push(`${time},id-${i},user${i % 50}@contoso.example,${i % 7 === 0 ? 50126 : 0},SigninLogs`);
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  }

  it('a 10,000-row export gets the cap warning, with where that cap comes from', async () => {
    const file = logAnalytics(10_000);
    const result = await run([file, '--quiet']);
    expect(result.json.warnings.find((item) => item.code === 'PROBABLY_TRUNCATED')).toMatchObject({
      file,
      message: expect.stringMatching(/^exactly 10,000 rows: several query views stop at 10,000 rows .*probably cut off/),
    });
    expect(result.json.coverage.inputs[0]).toMatchObject({ format: 'log-analytics-csv', rows: 10_000, cap: { rows: 10_000, origin: expect.any(String) } });
  });

  it('one row more is no cap', async () => {
    const result = await run([logAnalytics(10_001), '--quiet']);
    expect(codes(result)).not.toContain('PROBABLY_TRUNCATED');
    expect(result.json.coverage.inputs[0]!.cap).toBeNull();
  });
});

describe('overlapping downloads', () => {
  it('are reported with the span they share and the duplicates the later one brought', async () => {
    const result = await run(OVERLAP);
    const [first, second] = result.json.coverage.inputs;
    expect(result.json.coverage.overlaps).toEqual([
      { inputs: OVERLAP, from: second!.firstSignIn, until: first!.lastSignIn, duplicates: result.json.accounting.duplicates },
    ]);
    expect(result.json.accounting.duplicates).toBeGreaterThan(0);
    // Dropped as duplicates, so no warning; the table still says it.
    expect(codes(result)).not.toContain('INPUTS_OVERLAP');
    const table = await runMain(['report', ...OVERLAP, ...NOW, '--width', '0']);
    expect(table.stdout).toMatch(/Overlapping inputs +│ fixtures\/overlap\/InteractiveSignIns_2026-11-09_2026-11-12\.csv and/);
  });

  it('with --keep-duplicates they are a warning: shared sign-ins count twice', async () => {
    const result = await run([...OVERLAP, '--keep-duplicates']);
    expect(result.json.warnings.filter((item) => item.code === 'INPUTS_OVERLAP').map((item) => item.file)).toEqual([OVERLAP[1]]);
  });
});

describe('the period', () => {
  it('an input that ends more than a day before the period does is named', async () => {
    const later = ['--now', '2026-11-20T08:00:00Z'];
    const result = await run([SAMPLE, '--period', '2026-11-10..2026-11-17'], later);
    expect(result.json.coverage.endsEarly).toEqual([{ path: SAMPLE, lastSignIn: '2026-11-15T13:05:07Z', until: '2026-11-18T00:00:00Z' }]);
    expect(result.json.warnings.find((item) => item.code === 'INPUT_ENDS_EARLY')).toMatchObject({
      file: SAMPLE,
      message: expect.stringContaining('2 days before the period does'),
    });
    const covered = await run([SAMPLE, '--period', '2026-11-10..2026-11-15'], later);
    expect(covered.json.coverage.endsEarly).toEqual([]);
  });

  it('a period not over yet is measured up to --now: the month so far, downloaded this morning, is whole', async () => {
    expect((await run([SAMPLE, '--period', '2026-11'])).json.coverage.endsEarly).toEqual([]);
    const days = await run([SAMPLE, '--period', '2026-11'], ['--now', '2026-11-19T08:00:00Z']);
    expect(days.json.coverage.endsEarly).toEqual([{ path: SAMPLE, lastSignIn: '2026-11-15T13:05:07Z', until: '2026-11-19T08:00:00Z' }]);
    expect(days.json.warnings.find((item) => item.code === 'INPUT_ENDS_EARLY')?.message).toContain(
      'ends at 2026-11-15T13:05:07Z, 3 days before now (2026-11-19T08:00:00Z)',
    );
  });
});

describe('a directory of several kinds', () => {
  it('lists every input with its format, types and span', async () => {
    const dir = path.join(workdir, 'mixed');
    mkdirSync(dir);
    for (const name of ['InteractiveSignIns_equivalence.csv', 'ApplicationSignIns_equivalence.csv', 'MSISignIns_equivalence.csv']) {
      writeFileSync(path.join(dir, name), readFileSync(path.join(repoRoot, 'fixtures/equivalence', name)));
    }
    const result = await run([dir]);
    expect(result.json.coverage.inputs.map((input) => [path.basename(input.path), input.format, input.types])).toEqual([
      ['ApplicationSignIns_equivalence.csv', 'portal-serviceprincipal-csv', ['serviceprincipal']],
      ['InteractiveSignIns_equivalence.csv', 'portal-csv', ['interactive']],
      ['MSISignIns_equivalence.csv', 'portal-managedidentity-csv', ['managedidentity']],
    ]);
    expect(result.json.coverage.types.missing.map((missing) => [missing.type, missing.warned])).toEqual([['noninteractive', true]]);
  });
});
