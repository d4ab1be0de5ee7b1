// Owns the CSV format: one list per run (--by: a dimension, or the findings), the same rows and field names as that
// section of the JSON, and, when the view compares, the change of each row in extra columns plus one row per entry
// that is gone.
// Every cell goes through csvCell: neutralised and defused against spreadsheet formula injection.

import { csvCell, neutralize } from '../text.js';
import { COMPARED_DIMENSIONS, DIMENSION_IDS, dimensionOf, type ComparedDimension, type DimensionId } from '../analyze/dimensions.js';
import { isoInstant } from '../time.js';
import type { DeltaRow } from '../view/compare.js';
import type { ReportView } from '../view/index.js';
import type { RenderOptions } from './index.js';
import { jsonRows } from './json.js';

/** What --by names: a dimension, or `finding` for the detections' findings. */
export const CSV_LISTS = [...DIMENSION_IDS, 'finding'] as const;
export type CsvList = DimensionId | 'finding';

/** The columns of the findings' CSV: the JSON finding's fields, the entity and counts flattened, evidence by request ID. */
const FINDING_COLUMNS = [
  'kind',
  'severity',
  'title',
  'ip',
  'user',
  'app',
  'first',
  'last',
  'attempts',
  'users',
  'ips',
  'apps',
  'successes',
  'why',
  'action',
  'evidenceRequestIds',
] as const;

/** The columns of each dimension's CSV, in order: the JSON row fields, nested top codes flattened. */
export function csvColumns(id: DimensionId): readonly string[] {
  const dimension = dimensionOf(id);
  switch (dimension.kind) {
    case 'code':
      return [
        'code',
        'name',
        'outcome',
        'category',
        'catalogued',
        'count',
        'users',
        'apps',
        'description',
        'remediation',
        'failureReason',
        'failures',
        'interrupted',
      ];
    case 'category':
      return ['category', 'title', 'actor', 'count', 'users', 'codes', 'failures', 'interrupted', 'guidance', 'topCodes'];
    case 'entity':
      return [
        dimension.json.field,
        ...(dimension.name === undefined ? [] : ['name']),
        'signIns',
        'failures',
        'interrupted',
        'failureRate',
        ...(dimension.distinct.includes('user') ? ['users'] : []),
        'topCodes',
        ...(dimension.legacy === true ? ['legacy'] : []),
        ...(dimension.categories === true ? ['categories'] : []),
      ];
  }
}

/** The comparison columns appended to a CSV of a compared dimension (`countBefore`, ...). */
function comparisonColumns(dimension: ComparedDimension): string[] {
  const metric = dimensionOf(dimension).compare;
  return [`${metric}Before`, `${metric}Change`, `${metric}ChangePercent`, 'status'];
}

/** Columns a gone row fills with 0: it had none of these now. Text columns stay empty. */
const COUNT_COLUMNS = new Set(['count', 'users', 'apps', 'codes', 'failures', 'interrupted', 'signIns', 'failureRate']);

export function renderCsv(view: ReportView, options: RenderOptions): string {
  const by = options.by;
  if (by === 'finding') return renderFindings(view);
  const columns = csvColumns(by);
  const field = dimensionOf(by).json.field;
  // Days are not compared, and a dimension the earlier report lacks is not either.
  const compared =
    view.comparison === null || !(COMPARED_DIMENSIONS as readonly string[]).includes(by) ? null : (view.comparison.dimensions[by as ComparedDimension] ?? null);
  const lines = [[...columns, ...(compared === null ? [] : comparisonColumns(by as ComparedDimension))].map(csvCell).join(',')];
  const rows = jsonRows(view.report, by) as unknown as Record<string, unknown>[];
  for (const row of rows) {
    const cells = columns.map((column) => csvValue(row[column]));
    if (compared !== null) cells.push(...changeCells(compared.byKey.get(String(row[field]))));
    lines.push(cells.join(','));
  }
  if (compared !== null) {
    // Entries counted before and not now are in no row of the report: one row each, its counts 0.
    const shown = new Set(rows.map((row) => String(row[field])));
    for (const gone of compared.goneRows) {
      if (shown.has(gone.key)) continue;
      const cells = columns.map((column) => (column === field ? csvValue(gone.key) : COUNT_COLUMNS.has(column) ? '0' : ''));
      lines.push([...cells, ...changeCells(gone)].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** One row per finding; without detections (--no-detections), the header alone. */
function renderFindings(view: ReportView): string {
  const lines = [FINDING_COLUMNS.map(csvCell).join(',')];
  for (const finding of view.findings ?? []) {
    const values: Record<(typeof FINDING_COLUMNS)[number], unknown> = {
      kind: finding.kind,
      severity: finding.severity,
      title: finding.title,
      ip: finding.entity.ip ?? '',
      user: finding.entity.user ?? '',
      app: finding.entity.app ?? '',
      first: isoInstant(finding.first),
      last: isoInstant(finding.last),
      ...finding.counts,
      why: finding.why,
      action: finding.action,
      evidenceRequestIds: finding.evidence.map((item) => item.requestId).join(' '),
    };
    lines.push(FINDING_COLUMNS.map((column) => csvValue(values[column])).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function changeCells(row: DeltaRow | undefined): string[] {
  if (row === undefined) return ['0', '0', '', ''];
  return [String(row.before), String(row.change), row.changePercent === null ? '' : String(row.changePercent), row.status];
}

function csvValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // Top codes `50126:12 50074:3` and categories `credentials:12 mfa:3`: spaces, so the cell needs no quoting.
  if (Array.isArray(value))
    return value.map((item: { code?: number; category?: string; count: number }) => `${item.code ?? item.category}:${item.count}`).join(' ');
  return csvCell(neutralize(String(value ?? '')));
}
