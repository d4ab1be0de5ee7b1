// Properties of the findings engine on random sign-ins: the findings do not depend on the order of the rows
// or on how they were split into parts merged afterwards (through a structured clone, as worker threads'
// states are), and single-address sprays match a naive model written here from the rule's words.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { DEFAULT_DETECTION_SETTINGS, findingsTransferList, finishFindings, type DetectionSettings, type FindingsState } from '../src/analyze/findings/index.js';
import type { SignIn } from '../src/model.js';
import { ALL_TIME, createAnalysis, mergeAnalysisResults, NO_CRITERIA, type AnalysisResult } from '../src/analyze/index.js';
import { builtinCatalog, unknownEntry } from '../src/catalog/index.js';
import { findingsOf, findingsOfParts, observeAll, ofKind } from './helpers/findings.js';
import { makeSignIn } from './helpers/signins.js';

const START = Date.UTC(2026, 2, 2);

/** Thresholds low enough that small random inputs produce findings of every kind. */
const LOW: DetectionSettings = {
  ...DEFAULT_DETECTION_SETTINGS,
  'password-spray': { ...DEFAULT_DETECTION_SETTINGS['password-spray'], minUsers: 2, slowMinUsers: 2, slowMinHours: 0 },
  'brute-force': { ...DEFAULT_DETECTION_SETTINGS['brute-force'], minFailures: 3, dayMinFailures: 3, dayMinLocations: 2 },
  'mfa-fatigue': { ...DEFAULT_DETECTION_SETTINGS['mfa-fatigue'], minDenials: 2, minPrompts: 2 },
  'account-lockout': { ...DEFAULT_DETECTION_SETTINGS['account-lockout'], minLockouts: 1 },
  'disabled-account-probing': { ...DEFAULT_DETECTION_SETTINGS['disabled-account-probing'], minApps: 2, minUsersPerIp: 2 },
  'correct-password-unfamiliar-ip': { ...DEFAULT_DETECTION_SETTINGS['correct-password-unfamiliar-ip'], minOtherUsersForHigh: 1 },
  'stale-credentials': { ...DEFAULT_DETECTION_SETTINGS['stale-credentials'], minBins: 2, minCoverage: 0.1, maxVariation: 2 },
  'sign-in-loop': { ...DEFAULT_DETECTION_SETTINGS['sign-in-loop'], minInterrupts: 3 },
};

const signInArbitrary: fc.Arbitrary<SignIn> = fc
  .record({
    // Whole minutes over half a day: equal times and exact window edges come up often.
    minute: fc.integer({ min: 0, max: 720 }),
    user: fc.constantFrom(
      'alice@contoso.example',
      'bob@contoso.example',
      'Carol@Contoso.example',
      'carol@contoso.example',
      'dave@contoso.example',
      'erin@contoso.example',
    ),
    ip: fc.constantFrom('203.0.113.5', '203.0.113.6', '198.51.100.7', '2001:db8::1', '2001:db8:0:1::2', '192.0.2.1'),
    app: fc.constantFrom('Microsoft Teams', 'Office 365 Exchange Online', 'Contoso Expenses'),
    client: fc.constantFrom('Browser', 'Browser', 'IMAP4', 'Exchange ActiveSync'),
    code: fc.constantFrom(0, 0, 0, 50126, 50126, 50053, 50055, 50074, 50076, 500121, 53003, 50057, 50078, 50140, 99999),
    // Equal times with equal or empty request ids exercise every tie-break.
    requestId: fc.constantFrom(
      '',
      'not-a-guid',
      '0f8fad5b-d9cb-469f-a165-70867728950e',
      '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      '7C9E6679-7425-40DE-944B-E07FC1F90AE7',
      'a',
    ),
    details: fc.constantFrom('', '', 'MFA denied; user declined the authentication'),
    country: fc.constantFrom('NL', 'BR', 'VN'),
    type: fc.constantFrom('interactive', 'interactive', 'interactive', 'noninteractive'),
  })
  .map((fields) =>
    makeSignIn({
      time: new Date(START + fields.minute * 60_000),
      userPrincipalName: fields.user,
      ipAddress: fields.ip,
      appName: fields.app,
      clientApp: fields.client,
      errorCode: fields.code,
      requestId: fields.requestId,
      additionalDetails: fields.details,
      country: fields.country,
      city: `City ${fields.country}`,
      signInType: fields.type as SignIn['signInType'],
    }),
  );

/** Bursts of the same user or address make the random input look like the attacks the rules look for. */
const burstArbitrary: fc.Arbitrary<SignIn[]> = fc
  .tuple(signInArbitrary, fc.integer({ min: 2, max: 12 }), fc.integer({ min: 0, max: 15 }), fc.boolean(), fc.constantFrom('', 'x'))
  .map(([base, n, step, sameUser, suffix]) =>
    Array.from({ length: n }, (_, i) =>
      makeSignIn({
        ...base,
        time: new Date(base.time.getTime() + i * step * 60_000),
        userPrincipalName: sameUser ? base.userPrincipalName : `user${i}@contoso.example`,
        requestId: suffix === '' ? base.requestId : `${base.requestId}${i}`,
      }),
    ),
  );

const inputArbitrary = fc
  .tuple(fc.array(signInArbitrary, { maxLength: 60 }), fc.array(burstArbitrary, { maxLength: 6 }))
  .map(([rows, bursts]) => [...rows, ...bursts.flat()]);

/** A permutation and cut points, drawn together with the input. */
const scenarioArbitrary = inputArbitrary.chain((signIns) =>
  fc.record({
    signIns: fc.constant(signIns),
    order: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: signIns.length, maxLength: signIns.length }),
    cuts: fc.array(fc.integer({ min: 0, max: signIns.length }), { maxLength: 3 }),
  }),
);

function shuffleAndSplit(signIns: readonly SignIn[], order: readonly number[], cuts: readonly number[]): SignIn[][] {
  const shuffled = signIns
    .map((signIn, i) => ({ signIn, key: order[i]! }))
    .sort((a, b) => a.key - b.key)
    .map((entry) => entry.signIn);
  const bounds = [0, ...[...cuts].sort((a, b) => a - b), shuffled.length];
  return bounds.slice(1).map((end, i) => shuffled.slice(bounds[i], end));
}

describe('findings', () => {
  it('do not depend on row order or on the split into merged parts', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ signIns, order, cuts }) => {
        const whole = findingsOf(signIns, LOW);
        expect(findingsOfParts(shuffleAndSplit(signIns, order, cuts), { settings: LOW, clone: true })).toEqual(whole);
      }),
      { numRuns: 150 },
    );
  });

  it('survive a transfer between threads: every typed array moves, and the moved state finishes alike', async () => {
    const signIns = fc.sample(inputArbitrary, { numRuns: 1, seed: 11 })[0]!;
    const state = observeAll(signIns, LOW);
    const whole = findingsOf(signIns, LOW);
    expect(whole.length).toBeGreaterThan(0);
    const buffers = findingsTransferList(state);
    expect(buffers.length).toBeGreaterThan(10);
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<FindingsState>((resolve) => port2.once('message', resolve));
    port1.postMessage(state, buffers);
    const moved = await received;
    port1.close();
    port2.close();
    expect(buffers.every((buffer) => buffer.byteLength === 0)).toBe(true);
    expect(finishFindings(moved)).toEqual(whole);
  });

  it('cover every kind on these inputs (so the property above is not vacuous)', () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(inputArbitrary, (signIns) => {
        for (const finding of findingsOf(signIns, LOW)) kinds.add(finding.kind);
      }),
      { numRuns: 200, seed: 7 },
    );
    expect([...kinds].sort()).toEqual([
      'account-lockout',
      'brute-force',
      'correct-password-unfamiliar-ip',
      'disabled-account-probing',
      'legacy-auth',
      'mfa-fatigue',
      'password-spray',
      'sign-in-loop',
      'stale-credentials',
    ]);
  });

  it('keep their evidence to five sign-ins in time order, inside plain bounds', () => {
    fc.assert(
      fc.property(inputArbitrary, (signIns) => {
        for (const finding of findingsOf(signIns, LOW)) {
          expect(finding.evidence.length).toBeGreaterThan(0);
          expect(finding.evidence.length).toBeLessThanOrEqual(5);
          const times = finding.evidence.map((item) => item.time.getTime());
          expect(times).toEqual([...times].sort((a, b) => a - b));
          expect(finding.first.getTime()).toBeLessThanOrEqual(finding.last.getTime());
          expect(finding.counts.attempts).toBeGreaterThan(0);
        }
      }),
      { numRuns: 150 },
    );
  });
});

// ---- the detections find names through the tally's key indexes (analysis.ts) ----

/** Rows whose names the tally and the detections read differently: no IP, no client app, no app name, NO_VALUE itself. */
const ODD = fc.constantFrom('ip', 'client', 'app', 'user', 'none', 'plain', 'plain');

function oddly(signIn: SignIn, odd: string): SignIn {
  switch (odd) {
    case 'ip':
      return { ...signIn, ipAddress: '' };
    case 'client':
      return { ...signIn, clientApp: '' };
    case 'app':
      return { ...signIn, appName: '', appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c' };
    case 'user':
      return { ...signIn, userPrincipalName: '', userDisplayName: 'Service Desk' };
    case 'none':
      return { ...signIn, ipAddress: '(none)', clientApp: '(none)', appName: '(none)' };
    default:
      return signIn;
  }
}

const linkScenarioArbitrary = fc
  .tuple(fc.array(fc.tuple(signInArbitrary, ODD), { maxLength: 50 }), fc.array(fc.tuple(burstArbitrary, ODD), { maxLength: 6 }))
  .map(([rows, bursts]) => [...rows.map(([signIn, odd]) => oddly(signIn, odd)), ...bursts.flatMap(([burst, odd]) => burst.map((signIn) => oddly(signIn, odd)))])
  .chain((signIns) =>
    fc.record({
      signIns: fc.constant(signIns),
      order: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: signIns.length, maxLength: signIns.length }),
      cuts: fc.array(fc.integer({ min: 0, max: signIns.length }), { maxLength: 4 }),
    }),
  );

describe('findings counted with the report', () => {
  const catalog = builtinCatalog();
  const setup = { criteria: NO_CRITERIA, windows: [ALL_TIME], detections: LOW, mfaSteps: null };

  it("are those of the rows' texts, also when the analysis takes over merged parts and counts on", () => {
    fc.assert(
      fc.property(linkScenarioArbitrary, ({ signIns, order, cuts }) => {
        // The main analysis counts every other part itself and takes the rest over from other analyses (as from
        // worker threads, through a structured clone): an empty one takes a part's tally over whole.
        const main = createAnalysis(setup, catalog, unknownEntry);
        const result: AnalysisResult = main.result();
        shuffleAndSplit(signIns, order, cuts).forEach((part, index) => {
          if (index % 2 === 0) {
            for (const signIn of part) main.add(signIn);
            return;
          }
          const other = createAnalysis(setup, catalog, unknownEntry);
          for (const signIn of part) other.add(signIn);
          mergeAnalysisResults(result, structuredClone(other.result()));
        });
        expect(finishFindings(result.findings!)).toEqual(findingsOf(signIns, LOW));
      }),
      { numRuns: 200 },
    );
  });
});

// ---- the naive spray model: written from the rule's words, independently of src/analyze/findings ----

const CREDENTIAL_FAILURES = new Set([50126, 50053, 50055, 50056]);

function naiveSprayIps(signIns: readonly SignIn[], settings: DetectionSettings): Map<string, number> {
  const { binMinutes, minUsers, recoveryMinutes } = settings['password-spray'];
  const user = (signIn: SignIn) => (signIn.userPrincipalName.includes('@') ? signIn.userPrincipalName.toLowerCase() : signIn.userPrincipalName);
  const firstSuccess = new Map<string, number>();
  for (const signIn of signIns) {
    if (signIn.errorCode !== 0) continue;
    const key = `${user(signIn)} ${signIn.ipAddress}`;
    firstSuccess.set(key, Math.min(firstSuccess.get(key) ?? Infinity, signIn.time.getTime()));
  }
  // user, IP and bin → the times of the failures.
  const failures = new Map<string, { user: string; ip: string; bin: number; times: number[] }>();
  for (const signIn of signIns) {
    if (!CREDENTIAL_FAILURES.has(signIn.errorCode)) continue;
    const bin = Math.floor(signIn.time.getTime() / (binMinutes * 60_000));
    const key = `${user(signIn)} ${signIn.ipAddress} ${bin}`;
    const entry = failures.get(key) ?? { user: user(signIn), ip: signIn.ipAddress, bin, times: [] };
    entry.times.push(signIn.time.getTime());
    failures.set(key, entry);
  }
  const sprayed = new Map<string, Map<number, Set<string>>>();
  for (const { user: name, ip, bin, times } of failures.values()) {
    const first = Math.min(...times);
    const last = Math.max(...times);
    const success = firstSuccess.get(`${name} ${ip}`);
    if (success !== undefined && (success < first || success <= last + recoveryMinutes * 60_000)) continue;
    const bins = sprayed.get(ip) ?? new Map<number, Set<string>>();
    bins.set(bin, (bins.get(bin) ?? new Set()).add(name));
    sprayed.set(ip, bins);
  }
  const result = new Map<string, number>();
  for (const [ip, bins] of sprayed) {
    if (Math.max(...[...bins.values()].map((users) => users.size)) < minUsers) continue;
    result.set(ip, new Set([...bins.values()].flatMap((users) => [...users])).size);
  }
  return result;
}

describe('password-spray against a naive model', () => {
  const settings: DetectionSettings = { ...LOW, 'password-spray': { ...LOW['password-spray'], minUsers: 3, slowMinUsers: 1_000 } };

  it('flags exactly the addresses the model flags, with the same number of users', () => {
    fc.assert(
      fc.property(inputArbitrary, (signIns) => {
        const found = new Map(ofKind(findingsOf(signIns, settings), 'password-spray').map((finding) => [finding.entity.ip!, finding.counts.users]));
        expect(found).toEqual(naiveSprayIps(signIns, settings));
      }),
      { numRuns: 200 },
    );
  });
});
