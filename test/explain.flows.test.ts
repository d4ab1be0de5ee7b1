// How explain groups sign-ins into flows and finds its subject. The grouping holds for any mix of correlation ids,
// times and outcomes (fast-check); on the equivalence fixtures, where an MFA prompt, a "stay signed in?" prompt and
// the sign-in share one correlation id, every source format that carries the id gives that one flow of three steps,
// and the audit log (whose records name no correlation id the tool reads) three flows of one. The bounded edit
// distance behind the hint is checked against the plain one, and the nearest names do not depend on row order.
// Reading keeps the subject's sign-ins and nothing else, and the detections see every sign-in; with a window and
// row filters, it keeps the subject's flows in which a step passes them, whole, as a naive model of the rule does.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION_SETTINGS, type DetectionSettings } from '../src/analyze/findings/index.js';
import { compileFilter, NO_CRITERIA, type RowCriteria } from '../src/analyze/filter.js';
import { ALL_TIME, windowBounds, type TimeWindow } from '../src/analyze/windows.js';
import { createClassifier } from '../src/analyze/outcome.js';
import type { RowFacts } from '../src/analyze/outcome.js';
import { builtinCatalog, unknownEntry } from '../src/catalog/index.js';
import { collectSubject, type Step } from '../src/explain/collect.js';
import { flowOutcome, groupFlows } from '../src/explain/flows.js';
import { editDistance, Nearest } from '../src/explain/subject.js';
import { DEFAULT_INGEST_SETTINGS } from '../src/ingest/index.js';
import { OUTCOMES, type Outcome } from '../src/model.js';
import type { JsonExplanation } from '../src/render/explain/json-contract.js';
import { runMain } from './helpers/io.js';
import { expectValidJsonExplanation } from './helpers/report-schema.js';
import { makeSignIn } from './helpers/signins.js';
import { fixture, ingestAll } from './ingest.helpers.js';

const NOW = ['--now', '2026-11-16T08:00:00Z'];

function step(time: number, correlationId: string, outcome: Outcome, requestId: string): Step {
  const facts: RowFacts = { code: outcome === 'success' ? 0 : 50126, entry: unknownEntry(1), catalogued: false, outcome };
  return { signIn: makeSignIn({ time: new Date(Date.UTC(2026, 10, 12, 8, 0, time)), correlationId, requestId }), facts, mfa: null, passes: true };
}

describe('grouping into flows', () => {
  const steps = fc
    .array(fc.record({ time: fc.integer({ min: 0, max: 30 }), correlation: fc.constantFrom('', 'a', 'b', 'c'), outcome: fc.constantFrom(...OUTCOMES) }), {
      maxLength: 40,
    })
    .map((list) => list.map((item, i) => step(item.time, item.correlation, item.outcome, `r${String(i).padStart(3, '0')}`)));

  it('puts every sign-in in exactly one flow, the sign-ins of one correlation id together, in time order', () => {
    fc.assert(
      fc.property(steps, (list) => {
        const flows = groupFlows(list);
        expect(flows.flatMap((flow) => flow.steps.map((s) => s.signIn.requestId)).sort()).toEqual(list.map((s) => s.signIn.requestId).sort());
        const ids = flows.map((flow) => flow.correlationId).filter((id) => id !== '');
        expect(new Set(ids).size).toBe(ids.length);
        for (const flow of flows) {
          expect(flow.steps.every((s) => s.signIn.correlationId === flow.correlationId)).toBe(true);
          if (flow.correlationId === '') expect(flow.steps).toHaveLength(1);
          const times = flow.steps.map((s) => s.signIn.time.getTime());
          expect(times).toEqual([...times].sort((a, b) => a - b));
        }
        const starts = flows.map((flow) => flow.steps[0]!.signIn.time.getTime());
        expect(starts).toEqual([...starts].sort((a, b) => a - b));
      }),
    );
  });

  it("gives a flow its latest step's outcome; at the same second, a sign-in ends a flow and a prompt does not", () => {
    fc.assert(
      fc.property(steps, (list) => {
        for (const flow of groupFlows(list)) {
          const latest = Math.max(...flow.steps.map((s) => s.signIn.time.getTime()));
          const last = flow.steps.filter((s) => s.signIn.time.getTime() === latest).map((s) => s.facts.outcome);
          const expected = last.includes('success') ? 'success' : last.includes('failure') ? 'failure' : 'interrupted';
          expect(flowOutcome(flow)).toBe(expected);
        }
      }),
    );
  });
});

/** The sources that carry a correlation id, each with Megan Bowen's sign-ins of the equivalence set. */
const CARRY_CORRELATION: Readonly<Record<string, readonly string[]>> = {
  'portal CSV': ['equivalence/InteractiveSignIns_equivalence.csv'],
  'portal JSON': ['equivalence/InteractiveSignIns_equivalence.json'],
  'diagnostic JSON Lines': ['equivalence/diagnostic_equivalence.jsonl'],
  'Log Analytics CSV': ['equivalence/LogAnalytics_equivalence.csv'],
  'Log Analytics REST API JSON': ['equivalence/LogAnalytics_equivalence.rest.json'],
  'az monitor log-analytics query JSON': ['equivalence/LogAnalytics_equivalence.az.json'],
  'PowerShell 7 JSON': ['equivalence/powershell-beta_equivalence.json'],
  'Windows PowerShell JSON': ['equivalence/powershell-v1_equivalence.json'],
  'Log Analytics CSV, UTF-16 LE': ['transport/LogAnalytics_equivalence.utf16le.csv'],
  'Log Analytics CSV, UTF-16 BE': ['transport/LogAnalytics_equivalence.utf16be.csv'],
  'diagnostic JSON Lines, gzip': ['transport/diagnostic_equivalence.jsonl.gz'],
  'portal CSV, gzip': ['transport/InteractiveSignIns_equivalence.csv.gz'],
};

/** The unified audit log: its records name the request (IntraSystemId) and correlation (InterSystemsId) only unverifiably, so neither is read. */
const AUDIT_LOG: Readonly<Record<string, readonly string[]>> = {
  'audit JSON Lines': ['equivalence/UnifiedAuditLog_equivalence.jsonl'],
  'audit JSON array': ['equivalence/UnifiedAuditLog_equivalence.json'],
  'Purview audit search CSV': ['equivalence/AuditLog_Purview_equivalence.csv'],
  'Search-UnifiedAuditLog CSV': ['equivalence/SearchUnifiedAuditLog_equivalence.csv'],
};

async function explained(subject: string, files: readonly string[]): Promise<JsonExplanation> {
  const result = await runMain(['explain', subject, ...files.map(fixture), ...NOW, '--format', 'json']);
  expect(result.status, result.stderr).toBe(0);
  return expectValidJsonExplanation(result.stdout) as unknown as JsonExplanation;
}

const codes = (explanation: JsonExplanation) => explanation.flows.map((flow) => flow.steps.map((s) => s.code));

describe('flows in every source format', async () => {
  const { signIns } = await ingestAll([fixture('equivalence/InteractiveSignIns_equivalence.csv')]);
  const megan = signIns.filter((signIn) => signIn.userPrincipalName === 'megan.bowen@contoso.example');
  const flowId = megan.find((signIn) => signIn.errorCode === 50074)!.correlationId;

  it('the fixture: three of her sign-ins share one correlation id', () => {
    expect(megan.filter((signIn) => signIn.correlationId === flowId).map((signIn) => signIn.errorCode)).toEqual([50074, 50140, 0]);
  });

  it.each(Object.entries(CARRY_CORRELATION))('%s: the prompts and the sign-in are one flow that signed in', async (_name, files) => {
    const explanation = await explained('megan.bowen@contoso.example', files);
    expect(codes(explanation)).toEqual([[50074, 50140, 0], [53003]]);
    expect(explanation.flows[0]).toMatchObject({ correlationId: flowId, outcome: 'success' });
    expect(explanation.diagnosis.find((item) => item.kind === 'normal')).toMatchObject({ count: 1 });
    // Asked by the correlation id: the same flow.
    expect(codes(await explained(flowId, files))).toEqual([[50074, 50140, 0]]);
  });

  it.each(Object.entries(AUDIT_LOG))('%s: no correlation id is read, so each sign-in is a flow of its own', async (_name, files) => {
    const explanation = await explained('megan.bowen@contoso.example', files);
    expect(codes(explanation)).toEqual([[50074], [50140], [0], [53003]]);
    expect(explanation.flows.every((flow) => flow.correlationId === '')).toBe(true);
    // The MFA prompt then looks unfinished: the audit log cannot say it was not.
    expect(explanation.diagnosis.map((item) => item.kind)).toContain('unfinished');
  });
});

describe('the nearest names and ids', () => {
  /** The plain Levenshtein distance, the textbook table. */
  function levenshtein(a: string, b: string): number {
    const table = Array.from({ length: a.length + 1 }, (_row, i) => Array.from({ length: b.length + 1 }, (_cell, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        table[i]![j] = Math.min(table[i - 1]![j]! + 1, table[i]![j - 1]! + 1, table[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
    }
    return table[a.length]![b.length]!;
  }

  it('the bounded edit distance is the plain one, or one past the bound', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '-', '@'), maxLength: 14 });
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 8 }), (a, b, limit) => {
        expect(editDistance(a, b, limit)).toBe(Math.min(levenshtein(a, b), limit + 1));
      }),
    );
  });

  it('do not depend on the order the sign-ins come in', async () => {
    const { signIns } = await ingestAll([fixture('sample/InteractiveSignIns_sample.csv')]);
    const nearest = (asked: string, order: readonly number[]): string[] => {
      const finder = new Nearest(asked);
      for (const i of order) finder.offer(signIns[i]!);
      return finder.list();
    };
    const order = signIns.map((_signIn, i) => i);
    for (const asked of ['megan', 'Joni Shermann', 'adele.vance@contoso', signIns[7]!.requestId.replace(/.$/, '0')]) {
      const forward = nearest(asked, order);
      expect(forward.length).toBeGreaterThan(0);
      fc.assert(
        fc.property(fc.shuffledSubarray(order, { minLength: order.length }), (shuffled) => {
          expect(nearest(asked, shuffled)).toEqual(forward);
        }),
        { numRuns: 20 },
      );
    }
  });
});

describe('reading for explain', () => {
  /** What explain keeps of one file for `asked`, with these row filters, detections (null: none) and window. */
  const collectFor = (path: string, asked: string, criteria: RowCriteria, detections: DetectionSettings | null, window: TimeWindow = ALL_TIME) =>
    collectSubject(
      { inputs: [path], ingest: DEFAULT_INGEST_SETTINGS, criteria, window, detections, catalog: builtinCatalog(), asked },
      { stdin: process.stdin, cwd: process.cwd(), diagnose: () => {}, stderr: () => {} },
    );

  it("keeps the subject's sign-ins and no other, and hands every sign-in to the detections", async () => {
    const path = fixture('sample/InteractiveSignIns_sample.csv');
    const { signIns } = await ingestAll([path]);
    const collected = await collectFor(path, 'Megan Bowen', NO_CRITERIA, DEFAULT_DETECTION_SETTINGS);
    const hers = signIns.filter((signIn) => signIn.userDisplayName === 'Megan Bowen');
    expect(collected.steps.user.map((kept) => kept.signIn)).toEqual(hers);
    expect([collected.steps.request, collected.steps.correlation, collected.steps.flow]).toEqual([[], [], []]);
    expect(collected.counted).toBe(signIns.length);
    // The detections saw the whole tenant: the spray against thirteen users is in their state.
    expect(collected.findings!.names.user.list.length).toBeGreaterThan(13);
  });

  it('keeps whole the flows in which a step passes the window and row filters, and marks the steps that do not pass', async () => {
    const path = fixture('sample/InteractiveSignIns_sample.csv');
    const { signIns } = await ingestAll([path]);
    const classify = createClassifier(builtinCatalog(), unknownEntry);
    const criteria: RowCriteria[] = [
      NO_CRITERIA,
      { ...NO_CRITERIA, outcomes: ['interrupted'] },
      { ...NO_CRITERIA, outcomes: ['failure'] },
      { ...NO_CRITERIA, outcomes: ['success'] },
      { ...NO_CRITERIA, codes: [50140] },
      { ...NO_CRITERIA, apps: ['Microsoft Teams'] },
    ];
    // Bianca Pisani's first prompt: windows that start or end a second after it cut her first flow in two.
    const prompt = signIns.find((signIn) => signIn.userDisplayName === 'Bianca Pisani' && signIn.errorCode === 50074)!;
    const cut = new Date(prompt.time.getTime() + 1000);
    const windows: TimeWindow[] = [
      ALL_TIME,
      { since: cut, until: null },
      { since: null, until: cut },
      { since: new Date('2026-11-12T00:00:00Z'), until: null },
    ];
    for (const user of ['Bianca Pisani', 'Gerhart Moller', 'Megan Bowen']) {
      for (const filter of criteria) {
        for (const window of windows) {
          if (filter === NO_CRITERIA && window === ALL_TIME) continue;
          const collected = await collectFor(path, user, filter, null, window);
          // The naive model: a sign-in of the user is kept when it passes, or when another of the user's sign-ins
          // with the same correlation id passes and it is in the window or within an hour of its edge.
          const { sinceMs, untilMs } = windowBounds(window);
          const passes = compileFilter(filter) ?? (() => true);
          const inWindow = (ms: number) => ms >= sinceMs && ms < untilMs;
          const near = (ms: number) => ms >= sinceMs - 3_600_000 && ms < untilMs + 3_600_000;
          const theirs = signIns.filter((signIn) => signIn.userDisplayName === user);
          const passing = theirs.filter((signIn) => inWindow(signIn.time.getTime()) && passes(signIn, classify(signIn)));
          const picked = new Set(passing.map((signIn) => signIn.correlationId).filter((id) => id !== ''));
          const expected = theirs.filter((signIn) => passing.includes(signIn) || (picked.has(signIn.correlationId) && near(signIn.time.getTime())));
          const label = `${user} ${JSON.stringify(filter)} ${JSON.stringify(window)}`;
          expect(
            collected.steps.user.map((kept) => kept.signIn),
            label,
          ).toEqual(expected);
          expect(
            collected.steps.user.map((kept) => kept.passes),
            label,
          ).toEqual(expected.map((signIn) => passing.includes(signIn)));
          expect(collected.leftOut, label).toBe(theirs.length - passing.length);
        }
      }
    }
  });
});
