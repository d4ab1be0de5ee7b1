// Owns the JSON format of an explanation: the explanation as the contract of json-contract.ts, schemaVersion 1.
// Key order is fixed, so the same inputs give byte-identical files. Data stays data: values are exact, for
// programs to handle (JSON.stringify escapes what could break the document).

import type { Diagnosis, ExplainedStep, Explanation, Flow } from '../../explain/types.js';
import { isoInstant, isoOrNull } from '../../time.js';
import { findingJson, privacyJson } from '../json.js';
import type { JsonExplanation } from './json-contract.js';

/** The contract version every JSON explanation names (here, not in json-contract.ts, so that writing one never loads TypeBox). */
export const EXPLANATION_SCHEMA_VERSION = 1;

export function renderExplainJson(explanation: Explanation): string {
  return `${JSON.stringify(toJsonExplanation(explanation), null, 2)}\n`;
}

function toJsonExplanation(explanation: Explanation): JsonExplanation {
  const { subject, totals, accounting, window } = explanation;
  return {
    schemaVersion: EXPLANATION_SCHEMA_VERSION,
    tool: { ...explanation.tool },
    generatedAt: isoInstant(explanation.generatedAt),
    subject: { kind: subject.kind, asked: subject.asked, user: { ...subject.user } },
    headline: explanation.headline,
    period: {
      since: isoOrNull(window.since),
      until: isoOrNull(window.until),
      firstSignIn: isoInstant(explanation.firstSignIn),
      lastSignIn: isoInstant(explanation.lastSignIn),
      ...(explanation.period === null ? {} : { label: explanation.period.label, timeZone: explanation.period.timeZone }),
    },
    totals: { signIns: totals.signIns, success: totals.success, failure: totals.failure, interrupted: totals.interrupted, flows: { ...totals.flows } },
    diagnosis: explanation.diagnosis.map(diagnosisJson),
    next: [...explanation.next],
    flows: explanation.flows.map(flowJson),
    ...(explanation.findings === null ? {} : { findings: explanation.findings.map(findingJson) }),
    complete: explanation.complete,
    inputs: explanation.inputs.map((input) => ({ path: input.path, format: input.format, signIns: input.signIns })),
    accounting: { ...accounting },
    warnings: explanation.warnings.map((warning) => ({ code: warning.code, message: warning.message, file: warning.file, line: warning.line })),
    ...(explanation.privacy === null ? {} : { privacy: privacyJson(explanation.privacy)! }),
  };
}

function diagnosisJson(item: Diagnosis, index: number): JsonExplanation['diagnosis'][number] {
  return {
    rank: index + 1,
    kind: item.kind,
    severity: item.severity,
    detection: item.detection,
    code: item.code,
    title: item.title,
    detail: item.detail,
    action: item.action,
    actor: item.actor,
    count: item.count,
    evidence: item.evidence.map((evidence) => ({ time: isoInstant(evidence.time), requestId: evidence.requestId, code: evidence.code })),
  };
}

function flowJson(flow: Flow): JsonExplanation['flows'][number] {
  return {
    correlationId: flow.correlationId,
    first: isoInstant(flow.first),
    last: isoInstant(flow.last),
    outcome: flow.outcome,
    user: flow.user,
    app: flow.app,
    clientApp: flow.clientApp,
    legacy: flow.legacy,
    ip: flow.ip,
    location: flow.location,
    device: flow.device,
    steps: flow.steps.map(stepJson),
  };
}

function stepJson(step: ExplainedStep): JsonExplanation['flows'][number]['steps'][number] {
  return {
    time: isoInstant(step.time),
    requestId: step.requestId,
    code: step.code,
    outcome: step.outcome,
    name: step.name,
    catalogued: step.catalogued,
    category: step.category,
    actor: step.actor,
    failureReason: step.failureReason,
    description: step.description,
    remediation: step.remediation,
    conditionalAccess: step.conditionalAccess,
    mfa: step.mfa === null ? null : { method: step.mfa.method, succeeded: step.mfa.succeeded, detail: step.mfa.detail },
    ...(step.record === null ? {} : { record: { ...step.record } }),
    passesFilters: step.passesFilters,
  };
}
