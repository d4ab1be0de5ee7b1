// Test helper: report figures written the way the JSON contract lists them (codes and categories with their count,
// users and apps with failures and interrupts; the other dimensions empty unless given), as ReportFigures.

import { DIMENSION_IDS, type DimensionId } from '../../src/analyze/dimensions.js';
import type { FigureRow, ReportFigures } from '../../src/view/compare.js';

export interface FigureParts {
  readonly totals: ReportFigures['totals'];
  readonly byCode?: readonly { readonly code: number; readonly count: number }[];
  readonly byCategory?: readonly { readonly category: string; readonly count: number }[];
  readonly byUser?: readonly { readonly user: string; readonly failures: number; readonly interrupted: number }[];
  readonly byApp?: readonly { readonly app: string; readonly failures: number; readonly interrupted: number }[];
  readonly rows?: Partial<Record<DimensionId, readonly FigureRow[]>>;
}

export function figures(parts: FigureParts): ReportFigures {
  const rows = Object.fromEntries(DIMENSION_IDS.map((id) => [id, parts.rows?.[id] ?? []])) as Record<DimensionId, readonly FigureRow[]>;
  rows.code = (parts.byCode ?? []).map((row) => ({ key: String(row.code), failures: row.count, interrupted: 0 }));
  rows.category = (parts.byCategory ?? []).map((row) => ({ key: row.category, failures: row.count, interrupted: 0 }));
  rows.user = (parts.byUser ?? []).map((row) => ({ key: row.user, failures: row.failures, interrupted: row.interrupted }));
  rows.app = (parts.byApp ?? []).map((row) => ({ key: row.app, failures: row.failures, interrupted: row.interrupted }));
  return { totals: parts.totals, rows };
}
