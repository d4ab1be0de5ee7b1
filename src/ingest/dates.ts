// Owns turning the time texts of every export into UTC instants: ISO 8601 with any offset and up to
// nine fractional digits, US `M/D/YYYY h:mm:ss AM/PM` (Log Analytics adds a comma), and culture-dependent
// day-first dates whose day/month order is settled per file from the values themselves (a dotted date is
// day-first whatever its numbers).

export const DATE_ORDERS = ['mdy', 'dmy'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

/** The outcome of reading one time text. `ambiguous` means a slash date whose day and month are both ≤ 12. */
export type TimeReading =
  | { readonly kind: 'instant'; readonly time: Date; readonly settles?: DateOrder }
  | { readonly kind: 'ambiguous' }
  | { readonly kind: 'invalid' };

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const SLASH = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([AaPp][Mm])?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const SLASH_DATE_ONLY = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/;
/** Longer than any slash date written with single blanks (`12/31/2026, 11:59:59.123456789 PM +05:30` is 40). */
const LONGEST_SLASH = 64;

/**
 * Reads one time text. Texts without an offset are taken as UTC: every Microsoft export writes UTC
 * (the portal says so in its `Date (UTC)` header, Log Analytics in ` [UTC]`).
 */
export function readTime(text: string, order: DateOrder | undefined): TimeReading {
  const value = text.trim();
  if (value.length === 0) return INVALID;
  const first = value.charCodeAt(0);
  if (value.length >= 10 && value.charCodeAt(4) === 45 /* - */) return readIso(value);
  if (first >= 48 && first <= 57) return readSlash(value, order);
  return INVALID;
}

const INVALID: TimeReading = { kind: 'invalid' };
const AMBIGUOUS: TimeReading = { kind: 'ambiguous' };

function readIso(value: string): TimeReading {
  return readIsoUtc(value) ?? readIsoByPattern(value);
}

/**
 * The shape nearly every export writes, `2026-11-07T23:59:55Z` with or without up to nine fractional digits (or
 * `+00:00` for the `Z`, as diagnostic settings write `createdDateTime`), read character by character: the ISO
 * pattern costs more than the rest of a row's time handling. Anything else is undefined and goes to the pattern,
 * which reads these shapes to the same instant.
 */
export function readIsoUtc(value: string): TimeReading | undefined {
  // Where the zone starts.
  let end = value.length - 1;
  if (value.charCodeAt(end) !== 90 /* Z */) {
    if (!value.endsWith(UTC_OFFSET)) return undefined;
    end = value.length - UTC_OFFSET.length;
  }
  if (end < 19) return undefined;
  const t = value.charCodeAt(10);
  if (
    value.charCodeAt(4) !== 45 /* - */ ||
    value.charCodeAt(7) !== 45 ||
    (t !== 84 /* T */ && t !== 32) ||
    value.charCodeAt(13) !== 58 /* : */ ||
    value.charCodeAt(16) !== 58
  )
    return undefined;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  const second = digits(value, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  let millis = 0;
  if (end > 19) {
    // `.` or `,`, then 1 to 9 digits before the zone.
    const separator = value.charCodeAt(19);
    const fractionDigits = end - 20;
    if ((separator !== 46 && separator !== 44) || fractionDigits < 1 || fractionDigits > 9 || digits(value, 20, fractionDigits) < 0) return undefined;
    millis = digits(value, 20, Math.min(3, fractionDigits)) * (fractionDigits === 1 ? 100 : fractionDigits === 2 ? 10 : 1);
  }
  return instant(year, month, day, hour, minute, second, millis, 'Z');
}

const UTC_OFFSET = '+00:00';

/** The number written by `count` ASCII digits from `from`, or -1 when one of them is not a digit. */
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

/** Any ISO 8601 text the pattern takes (exported so tests can hold the fast path to it). */
export function readIsoByPattern(value: string): TimeReading {
  const match = ISO.exec(value);
  if (match === null) return INVALID;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match;
  const millis = fraction.length === 0 ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  return instant(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), millis, zone);
}

function readSlash(value: string, order: DateOrder | undefined): TimeReading {
  // SLASH reads every run of blanks whole (\s+, \s*), so one blank for each run reads the same; in a long text it
  // spares the two \s* around the AM/PM trying every way to share a run (the square of its length).
  const text = value.length > LONGEST_SLASH ? value.replace(/\s+/g, ' ') : value;
  const match = SLASH.exec(text) ?? SLASH_DATE_ONLY.exec(text);
  if (match === null) return INVALID;
  const [, a, b, y, h = '0', mi = '0', s = '0', fraction = '', meridiem, zone] = match;
  const first = Number(a);
  const second = Number(b);
  let settles: DateOrder | undefined;
  if (first > 12 && second <= 12) settles = 'dmy';
  else if (second > 12 && first <= 12) settles = 'mdy';
  // Dots between the numbers (`12.11.2026`, German, Russian, Polish...) are only ever day-first.
  else if (first <= 12 && second <= 12 && text.charCodeAt(a!.length) === 46 /* . */) settles = 'dmy';
  const effective = settles ?? order;
  if (effective === undefined) return first === second ? readSlashAs('mdy') : AMBIGUOUS;
  return readSlashAs(effective);

  function readSlashAs(chosen: DateOrder): TimeReading {
    let hour = Number(h);
    if (meridiem !== undefined) {
      if (hour < 1 || hour > 12) return INVALID;
      const pm = meridiem.toLowerCase() === 'pm';
      hour = (hour % 12) + (pm ? 12 : 0);
    }
    const month = chosen === 'mdy' ? first : second;
    const day = chosen === 'mdy' ? second : first;
    const millis = fraction.length === 0 ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
    const reading = instant(Number(y), month, day, hour, Number(mi), Number(s), millis, zone);
    if (reading.kind !== 'instant' || settles === undefined) return reading;
    return { kind: 'instant', time: reading.time, settles };
  }
}

function instant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
  zone: string | undefined,
): TimeReading {
  // Calendar days that do not exist (31 April, 29 February 2025) are no time.
  if (hour > 23 || minute > 59 || second > 60) return INVALID;
  if (month < 1 || month > 12 || day < 1 || (day > 28 && day > daysInMonth(year, month))) return INVALID;
  const offsetMinutes = zone === undefined || zone === 'Z' || zone === 'z' ? 0 : utcOffsetMinutes(zone);
  if (offsetMinutes === undefined) return INVALID;
  const time = new Date(Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), millis));
  // Date.UTC reads years 0 to 99 as 1900 to 1999: the year 0026 is set as it is.
  if (year < 100) time.setUTCFullYear(year, month - 1, day);
  return { kind: 'instant', time: new Date(time.getTime() - offsetMinutes * 60_000) };
}

/** The days of a month (1 to 12) of a proleptic Gregorian year: date-fns' isExists reads the years 0 to 99 as 1900 to 1999. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** `+01:00`, `-0530`, `+14` → minutes east of UTC; undefined beyond ±14:00 (no zone is further) or with minutes over 59. */
export function utcOffsetMinutes(zone: string): number | undefined {
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone.trim());
  if (match === null) return undefined;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? 0);
  if (minutes > 59 || hours * 60 + minutes > 14 * 60) return undefined;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}
