// Each detection on small hand-made sign-ins joined with the built-in catalog: what it must find, and the
// benign look-alikes it must leave alone (a typo fixed at the office, the user's own address, a stale phone); and
// what the sign-ins the row filters left out still tell them (an address is the user's own, an attack got in).

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DETECTION_SETTINGS,
  finishFindings,
  mergeFindingsStates,
  observe,
  observeLeftOut,
  createFindingsState,
  type DetectionSettings,
  type Finding,
} from '../src/analyze/findings/index.js';
import { builtinCatalog, unknownEntry } from '../src/catalog/index.js';
import { createClassifier } from '../src/analyze/outcome.js';
import type { SignIn } from '../src/model.js';
import { findingsOf, ofKind } from './helpers/findings.js';
import { makeSignIn } from './helpers/signins.js';

const classifyRow = createClassifier(builtinCatalog(), unknownEntry);
const START = Date.UTC(2026, 2, 2, 9, 0, 0);
const MINUTE = 60_000;
let sequence = 0;

/** A sign-in `minutes` after 2026-03-02 09:00 UTC; success unless a code is given. */
function at(minutes: number, fields: Partial<SignIn> & { user?: string; ip?: string } = {}): SignIn {
  const { user = 'alice@contoso.example', ip = '192.0.2.10', ...rest } = fields;
  sequence += 1;
  return makeSignIn({
    time: new Date(START + minutes * MINUTE),
    requestId: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    userPrincipalName: user,
    ipAddress: ip,
    appName: 'Office 365 Exchange Online',
    ...rest,
  });
}

const user = (n: number): string => `user${n}@contoso.example`;
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function only(findings: readonly Finding[], kind: Finding['kind']): Finding {
  const found = ofKind(findings, kind);
  expect(found, `${kind} findings: ${JSON.stringify(findings.map((f) => [f.kind, f.entity]))}`).toHaveLength(1);
  return found[0]!;
}

function settingsWith(overrides: Partial<Record<keyof DetectionSettings, object>>): DetectionSettings {
  const settings: Record<string, unknown> = { ...DEFAULT_DETECTION_SETTINGS };
  for (const [key, value] of Object.entries(overrides)) settings[key] = { ...(settings[key] as object), ...value };
  return settings as unknown as DetectionSettings;
}

describe('password-spray', () => {
  const spray = (users: number, ip = '203.0.113.5', start = 0): SignIn[] => range(users).map((i) => at(start + i * 2, { user: user(i), ip, errorCode: 50126 }));

  it('flags one address failing for five users in a 20-minute bin, with the earliest evidence first', () => {
    const finding = only(findingsOf(spray(6)), 'password-spray');
    expect(finding.entity).toEqual({ ip: '203.0.113.5' });
    expect(finding.severity).toBe('medium');
    expect(finding.counts).toEqual({ attempts: 6, users: 6, ips: 1, apps: 1, successes: 0 });
    expect(finding.first).toEqual(new Date(START));
    expect(finding.last).toEqual(new Date(START + 10 * MINUTE));
    expect(finding.evidence.map((item) => item.user)).toEqual([0, 1, 2, 3, 4].map(user));
    expect(finding.why).toContain('6 users');
  });

  it('needs five users', () => {
    expect(ofKind(findingsOf(spray(4)), 'password-spray')).toEqual([]);
  });

  it('leaves alone an office address where people mistype and sign in a minute later', () => {
    const office = range(12).flatMap((i) => [at(i, { user: user(i), errorCode: 50126 }), at(i + 1, { user: user(i) })]);
    expect(findingsOf(office)).toEqual([]);
  });

  it('counts a fix up to the recovery minutes after the last failure, and not a minute later', () => {
    const failures = spray(6);
    const fixedInTime = failures.map((failure) => at((failure.time.getTime() - START) / MINUTE + 10, { user: failure.userPrincipalName, ip: '203.0.113.5' }));
    expect(ofKind(findingsOf([...failures, ...fixedInTime]), 'password-spray')).toEqual([]);
    const fixedLate = failures.map((failure) => at((failure.time.getTime() - START) / MINUTE + 11, { user: failure.userPrincipalName, ip: '203.0.113.5' }));
    expect(only(findingsOf([...failures, ...fixedLate]), 'password-spray').severity).toBe('high');
  });

  it('does not count users failing from an address they signed in from before', () => {
    const before = range(6).map((i) => at(-600 + i, { user: user(i), ip: '203.0.113.5' }));
    expect(ofKind(findingsOf([...before, ...spray(6)]), 'password-spray')).toEqual([]);
  });

  it('is high when a targeted user then signs in from the spraying address, and shows that sign-in', () => {
    const success = at(120, { user: user(3), ip: '203.0.113.5' });
    const finding = only(findingsOf([...spray(6), success]), 'password-spray');
    expect(finding.severity).toBe('high');
    expect(finding.counts.successes).toBe(1);
    expect(finding.evidence.map((item) => item.requestId)).toContain(success.requestId);
    expect(finding.why).toContain(user(3));
  });

  it('is high when a user the spray did not fail for signs in from it during the spray (a guessed password)', () => {
    const guessed = at(5, { user: user(40), ip: '203.0.113.5' });
    const finding = only(findingsOf([...spray(6), guessed]), 'password-spray');
    expect(finding.severity).toBe('high');
  });

  it('finds the low-and-slow form: several addresses of one network, a few users per bin, over hours', () => {
    const slow = range(24).map((i) => at(i * 10, { user: user(i), ip: `198.51.100.${20 + (i % 3)}`, errorCode: 50126 }));
    const finding = only(findingsOf(slow), 'password-spray');
    expect(finding.entity).toEqual({ ip: '198.51.100.0/24' });
    expect(finding.counts).toMatchObject({ users: 24, ips: 3 });
    expect(finding.title).toContain('Low-and-slow');
  });

  it('finds a spray too slow for one bin and too fast for hours: 20 users in 95 minutes, 4 a bin', () => {
    const medium = range(20).map((i) => at(i * 5, { user: user(i), ip: '203.0.113.77', errorCode: 50126 }));
    const finding = only(findingsOf(medium), 'password-spray');
    expect(finding).toMatchObject({ severity: 'medium', counts: { users: 20, attempts: 20 } });
    expect(findingsOf(medium.slice(0, 9))).toEqual([]);
  });

  it('finds a burst from addresses rotating within one network, an address a user', () => {
    const v4 = range(20).map((i) => at(i / 2, { user: user(i), ip: `198.51.100.${10 + i}`, errorCode: 50126 }));
    expect(only(findingsOf(v4), 'password-spray')).toMatchObject({ entity: { ip: '198.51.100.0/24' }, counts: { users: 20, ips: 20 } });
    const v6 = range(20).map((i) => at(i / 2, { user: user(i), ip: `2001:db8:1:2::${(i + 1).toString(16)}`, errorCode: 50126 }));
    expect(only(findingsOf(v6), 'password-spray')).toMatchObject({ entity: { ip: '2001:db8:1::/48' }, counts: { users: 20 } });
  });

  it('keeps the low-and-slow form to users who never signed in from that network', () => {
    const slow = range(24).map((i) => at(i * 10, { user: user(i), ip: `198.51.100.${20 + (i % 3)}`, errorCode: 50126 }));
    const theirs = range(24).map((i) => at(-2000, { user: user(i), ip: '198.51.100.200' }));
    expect(ofKind(findingsOf([...theirs, ...slow]), 'password-spray')).toEqual([]);
  });
});

describe('brute-force', () => {
  const burst = (n: number, fields: Partial<SignIn> & { ip?: string } = {}): SignIn[] =>
    range(n).map((i) => at(i, { ip: '203.0.113.7', errorCode: 50126, ...fields }));

  it('flags 30 failures within an hour from one address, low without lockouts', () => {
    const finding = only(findingsOf(burst(35)), 'brute-force');
    expect(finding.entity).toEqual({ user: 'alice@contoso.example', ip: '203.0.113.7' });
    expect(finding.severity).toBe('low');
    expect(finding.counts.attempts).toBe(35);
  });

  it('needs 30', () => {
    expect(ofKind(findingsOf(burst(29)), 'brute-force')).toEqual([]);
  });

  it('is medium when lockouts follow, and the lockout finding for the same user and address is dropped', () => {
    const signIns = [...burst(30), ...range(5).map((i) => at(40 + i, { ip: '203.0.113.7', errorCode: 50053 }))];
    const findings = findingsOf(signIns);
    expect(only(findings, 'brute-force').severity).toBe('medium');
    expect(ofKind(findings, 'account-lockout')).toEqual([]);
  });

  it('is high when the password then got through from that address', () => {
    const finding = only(findingsOf([...burst(30), at(90, { ip: '203.0.113.7' })]), 'brute-force');
    expect(finding.severity).toBe('high');
    expect(finding.counts.successes).toBe(1);
  });

  it('flags 30 failures in a day from three places', () => {
    const places = [
      ['203.0.113.21', 'BR'],
      ['203.0.113.22', 'VN'],
      ['203.0.113.23', 'KE'],
    ] as const;
    const signIns = places.flatMap(([ip, country], p) => range(11).map((i) => at(p * 120 + i * 5, { ip, country, city: `City ${country}`, errorCode: 50126 })));
    const finding = only(findingsOf(signIns), 'brute-force');
    expect(finding.entity).toEqual({ user: 'alice@contoso.example' });
    expect(finding.counts).toMatchObject({ attempts: 33, ips: 3 });
  });

  it('leaves a steady stale device to stale-credentials, even at a brute-force rate', () => {
    // Twelve failures every 20 minutes for eight hours from the user's own home address, one client.
    const home = '100.64.1.10';
    const signIns = [at(-60, { ip: home }), ...range(24 * 12).map((i) => at(i * (20 / 12), { ip: home, clientApp: 'Exchange ActiveSync', errorCode: 50126 }))];
    const findings = findingsOf(signIns);
    expect(ofKind(findings, 'brute-force')).toEqual([]);
    expect(only(findings, 'stale-credentials').entity).toEqual({ user: 'alice@contoso.example', ip: home, app: 'Office 365 Exchange Online' });
  });
});

describe('mfa-fatigue', () => {
  const denials = (n: number, ip = '203.0.113.8'): SignIn[] => range(n).map((i) => at(i * 1.5, { ip, errorCode: 500121 }));

  it('flags five MFA denials within minutes from an address the user never signed in from', () => {
    const finding = only(findingsOf([at(-600), ...denials(6)]), 'mfa-fatigue');
    expect(finding.entity).toEqual({ user: 'alice@contoso.example', ip: '203.0.113.8' });
    expect(finding.severity).toBe('medium');
    expect(finding.counts.attempts).toBe(6);
  });

  it('needs five', () => {
    expect(ofKind(findingsOf(denials(4)), 'mfa-fatigue')).toEqual([]);
  });

  it('is high when a sign-in from that address then succeeds', () => {
    const finding = only(findingsOf([...denials(6), at(12, { ip: '203.0.113.8' })]), 'mfa-fatigue');
    expect(finding.severity).toBe('high');
    expect(finding.counts.successes).toBe(1);
  });

  it('is low from the user own address (their device failing MFA)', () => {
    expect(only(findingsOf([at(-600, { ip: '203.0.113.8' }), ...denials(6)]), 'mfa-fatigue').severity).toBe('low');
  });

  it('counts an MFA-required interrupt whose details say the request was denied', () => {
    const texts = range(6).map((i) => at(i, { ip: '203.0.113.8', errorCode: 50074, additionalDetails: 'MFA denied; user declined the authentication' }));
    expect(only(findingsOf(texts), 'mfa-fatigue').counts.attempts).toBe(6);
  });

  it('counts an MFA step result fed in with the row', () => {
    const classify = createClassifier(builtinCatalog(), unknownEntry);
    const state = createFindingsState();
    for (const signIn of range(6).map((i) => at(i, { ip: '203.0.113.8', errorCode: 50074 }))) {
      observe(state, signIn, classify(signIn), {
        method: 'Mobile app notification',
        succeeded: false,
        detail: 'MFA denied; user did not respond to mobile app notification',
      });
    }
    expect(only(finishFindings(state), 'mfa-fatigue').counts.attempts).toBe(6);
  });

  it('flags a loop of MFA prompts from an unknown address', () => {
    const prompts = range(12).map((i) => at(i * 0.5, { ip: '203.0.113.8', errorCode: 50074 }));
    expect(only(findingsOf(prompts), 'mfa-fatigue').counts.attempts).toBe(12);
  });

  it('leaves alone prompts answered from the user own address', () => {
    const answered = range(12).flatMap((i) => [at(i * 30, { errorCode: 50074 }), at(i * 30 + 0.5)]);
    expect(findingsOf(answered)).toEqual([]);
  });
});

describe('account-lockout', () => {
  const lockouts = (n: number, ip = '203.0.113.9'): SignIn[] => range(n).map((i) => at(i * 3, { ip, errorCode: 50053 }));

  it('lists three lockouts in a day, medium when the address is unfamiliar', () => {
    const finding = only(findingsOf(lockouts(3)), 'account-lockout');
    expect(finding.entity).toEqual({ user: 'alice@contoso.example', ip: '203.0.113.9' });
    expect(finding.severity).toBe('medium');
  });

  it('is low from the user own address, and needs three', () => {
    expect(only(findingsOf([at(-60, { ip: '203.0.113.9' }), ...lockouts(3)]), 'account-lockout').severity).toBe('low');
    expect(findingsOf(lockouts(2))).toEqual([]);
  });

  it('names every address that caused lockouts', () => {
    const finding = only(findingsOf([...lockouts(2), ...lockouts(2, '203.0.113.10')]), 'account-lockout');
    expect(finding.entity).toEqual({ user: 'alice@contoso.example' });
    expect(finding.why).toContain('203.0.113.9 (2)');
    expect(finding.why).toContain('203.0.113.10 (2)');
  });
});

describe('disabled-account-probing', () => {
  const apps = ['Microsoft Teams', 'Office 365 Exchange Online', 'SharePoint Online'];

  it('flags a disabled account tried on three apps', () => {
    const signIns = apps.map((appName, i) => at(i, { user: 'gone@contoso.example', ip: '203.0.113.11', appName, errorCode: 50057 }));
    const finding = only(findingsOf(signIns), 'disabled-account-probing');
    expect(finding.entity).toEqual({ user: 'gone@contoso.example', ip: '203.0.113.11' });
    expect(finding.severity).toBe('medium');
    expect(finding.counts.apps).toBe(3);
  });

  it('is low for one app from an address the account never used (a forgotten device)', () => {
    expect(only(findingsOf([at(0, { user: 'gone@contoso.example', ip: '203.0.113.11', errorCode: 50057 })]), 'disabled-account-probing').severity).toBe('low');
  });

  it('leaves alone one app from the address the account used to sign in from', () => {
    const signIns = [
      at(-5000, { user: 'gone@contoso.example', ip: '203.0.113.11' }),
      at(0, { user: 'gone@contoso.example', ip: '203.0.113.11', errorCode: 50057 }),
    ];
    expect(findingsOf(signIns)).toEqual([]);
  });

  it('flags an address trying several disabled accounts, high when it also signed in as someone', () => {
    const probes = [
      at(0, { user: 'gone1@contoso.example', ip: '203.0.113.12', errorCode: 50057 }),
      at(1, { user: 'gone2@contoso.example', ip: '203.0.113.12', errorCode: 50057 }),
    ];
    const byIp = only(findingsOf(probes), 'disabled-account-probing');
    expect(byIp.entity).toEqual({ ip: '203.0.113.12' });
    expect(byIp.severity).toBe('medium');
    expect(only(findingsOf([...probes, at(5, { user: 'bob@contoso.example', ip: '203.0.113.12' })]), 'disabled-account-probing').severity).toBe('high');
  });
});

describe('legacy-auth', () => {
  it('is high for a legacy sign-in from an address the user never used with modern authentication', () => {
    const findings = findingsOf([at(-600), at(0, { ip: '203.0.113.13', clientApp: 'IMAP4' })]);
    const specific = ofKind(findings, 'legacy-auth').find((finding) => finding.entity.user !== undefined)!;
    expect(specific.entity).toEqual({ user: 'alice@contoso.example', ip: '203.0.113.13' });
    expect(specific.severity).toBe('high');
    const protocol = ofKind(findings, 'legacy-auth').find((finding) => finding.entity.app !== undefined)!;
    expect(protocol).toMatchObject({ entity: { app: 'IMAP4' }, severity: 'medium' });
  });

  it('raises no alarm per address for a user whose phone only does legacy mail and roams between carriers', () => {
    const roaming = range(6).map((i) => at(i * 60, { ip: `82.132.${200 + i}.25`, clientApp: 'Exchange ActiveSync' }));
    expect(only(findingsOf(roaming), 'legacy-auth')).toMatchObject({
      entity: { app: 'Exchange ActiveSync' },
      severity: 'medium',
      counts: { ips: 6, successes: 6 },
    });
  });

  it('is medium per protocol when legacy sign-ins succeed from the user own places, low when they only fail', () => {
    expect(only(findingsOf([at(-600), at(0, { clientApp: 'POP3' })]), 'legacy-auth')).toMatchObject({ entity: { app: 'POP3' }, severity: 'medium' });
    expect(only(findingsOf([at(0, { clientApp: 'Authenticated SMTP', errorCode: 50126 })]), 'legacy-auth')).toMatchObject({
      entity: { app: 'Authenticated SMTP' },
      severity: 'low',
    });
  });

  it('leaves a stale device out: it is helpdesk work, not a protocol to close', () => {
    const home = '100.64.1.10';
    const phone = range(20).map((i) => at(i * 15, { ip: home, clientApp: 'Exchange ActiveSync', errorCode: 50126 }));
    const findings = findingsOf([at(-60, { ip: home }), ...phone]);
    expect(ofKind(findings, 'legacy-auth')).toEqual([]);
    expect(ofKind(findings, 'stale-credentials')).toHaveLength(1);
  });
});

describe('correct-password-unfamiliar-ip', () => {
  it('flags a Conditional Access block from an address the user never signed in from', () => {
    const finding = only(findingsOf([at(-600), at(0, { ip: '203.0.113.14', errorCode: 53003 })]), 'correct-password-unfamiliar-ip');
    expect(finding.entity).toEqual({ user: 'alice@contoso.example', ip: '203.0.113.14' });
    expect(finding.severity).toBe('medium');
    expect(finding.why).toContain('AADSTS53003');
    expect(finding.evidence).toHaveLength(1);
  });

  it('is high when the same address had wrong passwords for three other users', () => {
    const others = range(3).map((i) => at(i, { user: user(i), ip: '203.0.113.14', errorCode: 50126 }));
    expect(only(findingsOf([...others, at(10, { ip: '203.0.113.14', errorCode: 50076 })]), 'correct-password-unfamiliar-ip').severity).toBe('high');
  });

  it('leaves alone an address the user signed in from, or another in its network', () => {
    expect(findingsOf([at(0, { ip: '203.0.113.14', errorCode: 50074 }), at(1, { ip: '203.0.113.14' })])).toEqual([]);
    expect(findingsOf([at(-600, { ip: '203.0.113.200' }), at(0, { ip: '203.0.113.14', errorCode: 53003 })])).toEqual([]);
  });

  it('leaves alone an address the user signed in from in sign-ins the row filters left out', () => {
    const prompt = at(0, { ip: '203.0.113.14', errorCode: 50074 });
    const findingsBeside = (left: SignIn): Finding[] => {
      const state = createFindingsState();
      observeLeftOut(state, left, classifyRow(left));
      observe(state, prompt, classifyRow(prompt));
      return finishFindings(state);
    };
    // The same address, another in its network: familiar. A failure, or an address elsewhere: not.
    expect(findingsBeside(at(-600, { ip: '203.0.113.14' }))).toEqual([]);
    expect(findingsBeside(at(-600, { ip: '203.0.113.200' }))).toEqual([]);
    expect(ofKind(findingsBeside(at(-600, { ip: '203.0.113.14', errorCode: 50126 })), 'correct-password-unfamiliar-ip')).toHaveLength(1);
    expect(ofKind(findingsBeside(at(-600, { ip: '192.0.2.10' })), 'correct-password-unfamiliar-ip')).toHaveLength(1);
    // Still looked up after a worker thread's state is merged in.
    const state = createFindingsState();
    const worker = createFindingsState();
    const left = at(-600, { ip: '203.0.113.14' });
    observe(state, prompt, classifyRow(prompt));
    observeLeftOut(worker, left, classifyRow(left));
    expect(finishFindings(mergeFindingsStates(state, structuredClone(worker)))).toEqual([]);
  });

  it('ignores non-interactive sign-ins: a refreshed token carries no password', () => {
    expect(findingsOf([at(0, { ip: '203.0.113.14', errorCode: 50076, signInType: 'noninteractive' })])).toEqual([]);
  });
});

describe('sign-ins the row filters left out', () => {
  /**
   * The findings of `kept` with `leftOut` handed over as sign-ins the row filters left out; the same when the two
   * are observed by two states merged as worker threads' are.
   */
  function findingsBeside(kept: readonly SignIn[], leftOut: readonly SignIn[]): Finding[] {
    const state = createFindingsState();
    for (const signIn of leftOut) observeLeftOut(state, signIn, classifyRow(signIn));
    for (const signIn of kept) observe(state, signIn, classifyRow(signIn));
    const findings = finishFindings(state);
    const main = createFindingsState();
    const worker = createFindingsState();
    for (const signIn of kept) observe(main, signIn, classifyRow(signIn));
    for (const signIn of leftOut) observeLeftOut(worker, signIn, classifyRow(signIn));
    expect(finishFindings(mergeFindingsStates(main, structuredClone(worker)))).toEqual(findings);
    return findings;
  }
  /** The finding of `kind` is the same whether `leftOut` is left out or looked at. */
  function unchangedBy(kind: Finding['kind'], kept: readonly SignIn[], leftOut: readonly SignIn[]): Finding {
    const finding = only(findingsBeside(kept, leftOut), kind);
    expect(finding).toEqual(only(findingsOf([...kept, ...leftOut]), kind));
    return finding;
  }
  const sprayed = '203.0.113.5';
  const spray = range(6).map((i) => at(i * 2, { user: user(i), ip: sprayed, errorCode: 50126 }));

  it('still show that a spray got in: by a sign-in, or by a password accepted before MFA', () => {
    const success = at(120, { user: user(3), ip: sprayed });
    const finding = unchangedBy('password-spray', spray, [success]);
    expect(finding).toMatchObject({ severity: 'high', counts: { successes: 1 } });
    expect(finding.evidence.map((item) => item.requestId)).toContain(success.requestId);
    const prompt = at(120, { user: user(3), ip: sprayed, errorCode: 50074 });
    expect(unchangedBy('password-spray', spray, [prompt]).severity).toBe('high');
    // Nothing left out: medium.
    expect(only(findingsBeside(spray, []), 'password-spray').severity).toBe('medium');
  });

  it('still show that a brute force got through', () => {
    const burst = range(30).map((i) => at(i, { ip: '203.0.113.7', errorCode: 50126 }));
    expect(unchangedBy('brute-force', burst, [at(90, { ip: '203.0.113.7' })]).severity).toBe('high');
    expect(unchangedBy('brute-force', burst, [at(90, { ip: '203.0.113.7', errorCode: 50074 })]).severity).toBe('high');
  });

  it('still show that a prompt was approved after MFA fatigue, or that the address is the user own', () => {
    const denials = range(6).map((i) => at(i * 1.5, { ip: '203.0.113.8', errorCode: 500121 }));
    expect(unchangedBy('mfa-fatigue', denials, [at(12, { ip: '203.0.113.8' })]).severity).toBe('high');
    expect(unchangedBy('mfa-fatigue', denials, [at(-600, { ip: '203.0.113.8' })]).severity).toBe('low');
    // Prompts answered from an address the user signed in from before them are no finding, filtered or not.
    const prompts = range(5).map((i) => at(i, { ip: '203.0.113.8', errorCode: 50074 }));
    expect(ofKind(findingsOf([at(-600, { ip: '203.0.113.8' }), ...prompts]), 'mfa-fatigue')).toEqual([]);
    expect(ofKind(findingsBeside(prompts, [at(-600, { ip: '203.0.113.8' })]), 'mfa-fatigue')).toEqual([]);
  });

  it('still show that an address probing disabled accounts signed in as someone', () => {
    const probes = [
      at(0, { user: 'gone1@contoso.example', ip: '203.0.113.12', errorCode: 50057 }),
      at(1, { user: 'gone2@contoso.example', ip: '203.0.113.12', errorCode: 50057 }),
    ];
    expect(unchangedBy('disabled-account-probing', probes, [at(5, { user: 'bob@contoso.example', ip: '203.0.113.12' })]).severity).toBe('high');
  });

  it('make no finding of their own', () => {
    const leftOut = [at(0, { clientApp: 'POP3', ip: '203.0.113.9' }), ...range(6).map((i) => at(i, { ip: '203.0.113.9', errorCode: 50074 }))];
    expect(findingsOf(leftOut).length).toBeGreaterThan(0);
    expect(findingsBeside([], leftOut)).toEqual([]);
  });
});

describe('stale-credentials', () => {
  const home = '100.64.1.10';
  const phone = (ip = home, client = (_i: number) => 'Exchange ActiveSync'): SignIn[] =>
    range(20).map((i) => at(i * 15, { ip, clientApp: client(i), errorCode: i % 7 === 6 ? 50053 : 50126 }));

  it('reports one device retrying an old password steadily from the user own address as info', () => {
    const finding = only(findingsOf([at(-60, { ip: home }), ...phone()]), 'stale-credentials');
    expect(finding.severity).toBe('info');
    expect(finding.counts.attempts).toBe(20);
    expect(finding.why).toContain('Exchange ActiveSync');
    expect(finding.why).toContain('about every 15 minutes');
  });

  it('does not excuse the same pattern from an address the user never signed in from', () => {
    expect(ofKind(findingsOf(phone('203.0.113.15')), 'stale-credentials')).toEqual([]);
  });

  it('needs one client app', () => {
    const mixed = phone(home, (i) => (i % 2 === 0 ? 'Exchange ActiveSync' : 'IMAP4'));
    expect(ofKind(findingsOf([at(-60, { ip: home }), ...mixed]), 'stale-credentials')).toEqual([]);
  });

  it('drops the lockout finding the stale device explains', () => {
    const lockouts = range(20).map((i) => at(i * 15, { ip: home, clientApp: 'Exchange ActiveSync', errorCode: 50053 }));
    const findings = findingsOf([at(-60, { ip: home }), ...lockouts]);
    expect(ofKind(findings, 'stale-credentials')).toHaveLength(1);
    expect(ofKind(findings, 'account-lockout')).toEqual([]);
  });
});

describe('sign-in-loop', () => {
  const loop = (n: number, code = 50078): SignIn[] => range(n).map((i) => at(i * 9, { appName: 'Contoso Timesheets', errorCode: code }));

  it('flags a hundred interrupts for one user and app with no successful sign-in to it', () => {
    const finding = only(findingsOf([at(-60), ...loop(120)]), 'sign-in-loop');
    expect(finding.entity).toEqual({ user: 'alice@contoso.example', app: 'Contoso Timesheets' });
    expect(finding.severity).toBe('low');
    expect(finding.counts.attempts).toBe(120);
    expect(finding.why).toContain('AADSTS50078');
  });

  it('leaves alone an app the user did sign in to, and needs a hundred', () => {
    expect(findingsOf([at(-60, { appName: 'Contoso Timesheets' }), ...loop(120)])).toEqual([]);
    expect(findingsOf(loop(99))).toEqual([]);
  });

  it('leaves alone an app the user signed in to before the window or outside the filter', () => {
    const state = createFindingsState();
    const success = at(-60, { appName: 'Contoso Timesheets' });
    observeLeftOut(state, success, classifyRow(success));
    for (const signIn of loop(120)) observe(state, signIn, classifyRow(signIn));
    expect(finishFindings(state)).toEqual([]);
  });

  it('counts MFA interrupts too (they are kept with the sign-ins past the password)', () => {
    const finding = only(findingsOf([at(-60), ...loop(60), ...loop(60, 50076)]), 'sign-in-loop');
    expect(finding.counts.attempts).toBe(120);
    expect(finding.why).toContain('interrupts such as');
  });
});

describe("an attack's own later success", () => {
  // The address an attack came from, which signs in as its target once the password is found.
  const attacker = '198.51.100.99';

  it('does not make a steady brute force a stale device: high when the password then got through', () => {
    // 96 failures, one every 100 seconds over 160 minutes, from one client app: a stale phone's shape.
    const steady = range(96).map((i) => at((i * 100) / 60, { ip: attacker, clientApp: 'Exchange ActiveSync', errorCode: 50126 }));
    const findings = findingsOf([...steady, at(170, { ip: attacker, clientApp: 'Exchange ActiveSync' })]);
    expect(ofKind(findings, 'stale-credentials')).toEqual([]);
    expect(only(findings, 'brute-force').severity).toBe('high');
    // A success from the address before the failures is the user's own device.
    const own = findingsOf([at(-60, { ip: attacker, clientApp: 'Exchange ActiveSync' }), ...steady]);
    expect(only(own, 'stale-credentials').severity).toBe('info');
    expect(ofKind(own, 'brute-force')).toEqual([]);
  });

  it('keeps a low and slow spray whose target then got in, as high', () => {
    const slow = range(10).map((i) => at(i * 15, { user: user(i), ip: attacker, errorCode: 50126 }));
    expect(only(findingsOf(slow), 'password-spray').severity).toBe('medium');
    const finding = only(findingsOf([...slow, at(300, { user: user(9), ip: attacker })]), 'password-spray');
    expect(finding.severity).toBe('high');
    expect(finding.counts.users).toBe(10);
  });

  it('leaves alone an office where people fail in the morning and get in later (many users sign in there)', () => {
    const office = '203.0.113.10';
    // Twelve users fail once each over three hours, each getting in half an hour later; nobody's history is known.
    const morning = range(12).flatMap((i) => [at(i * 15, { user: user(i), ip: office, errorCode: 50126 }), at(i * 15 + 30, { user: user(i), ip: office })]);
    expect(ofKind(findingsOf(morning), 'password-spray')).toEqual([]);
  });

  it('keeps lockouts from a new address medium, and says that a sign-in from it succeeded afterwards', () => {
    const lockouts = range(3).map((i) => at(i * 3, { ip: attacker, errorCode: 50053 }));
    const finding = only(findingsOf([...lockouts, at(30, { ip: attacker })]), 'account-lockout');
    expect(finding.severity).toBe('medium');
    expect(finding.why).toContain(`had not signed in successfully from ${attacker} before the lockouts`);
    expect(finding.why).toContain(`from ${attacker} succeeded afterwards`);
    expect(finding.action).toContain('reset the password');
  });

  it('says an address is the user own only by its network when that is what made it familiar', () => {
    const lockouts = range(3).map((i) => at(i * 3, { ip: '203.0.113.250', errorCode: 50053 }));
    const finding = only(findingsOf([at(-60, { ip: '203.0.113.16' }), ...lockouts]), 'account-lockout');
    expect(finding.severity).toBe('low');
    expect(finding.why).toContain('from this address or its network before the lockouts');
  });

  it("keeps an attacker's lockouts beside the user's stale phone at home", () => {
    const home = '100.64.1.10';
    const phone = range(20).map((i) => at(i * 15, { ip: home, clientApp: 'Exchange ActiveSync', errorCode: i % 5 === 4 ? 50053 : 50126 }));
    const attack = range(4).map((i) => at(100 + i, { ip: attacker, errorCode: 50053 }));
    const findings = findingsOf([at(-60, { ip: home }), ...phone, ...attack]);
    expect(ofKind(findings, 'stale-credentials')).toHaveLength(1);
    const lockout = only(findings, 'account-lockout');
    expect(lockout.severity).toBe('medium');
    expect(lockout.why).toContain(attacker);
  });
});

describe('disabled accounts at their old address', () => {
  it("are their former owners' devices, not an address trying a list of accounts", () => {
    const office = '203.0.113.10';
    const staff = range(5).map((i) => at(-600 + i, { user: user(i), ip: office }));
    const before = ['gone1@contoso.example', 'gone2@contoso.example'].map((name, i) => at(-3000 + i, { user: name, ip: office }));
    const retries = ['gone1@contoso.example', 'gone2@contoso.example'].map((name, i) => at(i, { user: name, ip: office, errorCode: 50057 }));
    expect(findingsOf([...staff, ...before, ...retries])).toEqual([]);
    // Accounts that never signed in there are a list being tried: high, as the address signs in as others.
    const strangers = ['gone3@contoso.example', 'gone4@contoso.example'].map((name, i) => at(i, { user: name, ip: office, errorCode: 50057 }));
    const finding = only(findingsOf([...staff, ...before, ...retries, ...strangers]), 'disabled-account-probing');
    expect(finding).toMatchObject({ severity: 'high', entity: { ip: office }, counts: { users: 2 } });
    expect(finding.why).not.toContain('gone1');
  });
});

describe('findings as a whole', () => {
  it('sort by severity, then attempts', () => {
    const signIns = [
      ...range(6).map((i) => at(i, { user: user(i), ip: '203.0.113.5', errorCode: 50126 })),
      at(-600),
      at(0, { ip: '203.0.113.14', errorCode: 53003 }),
      ...range(3).map((i) => at(i, { user: 'bob@contoso.example', ip: '198.51.100.1', errorCode: 50053 })),
    ];
    const findings = findingsOf(signIns);
    expect(findings.map((finding) => [finding.severity, finding.counts.attempts])).toEqual([
      ['medium', 6],
      ['medium', 3],
      ['medium', 1],
    ]);
  });

  it('can switch a kind off', () => {
    const signIns = range(6).map((i) => at(i, { user: user(i), ip: '203.0.113.5', errorCode: 50126 }));
    expect(findingsOf(signIns, settingsWith({ 'password-spray': { enabled: false } }))).toEqual([]);
  });

  it('treat user principal names that differ in case as one user', () => {
    const signIns = range(35).map((i) => at(i, { user: i % 2 === 0 ? 'Alice@Contoso.example' : 'alice@contoso.example', ip: '203.0.113.7', errorCode: 50126 }));
    expect(only(findingsOf(signIns), 'brute-force').entity.user).toBe('alice@contoso.example');
  });

  it('ignore service principals and sign-ins without an address', () => {
    const signIns = [
      ...range(6).map((i) => at(i, { user: '', servicePrincipalName: `app${i}`, signInType: 'serviceprincipal', ip: '203.0.113.5', errorCode: 50126 })),
      ...range(6).map((i) => at(i, { user: user(i), ip: '', errorCode: 50126 })),
    ];
    expect(findingsOf(signIns)).toEqual([]);
  });
});
