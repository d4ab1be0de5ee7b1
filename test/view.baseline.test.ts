// --baseline: a schemaVersion 1 report loads (extra fields ignored), and everything else is one BASELINE_INVALID
// error that names the file and the first bad field. Files are written to a fresh temp dir per test.

import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.js';
import { checkBaseline, loadBaseline } from '../src/view/baseline.js';
import { COMPARED_DIMENSIONS, dimensionOf, type ComparedDimension } from '../src/analyze/dimensions.js';
import type { FigureRow, ReportFigures } from '../src/view/compare.js';
import { fileAt } from './helpers/files.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'signin-baseline-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const REPORT = {
  schemaVersion: 1,
  tool: { name: 'signin-analyzer', version: '0.1.0', catalogVersion: 'x' },
  generatedAt: '2026-11-16T06:00:00.000Z',
  period: { since: '2026-11-09T00:00:00.000Z', until: '2026-11-16T00:00:00.000Z', firstSignIn: '2026-11-09T00:10:00.000Z', lastSignIn: null },
  totals: { signIns: 10, success: 6, failure: 3, interrupted: 1, users: 2, apps: 1 },
  byCode: [
    { code: 50126, name: 'InvalidUserNameOrPassword', count: 3 },
    { code: 50074, count: 1 },
  ],
  byCategory: [{ category: 'credentials', title: 'x', count: 3 }],
  byUser: [{ user: 'alice@contoso.example', signIns: 5, failures: 3, interrupted: 1, failureRate: 0.6 }],
  byApp: [{ app: 'Azure Portal', signIns: 10, failures: 3, interrupted: 1 }],
  byClientApp: [{ clientApp: 'Browser', signIns: 10, failures: 3, interrupted: 1 }],
  byCountry: [],
  byIp: [{ ip: '203.0.113.9', signIns: 4, failures: 2, interrupted: 0 }],
  byType: [{ type: 'interactive', signIns: 10, failures: 3, interrupted: 1 }],
  somethingNewer: { ignored: true },
};

function write(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function baselineError(content: string | null): Promise<AppError> {
  const path = content === null ? join(dir, 'missing.json') : write('baseline.json', content);
  const error = await loadBaseline(fileAt(path)).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('BASELINE_INVALID');
  expect((error as AppError).file).toBe(path);
  expect((error as AppError).hint).toBeTruthy();
  return error as AppError;
}

describe('loadBaseline', () => {
  it('reads the figures, dates and period of a report, with or without a byte-order mark', async () => {
    for (const prefix of ['', '\uFEFF']) {
      const path = write('last.json', prefix + JSON.stringify(REPORT, null, 2));
      const baseline = await loadBaseline(fileAt(path));
      expect(baseline?.figures).toEqual({
        totals: { signIns: 10, failure: 3, interrupted: 1 },
        rows: {
          // Codes and categories without failures and interrupts of their own: their count is what is compared.
          code: [
            { key: '50126', failures: 3, interrupted: 0 },
            { key: '50074', failures: 1, interrupted: 0 },
          ],
          category: [{ key: 'credentials', failures: 3, interrupted: 0 }],
          user: [{ key: 'alice@contoso.example', failures: 3, interrupted: 1 }],
          app: [{ key: 'Azure Portal', failures: 3, interrupted: 1 }],
          'client-app': [{ key: 'Browser', failures: 3, interrupted: 1 }],
          country: [],
          ip: [{ key: '203.0.113.9', failures: 2, interrupted: 0 }],
          type: [{ key: 'interactive', failures: 3, interrupted: 1 }],
        },
      });
      expect(baseline).toMatchObject({
        file: path,
        generatedAt: '2026-11-16T06:00:00.000Z',
        period: { since: '2026-11-09T00:00:00.000Z', until: '2026-11-16T00:00:00.000Z', firstSignIn: '2026-11-09T00:10:00.000Z', lastSignIn: null },
      });
    }
  });

  it.each([
    ['text that is not JSON', 'Date (UTC),Request ID\n', 'is not JSON'],
    ['a list', '[]', 'is not a JSON object'],
    ['JSON without schemaVersion', '{"totals":{}}', 'has no schemaVersion'],
    ['another schemaVersion', JSON.stringify({ ...REPORT, schemaVersion: 2 }), 'schemaVersion 2; this version reads schemaVersion 1'],
    ['a schemaVersion as text', JSON.stringify({ ...REPORT, schemaVersion: '1' }), 'schemaVersion "1"'],
    ['no totals', JSON.stringify({ ...REPORT, totals: undefined }), 'totals is missing'],
    ['a negative total', JSON.stringify({ ...REPORT, totals: { ...REPORT.totals, failure: -1 } }), 'totals.failure is -1, not a count'],
    ['byUser missing', JSON.stringify({ ...REPORT, byUser: undefined }), 'byUser is missing, not a list'],
    [
      'a bad user row',
      JSON.stringify({ ...REPORT, byUser: [REPORT.byUser[0], { user: 'bob', failures: 'many', interrupted: 0 }] }),
      'byUser[1].failures is "many", not a count',
    ],
    ['a code as text', JSON.stringify({ ...REPORT, byCode: [{ code: '50126', count: 3 }] }), 'byCode[0].code is "50126", not a count'],
    ['an app row that is a list', JSON.stringify({ ...REPORT, byApp: [[]] }), 'byApp[0] is a list, not an object'],
  ])('rejects %s', async (_name, content, why) => {
    expect((await baselineError(content)).message).toContain(why);
  });

  it('a report of an older version without the newer compared sections is read, those sections left out and named', async () => {
    const { byClientApp: _clientApps, byIp: _ips, ...older } = REPORT;
    const baseline = (await loadBaseline(fileAt(write('older.json', JSON.stringify(older)))))!;
    expect(Object.keys(baseline.figures.rows).sort()).toEqual(['app', 'category', 'code', 'country', 'type', 'user']);
    // REPORT itself was written before tenants were counted.
    expect(baseline.missing).toEqual(['byClientApp', 'byIp', 'byTenant']);
    // The first four were in every schemaVersion 1 report: one without them is not a report of ours.
    const { byUser: _users, ...noUsers } = REPORT;
    expect((await baselineError(JSON.stringify(noUsers))).message).toContain('byUser');
  });

  it('a file that does not exist yet is no baseline (a schedule’s first week), not an error', async () => {
    expect(await loadBaseline(fileAt(join(dir, 'signins-2026-W45.json')))).toBeNull();
  });

  it('a directory cannot be read', async () => {
    const error = await loadBaseline(fileAt(dir)).then(
      () => undefined,
      (caught: unknown) => caught as AppError,
    );
    expect(error).toMatchObject({ code: 'BASELINE_INVALID', file: dir });
    expect(error!.message).toContain('cannot be read');
  });
});

describe('checkBaseline', () => {
  it('gives back exactly the figures a report was written with, for every compared dimension', () => {
    const count = fc.nat(100_000);
    const rows = (id: ComparedDimension): fc.Arbitrary<FigureRow[]> =>
      fc.array(fc.record({ key: id === 'code' ? fc.nat(9_999_999).map(String) : fc.string({ maxLength: 12 }), failures: count, interrupted: count }));
    const figures: fc.Arbitrary<ReportFigures<ComparedDimension>> = fc.record({
      totals: fc.record({ signIns: count, failure: count, interrupted: count }),
      rows: fc.record(Object.fromEntries(COMPARED_DIMENSIONS.map((id) => [id, rows(id)])) as Record<ComparedDimension, fc.Arbitrary<FigureRow[]>>),
    });
    /** The figures as a JSON report has them: each dimension's section and key field, codes and categories with their count. */
    const asReport = (written: ReportFigures<ComparedDimension>): Record<string, unknown> => ({
      schemaVersion: 1,
      totals: written.totals,
      ...Object.fromEntries(
        COMPARED_DIMENSIONS.map((id) => {
          const { section, field, key } = dimensionOf(id).json;
          return [
            section,
            written.rows[id].map((row) => ({
              [field]: key === 'code' ? Number(row.key) : row.key,
              ...(dimensionOf(id).compare === 'count' ? { count: row.failures + row.interrupted } : {}),
              failures: row.failures,
              interrupted: row.interrupted,
            })),
          ];
        }),
      ),
    });
    fc.assert(
      fc.property(figures, (written) => {
        const read = checkBaseline(JSON.parse(JSON.stringify(asReport(written))), 'x.json');
        // Without days in the file, none are read: a report of an older version.
        expect(read.figures).toEqual(written);
        expect(read.generatedAt).toBeNull();
      }),
    );
  });
});

describe('the days of a baseline', () => {
  it('are read when the report has them, and a bad one names its field', () => {
    const days = [{ day: '2026-11-09', signIns: 4, failures: 2, interrupted: 1, topCodes: [] }];
    expect(checkBaseline({ ...REPORT, byDay: days }, 'x.json').figures.days).toEqual([{ key: '2026-11-09', failures: 2, interrupted: 1 }]);
    expect(checkBaseline(REPORT, 'x.json').figures.days).toBeUndefined();
    expect(() => checkBaseline({ ...REPORT, byDay: [{ day: '2026-11-09', failures: -1, interrupted: 0 }] }, 'x.json')).toThrow('byDay[0].failures');
  });
});
