// The bundled sample week through the findings engine: the attacks fixtures/make-fixtures.mjs wrote into it
// (a password spray over IMAP and SMTP from one address that also locks Megan Bowen out, a former employee's
// phone trying a disabled account) must come out as findings, and nothing the sample does not contain.

import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION_SETTINGS } from '../src/analyze/findings/index.js';
import { openInputs } from '../src/ingest/index.js';
import { findingsOf, ofKind } from './helpers/findings.js';
import { fixture, ingestAll, ingestOptions } from './ingest.helpers.js';

const { signIns } = await ingestAll([fixture('sample/InteractiveSignIns_sample.csv')]);
const findings = findingsOf(signIns);

describe('the bundled sample', () => {
  it('shows the night spray: one address, the twelve sprayed users and Megan Bowen, nobody got in', () => {
    const [spray, ...more] = ofKind(findings, 'password-spray');
    expect(more).toEqual([]);
    expect(spray).toMatchObject({ entity: { ip: '198.51.100.66' }, severity: 'medium', counts: { users: 13, ips: 1, successes: 0 } });
    // Twelve sprayed users once each, then nine wrong passwords and three lockouts for Megan Bowen.
    expect(spray!.counts.attempts).toBe(12 + 9 + 3);
    expect(spray!.action).toContain('block legacy authentication');
  });

  it('lists Megan Bowen locked out by the spraying address and once more at work', () => {
    const [lockout, ...more] = ofKind(findings, 'account-lockout');
    expect(more).toEqual([]);
    expect(lockout).toMatchObject({ entity: { user: 'megan.bowen@contoso.example' }, severity: 'medium', counts: { attempts: 4, ips: 2 } });
    expect(lockout!.why).toContain('198.51.100.66 (3)');
  });

  it('notices the former employee phone trying a disabled account over Exchange ActiveSync', () => {
    expect(ofKind(findings, 'disabled-account-probing')).toMatchObject([
      { entity: { user: 'irvin.sayers@contoso.example', ip: '198.51.100.77' }, severity: 'low' },
    ]);
    expect(
      ofKind(findings, 'legacy-auth')
        .map((finding) => [finding.entity.app, finding.severity])
        .sort(),
    ).toEqual([
      ['Authenticated SMTP', 'low'],
      ['Exchange ActiveSync', 'low'],
      ['IMAP4', 'low'],
    ]);
  });

  it('finds no brute force, MFA fatigue, stale device or prompt loop: the sample has none big enough', () => {
    for (const kind of ['brute-force', 'mfa-fatigue', 'stale-credentials', 'sign-in-loop'] as const) expect(ofKind(findings, kind)).toEqual([]);
  });

  it('with its authentication details, sees Lee Gu pushed with prompts: two MFA interrupts were denials too', async () => {
    const { settings, context } = ingestOptions();
    const opened = await openInputs([fixture('sample/InteractiveSignIns_AuthDetails_sample.csv')], settings, context);
    const joined = findingsOf(signIns, DEFAULT_DETECTION_SETTINGS, opened.mfaSteps ?? undefined);
    const [fatigue, ...more] = ofKind(joined, 'mfa-fatigue');
    expect(more).toEqual([]);
    // The four 500121 denials alone stay under minDenials; the two 50074 interrupts whose push failed make six.
    const lee = signIns.filter((signIn) => signIn.ipAddress === '198.51.100.140');
    expect(lee.map((signIn) => signIn.errorCode).sort((a, b) => a - b)).toEqual([50074, 50074, 500121, 500121, 500121, 500121]);
    expect(fatigue).toMatchObject({ entity: { user: 'lee.gu@contoso.example', ip: '198.51.100.140' }, severity: 'medium', counts: { attempts: 6 } });
    expect(DEFAULT_DETECTION_SETTINGS['mfa-fatigue'].minDenials).toBeGreaterThan(4);
    // Everything else is as without the details.
    expect(joined.filter((finding) => finding.kind !== 'mfa-fatigue')).toEqual(findings);
  });
});
