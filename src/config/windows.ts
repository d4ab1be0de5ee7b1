// Owns the time window a command counts: --since and --until read against one clock, --period and --tz resolved
// to a calendar period and narrowed by them, and, for a comparison, the window just before. Shared by report and
// kql, so both read the same options the same way.

import { ALL_TIME, type TimeWindow } from '../analyze/index.js';
import { isoInstant } from '../time.js';
import { usageError } from '../errors.js';
import type { ResolvedPeriod } from './period.js';
import { parseWhen, text } from './values.js';

/** Periods, ISO weeks and output names are counted in UTC unless --tz names another zone. */
const DEFAULT_TIME_ZONE = 'UTC';

/** The window options as commander hands them over. */
export interface RawWindowOptions {
  readonly since?: string;
  readonly until?: string;
  readonly period?: string;
  readonly tz?: string;
  readonly compare?: 'previous-period';
}

/** The command's own window and, for --compare previous-period, the window before it. */
export interface ReportWindows {
  readonly current: TimeWindow;
  /** The --period, when given. */
  readonly period: ResolvedPeriod | null;
  /** The zone whose calendar periods and output names follow. */
  readonly timeZone: string;
  /** The window before, with its period label when it is a named period. */
  readonly previous: (TimeWindow & { readonly label: string | null }) | null;
}

// Periods load date-fns' calendar code (about 50 modules): imported only by runs that use them.
const periods = () => import('./period.js');

/** The window of --period (narrowed by --since/--until) and the window before it when comparing with it. */
export async function resolveWindows(options: RawWindowOptions, now: Date): Promise<ReportWindows> {
  const since = text('--since', options.since);
  const until = text('--until', options.until);
  const given: TimeWindow = {
    since: since === undefined ? null : parseWhen('--since', since, now, 'since'),
    until: until === undefined ? null : parseWhen('--until', until, now, 'until'),
  };
  if (given.since !== null && given.until !== null && given.since >= given.until) {
    // As typed, then as read: --until 2026-11-10 is the end of that day (2026-11-11T00:00:00Z).
    throw usageError(
      `--since ${since} (${isoInstant(given.since)}) is not before --until ${until} (${isoInstant(given.until)})`,
      'a date alone in --until means the end of that day',
    );
  }
  const periodText = text('--period', options.period);
  const zoneText = text('--tz', options.tz);
  const calendar = zoneText !== undefined || periodText !== undefined || options.compare !== undefined ? await periods() : undefined;
  const timeZone = calendar === undefined || zoneText === undefined ? DEFAULT_TIME_ZONE : calendar.checkTimeZone(zoneText);
  const period = calendar === undefined || periodText === undefined ? null : calendar.resolvePeriod(periodText, now, timeZone);
  const current = narrow(given, period);
  if (options.compare === undefined || calendar === undefined) return { current, period, timeZone, previous: null };
  // The calendar period before a --period (the month before a month); when --since/--until set the window,
  // the same span just before it.
  if (period !== null && given.since === null && given.until === null) {
    const previous = calendar.previousPeriod(period);
    return { current, period, timeZone, previous: { since: previous.start, until: previous.end, label: previous.label } };
  }
  if (current.since === null || current.until === null) return { current, period, timeZone, previous: null };
  const length = current.until.getTime() - current.since.getTime();
  return { current, period, timeZone, previous: { since: new Date(current.since.getTime() - length), until: current.since, label: null } };
}

/** The period's window intersected with --since/--until. */
function narrow(given: TimeWindow, period: ResolvedPeriod | null): TimeWindow {
  if (period === null) return given.since === null && given.until === null ? ALL_TIME : given;
  const since = given.since === null || given.since < period.start ? period.start : given.since;
  const until = given.until === null || given.until > period.end ? period.end : given.until;
  if (since >= until && period.start < period.end) {
    throw usageError(`--since/--until leave nothing of period ${period.label}`, 'leave --since and --until out, or pick a period that overlaps them');
  }
  return { since, until };
}
