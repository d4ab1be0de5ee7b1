// --fail-on: every rule form parses to what it says, every malformed rule is a usage error naming it, and each
// rule is crossed exactly when a naive reading of the figures says so (boundaries included).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.js';
import { compareFigures, type ReportFigures } from '../src/view/compare.js';
import { figures as figuresOf, type FigureParts } from './helpers/figures.js';
import { parseRule, parseRules } from '../src/config/rules.js';
import { evaluateRule, evaluateRules, needsComparison } from '../src/view/thresholds.js';

const FIGURE_PARTS: FigureParts = {
  totals: { signIns: 1000, failure: 60, interrupted: 15 },
  byCode: [
    { code: 50126, count: 40 },
    { code: 50053, count: 20 },
    { code: 50074, count: 15 },
  ],
  byCategory: [
    { category: 'credentials', count: 40 },
    { category: 'account_blocked', count: 20 },
    { category: 'mfa', count: 15 },
  ],
  byUser: [
    { user: 'alice@contoso.example', failures: 25, interrupted: 1 },
    { user: 'bob@contoso.example', failures: 20, interrupted: 9 },
    { user: 'carol@contoso.example', failures: 15, interrupted: 5 },
    { user: 'dave@contoso.example', failures: 0, interrupted: 0 },
  ],
  byApp: [
    { app: 'Azure Portal', failures: 50, interrupted: 10 },
    { app: 'Microsoft Teams', failures: 10, interrupted: 5 },
  ],
};

const BEFORE_PARTS: FigureParts = {
  totals: { signIns: 800, failure: 40, interrupted: 15 },
  byCode: [
    { code: 50126, count: 40 },
    { code: 50074, count: 15 },
  ],
  byCategory: [
    { category: 'credentials', count: 40 },
    { category: 'mfa', count: 15 },
  ],
  byUser: [{ user: 'alice@contoso.example', failures: 40, interrupted: 15 }],
  byApp: [{ app: 'Azure Portal', failures: 40, interrupted: 15 }],
};

const FIGURES: ReportFigures = figuresOf(FIGURE_PARTS);
const BEFORE: ReportFigures = figuresOf(BEFORE_PARTS);
const COMPARISON = compareFigures(FIGURES, BEFORE);

describe('parseRule', () => {
  it.each([
    ['failures>500', { kind: 'total', metric: 'failures', comparator: '>', limit: 500 }],
    ['interrupted>=3', { kind: 'total', metric: 'interrupted', comparator: '>=', limit: 3 }],
    ['sign-ins>10000', { kind: 'total', metric: 'sign-ins', comparator: '>', limit: 10000 }],
    ['failure-rate>5%', { kind: 'failure-rate', comparator: '>', limit: 5 }],
    ['failure-rate>2.5%', { kind: 'failure-rate', comparator: '>', limit: 2.5 }],
    ['code:50053>0', { kind: 'code', code: 50053, comparator: '>', limit: 0 }],
    ['code:AADSTS50053>0', { kind: 'code', code: 50053, comparator: '>', limit: 0 }],
    ['category:credentials>100', { kind: 'category', category: 'credentials', comparator: '>', limit: 100 }],
    ['category:account-blocked>=1', { kind: 'category', category: 'account_blocked', comparator: '>=', limit: 1 }],
    ['increase:failures>50%', { kind: 'increase', metric: 'failures', comparator: '>', limit: 50, percent: true }],
    ['increase:failures>100', { kind: 'increase', metric: 'failures', comparator: '>', limit: 100, percent: false }],
    ['new-codes', { kind: 'new', dimension: 'code', comparator: '>', limit: 0 }],
    ['new-ips>=1', { kind: 'new', dimension: 'ip', comparator: '>=', limit: 1 }],
    ['ip:failures>20', { kind: 'entity', dimension: 'ip', metric: 'failures', comparator: '>', limit: 20 }],
    ['new-users>2', { kind: 'new', dimension: 'user', comparator: '>', limit: 2 }],
    ['user:failures>20', { kind: 'entity', dimension: 'user', metric: 'failures', comparator: '>', limit: 20 }],
    ['app:interrupted>=5', { kind: 'entity', dimension: 'app', metric: 'interrupted', comparator: '>=', limit: 5 }],
    [' Failures > 500 ', { kind: 'total', metric: 'failures', comparator: '>', limit: 500 }],
  ])('%s', (text, expected) => {
    expect(parseRule(text)).toEqual({ text: text.trim(), ...expected });
  });

  it.each([
    ['failures>', 'not a rule'],
    ['failures<500', 'not a rule'],
    ['failures>5.5', 'is not a whole number'],
    ['failure-rate>5', 'give the rate in percent'],
    ['code:abc>0', '"abc" is not an error code'],
    // Beyond nine digits no code is: the KQL would compare an int column with 1e20.
    ['code:99999999999999999999>0', 'is not an error code'],
    ['category:passwords>1', "unknown category 'passwords'"],
    ['new-code', "nothing is compared as 'code'"],
    ['new-days', "nothing is compared as 'days'"],
    ['browser:failures>1', 'not a rule'],
    ['user:rate>1', 'not a rule'],
    ['everything', 'not a rule'],
    ['', 'the rule is empty'],
  ])('%s is a usage error naming the rule', (text, why) => {
    let caught: unknown;
    try {
      parseRule(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('USAGE');
    expect((caught as AppError).message).toContain(`'${text}'`);
    expect((caught as AppError).message).toContain(why);
    expect((caught as AppError).hint).toBeTruthy();
  });

  it('knows which rules need an earlier period', () => {
    expect(parseRules(['failures>1', 'increase:failures>1%', 'new-codes', 'user:failures>1']).map(needsComparison)).toEqual([false, true, true, false]);
  });
});

const verdicts = (rules: string[], comparison = COMPARISON) =>
  evaluateRules(parseRules(rules), FIGURES, comparison).map((outcome) => [outcome.rule, outcome.crossed, outcome.actual]);

describe('evaluateRule', () => {
  it('totals and the failure rate, at and around the boundary', () => {
    expect(
      verdicts(['failures>59', 'failures>60', 'failures>=60', 'interrupted>14', 'sign-ins>1000', 'failure-rate>5.99%', 'failure-rate>6%', 'failure-rate>=6%']),
    ).toEqual([
      ['failures>59', true, 60],
      ['failures>60', false, 60],
      ['failures>=60', true, 60],
      ['interrupted>14', true, 15],
      ['sign-ins>1000', false, 1000],
      ['failure-rate>5.99%', true, 6],
      ['failure-rate>6%', false, 6],
      ['failure-rate>=6%', true, 6],
    ]);
  });

  it('judges a rate or a rise on its exact value, and shows it with as many decimals as the verdict needs', () => {
    // 61 of 1,219 is 5.004 %, 2 of 3 is 66.666... %; a rise from 20,000 to 30,001 is 50.005 %.
    const rate = (failure: number, signIns: number, rule: string) =>
      evaluateRule(parseRule(rule), figuresOf({ ...FIGURE_PARTS, totals: { signIns, failure, interrupted: 0 } }), null);
    expect(rate(61, 1219, 'failure-rate>5%')).toMatchObject({ crossed: true, actual: 5.004, message: 'failure rate 5.004% > 5%' });
    expect(rate(2, 3, 'failure-rate>=66.6667%')).toMatchObject({ crossed: false, actual: 66.66667 });
    expect(rate(2, 3, 'failure-rate>=66.67%')).toMatchObject({ crossed: false, actual: 66.667 });
    expect(rate(2, 3, 'failure-rate>66%')).toMatchObject({ crossed: true, actual: 66.67 });
    const rise = (before: number, now: number, rule: string) => {
      const parts = (failure: number): FigureParts => ({ ...FIGURE_PARTS, totals: { signIns: 100_000, failure, interrupted: 0 } });
      return evaluateRule(parseRule(rule), figuresOf(parts(now)), compareFigures(figuresOf(parts(now)), figuresOf(parts(before))));
    };
    expect(rise(20_000, 30_001, 'increase:failures>50%')).toMatchObject({ crossed: true, actual: 50.01 });
    expect(rise(3, 5, 'increase:failures>=66.7%')).toMatchObject({ crossed: false, actual: 66.67 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (signIns, failures, hundredths) => {
          const failure = Math.min(failures, signIns);
          const limit = hundredths / 100;
          for (const comparator of ['>', '>='] as const) {
            const outcome = rate(failure, signIns, `failure-rate${comparator}${limit}%`);
            // Exact: failure / signIns * 100 against limit, in integers.
            const left = failure * 10_000;
            const right = hundredths * signIns;
            expect(outcome.crossed).toBe(comparator === '>' ? left > right : left >= right);
            const shown = outcome.actual as number;
            expect(comparator === '>' ? shown > limit : shown >= limit).toBe(outcome.crossed);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('one code and one category; absent ones count 0', () => {
    expect(
      verdicts([
        'code:50053>0',
        'code:50053>20',
        'code:53003>0',
        'code:53003>=0',
        'category:credentials>39',
        'category:mfa>15',
        'category:conditional_access>0',
      ]),
    ).toEqual([
      ['code:50053>0', true, 20],
      ['code:50053>20', false, 20],
      ['code:53003>0', false, 0],
      ['code:53003>=0', true, 0],
      ['category:credentials>39', true, 40],
      ['category:mfa>15', false, 15],
      ['category:conditional_access>0', false, 0],
    ]);
  });

  it('per user and app: every one over the limit is named, largest first', () => {
    const users = evaluateRule(parseRule('user:failures>=20'), FIGURES, null);
    expect(users).toMatchObject({ crossed: true, actual: 25 });
    expect(users.offenders).toEqual([
      { key: 'alice@contoso.example', value: 25 },
      { key: 'bob@contoso.example', value: 20 },
    ]);
    expect(users.message).toBe('2 users >= 20 failures (alice@contoso.example: 25, bob@contoso.example: 20)');
    const calm = evaluateRule(parseRule('user:failures>25'), FIGURES, null);
    expect(calm).toMatchObject({ crossed: false, actual: 25, offenders: [] });
    expect(calm.message).toBe('no user > 25 failures (highest: 25)');
    expect(evaluateRule(parseRule('app:interrupted>5'), FIGURES, null).offenders).toEqual([{ key: 'Azure Portal', value: 10 }]);
  });

  it('increases: relative, absolute, and from nothing', () => {
    // failures 40 → 60: +20, +50%; interrupted 15 → 15; sign-ins 800 → 1000.
    expect(
      verdicts([
        'increase:failures>49%',
        'increase:failures>50%',
        'increase:failures>=50%',
        'increase:failures>19',
        'increase:interrupted>0%',
        'increase:sign-ins>=25%',
      ]),
    ).toEqual([
      ['increase:failures>49%', true, 50],
      ['increase:failures>50%', false, 50],
      ['increase:failures>=50%', true, 50],
      ['increase:failures>19', true, 20],
      ['increase:interrupted>0%', false, 0],
      ['increase:sign-ins>=25%', true, 25],
    ]);
    const fromNothing = compareFigures(FIGURES, { ...BEFORE, totals: { signIns: 10, failure: 0, interrupted: 0 } });
    expect(evaluateRule(parseRule('increase:failures>1000%'), FIGURES, fromNothing)).toMatchObject({ crossed: true, actual: null });
    const nothingEither = compareFigures(
      { ...FIGURES, totals: { signIns: 1, failure: 0, interrupted: 0 } },
      { ...BEFORE, totals: { signIns: 1, failure: 0, interrupted: 0 } },
    );
    expect(evaluateRule(parseRule('increase:failures>0%'), FIGURES, nothingEither)).toMatchObject({ crossed: false, actual: null });
  });

  it('new entries, named', () => {
    expect(verdicts(['new-codes', 'new-codes>1', 'new-categories', 'new-users>=2', 'new-apps'])).toEqual([
      ['new-codes', true, 1],
      ['new-codes>1', false, 1],
      ['new-categories', true, 1],
      ['new-users>=2', true, 2],
      ['new-apps', true, 1],
    ]);
    expect(evaluateRule(parseRule('new-codes'), FIGURES, COMPARISON)).toMatchObject({
      offenders: [{ key: '50053', value: 20 }],
      message: '1 new code (50053: 20)',
    });
  });

  it('a rule that needs a comparison without one is skipped: not crossed, and says why', () => {
    for (const text of ['increase:failures>5%', 'increase:sign-ins>10', 'new-codes']) {
      expect(evaluateRule(parseRule(text), FIGURES, null)).toEqual({
        rule: text,
        kind: text.startsWith('new') ? 'new' : 'increase',
        crossed: false,
        actual: null,
        limit: parseRule(text).limit,
        unit: text.endsWith('%') ? 'percent' : 'count',
        message: 'no baseline, rule skipped',
        offenders: [],
        skipped: true,
      });
    }
  });

  it('count rules are crossed exactly when the naive reading says so', () => {
    const rows = fc.array(fc.record({ user: fc.constantFrom('a', 'b', 'c', 'd'), failures: fc.nat(30), interrupted: fc.nat(30) }), { maxLength: 6 });
    fc.assert(
      fc.property(rows, fc.nat(40), fc.constantFrom('>', '>='), (byUser, limit, sign) => {
        const figures: ReportFigures = figuresOf({ ...FIGURE_PARTS, byUser });
        const outcome = evaluateRule(parseRule(`user:failures${sign}${limit}`), figures, null);
        const perUser = new Map<string, number>();
        for (const row of byUser) perUser.set(row.user, (perUser.get(row.user) ?? 0) + row.failures);
        const over = [...perUser].filter(([, value]) => (sign === '>' ? value > limit : value >= limit));
        expect(outcome.crossed).toBe(over.length > 0);
        expect(outcome.offenders.map((offender) => offender.key).sort()).toEqual(over.map(([key]) => key).sort());

        const total = byUser.reduce((sum, row) => sum + row.failures, 0);
        const totals = evaluateRule(parseRule(`failures${sign}${limit}`), { ...figures, totals: { ...figures.totals, failure: total } }, null);
        expect(totals.crossed).toBe(sign === '>' ? total > limit : total >= limit);
      }),
    );
  });
});
