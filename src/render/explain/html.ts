// Owns the HTML format of an explanation: one self-contained page (the report's stylesheet inlined and allowed by
// its hash, no script, nothing fetched) with the headline, the diagnosis as cards with their evidence, what to do
// next, the flows or the steps of one flow with every field, and what the codes mean. Every value goes through
// the escaping `html` tag; long log values are cut with the whole value in a title.

import type { Diagnosis, ExplainedStep, Explanation } from '../../explain/types.js';
import { ACTOR_LABEL, count, formatCount, formatInstant, formatSpan } from '../format.js';
import { cut, type Html, html } from '../html/markup.js';
import { htmlPage } from '../html/page.js';
import {
  codeLabel,
  codeMeanings,
  diagnosisLabel,
  failingSteps,
  listed,
  listedNote,
  listedSteps,
  recordFields,
  shownWithFlow,
  stepsText,
  stepsWithFields,
} from './sections.js';
import { secondInstant } from '../../time.js';

/** Longest log value shown in a cell before it is cut (the title keeps the whole). */
const NAME_CHARS = 60;
const PROSE_CHARS = 600;

const OUTCOME_LABEL = { success: 'signed in', failure: 'failed', interrupted: 'stopped at a prompt' } as const;

export function renderExplainHtml(explanation: Explanation): string {
  const { totals, subject } = explanation;
  const main = html`<header><h1>Sign-in explanation</h1>
<p class="muted" id="headline">${explanation.headline}</p>
<ul class="kpis" aria-label="Headline numbers">
<li class="kpi" id="kpi-sign-ins"><span class="label">Sign-ins</span><span class="number">${formatCount(totals.signIns)}</span><span class="detail">in ${count(totals.flows.total, 'flow')}</span></li>
<li class="kpi" id="kpi-failed"><span class="label">Flows that failed</span><span class="number">${formatCount(totals.flows.failure)}</span><span class="detail">${count(totals.failure, 'failed sign-in')}</span></li>
<li class="kpi" id="kpi-stopped"><span class="label">Stopped at a prompt</span><span class="number">${formatCount(totals.flows.interrupted)}</span><span class="detail">${count(totals.interrupted, 'prompt')} in all</span></li>
<li class="kpi" id="kpi-signed-in"><span class="label">Flows that signed in</span><span class="number">${formatCount(totals.flows.success)}</span><span class="detail">${formatSpan(explanation.firstSignIn, explanation.lastSignIn)}</span></li>
</ul>
</header>
<section id="diagnosis" aria-labelledby="h-diagnosis"><h2 id="h-diagnosis">Diagnosis: most likely first</h2>
<div class="cards findings">${explanation.diagnosis.map(diagnosisCard)}</div></section>
<section id="next" aria-labelledby="h-next"><h2 id="h-next">What to do next</h2>
<ol>${explanation.next.map((step) => html`<li>${step}</li>`)}</ol></section>
${subject.kind === 'user' ? flowsSection(explanation) : stepsSection(explanation)}
${meaningsSection(explanation)}
${footer(explanation)}`;
  return htmlPage({ title: `Sign-in explanation: ${subject.asked}`, tool: explanation.tool, main });
}

function diagnosisCard(item: Diagnosis, index: number): Html {
  const tone = item.severity ?? (item.kind === 'normal' ? 'info' : item.kind === 'blocked' || item.kind === 'failure' ? 'medium' : 'low');
  return html`<article class="card finding ${tone}${item.kind === 'normal' ? ' quiet' : ''}" id="diagnosis-${index + 1}"><p><span class="severity ${tone}">${index + 1}. ${diagnosisLabel(item)}</span>${
    item.actor === null ? null : html` <span class="who">Who acts: ${ACTOR_LABEL[item.actor]}</span>`
  }</p><h3>${item.title}</h3><p><strong>What happened:</strong> ${cut(item.detail, PROSE_CHARS * 2)}</p><p><strong>What to do:</strong> ${item.action}</p>${
    item.evidence.length === 0
      ? null
      : html`<details><summary>Look up (${count(item.evidence.length, 'sign-in')})</summary><div class="scroll"><table><thead><tr><th scope="col">Time</th><th scope="col">Code</th><th scope="col">Request ID</th></tr></thead><tbody>${item.evidence.map(
          (evidence) => html`<tr><td>${secondInstant(evidence.time)}</td><td>${evidence.code}</td><td>${cut(evidence.requestId, NAME_CHARS)}</td></tr>`,
        )}</tbody></table></div></details>`
  }</article>`;
}

function flowsSection(explanation: Explanation): Html {
  const { flows } = explanation;
  const shown = listed(flows);
  const failing = failingSteps(explanation);
  const failingShown = listed(failing);
  return html`<section id="flows" aria-labelledby="h-flows"><h2 id="h-flows">Sign-in flows</h2>
<p class="note">${listedNote(shown.length, flows.length, 'flow')}, oldest first. A flow is the sign-ins that share a correlation id; its steps are their codes, 0 for signed in${shownWithFlow(flows) > 0 ? ', in parentheses for a step outside the window or filters' : ''}.</p>
<div class="scroll"><table id="flow-table"><caption>Each flow with its outcome, application, client, address, place and device</caption><thead><tr><th scope="col">Started</th><th scope="col">Outcome</th><th scope="col">Steps</th><th scope="col">Application</th><th scope="col">Client app</th><th scope="col">IP address</th><th scope="col">Location</th><th scope="col">Device</th></tr></thead><tbody>${shown.map(
    ({ item: flow }) =>
      html`<tr class="outcome-${flow.outcome}"><td>${formatInstant(flow.first)}</td><td>${OUTCOME_LABEL[flow.outcome]}</td><td>${cut(stepsText(flow), NAME_CHARS)}</td><td class="name">${cut(flow.app, NAME_CHARS)}</td><td class="name">${cut(flow.clientApp, NAME_CHARS)}${
        flow.legacy ? html` <span class="tag">legacy</span>` : null
      }</td><td>${cut(flow.ip, NAME_CHARS)}</td><td class="name">${cut(flow.location, NAME_CHARS)}</td><td class="name">${cut(flow.device, NAME_CHARS)}</td></tr>`,
  )}</tbody></table></div>
<h3>Failing steps</h3>
${
  failing.length === 0
    ? html`<p class="empty">No step failed.</p>`
    : html`<div class="scroll"><table id="failing-table"><caption>${listedNote(failingShown.length, failing.length, 'failing step')}, to look up by request id</caption><thead><tr><th scope="col">Time</th><th scope="col">Code</th><th scope="col">Request ID</th></tr></thead><tbody>${failingShown.map(
        ({ item: step }) =>
          html`<tr><td>${secondInstant(step.time)}</td><td class="name">${cut(codeLabel(step), NAME_CHARS)}</td><td>${cut(step.requestId, NAME_CHARS)}</td></tr>`,
      )}</tbody></table></div>`
}</section>`;
}

function stepsSection(explanation: Explanation): Html {
  const total = explanation.totals.signIns;
  const shown = listedSteps(explanation);
  return html`<section id="steps" aria-labelledby="h-steps"><h2 id="h-steps">The flow, step by step</h2>
${explanation.complete ? null : html`<p class="note" id="incomplete">Read from standard input once: steps of this flow read before the request are missing.</p>`}
<div class="scroll"><table id="step-table"><caption>${listedNote(shown.length, total, 'step')} in time order</caption><thead><tr><th scope="col">#</th><th scope="col">Time</th><th scope="col">Outcome</th><th scope="col">Code</th><th scope="col">Request ID</th></tr></thead><tbody>${shown.map(
    ({ item: step, index }) =>
      html`<tr><td>${index + 1}</td><td>${secondInstant(step.time)}</td><td>${step.outcome}</td><td class="name">${cut(codeLabel(step), NAME_CHARS)}</td><td>${cut(step.requestId, NAME_CHARS)}</td></tr>`,
  )}</tbody></table></div>
${stepsWithFields(explanation).map(({ step, number }) => fields(step, number))}</section>`;
}

function fields(step: ExplainedStep, number: number): Html {
  return html`<details id="step-${number}"><summary>Step ${number}: every field</summary><div class="scroll"><table><thead><tr><th scope="col">Field</th><th scope="col">Value</th></tr></thead><tbody>${recordFields(
    step,
  ).map(([field, value]) => html`<tr><th scope="row">${field}</th><td>${cut(value, PROSE_CHARS)}</td></tr>`)}</tbody></table></div></details>`;
}

function meaningsSection(explanation: Explanation): Html {
  const meanings = codeMeanings(explanation);
  return html`<section id="meanings" aria-labelledby="h-meanings"><h2 id="h-meanings">What the codes mean</h2>
${
  meanings.length === 0
    ? html`<p class="empty">Every step succeeded.</p>`
    : html`<div class="scroll"><table id="meaning-table"><caption>Every code that failed or interrupted a step, most steps first</caption><thead><tr><th scope="col">Code</th><th scope="col">Outcome</th><th scope="col" class="num">Steps</th><th scope="col">Who acts</th><th scope="col">The log says</th><th scope="col">What it means</th><th scope="col">What to do</th></tr></thead><tbody>${meanings.map(
        ({ step, count }) =>
          html`<tr><td class="name">${cut(codeLabel(step), NAME_CHARS)}</td><td>${step.outcome}</td><td class="num">${formatCount(count)}</td><td>${ACTOR_LABEL[step.actor]}</td><td class="prose">${cut(step.failureReason, PROSE_CHARS)}</td><td class="prose">${step.description}</td><td class="prose">${step.remediation}</td></tr>`,
      )}</tbody></table></div>`
}</section>`;
}

function footer(explanation: Explanation): Html {
  const { accounting } = explanation;
  const shownWithFlows = shownWithFlow(explanation.flows);
  return html`<footer><p>Made by ${explanation.tool.name} ${explanation.tool.version} with error-code catalog ${explanation.tool.catalogVersion}, ${formatInstant(explanation.generatedAt)}. Times are UTC.</p>
<p>Rows read: ${formatCount(accounting.rowsRead)}; ${count(accounting.signIns, 'sign-in')} in the window and filters, ${
    explanation.findings === null ? 'detections left out' : 'all of them seen by the detections'
  }.${shownWithFlows === 0 ? null : html` Of the sign-ins shown, ${formatCount(shownWithFlows)} ${shownWithFlows === 1 ? 'is' : 'are'} outside the window or filters and shown with ${shownWithFlows === 1 ? 'its flow' : 'their flows'}.`} Inputs:</p>
<ul>${explanation.inputs.map((input) => html`<li>${input.path} (${input.format}, ${count(input.signIns, 'sign-in')})</li>`)}</ul>
${explanation.warnings.length === 0 ? null : html`<p>Warnings:</p><ul>${explanation.warnings.map((warning) => html`<li>${warning.message}</li>`)}</ul>`}
</footer>`;
}
