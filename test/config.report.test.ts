// Report options: defaults, validation (a usage error naming the option), times against one clock, colour.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportConfig, type RawReportOptions } from '../src/config/report.js';
import { parseInstant, parseWhen, resolveNow } from '../src/config/values.js';
import { AppError } from '../src/errors.js';
import { testIo } from './helpers/io.js';

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('USAGE');
    return (error as AppError).message;
  }
  throw new Error('expected a usage error');
}

async function asyncUsageMessage(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('USAGE');
    return (error as AppError).message;
  }
  throw new Error('expected a usage error');
}

/** The report config of one input and these options, with the test Io. */
function configOf(options: Record<string, unknown>, io = testIo()) {
  return reportConfig(['exports.csv'], options as RawReportOptions, io);
}

describe('report options', () => {
  it('defaults: table, top 10, no filters, the Io clock, and a frozen config', async () => {
    const config = await configOf({});
    expect(config.output).toEqual({ format: 'table', by: 'code', top: 10, file: null, color: false, width: 80 });
    expect(config.quiet).toBe(false);
    expect(config.now.toISOString()).toBe('2026-11-16T12:00:00.000Z');
    expect(config.windows).toEqual({ current: { since: null, until: null }, period: null, timeZone: 'UTC', previous: null });
    expect(config.filter).toEqual({ users: [], apps: [], codes: [], categories: [], types: [], outcomes: [] });
    expect(Object.isFrozen(config) && Object.isFrozen(config.output) && Object.isFrozen(config.filter.users)).toBe(true);
  });

  it('JSON and CSV list everything unless --top says otherwise', async () => {
    expect((await configOf({ format: 'json' })).output.top).toBe(0);
    expect((await configOf({ format: 'csv' })).output.top).toBe(0);
    expect((await configOf({ format: 'markdown' })).output.top).toBe(10);
    expect((await configOf({ format: 'json', top: '3' })).output.top).toBe(3);
    expect((await configOf({ top: '0' })).output.top).toBe(0);
  });

  it('parses the filters, with codes in either spelling and comma lists', async () => {
    const config = await configOf({
      user: ['Alice@Contoso.example'],
      app: ['Teams'],
      code: ['AADSTS50126,50074'],
      category: ['mfa', 'credentials'],
      type: ['interactive'],
      outcome: ['failure,interrupted'],
    });
    expect(config.filter).toMatchObject({
      users: ['Alice@Contoso.example'],
      apps: ['Teams'],
      codes: [50126, 50074],
      categories: ['mfa', 'credentials'],
      types: ['interactive'],
      outcomes: ['failure', 'interrupted'],
    });
  });

  it('no input at all is a usage error', async () => {
    await expect(reportConfig([], {}, testIo())).rejects.toMatchObject({ code: 'USAGE', message: 'no input given' });
  });

  it.each([
    [{ top: '-1' }, '--top'],
    [{ top: 'ten' }, '--top'],
    [{ by: 'user' }, '--by applies to --format csv'],
    [{ width: 'wide' }, '--width'],
    [{ width: '19' }, '--width must be 0 (no limit) or at least 20'],
    [{ width: '100', format: 'json' }, '--width applies to --format table'],
    [{ code: ['5012x'] }, '--code'],
    [{ category: ['passwords'] }, '--category'],
    [{ type: ['human'] }, '--type'],
    [{ outcome: ['failed'] }, '--outcome'],
    [{ since: 'last tuesday' }, '--since'],
    [{ until: '2026-02-30' }, '--until'],
    [{ now: 'yesterday' }, '--now'],
    [{ since: '2026-11-10', until: '2026-11-09T00:00Z' }, 'is not before --until'],
    // As typed, then as read: the date alone in --until is the end of its day.
    [{ since: '2026-11-14', until: '2026-11-10' }, '--since 2026-11-14 (2026-11-14T00:00:00Z) is not before --until 2026-11-10 (2026-11-11T00:00:00Z)'],
  ])('rejects %j with a usage error naming %s', async (options, named) => {
    expect(await asyncUsageMessage(() => configOf(options))).toContain(named);
  });

  it('refuses standard input given twice: it can be read once', async () => {
    expect(await asyncUsageMessage(() => reportConfig(['-', 'exports.csv', '-'], {} as RawReportOptions, testIo()))).toContain(
      '- (standard input) is given twice',
    );
  });

  it('colours the table only on a terminal, never with NO_COLOR, never into a file', async () => {
    expect((await configOf({}, testIo({ stdoutIsTty: true }))).output.color).toBe(true);
    expect((await configOf({}, testIo({ stdoutIsTty: true, env: { NO_COLOR: '1' } }))).output.color).toBe(false);
    expect((await configOf({ output: 'r.txt' }, testIo({ stdoutIsTty: true }))).output.color).toBe(false);
    expect((await configOf({ format: 'markdown' }, testIo({ stdoutIsTty: true }))).output.color).toBe(false);
  });
});

describe('table width', () => {
  const widthOf = async (options: Record<string, unknown>, io: Parameters<typeof configOf>[1]) => (await configOf(options, io)).output.width;

  it('is the terminal width on a terminal, and 80 when standard output is not one or the width is unknown', async () => {
    expect(await widthOf({}, testIo({ stdoutIsTty: true, stdoutColumns: 132 }))).toBe(132);
    expect(await widthOf({}, testIo({ stdoutIsTty: false, stdoutColumns: 132 }))).toBe(80);
    expect(await widthOf({}, testIo({ stdoutIsTty: true }))).toBe(80);
    expect(await widthOf({}, testIo())).toBe(80);
  });

  it('--width wins; 0 means no limit; a file gets 80, not the terminal width; a tiny terminal gets the narrowest width', async () => {
    expect(await widthOf({ width: '100' }, testIo({ stdoutIsTty: true, stdoutColumns: 132 }))).toBe(100);
    expect(await widthOf({ width: '0' }, testIo())).toBe(0);
    expect(await widthOf({ output: 'r.txt' }, testIo({ stdoutIsTty: true, stdoutColumns: 132 }))).toBe(80);
    expect(await widthOf({}, testIo({ stdoutIsTty: true, stdoutColumns: 12 }))).toBe(20);
  });
});

describe('times', () => {
  const now = new Date('2026-11-16T12:00:00Z');

  it('relative times count back from now', () => {
    expect(parseWhen('--since', '7d', now, 'since').toISOString()).toBe('2026-11-09T12:00:00.000Z');
    expect(parseWhen('--since', '24h', now, 'since').toISOString()).toBe('2026-11-15T12:00:00.000Z');
    expect(parseWhen('--since', '30m', now, 'since').toISOString()).toBe('2026-11-16T11:30:00.000Z');
    expect(parseWhen('--since', '2w', now, 'since').toISOString()).toBe('2026-11-02T12:00:00.000Z');
  });

  it('dates are UTC midnight; as --until a bare date includes its whole day', () => {
    expect(parseInstant('2026-11-09', 'since')?.toISOString()).toBe('2026-11-09T00:00:00.000Z');
    expect(parseInstant('2026-11-09', 'until')?.toISOString()).toBe('2026-11-10T00:00:00.000Z');
    expect(parseInstant('2026-11-09T08:30', 'until')?.toISOString()).toBe('2026-11-09T08:30:00.000Z');
    expect(parseInstant('2026-11-09 08:30:15.250Z', 'since')?.toISOString()).toBe('2026-11-09T08:30:15.250Z');
    expect(parseInstant('2026-11-09T08:30+01:00', 'since')?.toISOString()).toBe('2026-11-09T07:30:00.000Z');
    expect(parseInstant('2026-11-09T08:30-0530', 'since')?.toISOString()).toBe('2026-11-09T14:00:00.000Z');
  });

  it('reads the years 0 to 99 as they are (not as 1900 to 1999), and nothing past 9999', () => {
    expect(parseInstant('0026-11-01', 'since')?.toISOString()).toBe('0026-11-01T00:00:00.000Z');
    expect(parseInstant('0099-12-31T23:30+01:00', 'since')?.toISOString()).toBe('0099-12-31T22:30:00.000Z');
    expect(parseInstant('0000-02-29', 'since')?.toISOString()).toBe('0000-02-29T00:00:00.000Z');
    expect(parseInstant('2025-02-29', 'since')).toBeUndefined();
    expect(parseInstant('9999-12-31T12:00', 'until')?.toISOString()).toBe('9999-12-31T12:00:00.000Z');
    // The end of that day is in the year 10000.
    expect(parseInstant('9999-12-31', 'until')).toBeUndefined();
  });

  it('round-trips every ISO instant it prints', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
        expect(parseInstant(date.toISOString(), 'since')?.getTime()).toBe(date.getTime());
      }),
    );
  });

  it('rejects impossible calendar values', () => {
    for (const text of ['2026-13-01', '2026-02-29', '2026-11-09T24:00', '2026-11-09T08:60', '20261109']) expect(parseInstant(text, 'since')).toBeUndefined();
  });

  it('takes --now over SOURCE_DATE_EPOCH over the clock', () => {
    expect(resolveNow('2026-01-02T03:04:05Z', testIo({ env: { SOURCE_DATE_EPOCH: '0' } })).toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(resolveNow(undefined, testIo({ env: { SOURCE_DATE_EPOCH: '1763280000' } })).toISOString()).toBe('2025-11-16T08:00:00.000Z');
    expect(resolveNow(undefined, testIo()).toISOString()).toBe('2026-11-16T12:00:00.000Z');
    expect(usageMessage(() => resolveNow(undefined, testIo({ env: { SOURCE_DATE_EPOCH: 'soon' } })))).toContain('SOURCE_DATE_EPOCH');
  });
});
