// Reading sign-in times: readTime against date-fns (parseISO for ISO 8601, parse with format strings for
// the US and day-first forms), and the per-file day/month inference: settled by a value over 12,
// ambiguous rows held back and re-read, contradicting rows rejected, --date-order where the file is silent.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, parse, parseISO } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTime, type DateOrder, type TimeReading } from '../src/ingest/dates.js';
import { ingestAll, rejectedLines, tempDir } from './ingest.helpers.js';

const instant = (iso: string, settles?: DateOrder): TimeReading =>
  settles === undefined ? { kind: 'instant', time: new Date(iso) } : { kind: 'instant', time: new Date(iso), settles };

describe('readTime', () => {
  it('runs in UTC here, so date-fns parse and format below work in UTC too', () => {
    expect(new Date(0).getTimezoneOffset()).toBe(0);
  });

  it.each([
    ['2025-12-31T00:18:33Z', '2025-12-31T00:18:33.000Z'],
    ['2022-01-24T05:10:08.6816663Z', '2022-01-24T05:10:08.681Z'],
    ['2007-01-09T09:41:00.535404056Z', '2007-01-09T09:41:00.535Z'],
    ['2007-01-09T09:41:00.22Z', '2007-01-09T09:41:00.220Z'],
    ['2022-01-24T05:10:08.6816663+00:00', '2022-01-24T05:10:08.681Z'],
    ['2019-10-18T04:45:48.0729893-05:00', '2019-10-18T09:45:48.072Z'],
    ['2007-01-09T09:41:00.992099+02:00', '2007-01-09T07:41:00.992Z'],
    ['2026-11-12T08:15:03+0530', '2026-11-12T02:45:03.000Z'],
    ['2026-11-12T08:15:03z', '2026-11-12T08:15:03.000Z'],
    // Without an offset the time is UTC: every Microsoft export writes UTC.
    ['2007-01-09T09:41:00', '2007-01-09T09:41:00.000Z'],
    ['2026-11-12 08:15:03', '2026-11-12T08:15:03.000Z'],
    ['  2026-11-12T08:15:03Z  ', '2026-11-12T08:15:03.000Z'],
  ])('ISO 8601 %s', (text, iso) => {
    expect(readTime(text, undefined)).toEqual(instant(iso));
  });

  it.each([
    // Log Analytics: US date, comma, 12-hour clock with milliseconds.
    ['6/15/2026, 12:40:24.178 PM', '2026-06-15T12:40:24.178Z', 'mdy'],
    ['6/15/2026, 12:40:24.178 AM', '2026-06-15T00:40:24.178Z', 'mdy'],
    ['11/12/2026, 8:15:03.000 AM', '2026-11-12T08:15:03.000Z', undefined],
    // Diagnostic records: US date, no comma.
    ['11/14/2025 1:48:53 AM', '2025-11-14T01:48:53.000Z', 'mdy'],
    ['1/9/2007 10:41:00 AM +01:00', '2007-01-09T09:41:00.000Z', undefined],
  ] as const)('US %s', (text, iso, settles) => {
    // A day over 12 tells the order by itself (`settles`); otherwise the order given decides.
    expect(readTime(text, 'mdy')).toEqual(instant(iso, settles));
  });

  it('a value over 12 settles the order by itself', () => {
    expect(readTime('15/11/2025 3:55:59 AM', undefined)).toEqual(instant('2025-11-15T03:55:59.000Z', 'dmy'));
    expect(readTime('11/15/2025 3:55:59 PM', undefined)).toEqual(instant('2025-11-15T15:55:59.000Z', 'mdy'));
    expect(readTime('15.11.2026 09:12', undefined)).toEqual(instant('2026-11-15T09:12:00.000Z', 'dmy'));
    expect(readTime('25/12/2025', undefined)).toEqual(instant('2025-12-25T00:00:00.000Z', 'dmy'));
  });

  it('both parts 12 or below: ambiguous until an order is given; equal parts need none', () => {
    expect(readTime('3/12/2025 7:22:01 AM', undefined)).toEqual({ kind: 'ambiguous' });
    expect(readTime('3/12/2025 7:22:01 AM', 'dmy')).toEqual(instant('2025-12-03T07:22:01.000Z'));
    expect(readTime('3/12/2025 7:22:01 AM', 'mdy')).toEqual(instant('2025-03-12T07:22:01.000Z'));
    expect(readTime('5/5/2025 12:00:00 AM', undefined)).toEqual(instant('2025-05-05T00:00:00.000Z'));
  });

  it('a dotted date is day-first whatever its numbers (German, Russian, Polish Excel and PowerShell)', () => {
    expect(readTime('12.11.2026 08:15:03', undefined)).toEqual(instant('2026-11-12T08:15:03.000Z', 'dmy'));
    expect(readTime('01.11.2026 08:15:03', 'mdy')).toEqual(instant('2026-11-01T08:15:03.000Z', 'dmy'));
    expect(readTime('5.5.2025 12:00', undefined)).toEqual(instant('2025-05-05T12:00:00.000Z', 'dmy'));
  });

  it.each([
    '',
    'yesterday',
    '2026-02-30T10:00:00Z',
    '2025-02-29T10:00:00Z',
    '2026-13-01T10:00:00Z',
    '2026-11-12T24:00:00Z',
    '2026-11-12T08:60:00Z',
    '2026-11-12T08:15:03.1234567890Z',
    '13/13/2025 1:00:00 AM',
    '31/4/2025 1:00:00 AM',
    '0:00:00',
    '11/12/2025 0:30:00 AM',
    '11/12/2025 13:30:00 PM',
    '11/12/25 1:00:00 AM',
    '1763090933',
  ])('unreadable: %j', (text) => {
    expect(readTime(text, 'mdy')).toEqual({ kind: 'invalid' });
  });

  it('leap days exist only in leap years', () => {
    expect(readTime('2024-02-29T12:00:00Z', undefined)).toEqual(instant('2024-02-29T12:00:00.000Z'));
    expect(readTime('2/29/2024 12:00:00 PM', 'mdy')).toEqual(instant('2024-02-29T12:00:00.000Z', 'mdy'));
    expect(readTime('29/2/2023 12:00:00 PM', 'dmy')).toEqual({ kind: 'invalid' });
  });
});

describe('readTime on blanks', () => {
  const piece = fc.constantFrom('1', '12', '31', '/', '.', '2026', ',', ':', '59', '30', '.123', 'PM', 'am', 'Z', '+05:30', 'x');
  const blanks = fc.oneof(
    fc.constantFrom(' ', '\t', '\u00a0'),
    fc.integer({ min: 2, max: 120 }).map((n) => ' '.repeat(n)),
  );

  it('reads a run of blanks as it reads one blank', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, blanks), { maxLength: 14 }), (parts) => {
        const text = parts.join('');
        expect(readTime(text, 'mdy')).toEqual(readTime(text.replace(/\s+/g, ' '), 'mdy'));
      }),
      { numRuns: 2000 },
    );
    expect(readTime(`12/31/2026${' '.repeat(100)}11:59 PM`, undefined)).toEqual(readTime('12/31/2026 11:59 PM', undefined));
  });

  // Sharing the run between the two \s* around the AM/PM every way took the square of its length: a minute here.
  it('reads a slash date followed by 200,000 blanks in one pass', () => {
    expect(readTime(`1/2/2026 10:00${' '.repeat(200_000)}x`, 'mdy')).toEqual({ kind: 'invalid' });
  });
});

describe('readTime agrees with date-fns', () => {
  // Instants at millisecond precision from 1990 to 2099.
  const instants = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2099, 11, 31, 23, 59, 59, 999) }).map((ms) => new Date(ms));

  it('ISO 8601 with 0–9 fractional digits and any offset: parseISO, sub-millisecond digits dropped', () => {
    const offsets = fc.integer({ min: -12 * 60, max: 14 * 60 }).map((minutes) => minutes - (minutes % 15));
    fc.assert(
      fc.property(
        instants,
        fc.integer({ min: 0, max: 9 }),
        fc.stringMatching(/^[0-9]{9}$/),
        offsets,
        fc.constantFrom('Z', '+hh:mm', '+hhmm', 'none'),
        (date, digits, extra, offsetMinutes, zoneStyle) => {
          const zone = zoneStyle === 'Z' || zoneStyle === 'none' ? 0 : offsetMinutes;
          const local = new Date(date.getTime() + zone * 60_000);
          const fraction = digits === 0 ? '' : `.${(String(local.getUTCMilliseconds()).padStart(3, '0') + extra).slice(0, digits)}`;
          const sign = zone < 0 ? '-' : '+';
          const hh = String(Math.floor(Math.abs(zone) / 60)).padStart(2, '0');
          const mm = String(Math.abs(zone) % 60).padStart(2, '0');
          const suffix = zoneStyle === 'Z' ? 'Z' : zoneStyle === 'none' ? '' : zoneStyle === '+hh:mm' ? `${sign}${hh}:${mm}` : `${sign}${hh}${mm}`;
          const text = `${local.toISOString().slice(0, 19)}${fraction}${suffix}`;
          // date-fns rounds the odd sub-millisecond fraction up; readTime drops those digits, so compare
          // against parseISO of the text cut to milliseconds.
          const oracleText = text.replace(/(\.\d{3})\d+/, '$1');
          const expected = parseISO(oracleText).getTime();
          const reading = readTime(text, undefined);
          expect(reading).toEqual({ kind: 'instant', time: new Date(expected) });
        },
      ),
      { numRuns: 2000 },
    );
  });

  const FORMS: ReadonlyArray<{ name: string; pattern: string; order: DateOrder }> = [
    { name: 'Log Analytics', pattern: 'M/d/yyyy, h:mm:ss.SSS a', order: 'mdy' },
    { name: 'diagnostic record', pattern: 'M/d/yyyy h:mm:ss a', order: 'mdy' },
    { name: 'PowerShell en-US', pattern: 'M/d/yyyy h:mm:ss a', order: 'mdy' },
    { name: 'PowerShell en-AU', pattern: 'd/M/yyyy h:mm:ss a', order: 'dmy' },
    { name: 'PowerShell en-GB', pattern: 'dd/MM/yyyy HH:mm:ss', order: 'dmy' },
    { name: 'Excel de-DE', pattern: 'dd.MM.yyyy HH:mm', order: 'dmy' },
  ];

  for (const { name, pattern, order } of FORMS) {
    it(`${name} (${pattern}): parse, with the order given or settled by the values`, () => {
      fc.assert(
        fc.property(instants, (date) => {
          const text = format(date, pattern);
          const expected = parse(text, pattern, new Date(0));
          const day = date.getUTCDate();
          const month = date.getUTCMonth() + 1;
          // A day over 12 tells the order by itself, and so do dots (day-first only); readTime says so.
          const dotted = /^[dM]+\./.test(pattern);
          const settled = day > 12 || (dotted && month <= 12) ? { kind: 'instant', time: expected, settles: order } : { kind: 'instant', time: expected };
          expect(readTime(text, order)).toEqual(settled);
          const alone = readTime(text, undefined);
          if (day > 12 || day === month || dotted) expect(alone).toEqual(settled);
          else expect(alone).toEqual({ kind: 'ambiguous' });
        }),
        { numRuns: 500 },
      );
    });
  }
});

describe('day/month order, per file', () => {
  const HEADER = '"CreatedDateTime","Id","UserPrincipalName","ErrorCode"';
  let files = 0;
  function file(dates: ReadonlyArray<string>, code = (index: number) => String(index % 2 === 0 ? 0 : 50126)): string {
    const dir = tempDir();
    const path = join(dir, 'export.csv');
    const prefix = ++files;
    writeFileSync(
      path,
      `${[HEADER, ...dates.map((date, index) => `"${date}","id-${prefix}-${index}","user${index}@contoso.example","${code(index)}"`)].join('\r\n')}\r\n`,
    );
    return path;
  }
  const times = (signIns: ReadonlyArray<{ line: number; time: Date }>) =>
    [...signIns].sort((a, b) => a.line - b.line).map((s) => [s.line, s.time.toISOString()]);

  it('a day over 12 settles the file as day-first; the ambiguous rows before it are read again', async () => {
    const path = file(['3/11/2025 7:22:01 AM', '5/11/2025 11:02:13 PM', '15/11/2025 3:55:59 AM', '2/12/2025 12:00:00 AM']);
    const { result, signIns } = await ingestAll([path]);
    expect(result).toMatchObject({ signIns: 4, rejected: 0, warnings: [] });
    expect(times(signIns)).toEqual([
      [2, '2025-11-03T07:22:01.000Z'],
      [3, '2025-11-05T23:02:13.000Z'],
      [4, '2025-11-15T03:55:59.000Z'],
      [5, '2025-12-02T00:00:00.000Z'],
    ]);
    // The held-back rows follow the row that settled the order.
    expect(signIns.map((s) => s.line)).toEqual([4, 2, 3, 5]);
  });

  it('a month-first value over 12 settles it the other way', async () => {
    const path = file(['3/11/2025 7:22:01 AM', '11/15/2025 3:55:59 AM']);
    const { signIns } = await ingestAll([path]);
    expect(times(signIns)).toEqual([
      [2, '2025-03-11T07:22:01.000Z'],
      [3, '2025-11-15T03:55:59.000Z'],
    ]);
  });

  it('a row that contradicts the settled order is rejected, and the rest are read', async () => {
    const path = file(['3/11/2025 7:22:01 AM', '15/11/2025 3:55:59 AM', '11/25/2025 9:00:00 AM', '4/11/2025 8:00:00 AM']);
    const { result, signIns, stderr } = await ingestAll([path], { quiet: false });
    expect(result).toMatchObject({ rowsRead: 4, signIns: 3, rejected: 1 });
    expect(rejectedLines(stderr)).toEqual([`${path}:4: rejected row: "11/25/2025 9:00:00 AM" is month-first, but this file's dates are day-first`]);
    expect(times(signIns)).toEqual([
      [2, '2025-11-03T07:22:01.000Z'],
      [3, '2025-11-15T03:55:59.000Z'],
      [5, '2025-11-04T08:00:00.000Z'],
    ]);
  });

  it('a file that never decides is read month-first, with a warning naming --date-order', async () => {
    const path = file(['3/11/2025 7:22:01 AM', '4/11/2025 8:00:00 AM']);
    const { result, signIns } = await ingestAll([path]);
    expect(result.warnings).toEqual([{ code: 'DATE_ORDER_ASSUMED', message: expect.stringContaining('--date-order dmy'), file: path, line: null }]);
    expect(times(signIns)).toEqual([
      [2, '2025-03-11T07:22:01.000Z'],
      [3, '2025-04-11T08:00:00.000Z'],
    ]);
  });

  it('--date-order decides where the file does not, without a warning', async () => {
    const path = file(['3/11/2025 7:22:01 AM', '4/11/2025 8:00:00 AM']);
    const { result, signIns } = await ingestAll([path], { dateOrder: 'dmy' });
    expect(result.warnings).toEqual([]);
    expect(times(signIns)).toEqual([
      [2, '2025-11-03T07:22:01.000Z'],
      [3, '2025-11-04T08:00:00.000Z'],
    ]);
  });

  it('where the file decides against --date-order, the file wins and a warning says so', async () => {
    const path = file(['3/11/2025 7:22:01 AM', '15/11/2025 3:55:59 AM']);
    const { result, signIns } = await ingestAll([path], { dateOrder: 'mdy' });
    expect(result.warnings).toEqual([
      { code: 'DATE_ORDER_OVERRIDDEN', message: expect.stringContaining('--date-order mdy does not apply'), file: path, line: 3 },
    ]);
    expect(times(signIns)).toEqual([
      [2, '2025-11-03T07:22:01.000Z'],
      [3, '2025-11-15T03:55:59.000Z'],
    ]);
  });

  it('each file settles its own order', async () => {
    const dayFirst = file(['15/11/2025 3:55:59 AM', '3/11/2025 7:22:01 AM']);
    const monthFirst = file(['11/15/2025 3:55:59 AM', '3/11/2025 7:22:01 AM']);
    const { signIns } = await ingestAll([dayFirst, monthFirst]);
    expect(signIns.filter((s) => s.file === dayFirst).map((s) => s.time.toISOString())).toEqual(['2025-11-15T03:55:59.000Z', '2025-11-03T07:22:01.000Z']);
    expect(signIns.filter((s) => s.file === monthFirst).map((s) => s.time.toISOString())).toEqual(['2025-11-15T03:55:59.000Z', '2025-03-11T07:22:01.000Z']);
  });

  it('Log Analytics files are month-first by definition: a day-first value there is rejected', async () => {
    const dir = tempDir();
    const path = join(dir, 'la.csv');
    writeFileSync(path, 'TimeGenerated [UTC],ResultType,Id\n"11/3/2026, 7:22:01.000 AM",0,a\n"15/11/2026, 7:22:01.000 AM",0,b\n');
    const { result, signIns } = await ingestAll([path]);
    expect(result).toMatchObject({ signIns: 1, rejected: 1, warnings: [expect.objectContaining({ code: 'ROWS_REJECTED' })] });
    expect(signIns[0]!.time.toISOString()).toBe('2026-11-03T07:22:01.000Z');
  });

  it('--date-order dmy reads a Log Analytics file saved day-first, as for any format', async () => {
    const dir = tempDir();
    const path = join(dir, 'la.csv');
    writeFileSync(path, 'TimeGenerated [UTC],ResultType,Id\n"12/11/2026, 07:22:01.000",0,a\n"13/11/2026, 07:22:01.000",0,b\n');
    const { result, signIns } = await ingestAll([path], { dateOrder: 'dmy' });
    expect(result).toMatchObject({ signIns: 2, rejected: 0 });
    expect(signIns.map((s) => s.time.toISOString()).sort()).toEqual(['2026-11-12T07:22:01.000Z', '2026-11-13T07:22:01.000Z']);
  });

  it('rows that cannot be used anyway (no code) are rejected in line order, not held back for their date', async () => {
    // The last row is a sign-in with an ISO time, which settles nothing.
    const path = file(['3/11/2025 7:22:01 AM', '4/11/2025 8:00:00 AM', '2025-11-05T08:00:00Z', '2025-11-06T08:00:00Z'], (index) => (index === 3 ? '0' : ''));
    const { result, stderr } = await ingestAll([path], { quiet: false });
    expect(result).toMatchObject({ rowsRead: 4, signIns: 1, rejected: 3 });
    expect(rejectedLines(stderr).map((line) => line.slice(path.length + 1))).toEqual([
      '2: rejected row: no error code',
      '3: rejected row: no error code',
      '4: rejected row: no error code',
    ]);
    // No sign-in needed a date order, so none was assumed.
    expect(result.warnings.map((warning) => warning.code)).toEqual(['ROWS_REJECTED']);
  });
});
