// The parallel reader: a large file read in parts on several threads gives the same report, accounting
// and rejected-row lines as reading it on one thread (with a window and a row filter too), and falls back to one
// thread when a cut lands inside a record. Spawns the built CLI, since the worker threads run the built code.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './helpers/exec.js';
import { INTERACTIVE_ONLY_NOTE, withoutInteractiveOnlyNote } from './helpers/io.js';

const sample = readFileSync(path.join(repoRoot, 'fixtures/sample/InteractiveSignIns_sample.csv'), 'utf8');
const [header, ...rows] = sample
  .replace(/^\uFEFF/, '')
  .trimEnd()
  .split('\n');

/** A portal export of about `megabytes` MB built from the sample's rows, each copy with its own request id. */
function bigExport(megabytes: number, extra: (index: number) => string | undefined = () => undefined): string {
  const lines = [`\uFEFF${header}`];
  let size = 0;
  for (let copy = 0; size < megabytes * 1024 * 1024; copy++) {
    for (const row of rows) {
      // The request id is the second column; give each copy its own (and keep the original for copy 0).
      const line = copy === 0 ? row : row.replace(/^([^,]*),([^,]*),/, (_all, date: string, id: string) => `${date},${id}-${copy},`);
      lines.push(line);
      size += line.length + 1;
      const added = extra(lines.length);
      if (added !== undefined) lines.push(added);
    }
  }
  // Overlapping downloads: the first rows again, which must count as duplicates whichever thread meets them.
  lines.push(...rows.slice(0, 25));
  return `${lines.join('\n')}\n`;
}

function report(file: string, threads: number, extraEnv: Record<string, string> = {}) {
  return runCli(['report', file, '--format', 'json', '--threads', String(threads), '--now', '2026-11-16T12:00:00Z'], {
    env: { SIGNIN_ANALYZER_PARALLEL_MIN_BYTES: '1', SIGNIN_ANALYZER_TRACE: '1', ...extraEnv },
  });
}

const portalJson = JSON.parse(readFileSync(path.join(repoRoot, 'fixtures/equivalence/InteractiveSignIns_equivalence.json'), 'utf8')) as Record<
  string,
  unknown
>[];

/**
 * A portal JSON download of about `megabytes` MB (minified; on one line, or with `separator` one record per line)
 * from the fixture's records, each copy with its own id.
 */
function bigJsonArray(
  megabytes: number,
  change: (record: Record<string, unknown>, index: number) => Record<string, unknown> = (record) => record,
  separator = ',',
): string {
  const records: string[] = [];
  let size = 0;
  for (let copy = 0; size < megabytes * 1024 * 1024; copy++) {
    for (const record of portalJson) {
      const text = JSON.stringify(change({ ...record, id: `${String(record['id'])}-${copy}` }, records.length));
      records.push(text);
      size += text.length + 1;
    }
  }
  // Overlapping downloads: the first records again.
  records.push(...records.slice(0, 5));
  return separator === ',' ? `[${records.join(',')}]` : `[${separator.slice(1)}${records.join(separator)}${separator.slice(1)}]\n`;
}

describe('reading a large file in parts', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'signin-parallel-'));

  it('gives the same report as one thread, with duplicates and rejected rows accounted the same', () => {
    const file = path.join(dir, 'InteractiveSignIns_big.csv');
    // After every 997th line a row with too few columns (the first on line 998): rejected, with its line number.
    writeFileSync(
      file,
      bigExport(4, (line) => (line % 997 === 0 ? '2026-11-10T00:00:00Z,broken-row' : undefined)),
    );
    const one = report(file, 1);
    const two = report(file, 2);
    expect(one.status).toBe(0);
    expect(two.status).toBe(0);
    expect(two.stderr).toMatch(/trace: .*InteractiveSignIns_big\.csv: \d+ parts on 2 threads \([1-9]\d* on this one\)\n/);
    expect(two.stderr).not.toMatch(/reading it whole/);
    expect(one.stderr).not.toMatch(/parts on/);
    expect(two.stdout).toBe(one.stdout);
    const parsed = JSON.parse(two.stdout) as {
      accounting: { rowsRead: number; signIns: number; rejected: number; duplicates: number };
      findings: { kind: string }[];
    };
    // The detections' states merged from the threads found what one thread found (the whole report is equal).
    expect(parsed.findings.map((finding) => finding.kind)).toContain('password-spray');
    expect(parsed.accounting.duplicates).toBe(25);
    expect(parsed.accounting.rejected).toBeGreaterThan(2);
    expect(parsed.accounting.rowsRead).toBe(parsed.accounting.signIns + parsed.accounting.rejected + parsed.accounting.duplicates);
    // The rejected rows are listed with the same file lines, in the same order.
    const rejectedLines = (text: string) => text.split('\n').filter((line) => line.includes('rejected row'));
    expect(rejectedLines(two.stderr)).toEqual(rejectedLines(one.stderr));
    expect(rejectedLines(one.stderr)[0]).toMatch(/InteractiveSignIns_big\.csv:998: rejected row: 2 columns where the header has 57/);
  });

  it('gives every thread the MFA steps of the authentication details: the same report as one thread', () => {
    const file = path.join(dir, 'InteractiveSignIns_big-with-details.csv');
    writeFileSync(file, bigExport(3));
    const details = path.join(repoRoot, 'fixtures/sample/InteractiveSignIns_AuthDetails_sample.csv');
    const run = (threads: number, ...more: string[]) =>
      runCli(['report', file, ...more, '--format', 'json', '--threads', String(threads), '--now', '2026-11-16T12:00:00Z'], {
        env: { SIGNIN_ANALYZER_PARALLEL_MIN_BYTES: '1', SIGNIN_ANALYZER_TRACE: '1' },
      });
    const one = run(1, details);
    const two = run(2, details);
    const without = run(2);
    expect(two.status).toBe(0);
    expect(two.stderr).toMatch(/InteractiveSignIns_big-with-details\.csv: \d+ parts on 2 threads \([1-9]\d* on this one\)\n/);
    expect(two.stderr).not.toMatch(/reading it whole/);
    expect(two.stdout).toBe(one.stdout);
    // The first copy of the sample keeps its request IDs: its two unanswered prompts are denials only when joined.
    const denials = (stdout: string): number => {
      const { findings } = JSON.parse(stdout) as { findings: { kind: string; entity: { user?: string }; why: string }[] };
      const lee = findings.find((finding) => finding.kind === 'mfa-fatigue' && finding.entity.user === 'lee.gu@contoso.example');
      return Number(/denied or left unanswered (\d+) MFA requests/.exec(lee?.why ?? '')?.[1]);
    };
    expect(denials(two.stdout)).toBe(denials(without.stdout) + 2);
  });

  it('gives the same report as one thread with a window and a row filter: the detections read their context on every thread', () => {
    const file = path.join(dir, 'InteractiveSignIns_big-filtered.csv');
    writeFileSync(file, bigExport(3));
    const run = (threads: number, ...more: string[]) =>
      runCli(['report', file, ...more, '--format', 'json', '--threads', String(threads), '--now', '2026-11-16T12:00:00Z'], {
        env: { SIGNIN_ANALYZER_PARALLEL_MIN_BYTES: '1', SIGNIN_ANALYZER_TRACE: '1' },
      });
    const narrowed = ['--since', '2026-11-13', '--outcome', 'interrupted'];
    const one = run(1, ...narrowed);
    const two = run(2, ...narrowed);
    expect(two.status).toBe(0);
    expect(two.stderr).toMatch(/InteractiveSignIns_big-filtered\.csv: \d+ parts on 2 threads \([1-9]\d* on this one\)\n/);
    expect(two.stdout).toBe(one.stdout);
    // The sign-ins before the window and those the filter leaves out, read on either thread, still make the
    // users' addresses theirs: no address is new that the whole report does not call new.
    const unfamiliar = (stdout: string) =>
      (JSON.parse(stdout) as { findings: { kind: string; entity: { user?: string; ip?: string } }[] }).findings
        .filter((finding) => finding.kind === 'correct-password-unfamiliar-ip')
        .map((finding) => `${finding.entity.user} ${finding.entity.ip}`);
    const whole = new Set(unfamiliar(run(1).stdout));
    expect(unfamiliar(two.stdout).filter((pair) => !whole.has(pair))).toEqual([]);
  });

  it('keeps each file apart when several large files share the threads', () => {
    const first = path.join(dir, 'InteractiveSignIns_week1.csv');
    const second = path.join(dir, 'InteractiveSignIns_week2.csv');
    const text = bigExport(3);
    writeFileSync(first, text);
    // The same rows with other request ids and every user renamed; its 25 trailing repeats, left as they are, still
    // overlap the first file.
    const [firstLine, ...others] = text.split('\n');
    const renamed = others.map((line, index) => (index < others.length - 26 ? line.replace(/^([^,]*),([^,]*),/, '$1,$2-w2,').replace(/@/g, '+w2@') : line));
    writeFileSync(second, [firstLine, ...renamed].join('\n'));
    const one = runCli(['report', first, second, '--format', 'json', '--threads', '1', '--now', '2026-11-16T12:00:00Z'], {});
    const two = report(first, 2);
    const both = runCli(['report', first, second, '--format', 'json', '--threads', '2', '--now', '2026-11-16T12:00:00Z'], {
      env: { SIGNIN_ANALYZER_PARALLEL_MIN_BYTES: '1', SIGNIN_ANALYZER_TRACE: '1' },
    });
    expect(two.status).toBe(0);
    expect(both.status).toBe(0);
    expect(both.stderr.match(/parts on 2 threads \([1-9]\d* on this one\)\n/g)).toHaveLength(2);
    expect(both.stdout).toBe(one.stdout);
    const parsed = JSON.parse(both.stdout) as { inputs: { signIns: number; duplicates: number }[]; totals: { users: number } };
    const single = JSON.parse(two.stdout) as { inputs: { signIns: number }[]; totals: { users: number } };
    expect(parsed.inputs[0]!.signIns).toBe(single.inputs[0]!.signIns);
    expect(parsed.inputs[1]!.duplicates).toBe(25);
    expect(parsed.totals.users).toBe(2 * single.totals.users);
  });

  it('cuts a portal JSON array between records, with the same report as one thread', () => {
    const file = path.join(dir, 'InteractiveSignIns_big.json');
    writeFileSync(file, bigJsonArray(3));
    const one = report(file, 1);
    const two = report(file, 2);
    expect(two.status).toBe(0);
    expect(two.stderr).toMatch(/trace: .*InteractiveSignIns_big\.json: \d+ parts on 2 threads \([1-9]\d* on this one\)\n/);
    expect(two.stderr).not.toMatch(/reading it whole/);
    expect(two.stdout).toBe(one.stdout);
    expect(JSON.parse(two.stdout)).toMatchObject({ accounting: { duplicates: 5, rejected: 0 }, inputs: [{ format: 'portal-json' }] });
  });

  it('cuts a JSON array with one record per line between records, with the same report and lines as one thread', () => {
    for (const [name, separator] of [
      ['lines', ',\n'],
      ['crlf', ',\r\n'],
    ] as const) {
      const file = path.join(dir, `InteractiveSignIns_${name}.json`);
      // Every 500th record has no time: rejected, and listed with its line, which must be the same either way.
      writeFileSync(
        file,
        bigJsonArray(3, (record, index) => (index % 500 === 499 ? { ...record, createdDateTime: 'soon' } : record), separator),
      );
      const one = report(file, 1);
      const two = report(file, 2);
      expect(two.status).toBe(0);
      expect(two.stderr).toMatch(new RegExp(`trace: .*InteractiveSignIns_${name}\\.json: \\d+ parts on 2 threads \\([1-9]\\d* on this one\\)\n`));
      expect(two.stderr).not.toMatch(/reading it whole/);
      expect(two.stdout).toBe(one.stdout);
      const rejectedLines = (text: string) => text.split('\n').filter((line) => line.includes('rejected row'));
      expect(rejectedLines(two.stderr)).toEqual(rejectedLines(one.stderr));
      expect(rejectedLines(one.stderr)[0]).toMatch(new RegExp(`InteractiveSignIns_${name}\\.json:501: rejected row`));
      expect(JSON.parse(two.stdout)).toMatchObject({ accounting: { duplicates: 5 }, inputs: [{ format: 'portal-json' }] });
    }
  });

  it('counts both records that share a request id and time but say different things, whichever thread meets one first', () => {
    const file = path.join(dir, 'InteractiveSignIns_twins.json');
    // Each record of the second half is the mirror image of one in the first half (the last of the first's first)
    // with its id and time, from another address and blocked: the twins fall in different parts.
    const records = JSON.parse(bigJsonArray(3)) as Record<string, unknown>[];
    const half = Math.floor(records.length / 2);
    for (let i = half; i < records.length; i++) {
      const twin = records[records.length - 1 - i]!;
      records[i] = { ...twin, ipAddress: '198.51.100.77', status: { errorCode: 53003, failureReason: 'Blocked', additionalDetails: '' } };
    }
    writeFileSync(file, `[${records.map((record) => JSON.stringify(record)).join(',')}]`);
    const one = report(file, 1);
    const two = report(file, 2);
    expect(two.status).toBe(0);
    expect(two.stderr).toMatch(/parts on 2 threads \([1-9]\d* on this one\)\n/);
    expect(two.stdout).toBe(one.stdout);
    const parsed = JSON.parse(two.stdout) as { accounting: { signIns: number; duplicates: number } };
    expect(parsed.accounting).toMatchObject({ signIns: records.length, duplicates: 0 });
  });

  it('warns once that a JSON array cut short between records ends unclosed, as one thread does', () => {
    const file = path.join(dir, 'InteractiveSignIns_cut.json');
    const whole = bigJsonArray(3);
    // Cut after a record near the end: `...},` and nothing more.
    writeFileSync(file, whole.slice(0, whole.lastIndexOf('},{', whole.length - 100_000) + 2));
    const one = report(file, 1);
    const two = report(file, 2);
    expect(two.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toMatch(/reading it whole/);
    const warnings = (text: string) =>
      withoutInteractiveOnlyNote(text)
        .split('\n')
        .filter((line) => line.includes('warning:'));
    expect(warnings(two.stderr)).toEqual([expect.stringMatching(/InteractiveSignIns_cut\.json:1: warning: the file ends inside its array of records/)]);
    expect(warnings(two.stderr)).toEqual(warnings(one.stderr));
    expect((JSON.parse(two.stdout) as { warnings: { code: string }[] }).warnings.map((warning) => warning.code)).toEqual(['CUT_SHORT', 'SIGN_IN_TYPE_MISSING']);
  });

  it('reads a JSON array whole when a cut may land inside a record or a part holds what is no sign-in', () => {
    // Every record ends with nested objects that open like records, so cuts can land inside records.
    const nested = path.join(dir, 'InteractiveSignIns_nested.json');
    const lookAlike = (record: Record<string, unknown>, index: number) => ({
      ...record,
      policyHistory: Array.from({ length: 3 }, (_, policy) => ({ id: `p${policy}`, createdDateTime: 'x', result: 'success', index })),
    });
    writeFileSync(nested, bigJsonArray(3, lookAlike));
    // A record with an unreadable time in the middle of the file: a rejected row, counted once, as on one thread.
    const broken = path.join(dir, 'InteractiveSignIns_broken.json');
    writeFileSync(
      broken,
      bigJsonArray(3, (record, index) => (index === 500 ? { ...record, createdDateTime: 'yesterday' } : record)),
    );
    // The same look-alikes only past the sample the planner reads: cuts land inside records, and the
    // workers must notice.
    const hidden = path.join(dir, 'InteractiveSignIns_hidden.json');
    writeFileSync(
      hidden,
      bigJsonArray(3, (record, index) => (index > 400 ? lookAlike(record, index) : record)),
    );
    // A record that is no sign-in: on one thread a rejected row; in a part it could mean a bad cut.
    const stranger = path.join(dir, 'InteractiveSignIns_stranger.json');
    writeFileSync(
      stranger,
      bigJsonArray(3, (record, index) => (index === 500 ? { note: 'not a sign-in' } : record)),
    );
    const runs = [nested, broken, stranger, hidden].map((file) => {
      const one = report(file, 1);
      const two = report(file, 2);
      expect(two.status).toBe(0);
      expect(two.stdout).toBe(one.stdout);
      expect(two.stderr.replace(/trace: .*\n/g, '')).toBe(one.stderr.replace(/trace: .*\n/g, ''));
      return { two, accounting: (JSON.parse(two.stdout) as { accounting: { rejected: number } }).accounting };
    });
    const [lookAlikes, badTime, notSignIn, hiddenLookAlikes] = runs;
    expect(hiddenLookAlikes!.two.stderr).toMatch(/misaligned .*reading it whole/);
    // Look-alike openings in the sample: the file is not cut at all.
    expect(lookAlikes!.two.stderr).not.toMatch(/parts on/);
    // A bad time is an ordinary rejected row in its part; a record that is no sign-in sends the file back whole.
    expect(badTime!.two.stderr).toMatch(/parts on 2 threads \([1-9]\d* on this one\)\n/);
    expect(badTime!.two.stderr).not.toMatch(/reading it whole/);
    expect(badTime!.accounting.rejected).toBe(1);
    expect(notSignIn!.two.stderr).toMatch(/misaligned .*reading it whole/);
    expect(notSignIn!.accounting.rejected).toBe(1);
  });

  it('reads the file whole when a cut lands inside a quoted multi-line value', () => {
    const file = path.join(dir, 'InteractiveSignIns_multiline.csv');
    // Past the first megabyte (the sample the planner looks at), every quoted user agent spans 400 lines and
    // most of its row, so the first line break after a cut is almost never the end of a record.
    const longValue = `${'x'.repeat(50)}\n`.repeat(400);
    const text = bigExport(3).replace(/"Mozilla\/5\.0 /g, (match, offset: number) => (offset > 1_200_000 ? `"Mozilla/5.0 ${longValue}` : match));
    writeFileSync(file, text);
    const one = report(file, 1);
    const two = report(file, 2);
    expect(two.status).toBe(0);
    expect(two.stderr).toMatch(/misaligned .*reading it whole/);
    expect(two.stdout).toBe(one.stdout);
  });

  it('SIGNIN_ANALYZER_TRACE says how every file was read, also the ones read whole, and why', () => {
    const small = path.join(repoRoot, 'fixtures/sample/InteractiveSignIns_sample.csv');
    const trace = (threads: number, env: Record<string, string>) =>
      runCli(['report', small, '--format', 'json', '--threads', String(threads), '--now', '2026-11-16T12:00:00Z'], {
        env: { SIGNIN_ANALYZER_TRACE: '1', ...env },
      }).stderr.replace(INTERACTIVE_ONLY_NOTE, '');
    expect(trace(1, {})).toBe(`trace: ${small}: read whole on this thread (--threads 1)\n`);
    expect(trace(2, {})).toBe(`trace: ${small}: read whole on this thread (under 67108864 bytes)\n`);
    // Lowered to one byte, a file under two parts' worth is still one part: the documented limit.
    expect(trace(2, { SIGNIN_ANALYZER_PARALLEL_MIN_BYTES: '1' })).toBe(
      `trace: ${small}: read whole on this thread (parts are at least 1048576 bytes, so under 2097152 it is one part)\n`,
    );
    // A value that is not a whole number of bytes turns reading in parts off.
    expect(trace(2, { SIGNIN_ANALYZER_PARALLEL_MIN_BYTES: ' ' })).toBe(`trace: ${small}: read whole on this thread (reading in parts is off)\n`);
    expect(trace(2, { SIGNIN_ANALYZER_PARALLEL_MIN_BYTES: '64MB' })).toBe(`trace: ${small}: read whole on this thread (reading in parts is off)\n`);
  });
});
