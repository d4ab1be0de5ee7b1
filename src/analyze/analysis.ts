// Owns one analysis of a stream of sign-ins: each sign-in is joined to the catalog once, filtered, counted into
// the tally of every time window it falls in, and, in the report's own window, observed by the detections and
// joined to its MFA step when authentication details were given (the step feeds the detections and the MFA
// methods tally); the detections also get, as context, the sign-ins the filters leave out and those before the
// report's window. The main thread and each worker thread run the same analysis; its result is plain data, so a
// worker's result crosses the thread boundary and merges into the main one.

import type { Catalog } from '../catalog/types.js';
import type { SignIn } from '../model.js';
import { addSignIn, createTally, mergeTallies, type Tally } from './aggregate.js';
import { dimensionIndex } from './dimensions.js';
import { compileFilter, type RowCriteria } from './filter.js';
import {
  createFindingsState,
  type DetectionSettings,
  type FindingsState,
  findingsTransferList,
  type MfaStep,
  mergeFindingsStates,
  observe,
  observeLeftOut,
  type TallyKeys,
} from './findings/index.js';
import { addMfaStep, createMfaTally, mergeMfaTallies, type MfaTally } from './mfa-methods.js';
import { createClassifier, type UnknownEntry } from './outcome.js';
import { windowBounds, type TimeWindow } from './windows.js';

/** The dimensions whose key indexes the detections reuse. */
const USER = dimensionIndex('user');
const IP = dimensionIndex('ip');
const APP = dimensionIndex('app');
const CLIENT_APP = dimensionIndex('client-app');

/** What an analysis counts: the row filters and the time windows (the first is the report's own). */
export interface AnalysisSetup {
  readonly criteria: RowCriteria;
  /** At least one; a comparison with the period before adds that period as the second. */
  readonly windows: readonly TimeWindow[];
  /** The detections' settings; null when detections are off (--no-detections). */
  readonly detections: DetectionSettings | null;
  /** The MFA step of each sign-in whose authentication details were given, by request ID. */
  readonly mfaSteps: ReadonlyMap<string, MfaStep> | null;
}

/**
 * One tally per window, in the order of AnalysisSetup.windows, the detections' state of the first, and the MFA
 * steps of its sign-ins (null without authentication details). Structured-clone safe.
 */
export interface AnalysisResult {
  readonly tallies: Tally[];
  readonly findings: FindingsState | null;
  readonly mfa: MfaTally | null;
}

export interface Analysis {
  /** Counts one sign-in (or the reason it was not counted) in every window. */
  readonly add: (signIn: SignIn) => void;
  readonly result: () => AnalysisResult;
}

export function createAnalysis(setup: AnalysisSetup, catalog: Catalog, unknownEntry: UnknownEntry): Analysis {
  if (setup.windows.length === 0) throw new Error('an analysis needs at least one time window');
  const classify = createClassifier(catalog, unknownEntry);
  const filter = compileFilter(setup.criteria);
  const tallies = setup.windows.map(() => createTally());
  const bounds = setup.windows.map(windowBounds);
  const count = tallies.length;
  const findings = setup.detections === null ? null : createFindingsState(setup.detections);
  const mfaSteps = setup.mfaSteps;
  // The detections find the row's user, IP, app and client app through the indexes the report's own tally gave them.
  const keys: TallyKeys = { user: -1, ip: -1, app: -1, client: -1, users: [], ips: [], apps: [], clients: [] };
  const mfa = mfaSteps === null ? null : createMfaTally(mfaSteps.size);
  return {
    add: (signIn) => {
      const facts = classify(signIn);
      const kept = filter === null || filter(signIn, facts);
      const ms = signIn.time.getTime();
      for (let w = 0; w < count; w++) {
        const tally = tallies[w]!;
        const { sinceMs, untilMs } = bounds[w]!;
        if (ms < sinceMs || ms >= untilMs) {
          tally.outsideWindow += 1;
          // Before the window is the users' history: it still shows the addresses they sign in from.
          if (w === 0 && ms < sinceMs && findings !== null) observeLeftOut(findings, signIn, facts);
        } else if (!kept) {
          tally.filteredOut += 1;
          // Left out of the detections, but a success still shows an address the user signs in from, and a
          // sign-in past the password that a password got through.
          if (w === 0 && findings !== null) observeLeftOut(findings, signIn, facts);
        } else {
          const indexes = addSignIn(tally, signIn, facts);
          if (w !== 0) continue;
          const step = mfaSteps?.get(signIn.requestId);
          if (step !== undefined) addMfaStep(mfa!, step);
          if (findings !== null) {
            const { dimensions } = tally;
            keys.user = indexes[USER]!;
            keys.ip = indexes[IP]!;
            keys.app = indexes[APP]!;
            keys.client = indexes[CLIENT_APP]!;
            keys.users = dimensions[USER]!.keys;
            keys.ips = dimensions[IP]!.keys;
            keys.apps = dimensions[APP]!.keys;
            keys.clients = dimensions[CLIENT_APP]!.keys;
            observe(findings, signIn, facts, step, keys);
          }
        }
      }
    },
    result: () => ({ tallies, findings, mfa }),
  };
}

/** Folds `source` into `target` window by window and returns `target`; `source` is used up (see mergeTallies). */
export function mergeAnalysisResults(target: AnalysisResult, source: AnalysisResult): AnalysisResult {
  source.tallies.forEach((tally, w) => {
    mergeTallies(target.tallies[w]!, tally);
  });
  if (target.findings !== null && source.findings !== null) mergeFindingsStates(target.findings, source.findings);
  if (target.mfa !== null && source.mfa !== null) mergeMfaTallies(target.mfa, source.mfa);
  return target;
}

/** The buffers a result can hand to another thread instead of copying (the detections' typed arrays). */
export function analysisTransferList(result: AnalysisResult): ArrayBuffer[] {
  return result.findings === null ? [] : findingsTransferList(result.findings);
}
