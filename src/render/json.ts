// Owns the JSON report: the machine contract (schemaVersion 1, described by schema/report.schema.json), the
// whole view including the comparison and the --fail-on results. Names and meanings of the documented fields are
// fixed; new fields may be added, none renamed or removed. Key order is fixed too, so the same inputs give
// byte-identical files.

import type { DimensionId } from '../analyze/dimensions.js';
import type { CategoryRow, CodeCount, CodeRow, EntityDimensionId, EntityRow, Report } from '../analyze/types.js';
import type { Accounting, InputSummary } from '../model.js';
import { isoInstant, isoOrNull } from '../time.js';
import { COMPARED_METRIC, type ComparedDimension, type Delta, type DeltaRow } from '../view/compare.js';
import type { Comparison, ReportView, Thresholds } from '../view/index.js';
import type { ThresholdOutcome } from '../view/thresholds.js';

export const SCHEMA_VERSION = 1;

export interface JsonWarning {
  code: string;
  message: string;
  file: string | null;
  line: number | null;
}

export interface JsonCodeRow {
  code: number;
  name: string;
  outcome: 'failure' | 'interrupted';
  category: string;
  catalogued: boolean;
  count: number;
  users: number;
  apps: number;
  description: string;
  remediation: string;
  failureReason: string;
  failures: number;
  interrupted: number;
}

export interface JsonCategoryRow {
  category: string;
  title: string;
  actor: string;
  count: number;
  users: number;
  codes: number;
  failures: number;
  interrupted: number;
  guidance: string;
  topCodes: CodeCount[];
}

/** A user, app, client app, country, IP, sign-in type or day row; the key field is named after the section. */
export interface JsonEntityRow {
  [key: string]: string | number | boolean | CodeCount[];
}

export interface JsonReport {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: string; version: string; catalogVersion: string };
  generatedAt: string;
  inputs: InputSummary[];
  accounting: Accounting;
  /** `label` and `timeZone` only when the report was made for a --period. */
  period: { since: string | null; until: string | null; firstSignIn: string | null; lastSignIn: string | null; label?: string; timeZone?: string };
  totals: { signIns: number; success: number; failure: number; interrupted: number; users: number; apps: number };
  byCode: JsonCodeRow[];
  byCategory: JsonCategoryRow[];
  byUser: JsonEntityRow[];
  byApp: JsonEntityRow[];
  byClientApp: JsonEntityRow[];
  byCountry: JsonEntityRow[];
  byIp: JsonEntityRow[];
  byType: JsonEntityRow[];
  byDay: JsonEntityRow[];
  legacyProtocols: { signIns: number; failures: number; interrupted: number; clientApps: string[] };
  /** The --top applied (0 = all), and how many rows each list had before it. */
  top: number;
  totalRows: Record<JsonSection, number>;
  warnings: JsonWarning[];
  /** Only with --baseline or --compare previous-period. */
  comparison?: JsonComparison;
  /** Only with --fail-on. */
  thresholds?: JsonThresholds;
  /** Only with --pseudonymize or --redact: what was done to which values (never the key). */
  privacy?: { pseudonymized: string[]; redacted: string[]; keepDomain: boolean; keyId: string | null };
}

/** Where each dimension's rows go in the JSON, and the name of the row's key field. */
export const JSON_SECTIONS = {
  code: { section: 'byCode', field: 'code' },
  category: { section: 'byCategory', field: 'category' },
  user: { section: 'byUser', field: 'user' },
  app: { section: 'byApp', field: 'app' },
  'client-app': { section: 'byClientApp', field: 'clientApp' },
  country: { section: 'byCountry', field: 'country' },
  ip: { section: 'byIp', field: 'ip' },
  type: { section: 'byType', field: 'type' },
  day: { section: 'byDay', field: 'day' },
} as const satisfies Record<DimensionId, { section: keyof JsonReport; field: string }>;
export type JsonSection = (typeof JSON_SECTIONS)[DimensionId]['section'];

export function renderJson(view: ReportView): string {
  return `${JSON.stringify(toJsonReport(view), null, 2)}\n`;
}

export function toJsonReport(view: ReportView): JsonReport {
  const report = view.report;
  const json: JsonReport = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: report.tool.name, version: report.tool.version, catalogVersion: report.tool.catalogVersion },
    generatedAt: isoInstant(report.generatedAt),
    inputs: report.inputs.map((input) => ({
      path: input.path,
      format: input.format,
      rowsRead: input.rowsRead,
      signIns: input.signIns,
      rejected: input.rejected,
      duplicates: input.duplicates,
    })),
    accounting: {
      rowsRead: report.accounting.rowsRead,
      signIns: report.accounting.signIns,
      rejected: report.accounting.rejected,
      duplicates: report.accounting.duplicates,
      outsideWindow: report.accounting.outsideWindow,
      filteredOut: report.accounting.filteredOut,
    },
    period: {
      since: isoOrNull(report.period.since),
      until: isoOrNull(report.period.until),
      firstSignIn: isoOrNull(report.period.firstSignIn),
      lastSignIn: isoOrNull(report.period.lastSignIn),
    },
    totals: { ...report.totals },
    byCode: report.byCode.map(codeJson),
    byCategory: report.byCategory.map(categoryJson),
    byUser: entitySection(report, 'user'),
    byApp: entitySection(report, 'app'),
    byClientApp: entitySection(report, 'client-app'),
    byCountry: entitySection(report, 'country'),
    byIp: entitySection(report, 'ip'),
    byType: entitySection(report, 'type'),
    byDay: entitySection(report, 'day'),
    legacyProtocols: { ...report.legacyProtocols, clientApps: [...report.legacyProtocols.clientApps] },
    top: report.top,
    totalRows: Object.fromEntries(Object.entries(JSON_SECTIONS).map(([id, { section }]) => [section, report.distinct[id as DimensionId]])) as Record<
      JsonSection,
      number
    >,
    warnings: report.warnings.map((warning) => ({ code: warning.code, message: warning.message, file: warning.file, line: warning.line })),
  };
  if (view.period !== null) json.period = { ...json.period, label: view.period.label, timeZone: view.period.timeZone };
  if (view.comparison !== null) json.comparison = comparisonJson(view.comparison);
  if (view.thresholds !== null) json.thresholds = thresholdsJson(view.thresholds);
  if (view.privacy !== null) {
    const { pseudonymized, redacted, keepDomain, keyId } = view.privacy;
    json.privacy = { pseudonymized: [...pseudonymized], redacted: [...redacted], keepDomain, keyId };
  }
  return json;
}

/** The rows of one dimension exactly as the JSON has them (the CSV format uses the same rows). */
export function jsonRows(report: Report, id: DimensionId): JsonCodeRow[] | JsonCategoryRow[] | JsonEntityRow[] {
  if (id === 'code') return report.byCode.map(codeJson);
  if (id === 'category') return report.byCategory.map(categoryJson);
  return entitySection(report, id);
}

function codeJson(row: CodeRow): JsonCodeRow {
  return {
    code: row.code,
    name: row.name,
    outcome: row.outcome,
    category: row.category,
    catalogued: row.catalogued,
    count: row.count,
    users: row.users,
    apps: row.apps,
    description: row.description,
    remediation: row.remediation,
    failureReason: row.failureReason,
    failures: row.failures,
    interrupted: row.interrupted,
  };
}

function categoryJson(row: CategoryRow): JsonCategoryRow {
  return {
    category: row.category,
    title: row.title,
    actor: row.actor,
    count: row.count,
    users: row.users,
    codes: row.codes,
    failures: row.failures,
    interrupted: row.interrupted,
    guidance: row.guidance,
    topCodes: row.topCodes.map(({ code, count }) => ({ code, count })),
  };
}

function entitySection(report: Report, id: EntityDimensionId): JsonEntityRow[] {
  const field = JSON_SECTIONS[id].field;
  return report.byEntity[id].map((row: EntityRow) => {
    const json: JsonEntityRow = {
      [field]: row.key,
      signIns: row.signIns,
      failures: row.failures,
      interrupted: row.interrupted,
      failureRate: row.failureRate,
    };
    // Distinct users of a user row is always 1: left out rather than shown as noise.
    if (id !== 'user') json['users'] = row.users;
    json['topCodes'] = row.topCodes.map(({ code, count }) => ({ code, count }));
    if (row.legacy !== undefined) json['legacy'] = row.legacy;
    return json;
  });
}

export interface JsonDeltaRow {
  [key: string]: string | number | null;
}

export interface JsonComparison {
  against: { source: string; file: string | null; label: string | null; since: string | null; until: string | null; generatedAt: string | null };
  totals: { signIns: Delta; failures: Delta; interrupted: Delta; failureRate: Delta };
  byCode: JsonDeltaRow[];
  byCategory: JsonDeltaRow[];
  byUser: JsonDeltaRow[];
  byApp: JsonDeltaRow[];
  /** Every new and gone key per dimension, never cut by --top. */
  new: { codes: number[]; categories: string[]; users: string[]; apps: string[] };
  gone: { codes: number[]; categories: string[]; users: string[]; apps: string[] };
  /** Rows per list before --top cut them. */
  totalRows: { byCode: number; byCategory: number; byUser: number; byApp: number };
}

function comparisonJson(comparison: Comparison): JsonComparison {
  const { against, dimensions } = comparison;
  const rows = (dimension: ComparedDimension): JsonDeltaRow[] => dimensions[dimension].rows.map((row) => deltaJson(dimension, row));
  const added = (dimension: ComparedDimension): string[] => [...dimensions[dimension].added];
  const removed = (dimension: ComparedDimension): string[] => [...dimensions[dimension].removed];
  return {
    against: {
      source: against.source,
      file: against.file,
      label: against.label,
      since: isoOrNull(against.since),
      until: isoOrNull(against.until),
      generatedAt: against.generatedAt,
    },
    totals: { ...comparison.totals },
    byCode: rows('code'),
    byCategory: rows('category'),
    byUser: rows('user'),
    byApp: rows('app'),
    new: { codes: added('code').map(Number), categories: added('category'), users: added('user'), apps: added('app') },
    gone: { codes: removed('code').map(Number), categories: removed('category'), users: removed('user'), apps: removed('app') },
    totalRows: {
      byCode: dimensions.code.total,
      byCategory: dimensions.category.total,
      byUser: dimensions.user.total,
      byApp: dimensions.app.total,
    },
  };
}

function deltaJson(dimension: ComparedDimension, row: DeltaRow): JsonDeltaRow {
  return {
    [JSON_SECTIONS[dimension].field]: dimension === 'code' ? Number(row.key) : row.key,
    metric: COMPARED_METRIC[dimension],
    now: row.now,
    before: row.before,
    change: row.change,
    changePercent: row.changePercent,
    status: row.status,
  };
}

export interface JsonThresholds {
  crossed: number;
  rules: ThresholdOutcome[];
}

function thresholdsJson(thresholds: Thresholds): JsonThresholds {
  return {
    crossed: thresholds.crossed,
    rules: thresholds.outcomes.map((outcome) => ({ ...outcome, offenders: outcome.offenders.map((offender) => ({ ...offender })) })),
  };
}
