// Owns reading the inputs for explain: one streaming pass through ingest that joins each sign-in to the catalog,
// hands every sign-in in the window and row filters (with its MFA step from an AuthDetails input) to the
// detections, and those the filters leave out or that came before the window as context, as the report does (so
// the findings are the report's), and keeps only the sign-ins that match the subject, copied off the input's
// chunks, plus the few nearest names for a hint. The window and the row filters pick the subject's flows: a flow
// with a step they keep is kept whole, its steps near the window's edge included. Memory grows with the subject's
// sign-ins and the detections' keys, never with the rows read. One thread reads: explain is about a handful of
// sign-ins. A request id's flow is completed by a second pass (collectFlow) that keeps the rows of its
// correlation id.

import { detach } from '../text.js';
import { createFindingsState, observe, observeLeftOut, type DetectionSettings, type FindingsState } from '../analyze/findings/index.js';
import { compileFilter, type RowCriteria } from '../analyze/filter.js';
import { createClassifier, type RowFacts } from '../analyze/outcome.js';
import { windowBounds, type TimeWindow } from '../analyze/windows.js';
import { unknownEntry, type Catalog } from '../catalog/index.js';
import { ingest, openInputs, type IngestContext, type IngestResult, type IngestSettings } from '../ingest/index.js';
import type { MfaStep, MfaSteps, SignIn } from '../model.js';
import { Nearest, subjectMatcher } from './subject.js';
import type { SubjectKind } from './types.js';

/** One sign-in of the subject with its catalog join, and its MFA step when an AuthDetails input has it. */
export interface Step {
  readonly signIn: SignIn;
  readonly facts: RowFacts;
  readonly mfa: MfaStep | null;
  /** False for a step the window or the row filters leave out, kept because another step of its flow passes them. */
  readonly passes: boolean;
}

export interface CollectSetup {
  readonly inputs: readonly string[];
  readonly ingest: IngestSettings;
  readonly criteria: RowCriteria;
  readonly window: TimeWindow;
  /** The detections' settings; null with --no-detections. */
  readonly detections: DetectionSettings | null;
  readonly catalog: Catalog;
  /** The user, request id or correlation id asked about. */
  readonly asked: string;
}

export interface Collected {
  /**
   * The sign-ins that matched as each kind of subject, in the flows the window and filters picked; `flow` holds the rows
   * read after a matching request that share its correlation id.
   */
  readonly steps: Readonly<Record<SubjectKind | 'flow', readonly Step[]>>;
  readonly findings: FindingsState | null;
  readonly ingest: IngestResult;
  /** Sign-ins in the window and filters. */
  readonly counted: number;
  readonly outsideWindow: number;
  readonly filteredOut: number;
  /** The subject's own sign-ins that the window or the filters left out. */
  readonly leftOut: number;
  /** The names or ids nearest to what was asked, closest first (for the hint when nothing matched). */
  readonly nearest: readonly string[];
}

/**
 * How far outside the window a step is still read for its flow: the steps of one sign-in are seconds or minutes
 * apart, so a flow that crosses the window's edge has its other steps within this.
 */
const FLOW_REACH_MS = 60 * 60 * 1000;

/**
 * Joins each sign-in to the catalog and says whether the window and filters keep it, and for one they leave out,
 * whether it may still be shown with its flow: it has a correlation id, and is inside the window or near its edge.
 */
function sifter(setup: Pick<CollectSetup, 'catalog' | 'criteria' | 'window'>) {
  const classify = createClassifier(setup.catalog, unknownEntry);
  const filter = compileFilter(setup.criteria);
  const { sinceMs, untilMs } = windowBounds(setup.window);
  return (signIn: SignIn): { readonly facts: RowFacts; readonly kept: 'yes' | 'before' | 'after' | 'filtered'; readonly withFlow: boolean } => {
    const facts = classify(signIn);
    const ms = signIn.time.getTime();
    const flow = signIn.correlationId !== '';
    if (ms < sinceMs) return { facts, kept: 'before', withFlow: flow && sinceMs - ms <= FLOW_REACH_MS };
    if (ms >= untilMs) return { facts, kept: 'after', withFlow: flow && ms - untilMs < FLOW_REACH_MS };
    const passes = filter === null || filter(signIn, facts);
    return { facts, kept: passes ? 'yes' : 'filtered', withFlow: flow };
  };
}

export async function collectSubject(setup: CollectSetup, context: IngestContext): Promise<Collected> {
  const sift = sifter(setup);
  const match = subjectMatcher(setup.asked);
  const nearest = new Nearest(setup.asked);
  const findings = setup.detections === null ? null : createFindingsState(setup.detections);
  const steps: Record<SubjectKind | 'flow', Step[]> = { user: [], request: [], correlation: [], flow: [] };
  /** The correlation ids of the matching requests read so far. */
  const flows = new Set<string>();
  let counted = 0;
  let outsideWindow = 0;
  let filteredOut = 0;
  let leftOut = 0;
  const settings = { ...setup.ingest, threads: 1 };
  const opened = await openInputs(setup.inputs, settings, context);
  const mfaSteps = opened.mfaSteps;
  const result = await ingest(opened, settings, context, (signIn) => {
    const { facts, kept, withFlow } = sift(signIn);
    const kind = match(signIn, facts);
    const passes = kept === 'yes';
    if (passes) {
      counted++;
      if (findings !== null) observe(findings, signIn, facts, mfaSteps?.get(signIn.requestId));
    } else if (kept === 'filtered') {
      filteredOut++;
      // Left out of the detections, but a success still shows an address the user signs in from, and a
      // sign-in past the password that a password got through.
      if (findings !== null) observeLeftOut(findings, signIn, facts);
    } else {
      outsideWindow++;
      // Before the window is the users' history: it still shows the addresses they sign in from.
      if (kept === 'before' && findings !== null) observeLeftOut(findings, signIn, facts);
    }
    if (!passes && kind !== null) leftOut++;
    // A step left out is kept only to be shown with its flow, should another step of the flow pass.
    const shown = passes || withFlow;
    if (kind === null) {
      if (shown && flows.size > 0 && flows.has(signIn.correlationId)) steps.flow.push(keep(signIn, facts, mfaSteps, passes));
      else if (passes) nearest.offer(signIn);
      return;
    }
    if (shown) steps[kind].push(keep(signIn, facts, mfaSteps, passes));
    if (passes && kind === 'request' && signIn.correlationId !== '') flows.add(signIn.correlationId);
  });
  for (const kind of ['user', 'request', 'correlation'] as const) steps[kind] = pickedFlows(steps[kind]);
  return { steps, findings, ingest: result, counted, outsideWindow, filteredOut, leftOut, nearest: nearest.list() };
}

/** The steps of the flows the window and row filters picked: a step that passes them, and every step of its flow. */
function pickedFlows(steps: Step[]): Step[] {
  const picked = new Set(steps.filter((step) => step.passes && step.signIn.correlationId !== '').map((step) => step.signIn.correlationId));
  return steps.filter((step) => step.passes || picked.has(step.signIn.correlationId));
}

/**
 * The sign-ins whose correlation id is `correlationId`, a flow the window and row filters picked (with its steps
 * near the window's edge): a second pass over the inputs (which must not be standard input), saying nothing it
 * said the first time.
 */
export async function collectFlow(
  setup: Omit<CollectSetup, 'detections' | 'asked'>,
  correlationId: string,
  context: Pick<IngestContext, 'stdin' | 'cwd'>,
): Promise<Step[]> {
  const sift = sifter(setup);
  const steps: Step[] = [];
  const settings = { ...setup.ingest, threads: 1, progress: false, trace: false };
  const quiet = { ...context, diagnose: () => {}, stderr: () => {} };
  const opened = await openInputs(setup.inputs, settings, quiet);
  await ingest(opened, settings, quiet, (signIn) => {
    if (signIn.correlationId !== correlationId) return;
    const { facts, kept, withFlow } = sift(signIn);
    if (withFlow) steps.push(keep(signIn, facts, opened.mfaSteps, kept === 'yes'));
  });
  return steps;
}

/** The step kept: the sign-in copied so that its texts share no memory with the input chunk they were sliced from. */
function keep(signIn: SignIn, facts: RowFacts, mfaSteps: MfaSteps | null, passes: boolean): Step {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(signIn)) copy[key] = typeof value === 'string' ? detach(value) : value;
  return { signIn: copy as unknown as SignIn, facts, mfa: mfaSteps?.get(signIn.requestId) ?? null, passes };
}
