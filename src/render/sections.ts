// Owns what the human-readable formats show: the summary and the top-N sections, as plain-text cells.
// The table and Markdown renderers share it and differ only in how they draw and escape the cells.

import type { CategoryRow, CodeRow, EntityRow, Report } from '../analyze/types.js';
import { ACTOR_LABEL, formatCount, formatInstant, formatPercent, formatRate, formatTopCodes, neutralize, truncate } from './format.js';

export interface Column {
  readonly header: string;
  readonly align: 'left' | 'right';
  /** Longest cell in characters; longer values are cut with an ellipsis (or wrapped, see `wrap`). */
  readonly max: number;
  /** Our own prose (descriptions, guidance): wrapped in a terminal instead of cut. */
  readonly wrap?: boolean;
}

export interface Section {
  /** `changes` and `thresholds` are the scheduled-summary sections (src/schedule/render.ts). */
  readonly id: 'summary' | 'categories' | 'codes' | 'users' | 'apps' | 'changes' | 'thresholds';
  readonly title: string;
  /** One line under the title, e.g. `top 10 of 57`; empty for none. */
  readonly note: string;
  readonly columns: readonly Column[];
  /** Cells are raw text: renderers neutralise, escape and cut them. */
  readonly rows: readonly (readonly string[])[];
  /** Shown instead of an empty table. */
  readonly empty: string;
}

const NAME_WIDTH = 48;
const PROSE_WIDTH = 50;
/** Wrapped prose longer than this many column widths is cut: our own texts fit, a flood from the log does not. */
const WRAPPED_LINES = 12;

export function headline(report: Report): string {
  const { totals, period } = report;
  const span = period.firstSignIn === null ? 'no sign-ins' : `${formatInstant(period.firstSignIn)} to ${formatInstant(period.lastSignIn)}`;
  return `Sign-in failures: ${formatCount(totals.failure)} of ${formatCount(totals.signIns)} sign-ins failed (${span})`;
}

export function reportSections(report: Report): Section[] {
  return [summarySection(report), categorySection(report), codeSection(report), entitySection(report, 'users'), entitySection(report, 'apps')];
}

function summarySection(report: Report): Section {
  const { totals, accounting, period, legacyProtocols } = report;
  const rows: string[][] = [
    ['Sign-ins', formatCount(totals.signIns)],
    ['Failures', `${formatCount(totals.failure)} (${formatPercent(totals.failure, totals.signIns)})`],
    ['Interrupted', `${formatCount(totals.interrupted)} (${formatPercent(totals.interrupted, totals.signIns)})`],
    ['Successful', `${formatCount(totals.success)} (${formatPercent(totals.success, totals.signIns)})`],
    ['Users', formatCount(totals.users)],
    ['Applications', formatCount(totals.apps)],
  ];
  if (legacyProtocols.signIns > 0) {
    rows.push([
      'Legacy protocols',
      `${formatCount(legacyProtocols.signIns)} sign-ins, ${formatCount(legacyProtocols.failures)} failed (${legacyProtocols.clientApps.join(', ')})`,
    ]);
  }
  rows.push(['First sign-in', formatInstant(period.firstSignIn)], ['Last sign-in', formatInstant(period.lastSignIn)]);
  if (period.since !== null || period.until !== null) {
    rows.push(['Time filter', `${period.since === null ? 'any time' : `from ${formatInstant(period.since)}`}, ${period.until === null ? 'no end' : `before ${formatInstant(period.until)}`}`]);
  }
  const dropped = [
    [accounting.rejected, 'rejected'],
    [accounting.duplicates, 'duplicates'],
    [accounting.outsideWindow, 'outside the time filter'],
    [accounting.filteredOut, 'filtered out'],
  ] as const;
  const notCounted = dropped.filter(([count]) => count > 0).map(([count, what]) => `${formatCount(count)} ${what}`);
  rows.push(['Rows read', `${formatCount(accounting.rowsRead)}${notCounted.length === 0 ? '' : ` (${notCounted.join(', ')})`}`]);
  rows.push(['Inputs', report.inputs.map((input) => input.path).join(', ') || '-']);
  rows.push(['Catalog', report.tool.catalogVersion]);
  return {
    id: 'summary',
    title: 'Summary',
    note: '',
    columns: [
      { header: 'Measure', align: 'left', max: 20 },
      { header: 'Value', align: 'left', max: 100, wrap: true },
    ],
    rows,
    empty: '',
  };
}

function categorySection(report: Report): Section {
  return {
    id: 'categories',
    title: 'Categories: who acts and what to do',
    note: topNote(report.byCategory.length, report.distinct.category),
    columns: [
      { header: 'Category', align: 'left', max: 40 },
      { header: 'Who acts', align: 'left', max: 18 },
      { header: 'Failures', align: 'right', max: 12 },
      { header: 'Interrupted', align: 'right', max: 12 },
      { header: 'Users', align: 'right', max: 10 },
      { header: 'What to do', align: 'left', max: PROSE_WIDTH, wrap: true },
    ],
    rows: report.byCategory.map((row: CategoryRow) => [
      row.title,
      ACTOR_LABEL[row.actor],
      formatCount(row.failures),
      formatCount(row.interrupted),
      formatCount(row.users),
      row.guidance,
    ]),
    empty: 'No failures or interruptions.',
  };
}

function codeSection(report: Report): Section {
  return {
    id: 'codes',
    title: 'Error codes',
    note: topNote(report.byCode.length, report.distinct.code),
    columns: [
      { header: 'Code', align: 'right', max: 10 },
      { header: 'Name', align: 'left', max: 44 },
      { header: 'Outcome', align: 'left', max: 11 },
      { header: 'Count', align: 'right', max: 12 },
      { header: 'Users', align: 'right', max: 10 },
      { header: 'Apps', align: 'right', max: 10 },
      { header: 'Description', align: 'left', max: PROSE_WIDTH, wrap: true },
    ],
    rows: report.byCode.map((row: CodeRow) => [
      String(row.code),
      row.catalogued ? row.name || '-' : '(not in catalog)',
      row.outcome,
      formatCount(row.count),
      formatCount(row.users),
      formatCount(row.apps),
      // For a code the catalog does not know, the log's own text is the best description there is.
      row.catalogued || row.failureReason === '' ? row.description : `Log says: ${row.failureReason}`,
    ]),
    empty: 'No failures or interruptions.',
  };
}

function entitySection(report: Report, id: 'users' | 'apps'): Section {
  const rows = id === 'users' ? report.byEntity.user : report.byEntity.app;
  const total = id === 'users' ? report.distinct.user : report.distinct.app;
  const withUsers = id === 'apps';
  return {
    id,
    title: id === 'users' ? 'Users' : 'Applications',
    note: topNote(rows.length, total),
    columns: [
      { header: id === 'users' ? 'User' : 'Application', align: 'left', max: NAME_WIDTH },
      { header: 'Sign-ins', align: 'right', max: 12 },
      { header: 'Failures', align: 'right', max: 12 },
      { header: 'Interrupted', align: 'right', max: 12 },
      { header: 'Failure rate', align: 'right', max: 7 },
      ...(withUsers ? [{ header: 'Users', align: 'right', max: 10 } as const] : []),
      { header: 'Top codes', align: 'left', max: 36 },
    ],
    rows: rows.map((row: EntityRow) => [
      row.key,
      formatCount(row.signIns),
      formatCount(row.failures),
      formatCount(row.interrupted),
      formatRate(row.failureRate),
      ...(withUsers ? [formatCount(row.users)] : []),
      formatTopCodes(row.topCodes),
    ]),
    empty: 'No sign-ins.',
  };
}

/** A cell made safe and short enough for its column. Wrapped prose is cut only at a generous bound, so one huge value cannot flood the output. */
export function fitCell(cell: string, column: Column): string {
  return truncate(neutralize(cell), column.wrap === true ? column.max * WRAPPED_LINES : column.max);
}

function topNote(shown: number, total: number): string {
  return shown < total ? `top ${formatCount(shown)} of ${formatCount(total)}` : `all ${formatCount(total)}`;
}
