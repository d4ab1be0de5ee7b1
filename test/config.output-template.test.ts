// --output templates: each field, in UTC and another zone, and the usage errors for unknown fields and for
// period fields without --period.

import { describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.js';
import { expandOutputTemplate, hasTemplateFields } from '../src/config/output-template.js';
import { resolvePeriod } from '../src/config/period.js';

const NOW = new Date('2026-11-16T06:00:00Z');

function expand(template: string, spec: string | null, timeZone = 'UTC', format = 'json'): string {
  const period = spec === null ? null : resolvePeriod(spec, NOW, timeZone);
  return expandOutputTemplate(template, { period, now: NOW, timeZone, format });
}

describe('expandOutputTemplate', () => {
  it.each([
    ['reports/signins-{period}.json', 'last-week', 'reports/signins-2026-W46.json'],
    ['reports/signins-{period}.json', 'yesterday', 'reports/signins-2026-11-15.json'],
    ['reports/signins-{period}.json', 'last-7d', 'reports/signins-2026-11-09..2026-11-15.json'],
    ['reports/signins-{period}.json', 'last-month', 'reports/signins-2026-10.json'],
    ['{start}_{end}.{format}', 'last-week', '2026-11-09_2026-11-15.json'],
    ['{start}_{end}', 'last-month', '2026-10-01_2026-10-31'],
    ['{start}_{end}', 'this-week', '2026-11-16_2026-11-16'],
    ['run-{now}/{PERIOD}.md', '2026-W01', 'run-2026-11-16/2026-W01.md'],
    ['plain/path.json', 'last-week', 'plain/path.json'],
  ])('%s with %s', (template, spec, expected) => {
    expect(expand(template, spec)).toBe(expected);
  });

  it('writes days in the period zone', () => {
    // 06:00 UTC on Monday is still Sunday night in Los Angeles, so last week there is W45.
    expect(expand('{period} {start} {end} {now}', 'last-week', 'America/Los_Angeles')).toBe('2026-W45 2026-11-02 2026-11-08 2026-11-15');
  });

  it('needs no period for {now} and {format}', () => {
    expect(expand('signins-{now}.{format}', null, 'UTC', 'markdown')).toBe('signins-2026-11-16.markdown');
  });

  it.each([
    ['signins-{week}.json', 'last-week', 'unknown field {week}'],
    ['signins-{}.json', 'last-week', 'unknown field {}'],
    ['signins-{period}.json', null, 'uses {period} but no --period was given'],
    ['signins-{end}.json', null, 'uses {end} but no --period was given'],
  ])('%s is a usage error', (template, spec, why) => {
    let caught: unknown;
    try {
      expand(template, spec);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('USAGE');
    expect((caught as AppError).message).toContain(why);
  });

  it('tells a template from a path', () => {
    expect(hasTemplateFields('reports/{period}.json')).toBe(true);
    expect(hasTemplateFields('reports/week.json')).toBe(false);
  });
});
