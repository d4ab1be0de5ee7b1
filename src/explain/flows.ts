// Owns grouping sign-ins into flows: the rows that share a correlation id are the steps of one sign-in (a "stay
// signed in?" prompt, an MFA prompt, then the sign-in itself), in time order, and the last step's outcome is the
// flow's. A sign-in whose export gives no correlation id is a flow of its own. Also how a flow's place and device
// read in a line.

import type { Outcome, SignIn } from '../model.js';
import type { Step } from './collect.js';

export interface StepsFlow {
  readonly correlationId: string;
  /** In time order; at the same second, prompts before failures before the sign-in itself. */
  readonly steps: readonly Step[];
}

/** Within one second a prompt comes before the failure or sign-in it leads to. */
const STEP_ORDER: Readonly<Record<Outcome, number>> = { interrupted: 0, failure: 1, success: 2 };

function compareSteps(a: Step, b: Step): number {
  return (
    a.signIn.time.getTime() - b.signIn.time.getTime() ||
    STEP_ORDER[a.facts.outcome] - STEP_ORDER[b.facts.outcome] ||
    (a.signIn.requestId < b.signIn.requestId ? -1 : a.signIn.requestId > b.signIn.requestId ? 1 : 0)
  );
}

/** The flows of these sign-ins, oldest first (by their first step). */
export function groupFlows(steps: readonly Step[]): StepsFlow[] {
  const byCorrelation = new Map<string, Step[]>();
  const alone: Step[][] = [];
  for (const step of [...steps].sort(compareSteps)) {
    const id = step.signIn.correlationId;
    if (id === '') {
      alone.push([step]);
      continue;
    }
    const flow = byCorrelation.get(id);
    if (flow === undefined) byCorrelation.set(id, [step]);
    else flow.push(step);
  }
  const flows: StepsFlow[] = [...byCorrelation].map(([correlationId, list]) => ({ correlationId, steps: list }));
  for (const list of alone) flows.push({ correlationId: '', steps: list });
  return flows.sort((a, b) => compareSteps(a.steps[0]!, b.steps[0]!));
}

/** The outcome of a flow: its last step's. */
export function flowOutcome(flow: StepsFlow): Outcome {
  return flow.steps[flow.steps.length - 1]!.facts.outcome;
}

/** `Seattle, Washington, US`; empty when the export gives no place. */
export function locationText(signIn: SignIn): string {
  return [signIn.city, signIn.state, signIn.country].filter((part) => part !== '').join(', ');
}

/** `Windows 10, Edge 142.0.3595 (compliant, managed)`; empty when the export says nothing of the device. */
export function deviceText(signIn: SignIn): string {
  const what = [signIn.deviceOs, signIn.deviceBrowser].filter((part) => part !== '').join(', ');
  const state = [
    signIn.deviceCompliant === null ? '' : signIn.deviceCompliant ? 'compliant' : 'not compliant',
    signIn.deviceManaged === null ? '' : signIn.deviceManaged ? 'managed' : 'not managed',
  ].filter((part) => part !== '');
  // A legacy client sends no device details: its "not compliant, not managed" says nothing about a device.
  if (what === '') return '';
  return state.length === 0 ? what : `${what} (${state.join(', ')})`;
}
