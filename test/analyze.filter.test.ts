// Filters against a naive predicate: every dropped sign-in is counted as outside the window or filtered out,
// and what is kept is exactly what the criteria describe.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analysisWarnings } from '../src/analyze/index.js';
import { OUTCOMES, SIGN_IN_TYPES, type SignIn } from '../src/model.js';
import { analyzeSignIns, makeSignIn, TEST_ENTRIES, type FilterCriteria } from './helpers/signins.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 9);

const signIns = fc.array(
  fc
    .record({
      offset: fc.integer({ min: 0, max: 5 * DAY }),
      userPrincipalName: fc.constantFrom('alice@contoso.example', 'BOB@contoso.example', ''),
      servicePrincipalName: fc.constantFrom('', 'backup-job'),
      appName: fc.constantFrom('Azure Portal', 'Microsoft Teams'),
      errorCode: fc.constantFrom(0, 50126, 50074, 53003, 4242),
      sourceStatus: fc.constantFrom('', 'Interrupted'),
      signInType: fc.constantFrom(...SIGN_IN_TYPES),
    })
    .map(({ offset, ...fields }) => makeSignIn({ ...fields, time: new Date(START + offset) })),
  { maxLength: 60 },
);

const criteria: fc.Arbitrary<FilterCriteria> = fc.record({
  since: fc.option(fc.integer({ min: 0, max: 5 * DAY }).map((ms) => new Date(START + ms))),
  until: fc.option(fc.integer({ min: 0, max: 5 * DAY }).map((ms) => new Date(START + ms))),
  users: fc.subarray(['ALICE@contoso.example', 'bob@contoso.example', 'Backup-Job']),
  apps: fc.subarray(['azure portal', 'Microsoft Teams']),
  codes: fc.subarray([0, 50126, 4242]),
  categories: fc.subarray(['credentials', 'mfa', 'unknown'] as const),
  types: fc.subarray([...SIGN_IN_TYPES]),
  outcomes: fc.subarray([...OUTCOMES]),
});

function naiveOutcome(signIn: SignIn): string {
  const entry = TEST_ENTRIES.find((e) => e.code === signIn.errorCode);
  if (entry !== undefined) return entry.outcome;
  if (signIn.sourceStatus === 'Interrupted') return 'interrupted';
  return signIn.errorCode === 0 ? 'success' : 'failure';
}

function naiveVerdict(signIn: SignIn, c: FilterCriteria): 'keep' | 'outsideWindow' | 'filteredOut' {
  const ms = signIn.time.getTime();
  if ((c.since !== null && ms < c.since.getTime()) || (c.until !== null && ms >= c.until.getTime())) return 'outsideWindow';
  const lower = (values: readonly string[]): string[] => values.map((v) => v.toLowerCase());
  const category = TEST_ENTRIES.find((e) => e.code === signIn.errorCode)?.category ?? 'unknown';
  const checks = [
    c.users.length === 0 || [signIn.userPrincipalName, signIn.servicePrincipalName].some((name) => name !== '' && lower(c.users).includes(name.toLowerCase())),
    c.apps.length === 0 || lower(c.apps).includes(signIn.appName.toLowerCase()),
    c.codes.length === 0 || c.codes.includes(signIn.errorCode),
    c.categories.length === 0 || (c.categories as readonly string[]).includes(category),
    c.types.length === 0 || c.types.includes(signIn.signInType),
    c.outcomes.length === 0 || (c.outcomes as readonly string[]).includes(naiveOutcome(signIn)),
  ];
  return checks.every(Boolean) ? 'keep' : 'filteredOut';
}

describe('filters', () => {
  it('keep exactly what the criteria describe and count everything they drop', () => {
    fc.assert(
      fc.property(signIns, criteria, (rows, c) => {
        const { report } = analyzeSignIns(rows, { criteria: c });
        const verdicts = rows.map((row) => naiveVerdict(row, c));
        expect(report.accounting).toMatchObject({
          signIns: verdicts.filter((v) => v === 'keep').length,
          outsideWindow: verdicts.filter((v) => v === 'outsideWindow').length,
          filteredOut: verdicts.filter((v) => v === 'filteredOut').length,
        });
        expect(report.accounting.signIns + report.accounting.outsideWindow + report.accounting.filteredOut).toBe(rows.length);
        expect(report.totals.signIns).toBe(report.accounting.signIns);
      }),
      { numRuns: 300 },
    );
  });

  it('--since is inclusive and --until exclusive', () => {
    const at = (iso: string): SignIn => makeSignIn({ time: new Date(iso) });
    const { report } = analyzeSignIns([at('2026-11-09T00:00:00Z'), at('2026-11-09T23:59:59Z'), at('2026-11-10T00:00:00Z')], {
      criteria: {
        since: new Date('2026-11-09T00:00:00Z'),
        until: new Date('2026-11-10T00:00:00Z'),
        users: [],
        apps: [],
        codes: [],
        categories: [],
        types: [],
        outcomes: [],
      },
    });
    expect(report.accounting).toMatchObject({ signIns: 2, outsideWindow: 1, filteredOut: 0 });
    expect(report.period).toMatchObject({ since: new Date('2026-11-09T00:00:00Z'), until: new Date('2026-11-10T00:00:00Z') });
  });
});

describe('analysis warnings', () => {
  it('warns when the filters leave nothing, and only then', () => {
    const rows = [makeSignIn({ errorCode: 50126 }), makeSignIn({ time: new Date('2020-01-01T00:00:00Z') })];
    const none = analyzeSignIns(rows, {
      criteria: { since: null, until: new Date('2021-01-01T00:00:00Z'), users: [], apps: [], codes: [53003], categories: [], types: [], outcomes: [] },
    });
    expect(analysisWarnings(none.tally)).toEqual([
      { code: 'NO_SIGN_INS', message: 'no sign-in matches the filters (1 outside the time window, 1 filtered out)', file: null, line: null },
    ]);
    expect(analysisWarnings(analyzeSignIns(rows).tally)).toEqual([]);
    expect(analysisWarnings(analyzeSignIns([]).tally)).toEqual([]);
  });
});

describe('--user', () => {
  const people = [
    makeSignIn({ userPrincipalName: 'juergen.gross@contoso.example', userDisplayName: 'Jürgen Groß', userId: '6c1f0b3e-2d4a-4f58-9b7e-1a3c5e7f9b20' }),
    makeSignIn({ userPrincipalName: 'misaki.watanabe@contoso.example', userDisplayName: '渡辺 美咲', userId: '0b2d4f6a-8c1e-4a3b-9d5f-7e9a1c3b5d70' }),
    makeSignIn({ userPrincipalName: 'zoe.lefevre@contoso.example', userDisplayName: 'Zoë Lefèvre', userId: '5a7c9e1b-3d5f-4b7a-8c9e-0f2a4c6e8a13' }),
  ];
  const kept = (user: string): string[] =>
    analyzeSignIns(people, {
      criteria: { since: null, until: null, users: [user], apps: [], codes: [], categories: [], types: [], outcomes: [] },
    }).report.byEntity.user.map((row) => row.key);

  it.each([
    ['the UPN in another case', 'JUERGEN.GROSS@Contoso.Example', 'juergen.gross@contoso.example'],
    ['the display name without accents', 'jurgen gross', 'juergen.gross@contoso.example'],
    ['the display name with ẞ in capitals', 'JÜRGEN GROẞ', 'juergen.gross@contoso.example'],
    ['the display name with the accents', 'zoë lefèvre', 'zoe.lefevre@contoso.example'],
    ['the display name without them', 'Zoe Lefevre', 'zoe.lefevre@contoso.example'],
    ['a display name in another script', '渡辺 美咲', 'misaki.watanabe@contoso.example'],
    ['the object id in capitals', '0B2D4F6A-8C1E-4A3B-9D5F-7E9A1C3B5D70', 'misaki.watanabe@contoso.example'],
  ])('matches %s', (_what, user, expected) => {
    expect(kept(user)).toEqual([expected]);
  });

  it('matches whole names, not parts of them', () => {
    expect(kept('jurgen')).toEqual([]);
  });
});
