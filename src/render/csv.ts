// Owns the CSV format: one dimension per run (--by), the same rows and field names as that section of
// the JSON. Cells are neutralised and defused against spreadsheet formula injection (catalog's csvCell).

import type { DimensionId } from '../analyze/dimensions.js';
import type { Report } from '../analyze/types.js';
import { csvCell } from '../catalog/render.js';
import { neutralize } from './format.js';
import type { RenderOptions } from './index.js';
import { JSON_SECTIONS, jsonRows } from './json.js';

/** The columns of each dimension's CSV, in order: the JSON row fields, nested top codes flattened. */
export function csvColumns(id: DimensionId): readonly string[] {
  switch (id) {
    case 'code':
      return ['code', 'name', 'outcome', 'category', 'catalogued', 'count', 'users', 'apps', 'description', 'remediation', 'failureReason', 'failures', 'interrupted'];
    case 'category':
      return ['category', 'title', 'actor', 'count', 'users', 'codes', 'failures', 'interrupted', 'guidance', 'topCodes'];
    default:
      return [
        JSON_SECTIONS[id].field,
        'signIns',
        'failures',
        'interrupted',
        'failureRate',
        ...(id === 'user' ? [] : ['users']),
        'topCodes',
        ...(id === 'client-app' ? ['legacy'] : []),
      ];
  }
}

export function renderCsv(report: Report, options: RenderOptions): string {
  const columns = csvColumns(options.by);
  const lines = [columns.join(',')];
  for (const row of jsonRows(report, options.by) as unknown as Record<string, unknown>[]) {
    lines.push(columns.map((column) => csvValue(row[column])).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function csvValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // Top codes: `50126:12 50074:3`, spaces so the cell needs no quoting.
  if (Array.isArray(value)) return value.map(({ code, count }: { code: number; count: number }) => `${code}:${count}`).join(' ');
  const text = neutralize(String(value ?? ''));
  // csvCell defuses a formula at the very start; some importers trim leading spaces first, so defuse those too.
  return csvCell(/^\s+[=+\-@]/.test(text) ? `'${text}` : text);
}
