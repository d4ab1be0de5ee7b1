// `explain` on the bundled sample, in-process: the three helpdesk cases the sample was written with (Gerhart
// Moller's second laptop retrying an old password, Megan Bowen locked out by a spray, Bianca Pisani with nothing but
// prompts that end in a sign-in) and sign-ins asked about by id, each as a golden table with the diagnosis checked
// in the JSON, the same with times to the millisecond, with a row filter (which picks flows and shows them whole)
// and with a time window (the days before it still count as history); the subject matched as --user matches;
// exit codes 0, 1 (with the nearest names) and 2; the JSON contract and its schema file.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../src/catalog/index.js';
import { EXPLANATION_SCHEMA } from '../src/render/explain/json-contract.js';
import type { JsonExplanation } from '../src/render/explain/json-contract.js';
import { repoRoot, runCli } from './helpers/exec.js';
import { runMain, withoutInteractiveOnlyNote } from './helpers/io.js';
import { expectValidJsonExplanation } from './helpers/report-schema.js';

const SAMPLE = 'fixtures/sample/InteractiveSignIns_sample.csv';
const NOW = ['--now', '2026-11-16T08:00:00Z'];

const rows = parse(readFileSync(`${repoRoot}/${SAMPLE}`, 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
/** The sample's rows of one user, by UPN. */
const rowsOf = (upn: string) => rows.filter((row) => row['Username'] === upn);

async function explain(args: readonly string[]) {
  return runMain(['explain', ...args, ...NOW]);
}

async function json(subject: string, ...more: string[]): Promise<JsonExplanation> {
  const result = await explain([subject, SAMPLE, '--format', 'json', ...more]);
  expect(result.status, result.stderr).toBe(0);
  return expectValidJsonExplanation(result.stdout) as unknown as JsonExplanation;
}

const codesOf = (flow: JsonExplanation['flows'][number]) => flow.steps.map((step) => step.code);

describe('a user whose second laptop retries an old password', async () => {
  const upn = 'gerhart.moller@contoso.example';
  const explanation = await json(upn);

  it('prints the explanation at 80 columns', async () => {
    const result = await explain([upn, SAMPLE]);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').every((line) => [...line].length <= 80)).toBe(true);
    await expect(result.stdout).toMatchFileSnapshot('golden/explain/stale-device.table.txt');
  });

  it('diagnoses the stale device first, and says its failures and lockout are that device', () => {
    const [first, ...rest] = explanation.diagnosis;
    expect(first).toMatchObject({ rank: 1, kind: 'finding', detection: 'stale-credentials', severity: 'info' });
    const office = rowsOf(upn).find((row) => row['Sign-in error code'] === '50126')!['IP address']!;
    expect(first!.title).toContain(office);
    expect(rest.map((item) => [item.kind, item.code, item.count])).toEqual([
      ['failure', 50126, 10],
      ['failure', 50053, 1],
    ]);
    for (const item of rest) expect(item.detail).toContain('Finding 1 above accounts for');
    // So what to do is the finding's alone: update the saved password, not reset it.
    expect(explanation.next).toEqual([first!.action]);
    expect(explanation.next[0]).toContain('update or remove the saved password');
  });

  it('says the same when the export gives times to the millisecond, as Log Analytics and Graph do', async () => {
    // The detections keep times to the second: the last failure, 0.64 s past its second, is still the finding's.
    const [header, ...lines] = readFileSync(`${repoRoot}/${SAMPLE}`, 'utf8').split('\n');
    const dir = mkdtempSync(path.join(tmpdir(), 'explain-ms-'));
    const file = path.join(dir, 'InteractiveSignIns.csv');
    writeFileSync(file, [header, ...lines.map((line) => line.replace(/^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)Z,/, '$1.640Z,'))].join('\n'));
    const result = await explain([upn, file, '--format', 'json']);
    rmSync(dir, { recursive: true, force: true });
    expect(result.status, result.stderr).toBe(0);
    const precise = expectValidJsonExplanation(result.stdout) as unknown as JsonExplanation;
    expect(precise.flows.flatMap((flow) => flow.steps.map((step) => step.time)).every((time) => time.endsWith('.640Z'))).toBe(true);
    expect(precise.diagnosis.map((item) => [item.kind, item.detail.includes('Finding 1 above accounts for')])).toEqual(
      explanation.diagnosis.map((item) => [item.kind, item.detail.includes('Finding 1 above accounts for')]),
    );
    expect(precise.next).toEqual(explanation.next);
  });

  it('shows each of the eleven failures as a flow of its own from the office address, over one client app', () => {
    const failed = explanation.flows.filter((flow) => flow.outcome === 'failure');
    expect(failed).toHaveLength(11);
    expect(new Set(failed.map((flow) => `${flow.ip} ${flow.clientApp}`)).size).toBe(1);
    expect(failed.map(codesOf)).toEqual([...Array(10).fill([50126]), [50053]]);
    expect(explanation.totals).toMatchObject({ signIns: rowsOf(upn).length, failure: 11, flows: { failure: 11 } });
  });
});

describe('a user locked out by a password spray', async () => {
  const upn = 'megan.bowen@contoso.example';
  const explanation = await json(upn);

  it('prints the explanation as a table and as Markdown for a ticket', async () => {
    await expect((await explain([upn, SAMPLE])).stdout).toMatchFileSnapshot('golden/explain/locked-out.table.txt');
    await expect((await explain([upn, SAMPLE, '--format', 'markdown'])).stdout).toMatchFileSnapshot('golden/explain/locked-out.md');
  });

  it('puts the spray and the lockout first, and leaves the failures they account for out of what to do', () => {
    const findings = explanation.diagnosis.filter((item) => item.kind === 'finding');
    expect(findings.map((item) => item.detection)).toEqual(expect.arrayContaining(['password-spray', 'account-lockout']));
    expect(explanation.diagnosis.slice(0, findings.length).every((item) => item.kind === 'finding')).toBe(true);
    const lockouts = explanation.diagnosis.find((item) => item.kind === 'failure' && item.code === 50053)!;
    expect(lockouts.count).toBe(rowsOf(upn).filter((row) => row['Sign-in error code'] === '50053').length);
    expect(lockouts.detail).toMatch(/Finding \d above accounts for them/);
    expect(explanation.next).not.toContain(lockouts.action);
    expect(explanation.next.join(' ')).toContain('198.51.100.66');
    // The JSON lists the findings whole, as the report does.
    expect(explanation.findings!.map((finding) => finding.kind)).toEqual(findings.map((item) => item.detection));
  });

  it('groups her prompts with the sign-in they led to', () => {
    const prompted = explanation.flows.filter((flow) => flow.steps.length > 1);
    expect(prompted.map(codesOf)).toEqual([
      [50140, 0],
      [50140, 0],
    ]);
    expect(prompted.every((flow) => flow.outcome === 'success')).toBe(true);
    expect(explanation.diagnosis.at(-1)).toMatchObject({ kind: 'normal', count: 2 });
  });

  it('accounts for every row read', () => {
    const { accounting } = explanation;
    expect(accounting.rowsRead).toBe(rows.length);
    expect(accounting.signIns + accounting.rejected + accounting.duplicates + accounting.outsideWindow + accounting.filteredOut).toBe(accounting.rowsRead);
  });
});

describe('a password accepted from an unfamiliar address and stopped by Conditional Access', async () => {
  const upn = 'diego.siciliani@contoso.example';
  const explanation = await json(upn, SAMPLE);

  it('puts the finding first and never advises loosening the policy that stopped the attacker', () => {
    expect(explanation.diagnosis[0]).toMatchObject({ kind: 'finding', detection: 'correct-password-unfamiliar-ip' });
    const blocked = explanation.diagnosis.find((item) => item.kind === 'blocked')!;
    expect(blocked.detail).toMatch(/Finding 1 above accounts for them/);
    expect(explanation.next).not.toContain(blocked.action);
    expect(explanation.next.join(' ')).not.toMatch(/change the policy/);
    expect(explanation.next[0]).toBe(explanation.diagnosis[0]!.action);
  });
});

describe('a user with nothing but prompts that end in a sign-in', async () => {
  const explanation = await json('bianca.pisani@contoso.example');

  it('prints the explanation at 80 columns', async () => {
    await expect((await explain(['bianca.pisani@contoso.example', SAMPLE])).stdout).toMatchFileSnapshot('golden/explain/normal-prompts.table.txt');
  });

  it('calls it normal and has nothing to fix', () => {
    expect(explanation.diagnosis.map((item) => item.kind)).toEqual(['normal']);
    expect(explanation.totals.flows).toEqual({ total: 6, success: 6, failure: 0, interrupted: 0 });
    expect(explanation.flows.filter((flow) => flow.steps.length > 1).map(codesOf)).toEqual([
      [50074, 50140, 0],
      [50140, 0],
      [50076, 0],
    ]);
    expect(explanation.next).toHaveLength(1);
    expect(explanation.next[0]).toMatch(/^Nothing to fix/);
    // The sample has no non-interactive log: what to do says to export it.
    expect(explanation.next[0]).toContain('non-interactive');
  });

  it('does not call her own address unfamiliar when only her prompts are asked about', async () => {
    // Her successful sign-ins are left out by --outcome, but they still show which addresses are hers.
    const prompts = await json('bianca.pisani@contoso.example', '--outcome', 'interrupted');
    expect(prompts.accounting.signIns).toBe(rows.filter((row) => row['Status'] === 'Interrupted').length);
    expect(prompts.findings).toEqual([]);
  });

  it('shows the flows a filter picks whole, so a prompt followed by her sign-in is not a prompt left unfinished', async () => {
    const prompts = await json('bianca.pisani@contoso.example', '--outcome', 'interrupted');
    // Every flow with a prompt, each with the sign-in it led to; the sign-ins without a prompt stay out.
    const unmarked = (flows: JsonExplanation['flows']) => flows.map((flow) => ({ ...flow, steps: flow.steps.map(({ passesFilters, ...step }) => step) }));
    expect(unmarked(prompts.flows)).toEqual(unmarked(explanation.flows.filter((flow) => flow.steps.some((step) => step.outcome === 'interrupted'))));
    expect(prompts.totals.flows).toEqual({ total: 3, success: 3, failure: 0, interrupted: 0 });
    expect(prompts.diagnosis.map((item) => item.kind)).toEqual(['normal']);
    const steps = prompts.flows.flatMap((flow) => flow.steps);
    expect(steps.filter((step) => !step.passesFilters).map((step) => step.outcome)).toEqual(['success', 'success', 'success']);
    expect(steps.filter((step) => step.passesFilters).every((step) => step.outcome === 'interrupted')).toBe(true);
    const table = await explain(['bianca.pisani@contoso.example', SAMPLE, '--outcome', 'interrupted', '--width', '0']);
    expect(table.stdout).toContain('7 in 3 flows (3 of them outside the window or filters, shown with their flows)');
    expect(table.stdout).not.toContain('never signed in');
    // The sign-in each prompt led to is marked as left out; without filters nothing is.
    expect(table.stdout).toContain('50074→50140→(0)');
    expect(table.stdout).toContain('(code) = outside the window or filters');
    expect((await explain(['bianca.pisani@contoso.example', SAMPLE, '--width', '0'])).stdout).not.toContain('(0)');
    const page = await explain(['bianca.pisani@contoso.example', SAMPLE, '--outcome', 'interrupted', '--format', 'html']);
    expect(page.stdout).toContain('Of the sign-ins shown, 3 are outside the window or filters and shown with their flows.');
    // Asked about by the prompt's request id, the flow is whole as well.
    const prompt = rowsOf('bianca.pisani@contoso.example').find((row) => row['Sign-in error code'] === '50074')!;
    const flow = await json(prompt['Request ID']!, '--outcome', 'interrupted');
    expect(flow.flows.map(codesOf)).toEqual([[50074, 50140, 0]]);
    expect(flow.flows[0]!.outcome).toBe('success');
    // The request itself must pass the filters.
    const left = await explain([prompt['Request ID']!, SAMPLE, '--outcome', 'success']);
    expect(left.status).toBe(1);
    expect(left.stderr).toContain('(1 of its sign-ins falls outside them)');
  });
});

describe('a time window', () => {
  it('shows a flow that crosses its edge whole, the steps outside it in parentheses', async () => {
    const upn = 'bianca.pisani@contoso.example';
    const prompt = rowsOf(upn).find((row) => row['Sign-in error code'] === '50074')!;
    const flow = rowsOf(upn).filter((row) => row['Correlation ID'] === prompt['Correlation ID']);
    const at = (row: Record<string, string>, seconds: number) => new Date(Date.parse(row['Date (UTC)']!) + seconds * 1000).toISOString();
    // Cut right after the prompt: the "stay signed in?" prompt and her sign-in come after the window.
    const cut = await json(upn, '--until', at(prompt, 1));
    expect(cut.flows.map(codesOf)).toEqual([[50074, 50140, 0]]);
    expect(cut.flows[0]!.steps.map((step) => step.passesFilters)).toEqual([true, false, false]);
    expect(cut.totals.flows).toMatchObject({ success: 1, interrupted: 0 });
    expect(cut.diagnosis.map((item) => item.kind)).not.toContain('unfinished');
    // Starting right after it: the prompt comes before the window.
    const later = await json(upn, '--since', at(prompt, 1));
    expect(later.flows[0]!.steps.map((step) => [step.code, step.passesFilters])).toEqual([
      [50074, false],
      [50140, true],
      [0, true],
    ]);
    expect(flow).toHaveLength(3);
    // A step far from the edge is not read for its flow.
    const dayAfter = await json(upn, '--since', at(prompt, 86_400));
    const earliest = Math.min(...dayAfter.flows.flatMap((item) => item.steps.map((step) => Date.parse(step.time))));
    expect(earliest).toBeGreaterThanOrEqual(Date.parse(at(prompt, 86_400 - 3600)));
  });

  it('does not call an address unfamiliar when the sign-ins that made it familiar came before the window', async () => {
    const upn = 'lee.gu@contoso.example';
    const unfamiliar = (explanation: JsonExplanation) => explanation.findings!.filter((finding) => finding.kind === 'correct-password-unfamiliar-ip');
    expect(unfamiliar(await json(upn))).toEqual([]);
    const lastDays = await json(upn, '--since', '2026-11-13');
    expect(lastDays.accounting.outsideWindow).toBeGreaterThan(0);
    expect(unfamiliar(lastDays)).toEqual([]);
  });
});

describe('one sign-in, by its request id or correlation id', () => {
  const blocked = rows.find((row) => row['Sign-in error code'] === '53003')!;

  it('shows a Conditional Access block with every field of the sign-in', async () => {
    const result = await explain([blocked['Request ID']!, SAMPLE]);
    expect(result.status).toBe(0);
    await expect(result.stdout).toMatchFileSnapshot('golden/explain/request.table.txt');
    const explanation = await json(blocked['Request ID']!);
    expect(explanation.subject).toMatchObject({ kind: 'request', asked: blocked['Request ID'] });
    const [step] = explanation.flows.flatMap((flow) => flow.steps);
    expect(step!.record).toMatchObject({ requestId: blocked['Request ID'], ip: blocked['IP address'], user: blocked['Username'], errorCode: 53003 });
    const block = explanation.diagnosis.find((item) => item.kind === 'blocked')!;
    expect(block).toMatchObject({ code: 53003, actor: 'tenant_admin', action: builtinCatalog().lookup(53003)!.remediation });
    expect(block.detail).toContain('"failure"');
    // The sample's blocks are Diego Siciliani's password used from an unfamiliar address: that finding says what to do.
    expect(block.detail).toContain('Finding 1 above accounts for it');
    expect(explanation.next).toEqual([explanation.diagnosis[0]!.action]);
  });

  it('calls two flows that went through at once both, not "all 2"', async () => {
    const explanation = await json('bianca.pisani@contoso.example', '--since', '2026-11-10T12:00Z', '--until', '2026-11-11T00:00Z');
    expect(explanation.flows.map((flow) => [flow.steps.length, flow.outcome])).toEqual([
      [1, 'success'],
      [1, 'success'],
    ]);
    expect(explanation.diagnosis.map((item) => [item.kind, item.title, item.count])).toEqual([['normal', 'Both sign-in flows signed in', 2]]);
  });

  it('calls a sign-in that went through at once the one flow that signed in, not "all 1"', async () => {
    const once = rows.find(
      (row) => row['Sign-in error code'] === '0' && rows.filter((other) => other['Correlation ID'] === row['Correlation ID']).length === 1,
    )!;
    const explanation = await json(once['Request ID']!);
    expect(explanation.diagnosis.map((item) => [item.kind, item.title, item.count])).toEqual([['normal', 'The sign-in flow signed in', 1]]);
  });

  it('finds the whole flow of a step in its middle: read again for the steps before it', async () => {
    const [prompt, kmsi, signedIn] = rowsOf('bianca.pisani@contoso.example')
      .filter((row) => row['Correlation ID'] === rowsOf('bianca.pisani@contoso.example').find((r) => r['Sign-in error code'] === '50074')!['Correlation ID'])
      .reverse();
    const explanation = await json(kmsi!['Request ID']!);
    expect(explanation.flows).toHaveLength(1);
    expect(explanation.flows[0]!.steps.map((step) => step.requestId)).toEqual([prompt!['Request ID'], kmsi!['Request ID'], signedIn!['Request ID']]);
    expect(explanation.headline).toContain(`step 2 of 3 in its flow, which signed in at ${signedIn!['Date (UTC)']!.slice(0, 16).replace('T', ' ')} UTC`);
    expect(explanation.complete).toBe(true);
    // By the correlation id, the same flow.
    const byCorrelation = await json(kmsi!['Correlation ID']!);
    expect(byCorrelation.subject.kind).toBe('correlation');
    expect(byCorrelation.flows).toEqual(explanation.flows);
  });

  it('from standard input, which is read once, shows the steps read after the request and says so', async () => {
    // The portal writes the newest sign-in first: the sign-in that followed the prompt comes before it in the file.
    const kmsi = rowsOf('bianca.pisani@contoso.example').find((row) => row['Sign-in error code'] === '50140')!;
    const input = readFileSync(`${repoRoot}/${SAMPLE}`, 'utf8');
    const result = await runMain(['explain', kmsi['Request ID']!, '-', ...NOW, '--format', 'json'], { input });
    const explanation = expectValidJsonExplanation(result.stdout) as unknown as JsonExplanation;
    expect(explanation.complete).toBe(false);
    expect(codesOf(explanation.flows[0]!)).toEqual([50140]);
    // Its sign-in was not kept: neither the headline nor the diagnosis may say the flow never signed in.
    expect(explanation.headline).toContain('so how the flow ended is not known');
    expect(explanation.diagnosis.map((item) => [item.kind, item.title])).toEqual([
      ['unfinished', '1 flow reached 50140 KmsiInterrupt; how it ended is not known'],
    ]);
    expect(JSON.stringify(explanation)).not.toContain('never signed in');
    const table = await runMain(['explain', kmsi['Request ID']!, '-', ...NOW, '--width', '0'], { input });
    expect(table.stdout).toContain('read from standard input once: steps read before the request are missing');
    // The same rows from the file: the whole flow.
    expect(codesOf((await json(kmsi['Request ID']!)).flows[0]!)).toEqual([50140, 0]);
  });
});

describe('matching the subject as --user does', async () => {
  const upn = 'megan.bowen@contoso.example';
  const reference = await json(upn);
  const row = rowsOf(upn)[0]!;

  it.each([
    ['the display name in capitals', row['User']!.toUpperCase()],
    ['the display name with accents', 'Mégan Bówen'],
    ['the UPN in another case', 'Megan.Bowen@Contoso.Example'],
    ['the object id', row['User ID']!],
  ])('%s', async (_what, subject) => {
    const explanation = await json(subject);
    expect(explanation.subject.kind).toBe('user');
    expect(explanation.flows).toEqual(reference.flows);
    expect(explanation.diagnosis).toEqual(reference.diagnosis);
  });
});

describe('exit codes', () => {
  it('1 when the subject has no sign-in in the inputs, with the nearest users on one line of stderr', async () => {
    const result = await explain(['megan.bowan@contoso', SAMPLE]);
    expect(result).toMatchObject({ status: 1, stdout: '' });
    const line = withoutInteractiveOnlyNote(result.stderr);
    expect(line.split('\n')).toHaveLength(2);
    expect(line).toMatch(/^signin-analyzer: no sign-in of "megan\.bowan@contoso" in the inputs .* — closest in the inputs: megan\.bowen@contoso\.example\n$/);
  });

  it('1 when a display name names two accounts, listing them; each explained by UPN or object id, and one UPN renamed is one account', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'explain-accounts-'));
    const twins = path.join(dir, 'InteractiveSignIns_twins.csv');
    // Lee Gu's sign-ins under Megan Bowen's display name: two people, one name.
    writeFileSync(twins, readFileSync(path.join(repoRoot, SAMPLE), 'utf8').replaceAll(',Lee Gu,', ',Megan Bowen,'));
    const megan = rowsOf('megan.bowen@contoso.example');
    const lee = rowsOf('lee.gu@contoso.example');
    expect(lee.length).toBeGreaterThan(0);
    const result = await explain(['Megan Bowen', twins]);
    expect(result).toMatchObject({ status: 1, stdout: '' });
    expect(result.stderr).toContain(
      `"Megan Bowen" names 2 accounts: megan.bowen@contoso.example (object id ${megan[0]!['User ID']}) and lee.gu@contoso.example (object id ${lee[0]!['User ID']}) — ask for one of them`,
    );
    for (const subject of ['lee.gu@contoso.example', lee[0]!['User ID']!]) expect((await explain([subject, twins])).status).toBe(0);
    // One account asked for by its object id stays one account, whatever names its sign-ins carry.
    const renamed = path.join(dir, 'InteractiveSignIns_renamed.csv');
    let seen = 0;
    const text = readFileSync(path.join(repoRoot, SAMPLE), 'utf8')
      .split('\n')
      .map((line) =>
        line.includes('lee.gu@contoso.example') && seen++ % 2 === 1 ? line.replaceAll('lee.gu@contoso.example', 'lee.gu2@contoso.example') : line,
      )
      .join('\n');
    writeFileSync(renamed, text);
    expect((await explain([lee[0]!['User ID']!, renamed])).status).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('1 for a mistyped request id, naming the id it is nearest to', async () => {
    const id = rows[100]!['Request ID']!;
    const typo = `${id.slice(0, 20)}${id[20] === 'a' ? 'b' : 'a'}${id.slice(21)}`;
    const result = await explain([typo, SAMPLE]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`closest in the inputs: ${id}`);
  });

  it('1 when the window leaves all of the subject out, saying so', async () => {
    const result = await explain(['megan.bowen@contoso.example', SAMPLE, '--since', '2026-11-14']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`(${rowsOf('megan.bowen@contoso.example').length} of its sign-ins fall outside them) — widen --since/--until`);
  });

  it.each([
    ['no input', ['megan.bowen@contoso.example'], 'no input given'],
    ['an empty subject', [' ', SAMPLE], 'nothing to explain'],
    ['--width with another format', ['megan.bowen@contoso.example', SAMPLE, '--format', 'json', '--width', '100'], '--width applies to --format table only'],
    ['a format it does not have', ['megan.bowen@contoso.example', SAMPLE, '--format', 'csv'], "argument 'csv' is invalid"],
    ['an input that does not exist', ['megan.bowen@contoso.example', 'fixtures/sample/missing.csv'], 'missing.csv'],
  ])('2 for %s', async (_what, args, message) => {
    const result = await explain(args);
    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr).toContain(message);
  });

  it('the built command exits 0 when found and 1 when not', () => {
    expect(runCli(['explain', 'bianca.pisani@contoso.example', SAMPLE, '--format', 'json']).status).toBe(0);
    const missing = runCli(['explain', 'nobody@fabrikam.example', SAMPLE, '-q']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^signin-analyzer: no sign-in of "nobody@fabrikam\.example" in the inputs/);
  });
});

describe('options shared with report', () => {
  it('--no-detections leaves the findings out', async () => {
    const explanation = await json('megan.bowen@contoso.example', '--no-detections');
    expect(explanation.findings).toBeUndefined();
    expect(explanation.diagnosis.some((item) => item.kind === 'finding')).toBe(false);
    expect(explanation.diagnosis[0]).toMatchObject({ kind: 'failure', code: 50126 });
  });

  it('joins the authentication details given beside the sign-ins, as report does: unanswered prompts make the MFA fatigue finding and say why', async () => {
    const details = 'fixtures/sample/InteractiveSignIns_AuthDetails_sample.csv';
    const kinds = (explanation: JsonExplanation) => (explanation.findings ?? []).map((finding) => finding.kind);
    expect(kinds(await json('lee.gu@contoso.example'))).not.toContain('mfa-fatigue');
    const withDetails = await json('lee.gu@contoso.example', details);
    expect(kinds(withDetails)).toContain('mfa-fatigue');
    expect(withDetails.diagnosis.filter((item) => item.kind === 'finding').map((item) => item.title)).toContain(
      'MFA prompts pushed at lee.gu@contoso.example from 198.51.100.140',
    );
    // The prompts he left unanswered say why in the diagnosis, and each step carries its MFA step.
    const unanswered = withDetails.diagnosis.find((item) => item.kind === 'unfinished')!;
    expect(unanswered.detail).toContain(
      'The authentication details say: "Mobile app notification: MFA denied; user did not respond to mobile app notification"',
    );
    const steps = withDetails.flows.flatMap((flow) => flow.steps);
    expect(steps.filter((step) => step.mfa?.succeeded === false).map((step) => step.code)).toEqual([500121, 50074, 500121, 50074, 500121, 500121]);
    expect((await json('lee.gu@contoso.example')).flows.flatMap((flow) => flow.steps).every((step) => step.mfa === null)).toBe(true);
    const report = await runMain(['report', SAMPLE, details, '--format', 'json', ...NOW]);
    const fatigue = (JSON.parse(report.stdout) as { findings: { kind: string; title: string }[] }).findings.filter((finding) => finding.kind === 'mfa-fatigue');
    expect(withDetails.findings?.filter((finding) => finding.kind === 'mfa-fatigue').map((finding) => finding.title)).toEqual(
      fatigue.map((finding) => finding.title),
    );
  });

  it('--since and --until narrow the sign-ins explained', async () => {
    // A bare date given to --until includes that whole day.
    const explanation = await json('megan.bowen@contoso.example', '--since', '2026-11-12', '--until', '2026-11-12');
    expect(explanation.period).toMatchObject({ since: '2026-11-12T00:00:00Z', until: '2026-11-13T00:00:00Z' });
    expect(explanation.totals.signIns).toBe(rowsOf('megan.bowen@contoso.example').filter((row) => row['Date (UTC)']!.startsWith('2026-11-12')).length);
  });

  it('--format html writes one self-contained page', async () => {
    const result = await explain(['gerhart.moller@contoso.example', SAMPLE, '--format', 'html']);
    await expect(result.stdout).toMatchFileSnapshot('golden/explain/stale-device.html');
    expect(result.stdout).not.toMatch(/<script|src=|href=/i);
  });
});

describe('a long history', () => {
  it('shows people the latest hundred flows and failing steps, and the JSON every one', async () => {
    // Gerhart Moller's ten wrong passwords again on each of the fifteen days before, each a flow of its own.
    const header = Object.keys(rows[0]!);
    const wrong = rowsOf('gerhart.moller@contoso.example').filter((row) => row['Sign-in error code'] === '50126');
    const earlier = Array.from({ length: 15 }, (_day, d) =>
      wrong.map((row, i) => ({
        ...row,
        'Date (UTC)': new Date(Date.parse(row['Date (UTC)']!) - (d + 1) * 86_400_000).toISOString().replace('.000Z', 'Z'),
        'Request ID': `${String(d).padStart(4, '0')}${String(i).padStart(4, '0')}-0000-4000-8000-000000000001`,
        'Correlation ID': `${String(d).padStart(4, '0')}${String(i).padStart(4, '0')}-0000-4000-8000-000000000002`,
      })),
    ).flat();
    const quoted = (row: Record<string, string>) => header.map((name) => `"${row[name]!.replaceAll('"', '""')}"`).join(',');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'explain-history-')), 'InteractiveSignIns.csv');
    writeFileSync(file, [header.map((name) => `"${name}"`).join(','), ...[...rows, ...earlier].map(quoted)].join('\n'));
    const table = await explain(['gerhart.moller@contoso.example', file, '--width', '0']);
    expect(table.stdout).toContain(`Failing steps (100 of ${11 + earlier.length} steps, every one in --format json)`);
    expect(table.stdout).toContain(`100 of ${16 + earlier.length} flows, every one in --format json`);
    const whole = await explain(['gerhart.moller@contoso.example', file, '--format', 'json']);
    const explanation = expectValidJsonExplanation(whole.stdout) as unknown as JsonExplanation;
    expect(explanation.flows).toHaveLength(16 + earlier.length);
    expect(explanation.totals.failure).toBe(11 + earlier.length);
    rmSync(path.dirname(file), { recursive: true, force: true });
  });
});

describe('docs/explain.md', () => {
  // Each example shows the first sections of its command's output: the output starts with them, and the excerpt
  // ends where a section ends.
  const markdown = readFileSync(`${repoRoot}/docs/explain.md`, 'utf8');
  const shown = [...markdown.matchAll(/```sh\nnpx signin-analyzer (explain [^\n]+)\n```\n\n```text\n([\s\S]*?)```/g)].map(
    (match) => [match[1]!, match[2]!] as const,
  );

  it('has an example with output', () => {
    expect(shown.length).toBeGreaterThanOrEqual(1);
  });

  it.each(shown)('%s begins with what docs/explain.md shows', async (command, output) => {
    const printed = (await runMain(command.split(' '))).stdout;
    expect(printed.slice(0, output.length)).toBe(output);
    expect(printed.startsWith('\n', output.length)).toBe(true);
  });
});

describe('the JSON contract', () => {
  it('schema/explanation.schema.json is what the contract definition writes (npm run schema)', () => {
    const file = JSON.parse(readFileSync(`${repoRoot}/schema/explanation.schema.json`, 'utf8')) as unknown;
    expect(file).toEqual(JSON.parse(JSON.stringify(EXPLANATION_SCHEMA)));
  });
});
