// Test helper: runs the findings engine on in-memory sign-ins joined with the built-in catalog, whole or split
// into parts merged afterwards (as worker threads do), so detection tests read like the report's pass.

import { builtinCatalog, unknownEntry } from '../../src/catalog/index.js';
import { createClassifier } from '../../src/analyze/outcome.js';
import {
  createFindingsState,
  DEFAULT_DETECTION_SETTINGS,
  finishFindings,
  mergeFindingsStates,
  observe,
  type DetectionSettings,
  type Finding,
  type FindingsState,
} from '../../src/analyze/findings/index.js';
import type { MfaSteps, SignIn } from '../../src/model.js';

const classify = createClassifier(builtinCatalog(), unknownEntry);

/** `mfaSteps`: the MFA step of each request, as joined from authentication details. */
export function observeAll(signIns: readonly SignIn[], settings: DetectionSettings = DEFAULT_DETECTION_SETTINGS, mfaSteps?: MfaSteps): FindingsState {
  const state = createFindingsState(settings);
  for (const signIn of signIns) observe(state, signIn, classify(signIn), mfaSteps?.get(signIn.requestId));
  return state;
}

export function findingsOf(signIns: readonly SignIn[], settings: DetectionSettings = DEFAULT_DETECTION_SETTINGS, mfaSteps?: MfaSteps): Finding[] {
  return finishFindings(observeAll(signIns, settings, mfaSteps));
}

/**
 * The findings when the sign-ins are read as `parts` (consecutive slices, each into its own state) and merged
 * into the first; with `clone`, each part goes through structuredClone first, as a worker thread's state does.
 */
export function findingsOfParts(parts: readonly (readonly SignIn[])[], options: { settings?: DetectionSettings; clone?: boolean } = {}): Finding[] {
  const settings = options.settings ?? DEFAULT_DETECTION_SETTINGS;
  const states = parts.map((part) => observeAll(part, settings));
  const [first, ...rest] = options.clone === true ? states.map((state) => structuredClone(state)) : states;
  const merged = rest.reduce((target, source) => mergeFindingsStates(target, source), first ?? createFindingsState(settings));
  return finishFindings(merged);
}

/** Findings of one kind. */
export function ofKind(findings: readonly Finding[], kind: Finding['kind']): Finding[] {
  return findings.filter((finding) => finding.kind === kind);
}
