// Owns the diagnosis of a subject's flows: what went wrong and what to do, ranked. The detections' findings
// about the subject come first, most urgent first (they explain patterns no single sign-in shows); then sign-ins
// Conditional Access blocked, other failures by code (most first), legacy protocols, flows that stopped at a
// prompt, and last what is normal: prompts followed by a sign-in in the same flow. Each diagnosis says what
// happened with the evidence (request ids to look up), what to do and who acts; `next` lists what to do, in order.

import type { DetectionKind, Finding, ShownNames } from '../analyze/findings/index.js';
import { count } from '../words.js';
import { listOf, spanText } from '../analyze/findings/text.js';
import { identityOf, isLegacyClientApp } from '../analyze/dimensions.js';
import type { CatalogEntry } from '../catalog/types.js';
import type { SignInType } from '../model.js';
import { truncate } from '../text.js';
import type { Step } from './collect.js';
import { deviceText, flowOutcome, type StepsFlow } from './flows.js';
import type { Diagnosis, DiagnosisKind, EvidenceItem } from './types.js';

/** A sign-in's names as the findings show them: its user, its address and network, its app and client app. */
export interface FindingKeys {
  readonly user: string;
  readonly ips: readonly string[];
  readonly apps: readonly string[];
}

export interface DiagnosisContext {
  /** How names are shown: as they are, pseudonymised or as placeholders. */
  readonly shown: ShownNames;
  readonly keys: (step: Step) => FindingKeys;
  /** The sign-in types the inputs hold: a missing non-interactive log is worth a word when nothing failed. */
  readonly typesPresent: readonly SignInType[];
  /** False when steps of the flows may be missing (a request read from standard input): none is said to be unfinished. */
  readonly complete: boolean;
}

/** Sign-ins to look up: the earliest five. */
const EVIDENCE = 5;

export function diagnose(
  flows: readonly StepsFlow[],
  findings: readonly Finding[] | null,
  context: DiagnosisContext,
): { diagnosis: Diagnosis[]; next: string[] } {
  const { shown } = context;
  const steps = flows.flatMap((flow) => flow.steps);
  const who = shown.user(identityOf(steps[steps.length - 1]!.signIn));
  const unresolved = flows.filter((flow) => flowOutcome(flow) !== 'success');
  const failing = unresolved.flatMap((flow) => flow.steps.filter((step) => step.facts.outcome === 'failure'));
  const isBlock = (step: Step): boolean =>
    step.facts.entry.category === 'conditional_access' || step.signIn.conditionalAccessStatus.toLowerCase() === 'failure';

  /** What a finding accounts for: said in the detail, and its own action left out of what to do next. */
  const covered = new Set<Diagnosis>();
  const diagnosis: Diagnosis[] = [
    ...(findings ?? []).map(
      (finding): Diagnosis => ({
        kind: 'finding',
        severity: finding.severity,
        detection: finding.kind,
        code: null,
        title: finding.title,
        detail: finding.why,
        action: finding.action,
        actor: null,
        count: finding.counts.attempts,
        evidence: finding.evidence.map(({ time, requestId, code }) => ({ time, requestId, code })),
      }),
    ),
    ...byCode(failing.filter(isBlock)).map((group) => explained(blocked(group, shown), group)),
    ...byCode(failing.filter((step) => !isBlock(step))).map((group) => explained(failed(group, shown), group)),
    ...legacy(steps, who, shown).map(([item, group]) => explained(item, group)),
    ...unfinished(unresolved, who, context.complete).map(([item, group]) => explained(item, group)),
    ...normal(flows),
  ];
  function explained(item: Diagnosis, group: readonly Step[]): Diagnosis {
    const kinds = ACCOUNTED_FOR_BY[item.kind];
    const index = (findings ?? []).findIndex((finding) => kinds.includes(finding.kind) && group.every((step) => covers(finding, step, context.keys(step))));
    if (index < 0) return item;
    const finding = findings![index]!;
    const them = group.length === 1 ? 'it' : 'them';
    const shownItem = { ...item, detail: `${item.detail} Finding ${index + 1} above accounts for ${them}: ${finding.title}.` };
    covered.add(shownItem);
    return shownItem;
  }
  const actions = diagnosis.filter((item) => item.kind !== 'normal' && !covered.has(item)).map((item) => item.action);
  const next = [...new Set(actions)];
  if (next.length === 0) {
    const noninteractive = context.typesPresent.includes('noninteractive')
      ? ''
      : ' (export the non-interactive sign-ins of the same days too: many sign-ins of mail and desktop clients are only there)';
    next.push(
      `Nothing to fix in these sign-ins. If ${who} still cannot sign in, ask when, to which app and with what message, and look for that sign-in${noninteractive}.`,
    );
  }
  return { diagnosis, next };
}

/**
 * The detections whose findings account for a diagnosis of each kind when they cover all its sign-ins: a stale
 * device, a lockout or an attack explains failed passwords and the legacy protocol they came over, MFA fatigue the
 * prompts left unfinished. A Conditional Access block is the tenant's own decision, unless an attack accounts for
 * it: then the policy did its work, and "change the policy or tell the user which condition to meet" would let the
 * attacker in.
 */
const ACCOUNTED_FOR_BY: Readonly<Record<DiagnosisKind, readonly DetectionKind[]>> = {
  finding: [],
  blocked: ['correct-password-unfamiliar-ip', 'password-spray', 'brute-force', 'disabled-account-probing'],
  failure: ['stale-credentials', 'account-lockout', 'password-spray', 'brute-force', 'disabled-account-probing', 'mfa-fatigue'],
  legacy: ['stale-credentials', 'password-spray', 'brute-force', 'legacy-auth'],
  unfinished: ['mfa-fatigue', 'sign-in-loop'],
  normal: [],
};

/**
 * Whether a finding is about this sign-in: the same user, address or app where it names one, within its span. The
 * detections keep times to the second (cells.ts), so the span is compared in whole seconds.
 */
function covers(finding: Finding, step: Step, keys: FindingKeys): boolean {
  const second = (date: Date): number => Math.floor(date.getTime() / 1000);
  const time = second(step.signIn.time);
  if (time < second(finding.first) || time > second(finding.last)) return false;
  const { user, ip, app } = finding.entity;
  return (user === undefined || user === keys.user) && (ip === undefined || keys.ips.includes(ip)) && (app === undefined || keys.apps.includes(app));
}

/** Steps by code, most first, then by code. */
function byCode(steps: readonly Step[]): Step[][] {
  const groups = new Map<number, Step[]>();
  for (const step of steps) {
    const group = groups.get(step.facts.code);
    if (group === undefined) groups.set(step.facts.code, [step]);
    else group.push(step);
  }
  return [...groups.values()].sort((a, b) => b.length - a.length || a[0]!.facts.code - b[0]!.facts.code);
}

function evidenceOf(steps: readonly Step[]): EvidenceItem[] {
  return steps.slice(0, EVIDENCE).map((step) => ({ time: step.signIn.time, requestId: step.signIn.requestId, code: step.facts.code }));
}

/** Distinct non-empty values, in first-seen order. */
function distinct(values: readonly string[]): string[] {
  return [...new Set(values.filter((value) => value !== ''))];
}

/** `50126 InvalidUserNameOrPassword`, `9999999 (not in the catalog)`. */
function codeName(code: number, entry: CatalogEntry, catalogued: boolean): string {
  return catalogued ? (entry.name === '' ? String(code) : `${code} ${entry.name}`) : `${code} (not in the catalog)`;
}

function span(steps: readonly Step[]): string {
  return spanText(steps[0]!.signIn.time.getTime(), steps[steps.length - 1]!.signIn.time.getTime());
}

/** The longest quote of the log's own text in a diagnosis: the steps keep the whole. */
const QUOTE = 300;

/** `"a" and "b"`, ending in a full stop unless the last quote ends a sentence: texts of the log, at most two. */
function quotes(texts: readonly string[]): string {
  const quoted = listOf(
    texts.map((text) => `"${truncate(text, QUOTE)}"`),
    2,
  );
  return `${quoted}${/[.!?]"$/.test(quoted) ? '' : '.'}`;
}

/**
 * What the log itself said, quoted: the texts of these steps, then what the authentication details say of the
 * MFA steps among them that failed (a denied or unanswered push, a wrong code), at most two of each.
 */
function logSays(steps: readonly Step[]): string {
  const reasons = distinct(steps.map((step) => step.signIn.failureReason));
  const failedMfa = distinct(steps.map((step) => (step.mfa === null || step.mfa.succeeded ? '' : `${step.mfa.method}: ${step.mfa.detail}`)));
  return `${reasons.length === 0 ? '' : ` The log says: ${quotes(reasons)}`}${failedMfa.length === 0 ? '' : ` The authentication details say: ${quotes(failedMfa)}`}`;
}

function blocked(steps: readonly Step[], shown: ShownNames): Diagnosis {
  const { code, entry, catalogued } = steps[0]!.facts;
  const apps = distinct(steps.map((step) => shown.app(step.signIn.appName || step.signIn.appId)));
  const recorded = steps.filter((step) => step.signIn.conditionalAccessStatus.toLowerCase() === 'failure').length;
  const devices = distinct(steps.map((step) => deviceText(step.signIn)));
  const ips = distinct(steps.map((step) => shown.ip(step.signIn.ipAddress)));
  const policy =
    recorded === 0
      ? ''
      : ` The export records the Conditional Access result "failure" for ${recorded === steps.length ? (steps.length === 1 ? 'it' : 'all of them') : `${recorded} of them`}.`;
  const from = ` ${steps.length === 1 ? 'It' : 'They'} came from ${devices.length === 0 ? 'a client that sent no device details' : listOf(devices)}${ips.length === 0 ? '' : ` at ${listOf(ips)}`}, ${span(steps)}.`;
  return {
    kind: 'blocked',
    severity: null,
    detection: null,
    code,
    title: `Conditional Access blocked ${count(steps.length, 'sign-in')}${apps.length === 0 ? '' : ` to ${listOf(apps)}`} (${codeName(code, entry, catalogued)})`,
    detail: `${entry.description}${policy}${from}${logSays(steps)}`,
    action: entry.remediation,
    actor: entry.actor,
    count: steps.length,
    evidence: evidenceOf(steps),
  };
}

function failed(steps: readonly Step[], shown: ShownNames): Diagnosis {
  const { code, entry, catalogued } = steps[0]!.facts;
  const clients = distinct(steps.map((step) => step.signIn.clientApp));
  const apps = distinct(steps.map((step) => shown.app(step.signIn.appName || step.signIn.appId)));
  const ips = distinct(steps.map((step) => shown.ip(step.signIn.ipAddress)));
  const where = [
    clients.length === 0 ? '' : `over ${listOf(clients)}`,
    apps.length === 0 ? '' : `to ${listOf(apps)}`,
    ips.length === 0 ? '' : `from ${listOf(ips)}`,
  ].filter((part) => part !== '');
  return {
    kind: 'failure',
    severity: null,
    detection: null,
    code,
    title: `${count(steps.length, 'sign-in')} failed with ${codeName(code, entry, catalogued)}`,
    detail: `${entry.description}${logSays(steps)} ${capital(`${where.join(' ')}${where.length === 0 ? '' : ', '}${span(steps)}`)}.`,
    action: entry.remediation,
    actor: entry.actor,
    count: steps.length,
    evidence: evidenceOf(steps),
  };
}

/** A diagnosis with the sign-ins it is made of. */
type Grouped = readonly [Diagnosis, readonly Step[]];

function legacy(steps: readonly Step[], who: string, shown: ShownNames): Grouped[] {
  const byClient = new Map<string, Step[]>();
  for (const step of steps) {
    const client = step.signIn.clientApp;
    if (client === '' || !isLegacyClientApp(client)) continue;
    const list = byClient.get(client);
    if (list === undefined) byClient.set(client, [step]);
    else list.push(step);
  }
  return [...byClient]
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
    .map(([client, list]): Grouped => {
      const failures = list.filter((step) => step.facts.outcome === 'failure').length;
      const result = failures === list.length ? 'all failed' : failures === 0 ? 'all succeeded' : `${failures} failed, ${list.length - failures} succeeded`;
      const ips = distinct(list.map((step) => shown.ip(step.signIn.ipAddress)));
      const item: Diagnosis = {
        kind: 'legacy',
        severity: null,
        detection: null,
        code: null,
        title: `${count(list.length, 'sign-in')} used ${client}, a legacy protocol without MFA`,
        detail: `${client} sends the password itself and cannot ask for MFA. ${capital(result)}${ips.length === 0 ? '' : `, from ${listOf(ips)}`}, ${span(list)}.`,
        action: `Find the mail client or device of ${who} that uses ${client} and move it to modern authentication; then block legacy authentication with Conditional Access.`,
        actor: 'helpdesk',
        count: list.length,
        evidence: evidenceOf(list),
      };
      return [item, list];
    });
}

function unfinished(unresolved: readonly StepsFlow[], who: string, complete: boolean): Grouped[] {
  const stopped = unresolved.filter((flow) => flowOutcome(flow) === 'interrupted').map((flow) => flow.steps[flow.steps.length - 1]!);
  return byCode(stopped).map((last): Grouped => {
    const { code, entry, catalogued } = last[0]!.facts;
    const name = codeName(code, entry, catalogued);
    // Read from standard input, the steps after a flow's last one read may be missing: how it ended is not known.
    const item: Diagnosis = {
      kind: 'unfinished',
      severity: null,
      detection: null,
      code,
      title: complete
        ? `${count(last.length, 'flow')} stopped at ${name} and never signed in`
        : `${count(last.length, 'flow')} reached ${name}; how ${last.length === 1 ? 'it' : 'they'} ended is not known`,
      detail: complete
        ? `${entry.description} Nothing followed it in the same flow (${span(last)}): the user did not finish the step (did not approve it, closed the window), or went on in a new flow.${logSays(last)}`
        : `${entry.description} Standard input is read once, and the steps of a flow that came before this one in it were not kept: an export lists the newest first, so the steps after it are missing.${logSays(last)}`,
      action: !complete
        ? 'Run explain on the export file itself, not on standard input, to see the whole flow.'
        : entry.category === 'mfa'
          ? `If ${who} says the prompt did not come or could not be completed, check their registered MFA methods; otherwise nothing to do.`
          : entry.remediation,
      actor: complete ? entry.actor : null,
      count: last.length,
      evidence: evidenceOf(last),
    };
    return [item, last];
  });
}

function normal(flows: readonly StepsFlow[]): Diagnosis[] {
  const succeeded = flows.filter((flow) => flowOutcome(flow) === 'success');
  const through = succeeded.filter((flow) => flow.steps.length > 1 && flow.steps.some((step) => step.facts.outcome !== 'success'));
  if (through.length === 0) {
    if (succeeded.length !== flows.length) return [];
    return [
      {
        kind: 'normal',
        severity: null,
        detection: null,
        code: null,
        title:
          flows.length === 1
            ? 'The sign-in flow signed in'
            : flows.length === 2
              ? 'Both sign-in flows signed in'
              : `All ${count(flows.length, 'sign-in flow')} signed in`,
        detail: 'No prompt, failure or finding in these sign-ins.',
        action: 'Nothing to do.',
        actor: 'none',
        count: flows.length,
        evidence: [],
      },
    ];
  }
  const before = through.flatMap((flow) => flow.steps.filter((step) => step.facts.outcome !== 'success'));
  const labels = byCode(before).map((group) => {
    const { code, entry, catalogued } = group[0]!.facts;
    return `${codeName(code, entry, catalogued)}${group.length > 1 ? ` (${group.length}×)` : ''}`;
  });
  const retried = through.filter((flow) => flow.steps.some((step) => step.facts.outcome === 'failure'));
  const retriedCodes = distinct(
    retried.flatMap((flow) => flow.steps.filter((step) => step.facts.outcome === 'failure').map((step) => String(step.facts.code))),
  );
  return [
    {
      kind: 'normal',
      severity: null,
      detection: null,
      code: null,
      title: `${count(through.length, 'flow')} went through ${listOf(labels, 4)} and then signed in: normal`,
      detail:
        'Each of these steps was followed by a successful sign-in in the same flow (the same correlation id): prompts such as MFA and "stay signed in?" are part of signing in, not failures.' +
        (retried.length === 0 ? '' : ` In ${count(retried.length, 'flow')} a step failed first (${listOf(retriedCodes)}) and the next attempt succeeded.`),
      action: 'Nothing to do.',
      actor: 'none',
      count: through.length,
      evidence: evidenceOf(before),
    },
  ];
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
