// The evaluation harness: a generated benign week with one attack of every kind injected. Every injected attack
// must be found with its kind and entity, no benign user or address may be flagged, and the result must not
// depend on the order or the split of the rows. Prints recall and false positives on one line. Under a row filter
// that leaves every success out, the attacks that got in are still graded as having got in; in a window that
// starts mid-week, the days before it still show where users sign in from.

import { describe, expect, it } from 'vitest';
import { createFindingsState, finishFindings, observe, observeLeftOut, type Finding, type FindingEntity } from '../src/analyze/findings/index.js';
import { createClassifier } from '../src/analyze/outcome.js';
import { builtinCatalog, unknownEntry } from '../src/catalog/index.js';
import { findingsOf, findingsOfParts, ofKind } from './helpers/findings.js';
import { generateScenario, type ExpectedFinding, type Scenario } from './helpers/scenario.js';

const scenario = generateScenario();
const findings = findingsOf(scenario.signIns);

const sameEntity = (a: FindingEntity, b: FindingEntity): boolean => a.ip === b.ip && a.user === b.user && a.app === b.app;
const matches = (finding: Finding, expected: ExpectedFinding): boolean => finding.kind === expected.kind && sameEntity(finding.entity, expected.entity);

/** A finding about something an attack used or was aimed at (a secondary finding, not a false alarm). */
function attackRelated(finding: Finding, world: Scenario): boolean {
  const { ip, user, app } = finding.entity;
  return (
    (ip !== undefined && world.attack.ips.has(ip)) || (user !== undefined && world.attack.users.has(user)) || (app !== undefined && world.attack.apps.has(app))
  );
}

/** A finding that names a benign user or address and no attack at all. */
function falseAlarm(finding: Finding, world: Scenario): boolean {
  if (world.expected.some((expected) => matches(finding, expected)) || attackRelated(finding, world)) return false;
  return true;
}

describe('the generated week', () => {
  it('is a realistic size, and its office really has many users failing within minutes of each other', () => {
    expect(scenario.signIns.length).toBeGreaterThan(20_000);
    expect(scenario.signIns.length).toBeLessThan(50_000);
    // The office case must be exercised: some 20-minute bin holds failures of five or more users from the
    // office address (each fixed a moment later), which a naive threshold rule would call a spray.
    const perBin = new Map<number, Set<string>>();
    for (const signIn of scenario.signIns) {
      if (signIn.ipAddress !== scenario.officeIp || signIn.errorCode !== 50126) continue;
      const bin = Math.floor(signIn.time.getTime() / 1_200_000);
      perBin.set(bin, (perBin.get(bin) ?? new Set()).add(signIn.userPrincipalName));
    }
    expect(Math.max(...[...perBin.values()].map((users) => users.size))).toBeGreaterThanOrEqual(5);
  });

  it('is the same for the same seed, and lists the newest sign-in first', () => {
    const again = generateScenario();
    expect(again.signIns.map((signIn) => signIn.requestId)).toEqual(scenario.signIns.map((signIn) => signIn.requestId));
    expect(scenario.signIns[0]!.time.getTime()).toBeGreaterThanOrEqual(scenario.signIns[scenario.signIns.length - 1]!.time.getTime());
  });
});

describe('detections on the generated week', () => {
  it('find every injected attack with its kind and entity, and flag no benign user or address', () => {
    const found = scenario.expected.filter((expected) => findings.some((finding) => matches(finding, expected)));
    const alarms = findings.filter((finding) => falseAlarm(finding, scenario));
    const secondary = findings.filter((finding) => !alarms.includes(finding) && !scenario.expected.some((expected) => matches(finding, expected)));
    const recall = (100 * found.length) / scenario.expected.length;
    process.stdout.write(
      `detections: recall ${found.length}/${scenario.expected.length} (${recall.toFixed(0)} %), false positives ${alarms.length} ` +
        `(${scenario.benignUsers.size} benign users, ${scenario.benignIps.size} benign addresses), ${secondary.length} secondary findings, ` +
        `${scenario.signIns.length.toLocaleString('en-US')} sign-ins\n`,
    );
    expect(scenario.expected.filter((expected) => !found.includes(expected)).map((expected) => expected.story)).toEqual([]);
    expect(alarms.map((finding) => `${finding.kind} ${JSON.stringify(finding.entity)}`)).toEqual([]);
  });

  it('never flag the office address or a benign user on their own', () => {
    expect(findings.filter((finding) => finding.entity.ip === scenario.officeIp)).toEqual([]);
    const benignOnly = findings.filter(
      (finding) =>
        finding.entity.user !== undefined &&
        scenario.benignUsers.has(finding.entity.user) &&
        finding.entity.ip !== undefined &&
        scenario.benignIps.has(finding.entity.ip),
    );
    expect(benignOnly.map((finding) => finding.kind)).toEqual(['stale-credentials']);
  });

  it('report the stale phone as stale credentials, never as brute force', () => {
    expect(ofKind(findings, 'brute-force').filter((finding) => finding.entity.user === scenario.stale.user)).toEqual([]);
    expect(ofKind(findings, 'stale-credentials').map((finding) => finding.entity.user)).toEqual([scenario.stale.user]);
  });

  it('give the severities the attacks call for', () => {
    const severity = (kind: Finding['kind'], entity: FindingEntity): string | undefined =>
      findings.find((finding) => finding.kind === kind && sameEntity(finding.entity, entity))?.severity;
    const entity = (story: string): FindingEntity => scenario.expected.find((expected) => expected.story === story)!.entity;
    expect(severity('brute-force', entity('a brute force from one address that got in'))).toBe('high');
    expect(severity('mfa-fatigue', entity('MFA fatigue that ended in an approval'))).toBe('high');
    expect(severity('legacy-auth', entity('a legacy sign-in that succeeded'))).toBe('high');
    expect(severity('stale-credentials', entity('a phone retrying an old password'))).toBe('info');
    expect(severity('sign-in-loop', entity('a client stuck in a prompt loop'))).toBe('low');
  });

  it('do not depend on the order of the rows or on how they were split into merged parts', () => {
    // Oldest first, and cut into three parts that go through a structured clone, as worker threads' states do.
    const reversed = [...scenario.signIns].reverse();
    const third = Math.ceil(reversed.length / 3);
    const parts = [reversed.slice(0, third), reversed.slice(third, 2 * third), reversed.slice(2 * third)];
    expect(findingsOfParts(parts, { clone: true })).toEqual(findings);
  });
});

describe('detections on the generated week, with the failures alone kept as --outcome failure keeps them', () => {
  it('grade an attack that got in as they do without the filter: the successes left out still show it', () => {
    const classify = createClassifier(builtinCatalog(), unknownEntry);
    const state = createFindingsState();
    for (const signIn of scenario.signIns) {
      const facts = classify(signIn);
      if (facts.outcome === 'failure') observe(state, signIn, facts);
      else observeLeftOut(state, signIn, facts);
    }
    const failuresOnly = finishFindings(state);
    const graded = (list: readonly Finding[]) =>
      list
        .filter((finding) => ['password-spray', 'brute-force', 'mfa-fatigue', 'disabled-account-probing'].includes(finding.kind))
        .map((finding) => `${finding.kind} ${JSON.stringify(finding.entity)} ${finding.severity}`);
    expect(graded(failuresOnly).length).toBeGreaterThan(3);
    expect(graded(failuresOnly).filter((line) => line.endsWith(' high')).length).toBeGreaterThan(0);
    expect(graded(findings)).toEqual(expect.arrayContaining(graded(failuresOnly)));
  });
});

describe('detections on the second half of the generated week, with the first half before the window', () => {
  it('flag no benign user or address: the sign-ins before the window still show where users sign in from', () => {
    const classify = createClassifier(builtinCatalog(), unknownEntry);
    const times = scenario.signIns.map((signIn) => signIn.time.getTime());
    const since = (Math.min(...times) + Math.max(...times)) / 2;
    const withHistory = createFindingsState();
    const without = createFindingsState();
    for (const signIn of scenario.signIns) {
      const facts = classify(signIn);
      if (signIn.time.getTime() >= since) {
        observe(withHistory, signIn, facts);
        observe(without, signIn, facts);
      } else observeLeftOut(withHistory, signIn, facts);
    }
    const alarms = (list: readonly Finding[]) =>
      list.filter((finding) => falseAlarm(finding, scenario)).map((finding) => `${finding.kind} ${JSON.stringify(finding.entity)}`);
    // Without the history, users' own addresses look new: the check below can fail.
    expect(alarms(finishFindings(without)).length).toBeGreaterThan(0);
    expect(alarms(finishFindings(withHistory))).toEqual([]);
  });
});
