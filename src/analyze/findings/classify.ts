// Owns what a sign-in is to the detections: one bit per class (a credential failure, an MFA denial, a
// legacy-protocol attempt, ...) from its code, the catalog's security tags, its outcome, client app and texts.
// Per code the classes are worked out once; the hot path is a Map lookup.

import type { RowFacts } from '../outcome.js';
import { isLegacyClientApp } from '../dimensions.js';
import type { SignIn } from '../../model.js';
import type { CodeSet, DetectionSettings } from './settings.js';
import type { MfaStep } from './types.js';

export const SUCCESS = 1 << 0;
/** An interrupt the sign-in-loop detection counts. */
export const INTERRUPT = 1 << 1;
export const CREDENTIAL = 1 << 2;
export const LOCKOUT = 1 << 3;
export const DISABLED = 1 << 4;
export const MFA_DENIED = 1 << 5;
export const MFA_PROMPT = 1 << 6;
/** The password was right: MFA was asked or failed, Conditional Access blocked, the password had expired. */
export const ACCEPTED = 1 << 7;
export const LEGACY = 1 << 8;

/** Classes that only mean something for an interactive sign-in: a refreshed token carries no password or prompt. */
const INTERACTIVE_ONLY = MFA_DENIED | MFA_PROMPT | ACCEPTED;
/** The rows the shared table of sign-ins past the password keeps (observations.ts ACCEPTS). */
export const PAST_PASSWORD = INTERACTIVE_ONLY;
/** Code bits that are not classes: the code is one the loop detection counts when it interrupts. */
const LOOP_CODE = 1 << 30;

export interface Classifier {
  readonly byCode: Map<number, number>;
  readonly legacyClient: Map<string, boolean>;
  readonly deniedText: Map<string, boolean>;
  readonly settings: DetectionSettings;
  lastCode: number;
  lastFlags: number;
  lastClient: string | undefined;
  lastLegacy: boolean;
}

export function createClassifier(settings: DetectionSettings): Classifier {
  return { byCode: new Map(), legacyClient: new Map(), deniedText: new Map(), settings, lastCode: -1, lastFlags: 0, lastClient: undefined, lastLegacy: false };
}

function inSet(set: CodeSet, facts: RowFacts): boolean {
  return set.codes.includes(facts.code) || set.tags.some((tag) => facts.entry.tags.includes(tag));
}

function codeFlags(classifier: Classifier, facts: RowFacts): number {
  const { codes } = classifier.settings;
  const loop = classifier.settings['sign-in-loop'].codes;
  let flags = 0;
  if (facts.code !== 0) {
    if (inSet(codes.credentialFailure, facts)) flags |= CREDENTIAL;
    if (inSet(codes.lockout, facts)) flags |= LOCKOUT;
    if (inSet(codes.disabled, facts)) flags |= DISABLED;
    if (inSet(codes.mfaDenied, facts)) flags |= MFA_DENIED;
    if (inSet(codes.mfaPrompt, facts)) flags |= MFA_PROMPT;
    if (inSet(codes.passwordAccepted, facts)) flags |= ACCEPTED;
  }
  if (loop.length === 0 || loop.includes(facts.code)) flags |= LOOP_CODE;
  return flags;
}

/** Distinct texts remembered for the denial check; beyond this they are checked without remembering. */
const TEXT_MEMORY = 4096;

function deniedByText(classifier: Classifier, text: string): boolean {
  if (text === '') return false;
  let known = classifier.deniedText.get(text);
  if (known === undefined) {
    const lower = text.toLowerCase();
    known = classifier.settings.mfaDeniedTexts.some((pattern) => lower.includes(pattern));
    if (classifier.deniedText.size < TEXT_MEMORY) classifier.deniedText.set(text, known);
  }
  return known;
}

/** The classes of one sign-in. */
export function classify(classifier: Classifier, signIn: SignIn, facts: RowFacts, mfa: MfaStep | undefined): number {
  let flags: number;
  if (facts.code === classifier.lastCode) flags = classifier.lastFlags;
  else {
    const cached = classifier.byCode.get(facts.code);
    flags = cached ?? codeFlags(classifier, facts);
    if (cached === undefined) classifier.byCode.set(facts.code, flags);
    classifier.lastCode = facts.code;
    classifier.lastFlags = flags;
  }
  const outcome = facts.outcome;
  let result = flags & ~LOOP_CODE;
  if (outcome === 'success') result = SUCCESS;
  else if (outcome === 'interrupted' && (flags & LOOP_CODE) !== 0) result |= INTERRUPT;

  if (signIn.signInType !== 'interactive') result &= ~INTERACTIVE_ONLY;
  else if (outcome !== 'success' && (result & INTERACTIVE_ONLY) !== 0) {
    // The denial texts Sentinel's MFA rules look for, in whichever column the export put them.
    if (mfa !== undefined ? !mfa.succeeded : deniedByText(classifier, signIn.additionalDetails) || deniedByText(classifier, signIn.failureReason)) {
      result |= MFA_DENIED;
    }
  }

  const client = signIn.clientApp;
  if (client !== classifier.lastClient) {
    let legacy = classifier.legacyClient.get(client);
    if (legacy === undefined) {
      legacy = isLegacyClientApp(client);
      classifier.legacyClient.set(client, legacy);
    }
    classifier.lastClient = client;
    classifier.lastLegacy = legacy;
  }
  return classifier.lastLegacy ? result | LEGACY : result;
}
