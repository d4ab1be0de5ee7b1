// Owns the HTML report's charts as inline SVG text: failures per day stacked by category (with the earlier
// period as a line), top error codes, failures by hour and weekday, legacy protocols and the change per
// category. Scales, ticks, stacks and paths come from d3 (d3-scale, d3-shape, d3-array), run here when the
// report is written; the page itself runs no chart code. Each chart is an `img` with a label and a title,
// every mark has a <title> with its numbers, and colour is never the only carrier: labels, marks and the
// number tables beside the charts say the same.

import { max } from 'd3-array';
import { scaleBand, scaleLinear, scaleQuantize } from 'd3-scale';
import { line, stack } from 'd3-shape';
import type { CodeRow, EntityRow } from '../../analyze/types.js';
import type { Category } from '../../catalog/types.js';
import type { DeltaRow } from '../../view/compare.js';
import { count, formatCount } from '../format.js';
import { truncate } from '../../text.js';
import { changeCell } from '../sections.js';
import { type Html, html } from './markup.js';

const WIDTH = 720;
/** Coordinates to one decimal: enough for a screen and a printer, and short in the file. */
const at = (value: number): number => Math.round(value * 10) / 10;

function figure(label: string, height: number, body: Html): Html {
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${at(height)}" role="img" aria-label="${label}"><title>${label}</title>${body}</svg>`;
}

interface DayStack {
  /** `2026-11-09` */
  readonly day: string;
  readonly parts: readonly { readonly category: Category; readonly count: number }[];
}

export interface DailyChart {
  readonly days: readonly DayStack[];
  /** Categories bottom to top: the legend's order. */
  readonly order: readonly Category[];
  readonly titleOf: (category: Category) => string;
  /** The earlier period's count on the same day of its period, or null where it had none; null when not comparing. */
  readonly earlier: { readonly label: string; readonly counts: readonly number[] } | null;
}

/** Failures and interrupts per day, one bar per day stacked by category, the earlier period as a dashed line. */
export function dailyChart(chart: DailyChart): Html {
  const height = 250;
  const margin = { top: 12, right: 12, bottom: 40, left: 44 };
  const rows = chart.days.map((day) => Object.fromEntries([['day', day.day], ...day.parts.map((part) => [part.category, part.count])]));
  const series = stack<Record<string, string | number>, Category>()
    .keys(chart.order)
    .value((row, key) => Number(row[key] ?? 0))(rows);
  const totals = chart.days.map((day) => day.parts.reduce((sum, part) => sum + part.count, 0));
  const top = Math.max(1, max(totals) ?? 0, max(chart.earlier?.counts ?? []) ?? 0);
  const x = scaleBand<string>()
    .domain(chart.days.map((day) => day.day))
    .range([margin.left, WIDTH - margin.right])
    .padding(0.2);
  const y = scaleLinear()
    .domain([0, top])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const every = Math.ceil(chart.days.length / 14);
  const bars = series.map(
    (layer) =>
      html`<g class="cat-${layer.key}">${layer.map((point, i) => {
        const count = point[1] - point[0];
        if (count === 0) return null;
        const day = chart.days[i]!.day;
        return html`<rect class="bar" x="${at(x(day)!)}" y="${at(y(point[1]))}" width="${at(x.bandwidth())}" height="${at(y(point[0]) - y(point[1]))}"><title>${day}: ${chart.titleOf(layer.key)}, ${formatCount(count)}</title></rect>`;
      })}</g>`,
  );
  const totalLabels = chart.days.map((day, i) =>
    totals[i]! > 0 && chart.days.length <= 31
      ? html`<text class="value" x="${at(x(day.day)! + x.bandwidth() / 2)}" y="${at(y(totals[i]!) - 3)}" text-anchor="middle">${formatCount(totals[i]!)}</text>`
      : null,
  );
  let earlier: Html | null = null;
  if (chart.earlier !== null) {
    const counts = chart.earlier.counts;
    const centre = (i: number): number => x(chart.days[i]!.day)! + x.bandwidth() / 2;
    const path = line<number>()
      .x((_count, i) => at(centre(i)))
      .y((count) => at(y(count)))(counts.slice(0, chart.days.length));
    earlier = html`<g class="earlier"><path d="${path ?? ''}"/>${counts
      .slice(0, chart.days.length)
      .map(
        (count, i) =>
          html`<circle cx="${at(centre(i))}" cy="${at(y(count))}" r="3"><title>${chart.earlier!.label}, day ${i + 1}: ${formatCount(count)}</title></circle>`,
      )}</g>`;
  }
  const axis = html`<g class="axis">${y
    .ticks(4)
    .map(
      (tick) =>
        html`<line class="grid" x1="${margin.left}" x2="${WIDTH - margin.right}" y1="${at(y(tick))}" y2="${at(y(tick))}"/><text x="${margin.left - 6}" y="${at(y(tick) + 4)}" text-anchor="end">${formatCount(tick)}</text>`,
    )}${chart.days.map((day, i) =>
    i % every === 0
      ? html`<text x="${at(x(day.day)! + x.bandwidth() / 2)}" y="${height - margin.bottom + 16}" text-anchor="middle">${weekday(day.day)}<tspan x="${at(x(day.day)! + x.bandwidth() / 2)}" dy="13">${day.day.slice(5)}</tspan></text>`
      : null,
  )}</g>`;
  const label = `Failures and interruptions per day by category, ${chart.days[0]?.day ?? ''} to ${chart.days.at(-1)?.day ?? ''}${chart.earlier === null ? '' : `, with ${chart.earlier.label} as a dashed line`}`;
  return figure(label, height, html`${axis}${bars}${totalLabels}${earlier}`);
}

function weekday(day: string): string {
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(`${day}T00:00:00Z`).getUTCDay()]!;
}

/** The legend of the daily chart: a swatch and the title per category, and the earlier period's line. */
export function dailyLegend(chart: DailyChart): Html {
  return html`<ul class="legend">${[...chart.order]
    .reverse()
    .map((category) => html`<li><span class="swatch cat-${category}"></span>${chart.titleOf(category)}</li>`)}${
    chart.earlier === null ? null : html`<li><span class="swatch earlier-swatch"></span>${chart.earlier.label} (dashed line)</li>`
  }</ul>`;
}

const LABEL_WIDTH = 250;

interface RankedBar {
  readonly label: Html | string;
  readonly value: number;
  /** A part of the value drawn over its bar (failures of the sign-ins), or none. */
  readonly part?: number;
  /** The text after the bar; the value by default. */
  readonly text?: string;
  readonly className: string;
  readonly title: string;
}

/** Horizontal bars with a label column and the value after each bar: the shape of the ranked charts. */
function rankedBars(label: string, rows: readonly RankedBar[], textWidth: number): Html {
  const rowHeight = 24;
  const height = rows.length * rowHeight + 8;
  const x = scaleLinear()
    .domain([0, Math.max(1, max(rows, (row) => row.value) ?? 0)])
    .range([0, WIDTH - LABEL_WIDTH - textWidth]);
  const marks = rows.map((row, i) => {
    const top = 4 + i * rowHeight;
    const part =
      row.part === undefined
        ? null
        : html`<rect class="bar part" x="${LABEL_WIDTH}" y="${top + 7}" width="${at(x(row.part))}" height="${rowHeight - 14}"><title>${row.title}</title></rect>`;
    return html`<g class="${row.className}"><text class="label" x="${LABEL_WIDTH - 8}" y="${top + 16}" text-anchor="end">${row.label}</text><rect class="bar" x="${LABEL_WIDTH}" y="${top + 3}" width="${at(Math.max(1, x(row.value)))}" height="${rowHeight - 6}"><title>${row.title}</title></rect>${part}<text class="value" x="${at(LABEL_WIDTH + x(row.value) + 6)}" y="${top + 16}">${row.text ?? formatCount(row.value)}</text></g>`;
  });
  return figure(label, height, html`${marks}`);
}

/** The top codes by count, bars marked failure or interrupted (legend and title say which). */
export function codesChart(codes: readonly CodeRow[]): Html {
  return rankedBars(
    `Top ${codes.length} error codes by failures and interruptions`,
    codes.map((row) => ({
      label: html`${row.code} ${truncate(row.catalogued ? row.name : 'not in catalog', 26)}`,
      value: row.count,
      className: `outcome-${row.outcome}`,
      title: `${row.code} ${row.name}: ${formatCount(row.count)} (${row.outcome})`,
    })),
    70,
  );
}

/** Sign-ins through legacy protocols per client app, the failed ones drawn over them. */
export function legacyChart(clientApps: readonly EntityRow[]): Html {
  return rankedBars(
    'Sign-ins through legacy protocols per client app, with the failed ones',
    clientApps.map((row) => ({
      label: truncate(row.key, 30),
      value: row.signIns,
      part: row.failures,
      text: `${formatCount(row.failures)} of ${formatCount(row.signIns)} failed`,
      className: 'legacy',
      title: `${row.key}: ${count(row.signIns, 'sign-in')}, ${formatCount(row.failures)} failed`,
    })),
    130,
  );
}

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export interface HourCell {
  readonly failures: number;
  readonly signIns: number;
}

/** Failures per hour of the week: 7 rows (Monday first) of 24 cells, darker for more, each with its count. */
export function heatMap(cells: readonly HourCell[], levels: number): Html {
  const left = 40;
  const top = 18;
  const size = (WIDTH - left - 4) / 24;
  const rowHeight = 24;
  const most = max(cells, (cell) => cell.failures) ?? 0;
  const level = scaleQuantize<number>()
    .domain([0, Math.max(1, most)])
    .range(Array.from({ length: levels }, (_unused, i) => i + 1));
  const marks = cells.map((cell, hour) => {
    const row = Math.floor(hour / 24);
    const column = hour % 24;
    const shade = cell.failures === 0 ? 0 : level(cell.failures);
    const x = at(left + column * size);
    const y = top + row * rowHeight;
    const title = `${WEEKDAY_NAMES[row]} ${String(column).padStart(2, '0')}:00 UTC: ${formatCount(cell.failures)} failed of ${count(cell.signIns, 'sign-in')}`;
    return html`<g class="cell h${shade}"><rect x="${x}" y="${y}" width="${at(size - 2)}" height="${rowHeight - 2}"><title>${title}</title></rect>${
      cell.failures > 0 ? html`<text x="${at(x + (size - 2) / 2)}" y="${y + 15}" text-anchor="middle">${compact(cell.failures)}</text>` : null
    }</g>`;
  });
  const hours = Array.from({ length: 24 }, (_unused, hour) =>
    hour % 3 === 0 ? html`<text x="${at(left + hour * size + (size - 2) / 2)}" y="12" text-anchor="middle">${String(hour).padStart(2, '0')}</text>` : null,
  );
  const days = WEEKDAY_NAMES.map((name, row) => html`<text x="${left - 6}" y="${top + row * rowHeight + 15}" text-anchor="end">${name}</text>`);
  return figure(
    'Failures by hour of the day (UTC) and weekday, darker for more; each cell shows its count',
    top + 7 * rowHeight + 4,
    html`<g class="axis">${hours}${days}</g>${marks}`,
  );
}

/** A count that fits a heat-map cell: `999`, `1.2k`, `34k`, `1.2M` (the cell's title has it exactly). */
function compact(count: number): string {
  if (count < 1000) return String(count);
  const [value, unit] = count < 1_000_000 ? [count / 1000, 'k'] : [count / 1_000_000, 'M'];
  return `${value < 10 ? Math.floor(value * 10) / 10 : Math.floor(value)}${unit}`;
}

/** The change per category: bars right for more than before (▲), left for fewer (▼), the change written beside. */
export function deltaChart(rows: readonly DeltaRow[], titleOf: (key: string) => string): Html {
  const rowHeight = 24;
  const height = rows.length * rowHeight + 8;
  const widest = Math.max(1, max(rows, (row) => Math.abs(row.change)) ?? 0);
  const centre = LABEL_WIDTH + (WIDTH - LABEL_WIDTH) / 2;
  const x = scaleLinear()
    .domain([0, widest])
    .range([0, (WIDTH - LABEL_WIDTH) / 2 - 110]);
  const marks = rows.map((row, i) => {
    const top = 4 + i * rowHeight;
    const length = Math.max(row.change === 0 ? 0 : 1, x(Math.abs(row.change)));
    const up = row.change > 0;
    const change = changeCell(row);
    return html`<g class="${row.change === 0 ? 'same' : up ? 'up' : 'down'}"><text class="label" x="${LABEL_WIDTH - 8}" y="${top + 16}" text-anchor="end">${truncate(titleOf(row.key), 30)}</text><rect class="bar" x="${at(up ? centre : centre - length)}" y="${top + 3}" width="${at(length)}" height="${rowHeight - 6}"><title>${titleOf(row.key)}: ${formatCount(row.before)} before, ${formatCount(row.now)} now, ${change}</title></rect><text class="value" x="${at(up ? centre + length + 6 : centre - length - 6)}" y="${top + 16}" text-anchor="${up ? 'start' : 'end'}">${change}</text></g>`;
  });
  const axis = html`<line class="zero" x1="${at(centre)}" x2="${at(centre)}" y1="0" y2="${height}"/>`;
  return figure('Change in failures and interruptions per category since the earlier period: ▲ more, ▼ fewer', height, html`${axis}${marks}`);
}

/** An empty chart's place: a sentence, so the section still says what it would show. */
export function noChart(text: string): Html {
  return html`<p class="empty">${text}</p>`;
}
