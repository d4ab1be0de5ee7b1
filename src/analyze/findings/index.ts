// Owns the findings engine's public surface and its one table of detections: create a state, observe every
// counted sign-in (the same single pass as the tally, in any order) and, as context, those the row filters left
// out or that came before the window, merge states from other parts of the input, and finish into findings
// sorted by severity, then attempts, then a stable key. A state is plain data (Maps, arrays, typed arrays,
// numbers, strings) whose size grows with distinct keys × time bins, not rows. Adding a kind is one file
// exporting a Detector and one row in DETECTORS.

import { identityOf } from '../dimensions.js';
import type { RowFacts } from '../outcome.js';
import type { SignIn } from '../../model.js';
import { accountLockout } from './account-lockout.js';
import { bruteForce } from './brute-force.js';
import { cellTime, type NameLists } from './cells.js';
import { classify, createClassifier, PAST_PASSWORD, SUCCESS, type Classifier } from './classify.js';
import { correctPasswordUnfamiliarIp } from './correct-password-unfamiliar-ip.js';
import type { Detector, ObserveContext } from './detector.js';
import { disabledAccountProbing } from './disabled-account-probing.js';
import { legacyAuth } from './legacy-auth.js';
import { mfaFatigue } from './mfa-fatigue.js';
import { createNames, mergeNames, nameLists, type Names } from './names.js';
import {
  compareText,
  createKeyLinks,
  createObservations,
  FinishContext,
  internRow,
  type KeyLinks,
  linkRow,
  mergeObservations,
  noteLeftOut,
  observeShared,
  type Observations,
  type Row,
  type ShownNames,
  type TallyKeys,
} from './observations.js';
import { passwordSpray } from './password-spray.js';
import { DEFAULT_DETECTION_SETTINGS, sameSettings, type DetectionSettings } from './settings.js';
import { signInLoop } from './sign-in-loop.js';
import { staleCredentials } from './stale-credentials.js';
import { DETECTION_KINDS, SEVERITIES, type DetectionKind, type Finding, type FindingEntity, type MfaStep } from './types.js';

export { DEFAULT_DETECTION_SETTINGS, loadDetectionSettings, parseDetectionSettings, SETTING_FIELDS, type DetectionSettings } from './settings.js';
export * from './types.js';
export type { ShownNames, TallyKeys } from './observations.js';

/** Every detection, one row each, in DETECTION_KINDS order. */
const DETECTORS: readonly Detector<unknown>[] = [
  passwordSpray,
  bruteForce,
  mfaFatigue,
  accountLockout,
  disabledAccountProbing,
  legacyAuth,
  correctPasswordUnfamiliarIp,
  staleCredentials,
  signInLoop,
];

export interface FindingsState {
  readonly settings: DetectionSettings;
  readonly names: Names;
  readonly observations: Observations;
  /** Each detection's own slice, by kind. */
  readonly slices: Record<DetectionKind, unknown>;
}

export function createFindingsState(settings: DetectionSettings = DEFAULT_DETECTION_SETTINGS): FindingsState {
  const slices = {} as Record<DetectionKind, unknown>;
  for (const detector of DETECTORS) slices[detector.kind] = detector.create();
  return { settings, names: createNames(), observations: createObservations(), slices };
}

/** What observe needs besides the state; not state itself, so it is rebuilt after a structured clone. */
interface Prepared {
  readonly classifier: Classifier;
  readonly context: ObserveContext;
  readonly links: KeyLinks;
  /** The state's slices in DETECTORS order. */
  readonly slices: readonly unknown[];
}

/**
 * The row classes each detector wants, in DETECTORS order, as an array: the detector objects differ in shape,
 * and V8 looks a property read across objects of many shapes up in a shared cache every time.
 */
const WANTS = DETECTORS.map((detector) => detector.wants);

const prepared = new WeakMap<FindingsState, Prepared>();
/** The state observed last and what it needs: rows come in long runs for one state. */
let lastState: FindingsState | undefined;
let lastPrepared: Prepared | undefined;

function prepare(state: FindingsState): Prepared {
  if (state === lastState) return lastPrepared!;
  let ready = prepared.get(state);
  if (ready === undefined) {
    ready = {
      classifier: createClassifier(state.settings),
      context: { settings: state.settings, names: state.names, lists: nameLists(state.names) },
      links: createKeyLinks(),
      slices: DETECTORS.map((detector) => state.slices[detector.kind]),
    };
    prepared.set(state, ready);
  }
  lastState = state;
  lastPrepared = ready;
  return ready;
}

/** Reused for every row: detections read it during observe and never keep it. */
const row: Row = {
  signIn: undefined as unknown as SignIn,
  facts: undefined as unknown as RowFacts,
  mfa: undefined,
  flags: 0,
  ms: 0,
  time: 0,
  user: -1,
  ip: -1,
  app: -1,
  client: -1,
};

/** Sets the reused row to a sign-in; its names are interned or linked next. */
function fillRow(signIn: SignIn, facts: RowFacts, mfa: MfaStep | undefined, flags: number, ms: number): void {
  row.signIn = signIn;
  row.facts = facts;
  row.mfa = mfa;
  row.flags = flags;
  row.ms = ms;
  row.time = cellTime(ms);
}

/**
 * The hot path: called for every counted sign-in, success or not. Rows no detection reads (most failures of
 * other kinds) cost a Map lookup; the rest intern their user, IP, app and client app and touch a few cells.
 * `mfa` is the row's MFA step result when authentication details were joined to it. `keys`, the indexes the
 * tally gave the row's user, IP, app and client app, spare looking their texts up again: the findings are the
 * same either way.
 */
export function observe(state: FindingsState, signIn: SignIn, facts: RowFacts, mfa?: MfaStep, keys?: TallyKeys): void {
  if (!usable(signIn)) return;
  const ms = signIn.time.getTime();
  if (!Number.isFinite(ms)) return;
  const { classifier, context, links, slices } = prepare(state);
  const flags = classify(classifier, signIn, facts, mfa);
  if (flags === 0) return;

  fillRow(signIn, facts, mfa, flags, ms);
  if (keys === undefined) internRow(state.names, row, identityOf(signIn));
  else linkRow(state.names, links, row, keys);
  observeShared(state.observations, state.names, context.lists, state.settings, row);
  for (let d = 0; d < DETECTORS.length; d++) {
    if ((WANTS[d]! & flags) !== 0) DETECTORS[d]!.observe(slices[d], row, context);
  }
}

/**
 * Whether the detections can use a sign-in: they are about people (applications and managed identities have no
 * password to spray), and about the addresses they sign in from.
 */
function usable(signIn: SignIn): boolean {
  return signIn.signInType !== 'serviceprincipal' && signIn.signInType !== 'managedidentity' && signIn.ipAddress !== '';
}

/**
 * For a sign-in the detections do not look at: one the row filters left out, or one before the time window (the
 * users' history). A successful one still shows an address the user signs in from, and one past the password that
 * a password got through (Observations.leftOut in observations.ts).
 */
export function observeLeftOut(state: FindingsState, signIn: SignIn, facts: RowFacts): void {
  if (!usable(signIn)) return;
  const ms = signIn.time.getTime();
  if (!Number.isFinite(ms)) return;
  const { classifier, context } = prepare(state);
  const flags = classify(classifier, signIn, facts, undefined);
  if ((flags & (SUCCESS | PAST_PASSWORD)) === 0) return;
  fillRow(signIn, facts, undefined, flags, ms);
  internRow(state.names, row, identityOf(signIn));
  noteLeftOut(state.observations, context.lists, row);
}

/**
 * The buffers of a state's typed arrays, to hand it from a worker thread without copying
 * (`postMessage(state, findingsTransferList(state))`); the sender's state is unusable afterwards.
 */
export function findingsTransferList(state: FindingsState): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const walk = (value: unknown): void => {
    if (ArrayBuffer.isView(value)) buffers.add(value.buffer as ArrayBuffer);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null && !(value instanceof Map)) Object.values(value).forEach(walk);
  };
  walk(state.observations);
  walk(state.slices);
  return [...buffers];
}

/**
 * Folds `source` (a state from another part of the input) into `target` and returns `target`; `source` is used
 * up. A target that has observed nothing takes the source's tables over instead of copying them (the main
 * thread's state, when the file was read in parts): the same findings, without a second copy.
 */
export function mergeFindingsStates(target: FindingsState, source: FindingsState): FindingsState {
  if (!sameSettings(target.settings, source.settings)) throw new Error('findings states made with different settings cannot be merged');
  // The source is used up: kept as the state observed last, it would keep its tables alive after the run.
  if (source === lastState) lastState = lastPrepared = undefined;
  // Every observed row interns its user first, so a state without users holds nothing.
  if (target.names.user.list.length === 0) {
    // What observe prepared for the target points at its old names: made again on the next row.
    prepared.delete(target);
    if (target === lastState) lastState = lastPrepared = undefined;
    return Object.assign(target, { names: source.names, observations: source.observations, slices: source.slices });
  }
  const remaps = mergeNames(target.names, source.names);
  const lists: NameLists = nameLists(target.names);
  mergeObservations(target.observations, source.observations, remaps, lists);
  for (const detector of DETECTORS) detector.merge(target.slices[detector.kind], source.slices[detector.kind], remaps, lists);
  return target;
}

/**
 * The findings of a state: enabled kinds only, redundant ones dropped, most urgent first; names shown as `shown`
 * says (a report for sharing), else as they are.
 */
export function finishFindings(state: FindingsState, shown?: ShownNames): Finding[] {
  if (state === lastState) lastState = lastPrepared = undefined;
  const context = new FinishContext(state.settings, state.names, state.observations, shown);
  const findings: Finding[] = [];
  for (const detector of DETECTORS) {
    if (state.settings[detector.kind].enabled) findings.push(...detector.finish(state.slices[detector.kind], context));
  }
  return dropSuperseded(findings).sort(compareFindings);
}

function dropSuperseded(findings: readonly Finding[]): Finding[] {
  const supersededBy = new Map<DetectionKind, DetectionKind[]>();
  for (const detector of DETECTORS) {
    for (const kind of detector.supersedes) supersededBy.set(kind, [...(supersededBy.get(kind) ?? []), detector.kind]);
  }
  return findings.filter((finding) => {
    const by = supersededBy.get(finding.kind);
    if (by === undefined) return true;
    return !findings.some((other) => by.includes(other.kind) && covers(other.entity, finding.entity));
  });
}

/**
 * Whether finding entity `a` covers `b`. A finding of several addresses (no IP in its entity) is covered only by
 * another of several: one address's stale device does not account for another address's lockouts.
 */
function covers(a: FindingEntity, b: FindingEntity): boolean {
  return a.ip === b.ip && (b.user === undefined || a.user === b.user) && (b.app === undefined || a.app === b.app);
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    b.counts.attempts - a.counts.attempts ||
    DETECTION_KINDS.indexOf(a.kind) - DETECTION_KINDS.indexOf(b.kind) ||
    compareText(a.entity.ip ?? '', b.entity.ip ?? '') ||
    compareText(a.entity.user ?? '', b.entity.user ?? '') ||
    compareText(a.entity.app ?? '', b.entity.app ?? '') ||
    a.first.getTime() - b.first.getTime()
  );
}
