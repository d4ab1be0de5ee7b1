// Owns the HTML report's tables and cards: the findings to act on, the categories with who acts and what to do,
// and the tables of codes, users, applications, client apps, countries, IP addresses and MFA methods. Every table has a
// caption and column headers; number cells carry their raw value (data-sort) for sorting; long log values are
// cut with the whole value in a title. Every value goes through the escaping `html` tag.

import type { CategoryRow, CodeRow, EntityRow, MfaMethodRow, MfaMethods } from '../../analyze/types.js';
import type { EntityDimensionId } from '../../analyze/dimensions.js';
import type { Finding } from '../../view/index.js';
import { ACTOR_LABEL, count, formatCount, formatInstant, formatRate, formatSpan, formatTopCodes } from '../format.js';
import { truncate } from '../../text.js';
import { type Html, html, type Value, cut } from './markup.js';

/** Longest name shown in a table cell before it is cut (the title keeps the whole). */
const NAME_CHARS = 60;

interface Column<T> {
  readonly header: string;
  /** Right-aligned and sorted as a number. */
  readonly number?: (row: T) => number;
  /** How the number is shown; counts by default. */
  readonly format?: (value: number) => string;
  readonly text?: (row: T) => Value;
  /** How the cell is laid out: our own longer texts (`prose`), a name from the log, a short key kept on one line. */
  readonly kind?: 'prose' | 'name' | 'key';
}

/** A row's key as the page keeps it (data-key), cut so one huge value cannot bloat the page. */
const KEY_CHARS = 200;

function table<T>(id: string, caption: string, columns: readonly Column<T>[], rows: readonly T[], key: (row: T) => string | number): Html {
  const head = columns.map((column) => html`<th scope="col"${column.number === undefined ? '' : html` class="num"`}>${column.header}</th>`);
  const body = rows.map(
    (row) =>
      html`<tr data-key="${truncate(String(key(row)), KEY_CHARS)}">${columns.map((column) => {
        if (column.number !== undefined) {
          const value = column.number(row);
          return html`<td class="num" data-sort="${value}">${(column.format ?? formatCount)(value)}</td>`;
        }
        return html`<td${column.kind === undefined ? '' : html` class="${column.kind}"`}>${column.text?.(row)}</td>`;
      })}</tr>`,
  );
  return html`<div class="scroll"><table id="${id}" class="sortable"><caption>${caption}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** `top 10 of 57` or `all 9`. */
export function shownOf(shown: number, total: number, what: string): string {
  return shown < total ? `Top ${formatCount(shown)} of ${formatCount(total)} ${what}` : `All ${formatCount(total)} ${what}`;
}

export function codesTable(rows: readonly CodeRow[], total: number): Html {
  return table<CodeRow>(
    'codes',
    `${shownOf(rows.length, total, 'error codes')}, by failures and interruptions`,
    [
      { header: 'Code', kind: 'key', text: (row) => row.code },
      { header: 'Name', kind: 'name', text: (row) => (row.catalogued ? cut(row.name || '-', NAME_CHARS) : '(not in catalog)') },
      { header: 'Outcome', text: (row) => row.outcome },
      { header: 'Count', number: (row) => row.count },
      { header: 'Users', number: (row) => row.users },
      { header: 'Apps', number: (row) => row.apps },
      {
        header: 'Description',
        kind: 'prose',
        // For a code the catalog does not know, the log's own text is the best description there is.
        text: (row) => (row.catalogued || row.failureReason === '' ? row.description : html`Log says: ${cut(row.failureReason, 300)}`),
      },
      { header: 'What to do', kind: 'prose', text: (row) => row.remediation },
    ],
    rows,
    (row) => row.code,
  );
}

const ENTITY_TITLES = {
  user: ['users', 'User'],
  app: ['applications', 'Application'],
  'client-app': ['client apps', 'Client app'],
  country: ['countries', 'Country'],
  ip: ['IP addresses', 'IP address'],
} as const satisfies Partial<Record<EntityDimensionId, readonly [string, string]>>;

export type TableDimension = keyof typeof ENTITY_TITLES;
export const TABLE_DIMENSIONS = Object.keys(ENTITY_TITLES) as readonly TableDimension[];

export function entityTable(id: TableDimension, rows: readonly EntityRow[], total: number): Html {
  const [plural, header] = ENTITY_TITLES[id];
  const columns: Column<EntityRow>[] = [
    { header, kind: 'name', text: (row) => html`${cut(row.key, NAME_CHARS)}${row.legacy === true ? html` <span class="tag">legacy</span>` : ''}` },
    { header: 'Sign-ins', number: (row) => row.signIns },
    { header: 'Failures', number: (row) => row.failures },
    { header: 'Interrupted', number: (row) => row.interrupted },
    { header: 'Failure rate', number: (row) => row.failureRate, format: formatRate },
    ...(id === 'user' ? [] : [{ header: 'Users', number: (row: EntityRow) => row.users }]),
    { header: 'Top codes', kind: 'name', text: (row) => formatTopCodes(row.topCodes) },
  ];
  return table<EntityRow>(`by-${id}`, `${shownOf(rows.length, total, plural)}, most failures first`, columns, rows, (row) => row.key);
}

/** How the counted sign-ins' MFA steps ended, per method (with authentication details only). */
export function mfaMethodsTable(methods: MfaMethods): Html {
  return table<MfaMethodRow>(
    'mfa-methods',
    `${formatCount(methods.signIns)} ${methods.signIns === 1 ? 'sign-in' : 'sign-ins'} with an MFA step, of ${formatCount(methods.requests)} in the authentication details, by method`,
    [
      { header: 'Method', kind: 'name', text: (row) => cut(row.method, NAME_CHARS) },
      { header: 'Steps', number: (row) => row.steps },
      { header: 'Succeeded', number: (row) => row.succeeded },
      { header: 'Failed', number: (row) => row.failed },
      { header: 'Most frequent failure', kind: 'name', text: (row) => cut(row.topFailure || 'none', 300) },
    ],
    methods.rows,
    (row) => row.method,
  );
}

/** One card per category: who acts, the counts, and what to do. */
export function categoryCards(rows: readonly CategoryRow[]): Html {
  if (rows.length === 0) return html`<p class="empty">No failures or interruptions.</p>`;
  return html`<div class="cards">${rows.map(
    (row) =>
      html`<article class="card edge-${row.category}${row.actor === 'none' ? ' quiet' : ''}" id="category-${row.category}"><h3><span class="swatch cat-${row.category}"></span>${row.title}</h3><span class="who">Who acts: ${ACTOR_LABEL[row.actor]}</span><p class="counts"><span data-field="failures">${formatCount(row.failures)}</span> failed, <span data-field="interrupted">${formatCount(row.interrupted)}</span> interrupted, <span data-field="users">${formatCount(row.users)}</span> ${row.users === 1 ? 'user' : 'users'}${row.topCodes.length === 0 ? '' : ` · codes ${formatTopCodes(row.topCodes)}`}</p><p>${row.guidance}</p></article>`,
  )}</div>`;
}

/** The findings, most urgent first as the detections give them, each with why, what to do and its evidence. */
export function findingCards(findings: readonly Finding[]): Html {
  if (findings.length === 0) return html`<p class="empty" id="no-findings">No findings: no detection matched these sign-ins.</p>`;
  return html`<div class="cards findings">${findings.map((finding) => {
    const entity = [
      finding.entity.user === undefined ? null : html`user <strong>${cut(finding.entity.user, NAME_CHARS)}</strong>`,
      finding.entity.ip === undefined ? null : html`IP <strong>${finding.entity.ip}</strong>`,
      finding.entity.app === undefined ? null : html`app <strong>${cut(finding.entity.app, NAME_CHARS)}</strong>`,
    ].filter((part) => part !== null);
    const { counts } = finding;
    return html`<article class="card finding ${finding.severity}"><p><span class="severity ${finding.severity}">${finding.severity}</span> <span class="muted">${finding.kind}</span></p><h3>${finding.title}</h3>${
      entity.length === 0 ? null : html`<p>${entity.map((part, i) => html`${i === 0 ? '' : ', '}${part}`)}</p>`
    }<p class="counts">${formatSpan(finding.first, finding.last)} · ${count(counts.attempts, 'attempt')}, ${count(counts.users, 'user')}, ${count(counts.ips, 'IP')}, ${count(counts.apps, 'app')}, ${formatCount(counts.successes)} succeeded</p><p><strong>Why:</strong> ${finding.why}</p><p><strong>What to do:</strong> ${finding.action}</p>${evidence(finding)}</article>`;
  })}</div>`;
}

function evidence(finding: Finding): Html | null {
  if (finding.evidence.length === 0) return null;
  return html`<details><summary>Evidence (${count(finding.evidence.length, 'sign-in')})</summary><div class="scroll"><table><thead><tr><th scope="col">Time</th><th scope="col">User</th><th scope="col">IP</th><th scope="col">App</th><th scope="col">Code</th><th scope="col">Request ID</th></tr></thead><tbody>${finding.evidence.map(
    (item) =>
      html`<tr><td>${formatInstant(item.time)}</td><td>${cut(item.user, 40)}</td><td>${item.ip}</td><td>${cut(item.app, 40)}</td><td>${item.code}</td><td>${cut(item.requestId, 40)}</td></tr>`,
  )}</tbody></table></div></details>`;
}
