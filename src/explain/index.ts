// Owns building an explanation from what collect.ts kept: the subject's sign-ins grouped into flows, each step
// joined to the catalog (with the whole record for a request or correlation id), which of the detections'
// findings concern the subject, the ranked diagnosis and the headline, every name shown as the run shows names
// (as it is, pseudonymised or a placeholder). Pure: reading is collect.ts's, printing the renderers'.

import { canonicalUser, identityOf, isLegacyClientApp } from '../analyze/dimensions.js';
import type { DetectionSettings, Finding, ShownNames } from '../analyze/findings/index.js';
import { networkOf } from '../ip.js';
import type { ToolInfo } from '../analyze/types.js';
import type { TimeWindow } from '../analyze/windows.js';
import type { Warning } from '../diagnostics.js';
import { exportRecord } from '../export/record.js';
import type { ExportRecord } from '../export/record-contract.js';
import type { IngestResult } from '../ingest/index.js';
import type { Outcome, SignInType } from '../model.js';
import { minuteInstant } from '../time.js';
import type { PrivacyInfo } from '../view/privacy.js';
import type { Step } from './collect.js';
import { diagnose, type FindingKeys } from './diagnosis.js';
import { deviceText, flowOutcome, groupFlows, locationText, type StepsFlow } from './flows.js';
import type { ExplainedStep, Explanation, Flow, SubjectKind } from './types.js';
import { formatCount, count } from '../words.js';

export * from './types.js';

/** Names as they are. */
export const AS_THEY_ARE: ShownNames = { user: (text) => text, ip: (text) => text, app: (text) => text };

export interface ExplainInput {
  readonly kind: SubjectKind;
  readonly asked: string;
  /** The subject's sign-ins: the user's, or the flow's. */
  readonly steps: readonly Step[];
  /** Every finding of the run (names already shown), most urgent first; null with --no-detections. */
  readonly findings: readonly Finding[] | null;
  /** The settings the findings were made with: their networks are compared with the subject's addresses. */
  readonly detections: DetectionSettings | null;
  readonly shown: ShownNames;
  readonly tool: ToolInfo;
  readonly generatedAt: Date;
  readonly window: TimeWindow;
  readonly period: { readonly label: string; readonly timeZone: string } | null;
  readonly ingest: IngestResult;
  readonly accounting: { readonly signIns: number; readonly outsideWindow: number; readonly filteredOut: number };
  readonly complete: boolean;
  readonly privacy: PrivacyInfo | null;
  readonly warnings: readonly Warning[];
}

const OUTCOME_WORDS: Readonly<Record<Outcome, string>> = { success: 'signed in', failure: 'failed', interrupted: 'stopped at a prompt' };

export function buildExplanation(input: ExplainInput): Explanation {
  const { shown } = input;
  const groups = groupFlows(input.steps);
  const steps = groups.flatMap((flow) => flow.steps);
  if (steps.length === 0) throw new Error('an explanation needs at least one sign-in');
  const latest = steps.reduce((last, step) => (step.signIn.time.getTime() >= last.time.getTime() ? step.signIn : last), steps[0]!.signIn);
  const name = (text: string): string => (text === '' ? '' : shown.user(text));
  const user = {
    principalName: name(latest.userPrincipalName || latest.servicePrincipalName),
    displayName: name(latest.userDisplayName),
    id: name(latest.userId || latest.servicePrincipalId),
  };
  const typesPresent = [...new Set(input.ingest.inputs.flatMap((summary) => summary.covers.types))] as SignInType[];
  const keys = findingKeys(shown, input.detections);
  const findings = input.findings === null ? null : input.findings.filter(concerns(steps, keys));
  const { diagnosis, next } = diagnose(groups, findings, { shown, keys, typesPresent, complete: input.complete });
  const withRecords = input.kind !== 'user';
  const flows = groups.map((flow) => explainedFlow(flow, shown, withRecords));
  const outcomes = (list: readonly Outcome[]) => ({
    success: list.filter((outcome) => outcome === 'success').length,
    failure: list.filter((outcome) => outcome === 'failure').length,
    interrupted: list.filter((outcome) => outcome === 'interrupted').length,
  });
  const flowOutcomes = groups.map(flowOutcome);
  // Steps are in time order within each flow, and flows by their first step.
  const firstSignIn = steps[0]!.signIn.time;
  const lastSignIn = latest.time;
  const asked = input.kind === 'user' ? shown.user(input.asked.trim()) : input.asked.trim();
  const explanation: Explanation = {
    tool: input.tool,
    generatedAt: input.generatedAt,
    subject: { kind: input.kind, asked, user },
    headline: headline(input.kind, asked, user.principalName || user.displayName || user.id, flows, firstSignIn, lastSignIn, input.complete),
    window: input.window,
    period: input.period,
    firstSignIn,
    lastSignIn,
    totals: {
      signIns: steps.length,
      ...outcomes(steps.map((step) => step.facts.outcome)),
      flows: { total: groups.length, ...outcomes(flowOutcomes) },
    },
    diagnosis,
    next,
    flows,
    findings,
    complete: input.complete,
    inputs: input.ingest.inputs.map((summary) => ({ path: summary.path, format: summary.format, signIns: summary.signIns })),
    accounting: {
      rowsRead: input.ingest.rowsRead,
      signIns: input.accounting.signIns,
      rejected: input.ingest.rejected,
      duplicates: input.ingest.duplicates,
      outsideWindow: input.accounting.outsideWindow,
      filteredOut: input.accounting.filteredOut + input.ingest.filteredOut,
    },
    privacy: input.privacy,
    warnings: input.warnings,
  };
  return explanation;
}

function headline(kind: SubjectKind, asked: string, who: string, flows: readonly Flow[], first: Date, last: Date, complete: boolean): string {
  if (kind === 'user') {
    const parts = (['success', 'failure', 'interrupted'] as const)
      .map((outcome) => [flows.filter((flow) => flow.outcome === outcome).length, OUTCOME_WORDS[outcome]] as const)
      .filter(([n]) => n > 0)
      .map(([n, words]) => `${formatCount(n)} ${words}`);
    const when = first.getTime() === last.getTime() ? `at ${minuteInstant(first)}` : `from ${minuteInstant(first)} to ${minuteInstant(last)}`;
    return `${who}: ${count(flows.length, 'sign-in flow')} ${when}: ${parts.join(', ')}`;
  }
  const steps = flows.flatMap((flow) => flow.steps);
  if (kind === 'request') {
    const index = steps.findIndex((step) => step.requestId.toLowerCase() === asked.toLowerCase());
    const step = steps[Math.max(0, index)]!;
    const final = steps[steps.length - 1]!;
    // The request is one step: how its flow ended is the flow's last step, or unknown when steps were not kept.
    const ended = !complete
      ? '; steps of the flow read before it from standard input were not kept, so how the flow ended is not known'
      : index + 1 < steps.length
        ? `, which ${OUTCOME_WORDS[final.outcome]} at ${minuteInstant(final.time)}`
        : '';
    const of = complete ? `${steps.length} in its flow` : `the ${steps.length} of its flow read`;
    return `Request ${asked} (${who}): ${OUTCOME_WORDS[step.outcome]} at ${minuteInstant(step.time)} with code ${step.code}, step ${index + 1} of ${of}${ended}`;
  }
  const final = steps[steps.length - 1]!;
  return `Correlation ${asked} (${who}): ${count(steps.length, 'step')}, ${OUTCOME_WORDS[final.outcome]} at ${minuteInstant(final.time)}`;
}

function explainedFlow(flow: StepsFlow, shown: ShownNames, withRecords: boolean): Flow {
  const last = flow.steps[flow.steps.length - 1]!.signIn;
  return {
    correlationId: flow.correlationId,
    first: flow.steps[0]!.signIn.time,
    last: last.time,
    outcome: flowOutcome(flow),
    user: shown.user(identityOf(last)),
    app: shown.app(last.appName || last.appId),
    clientApp: last.clientApp,
    legacy: flow.steps.some((step) => step.signIn.clientApp !== '' && isLegacyClientApp(step.signIn.clientApp)),
    ip: shown.ip(last.ipAddress),
    location: locationText(last),
    device: deviceText(last),
    steps: flow.steps.map((step) => explainedStep(step, shown, withRecords)),
  };
}

function explainedStep(step: Step, shown: ShownNames, withRecord: boolean): ExplainedStep {
  const { signIn, facts } = step;
  return {
    time: signIn.time,
    requestId: signIn.requestId,
    code: facts.code,
    outcome: facts.outcome,
    name: facts.catalogued ? facts.entry.name : '',
    catalogued: facts.catalogued,
    category: facts.entry.category,
    actor: facts.entry.actor,
    failureReason: signIn.failureReason,
    description: facts.entry.description,
    remediation: facts.entry.remediation,
    conditionalAccess: signIn.conditionalAccessStatus,
    mfa: step.mfa,
    record: withRecord ? shownRecord(exportRecord(signIn, facts), shown) : null,
    passesFilters: step.passes,
  };
}

/** The record with its users, applications and addresses shown as the explanation shows them. */
function shownRecord(record: ExportRecord, shown: ShownNames): ExportRecord {
  const user = (text: string): string => (text === '' ? '' : shown.user(text));
  const app = (text: string): string => (text === '' ? '' : shown.app(text));
  return {
    ...record,
    user: user(record.user),
    userDisplayName: user(record.userDisplayName),
    userId: user(record.userId),
    servicePrincipalName: user(record.servicePrincipalName),
    servicePrincipalId: user(record.servicePrincipalId),
    identity: user(record.identity),
    app: app(record.app),
    appId: app(record.appId),
    resource: app(record.resource),
    ip: record.ip === '' ? '' : shown.ip(record.ip),
  };
}

/** A sign-in's user, address (and its network) and app as the findings name them. */
function findingKeys(shown: ShownNames, settings: DetectionSettings | null): (step: Step) => FindingKeys {
  const { ipv4PrefixBits = 24, ipv6PrefixBits = 48 } = settings?.network ?? {};
  return ({ signIn }) => ({
    user: shown.user(canonicalUser(identityOf(signIn))),
    ips: signIn.ipAddress === '' ? [] : [shown.ip(signIn.ipAddress), shown.ip(networkOf(signIn.ipAddress, ipv4PrefixBits, ipv6PrefixBits))],
    apps: [signIn.clientApp, shown.app(signIn.appName || signIn.appId)],
  });
}

/**
 * Whether a finding concerns the subject: it names one of the subject's identities; or, naming no user, an
 * address (or its network) the subject failed or was interrupted from; or, naming only an app or protocol, one
 * the subject used. Names are compared as the findings show them.
 */
function concerns(steps: readonly Step[], keysOf: (step: Step) => FindingKeys): (finding: Finding) => boolean {
  const users = new Set<string>();
  const ips = new Set<string>();
  const apps = new Set<string>();
  for (const step of steps) {
    const keys = keysOf(step);
    users.add(keys.user);
    if (step.facts.outcome !== 'success') for (const ip of keys.ips) ips.add(ip);
    for (const app of keys.apps) apps.add(app);
  }
  return (finding) => {
    const { user, ip, app } = finding.entity;
    if (user !== undefined) return users.has(user);
    if (ip !== undefined) return ips.has(ip);
    return app !== undefined && apps.has(app);
  };
}
