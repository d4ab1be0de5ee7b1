// Owns the MFA methods of a report: per method, how the MFA steps joined to the counted sign-ins ended (from the
// authentication details, by request ID), tallied in the same pass as everything else, merged across threads like
// a tally, and finished into the report's section (most used method first, with its most frequent failure).

import type { MfaStep } from '../model.js';

/** One method's steps: how many succeeded and failed, and the failed steps' result texts. Plain data. */
interface MethodTally {
  succeeded: number;
  failed: number;
  readonly failures: Map<string, number>;
}

/** The MFA steps of the counted sign-ins. Plain data: a worker thread's crosses to the main thread as it is. */
export interface MfaTally {
  /** Requests with an MFA step in the authentication details given (the same on every thread). */
  readonly requests: number;
  /** Counted sign-ins that an MFA step was joined to. */
  signIns: number;
  readonly methods: Map<string, MethodTally>;
}

export interface MfaMethodRow {
  readonly method: string;
  /** Counted sign-ins whose MFA step used the method: succeeded + failed. */
  readonly steps: number;
  readonly succeeded: number;
  readonly failed: number;
  /** The result text most failed steps gave (the first by text among equals); '' when none failed with a text. */
  readonly topFailure: string;
}

/** The report's MFA methods section: present when authentication details were given. */
export interface MfaMethods {
  readonly requests: number;
  readonly signIns: number;
  /** Most steps first, then by method. */
  readonly rows: readonly MfaMethodRow[];
}

export function createMfaTally(requests: number): MfaTally {
  return { requests, signIns: 0, methods: new Map() };
}

/** Counts the MFA step joined to one counted sign-in. */
export function addMfaStep(tally: MfaTally, step: MfaStep): void {
  tally.signIns += 1;
  let method = tally.methods.get(step.method);
  if (method === undefined) {
    method = { succeeded: 0, failed: 0, failures: new Map() };
    tally.methods.set(step.method, method);
  }
  if (step.succeeded) {
    method.succeeded += 1;
    return;
  }
  method.failed += 1;
  if (step.detail !== '') method.failures.set(step.detail, (method.failures.get(step.detail) ?? 0) + 1);
}

/** Folds `source` into `target` and returns `target`. */
export function mergeMfaTallies(target: MfaTally, source: MfaTally): MfaTally {
  target.signIns += source.signIns;
  for (const [name, counts] of source.methods) {
    const into = target.methods.get(name);
    if (into === undefined) {
      target.methods.set(name, counts);
      continue;
    }
    into.succeeded += counts.succeeded;
    into.failed += counts.failed;
    for (const [detail, count] of counts.failures) into.failures.set(detail, (into.failures.get(detail) ?? 0) + count);
  }
  return target;
}

export function finishMfaMethods(tally: MfaTally): MfaMethods {
  const rows = [...tally.methods].map(
    ([method, counts]): MfaMethodRow => ({
      method,
      steps: counts.succeeded + counts.failed,
      succeeded: counts.succeeded,
      failed: counts.failed,
      topFailure: mostFrequent(counts.failures),
    }),
  );
  rows.sort((a, b) => b.steps - a.steps || compareText(a.method, b.method));
  return { requests: tally.requests, signIns: tally.signIns, rows };
}

function mostFrequent(counts: ReadonlyMap<string, number>): string {
  let best = '';
  let bestCount = 0;
  for (const [text, count] of counts) {
    if (count > bestCount || (count === bestCount && compareText(text, best) < 0)) {
      best = text;
      bestCount = count;
    }
  }
  return best;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
