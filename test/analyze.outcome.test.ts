// The outcome of a sign-in against a naive model: the catalog decides for its codes; for others the source's
// status, then the source's words (a failure text that calls the step an interrupt, or says no action is
// required), then code 0 is success and anything else a failure.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClassifier, saysInterrupted } from '../src/analyze/outcome.js';
import type { SignIn } from '../src/model.js';
import { analyzeSignIns, makeCatalog, makeSignIn, TEST_ENTRIES, unknownTestEntry } from './helpers/signins.js';

const REASONS = [
  '',
  'Silent interrupt required for this request; the client must redirect.',
  'No action required, this is expected',
  'Interrupted by the user.',
  'Invalid username or password.',
  'The application could not be found.',
] as const;

function naiveOutcome(signIn: SignIn): string {
  const entry = TEST_ENTRIES.find((e) => e.code === signIn.errorCode);
  if (entry !== undefined) return entry.outcome;
  const status = signIn.sourceStatus.trim().toLowerCase();
  if (status === 'success' || status === 'failure' || status === 'interrupted') return status;
  if (signIn.errorCode === 0) return 'success';
  const says = (text: string) => text.toLowerCase().includes('interrupt') || text.toLowerCase().includes('no action required');
  return says(signIn.failureReason) || says(signIn.additionalDetails) ? 'interrupted' : 'failure';
}

describe('the outcome of a sign-in', () => {
  it('follows the catalog, then the status, then the source’s words, then the code', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            errorCode: fc.constantFrom(0, 50126, 50074, 501314, 4242),
            sourceStatus: fc.constantFrom('', 'Failure', 'SUCCESS', 'interrupted', 'None'),
            failureReason: fc.constantFrom(...REASONS),
            additionalDetails: fc.constantFrom(...REASONS),
          }),
          { maxLength: 40 },
        ),
        (rows) => {
          const classify = createClassifier(makeCatalog(), unknownTestEntry);
          for (const row of rows) {
            const signIn = makeSignIn(row);
            expect(classify(signIn).outcome, JSON.stringify(row)).toBe(naiveOutcome(signIn));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('an unknown code whose failure text asks for a silent interrupt is interrupted, and its code row says so', () => {
    const signIns = [0, 1, 2].map((i) =>
      makeSignIn({
        errorCode: 501314,
        failureReason: 'Silent interrupt required; the client should redirect to continue the sign-in.',
        time: new Date(Date.UTC(2026, 10, 10, 8, i)),
      }),
    );
    const { report } = analyzeSignIns(signIns);
    expect(report.totals).toMatchObject({ signIns: 3, failure: 0, interrupted: 3 });
    expect(report.byCode).toEqual([expect.objectContaining({ code: 501314, outcome: 'interrupted', catalogued: false, interrupted: 3, failures: 0 })]);
  });

  it('reads the words, not a part of a word', () => {
    expect(saysInterrupted('Silent interrupt required')).toBe(true);
    expect(saysInterrupted('No further action is needed.')).toBe(true);
    expect(saysInterrupted('The action requires an uninterrupted session.')).toBe(false);
    expect(saysInterrupted('Action required: reset the password.')).toBe(false);
  });
});
