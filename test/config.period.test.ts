// --period and --tz: worked examples, errors, and properties checked against a naive millisecond model in UTC
// and against the calendar itself in zones with daylight saving (every instant lies in exactly one ISO week).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.js';
import { checkTimeZone, isoWeekOf, PERIOD_KEYWORDS, periodContains, previousPeriod, resolvePeriod, type ResolvedPeriod } from '../src/config/period.js';

const DAY = 86_400_000;
/** Wednesday of ISO week 47 of 2026. */
const NOW = new Date('2026-11-18T10:30:00Z');

const iso = (date: Date): string => date.toISOString();
const span = (period: ResolvedPeriod): [string, string, string] => [period.label, iso(period.start), iso(period.end)];

function usageErrorOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('USAGE');
    return error as AppError;
  }
  throw new Error('expected a usage error');
}

describe('resolvePeriod in UTC', () => {
  it.each([
    ['yesterday', '2026-11-17', '2026-11-17T00:00:00.000Z', '2026-11-18T00:00:00.000Z'],
    ['last-7d', '2026-11-11..2026-11-17', '2026-11-11T00:00:00.000Z', '2026-11-18T00:00:00.000Z'],
    ['last-week', '2026-W46', '2026-11-09T00:00:00.000Z', '2026-11-16T00:00:00.000Z'],
    ['this-week', '2026-W47', '2026-11-16T00:00:00.000Z', '2026-11-18T10:30:00.000Z'],
    ['last-month', '2026-10', '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
    ['2026-11-02..2026-11-04', '2026-11-02..2026-11-04', '2026-11-02T00:00:00.000Z', '2026-11-05T00:00:00.000Z'],
    ['2026-11-02..2026-11-02', '2026-11-02', '2026-11-02T00:00:00.000Z', '2026-11-03T00:00:00.000Z'],
    ['2026-W01', '2026-W01', '2025-12-29T00:00:00.000Z', '2026-01-05T00:00:00.000Z'],
    ['2026-W53', '2026-W53', '2026-12-28T00:00:00.000Z', '2027-01-04T00:00:00.000Z'],
    ['2020-w53', '2020-W53', '2020-12-28T00:00:00.000Z', '2021-01-04T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29', '2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
    ['2024-02', '2024-02', '2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
    [' Last-Week ', '2026-W46', '2026-11-09T00:00:00.000Z', '2026-11-16T00:00:00.000Z'],
  ])('%s', (spec, label, start, end) => {
    expect(span(resolvePeriod(spec, NOW, 'UTC'))).toEqual([label, start, end]);
  });

  it('last-month in January is December of the year before', () => {
    expect(span(resolvePeriod('last-month', new Date('2027-01-01T00:00:00Z'), 'UTC'))).toEqual([
      '2026-12',
      '2026-12-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ]);
  });

  it('counts days and kinds', () => {
    expect(resolvePeriod('last-month', NOW, 'UTC')).toMatchObject({ kind: 'month', days: 31, timeZone: 'UTC' });
    expect(resolvePeriod('2024-02', NOW, 'UTC')).toMatchObject({ kind: 'month', days: 29 });
    expect(resolvePeriod('last-7d', NOW, 'UTC')).toMatchObject({ kind: 'days', days: 7 });
    expect(resolvePeriod('2026-11-02..2026-11-04', NOW, 'UTC')).toMatchObject({ kind: 'days', days: 3 });
    expect(resolvePeriod('this-week', NOW, 'UTC')).toMatchObject({ kind: 'week-to-date', days: 7 });
  });
});

describe('resolvePeriod in other zones', () => {
  it('follows the zone calendar: last week in Berlin starts at 23:00 UTC on Sunday', () => {
    expect(span(resolvePeriod('last-week', NOW, 'Europe/Berlin'))).toEqual(['2026-W46', '2026-11-08T23:00:00.000Z', '2026-11-15T23:00:00.000Z']);
  });

  it('yesterday depends on the zone: 02:00 UTC is still the day before in New York', () => {
    const now = new Date('2026-11-18T02:00:00Z');
    expect(resolvePeriod('yesterday', now, 'UTC').label).toBe('2026-11-17');
    expect(span(resolvePeriod('yesterday', now, 'America/New_York'))).toEqual(['2026-11-16', '2026-11-16T05:00:00.000Z', '2026-11-17T05:00:00.000Z']);
  });

  it('a week with the spring change is an hour short, the autumn one an hour long', () => {
    const spring = resolvePeriod('2026-W13', NOW, 'Europe/Berlin');
    const autumn = resolvePeriod('2026-W43', NOW, 'Europe/Berlin');
    expect(spring.end.getTime() - spring.start.getTime()).toBe(7 * DAY - 3_600_000);
    expect(autumn.end.getTime() - autumn.start.getTime()).toBe(7 * DAY + 3_600_000);
  });

  it('a day whose midnight does not exist starts at the first instant that does', () => {
    // Santiago moved its clocks from 00:00 to 01:00 on 6 September 2026.
    expect(iso(resolvePeriod('2026-09-06', NOW, 'America/Santiago').start)).toBe('2026-09-06T04:00:00.000Z');
  });

  it('canonicalises the zone name and accepts offsets', () => {
    expect(checkTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(checkTimeZone('utc')).toBe('UTC');
    expect(iso(resolvePeriod('2026-11-02', NOW, '+05:30').start)).toBe('2026-11-01T18:30:00.000Z');
  });
});

describe('usage errors', () => {
  it.each([
    ['lastweek', 'unknown period'],
    ['', 'unknown period'],
    ['2026-02-30', 'is not a date'],
    ['2026-02-28..2026-02-30', 'is not a date'],
    ['2026-11-10..2026-11-01', 'ends before it starts'],
    ['2026-W00', 'has no ISO week 0'],
    ['2025-W53', 'has no ISO week 53'],
    ['2026-13', 'names no month'],
    ['2026/11/01', 'unknown period'],
  ])('%s', (spec, why) => {
    const error = usageErrorOf(() => resolvePeriod(spec, NOW, 'UTC'));
    expect(error.message).toContain(`'${spec}'`);
    expect(error.message).toContain(why);
    expect(error.hint).toBeDefined();
  });

  it('an unknown zone', () => {
    expect(usageErrorOf(() => resolvePeriod('yesterday', NOW, 'Mars/Olympus')).message).toContain("'Mars/Olympus'");
  });
});

// ---- properties ----

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'America/Santiago',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
  'Pacific/Apia',
];
const zoneArbitrary = fc.constantFrom(...ZONES);
const instantArbitrary = fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2099, 11, 31) }).map((ms) => new Date(ms));
const keywordArbitrary = fc.constantFrom(...PERIOD_KEYWORDS);

/** The naive model: whole UTC days counted in milliseconds; 1 January 1970 was a Thursday. */
function naiveUtc(keyword: (typeof PERIOD_KEYWORDS)[number], now: Date): [number, number] {
  const today = Math.floor(now.getTime() / DAY) * DAY;
  const weekday = (Math.floor(now.getTime() / DAY) + 3) % 7; // 0 = Monday
  const monday = today - weekday * DAY;
  const firstOfMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  switch (keyword) {
    case 'yesterday':
      return [today - DAY, today];
    case 'last-7d':
      return [today - 7 * DAY, today];
    case 'last-week':
      return [monday - 7 * DAY, monday];
    case 'this-week':
      return [monday, now.getTime()];
    case 'last-month':
      return [Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1), firstOfMonth];
  }
}

describe('properties', () => {
  it('in UTC every keyword matches the naive millisecond model', () => {
    fc.assert(
      fc.property(keywordArbitrary, instantArbitrary, (keyword, now) => {
        const period = resolvePeriod(keyword, now, 'UTC');
        expect([period.start.getTime(), period.end.getTime()]).toEqual(naiveUtc(keyword, now));
      }),
    );
  });

  it('every instant lies in exactly one ISO week, and the weeks tile time', () => {
    fc.assert(
      fc.property(instantArbitrary, zoneArbitrary, (instant, zone) => {
        const week = resolvePeriod(isoWeekOf(instant, zone), NOW, zone);
        const before = previousPeriod(week);
        const after = resolvePeriod(isoWeekOf(week.end, zone), NOW, zone);
        expect(periodContains(week, instant)).toBe(true);
        expect(periodContains(before, instant)).toBe(false);
        expect(periodContains(after, instant)).toBe(false);
        expect(before.end.getTime()).toBe(week.start.getTime());
        expect(after.start.getTime()).toBe(week.end.getTime());
        // A week is seven days, give or take one daylight-saving shift of at most an hour; or six, the week Samoa
        // skipped 30 December 2011 to cross the date line (Pacific/Apia is one of the zones).
        const length = week.end.getTime() - week.start.getTime();
        const skipped = zone === 'Pacific/Apia' && week.start.getTime() === Date.UTC(2011, 11, 26, 10) ? DAY : 0;
        expect(Math.abs(length - (7 * DAY - skipped))).toBeLessThanOrEqual(3_600_000);
      }),
    );
  });

  it('the ISO week in which Samoa skipped a day to cross the date line is six days long, and holds its Monday', () => {
    const monday = new Date('2011-12-26T10:00:00.000Z');
    const week = resolvePeriod(isoWeekOf(monday, 'Pacific/Apia'), NOW, 'Pacific/Apia');
    expect(periodContains(week, monday)).toBe(true);
    expect([week.start.toISOString(), week.end.toISOString()]).toEqual(['2011-12-26T10:00:00.000Z', '2012-01-01T10:00:00.000Z']);
  });

  it('in UTC the ISO week of an instant matches the naive model', () => {
    fc.assert(
      fc.property(instantArbitrary, (instant) => {
        const day = Math.floor(instant.getTime() / DAY);
        const monday = (day - ((day + 3) % 7)) * DAY;
        const week = resolvePeriod(isoWeekOf(instant, 'UTC'), NOW, 'UTC');
        expect([week.start.getTime(), week.end.getTime()]).toEqual([monday, monday + 7 * DAY]);
      }),
    );
  });

  it('a label read back as --period gives the same period (this-week: the whole week)', () => {
    fc.assert(
      fc.property(keywordArbitrary, instantArbitrary, zoneArbitrary, (keyword, now, zone) => {
        const period = resolvePeriod(keyword, now, zone);
        const again = resolvePeriod(period.label, new Date(0), zone);
        expect(again.start.getTime()).toBe(period.start.getTime());
        if (keyword === 'this-week') expect(again.end.getTime()).toBeGreaterThan(period.end.getTime());
        else expect(again.end.getTime()).toBe(period.end.getTime());
      }),
    );
  });

  it('starts days at midnight after a day whose clocks skipped it (Kiritimati, 1 October 1979)', () => {
    // The islands moved from UTC-10:40 to UTC-10:00 at midnight: that day began at 00:40.
    const now = new Date('1979-10-01T10:40:00Z');
    const yesterday = resolvePeriod('yesterday', now, 'Pacific/Kiritimati');
    expect(yesterday.start.toISOString()).toBe('1979-09-30T10:40:00.000Z');
    const before = previousPeriod(yesterday);
    expect([before.start.toISOString(), before.end.toISOString()]).toEqual(['1979-09-29T10:40:00.000Z', '1979-09-30T10:40:00.000Z']);
    expect(resolvePeriod(before.label, now, 'Pacific/Kiritimati')).toMatchObject({ start: before.start, end: before.end });
  });

  /** A period's label, start and end, as written. */
  const shown = (period: ResolvedPeriod): string[] => [period.label, period.start.toISOString(), period.end.toISOString()];

  it('counts the days that happened, where a zone skipped one (Kiritimati 1994, Samoa 2011)', () => {
    // 31 December 1994 never happened in Kiritimati: the day before 1 January 1995 was 30 December.
    const zone = 'Pacific/Kiritimati';
    const yesterday = resolvePeriod('yesterday', new Date('1994-12-31T12:00:00Z'), zone);
    expect(shown(yesterday)).toEqual(['1994-12-30', '1994-12-30T10:00:00.000Z', '1994-12-31T10:00:00.000Z']);
    expect(previousPeriod(resolvePeriod('1995-01-01', new Date(0), zone))).toMatchObject({ label: '1994-12-30', start: yesterday.start, end: yesterday.end });
    // Seven days that happened, and a range naming them has seven days too.
    const week = resolvePeriod('last-7d', new Date('1994-12-31T12:00:00Z'), zone);
    expect(week.label).toBe('1994-12-24..1994-12-30');
    expect(resolvePeriod(week.label, new Date(0), zone)).toMatchObject({ start: week.start, end: week.end, days: 7 });
    expect(resolvePeriod('1994-12-30..1995-01-05', new Date(0), zone).days).toBe(6);
    expect(resolvePeriod('1994-12', new Date(0), zone).days).toBe(30);
    // Samoa skipped 30 December 2011.
    const samoa = resolvePeriod('yesterday', new Date('2011-12-30T12:00:00Z'), 'Pacific/Apia');
    expect(shown(samoa)).toEqual(['2011-12-29', '2011-12-29T10:00:00.000Z', '2011-12-30T10:00:00.000Z']);
  });

  it('finds the months around one whose last day was skipped (Kiritimati, 31 December 1994)', () => {
    // The islands moved from UTC-10:00 to UTC+14:00: 30 December was followed by 1 January.
    const zone = 'Pacific/Kiritimati';
    const december = resolvePeriod('last-month', new Date('1995-01-15T00:00:00Z'), zone);
    expect(shown(december)).toEqual(['1994-12', '1994-12-01T10:00:00.000Z', '1994-12-31T10:00:00.000Z']);
    const november = resolvePeriod('1994-11', new Date(0), zone);
    expect([november.start.toISOString(), november.end.toISOString()]).toEqual(['1994-11-01T10:00:00.000Z', '1994-12-01T10:00:00.000Z']);
    expect(previousPeriod(resolvePeriod('1995-01', new Date(0), zone))).toMatchObject({ label: '1994-12', start: december.start, end: december.end });
  });

  it('the period before ends where this one starts and has the same kind and number of days', () => {
    fc.assert(
      fc.property(keywordArbitrary, instantArbitrary, zoneArbitrary, (keyword, now, zone) => {
        const period = resolvePeriod(keyword, now, zone);
        const previous = previousPeriod(period);
        expect(previous.kind).toBe(period.kind);
        if (period.kind === 'week-to-date') {
          expect(previous.start.getTime()).toBe(previousPeriod(resolvePeriod(period.label, now, zone)).start.getTime());
          expect(previous.end.getTime()).toBeLessThanOrEqual(period.start.getTime());
        } else {
          expect(previous.end.getTime()).toBe(period.start.getTime());
        }
        if (period.kind !== 'month') expect(previous.days).toBe(period.days);
        // Read back, its label is the same period again.
        if (period.kind !== 'week-to-date') {
          const again = resolvePeriod(previous.label, now, zone);
          expect([again.start.getTime(), again.end.getTime()]).toEqual([previous.start.getTime(), previous.end.getTime()]);
        }
      }),
    );
  });

  it('in UTC the period before a run of days or a week has exactly the same length', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          keywordArbitrary.filter((keyword) => keyword !== 'last-month'),
          fc.tuple(fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: 0, max: 400 })).map(([first, length]) => {
            const day = (offset: number): string => new Date(Date.UTC(1990, 0, 1) + offset * DAY).toISOString().slice(0, 10);
            return `${day(first)}..${day(first + length)}`;
          }),
        ),
        instantArbitrary,
        (spec, now) => {
          const period = resolvePeriod(spec, now, 'UTC');
          const previous = previousPeriod(period);
          expect(previous.end.getTime() - previous.start.getTime()).toBe(period.end.getTime() - period.start.getTime());
        },
      ),
    );
  });
});
