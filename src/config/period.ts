// Owns --period and --tz: a period name or date range, read relative to a `now`, becomes a half-open window
// [start, end) of instants, with a label for file names and the period before it. Pure: the clock is passed in.

import { TZDate, tz } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { addWeeks } from 'date-fns/addWeeks';
import { format } from 'date-fns/format';
import { getISOWeeksInYear } from 'date-fns/getISOWeeksInYear';
import { startOfDay } from 'date-fns/startOfDay';
import { startOfISOWeek } from 'date-fns/startOfISOWeek';
import { startOfMonth } from 'date-fns/startOfMonth';
import { subWeeks } from 'date-fns/subWeeks';
import { usageError } from '../errors.js';
import { utcOffsetMinutes } from '../ingest/dates.js';

export const PERIOD_KEYWORDS = ['yesterday', 'last-7d', 'last-week', 'this-week', 'last-month'] as const;
export type PeriodKeyword = (typeof PERIOD_KEYWORDS)[number];

/** What a period covers, which decides how the period before it is found. */
export const PERIOD_KINDS = ['days', 'week', 'week-to-date', 'month'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface ResolvedPeriod {
  /** The --period text as given. */
  readonly spec: string;
  /** A stable name for the period: `2026-11-15`, `2026-11-09..2026-11-15`, `2026-W46`, `2026-10`. */
  readonly label: string;
  readonly kind: PeriodKind;
  /** Whole days covered (`days` kind); 7 for weeks; the days of the month for months. */
  readonly days: number;
  /** Inclusive. */
  readonly start: Date;
  /** Exclusive. */
  readonly end: Date;
  /** The IANA zone (or UTC offset) whose calendar the period follows. */
  readonly timeZone: string;
}

const HELP = 'use yesterday, last-7d, last-week, this-week, last-month, YYYY-MM-DD..YYYY-MM-DD, YYYY-Www, YYYY-MM-DD or YYYY-MM';

/**
 * Checks a --tz value and returns its canonical spelling (`europe/berlin` → `Europe/Berlin`). A UTC offset
 * (`+01:00`, `-0530`, `+14`) must be one a zone can have: -14:00 to +14:00, minutes below 60.
 */
export function checkTimeZone(zone: string): string {
  const trimmed = zone.trim();
  if (/^[+-]/.test(trimmed)) {
    if (utcOffsetMinutes(trimmed) === undefined) {
      throw usageError(`--tz: ${JSON.stringify(zone)} is not a UTC offset any zone has`, 'offsets run from -14:00 to +14:00, with minutes below 60');
    }
    // TZDate reads the offset itself where this Node's Intl does not take it.
    return trimmed;
  }
  try {
    return new Intl.DateTimeFormat('en', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    throw usageError(`unknown time zone '${zone}'`, 'give an IANA zone such as Europe/Berlin or America/New_York, or UTC');
  }
}

/**
 * Resolves a --period relative to `now`. Calendar words count whole days in the zone and leave today out
 * (a Monday job asking for last-7d gets Monday to Sunday), except this-week, which runs to `now`.
 */
export function resolvePeriod(spec: string, now: Date, timeZone: string): ResolvedPeriod {
  const zone = checkTimeZone(timeZone);
  const inZone = { in: tz(zone) };
  // Each calendar step is brought back to the start of its day (see previousPeriod).
  const midnight = (date: Date): TZDate => startOfDay(date, inZone);
  const text = spec.trim().toLowerCase();
  const build = (kind: PeriodKind, start: TZDate, end: Date, days: number, label: string): ResolvedPeriod => ({
    spec,
    label,
    kind,
    days,
    start: new Date(start.getTime()),
    end: new Date(end.getTime()),
    timeZone: zone,
  });

  switch (text) {
    case 'yesterday': {
      const today = startOfDay(now, inZone);
      const start = daysBack(today, 1, zone);
      return build('days', start, today, 1, dayLabel(start, zone));
    }
    case 'last-7d': {
      const today = startOfDay(now, inZone);
      const start = daysBack(today, 7, zone);
      return build('days', start, today, 7, rangeLabel(start, daysBack(today, 1, zone), zone));
    }
    case 'last-week': {
      const monday = startOfISOWeek(now, inZone);
      const start = midnight(subWeeks(monday, 1, inZone));
      return build('week', start, monday, 7, weekLabel(start, zone));
    }
    case 'this-week': {
      const monday = startOfISOWeek(now, inZone);
      return build('week-to-date', monday, now, 7, weekLabel(monday, zone));
    }
    case 'last-month': {
      const first = startOfMonth(now, inZone);
      const start = midnight(monthStart(first, -1, zone));
      return build('month', start, first, daysBetween(start, first), monthLabel(start, zone));
    }
  }

  const range = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (range !== null) {
    const first = civilDay(range[1]!, zone, spec);
    const last = civilDay(range[2]!, zone, spec);
    if (last.getTime() < first.getTime())
      throw usageError(`period '${spec}' ends before it starts`, 'write the earlier date first: FROM..TO, both days included');
    const end = midnight(addDays(last, 1, inZone));
    const days = daysBetween(first, end);
    return build('days', first, end, days, days === 1 ? dayLabel(first, zone) : rangeLabel(first, last, zone));
  }

  const day = /^(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (day !== null) {
    const start = civilDay(day[1]!, zone, spec);
    return build('days', start, midnight(addDays(start, 1, inZone)), 1, dayLabel(start, zone));
  }

  const week = /^(\d{4})-w(\d{2})$/.exec(text);
  if (week !== null) {
    const year = Number(week[1]);
    const number = Number(week[2]);
    // 4 January always falls in week 1 of its ISO year.
    const fourthOfJanuary = new TZDate(year, 0, 4, zone);
    if (number < 1 || number > getISOWeeksInYear(fourthOfJanuary, inZone)) {
      throw usageError(
        `period '${spec}': ${year} has no ISO week ${number}`,
        `ISO year ${year} has weeks W01 to W${getISOWeeksInYear(fourthOfJanuary, inZone)}`,
      );
    }
    const start = midnight(addWeeks(startOfISOWeek(fourthOfJanuary, inZone), number - 1, inZone));
    return build('week', start, midnight(addWeeks(start, 1, inZone)), 7, weekLabel(start, zone));
  }

  const month = /^(\d{4})-(\d{2})$/.exec(text);
  if (month !== null) {
    const monthNumber = Number(month[2]);
    if (monthNumber < 1 || monthNumber > 12) throw usageError(`period '${spec}' names no month`, HELP);
    const start = midnight(new TZDate(Number(month[1]), monthNumber - 1, 1, zone));
    const end = midnight(monthStart(start, 1, zone));
    return build('month', start, end, daysBetween(start, end), monthLabel(start, zone));
  }

  throw usageError(`unknown period '${spec}'`, HELP);
}

/**
 * The period just before, of the same length in the zone's calendar: the day, days or week before, the same
 * stretch of last week for this-week, and the calendar month before for a month (months differ in length,
 * and "compared with last month" means the calendar month). It ends where this period starts, except for
 * this-week, whose comparison ends at the same weekday and time one week earlier.
 */
export function previousPeriod(period: ResolvedPeriod): ResolvedPeriod {
  const zone = period.timeZone;
  const inZone = { in: tz(zone) };
  // Calendar steps keep the wall-clock time; a day that began after midnight (clocks that skipped it)
  // would carry that time to other days, so each step is brought back to the start of its day.
  const midnight = (date: Date): TZDate => startOfDay(date, inZone);
  const start = new TZDate(period.start.getTime(), zone);
  const build = (from: TZDate, to: Date, days: number, label: string): ResolvedPeriod => ({
    spec: label,
    label,
    kind: period.kind,
    days,
    start: new Date(from.getTime()),
    end: new Date(to.getTime()),
    timeZone: zone,
  });
  switch (period.kind) {
    case 'days': {
      const from = daysBack(start, period.days, zone);
      const label = period.days === 1 ? dayLabel(from, zone) : rangeLabel(from, daysBack(start, 1, zone), zone);
      return build(from, start, period.days, label);
    }
    case 'week': {
      const from = midnight(subWeeks(start, 1, inZone));
      return build(from, start, 7, weekLabel(from, zone));
    }
    case 'week-to-date': {
      const from = midnight(subWeeks(start, 1, inZone));
      // Monday to the same weekday and time last week: a fair match for a week that is not over yet.
      const to = subWeeks(new TZDate(period.end.getTime(), zone), 1, inZone);
      return build(from, to, 7, weekLabel(from, zone));
    }
    case 'month': {
      const from = midnight(monthStart(start, -1, zone));
      return build(from, start, daysBetween(from, start), monthLabel(from, zone));
    }
  }
}

/** The ISO week (`2026-W46`) an instant falls in, in the zone's calendar. */
export function isoWeekOf(instant: Date, timeZone: string): string {
  return weekLabel(new TZDate(instant.getTime(), checkTimeZone(timeZone)), timeZone);
}

/** Whether an instant lies in the period (start inclusive, end exclusive). */
export function periodContains(period: Pick<ResolvedPeriod, 'start' | 'end'>, instant: Date): boolean {
  const ms = instant.getTime();
  return ms >= period.start.getTime() && ms < period.end.getTime();
}

/**
 * The start of the day `days` days before the day `day` starts, in the zone, counting only days that happened:
 * where the zone skipped a date (Kiritimati 31 December 1994, Samoa 30 December 2011), one day further back. A
 * date-fns subDays to a skipped date lands on the day after it, which for yesterday is today.
 */
function daysBack(day: Date, days: number, zone: string): TZDate {
  const local = new TZDate(day.getTime(), zone);
  let start = startOfDay(new TZDate(local.getFullYear(), local.getMonth(), local.getDate() - days, zone), { in: tz(zone) });
  while (daysBetween(start, day) < days) start = startOfDay(new TZDate(start.getTime() - 1, zone), { in: tz(zone) });
  return start;
}

/**
 * The first day of the month `months` after (or before) the month `date` is in, in the zone. Not date-fns'
 * addMonths: it finds a month's length from its last day, and takes the month after when that day never
 * happened (Kiritimati skipped 31 December 1994).
 */
function monthStart(date: Date, months: number, zone: string): TZDate {
  const local = new TZDate(date.getTime(), zone);
  return new TZDate(local.getFullYear(), local.getMonth() + months, 1, zone);
}

/** Midnight at the start of a YYYY-MM-DD day in the zone; a date that does not exist is a usage error. */
function civilDay(text: string, zone: string, spec: string): TZDate {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  const date = new TZDate(year, month - 1, day, zone);
  // The Date constructor rolls 2026-02-30 over to March; a date that does not survive the trip is not a date.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) {
    throw usageError(`period '${spec}': ${text} is not a date`, HELP);
  }
  // A zone whose clocks skip midnight starts that day at the first instant that exists.
  return startOfDay(date, { in: tz(zone) });
}

function dayLabel(date: Date, zone: string): string {
  return format(date, 'yyyy-MM-dd', { in: tz(zone) });
}

function rangeLabel(first: Date, last: Date, zone: string): string {
  return `${dayLabel(first, zone)}..${dayLabel(last, zone)}`;
}

function weekLabel(date: Date, zone: string): string {
  return format(date, "RRRR-'W'II", { in: tz(zone) });
}

function monthLabel(date: Date, zone: string): string {
  return format(date, 'yyyy-MM', { in: tz(zone) });
}

/**
 * Days from one local midnight to another: the time between them in days, rounded, so a daylight-saving day is
 * still one day and a date the zone skipped is none.
 */
function daysBetween(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / 86_400_000);
}
