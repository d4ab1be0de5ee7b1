// Owns the HTML format: one self-contained page to attach, archive or open offline. Inline CSS and SVG only, no
// URL of any kind, a Content-Security-Policy that allows exactly the page's own stylesheet and sorting script by
// their hashes, and everything readable with scripts off. The page reads top down as a manager would: headline
// numbers, what to act on, who acts, charts, then the detail tables; light and dark, and A4 print.

import { hourOfWeekLabel } from '../../analyze/dimensions.js';
import type { MfaMethods, Report } from '../../analyze/types.js';
import { categoryInfo } from '../../catalog/categories.js';
import { CATEGORIES, type Category } from '../../catalog/types.js';
import type { Delta } from '../../view/compare.js';
import type { Comparison, ReportView } from '../../view/index.js';
import { KIND_OF_DIMENSION, type PrivateKind } from '../../view/privacy.js';
import { count, formatCount, formatInstant, formatPercent } from '../format.js';
import { changeCell, comparisonTitle, headline, rowsRead } from '../sections.js';
import { codesChart, type DailyChart, dailyChart, dailyLegend, deltaChart, type HourCell, heatMap, legacyChart, noChart } from './charts.js';
import { type Html, html } from './markup.js';
import { htmlPage } from './page.js';
import { SORT_SCRIPT } from './script.js';
import { categoryCards, codesTable, entityTable, findingCards, mfaMethodsTable, shownOf, TABLE_DIMENSIONS } from './tables.js';

const MS_PER_DAY = 86_400_000;
/** A daily chart over a longer window shows only the days from the first to the last sign-in. */
const MAX_WINDOW_DAYS = 92;
const HEAT_LEVELS = 5;

export function renderHtml(view: ReportView): string {
  const { report } = view;
  const title = view.period === null ? 'Sign-in report' : `Sign-in report ${view.period.label}`;
  const main = html`${header(view, title)}
${actNow(view)}
<section id="who-acts" aria-labelledby="h-who-acts"><h2 id="h-who-acts">Who acts and what to do</h2>
<p class="note">${shownOf(report.byCategory.length, report.distinct.category, 'categories')} of failures and interruptions, most first.</p>
${categoryCards(report.byCategory)}</section>
${charts(view)}
${comparisonSection(view)}
${details(report, view.privacy?.redacted ?? [])}
${footer(report)}`;
  return htmlPage({ title, tool: report.tool, main, script: SORT_SCRIPT });
}

function header(view: ReportView, title: string): Html {
  const { report, comparison } = view;
  const { totals, legacyProtocols } = report;
  // More failures is worse (red), fewer better (green); more or fewer sign-ins is neither.
  const change = (delta: Delta | undefined, judged: boolean): Html | null =>
    delta === undefined
      ? null
      : html`<span class="detail"><span class="${judged ? direction(delta.change) : 'same'}">${changeCell(delta)}</span> vs before</span>`;
  const kpi = (id: string, label: string, value: number, detail: string, delta?: Delta): Html =>
    html`<li class="kpi" id="kpi-${id}"><span class="label">${label}</span><span class="number" data-value="${value}">${formatCount(value)}</span><span class="detail">${detail}</span>${change(
      delta,
      id !== 'sign-ins',
    )}</li>`;
  const rate = comparison?.totals.failureRate;
  return html`<header><h1>${title}</h1>
<p class="muted" id="headline">${headline(report)}</p>
<ul class="kpis" aria-label="Headline numbers">
${kpi('sign-ins', 'Sign-ins', totals.signIns, `${count(totals.users, 'user')}, ${count(totals.apps, 'application')}`, comparison?.totals.signIns)}
${kpi('failures', 'Failed', totals.failure, `${formatPercent(totals.failure, totals.signIns)} of sign-ins`, comparison?.totals.failures)}
${kpi('interrupted', 'Interrupted', totals.interrupted, `${formatPercent(totals.interrupted, totals.signIns)}: MFA and other prompts`, comparison?.totals.interrupted)}
${kpi('successes', 'Succeeded', totals.success, `${formatPercent(totals.success, totals.signIns)} of sign-ins`)}
${kpi(
  'legacy',
  'Legacy protocols',
  legacyProtocols.signIns,
  legacyProtocols.signIns === 0 ? 'no basic-authentication sign-ins' : `${formatCount(legacyProtocols.failures)} failed; they cannot do MFA`,
)}
</ul>
${rate === undefined ? null : html`<p class="note" id="rate-change">Failure rate ${rate.now}%, before ${rate.before}%: <span class="${direction(rate.change)}">${points(rate.change)}</span>.</p>`}
</header>`;
}

/** `▲ +1.5 percentage points`, `▼ -2 percentage points`, `unchanged`. */
function points(change: number): string {
  if (change === 0) return 'unchanged';
  return `${change > 0 ? '▲ +' : '▼ '}${change} percentage points`;
}

function direction(change: number): string {
  return change > 0 ? 'up' : change < 0 ? 'down' : 'same';
}

/** Findings from the detections and crossed --fail-on rules: shown only when the run had either. */
function actNow(view: ReportView): Html | null {
  const crossed = view.thresholds?.outcomes.filter((outcome) => outcome.crossed) ?? [];
  if (view.findings === undefined && view.thresholds === null) return null;
  return html`<section id="act-now" aria-labelledby="h-act-now"><h2 id="h-act-now">Act now</h2>
${view.findings === undefined ? null : findingCards(view.findings)}
${
  view.thresholds === null
    ? null
    : html`<h3>Thresholds (--fail-on)</h3>${
        crossed.length === 0
          ? html`<p id="thresholds">None of ${view.thresholds.outcomes.length} crossed.</p>`
          : html`<ul id="thresholds">${crossed.map((outcome) => html`<li><span class="crossed">Crossed: ${outcome.rule}</span>. ${outcome.message}</li>`)}</ul>`
      }`
}</section>`;
}

function charts(view: ReportView): Html {
  const { report } = view;
  const daily = dailyData(view);
  const legacy = report.byEntity['client-app'].filter((row) => row.legacy === true);
  const hours = hourCells(report);
  return html`<section id="charts" aria-labelledby="h-charts"><h2 id="h-charts">Trends and patterns</h2>
<figure class="chart-block" id="chart-daily"><h3>Failures and interruptions per day, by category</h3>
${daily === null ? noChart('No sign-ins to chart.') : html`${dailyChart(daily)}${dailyLegend(daily)}${dailyTable(daily)}`}</figure>
<figure class="chart-block" id="chart-codes"><h3>Top error codes</h3>
${
  report.byCode.length === 0
    ? noChart('No failures or interruptions.')
    : html`${codesChart(report.byCode)}<ul class="legend"><li><span class="swatch outcome-failure"></span>failure</li><li><span class="swatch outcome-interrupted"></span>interrupted (a prompt, not an error)</li></ul>`
}</figure>
<figure class="chart-block" id="chart-hours"><h3>Failures by hour of the day (UTC) and weekday</h3>
${heatMap(hours, HEAT_LEVELS)}<p class="note">Each cell counts the failures in that hour on that weekday over the whole report; darker is more.</p></figure>
<figure class="chart-block" id="chart-legacy"><h3>Legacy protocols</h3>
${
  legacy.length === 0
    ? noChart('No sign-ins through legacy protocols (IMAP, POP, SMTP, ActiveSync and other basic authentication).')
    : html`${legacyChart(legacy)}<ul class="legend"><li><span class="swatch signins"></span>sign-ins</li><li><span class="swatch failures"></span>failed</li></ul><p class="note">Basic authentication cannot do MFA: block it with Conditional Access once nobody needs it.</p>`
}</figure>
</section>`;
}

/** The report's days from the start of its window (or first sign-in) to its end, stacked by category. */
function dailyData(view: ReportView): DailyChart | null {
  const { report, comparison } = view;
  const { period } = report;
  if (period.firstSignIn === null || period.lastSignIn === null) return null;
  let start = dayOf(period.since ?? period.firstSignIn);
  let end = period.until === null ? dayOf(period.lastSignIn) : dayOf(new Date(period.until.getTime() - 1));
  if (end - start >= MAX_WINDOW_DAYS) {
    start = dayOf(period.firstSignIn);
    end = dayOf(period.lastSignIn);
  }
  const rows = new Map(report.byEntity.day.map((row) => [row.key, row]));
  const days = Array.from({ length: end - start + 1 }, (_unused, i) => {
    const day = dayText(start + i);
    return { day, parts: rows.get(day)?.categories ?? [] };
  });
  // Bottom to top as the report orders categories (most first), then any category only the days have.
  const seen = new Set(days.flatMap((day) => day.parts.map((part) => part.category)));
  const order = [
    ...report.byCategory.map((row) => row.category).filter((category) => seen.has(category)),
    ...CATEGORIES.filter((category) => seen.has(category) && !report.byCategory.some((row) => row.category === category)),
  ];
  const titles = new Map(report.byCategory.map((row) => [row.category, row.title]));
  return {
    days,
    order,
    titleOf: (category) => titles.get(category) ?? categoryInfo(category).title,
    earlier: comparison === null ? null : earlierSeries(comparison, days.length),
  };
}

/** The earlier period's failures and interrupts on its first, second, ... day, as many days as this chart has. */
function earlierSeries(comparison: Comparison, length: number): DailyChart['earlier'] {
  const days = comparison.earlierDays;
  const { against } = comparison;
  if (days.length === 0) return null;
  const start = against.since === null ? dayNumber(days[0]!.day) : dayOf(against.since);
  const end = against.until === null ? dayNumber(days.at(-1)!.day) + 1 : dayOf(new Date(against.until.getTime() - 1)) + 1;
  const counts = new Map(days.map((day) => [dayNumber(day.day), day.failures + day.interrupted]));
  const span = Math.min(length, end - start);
  const label = against.label ?? (against.source === 'baseline' ? 'the baseline' : 'the period before');
  return { label, counts: Array.from({ length: Math.max(0, span) }, (_unused, i) => counts.get(start + i) ?? 0) };
}

function dayOf(date: Date): number {
  return Math.floor(date.getTime() / MS_PER_DAY);
}

function dayNumber(day: string): number {
  return dayOf(new Date(`${day}T00:00:00Z`));
}

function dayText(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function dailyTable(chart: DailyChart): Html {
  return html`<details><summary>The numbers</summary><div class="scroll"><table id="daily-numbers"><caption>Failures and interruptions per day and category</caption><thead><tr><th scope="col">Day</th>${chart.order.map(
    (category) => html`<th scope="col" class="num">${chart.titleOf(category)}</th>`,
  )}<th scope="col" class="num">Total</th>${chart.earlier === null ? null : html`<th scope="col" class="num">${chart.earlier.label}</th>`}</tr></thead><tbody>${chart.days.map(
    (day, i) => {
      const countOf = (category: Category): number => day.parts.find((part) => part.category === category)?.count ?? 0;
      const total = day.parts.reduce((sum, part) => sum + part.count, 0);
      return html`<tr data-key="${day.day}"><th scope="row">${day.day}</th>${chart.order.map((category) => html`<td class="num">${formatCount(countOf(category))}</td>`)}<td class="num" data-sort="${total}">${formatCount(total)}</td>${
        chart.earlier === null ? null : html`<td class="num">${i < chart.earlier.counts.length ? formatCount(chart.earlier.counts[i]!) : '-'}</td>`
      }</tr>`;
    },
  )}</tbody></table></div></details>`;
}

/** The 168 hours of the week, Monday 00:00 first; hours without sign-ins are zero. */
function hourCells(report: Report): HourCell[] {
  const rows = new Map(report.byEntity['hour-of-week'].map((row) => [row.key, row]));
  return Array.from({ length: 168 }, (_unused, hour) => {
    const row = rows.get(hourOfWeekLabel(hour));
    return { failures: row?.failures ?? 0, signIns: row?.signIns ?? 0 };
  });
}

function comparisonSection(view: ReportView): Html | null {
  const { comparison } = view;
  if (comparison === null) return null;
  const { totals } = comparison;
  // Categories are in every report this version reads as a baseline, so they are always compared.
  const categories = comparison.dimensions.category!;
  const row = (measure: string, delta: Delta): Html =>
    html`<tr><th scope="row">${measure}</th><td class="num">${formatCount(delta.now)}</td><td class="num">${formatCount(delta.before)}</td><td class="num ${direction(delta.change)}">${changeCell(delta)}</td></tr>`;
  const titleOf = (key: string): string => ((CATEGORIES as readonly string[]).includes(key) ? categoryInfo(key as Category).title : key);
  return html`<section id="comparison" aria-labelledby="h-comparison"><h2 id="h-comparison">Change since the earlier period</h2>
<p class="note">${comparisonTitle(comparison, view.period)}. ▲ more than before, ▼ fewer.</p>
<div class="scroll"><table id="change-totals"><caption>Totals now and before</caption><thead><tr><th scope="col">Measure</th><th scope="col" class="num">Now</th><th scope="col" class="num">Before</th><th scope="col" class="num">Change</th></tr></thead><tbody>
${row('Sign-ins', totals.signIns)}${row('Failures', totals.failures)}${row('Interrupted', totals.interrupted)}</tbody></table></div>
<figure class="chart-block" id="chart-change"><h3>Change per category</h3>
${categories.rows.length === 0 ? noChart('Nothing counted either time.') : deltaChart(categories.rows, titleOf)}
<p class="note">${shownOf(categories.rows.length, categories.total, 'categories')} by size of change: ${categories.counts.new} new, ${categories.counts.gone} gone, ${categories.counts.up} up, ${categories.counts.down} down.</p></figure>
</section>`;
}

function details(report: Report, redacted: readonly PrivateKind[]): Html {
  return html`<section id="details" aria-labelledby="h-details"><h2 id="h-details">Details</h2>
<p class="note">Click a column header to sort (with scripts on); without scripts, each table is sorted as the report sorts it.</p>
<h3>Error codes</h3>${report.byCode.length === 0 ? html`<p class="empty">No failures or interruptions.</p>` : codesTable(report.byCode, report.distinct.code)}
${TABLE_DIMENSIONS.map((id) => {
  const rows = report.byEntity[id];
  const heading = { user: 'Users', app: 'Applications', 'client-app': 'Client apps', country: 'Countries', ip: 'IP addresses' }[id];
  const kind = KIND_OF_DIMENSION[id];
  // A redacted list has no rows to show, though there were sign-ins: say so, and how many there were.
  const empty =
    kind !== undefined && redacted.includes(kind)
      ? html`<p class="empty">Redacted (--redact ${kind}): ${formatCount(report.distinct[id])} of them.</p>`
      : html`<p class="empty">No sign-ins.</p>`;
  return html`<h3>${heading}</h3>${rows.length === 0 ? empty : entityTable(id, rows, report.distinct[id])}`;
})}${report.mfaMethods === undefined ? null : mfaMethodsBlock(report.mfaMethods)}
</section>`;
}

/** The MFA methods under Details, when authentication details were given. */
function mfaMethodsBlock(methods: MfaMethods): Html {
  return html`
<h3>MFA methods</h3>${methods.rows.length === 0 ? html`<p class="empty">No sign-in of this report has an MFA step in the authentication details.</p>` : mfaMethodsTable(methods)}`;
}

function footer(report: Report): Html {
  return html`<footer><p>Made by ${report.tool.name} ${report.tool.version} with error-code catalog ${report.tool.catalogVersion}, ${formatInstant(report.generatedAt)}. Times are UTC.</p>
<p>Rows read: ${rowsRead(report.accounting, report.inputs)}. Inputs:</p>
<ul>${report.inputs.map((input) => html`<li>${input.path} (${input.format}, ${count(input.signIns, 'sign-in')})</li>`)}</ul>
${report.warnings.length === 0 ? null : html`<p>Warnings:</p><ul>${report.warnings.map((warning) => html`<li>${warning.message}</li>`)}</ul>`}
</footer>`;
}
