// The detections in the report, run in-process: the bundled sample's findings under "Act now" in every format
// through the view, --fail-on finding:KIND and findings>=SEVERITY as exit codes, --detections FILE changing a
// threshold, --no-detections leaving them out, row filters and windows that cannot make an address unfamiliar,
// and findings shown with pseudonyms or placeholders when the report is made for sharing.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from './helpers/io.js';
import { expectValidJsonReport } from './helpers/report-schema.js';

const SAMPLE = 'fixtures/sample/InteractiveSignIns_sample.csv';
const NOW = ['--now', '2026-11-16T08:00:00Z'];
const dir = mkdtempSync(path.join(tmpdir(), 'cli-findings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface JsonFinding {
  kind: string;
  severity: string;
  title: string;
  entity: { ip?: string; user?: string; app?: string };
  counts: { attempts: number };
  evidence: { user: string; ip: string; requestId: string }[];
  why: string;
  action: string;
}

async function json(args: readonly string[]): Promise<{ status: number; findings: JsonFinding[] | undefined; stderr: string }> {
  const result = await runMain(['report', SAMPLE, ...NOW, '--format', 'json', ...args]);
  const report = expectValidJsonReport(result.stdout) as { findings?: JsonFinding[] };
  return { status: result.status, findings: report.findings, stderr: result.stderr };
}

describe('the bundled sample', () => {
  it('shows its findings first, under Act now, in the table npm start prints', async () => {
    const result = await runMain(['report', SAMPLE, ...NOW]);
    expect(result.status).toBe(0);
    const sections = result.stdout.split('\n').filter((line) => /^[A-Z][^│┌]*$/.test(line));
    expect(sections[1]).toBe('Act now: what the detections found (all 9)');
    expect(sections[2]).toBe('Summary');
    // The title wraps in its column at 80.
    expect(result.stdout).toMatch(/│ medium {3}│ Password spray from +│ +24 │[^\n]*\n│ +│ 198\.51\.100\.66 against 13 users/);
  });

  it('lists the same findings in the JSON, most urgent first, each with evidence to look up', async () => {
    const { findings } = await json([]);
    expect(findings!.map((finding) => finding.kind)).toEqual([
      'password-spray',
      'account-lockout',
      'correct-password-unfamiliar-ip',
      'correct-password-unfamiliar-ip',
      'legacy-auth',
      'legacy-auth',
      'disabled-account-probing',
      'legacy-auth',
      'stale-credentials',
    ]);
    const spray = findings![0]!;
    expect(spray).toMatchObject({ severity: 'medium', entity: { ip: '198.51.100.66' }, counts: { attempts: 24, users: 13 } });
    expect(spray.evidence).toHaveLength(5);
    for (const item of spray.evidence) expect(item.ip).toBe('198.51.100.66');
  });

  it('lists them in the CSV with --by finding, and in Markdown under the same heading', async () => {
    const csv = await runMain(['report', SAMPLE, ...NOW, '--format', 'csv', '--by', 'finding']);
    const records = parse(csv.stdout, { columns: true }) as Record<string, string>[];
    expect(records.map((record) => [record['kind'], record['ip'], record['user'], record['attempts']])[0]).toEqual([
      'password-spray',
      '198.51.100.66',
      '',
      '24',
    ]);
    expect(records).toHaveLength(9);
    const markdown = await runMain(['report', SAMPLE, ...NOW, '--format', 'markdown']);
    expect(markdown.stdout).toContain('## Act now: what the detections found (all 9)');
  });
});

describe('--fail-on with findings', () => {
  it.each([
    ['finding:password-spray', 1],
    ['finding:brute-force', 0],
    ['finding:legacy-auth>2', 1],
    ['finding:legacy-auth>3', 0],
    ['findings>=medium', 1],
    ['findings>=high', 0],
    ['findings>medium', 0],
  ])('%s exits %d', async (rule, status) => {
    const result = await runMain(['report', SAMPLE, ...NOW, '--format', 'json', '--fail-on', rule]);
    expect(result.status).toBe(status);
    const outcome = (JSON.parse(result.stdout) as { thresholds: { rules: { rule: string; crossed: boolean; kind: string }[] } }).thresholds.rules[0]!;
    expect(outcome).toMatchObject({ rule, crossed: status === 1 });
    if (status === 1) expect(result.stderr).toMatch(new RegExp(`threshold crossed: ${rule.replace(/[>=]/g, '.')}`));
  });

  it('says "1 finding" and "2 findings"', async () => {
    const result = await runMain(['report', SAMPLE, ...NOW, '-q', '--fail-on', 'finding:password-spray', '--fail-on', 'findings>=medium']);
    expect(result.stderr).toContain('threshold crossed: finding:password-spray: 1 password-spray finding (');
    expect(result.stderr).toMatch(/threshold crossed: findings>=medium: \d+ findings of severity medium or more \(/);
  });

  it.each([
    ['finding:password-sprey', "no detection is called 'password-sprey'"],
    ['findings>=urgent', "'urgent' is not a severity"],
    ['findings>high', 'nothing is more urgent than high'],
  ])('%s is a usage error', async (rule, why) => {
    const result = await runMain(['report', SAMPLE, ...NOW, '--fail-on', rule]);
    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr).toContain(why);
  });
});

describe('--detections and --no-detections', () => {
  it('a settings file changes a threshold: a spray needs more users than the sample has', async () => {
    const file = path.join(dir, 'detections.json');
    writeFileSync(file, JSON.stringify({ 'password-spray': { minUsers: 20 } }));
    const { findings } = await json(['--detections', file]);
    expect(findings!.map((finding) => finding.kind)).not.toContain('password-spray');
    expect(findings!.length).toBeGreaterThan(0);
  });

  it('a bad settings file is one line naming the file and the key', async () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, '{\n  "password-spray": { "minUser": 20 }\n}\n');
    const result = await runMain(['report', SAMPLE, ...NOW, '--detections', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^signin-analyzer: .*bad\.json:2: unknown setting "password-spray\.minUser"[^\n]*\n$/);
  });

  it('--no-detections leaves out the findings and the section, and a rule on them is a usage error', async () => {
    const { findings } = await json(['--no-detections']);
    expect(findings).toBeUndefined();
    const table = await runMain(['report', SAMPLE, ...NOW, '--no-detections']);
    expect(table.stdout).not.toContain('Act now');
    const rule = await runMain(['report', SAMPLE, ...NOW, '--no-detections', '--fail-on', 'finding:password-spray']);
    expect(rule.status).toBe(2);
    expect(rule.stderr).toContain('--no-detections');
  });

  it('a rule on a detection the settings file turns off is a usage error too, not a rule that can never cross', async () => {
    const file = path.join(dir, 'spray-off.json');
    writeFileSync(file, JSON.stringify({ 'password-spray': { enabled: false } }));
    const rule = await runMain(['report', SAMPLE, ...NOW, '--detections', file, '--fail-on', 'finding:password-spray']);
    expect(rule.status).toBe(2);
    expect(rule.stderr).toBe(
      `signin-analyzer: ${file}: --fail-on rule 'finding:password-spray' reads the password-spray findings, and the --detections file turns that detection off — leave out one of the two\n`,
    );
    expect((await runMain(['report', SAMPLE, ...NOW, '--detections', file, '--fail-on', 'finding:brute-force', '-q'])).status).toBe(0);
  });
});

describe('findings with row filters', () => {
  it('never call an address unfamiliar because the filters or the window left out the sign-ins that made it familiar', async () => {
    // The detections look only at the filtered sign-ins in the window, so a filter can take findings away; but
    // whether a user signs in from an address is learned from all of them and from those before the window, so it
    // cannot make one up.
    const key = (finding: JsonFinding) => `${finding.entity.user} ${finding.entity.ip}`;
    const unfiltered = (await json([])).findings!;
    const flagged = new Set(unfiltered.filter((finding) => finding.kind === 'correct-password-unfamiliar-ip').map(key));
    for (const filter of [
      ['--outcome', 'interrupted'],
      ['--code', '50074,50076,53003'],
      ['--app', 'Office 365 Exchange Online'],
      ['--since', '2026-11-12'],
      ['--since', '2026-11-13'],
      ['--since', '2026-11-13', '--outcome', 'interrupted'],
    ]) {
      const { status, findings } = await json(filter);
      expect(status).toBe(0);
      const unfamiliar = findings!.filter((finding) => finding.kind === 'correct-password-unfamiliar-ip').map(key);
      expect(
        unfamiliar.filter((pair) => !flagged.has(pair)),
        filter.join(' '),
      ).toEqual([]);
    }
  });
});

describe('findings in a report for sharing', () => {
  const real = ['198.51.100.66', 'megan.bowen@contoso.example', 'diego.siciliani@contoso.example', 'adele.vance@contoso.example'];

  it('show pseudonyms in every field and sentence, the same as the report rows', async () => {
    const key = path.join(dir, 'share.key');
    const result = await runMain(['report', SAMPLE, ...NOW, '--format', 'json', '--pseudonymize', 'users,ips', '--key-file', key]);
    const report = JSON.parse(result.stdout) as { findings: JsonFinding[]; byIp: { ip: string }[] };
    const text = JSON.stringify(report.findings);
    for (const value of real) expect(text).not.toContain(value);
    const spray = report.findings[0]!;
    expect(spray.entity.ip).toMatch(/^ip-[0-9a-f]{12}$/);
    expect(spray.title).toContain(spray.entity.ip);
    // The spray's address is the report's top IP row, under the same pseudonym.
    expect(report.byIp.map((row) => row.ip)).toContain(spray.entity.ip);
  });

  it('show numbered placeholders for redacted values, so findings of one user still name one', async () => {
    const result = await runMain(['report', SAMPLE, ...NOW, '--format', 'json', '--redact', 'users,ips']);
    const report = JSON.parse(result.stdout) as { findings: JsonFinding[] };
    const text = JSON.stringify(report.findings);
    for (const value of real) expect(text).not.toContain(value);
    expect(report.findings[0]!.title).toBe('Password spray from (address 1) against 13 users');
    expect(report.findings.find((finding) => finding.kind === 'account-lockout')!.entity.user).toMatch(/^\(user \d+\)$/);
  });
});
