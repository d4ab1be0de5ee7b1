// Shared text helpers: numbers and rates without a locale, counts with their nouns (one duplicate, two
// duplicates), hostile text made harmless to display, and texts copied out of what they were read from.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { count, formatCount, formatPercent, formatRate } from '../src/render/format.js';
import { rowsRead } from '../src/render/sections.js';
import { detach, neutralize, truncate } from '../src/text.js';
import { analyzeSignIns, makeSignIn } from './helpers/signins.js';

describe('numbers', () => {
  it('groups thousands with commas, whatever the locale', () => {
    fc.assert(
      fc.property(fc.nat(), (value) => {
        const text = formatCount(value);
        expect(Number(text.replaceAll(',', ''))).toBe(value);
        expect(text).toMatch(/^\d{1,3}(,\d{3})*$/);
      }),
    );
  });

  it("rounds a user's failure rate once, from the counts: 3 failures of 17 are 17.6%, not 17.65% rounded to 17.7%", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.nat(60), (signIns, wanted) => {
        const failures = wanted % (signIns + 1);
        const rows = Array.from({ length: signIns }, (_, i) => makeSignIn({ errorCode: i < failures ? 50126 : 0 }));
        const rate = analyzeSignIns(rows).report.byEntity.user[0]!.failureRate;
        const tenths = Math.round((failures * 1000) / signIns);
        expect(formatRate(rate)).toBe(`${Math.trunc(tenths / 10)}${tenths % 10 === 0 ? '' : `.${tenths % 10}`}%`);
      }),
    );
    expect(
      formatRate(analyzeSignIns(Array.from({ length: 17 }, (_, i) => makeSignIn({ errorCode: i < 3 ? 50126 : 0 }))).report.byEntity.user[0]!.failureRate),
    ).toBe('17.6%');
  });

  it('rounds rates to one decimal and drops a trailing .0', () => {
    expect(formatRate(0.5)).toBe('50%');
    expect(formatRate(0.1774)).toBe('17.7%');
    expect(formatRate(1)).toBe('100%');
    expect(formatPercent(1, 3)).toBe('33.3%');
    expect(formatPercent(0, 0)).toBe('0%');
  });
});

describe('counts with their nouns', () => {
  it('gives the noun in the singular for one and in the plural otherwise', () => {
    expect([0, 1, 2, 1234].map((n) => count(n, 'user'))).toEqual(['0 users', '1 user', '2 users', '1,234 users']);
    expect([1, 3].map((n) => count(n, 'address', 'addresses'))).toEqual(['1 address', '3 addresses']);
  });

  it('says what the rows read were not counted as, one or more of each', () => {
    const accounting = { rowsRead: 25, signIns: 13, rejected: 11, duplicates: 1, outsideWindow: 0, filteredOut: 0 };
    expect(rowsRead(accounting, [])).toBe('25 (11 rejected, 1 duplicate)');
    expect(rowsRead({ ...accounting, signIns: 12, duplicates: 2 }, [])).toBe('25 (11 rejected, 2 duplicates)');
    expect(rowsRead({ ...accounting, signIns: 24, rejected: 0 }, [])).toBe('25 (1 duplicate)');
    expect(rowsRead({ ...accounting, signIns: 25, rejected: 0, duplicates: 0 }, [])).toBe('25');
  });

  it("tells the inputs' records of another kind from the sign-ins the row filters left out", () => {
    const input = (path: string, rows: number, signIns: number, filteredOut: number) =>
      ({ path, format: 'portal-csv', rowsRead: rows, signIns, rejected: 0, duplicates: 0, filteredOut }) as const;
    const inputs = [input('details.csv', 410, 0, 410), input('sign-ins.csv', 315, 315, 0)];
    const accounting = { rowsRead: 725, signIns: 315, rejected: 0, duplicates: 0, outsideWindow: 0, filteredOut: 410 };
    expect(rowsRead(accounting, inputs)).toBe('725 (410 not sign-ins)');
    expect(rowsRead({ ...accounting, signIns: 20, outsideWindow: 5, filteredOut: 700 }, inputs)).toBe(
      '725 (410 not sign-ins, 5 outside the time filter, 290 filtered out)',
    );
  });
});

describe('hostile text', () => {
  it('leaves no control, line-break or direction-override character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these characters
        expect(neutralize(text)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f]/);
      }),
    );
    expect(neutralize('a\r\nb\tc\u001b[2Jd\u202ee')).toBe('a b c\uFFFD[2Jd\uFFFDe');
  });

  it('cuts to at most max characters, keeps a prefix, marks the cut, never splits a surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 1, max: 40 }), (text, max) => {
        const cut = truncate(text, max);
        const points = Array.from(cut);
        expect(points.length).toBeLessThanOrEqual(max);
        if (cut === text) expect(Array.from(text).length).toBeLessThanOrEqual(max);
        else {
          expect(cut.endsWith('…')).toBe(true);
          expect(text.startsWith(cut.slice(0, -1))).toBe(true);
        }
        expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
      }),
    );
  });
});

describe('detach', () => {
  it('gives the same text, whatever it holds (lone surrogates, none at all)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), fc.nat(40), (text, from) => {
        // A slice of a longer text, as values read from a chunk are.
        const slice = `${'x'.repeat(from)}${text}y`.slice(from, from + text.length);
        expect(detach(slice)).toBe(text);
      }),
      { numRuns: 2000 },
    );
    expect(detach('')).toBe('');
  });
});
