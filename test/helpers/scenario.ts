// Test helper: a seeded, deterministic week of sign-ins for the detections — a benign tenant (an office
// behind one NAT address, home and mobile addresses, typos fixed a minute later, MFA prompts answered, a phone
// with an old password) with one attack of every kind injected. It returns the sign-ins (newest first, as the
// portal lists them), the findings the attacks must produce, and what is benign, so a test can measure recall
// and false positives. Every name and address is made up (contoso.example, RFC 5737 and RFC 6598 ranges).

import type { SignIn } from '../../src/model.js';
import type { DetectionKind, FindingEntity } from '../../src/analyze/findings/index.js';
import { makeSignIn } from './signins.js';

export interface ExpectedFinding {
  readonly kind: DetectionKind;
  readonly entity: FindingEntity;
  /** What the injection was, for messages. */
  readonly story: string;
}

export interface Scenario {
  readonly signIns: SignIn[];
  readonly expected: readonly ExpectedFinding[];
  /** Users no attack was aimed at (a sprayed user is still benign: the spray is about the address). */
  readonly benignUsers: ReadonlySet<string>;
  /** Addresses only benign sign-ins came from. */
  readonly benignIps: ReadonlySet<string>;
  /** Users, addresses, networks and client protocols that attacks used or were aimed at. */
  readonly attack: { readonly users: ReadonlySet<string>; readonly ips: ReadonlySet<string>; readonly apps: ReadonlySet<string> };
  /** The office egress address. */
  readonly officeIp: string;
  /** The user whose phone keeps an old password, and the address it retries from. */
  readonly stale: { readonly user: string; readonly ip: string };
}

/** mulberry32: small, fast, and the same sequence everywhere. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START = Date.UTC(2026, 2, 2); // Monday 2 March 2026
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const APPS = ['Microsoft Teams', 'Office 365 Exchange Online', 'SharePoint Online', 'Contoso Expenses', 'My Apps'];
const OFFICE = { city: 'Amsterdam', state: 'Noord-Holland', country: 'NL' };
const TEXT = {
  50126: ['Error validating credentials due to invalid username or password.', 'The user did not enter the right credentials.'],
  50053: ['Account is locked because user tried to sign in too many times with an incorrect user ID or password.', ''],
  50140: ["This error occurred due to 'Keep me signed in' interrupt when the user was signing-in.", ''],
  50074: ['Strong Authentication is required.', 'MFA required in Azure AD'],
  50076: ['Due to a configuration change made by your administrator, you must use multi-factor authentication.', 'MFA required in Azure AD'],
  500121: ['Authentication failed during strong authentication request.', 'MFA denied; user did not respond to mobile app notification'],
  53003: ['Access has been blocked by Conditional Access policies.', ''],
  50057: ['User account is disabled.', ''],
  50078: ['Presented multi-factor authentication has expired due to policies configured by your administrator.', ''],
} as const satisfies Record<number, readonly [string, string]>;

export function generateScenario(seed = 20260302, userCount = 300): Scenario {
  const random = prng(seed);
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const chance = (p: number): boolean => random() < p;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const word = (): string =>
    Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  const guid = (): string => {
    const [a, b, c, d] = [word(), word(), word(), word()];
    return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${'89ab'[c.charCodeAt(0) & 3]}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  };

  const out: SignIn[] = [];
  const add = (fields: Partial<SignIn> & { time: Date; ipAddress: string; userPrincipalName: string }): void => {
    const code = fields.errorCode ?? 0;
    const [reason, details] = code in TEXT ? TEXT[code as keyof typeof TEXT] : ['', ''];
    out.push(
      makeSignIn({
        requestId: guid(),
        correlationId: guid(),
        userDisplayName: fields.userPrincipalName.split('@')[0]!,
        appName: 'Microsoft Teams',
        clientApp: 'Browser',
        failureReason: reason,
        additionalDetails: details,
        ...OFFICE,
        ...fields,
      }),
    );
  };

  // ---- the benign tenant ----
  const officeIp = '192.0.2.10';
  const users = Array.from({ length: userCount }, (_, n) => ({
    upn: `user${String(n + 1).padStart(3, '0')}@contoso.example`,
    // One home address per user, each in its own /24 (RFC 6598 space stands in for consumer ISPs).
    home: `100.${64 + (n % 60)}.${Math.floor(n / 60) * 40 + (n % 37)}.${10 + (n % 200)}`,
    remote: chance(0.15),
  }));
  const mobileIp = (n: number, day: number): string => `100.120.${(n * 7 + day * 3) % 256}.${1 + ((n * 13 + day) % 250)}`;

  /** One interactive sign-in as people do them: sometimes a typo first, a keep-me-signed-in prompt, MFA. */
  const signInSession = (upn: string, at: number, ip: string, app: string, clientApp = 'Browser', typo = 0.06): void => {
    let t = at;
    const base = { userPrincipalName: upn, ipAddress: ip, appName: app, clientApp };
    if (chance(typo)) {
      add({ ...base, time: new Date(t), errorCode: 50126 });
      t += int(10, 90) * 1000;
      if (chance(0.15)) {
        add({ ...base, time: new Date(t), errorCode: 50126 });
        t += int(10, 60) * 1000;
      }
    }
    if (chance(0.15)) {
      add({ ...base, time: new Date(t), errorCode: 50074 });
      t += int(5, 40) * 1000;
      if (chance(0.1)) {
        // The phone was in another room: the prompt timed out, the user tried again.
        add({ ...base, time: new Date(t), errorCode: 500121 });
        t += int(20, 120) * 1000;
        add({ ...base, time: new Date(t), errorCode: 50074 });
        t += int(5, 40) * 1000;
      }
    } else if (chance(0.3)) {
      add({ ...base, time: new Date(t), errorCode: 50140 });
      t += int(3, 20) * 1000;
    }
    add({ ...base, time: new Date(t) });
    // Token refreshes through the day.
    for (let i = int(2, 6); i > 0; i--) add({ ...base, time: new Date(t + int(10, 480) * MINUTE), signInType: 'noninteractive' });
  };

  for (let day = 0; day < 7; day++) {
    const weekend = day >= 5;
    users.forEach((user, n) => {
      const dayStart = START + day * DAY;
      if (!weekend && !user.remote) {
        // Everyone arrives within the hour, and Monday-morning fingers mistype: the office address sees many
        // users fail within minutes of each other, each fixing it a moment later.
        const arrival = dayStart + 7 * HOUR + 30 * MINUTE + int(0, 60) * MINUTE;
        signInSession(user.upn, arrival, officeIp, pick(APPS), 'Browser', 0.15);
        for (let i = int(1, 3); i > 0; i--) signInSession(user.upn, arrival + int(30, 540) * MINUTE, officeIp, pick(APPS));
      }
      if (weekend ? chance(0.3) : user.remote || chance(0.5)) {
        signInSession(user.upn, dayStart + int(17, 21) * HOUR + int(0, 59) * MINUTE, user.home, pick(APPS));
      }
      if (chance(0.4))
        signInSession(user.upn, dayStart + int(7, 22) * HOUR + int(0, 59) * MINUTE, mobileIp(n, day), pick(APPS), 'Mobile Apps and Desktop clients');
    });
  }

  // The stale phone: user007 changed the password on Monday; the phone's mail app keeps the old one and
  // retries about every 15 minutes from home, Tuesday to Thursday. Smart lockout answers now and then.
  const staleUser = users[6]!;
  for (let t = START + DAY + 9 * HOUR; t < START + 4 * DAY; t += int(13, 17) * MINUTE) {
    add({
      userPrincipalName: staleUser.upn,
      ipAddress: staleUser.home,
      appName: 'Office 365 Exchange Online',
      clientApp: 'Exchange ActiveSync',
      time: new Date(t),
      errorCode: chance(0.1) ? 50053 : 50126,
    });
  }
  // ... and its owner signs in from home with the new password.
  signInSession(staleUser.upn, START + 18 * HOUR, staleUser.home, 'Microsoft Teams');

  const benignIps = new Set(out.map((signIn) => signIn.ipAddress));
  const expected: ExpectedFinding[] = [];
  const attackUsers = new Set<string>();
  const attackIps = new Set<string>();
  const attackApps = new Set<string>();
  const victim = (n: number): string => {
    const upn = users[n]!.upn;
    attackUsers.add(upn);
    return upn;
  };
  const attacker = (ip: string, place: { city: string; state: string; country: string }) => {
    attackIps.add(ip);
    return { ipAddress: ip, ...place };
  };
  const LAGOS = { city: 'Lagos', state: 'Lagos', country: 'NG' };

  // 1. A password spray over IMAP: one address, 30 users, half an hour on Wednesday night.
  const sprayIp = attacker('203.0.113.66', LAGOS);
  attackApps.add('IMAP4');
  const sprayed = new Set<number>();
  while (sprayed.size < 30) sprayed.add(int(20, userCount - 1));
  [...sprayed].forEach((n, i) => {
    add({
      ...sprayIp,
      userPrincipalName: users[n]!.upn,
      appName: 'Office 365 Exchange Online',
      clientApp: 'IMAP4',
      time: new Date(START + 2 * DAY + 3 * HOUR + i * 70_000),
      errorCode: 50126,
    });
  });
  expected.push({ kind: 'password-spray', entity: { ip: '203.0.113.66' }, story: 'a spray from one address' });

  // 2. Low and slow: six addresses of one network, one or two users each per 20 minutes, ten hours on Thursday.
  const slowPlace = { city: 'Bucharest', state: 'Bucuresti', country: 'RO' };
  const slowIps = [11, 12, 13, 14, 15, 16].map((last) => attacker(`198.51.100.${last}`, slowPlace));
  attackIps.add('198.51.100.0/24');
  for (let t = START + 3 * DAY + 8 * HOUR, k = 0; t < START + 3 * DAY + 18 * HOUR; t += 20 * MINUTE, k++) {
    const source = slowIps[k % slowIps.length]!;
    for (let i = int(1, 2); i > 0; i--) {
      add({
        ...source,
        userPrincipalName: users[int(20, userCount - 1)]!.upn,
        appName: 'Office 365 Exchange Online',
        time: new Date(t + int(0, 19) * MINUTE),
        errorCode: 50126,
      });
    }
  }
  expected.push({ kind: 'password-spray', entity: { ip: '198.51.100.0/24' }, story: 'a low-and-slow spray from six addresses of one network' });

  // 3. Brute force from one address: 80 wrong passwords in 45 minutes, smart lockout, then it gets in.
  const bruted = victim(10);
  const bruteIp = attacker('203.0.113.77', LAGOS);
  const bruteStart = START + 4 * DAY + 1 * HOUR;
  for (let i = 0; i < 100; i++) {
    add({ ...bruteIp, userPrincipalName: bruted, time: new Date(bruteStart + i * 27_000), errorCode: i >= 80 ? 50053 : 50126 });
  }
  add({ ...bruteIp, userPrincipalName: bruted, time: new Date(bruteStart + 100 * 27_000 + 10 * MINUTE) });
  expected.push({ kind: 'brute-force', entity: { user: bruted, ip: '203.0.113.77' }, story: 'a brute force from one address that got in' });

  // 4. Distributed brute force: ten tries each from four countries on Friday.
  const distributed = victim(11);
  const places = [
    ['203.0.113.101', { city: 'Sao Paulo', state: 'Sao Paulo', country: 'BR' }],
    ['203.0.113.102', { city: 'Hanoi', state: 'Ha Noi', country: 'VN' }],
    ['203.0.113.103', { city: 'Moscow', state: 'Moscow', country: 'RU' }],
    ['203.0.113.104', { city: 'Nairobi', state: 'Nairobi Area', country: 'KE' }],
  ] as const;
  places.forEach(([ip, place], p) => {
    const source = attacker(ip, place);
    for (let i = 0; i < 10; i++)
      add({ ...source, userPrincipalName: distributed, time: new Date(START + 4 * DAY + (6 + p * 3) * HOUR + i * 7 * MINUTE), errorCode: 50126 });
  });
  expected.push({ kind: 'brute-force', entity: { user: distributed }, story: 'a brute force from four countries in a day' });

  // 5. MFA fatigue: the attacker has the password and pushes twelve prompts in nine minutes; the user gives in.
  const fatigued = victim(12);
  const fatigueIp = attacker('203.0.113.88', LAGOS);
  const fatigueStart = START + 5 * DAY + 22 * HOUR;
  for (let i = 0; i < 12; i++) {
    add({ ...fatigueIp, userPrincipalName: fatigued, time: new Date(fatigueStart + i * 45_000), errorCode: 50074 });
    add({ ...fatigueIp, userPrincipalName: fatigued, time: new Date(fatigueStart + i * 45_000 + 20_000), errorCode: 500121 });
  }
  add({ ...fatigueIp, userPrincipalName: fatigued, time: new Date(fatigueStart + 12 * 45_000 + 30_000) });
  expected.push({ kind: 'mfa-fatigue', entity: { user: fatigued, ip: '203.0.113.88' }, story: 'MFA fatigue that ended in an approval' });

  // 6. A lockout cluster: a short burst from an unknown address, too small for brute force.
  const locked = victim(13);
  const lockIp = attacker('203.0.113.99', LAGOS);
  for (let i = 0; i < 18; i++)
    add({ ...lockIp, userPrincipalName: locked, time: new Date(START + DAY + 14 * HOUR + i * 90_000), errorCode: i >= 12 ? 50053 : 50126 });
  expected.push({ kind: 'account-lockout', entity: { user: locked, ip: '203.0.113.99' }, story: 'a lockout cluster from an unknown address' });

  // 7. Probing a disabled account across four apps.
  const former = 'former.employee@contoso.example';
  attackUsers.add(former);
  const probeIp = attacker('203.0.113.44', LAGOS);
  APPS.slice(0, 4).forEach((app, i) => {
    add({ ...probeIp, userPrincipalName: former, appName: app, time: new Date(START + 2 * DAY + 11 * HOUR + i * 4 * MINUTE), errorCode: 50057 });
    add({ ...probeIp, userPrincipalName: former, appName: app, time: new Date(START + 2 * DAY + 12 * HOUR + i * 4 * MINUTE), errorCode: 50057 });
  });
  expected.push({ kind: 'disabled-account-probing', entity: { user: former, ip: '203.0.113.44' }, story: 'a disabled account tried on four apps' });

  // 8. A legacy-protocol sign-in that worked, from an address the user never used otherwise.
  const legacyVictim = victim(14);
  const legacyIp = attacker('203.0.113.120', LAGOS);
  for (let i = 0; i < 2; i++)
    add({
      ...legacyIp,
      userPrincipalName: legacyVictim,
      appName: 'Office 365 Exchange Online',
      clientApp: 'IMAP4',
      time: new Date(START + 3 * DAY + 2 * HOUR + i * HOUR),
    });
  expected.push({ kind: 'legacy-auth', entity: { user: legacyVictim, ip: '203.0.113.120' }, story: 'a legacy sign-in that succeeded' });

  // 9. The password works from a strange address, but Conditional Access and MFA stop it.
  const exposed = victim(15);
  const exposedIp = attacker('203.0.113.130', LAGOS);
  add({ ...exposedIp, userPrincipalName: exposed, time: new Date(START + 1 * DAY + 3 * HOUR), errorCode: 53003 });
  add({ ...exposedIp, userPrincipalName: exposed, time: new Date(START + 1 * DAY + 3 * HOUR + 5 * MINUTE), errorCode: 53003 });
  add({ ...exposedIp, userPrincipalName: exposed, time: new Date(START + 1 * DAY + 3 * HOUR + 9 * MINUTE), errorCode: 50076 });
  expected.push({ kind: 'correct-password-unfamiliar-ip', entity: { user: exposed, ip: '203.0.113.130' }, story: 'a correct password from a strange address' });

  // 10. A client stuck in a prompt loop: 400 interrupts for one user and app in two and a half days, never done.
  const looped = victim(16);
  attackApps.add('Contoso Timesheets');
  for (let i = 0; i < 400; i++) {
    add({
      userPrincipalName: looped,
      ipAddress: i % 3 === 0 ? users[16]!.home : officeIp,
      appName: 'Contoso Timesheets',
      clientApp: 'Mobile Apps and Desktop clients',
      time: new Date(START + 2 * DAY + i * 9 * MINUTE),
      errorCode: 50078,
    });
  }
  expected.push({ kind: 'sign-in-loop', entity: { user: looped, app: 'Contoso Timesheets' }, story: 'a client stuck in a prompt loop' });

  // 11. Not an attack, but a finding: the stale phone.
  expected.push({
    kind: 'stale-credentials',
    entity: { user: staleUser.upn, ip: staleUser.home, app: 'Office 365 Exchange Online' },
    story: 'a phone retrying an old password',
  });

  const benignUsers = new Set(users.map((user) => user.upn).filter((upn) => !attackUsers.has(upn)));
  // The portal lists the newest sign-in first.
  out.sort((a, b) => b.time.getTime() - a.time.getTime() || (a.requestId < b.requestId ? -1 : 1));
  return {
    signIns: out,
    expected,
    benignUsers,
    benignIps,
    attack: { users: attackUsers, ips: attackIps, apps: attackApps },
    officeIp,
    stale: { user: staleUser.upn, ip: staleUser.home },
  };
}
