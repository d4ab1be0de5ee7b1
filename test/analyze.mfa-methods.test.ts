// The MFA methods section: the MFA steps joined to the counted sign-ins, tallied per method in the analysis pass,
// checked against a naive model on random sign-ins and steps, the same whatever the split into merged parts (as
// worker threads give them), and absent without authentication details.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAnalysis, mergeAnalysisResults, NO_CRITERIA, type AnalysisResult, type RowCriteria } from '../src/analyze/index.js';
import { finishMfaMethods } from '../src/analyze/mfa-methods.js';
import type { MfaStep, MfaSteps, SignIn } from '../src/model.js';
import { makeCatalog, makeSignIn, unknownTestEntry } from './helpers/signins.js';

const METHODS = ['Mobile app notification', 'Text message', 'OATH verification code', 'Previously satisfied'];
const DETAILS = ['MFA denied; user declined the authentication', 'MFA denied; user did not respond to mobile app notification', 'Invalid code', ''];
const WINDOW = { since: new Date('2026-03-02T00:00:00Z'), until: new Date('2026-03-03T00:00:00Z') };

const stepArbitrary: fc.Arbitrary<MfaStep> = fc.record({
  method: fc.constantFrom(...METHODS),
  succeeded: fc.boolean(),
  detail: fc.constantFrom(...DETAILS),
});

/** Sign-ins with request IDs from a small pool (some without a step), inside or outside the window, of two users. */
const signInArbitrary: fc.Arbitrary<SignIn> = fc
  .record({
    id: fc.integer({ min: 0, max: 30 }),
    hour: fc.integer({ min: -6, max: 30 }),
    user: fc.constantFrom('alice@contoso.example', 'bob@contoso.example'),
  })
  .map(({ id, hour, user }) =>
    makeSignIn({ requestId: `r${id}`, time: new Date(WINDOW.since.getTime() + hour * 3_600_000), userPrincipalName: user, errorCode: 50074 }),
  );

const CRITERIA: RowCriteria = { ...NO_CRITERIA, users: ['alice@contoso.example'] };

function analyze(parts: readonly (readonly SignIn[])[], steps: MfaSteps | null): AnalysisResult {
  const results = parts.map((part) => {
    const analysis = createAnalysis({ criteria: CRITERIA, windows: [WINDOW], detections: null, mfaSteps: steps }, makeCatalog(), unknownTestEntry);
    for (const signIn of part) analysis.add(signIn);
    // A worker's result reaches the main thread as a structured clone.
    return structuredClone(analysis.result());
  });
  return results.slice(1).reduce(mergeAnalysisResults, results[0]!);
}

/** What the section must say, worked out the slow way from the sign-ins the report counts. */
function model(signIns: readonly SignIn[], steps: MfaSteps) {
  const counted = signIns.filter((signIn) => signIn.time >= WINDOW.since && signIn.time < WINDOW.until && signIn.userPrincipalName === 'alice@contoso.example');
  const joined = counted.flatMap((signIn) => {
    const step = steps.get(signIn.requestId);
    return step === undefined ? [] : [step];
  });
  const rows = [...new Set(joined.map((step) => step.method))].map((method) => {
    const mine = joined.filter((step) => step.method === method);
    const failures = mine.filter((step) => !step.succeeded && step.detail !== '').map((step) => step.detail);
    const byCount = [...new Set(failures)].sort((a, b) => failures.filter((f) => f === b).length - failures.filter((f) => f === a).length || (a < b ? -1 : 1));
    return {
      method,
      steps: mine.length,
      succeeded: mine.filter((step) => step.succeeded).length,
      failed: mine.filter((step) => !step.succeeded).length,
      topFailure: byCount[0] ?? '',
    };
  });
  rows.sort((a, b) => b.steps - a.steps || (a.method < b.method ? -1 : 1));
  return { requests: steps.size, signIns: joined.length, rows };
}

describe('the MFA methods of a report', () => {
  it('count each counted sign-in’s joined step once, per method, as a naive model does, however the sign-ins are split', () => {
    fc.assert(
      fc.property(
        fc.array(signInArbitrary, { maxLength: 60 }),
        fc.dictionary(
          fc.integer({ min: 0, max: 30 }).map((id) => `r${id}`),
          stepArbitrary,
        ),
        fc.integer({ min: 1, max: 4 }),
        (signIns, dictionary, parts) => {
          const steps: MfaSteps = new Map(Object.entries(dictionary));
          const size = Math.ceil(signIns.length / parts) || 1;
          const split = Array.from({ length: parts }, (_, i) => signIns.slice(i * size, (i + 1) * size));
          const result = analyze(split, steps);
          expect(finishMfaMethods(result.mfa!)).toEqual(model(signIns, steps));
          const rows = finishMfaMethods(result.mfa!).rows;
          expect(rows.reduce((total, row) => total + row.steps, 0)).toBe(result.mfa!.signIns);
        },
      ),
    );
  });

  it('are not tallied without authentication details', () => {
    const result = analyze([[makeSignIn({ requestId: 'r1' })]], null);
    expect(result.mfa).toBeNull();
  });

  it('keep a method that only succeeded with no failure text, and an empty tally when nothing joined', () => {
    const steps: MfaSteps = new Map([
      ['r1', { method: 'Previously satisfied', succeeded: true, detail: 'MFA requirement satisfied by claim in the token' }],
      ['r9', { method: 'Text message', succeeded: false, detail: 'Invalid code' }],
    ]);
    const result = analyze([[makeSignIn({ requestId: 'r1', userPrincipalName: 'alice@contoso.example' })]], steps);
    expect(finishMfaMethods(result.mfa!)).toEqual({
      requests: 2,
      signIns: 1,
      rows: [{ method: 'Previously satisfied', steps: 1, succeeded: 1, failed: 0, topFailure: '' }],
    });
    const none = analyze([[makeSignIn({ requestId: 'r2' })]], steps);
    expect(finishMfaMethods(none.mfa!)).toEqual({ requests: 2, signIns: 0, rows: [] });
  });
});
