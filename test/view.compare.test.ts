// The comparison of two reports, checked against a naive model written here: new, gone and common entries
// partition the keys, every delta is now − before, and swapping the reports mirrors the result.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPARED_DIMENSIONS, dimensionOf, type ComparedDimension } from '../src/analyze/dimensions.js';
import { compareFigures, type DeltaRow, type ReportFigures } from '../src/view/compare.js';
import { figures as figuresOf, type FigureParts } from './helpers/figures.js';

const EMPTY_FIGURES: FigureParts = { totals: { signIns: 0, failure: 0, interrupted: 0 } };

const countArbitrary = fc.integer({ min: 0, max: 60 });

/** Figures in the JSON contract's shape, with keys drawn from small pools so the two sides overlap. */
const figuresArbitrary: fc.Arbitrary<ReportFigures> = fc
  .record({
    codes: fc.uniqueArray(fc.constantFrom(50053, 50074, 50126, 53003, 700016, 9), { maxLength: 6 }),
    categories: fc.uniqueArray(fc.constantFrom('credentials', 'mfa', 'account_blocked', 'unknown'), { maxLength: 4 }),
    users: fc.uniqueArray(fc.constantFrom('alice@contoso.example', 'bob@contoso.example', 'Carol', '(none)', 'backup-job'), { maxLength: 5 }),
    apps: fc.uniqueArray(fc.constantFrom('Azure Portal', 'Microsoft Teams', 'SharePoint Online', '(none)'), { maxLength: 4 }),
    ips: fc.uniqueArray(fc.constantFrom('203.0.113.9', '198.51.100.7', '(none)'), { maxLength: 3 }),
    counts: fc.array(countArbitrary, { minLength: 40, maxLength: 40 }),
    successes: countArbitrary,
  })
  .map(({ codes, categories, users, apps, ips, counts, successes }) => {
    let next = 0;
    const take = (): number => counts[next++ % counts.length]!;
    const byUser = users.map((user) => ({ user, failures: take(), interrupted: take() }));
    const failure = byUser.reduce((sum, row) => sum + row.failures, 0);
    const interrupted = byUser.reduce((sum, row) => sum + row.interrupted, 0);
    return figuresOf({
      totals: { signIns: failure + interrupted + successes, failure, interrupted },
      byCode: codes.map((code) => ({ code, count: take() })),
      byCategory: categories.map((category) => ({ category, count: take() })),
      byUser,
      byApp: apps.map((app) => ({ app, failures: take(), interrupted: take() })),
      rows: { ip: ips.map((key) => ({ key, failures: take(), interrupted: take() })) },
    });
  });

/** Codes and categories compare failures and interrupts together; every other dimension its failures. */
function naiveCounts(figures: ReportFigures, dimension: ComparedDimension): Record<string, number> {
  const both = dimension === 'code' || dimension === 'category';
  expect(dimensionOf(dimension).compare).toBe(both ? 'count' : 'failures');
  return Object.fromEntries(figures.rows[dimension].map((row) => [row.key, row.failures + (both ? row.interrupted : 0)]));
}

describe('compareFigures against a naive model', () => {
  it('new, gone and common rows partition the keys counted on either side, each with the right delta', () => {
    fc.assert(
      fc.property(figuresArbitrary, figuresArbitrary, (now, before) => {
        const comparison = compareFigures(now, before);
        for (const dimension of COMPARED_DIMENSIONS) {
          const nowCounts = naiveCounts(now, dimension);
          const beforeCounts = naiveCounts(before, dimension);
          const counted = new Set(
            [...Object.keys(nowCounts), ...Object.keys(beforeCounts)].filter((key) => (nowCounts[key] ?? 0) + (beforeCounts[key] ?? 0) > 0),
          );
          const rows = comparison.rows[dimension]!;
          const fresh = rows.filter((row) => row.status === 'new').map((row) => row.key);
          const gone = rows.filter((row) => row.status === 'gone').map((row) => row.key);
          const common = rows.filter((row) => ['up', 'down', 'same'].includes(row.status)).map((row) => row.key);

          expect([...fresh, ...gone, ...common].sort()).toEqual([...counted].sort());
          expect(fresh.sort()).toEqual([...counted].filter((key) => (beforeCounts[key] ?? 0) === 0).sort());
          expect(gone.sort()).toEqual([...counted].filter((key) => (nowCounts[key] ?? 0) === 0).sort());

          for (const row of rows) {
            const n = nowCounts[row.key] ?? 0;
            const b = beforeCounts[row.key] ?? 0;
            expect(row).toMatchObject({ now: n, before: b, change: n - b });
            if (b === 0) expect(row.changePercent).toBeNull();
            // One decimal: at most half a tenth from the exact value.
            else expect(Math.abs(row.changePercent! - ((n - b) / b) * 100)).toBeLessThanOrEqual(0.05 + 1e-9);
            if (row.status === 'up') expect(n).toBeGreaterThan(b);
            if (row.status === 'down') expect(n).toBeLessThan(b);
            if (row.status === 'same') expect(n).toBe(b);
          }
          const counts = comparison.counts[dimension]!;
          expect(counts.new + counts.gone + counts.up + counts.down + counts.same).toBe(rows.length);
          expect(counts.new).toBe(fresh.length);
          expect(counts.gone).toBe(gone.length);
        }
      }),
    );
  });

  it('lists the largest movement first, then the larger count, then the key', () => {
    fc.assert(
      fc.property(figuresArbitrary, figuresArbitrary, (now, before) => {
        for (const rows of Object.values(compareFigures(now, before).rows)) {
          for (let i = 1; i < rows.length; i++) {
            const [a, b] = [rows[i - 1]!, rows[i]!];
            expect(Math.abs(a.change)).toBeGreaterThanOrEqual(Math.abs(b.change));
            if (Math.abs(a.change) === Math.abs(b.change)) expect(a.now).toBeGreaterThanOrEqual(b.now);
          }
        }
      }),
    );
  });

  it('swapping the reports negates every change and swaps new and gone', () => {
    const mirror: Record<DeltaRow['status'], DeltaRow['status']> = { new: 'gone', gone: 'new', up: 'down', down: 'up', same: 'same' };
    fc.assert(
      fc.property(figuresArbitrary, figuresArbitrary, (a, b) => {
        const forward = compareFigures(a, b);
        const backward = compareFigures(b, a);
        for (const dimension of COMPARED_DIMENSIONS) {
          const back = new Map(backward.rows[dimension]!.map((row) => [row.key, row]));
          for (const row of forward.rows[dimension]!) {
            const other = back.get(row.key)!;
            expect(other.change + row.change).toBe(0);
            expect(other.status).toBe(mirror[row.status]);
          }
          expect(back.size).toBe(forward.rows[dimension]!.length);
        }
        expect(backward.totals.failures.change + forward.totals.failures.change).toBe(0);
        expect(backward.totals.failureRate.change).toBeCloseTo(-forward.totals.failureRate.change, 2);
      }),
    );
  });

  it('a report compared with itself has only unchanged rows', () => {
    fc.assert(
      fc.property(figuresArbitrary, (figures) => {
        const comparison = compareFigures(figures, figures);
        for (const rows of Object.values(comparison.rows)) for (const row of rows) expect(row).toMatchObject({ status: 'same', change: 0, changePercent: 0 });
      }),
    );
  });
});

describe('an earlier report that lacks a dimension', () => {
  it('leaves that dimension out instead of counting every key as new', () => {
    fc.assert(
      fc.property(figuresArbitrary, figuresArbitrary, fc.subarray([...COMPARED_DIMENSIONS]), (now, before, kept) => {
        const partial = { totals: before.totals, rows: Object.fromEntries(kept.map((id) => [id, before.rows[id]])) };
        const comparison = compareFigures(now, partial);
        expect(Object.keys(comparison.rows).sort()).toEqual([...kept].sort());
        for (const id of kept) expect(comparison.rows[id]).toEqual(compareFigures(now, before).rows[id]);
      }),
    );
  });
});

describe('compareFigures examples', () => {
  const before: ReportFigures = figuresOf({
    totals: { signIns: 200, failure: 20, interrupted: 4 },
    byCode: [
      { code: 50126, count: 10 },
      { code: 50053, count: 6 },
      { code: 50074, count: 4 },
      { code: 53003, count: 4 },
    ],
    byCategory: [{ category: 'credentials', count: 10 }],
    byUser: [
      { user: 'alice', failures: 8, interrupted: 0 },
      { user: 'only-success', failures: 0, interrupted: 0 },
    ],
    byApp: [],
  });
  const now: ReportFigures = figuresOf({
    totals: { signIns: 150, failure: 30, interrupted: 0 },
    byCode: [
      { code: 50126, count: 25 },
      { code: 50053, count: 3 },
      { code: 700016, count: 2 },
    ],
    byCategory: [{ category: 'credentials', count: 25 }],
    byUser: [
      { user: 'alice', failures: 8, interrupted: 0 },
      { user: 'only-success', failures: 0, interrupted: 0 },
    ],
    byApp: [{ app: 'Azure Portal', failures: 30, interrupted: 0 }],
  });
  const comparison = compareFigures(now, before);

  it('totals, with the failure rate in percentage points', () => {
    expect(comparison.totals).toEqual({
      signIns: { now: 150, before: 200, change: -50, changePercent: -25 },
      failures: { now: 30, before: 20, change: 10, changePercent: 50 },
      interrupted: { now: 0, before: 4, change: -4, changePercent: -100 },
      failureRate: { now: 20, before: 10, change: 10, changePercent: null },
    });
  });

  it('codes, sorted by movement; codes with the same movement by number', () => {
    expect(comparison.rows.code).toEqual(
      [
        { key: '50126', now: 25, before: 10, change: 15, changePercent: 150, status: 'up' },
        { key: '50053', now: 3, before: 6, change: -3, changePercent: -50, status: 'down' },
        { key: '50074', now: 0, before: 4, change: -4, changePercent: -100, status: 'gone' },
        { key: '53003', now: 0, before: 4, change: -4, changePercent: -100, status: 'gone' },
        { key: '700016', now: 2, before: 0, change: 2, changePercent: null, status: 'new' },
      ].sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || b.now - a.now || Number(a.key) - Number(b.key)),
    );
    expect(comparison.counts.code).toEqual({ new: 1, gone: 2, up: 1, down: 1, same: 0 });
  });

  it('leaves out a user with no failures on either side and counts an app seen only now as new', () => {
    expect(comparison.rows.user!.map((row) => row.key)).toEqual(['alice']);
    expect(comparison.rows.app).toEqual([{ key: 'Azure Portal', now: 30, before: 0, change: 30, changePercent: null, status: 'new' }]);
  });

  it('against an empty report everything is new, and rates of nothing are 0', () => {
    const fromNothing = compareFigures(now, figuresOf(EMPTY_FIGURES));
    expect(fromNothing.counts.code).toEqual({ new: 3, gone: 0, up: 0, down: 0, same: 0 });
    expect(fromNothing.totals.failureRate).toEqual({ now: 20, before: 0, change: 20, changePercent: null });
  });

  it('rounds a percent change half away from zero, and never to -0', () => {
    const third = compareFigures(
      figuresOf({ ...EMPTY_FIGURES, byCode: [{ code: 1, count: 2 }] }),
      figuresOf({ ...EMPTY_FIGURES, byCode: [{ code: 1, count: 3 }] }),
    );
    expect(third.rows.code![0]!.changePercent).toBe(-33.3);
    const tiny = compareFigures(
      figuresOf({ ...EMPTY_FIGURES, byCode: [{ code: 1, count: 100_000 }] }),
      figuresOf({ ...EMPTY_FIGURES, byCode: [{ code: 1, count: 100_001 }] }),
    );
    expect(Object.is(tiny.rows.code![0]!.changePercent, 0)).toBe(true);
  });
});
