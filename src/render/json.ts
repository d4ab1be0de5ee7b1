// Owns the JSON format: the whole view (report, comparison, --fail-on results) as the JSON contract of
// render/json-contract.ts, schemaVersion 1. Key order is fixed, so the same inputs give byte-identical files.

import { type COMPARED_DIMENSIONS, DIMENSIONS, dimensionOf, type DimensionId, type EntityDimensionId, type JsonSection } from '../analyze/dimensions.js';
import type { CategoryRow, CodeRow, EntityRow, MfaMethods, Report } from '../analyze/types.js';
import { isoInstant, isoOrNull } from '../time.js';
import type { DeltaRow } from '../view/compare.js';
import type { Coverage } from '../view/coverage.js';
import type { PrivacyInfo } from '../view/privacy.js';
import type { Finding } from '../analyze/findings/index.js';
import { comparedIn, type Comparison, type ReportView, type Thresholds } from '../view/index.js';
import type {
  JsonCategoryRow,
  JsonCodeRow,
  JsonComparison,
  JsonCoverage,
  JsonDeltaRow,
  JsonEntityRow,
  JsonFinding,
  JsonReport,
  JsonThresholds,
} from './json-contract.js';

/** The contract version every JSON report names; the definition of the contract is json-contract.ts (types only here). */
export const SCHEMA_VERSION = 1;

export function renderJson(view: ReportView): string {
  return renderJsonPieces(view).join('');
}

/**
 * renderJson's text as pieces to write in turn: one per top-level section. A big tenant's report is tens of
 * megabytes; as pieces it is never one string, and writing it needs no flat copy of it.
 */
export function renderJsonPieces(view: ReportView): string[] {
  const pieces = jsonPieces(toJsonReport(view));
  pieces.push('\n');
  return pieces;
}

/**
 * `JSON.stringify(value, null, 2)` as pieces that join to exactly that text: a plain object one member at a time
 * (each stringified as the only member of an object of its own, which gives its text as it stands in the whole),
 * anything else as one piece. Held to JSON.stringify by a property test.
 */
export function jsonPieces(value: unknown): string[] {
  if (!plainObject(value)) {
    const text = JSON.stringify(value, null, 2) as string | undefined;
    if (text === undefined) throw new TypeError('the value has no JSON text');
    return [text];
  }
  const pieces: string[] = [];
  for (const key of Object.keys(value)) {
    const alone = JSON.stringify({ [key]: (value as Record<string, unknown>)[key] }, null, 2);
    // `{}`: a member without JSON text (undefined, a function) is left out, as JSON.stringify does.
    if (alone.length > 2) pieces.push(`${pieces.length === 0 ? '{' : ','}\n  `, alone.slice(4, -2));
  }
  pieces.push(pieces.length === 0 ? '{}' : '\n}');
  return pieces;
}

/** An object JSON.stringify reads key by key: no toJSON, not an array or a boxed primitive. */
function plainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return (prototype === Object.prototype || prototype === null) && !('toJSON' in value);
}

export function toJsonReport(view: ReportView): JsonReport {
  const report = view.report;
  const json = {
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
      filteredOut: input.filteredOut,
      ...(input.skipped === undefined ? {} : { skipped: input.skipped }),
      ...(input.mfaSteps === undefined ? {} : { mfaSteps: input.mfaSteps }),
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
      ...(view.period === null ? {} : { label: view.period.label, timeZone: view.period.timeZone }),
    },
    totals: { ...report.totals },
    // Every dimension's section, in the dimension table's order.
    ...Object.fromEntries(DIMENSIONS.map((dimension) => [dimension.json.section, jsonRows(report, dimension.id)])),
    legacyProtocols: { ...report.legacyProtocols, clientApps: [...report.legacyProtocols.clientApps] },
    top: report.top,
    totalRows: Object.fromEntries(DIMENSIONS.map((dimension) => [dimension.json.section, report.distinct[dimension.id]])) as Record<JsonSection, number>,
    warnings: report.warnings.map((warning) => ({ code: warning.code, message: warning.message, file: warning.file, line: warning.line })),
    coverage: coverageJson(view.coverage),
    ...(report.mfaMethods === undefined ? {} : { mfaMethods: mfaMethodsJson(report.mfaMethods) }),
    ...(view.findings === undefined ? {} : { findings: view.findings.map(findingJson) }),
    ...(view.comparison === null ? {} : { comparison: comparisonJson(view.comparison) }),
    ...(view.thresholds === null ? {} : { thresholds: thresholdsJson(view.thresholds) }),
    ...(view.privacy === null ? {} : { privacy: privacyJson(view.privacy) }),
  };
  return json as JsonReport;
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
  const dimension = dimensionOf(id);
  const withUsers = dimension.distinct.includes('user');
  return report.byEntity[id].map((row: EntityRow) => {
    const json: JsonEntityRow = { [dimension.json.field]: row.key };
    if (row.name !== undefined) json['name'] = row.name;
    Object.assign(json, {
      signIns: row.signIns,
      failures: row.failures,
      interrupted: row.interrupted,
      // Four decimals; rounded here only, so that 3 of 17 shows as 17.6%, not 17.65% rounded again to 17.7%.
      failureRate: Math.round(row.failureRate * 10_000) / 10_000,
    });
    // Distinct users of a user row is always 1: the user dimension does not count them.
    if (withUsers) json['users'] = row.users;
    json['topCodes'] = row.topCodes.map(({ code, count }) => ({ code, count }));
    if (row.legacy !== undefined) json['legacy'] = row.legacy;
    if (row.categories !== undefined) json['categories'] = row.categories.map(({ category, count }) => ({ category, count }));
    return json;
  });
}

function comparisonJson(comparison: Comparison): JsonComparison {
  const { against, dimensions } = comparison;
  const compared = comparedIn(dimensions);
  const keys = (id: (typeof COMPARED_DIMENSIONS)[number], list: readonly string[]): (string | number)[] =>
    dimensionOf(id).json.key === 'code' ? list.map(Number) : [...list];
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
    ...Object.fromEntries(compared.map((id) => [dimensionOf(id).json.section, dimensions[id]!.rows.map((row) => deltaJson(id, row))])),
    new: Object.fromEntries(compared.map((id) => [dimensionOf(id).json.plural, keys(id, dimensions[id]!.added)])),
    gone: Object.fromEntries(compared.map((id) => [dimensionOf(id).json.plural, keys(id, dimensions[id]!.removed)])),
    totalRows: Object.fromEntries(compared.map((id) => [dimensionOf(id).json.section, dimensions[id]!.total])),
  };
}

function deltaJson(id: DimensionId, row: DeltaRow): JsonDeltaRow {
  const dimension = dimensionOf(id);
  return {
    [dimension.json.field]: dimension.json.key === 'code' ? Number(row.key) : row.key,
    metric: dimension.compare ?? 'count',
    now: row.now,
    before: row.before,
    change: row.change,
    changePercent: row.changePercent,
    status: row.status,
  };
}

function thresholdsJson(thresholds: Thresholds): JsonThresholds {
  return {
    crossed: thresholds.crossed,
    rules: thresholds.outcomes.map((outcome) => ({ ...outcome, offenders: outcome.offenders.map((offender) => ({ ...offender })) })),
  };
}

function coverageJson(coverage: Coverage): JsonCoverage {
  return {
    inputs: coverage.inputs.map((input) => ({
      path: input.path,
      format: input.format,
      types: [...input.types],
      firstSignIn: isoOrNull(input.firstSignIn),
      lastSignIn: isoOrNull(input.lastSignIn),
      rows: input.rows,
      duplicates: input.duplicates,
      cap: input.cap === null ? null : { rows: input.cap.rows, origin: input.cap.origin },
      ...(input.mfaSteps === undefined ? {} : { mfaSteps: input.mfaSteps }),
    })),
    types: { present: [...coverage.typesPresent], missing: coverage.typesMissing.map(({ type, why, warned }) => ({ type, why, warned })) },
    firstSignIn: isoOrNull(coverage.span?.first ?? null),
    lastSignIn: isoOrNull(coverage.span?.last ?? null),
    missingDays: [...coverage.missingDays],
    overlaps: coverage.overlaps.map((overlap) => ({
      inputs: [...overlap.inputs],
      from: isoInstant(overlap.from),
      until: isoInstant(overlap.until),
      duplicates: overlap.duplicates,
    })),
    endsEarly: coverage.endsEarly.map((early) => ({ path: early.path, lastSignIn: isoInstant(early.lastSignIn), until: isoInstant(early.until) })),
    duplicatesKept: coverage.duplicatesKept,
  };
}

function mfaMethodsJson(methods: MfaMethods): JsonReport['mfaMethods'] {
  return {
    requests: methods.requests,
    signIns: methods.signIns,
    methods: methods.rows.map((row) => ({ method: row.method, steps: row.steps, succeeded: row.succeeded, failed: row.failed, topFailure: row.topFailure })),
  };
}

export function privacyJson(privacy: PrivacyInfo): JsonReport['privacy'] {
  const { pseudonymized, redacted, keepDomain, keyId } = privacy;
  return { pseudonymized: [...pseudonymized], redacted: [...redacted], keepDomain, keyId };
}

export function findingJson(finding: Finding): JsonFinding {
  const { ip, user, app } = finding.entity;
  return {
    kind: finding.kind,
    severity: finding.severity,
    title: finding.title,
    entity: { ...(ip === undefined ? {} : { ip }), ...(user === undefined ? {} : { user }), ...(app === undefined ? {} : { app }) },
    first: isoInstant(finding.first),
    last: isoInstant(finding.last),
    counts: { ...finding.counts },
    evidence: finding.evidence.map((item) => ({
      time: isoInstant(item.time),
      user: item.user,
      ip: item.ip,
      app: item.app,
      code: item.code,
      requestId: item.requestId,
    })),
    why: finding.why,
    action: finding.action,
  };
}
