// Owns --output templates: `reports/signins-{period}.json` becomes `reports/signins-2026-W46.json`. Pure; the
// report command writes the file. A template without braces is an ordinary path and passes through unchanged.

import { tz } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { usageError } from '../errors.js';
import type { ResolvedPeriod } from './period.js';

export const TEMPLATE_FIELDS = ['period', 'start', 'end', 'now', 'format'] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

/** What each field means, for --help and docs/scheduling.md. */
export const TEMPLATE_FIELD_HELP = {
  period: 'the period label: 2026-11-15, 2026-11-09..2026-11-15, 2026-W46 or 2026-10',
  start: 'the first day of the period, YYYY-MM-DD',
  end: 'the last day of the period, YYYY-MM-DD',
  now: 'the day of --now, YYYY-MM-DD',
  format: 'the output format: table, json, csv or markdown',
} as const satisfies Record<TemplateField, string>;

export interface TemplateValues {
  readonly period: ResolvedPeriod | null;
  readonly now: Date;
  /** The zone the days are written in (the --tz of the period). */
  readonly timeZone: string;
  readonly format: string;
}

export function hasTemplateFields(path: string): boolean {
  return /\{[^{}]*\}/.test(path);
}

/** Fills every {field}; an unknown field, or {period}/{start}/{end} without --period, is a usage error. */
export function expandOutputTemplate(template: string, values: TemplateValues): string {
  const inZone = { in: tz(values.timeZone) };
  return template.replace(/\{([^{}]*)\}/g, (_whole, name: string) => {
    const field = name.trim().toLowerCase();
    if (!(TEMPLATE_FIELDS as readonly string[]).includes(field)) {
      throw usageError(`--output '${template}' has an unknown field {${name}}`, `fields are ${TEMPLATE_FIELDS.map((known) => `{${known}}`).join(', ')}`);
    }
    switch (field as TemplateField) {
      case 'now':
        return format(values.now, 'yyyy-MM-dd', inZone);
      case 'format':
        return values.format;
      case 'period':
      case 'start':
      case 'end': {
        const period = values.period;
        if (period === null) throw usageError(`--output '${template}' uses {${name}} but no --period was given`, 'add --period (e.g. last-week) or use {now}');
        if (field === 'period') return period.label;
        if (field === 'start') return format(period.start, 'yyyy-MM-dd', inZone);
        // The end is exclusive: the last day is the one holding the instant just before it.
        return format(new Date(Math.max(period.start.getTime(), period.end.getTime() - 1)), 'yyyy-MM-dd', inZone);
      }
    }
  });
}
