// Owns what the human-readable formats of an explanation show, as plain-text cells: the diagnosis, what to do
// next, the flows, the failing steps and what their codes mean (for a user), or every step of the flow with all
// its fields (for a request or correlation id), and what the explanation was made from. The terminal and
// Markdown formats draw these sections with the report's own section drawing; they escape the cells.

import type { Actor } from '../../catalog/types.js';
import type { Diagnosis, ExplainedStep, Explanation, Flow } from '../../explain/types.js';
import { EXPORT_FIELDS } from '../../export/record.js';
import { ACTOR_LABEL, formatCount, formatInstant } from '../format.js';
import type { Column, Section } from '../sections.js';

const PROSE = 50;
const NAME = 48;
const ID = 36;

/** `2026-11-12 02:50:05 UTC`: steps of one flow are seconds apart. */
export function formatSecond(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** `finding (medium)`, `blocked`, `failure`, ... */
export function diagnosisLabel(item: Diagnosis): string {
  return item.severity === null ? item.kind : `${item.kind} (${item.severity})`;
}

/** `2026-11-12 02:50:05 UTC 50053 8f2e...`: one line per sign-in to look up. */
export function evidenceLines(item: Diagnosis): string[] {
  return item.evidence.map((evidence) => `${formatSecond(evidence.time)} ${evidence.code} request ${evidence.requestId}`);
}

export function actorLabel(actor: Actor | null): string {
  return actor === null ? '' : ACTOR_LABEL[actor];
}

/** `50074→50140→0`: a flow's codes in order. */
export function stepsText(flow: Flow): string {
  return flow.steps.map((step) => String(step.code)).join('→');
}

/** `2026-11-12 02:50`, UTC. */
function formatMinute(date: Date): string {
  return date.toISOString().slice(0, 16).replace('T', ' ');
}

/** `50126 InvalidUserNameOrPassword`, `9999999 (not in the catalog)`. */
export function codeLabel(step: ExplainedStep): string {
  return step.catalogued ? `${step.code}${step.name === '' ? '' : ` ${step.name}`}` : `${step.code} (not in the catalog)`;
}

/** The codes of the steps that did not simply succeed, each once, with the first failure text seen for it; most steps first. */
export function codeMeanings(explanation: Explanation): { step: ExplainedStep; count: number }[] {
  const byCode = new Map<number, { step: ExplainedStep; count: number }>();
  for (const step of explanation.flows.flatMap((flow) => flow.steps)) {
    if (step.outcome === 'success') continue;
    const seen = byCode.get(step.code);
    if (seen === undefined) byCode.set(step.code, { step, count: 1 });
    else {
      seen.count++;
      if (seen.step.failureReason === '' && step.failureReason !== '') seen.step = step;
    }
  }
  return [...byCode.values()].sort((a, b) => b.count - a.count || a.step.code - b.step.code);
}

/** Every section, in the order the human-readable formats show them. */
export function explainSections(explanation: Explanation): Section[] {
  const user = explanation.subject.kind === 'user';
  return [
    diagnosisSection(explanation.diagnosis),
    nextSection(explanation.next),
    ...(user ? [flowsSection(explanation.flows), failingSection(explanation)] : [stepsSection(explanation), ...fieldSections(explanation)]),
    meaningsSection(explanation),
    aboutSection(explanation),
  ];
}

function diagnosisSection(diagnosis: readonly Diagnosis[]): Section {
  return {
    id: 'diagnosis',
    title: 'Diagnosis: most likely first',
    note: '',
    columns: [
      { header: '#', align: 'right', max: 3 },
      { header: 'Kind', align: 'left', max: 17 },
      { header: 'Diagnosis', align: 'left', max: 100, wrap: true },
      { header: 'Count', align: 'right', max: 8 },
      { header: 'Who acts', align: 'left', max: 18 },
      { header: 'What happened', align: 'left', max: PROSE * 3, wrap: true, below: true },
      { header: 'Look up', align: 'left', max: 400, wrap: true, below: true },
      { header: 'What to do', align: 'left', max: PROSE * 2, wrap: true, below: true },
    ],
    rows: diagnosis.map((item, i) => [
      String(i + 1),
      diagnosisLabel(item),
      item.title,
      formatCount(item.count),
      actorLabel(item.actor),
      item.detail,
      evidenceLines(item).join('; '),
      item.action,
    ]),
    empty: 'Nothing to diagnose.',
  };
}

function nextSection(next: readonly string[]): Section {
  return {
    id: 'next',
    title: 'What to do next',
    note: '',
    columns: [
      { header: '#', align: 'right', max: 3 },
      { header: 'Step', align: 'left', max: PROSE * 4, wrap: true },
    ],
    rows: next.map((text, i) => [String(i + 1), text]),
    empty: 'Nothing to do.',
  };
}

const OUTCOME_LABEL = { success: 'signed in', failure: 'failed', interrupted: 'stopped' } as const;

function flowsSection(flows: readonly Flow[]): Section {
  const columns: Column[] = [
    { header: 'Started (UTC)', align: 'left', max: 16 },
    { header: 'Outcome', align: 'left', max: 9 },
    { header: 'Codes', align: 'left', max: 40 },
    { header: 'Application', align: 'left', max: NAME },
    { header: 'From', align: 'left', max: PROSE * 4, wrap: true, below: true },
  ];
  return {
    id: 'flows',
    title: 'Sign-in flows, oldest first',
    note: `${formatCount(flows.length)}; codes in order, 0 = signed in`,
    columns,
    rows: flows.map((flow) => [formatMinute(flow.first), OUTCOME_LABEL[flow.outcome], stepsText(flow), flow.app, fromText(flow)]),
    empty: 'No sign-ins.',
  };
}

/** `198.51.100.66 (Sao Paulo, Sao Paulo, BR) over Authenticated SMTP (legacy); Windows 10, Edge 142 (compliant, managed)`. */
export function fromText(flow: Flow): string {
  const client = flow.clientApp === '' ? '' : ` over ${flow.clientApp}${flow.legacy ? ' (legacy)' : ''}`;
  const place = flow.location === '' ? '' : ` (${flow.location})`;
  return `${flow.ip === '' ? 'an unknown address' : flow.ip}${place}${client}${flow.device === '' ? '' : `; ${flow.device}`}`;
}

function failingSection(explanation: Explanation): Section {
  const rows = explanation.flows.flatMap((flow) =>
    flow.steps.filter((step) => step.outcome === 'failure').map((step) => [formatSecond(step.time), String(step.code), step.requestId]),
  );
  return {
    id: 'failing-steps',
    title: 'Failing steps',
    note: rows.length === 0 ? '' : formatCount(rows.length),
    columns: [
      { header: 'Time', align: 'left', max: 23 },
      { header: 'Code', align: 'right', max: 10 },
      { header: 'Request ID', align: 'left', max: ID },
    ],
    rows,
    empty: 'No step failed.',
  };
}

function stepsSection(explanation: Explanation): Section {
  const steps = explanation.flows.flatMap((flow) => flow.steps);
  return {
    id: 'steps',
    title:
      explanation.flows.length === 1 && explanation.flows[0]!.correlationId !== ''
        ? `The flow: correlation ${explanation.flows[0]!.correlationId}`
        : 'The flow',
    note: `${formatCount(steps.length)} ${steps.length === 1 ? 'step' : 'steps'}${explanation.complete ? '' : '; read from standard input once, so steps before the request are missing'}`,
    columns: [
      { header: '#', align: 'right', max: 4 },
      { header: 'Time', align: 'left', max: 23 },
      { header: 'Outcome', align: 'left', max: 11 },
      { header: 'Code', align: 'left', max: NAME },
      { header: 'Request ID', align: 'left', max: ID, below: true },
    ],
    rows: steps.map((step, i) => [String(i + 1), formatSecond(step.time), step.outcome, codeLabel(step), step.requestId]),
    empty: 'No steps.',
  };
}

/** Per step, every field of its record the export filled in. */
function fieldSections(explanation: Explanation): Section[] {
  const steps = explanation.flows.flatMap((flow) => flow.steps);
  return steps.map((step, i) => {
    const record = step.record;
    const rows =
      record === null
        ? []
        : EXPORT_FIELDS.map((field) => [field, record[field]] as const)
            .filter(([, value]) => value !== '' && value !== null)
            .map(([field, value]) => [field, String(value)]);
    return {
      id: 'fields',
      title: `Step ${i + 1}: every field`,
      note: step.requestId,
      columns: [
        { header: 'Field', align: 'left', max: 26 },
        { header: 'Value', align: 'left', max: PROSE * 4, wrap: true },
      ],
      rows,
      empty: 'No fields.',
    };
  });
}

function meaningsSection(explanation: Explanation): Section {
  const meanings = codeMeanings(explanation);
  return {
    id: 'meanings',
    title: 'What the codes mean',
    note: '',
    columns: [
      { header: 'Code', align: 'left', max: NAME },
      { header: 'Outcome', align: 'left', max: 11 },
      { header: 'Steps', align: 'right', max: 8 },
      { header: 'Who acts', align: 'left', max: 18 },
      { header: 'The log says', align: 'left', max: PROSE * 3, wrap: true, below: true },
      { header: 'What it means', align: 'left', max: PROSE * 3, wrap: true, below: true },
      { header: 'What to do', align: 'left', max: PROSE * 3, wrap: true, below: true },
    ],
    rows: meanings.map(({ step, count }) => [
      codeLabel(step),
      step.outcome,
      formatCount(count),
      ACTOR_LABEL[step.actor],
      step.failureReason,
      step.description,
      step.remediation,
    ]),
    empty: 'Every step succeeded.',
  };
}

function aboutSection(explanation: Explanation): Section {
  const { accounting, window } = explanation;
  const rows: string[][] = [
    [
      'Asked about',
      `${explanation.subject.asked} (${explanation.subject.kind === 'user' ? 'a user' : explanation.subject.kind === 'request' ? 'a request id' : 'a correlation id'})`,
    ],
    [
      'Sign-ins',
      `${formatCount(explanation.totals.signIns)} in ${formatCount(explanation.totals.flows.total)} ${explanation.totals.flows.total === 1 ? 'flow' : 'flows'}`,
    ],
    ['First and last', `${formatInstant(explanation.firstSignIn)} to ${formatInstant(explanation.lastSignIn)}`],
  ];
  if (window.since !== null || window.until !== null) {
    rows.push([
      'Time filter',
      `${window.since === null ? 'any time' : `from ${formatInstant(window.since)}`}, ${window.until === null ? 'no end' : `before ${formatInstant(window.until)}`}${explanation.period === null ? '' : ` (${explanation.period.label})`}`,
    ]);
  }
  rows.push(
    ['Rows read', `${formatCount(accounting.rowsRead)}; ${formatCount(accounting.signIns)} sign-ins in the window and filters`],
    ['Detections', explanation.findings === null ? 'left out (--no-detections)' : `run on those ${formatCount(accounting.signIns)} sign-ins`],
    ['Inputs', explanation.inputs.map((input) => input.path).join(', ')],
    ['Catalog', explanation.tool.catalogVersion],
  );
  if (explanation.privacy !== null) {
    const { pseudonymized, redacted } = explanation.privacy;
    rows.push([
      'Privacy',
      [pseudonymized.length === 0 ? '' : `${pseudonymized.join(', ')} pseudonymised`, redacted.length === 0 ? '' : `${redacted.join(', ')} redacted`]
        .filter((part) => part !== '')
        .join('; '),
    ]);
  }
  return {
    id: 'about',
    title: 'About this explanation',
    note: '',
    columns: [
      { header: 'Measure', align: 'left', max: 20 },
      { header: 'Value', align: 'left', max: PROSE * 4, wrap: true },
    ],
    rows,
    empty: '',
  };
}
