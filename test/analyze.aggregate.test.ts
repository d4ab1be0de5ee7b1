// The tally against a naive model computed here from the same sign-ins (xsv's prop_frequency idea), plus
// the algebra the worker-thread design relies on: order independence and merge(tally(a), tally(b)) = tally(a ++ b).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTally, mergeTallies, type EntityDimensionId, type Report } from '../src/analyze/index.js';
import { SIGN_IN_TYPES, type Outcome, type SignIn } from '../src/model.js';
import { analyzeSignIns, finalizeTally, makeSignIn, TEST_ENTRIES } from './helpers/signins.js';

const CODES = [0, 0, 0, 50126, 50053, 50074, 50140, 53003, 700016, 12345, 99999];
const STATUSES = ['', 'Success', 'Failure', 'Interrupted', 'FAILURE', 'None'];

const signInArbitrary: fc.Arbitrary<SignIn> = fc
  .record({
    day: fc.integer({ min: 0, max: 4 }),
    second: fc.integer({ min: 0, max: 86_399 }),
    // Alice twice, in two letter cases: one user.
    userPrincipalName: fc.constantFrom('', 'alice@contoso.example', 'Alice@Contoso.EXAMPLE', 'bob@contoso.example', 'Carol@Contoso.example'),
    userDisplayName: fc.constantFrom('', 'Dave', 'Alice'),
    userId: fc.constantFrom('', '11111111-0000-0000-0000-000000000001'),
    servicePrincipalName: fc.constantFrom('', 'backup-job'),
    appName: fc.constantFrom('', 'Azure Portal', 'Office 365 Exchange Online', 'Teams|<b>'),
    appId: fc.constantFrom('', 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c'),
    ipAddress: fc.constantFrom('', '192.0.2.1', '198.51.100.7', '2001:db8::1'),
    country: fc.constantFrom('', 'NL', 'US', 'SE'),
    clientApp: fc.constantFrom('', 'Browser', 'IMAP4', 'Exchange ActiveSync', 'Mobile Apps and Desktop clients'),
    errorCode: fc.constantFrom(...CODES),
    sourceStatus: fc.constantFrom(...STATUSES),
    failureReason: fc.constantFrom('', 'Invalid username or password.', 'Other.', 'Something odd'),
    signInType: fc.constantFrom(...SIGN_IN_TYPES),
    homeTenantId: fc.constantFrom('', '5e2a7c1d-0000-0000-0000-000000000001', '9f3b0e2a-0000-0000-0000-000000000002'),
    homeTenantName: fc.constantFrom('', 'Contoso', 'Contoso Ltd', 'Fabrikam'),
  })
  .map(({ day, second, ...fields }) => makeSignIn({ ...fields, time: new Date(Date.UTC(2026, 2, 1 + day) + second * 1000) }));

const signInsArbitrary = fc.array(signInArbitrary, { maxLength: 120 });

// ---- the naive model: written independently of src/analyze ----

function naiveOutcome(signIn: SignIn): Outcome {
  const entry = TEST_ENTRIES.find((candidate) => candidate.code === signIn.errorCode);
  if (entry !== undefined) return entry.outcome;
  const status = signIn.sourceStatus.trim().toLowerCase();
  if (status === 'success' || status === 'failure' || status === 'interrupted') return status;
  return signIn.errorCode === 0 ? 'success' : 'failure';
}

/** The first name a sign-in has; user principal names are case-insensitive, so a name with an @ is lowered. */
function naiveIdentity(signIn: SignIn): string {
  for (const candidate of [signIn.userPrincipalName, signIn.userDisplayName, signIn.userId, signIn.servicePrincipalName]) {
    if (candidate !== '') return /@/.test(candidate) ? candidate.toLowerCase() : candidate;
  }
  return '(none)';
}

const NAIVE_KEY: Record<EntityDimensionId, (signIn: SignIn) => string> = {
  user: naiveIdentity,
  app: (s) => s.appName || s.appId || '(none)',
  'client-app': (s) => s.clientApp || '(none)',
  country: (s) => s.country || '(none)',
  ip: (s) => s.ipAddress || '(none)',
  type: (s) => s.signInType,
  day: (s) => s.time.toISOString().slice(0, 10),
  'hour-of-week': (s) => `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][s.time.getUTCDay()]} ${s.time.toISOString().slice(11, 13)}:00`,
  tenant: (s) => s.homeTenantId || '(none)',
};

/** A tenant row's name: the first non-empty name its sign-ins gave, in code-unit order. */
function naiveTenantName(signIns: readonly SignIn[], key: string): string {
  const names = signIns.filter((s) => NAIVE_KEY.tenant(s) === key && s.homeTenantName !== '').map((s) => s.homeTenantName);
  return names.sort()[0] ?? '';
}

interface NaiveGroup {
  signIns: number;
  failures: number;
  interrupted: number;
  users: Set<string>;
  apps: Set<string>;
  codes: Map<number, number>;
}

function group(signIns: readonly SignIn[], keyOf: (signIn: SignIn) => string | number | undefined): Map<string | number, NaiveGroup> {
  const groups = new Map<string | number, NaiveGroup>();
  for (const signIn of signIns) {
    const key = keyOf(signIn);
    if (key === undefined) continue;
    const outcome = naiveOutcome(signIn);
    const g = groups.get(key) ?? { signIns: 0, failures: 0, interrupted: 0, users: new Set(), apps: new Set(), codes: new Map() };
    groups.set(key, g);
    g.signIns += 1;
    if (outcome === 'failure') g.failures += 1;
    if (outcome === 'interrupted') g.interrupted += 1;
    g.users.add(naiveIdentity(signIn));
    g.apps.add(NAIVE_KEY.app(signIn));
    if (outcome !== 'success') g.codes.set(signIn.errorCode, (g.codes.get(signIn.errorCode) ?? 0) + 1);
  }
  return groups;
}

function naiveTopCodes(codes: Map<number, number>): { code: number; count: number }[] {
  return [...codes.entries()]
    .map(([code, count]) => ({ code, count }))
    .sort((a, b) => b.count - a.count || a.code - b.code)
    .slice(0, 3);
}

function failing(signIn: SignIn): boolean {
  return naiveOutcome(signIn) !== 'success';
}

function expectMatchesModel(report: Report, signIns: readonly SignIn[]): void {
  const outcomes = signIns.map(naiveOutcome);
  expect(report.totals).toEqual({
    signIns: signIns.length,
    success: outcomes.filter((o) => o === 'success').length,
    failure: outcomes.filter((o) => o === 'failure').length,
    interrupted: outcomes.filter((o) => o === 'interrupted').length,
    users: new Set(signIns.map(naiveIdentity)).size,
    apps: new Set(signIns.map(NAIVE_KEY.app)).size,
  });

  const byCode = group(signIns, (s) => (failing(s) ? s.errorCode : undefined));
  expect(
    new Map(
      report.byCode.map((row) => [
        row.code,
        { count: row.count, failures: row.failures, interrupted: row.interrupted, users: row.users, apps: row.apps, catalogued: row.catalogued },
      ]),
    ),
  ).toEqual(
    new Map(
      [...byCode].map(([code, g]) => [
        code,
        {
          count: g.signIns,
          failures: g.failures,
          interrupted: g.interrupted,
          users: g.users.size,
          apps: g.apps.size,
          catalogued: TEST_ENTRIES.some((e) => e.code === code),
        },
      ]),
    ),
  );

  const categoryOf = (s: SignIn): string => TEST_ENTRIES.find((e) => e.code === s.errorCode)?.category ?? 'unknown';
  const byCategory = group(signIns, (s) => (failing(s) ? categoryOf(s) : undefined));
  expect(new Map(report.byCategory.map((row) => [row.category, { count: row.count, users: row.users, codes: row.codes, topCodes: row.topCodes }]))).toEqual(
    new Map(
      [...byCategory].map(([category, g]) => [category, { count: g.signIns, users: g.users.size, codes: g.codes.size, topCodes: naiveTopCodes(g.codes) }]),
    ),
  );

  for (const id of Object.keys(NAIVE_KEY) as EntityDimensionId[]) {
    const expected = group(signIns, NAIVE_KEY[id]);
    const actual = new Map(report.byEntity[id].map((row) => [row.key, { ...row, legacy: undefined, categories: undefined }]));
    expect(actual, id).toEqual(
      new Map(
        [...expected].map(([key, g]) => [
          key,
          {
            key,
            signIns: g.signIns,
            failures: g.failures,
            interrupted: g.interrupted,
            failureRate: g.failures / g.signIns,
            users: id === 'user' || id === 'hour-of-week' ? 1 : g.users.size,
            topCodes: naiveTopCodes(g.codes),
            legacy: undefined,
            categories: undefined,
            name: id === 'tenant' ? naiveTenantName(signIns, String(key)) : undefined,
          },
        ]),
      ),
    );
  }

  // Each day's failures and interrupts by category: every category seen that day, most first.
  const byDay = group(signIns, NAIVE_KEY.day);
  for (const row of report.byEntity.day) {
    const counts = new Map<string, number>();
    for (const [code, count] of byDay.get(row.key)!.codes) {
      const category = TEST_ENTRIES.find((e) => e.code === code)?.category ?? 'unknown';
      counts.set(category, (counts.get(category) ?? 0) + count);
    }
    const expected = [...counts].map(([category, count]) => ({ category, count }));
    expected.sort((a, b) => b.count - a.count || (a.category < b.category ? -1 : 1));
    expect(row.categories, row.key).toEqual(expected);
  }
  // Hours of the week run from Monday 00:00 to Sunday 23:00.
  const hourKey = (label: string): number => ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(label.slice(0, 3)) * 24 + Number(label.slice(4, 6));
  const hours = report.byEntity['hour-of-week'].map((row) => hourKey(row.key));
  expect(hours).toEqual([...hours].sort((a, b) => a - b));

  const times = signIns.map((s) => s.time.getTime());
  expect(report.period.firstSignIn?.getTime() ?? null).toBe(times.length === 0 ? null : Math.min(...times));
  expect(report.period.lastSignIn?.getTime() ?? null).toBe(times.length === 0 ? null : Math.max(...times));
}

describe('tally vs naive model', () => {
  it('counts, distinct counts and top codes match the model', () => {
    fc.assert(
      fc.property(signInsArbitrary, (signIns) => {
        expectMatchesModel(analyzeSignIns(signIns).report, signIns);
      }),
      { numRuns: 300 },
    );
  });

  it('sums: code and category counts add up to failures + interrupts; every dimension adds up to the totals', () => {
    fc.assert(
      fc.property(signInsArbitrary, (signIns) => {
        const { report } = analyzeSignIns(signIns);
        const nonSuccess = report.totals.failure + report.totals.interrupted;
        const sum = (rows: readonly { count: number }[]): number => rows.reduce((total, row) => total + row.count, 0);
        expect(sum(report.byCode)).toBe(nonSuccess);
        expect(sum(report.byCategory)).toBe(nonSuccess);
        expect(report.totals.success + nonSuccess).toBe(report.totals.signIns);
        for (const rows of Object.values(report.byEntity)) {
          expect(rows.reduce((total, row) => total + row.signIns, 0)).toBe(report.totals.signIns);
          expect(rows.reduce((total, row) => total + row.failures, 0)).toBe(report.totals.failure);
          expect(rows.reduce((total, row) => total + row.interrupted, 0)).toBe(report.totals.interrupted);
        }
        for (const day of report.byEntity.day) expect(sum(day.categories ?? [])).toBe(day.failures + day.interrupted);
      }),
    );
  });

  it('does not depend on input order', () => {
    fc.assert(
      fc.property(
        signInsArbitrary.chain((signIns) => fc.tuple(fc.constant(signIns), fc.shuffledSubarray(signIns, { minLength: signIns.length }))),
        ([signIns, shuffled]) => {
          expect(analyzeSignIns(shuffled).report).toEqual(analyzeSignIns(signIns).report);
        },
      ),
    );
  });

  it('merge(tally(a), tally(b)) equals tally(a ++ b), also after a structured clone (worker threads)', () => {
    fc.assert(
      fc.property(signInsArbitrary, signInsArbitrary, signInsArbitrary, (a, b, c) => {
        const whole = analyzeSignIns([...a, ...b, ...c]).report;
        const merged = mergeTallies(mergeTallies(analyzeSignIns(a).tally, structuredClone(analyzeSignIns(b).tally)), analyzeSignIns(c).tally);
        expect(finalizeTally(merged)).toEqual(whole);
        expect(finalizeTally(mergeTallies(createTally(), analyzeSignIns([...a, ...b, ...c]).tally))).toEqual(whole);
        // An empty tally takes the first one over; the next merges must still add up.
        const adopted = mergeTallies(
          mergeTallies(mergeTallies(createTally(), structuredClone(analyzeSignIns(a).tally)), analyzeSignIns(b).tally),
          analyzeSignIns(c).tally,
        );
        expect(finalizeTally(adopted)).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it('a merged tally keeps counting correctly (its caches stay valid)', () => {
    fc.assert(
      fc.property(signInsArbitrary, signInsArbitrary, signInsArbitrary, (a, b, c) => {
        const merged = mergeTallies(analyzeSignIns(a).tally, analyzeSignIns(b).tally);
        const continued = analyzeSignIns(c, { tally: merged }).report;
        expect(continued).toEqual(analyzeSignIns([...a, ...b, ...c]).report);
      }),
      { numRuns: 200 },
    );
  });
});

describe('report rows', () => {
  it('sorts by count descending, then key (entities by failures plus the interrupts of those never signed in); days stay chronological', () => {
    fc.assert(
      fc.property(signInsArbitrary, (signIns) => {
        const { report } = analyzeSignIns(signIns);
        for (let i = 1; i < report.byCode.length; i++) {
          const [prev, row] = [report.byCode[i - 1]!, report.byCode[i]!];
          expect(prev.count > row.count || (prev.count === row.count && prev.code < row.code)).toBe(true);
        }
        for (const id of ['user', 'app', 'ip'] as const) {
          const rows = report.byEntity[id];
          for (let i = 1; i < rows.length; i++) {
            const [prev, row] = [rows[i - 1]!, rows[i]!];
            // Interrupts of an entity that never signed in successfully weigh as failures.
            const neverIn = (r: typeof row): number => (r.signIns === r.failures + r.interrupted ? r.interrupted : 0);
            const rank = (r: typeof row): number[] => [r.failures + neverIn(r), r.failures, r.interrupted, r.signIns];
            const order = rank(prev)
              .map((value, k) => value - rank(row)[k]!)
              .find((delta) => delta !== 0);
            expect(order === undefined ? prev.key < row.key : order > 0).toBe(true);
          }
        }
        const days = report.byEntity.day.map((row) => row.key);
        expect(days).toEqual([...days].sort());
      }),
    );
  });

  it('a user stuck at the MFA prompt, never getting in, ranks above users with fewer failures', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 10, 8, minute));
    const signIns = [
      // 300 interrupts and no success.
      ...Array.from({ length: 300 }, (_, i) => makeSignIn({ userPrincipalName: 'stuck@contoso.example', errorCode: 50074, time: at(i % 60) })),
      // Many interrupts, each followed by a success: the normal flow.
      ...Array.from({ length: 400 }, (_, i) => makeSignIn({ userPrincipalName: 'busy@contoso.example', errorCode: i % 2 === 0 ? 50074 : 0, time: at(i % 60) })),
      ...Array.from({ length: 5 }, (_, i) => makeSignIn({ userPrincipalName: 'typo@contoso.example', errorCode: 50126, time: at(i) })),
    ];
    const { report } = analyzeSignIns(signIns);
    expect(report.byEntity.user.map((row) => [row.key, row.failures, row.interrupted])).toEqual([
      ['stuck@contoso.example', 0, 300],
      ['typo@contoso.example', 5, 0],
      ['busy@contoso.example', 0, 200],
    ]);
  });

  it('uses the catalog for known codes and the most frequent source text for every code', () => {
    const signIns = [
      makeSignIn({ errorCode: 50126, sourceStatus: 'Success', failureReason: 'bad password' }),
      makeSignIn({ errorCode: 50126, failureReason: 'bad password' }),
      makeSignIn({ errorCode: 50126, failureReason: 'Bad password, other wording' }),
      makeSignIn({ errorCode: 777001, sourceStatus: 'Interrupted', failureReason: 'b' }),
      makeSignIn({ errorCode: 777001, sourceStatus: 'Interrupted', failureReason: 'a' }),
      makeSignIn({ errorCode: 777001, sourceStatus: 'Failure', failureReason: '' }),
    ];
    const { report } = analyzeSignIns(signIns);
    expect(report.byCode).toEqual([
      expect.objectContaining({
        code: 50126,
        name: 'InvalidUserNameOrPassword',
        outcome: 'failure',
        category: 'credentials',
        catalogued: true,
        count: 3,
        failureReason: 'bad password',
      }),
      // Uncatalogued: outcome from the sources (2 interrupted, 1 failure); a tie in texts goes to the first in code-unit order.
      expect.objectContaining({
        code: 777001,
        name: '',
        outcome: 'interrupted',
        category: 'unknown',
        catalogued: false,
        count: 3,
        failures: 1,
        interrupted: 2,
        failureReason: 'a',
      }),
    ]);
  });

  it('names service principals and managed identities, and falls back to display name and user id', () => {
    const { report } = analyzeSignIns([
      makeSignIn({ userPrincipalName: '', userDisplayName: '', servicePrincipalName: 'nightly-backup', signInType: 'serviceprincipal' }),
      makeSignIn({ userPrincipalName: '', userDisplayName: '', servicePrincipalName: 'vm-identity', signInType: 'managedidentity' }),
      makeSignIn({ userPrincipalName: '', userDisplayName: 'Erin' }),
      makeSignIn({ userPrincipalName: '', userDisplayName: '', userId: 'a1b2' }),
      makeSignIn({ userPrincipalName: '', userDisplayName: '', appName: '', appId: '' }),
    ]);
    expect(report.byEntity.user.map((row) => row.key).sort()).toEqual(['(none)', 'Erin', 'a1b2', 'nightly-backup', 'vm-identity']);
    expect(report.byEntity.app.map((row) => row.key).sort()).toEqual(['(none)', 'Azure Portal']);
  });

  it('flags legacy client apps and sums them', () => {
    const { report } = analyzeSignIns([
      makeSignIn({ clientApp: 'IMAP4', errorCode: 50126 }),
      makeSignIn({ clientApp: 'IMAP4' }),
      makeSignIn({ clientApp: 'Authenticated SMTP', errorCode: 50074 }),
      makeSignIn({ clientApp: 'Outlook Anywhere' }),
      makeSignIn({ clientApp: 'Browser', errorCode: 50126 }),
    ]);
    expect(report.byEntity['client-app'].map((row) => [row.key, row.legacy])).toEqual([
      ['IMAP4', true],
      ['Browser', false],
      ['Authenticated SMTP', true],
      ['Outlook Anywhere', true],
    ]);
    expect(report.legacyProtocols).toEqual({ signIns: 4, failures: 1, interrupted: 1, clientApps: ['IMAP4', 'Authenticated SMTP', 'Outlook Anywhere'] });
  });
});
