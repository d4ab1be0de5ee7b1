// Owns what the human-readable formats show: the summary, the top-N sections, the MFA methods and the
// scheduled-summary sections (comparison, thresholds) of a view, as plain-text cells. The table and Markdown
// renderers share it and differ only in how they draw and escape the cells.

import type { CategoryRow, CodeRow, EntityRow, MfaMethods, Report } from '../analyze/types.js';
import { CATEGORIES, categoryInfo, type Category } from '../catalog/index.js';
import type { Accounting, InputSummary } from '../model.js';
import { neutralize } from '../text.js';
import { dimensionOf, type ComparedDimension } from '../analyze/dimensions.js';
import type { Delta, DeltaRow } from '../view/compare.js';
import { TYPE_WORDS, type Coverage } from '../view/coverage.js';
import { comparedIn, type Comparison, type PeriodInfo, type ReportView } from '../view/index.js';
import { KIND_OF_DIMENSION, type PrivacyInfo, type PrivateKind } from '../view/privacy.js';
import type { Finding } from '../analyze/findings/index.js';
import type { ThresholdOutcome } from '../view/thresholds.js';
import { ACTOR_LABEL, count, formatCount, formatInstant, formatPercent, formatSpan, formatRate, formatTopCodes } from './format.js';
import { truncate } from '../text.js';
import { plural } from '../words.js';

export interface Column {
  readonly header: string;
  readonly align: 'left' | 'right';
  /** Longest cell in characters; longer values are cut with an ellipsis (or wrapped, see `wrap`). */
  readonly max: number;
  /** Our own prose (descriptions, guidance): wrapped in a terminal instead of cut. */
  readonly wrap?: boolean;
  /** In a terminal too narrow for the whole row, shown on a line of its own under the row (as wrapped prose always is). */
  readonly below?: boolean;
}

/** The sections of an explanation (render/explain/sections.ts), drawn by the same table and Markdown code. */
type ExplainSectionId = 'diagnosis' | 'next' | 'flows' | 'failing-steps' | 'meanings' | 'steps' | 'fields' | 'about';

export interface Section {
  /** `changes` and `thresholds` are the scheduled-summary sections; ExplainSectionId those of an explanation. */
  readonly id: 'findings' | 'summary' | 'coverage' | 'categories' | 'codes' | 'users' | 'apps' | 'mfa-methods' | 'changes' | 'thresholds' | ExplainSectionId;
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
/** File paths: long enough for a directory and the admin center's dated file names. */
const PATH_WIDTH = 64;
const PROSE_WIDTH = 50;
/** Wrapped prose longer than this many column widths is cut: our own texts fit, a flood from the log does not. */
const WRAPPED_LINES = 12;

export function headline(report: Report): string {
  const { totals, period } = report;
  if (totals.signIns === 0) return 'Sign-in failures: none (no sign-ins)';
  return `Sign-in failures: ${formatCount(totals.failure)} of ${formatCount(totals.signIns)} ${plural(totals.signIns, 'sign-in')} failed (${formatSpan(period.firstSignIn, period.lastSignIn)})`;
}

/**
 * `1,234 (5 rejected, 2 duplicates)`: the rows read and those not counted, by why. The inputs' own filteredOut are
 * their records of another kind (authentication steps, other log categories); the rest the row filters left out.
 */
export function rowsRead(accounting: Accounting, inputs: readonly Pick<InputSummary, 'filteredOut'>[]): string {
  const notSignIns = inputs.reduce((sum, input) => sum + input.filteredOut, 0);
  const dropped = [
    [accounting.rejected, 'rejected'],
    [accounting.duplicates, plural(accounting.duplicates, 'duplicate')],
    [notSignIns, 'not sign-ins'],
    [accounting.outsideWindow, 'outside the time filter'],
    [accounting.filteredOut - notSignIns, 'filtered out'],
  ] as const;
  const notCounted = dropped.filter(([count]) => count > 0).map(([count, what]) => `${formatCount(count)} ${what}`);
  return `${formatCount(accounting.rowsRead)}${notCounted.length === 0 ? '' : ` (${notCounted.join(', ')})`}`;
}

/** Every section of the view, in the order the human-readable formats show them. */
export function viewSections(view: ReportView): Section[] {
  const report = view.report;
  const redacted = new Set(view.privacy?.redacted ?? []);
  return [
    // What to act on comes first, when the detections ran.
    ...(view.findings === undefined ? [] : [findingsSection(view.findings, view.findingsTotal ?? view.findings.length)]),
    summarySection(report, view.privacy),
    coverageSection(view.coverage),
    categorySection(report),
    codeSection(report),
    entitySection(report, 'users', redacted),
    entitySection(report, 'apps', redacted),
    ...(report.mfaMethods === undefined ? [] : [mfaMethodsSection(report.mfaMethods)]),
    ...scheduleSections(view, redacted),
  ];
}

function findingsSection(findings: readonly Finding[], total: number): Section {
  return {
    id: 'findings',
    title: 'Act now: what the detections found',
    note: findings.length === 0 ? '' : topNote(findings.length, total),
    columns: [
      { header: 'Severity', align: 'left', max: 8 },
      { header: 'Finding', align: 'left', max: 64, wrap: true },
      { header: 'Attempts', align: 'right', max: 12 },
      { header: 'First seen', align: 'left', max: 20 },
      { header: 'Why', align: 'left', max: PROSE_WIDTH * 2, wrap: true, below: true },
      { header: 'What to do', align: 'left', max: PROSE_WIDTH * 2, wrap: true, below: true },
    ],
    rows: findings.map((finding) => [
      finding.severity,
      finding.title,
      formatCount(finding.counts.attempts),
      formatInstant(finding.first),
      finding.why,
      finding.action,
    ]),
    empty: 'No findings: none of the detections matched these sign-ins.',
  };
}

const KIND_NAMES: Readonly<Record<PrivateKind, string>> = { users: 'users', apps: 'applications', ips: 'IP addresses' };

/** `users and IP addresses pseudonymised (key 3f9a1c2e7b04); applications redacted`. */
export function privacyText(privacy: PrivacyInfo): string {
  const names = (kinds: readonly PrivateKind[]): string => {
    const words = kinds.map((kind) => KIND_NAMES[kind]);
    return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
  };
  const parts: string[] = [];
  if (privacy.pseudonymized.length > 0) {
    const domain = privacy.keepDomain ? ', domains kept' : '';
    parts.push(`${names(privacy.pseudonymized)} pseudonymised (key ${privacy.keyId ?? '-'}${domain})`);
  }
  if (privacy.redacted.length > 0) parts.push(`${names(privacy.redacted)} redacted`);
  return parts.join('; ');
}

function summarySection(report: Report, privacy: PrivacyInfo | null): Section {
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
      `${formatCount(legacyProtocols.signIns)} ${plural(legacyProtocols.signIns, 'sign-in')}, ${formatCount(legacyProtocols.failures)} failed (${legacyProtocols.clientApps.join(', ')})`,
    ]);
  }
  rows.push(['First sign-in', formatInstant(period.firstSignIn)], ['Last sign-in', formatInstant(period.lastSignIn)]);
  if (period.since !== null || period.until !== null) {
    rows.push([
      'Time filter',
      `${period.since === null ? 'any time' : `from ${formatInstant(period.since)}`}, ${period.until === null ? 'no end' : `before ${formatInstant(period.until)}`}`,
    ]);
  }
  rows.push(['Rows read', rowsRead(accounting, report.inputs)]);
  rows.push(['Inputs', report.inputs.map((input) => (input.skipped === undefined ? input.path : `${input.path} (skipped)`)).join(', ') || '-']);
  rows.push(['Catalog', report.tool.catalogVersion]);
  if (privacy !== null) rows.push(['Privacy', privacyText(privacy)]);
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

/** Days and overlaps listed by name before the rest are counted. */
const COVERAGE_LISTED = 10;

function coverageSection(coverage: Coverage): Section {
  const rows: string[][] = coverage.inputs.map((input) => {
    const types =
      input.mfaSteps !== undefined
        ? `authentication steps, ${formatCount(input.mfaSteps)} of them MFA steps`
        : input.types.length === 0
          ? 'no sign-ins'
          : `${input.types.map((type) => TYPE_WORDS[type]).join(', ')} sign-ins`;
    const span = input.firstSignIn === null ? '' : `, ${formatSpan(input.firstSignIn, input.lastSignIn)}`;
    const duplicates = input.duplicates === 0 ? '' : `, ${formatCount(input.duplicates)} ${plural(input.duplicates, 'duplicate')}`;
    const cap = input.cap === null ? '' : `; probably cut off: ${input.cap.origin}`;
    return [input.path, `${input.format}: ${types}${span}; ${formatCount(input.rows)} ${input.rows === 1 ? 'row' : 'rows'}${duplicates}${cap}`];
  });
  for (const missing of coverage.typesMissing.filter((type) => type.warned)) rows.push([`No ${TYPE_WORDS[missing.type]} sign-ins`, missing.why]);
  const absent = coverage.typesMissing.filter((type) => !type.warned);
  if (absent.length > 0 && coverage.typesPresent.length > 0)
    rows.push(['Not in the inputs', `${absent.map((type) => TYPE_WORDS[type.type]).join(', ')} sign-ins`]);
  if (coverage.missingDays.length > 0) rows.push(['Days without sign-ins', listed(coverage.missingDays)]);
  const overlaps = coverage.overlaps.map(
    ({ inputs, from, until, duplicates }) =>
      `${inputs[0]} and ${inputs[1]}, ${formatSpan(from, until)} (${coverage.duplicatesKept ? 'shared sign-ins counted twice' : `${formatCount(duplicates)} ${plural(duplicates, 'duplicate')} dropped`})`,
  );
  if (overlaps.length > 0) rows.push(['Overlapping inputs', listed(overlaps, '; ')]);
  for (const early of coverage.endsEarly) {
    const hours = Math.floor((early.until.getTime() - early.lastSignIn.getTime()) / 3_600_000);
    rows.push(['Ends before the period', `${early.path} ends ${formatInstant(early.lastSignIn)}, ${count(hours, 'hour')} before the period does`]);
  }
  return {
    id: 'coverage',
    title: 'Coverage: what the inputs hold',
    note: '',
    columns: [
      // Inputs are told apart by their paths: wrapped, never cut.
      { header: 'Input or gap', align: 'left', max: PATH_WIDTH, wrap: true },
      { header: 'What', align: 'left', max: 72, wrap: true },
    ],
    rows,
    empty: 'No inputs.',
  };
}

function listed(items: readonly string[], separator = ', '): string {
  const more = items.length - COVERAGE_LISTED;
  return `${items.slice(0, COVERAGE_LISTED).join(separator)}${more > 0 ? ` and ${formatCount(more)} more` : ''}`;
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

/** Shown instead of a list whose values were redacted. */
function redactedNote(kind: PrivateKind): string {
  return `Redacted (--redact ${kind}).`;
}

function entitySection(report: Report, id: 'users' | 'apps', redacted: ReadonlySet<PrivateKind>): Section {
  const rows = id === 'users' ? report.byEntity.user : report.byEntity.app;
  const total = id === 'users' ? report.distinct.user : report.distinct.app;
  const withUsers = id === 'apps';
  return {
    id,
    title: id === 'users' ? 'Users' : 'Applications',
    // A redacted list shows none of its rows: say how many there were, not "top 0".
    note: redacted.has(id) ? `${formatCount(total)}, redacted` : topNote(rows.length, total),
    columns: [
      { header: id === 'users' ? 'User' : 'Application', align: 'left', max: NAME_WIDTH },
      { header: 'Sign-ins', align: 'right', max: 12 },
      { header: 'Failures', align: 'right', max: 12 },
      { header: 'Interrupted', align: 'right', max: 12 },
      { header: 'Failure rate', align: 'right', max: 7 },
      ...(withUsers ? [{ header: 'Users', align: 'right', max: 10 } as const] : []),
      { header: 'Top codes', align: 'left', max: 36, below: true },
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
    empty: redacted.has(id) ? redactedNote(id) : 'No sign-ins.',
  };
}

/** How the counted sign-ins' MFA steps ended, per method: with authentication details only. */
function mfaMethodsSection(methods: MfaMethods): Section {
  return {
    id: 'mfa-methods',
    title: 'MFA methods',
    note: `${formatCount(methods.signIns)} ${plural(methods.signIns, 'sign-in')} with an MFA step, of ${formatCount(methods.requests)} in the authentication details`,
    columns: [
      { header: 'Method', align: 'left', max: 36 },
      { header: 'Steps', align: 'right', max: 12 },
      { header: 'Succeeded', align: 'right', max: 12 },
      { header: 'Failed', align: 'right', max: 12 },
      { header: 'Most frequent failure', align: 'left', max: 64, below: true },
    ],
    rows: methods.rows.map((row) => [row.method, formatCount(row.steps), formatCount(row.succeeded), formatCount(row.failed), row.topFailure || 'none']),
    empty: 'No sign-in of this report has an MFA step in the authentication details.',
  };
}

/** A cell made safe and short enough for its column. Wrapped prose is cut only at a generous bound, so one huge value cannot flood the output. */
export function fitCell(cell: string, column: Column): string {
  return truncate(neutralize(cell), column.wrap === true ? column.max * WRAPPED_LINES : column.max);
}

function topNote(shown: number, total: number): string {
  if (total === 0) return 'none';
  return shown < total ? `top ${formatCount(shown)} of ${formatCount(total)}` : `all ${formatCount(total)}`;
}

/** The scheduled-summary sections: the comparison and the --fail-on results, when the view has them. */
function scheduleSections(view: ReportView, redacted: ReadonlySet<PrivateKind>): Section[] {
  const sections: Section[] = [];
  const comparison = view.comparison;
  if (comparison !== null) {
    sections.push(totalsSection(comparison, view.period));
    // Categories first, as in the report: who acts comes before the codes behind it.
    const shown = comparedIn(comparison.dimensions)
      .filter((id) => dimensionOf(id).shown)
      .sort((a, b) => Number(b === 'category') - Number(a === 'category'));
    for (const dimension of shown) {
      const kind = KIND_OF_DIMENSION[dimension];
      sections.push(dimensionSection(comparison, dimension, kind !== undefined && redacted.has(kind) ? redactedNote(kind) : undefined));
    }
  }
  if (view.thresholds !== null) sections.push(thresholdSection(view.thresholds.outcomes));
  return sections;
}

export function comparisonTitle(comparison: Comparison, period: PeriodInfo | null): string {
  const now = period === null ? 'This report' : period.label;
  return `${now} compared with ${describeSource(comparison)}`;
}

function describeSource(comparison: Comparison): string {
  const { against } = comparison;
  const span = against.since !== null && against.until !== null ? `${formatInstant(against.since)} to ${formatInstant(against.until)}` : null;
  if (against.source === 'baseline') {
    const name = against.label ?? span ?? 'the baseline';
    return `${name} (baseline ${against.file})`;
  }
  return against.label === null ? `the period before (${span})` : `the period before, ${against.label}`;
}

function totalsSection(comparison: Comparison, period: PeriodInfo | null): Section {
  const { totals } = comparison;
  const row = (measure: string, delta: Delta): string[] => [measure, formatCount(delta.now), formatCount(delta.before), changeCell(delta)];
  return {
    id: 'changes',
    title: 'Change in totals',
    note: comparisonTitle(comparison, period),
    columns: [
      { header: 'Measure', align: 'left', max: 20 },
      { header: 'Now', align: 'right', max: 14 },
      { header: 'Before', align: 'right', max: 14 },
      { header: 'Change', align: 'right', max: 28 },
    ],
    rows: [
      row('Sign-ins', totals.signIns),
      row('Failures', totals.failures),
      row('Interrupted', totals.interrupted),
      ['Failure rate', `${totals.failureRate.now}%`, `${totals.failureRate.before}%`, pointsCell(totals.failureRate.change)],
    ],
    empty: '',
  };
}

function dimensionSection(comparison: Comparison, dimension: ComparedDimension, redactedText?: string): Section {
  const { rows, total, counts } = comparison.dimensions[dimension]!;
  const { noun, heading, compare } = dimensionOf(dimension);
  const title = `Change by ${noun}`;
  // Users, apps and the other entities are compared on their failures, as the --fail-on rules read them.
  const counted = compare === 'count' ? 'failures and interruptions' : 'failures';
  const tally = `${counted}: ${counts.new} new, ${counts.gone} gone, ${counts.up} up, ${counts.down} down, ${counts.same} unchanged`;
  return {
    id: 'changes',
    title,
    note: rows.length < total ? `${tally}; top ${formatCount(rows.length)} of ${formatCount(total)} by size of change` : tally,
    columns: [
      { header: heading, align: dimension === 'code' ? 'right' : 'left', max: 48 },
      { header: 'Now', align: 'right', max: 14 },
      { header: 'Before', align: 'right', max: 14 },
      { header: 'Change', align: 'right', max: 28 },
    ],
    rows: rows.map((row) => [dimension === 'category' ? categoryTitle(row.key) : row.key, formatCount(row.now), formatCount(row.before), changeCell(row)]),
    empty: redactedText ?? 'Nothing counted either time.',
  };
}

function thresholdSection(outcomes: readonly ThresholdOutcome[]): Section {
  const crossed = outcomes.filter((outcome) => outcome.crossed).length;
  return {
    id: 'thresholds',
    title: 'Thresholds (--fail-on)',
    note: crossed === 0 ? 'none crossed' : `${crossed} of ${outcomes.length} crossed`,
    columns: [
      { header: 'Rule', align: 'left', max: 32 },
      { header: 'Result', align: 'left', max: 8 },
      { header: 'Measured', align: 'left', max: 80, wrap: true },
    ],
    rows: outcomes.map((outcome) => [outcome.rule, outcome.crossed ? 'CROSSED' : outcome.skipped === true ? 'skipped' : 'ok', outcome.message]),
    empty: 'No rules given.',
  };
}

/** A category as the report's own tables show it; an id this catalog does not know (from a baseline) as it is. */
function categoryTitle(id: string): string {
  return (CATEGORIES as readonly string[]).includes(id) ? categoryInfo(id as Category).title : id;
}

/** `▲ +15 (+150%)`, `▼ -3 (-50%)`, `▲ +2 (new)`, `▼ -4 (gone)`, `= 0`. */
export function changeCell(delta: Delta & { readonly status?: DeltaRow['status'] }): string {
  if (delta.change === 0) return '= 0';
  const arrow = delta.change > 0 ? '▲' : '▼';
  const amount = `${delta.change > 0 ? '+' : '-'}${formatCount(Math.abs(delta.change))}`;
  const relative = delta.status === 'new' || delta.before === 0 ? 'new' : delta.status === 'gone' ? 'gone' : `${signed(delta.changePercent ?? 0)}%`;
  return `${arrow} ${amount} (${relative})`;
}

function pointsCell(change: number): string {
  if (change === 0) return '= 0 pts';
  return `${change > 0 ? '▲' : '▼'} ${signed(change)} pts`;
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : String(value);
}
