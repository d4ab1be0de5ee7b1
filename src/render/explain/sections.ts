// Owns what the human-readable formats of an explanation show, as plain text: the diagnosis and what to do next
// as numbered lists, then sections of cells: the flows, the failing steps and what their codes mean (for a user),
// or the steps of the flow with their fields (for a request or correlation id), and what the explanation was made
// from; and how much of a long history people are shown (the latest 100 rows, fields of ten steps). The terminal
// and Markdown formats draw the sections with the report's own section drawing, the HTML page picks the same
// rows; each escapes the text.

import type { Actor } from '../../catalog/types.js';
import type { Diagnosis, ExplainedStep, Explanation, Flow } from '../../explain/types.js';
import { EXPORT_FIELDS } from '../../export/record.js';
import { ACTOR_LABEL, count, formatCount, formatInstant, formatSpan } from '../format.js';
import { privacyText, type Column, type Section } from '../sections.js';
import { plural } from '../../words.js';
import { secondInstant } from '../../time.js';

const PROSE = 50;
const NAME = 48;
const ID = 36;

/** `finding (medium)`, `blocked`, `failure`, ... */
export function diagnosisLabel(item: Diagnosis): string {
  return item.severity === null ? item.kind : `${item.kind} (${item.severity})`;
}

/** `2026-11-12 02:50:05 UTC 50053 8f2e...`: one line per sign-in to look up. */
function evidenceLines(item: Diagnosis): string[] {
  return item.evidence.map((evidence) => `${secondInstant(evidence.time)} ${evidence.code} request ${evidence.requestId}`);
}

function actorLabel(actor: Actor | null): string {
  return actor === null ? '' : ACTOR_LABEL[actor];
}

/** `50074→50140→0`: a flow's codes in order; `50074→(0)` when the window or the row filters leave a step out. */
export function stepsText(flow: Flow): string {
  return flow.steps.map((step) => (step.passesFilters ? String(step.code) : `(${step.code})`)).join('→');
}

/** The steps of these flows that the window or the row filters leave out, shown with their flow (their codes in parentheses). */
export function shownWithFlow(flows: readonly Flow[]): number {
  return flows.flatMap((flow) => flow.steps).filter((step) => !step.passesFilters).length;
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

/** A numbered list: its title and entries, each a heading with labelled parts. Cells are raw text. */
export interface NumberedList {
  readonly title: string;
  readonly entries: readonly { readonly heading: string; readonly parts: readonly (readonly [label: string, text: string])[] }[];
}

/** The diagnosis, most likely first: what each is, how many sign-ins, who acts, what happened, what to do, what to look up. */
export function diagnosisList(explanation: Explanation): NumberedList {
  return {
    title: 'Diagnosis: most likely first',
    entries: explanation.diagnosis.map((item) => ({
      heading: item.title,
      parts: [
        [
          'Kind',
          `${diagnosisLabel(item)}; ${formatCount(item.count)} ${plural(item.count, item.kind === 'unfinished' || item.kind === 'normal' ? 'flow' : 'sign-in')}${item.actor === null ? '' : `; who acts: ${actorLabel(item.actor)}`}`,
        ],
        ['What happened', item.detail],
        ['What to do', item.action],
        ...(item.evidence.length === 0 ? [] : [['Look up', evidenceLines(item).join('; ')] as const]),
      ],
    })),
  };
}

export function nextList(explanation: Explanation): NumberedList {
  return { title: 'What to do next', entries: explanation.next.map((text) => ({ heading: text, parts: [] })) };
}

/** The sections drawn as tables after the diagnosis and what to do next, in the order the formats for people show them. */
export function explainSections(explanation: Explanation): Section[] {
  const user = explanation.subject.kind === 'user';
  return [
    ...(user ? [flowsSection(explanation.flows), failingSection(explanation)] : [stepsSection(explanation), ...fieldSections(explanation)]),
    meaningsSection(explanation),
    aboutSection(explanation),
  ];
}

const OUTCOME_LABEL = { success: 'signed in', failure: 'failed', interrupted: 'stopped' } as const;

/** The most rows a list for people shows: the latest, or those around the request asked about (the JSON has every one). */
const LIST_ROWS = 100;

/** At most LIST_ROWS of the items, with their index: the latest, or for `around` >= 0 those around that index. */
export function listed<T>(items: readonly T[], around = -1): { item: T; index: number }[] {
  const start = items.length <= LIST_ROWS ? 0 : around < 0 ? items.length - LIST_ROWS : Math.min(Math.max(0, around - LIST_ROWS / 2), items.length - LIST_ROWS);
  return items.slice(start, start + LIST_ROWS).map((item, i) => ({ item, index: start + i }));
}

/** `24 flows`, or `100 of 13,000 flows, every one in --format json` when the list was cut. */
export function listedNote(shown: number, total: number, noun: string): string {
  const counted = `${formatCount(total)} ${plural(total, noun)}`;
  return shown < total ? `${formatCount(shown)} of ${counted}, every one in --format json` : counted;
}

function flowsSection(flows: readonly Flow[]): Section {
  const columns: Column[] = [
    { header: 'Started (UTC)', align: 'left', max: 16 },
    { header: 'Outcome', align: 'left', max: 9 },
    { header: 'Codes', align: 'left', max: 40 },
    { header: 'Application', align: 'left', max: NAME },
    { header: 'From', align: 'left', max: PROSE * 2, wrap: true, below: true },
  ];
  const shown = listed(flows);
  return {
    id: 'flows',
    title: 'Sign-in flows, oldest first',
    note: `${listedNote(shown.length, flows.length, 'flow')}; codes in order, 0 = signed in${shownWithFlow(flows) > 0 ? ', (code) = outside the window or filters' : ''}`,
    columns,
    rows: shown.map(({ item: flow }) => [formatMinute(flow.first), OUTCOME_LABEL[flow.outcome], stepsText(flow), flow.app, fromText(flow)]),
    empty: 'No sign-ins.',
  };
}

/** `198.51.100.66 (Sao Paulo, Sao Paulo, BR) over Authenticated SMTP (legacy); Windows 10, Edge 142 (compliant, managed)`. */
function fromText(flow: Flow): string {
  const client = flow.clientApp === '' ? '' : ` over ${flow.clientApp}${flow.legacy ? ' (legacy)' : ''}`;
  const place = flow.location === '' ? '' : ` (${flow.location})`;
  return `${flow.ip === '' ? 'an unknown address' : flow.ip}${place}${client}${flow.device === '' ? '' : `; ${flow.device}`}`;
}

/** Every failing step of the flows, in time order. */
export function failingSteps(explanation: Explanation): ExplainedStep[] {
  return explanation.flows.flatMap((flow) => flow.steps.filter((step) => step.outcome === 'failure'));
}

function failingSection(explanation: Explanation): Section {
  const failing = failingSteps(explanation);
  const rows = listed(failing).map(({ item: step }) => [secondInstant(step.time), String(step.code), step.requestId]);
  return {
    id: 'failing-steps',
    title: 'Failing steps',
    note: rows.length === 0 ? '' : listedNote(rows.length, failing.length, 'step'),
    columns: [
      { header: 'Time', align: 'left', max: 23 },
      { header: 'Code', align: 'right', max: 10 },
      { header: 'Request ID', align: 'left', max: ID },
    ],
    rows,
    empty: 'No step failed.',
  };
}

/** The steps of the flow a person is shown: at most LIST_ROWS, around the request asked about, with their index. */
export function listedSteps(explanation: Explanation): { item: ExplainedStep; index: number }[] {
  const steps = explanation.flows.flatMap((flow) => flow.steps);
  const asked = explanation.subject.asked.toLowerCase();
  return listed(
    steps,
    steps.findIndex((step) => step.requestId.toLowerCase() === asked),
  );
}

function stepsSection(explanation: Explanation): Section {
  const steps = explanation.flows.flatMap((flow) => flow.steps);
  const shown = listedSteps(explanation);
  return {
    id: 'steps',
    title:
      explanation.flows.length === 1 && explanation.flows[0]!.correlationId !== ''
        ? `The flow: correlation ${explanation.flows[0]!.correlationId}`
        : 'The flow',
    note: `${listedNote(shown.length, steps.length, 'step')}${explanation.complete ? '' : '; read from standard input once: steps read before the request are missing'}`,
    columns: [
      { header: '#', align: 'right', max: 4 },
      { header: 'Time', align: 'left', max: 23 },
      { header: 'Outcome', align: 'left', max: 11 },
      { header: 'Code', align: 'left', max: NAME },
      { header: 'Request ID', align: 'left', max: ID, below: true },
    ],
    rows: shown.map(({ item: step, index }) => [String(index + 1), secondInstant(step.time), step.outcome, codeLabel(step), step.requestId]),
    empty: 'No steps.',
  };
}

/** Steps whose every field the formats for people show; the JSON has every step's. */
const FIELD_STEPS = 10;

/**
 * The steps whose fields are shown, with their number in the flow: all of them, or for a longer flow the one asked
 * about, the last and the failing ones up to FIELD_STEPS, in time order.
 */
export function stepsWithFields(explanation: Explanation): { step: ExplainedStep; number: number }[] {
  const steps = explanation.flows.flatMap((flow) => flow.steps).map((step, i) => ({ step, number: i + 1 }));
  if (steps.length <= FIELD_STEPS) return steps;
  const asked = explanation.subject.asked.toLowerCase();
  const wanted = [
    ...steps.filter(({ step }) => step.requestId.toLowerCase() === asked),
    steps[steps.length - 1]!,
    ...steps.filter(({ step }) => step.outcome === 'failure'),
  ];
  return [...new Set(wanted)].slice(0, FIELD_STEPS).sort((a, b) => a.number - b.number);
}

/** Per step, every field of its record the export filled in. */
export function recordFields(step: ExplainedStep): [string, string][] {
  const record = step.record;
  if (record === null) return [];
  return EXPORT_FIELDS.map((field) => [field, record[field]] as const)
    .filter(([, value]) => value !== '' && value !== null)
    .map(([field, value]) => [field, String(value)]);
}

function fieldSections(explanation: Explanation): Section[] {
  const shown = stepsWithFields(explanation);
  const total = explanation.totals.signIns;
  return shown.map(({ step, number }, i) => ({
    id: 'fields',
    title: `Step ${number}: every field`,
    note: `${step.requestId}${i === 0 && shown.length < total ? `; fields of ${shown.length} of the ${formatCount(total)} steps, every one's in --format json` : ''}`,
    columns: [
      { header: 'Field', align: 'left', max: 26 },
      { header: 'Value', align: 'left', max: 100, wrap: true },
    ],
    rows: recordFields(step),
    empty: 'No fields.',
  }));
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
      { header: 'The log says', align: 'left', max: PROSE * 2, wrap: true, below: true },
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
  const shownWithFlows = shownWithFlow(explanation.flows);
  const rows: string[][] = [
    [
      'Asked about',
      `${explanation.subject.asked} (${explanation.subject.kind === 'user' ? 'a user' : explanation.subject.kind === 'request' ? 'a request id' : 'a correlation id'})`,
    ],
    [
      'Sign-ins',
      `${formatCount(explanation.totals.signIns)} in ${count(explanation.totals.flows.total, 'flow')}${shownWithFlows === 0 ? '' : ` (${formatCount(shownWithFlows)} of them outside the window or filters, shown with their flows)`}`,
    ],
    ['First and last', formatSpan(explanation.firstSignIn, explanation.lastSignIn)],
  ];
  if (window.since !== null || window.until !== null) {
    rows.push([
      'Time filter',
      `${window.since === null ? 'any time' : `from ${formatInstant(window.since)}`}, ${window.until === null ? 'no end' : `before ${formatInstant(window.until)}`}${explanation.period === null ? '' : ` (${explanation.period.label})`}`,
    ]);
  }
  rows.push(
    ['Rows read', `${formatCount(accounting.rowsRead)}; ${count(accounting.signIns, 'sign-in')} in the window and filters`],
    [
      'Detections',
      explanation.findings === null
        ? 'left out (--no-detections)'
        : `run on ${accounting.signIns === 1 ? 'that sign-in' : `those ${count(accounting.signIns, 'sign-in')}`}`,
    ],
    ['Inputs', explanation.inputs.map((input) => input.path).join(', ')],
    ['Catalog', explanation.tool.catalogVersion],
  );
  if (explanation.privacy !== null) rows.push(['Privacy', privacyText(explanation.privacy)]);
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
