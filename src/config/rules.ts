// Owns the --fail-on rule language: `failures>500`, `failure-rate>5%`, `code:50053>0`, `category:credentials>100`,
// `increase:failures>50%`, `new-codes`, `user:failures>20`, ... Each rule's text becomes a ThresholdRule (evaluated
// in view/thresholds.ts), or a usage error that names the rule.

import { CATEGORIES, type Category } from '../catalog/types.js';
import { usageError } from '../errors.js';
import type { Comparator, EntityDimension, EntityMetric, NewEntryKind, ThresholdRule, TotalMetric } from '../view/thresholds.js';

export const RULE_FORMS =
  'failures>N, interrupted>N, sign-ins>N, failure-rate>P%, code:CODE>N, category:ID>N, increase:failures>P% (or >N), ' +
  'new-codes, new-categories, new-users, new-apps (optionally >N), user:failures>N, app:failures>N; >= works too';

const NUMBER = String.raw`(\d+(?:\.\d+)?)`;
const OP = '(>=|>)';

/** Parses one --fail-on rule; a rule that does not parse is a usage error that names it. */
export function parseRule(input: string): ThresholdRule {
  const text = input.trim();
  const rule = text.toLowerCase().replace(/\s+/g, '');
  const invalid = (why: string, hint: string = `rules look like ${RULE_FORMS}`) => usageError(`invalid --fail-on rule '${text}': ${why}`, hint);
  let match: RegExpExecArray | null;

  if ((match = new RegExp(`^failure-rate${OP}${NUMBER}(%?)$`).exec(rule)) !== null) {
    if (match[3] !== '%') throw invalid('give the rate in percent', `write it as failure-rate${match[1]}${match[2]}%`);
    return { kind: 'failure-rate', text, comparator: comparator(match[1]), limit: Number(match[2]) };
  }
  if ((match = new RegExp(`^(failures|interrupted|sign-ins)${OP}${NUMBER}$`).exec(rule)) !== null) {
    return { kind: 'total', text, metric: match[1] as TotalMetric, comparator: comparator(match[2]), limit: wholeCount(match[3]!, invalid) };
  }
  if ((match = new RegExp(`^code:(?:aadsts)?(\\d+)${OP}${NUMBER}$`).exec(rule)) !== null) {
    return { kind: 'code', text, code: Number(match[1]), comparator: comparator(match[2]), limit: wholeCount(match[3]!, invalid) };
  }
  if ((match = new RegExp(`^category:([a-z_-]+)${OP}${NUMBER}$`).exec(rule)) !== null) {
    const category = match[1]!.replace(/-/g, '_');
    if (!(CATEGORIES as readonly string[]).includes(category)) throw invalid(`unknown category '${match[1]}'`, `categories are ${CATEGORIES.join(', ')}`);
    return { kind: 'category', text, category: category as Category, comparator: comparator(match[2]), limit: wholeCount(match[3]!, invalid) };
  }
  if ((match = new RegExp(`^increase:(failures|interrupted|sign-ins)${OP}${NUMBER}(%?)$`).exec(rule)) !== null) {
    const percent = match[4] === '%';
    const limit = percent ? Number(match[3]) : wholeCount(match[3]!, invalid);
    return { kind: 'increase', text, metric: match[1] as TotalMetric, comparator: comparator(match[2]), limit, percent };
  }
  if ((match = new RegExp(`^new-(codes|categories|users|apps)(?:${OP}${NUMBER})?$`).exec(rule)) !== null) {
    const limit = match[3] === undefined ? 0 : wholeCount(match[3], invalid);
    return { kind: 'new', text, entries: match[1] as NewEntryKind, comparator: comparator(match[2] ?? '>'), limit };
  }
  if ((match = new RegExp(`^(user|app):(failures|interrupted)${OP}${NUMBER}$`).exec(rule)) !== null) {
    return {
      kind: 'entity',
      text,
      dimension: match[1] as EntityDimension,
      metric: match[2] as EntityMetric,
      comparator: comparator(match[3]),
      limit: wholeCount(match[4]!, invalid),
    };
  }
  if (rule === '') throw invalid('the rule is empty');
  throw invalid('not a rule this version knows');
}

export function parseRules(inputs: readonly string[]): ThresholdRule[] {
  return inputs.map(parseRule);
}

function comparator(text: string | undefined): Comparator {
  return text === '>=' ? '>=' : '>';
}

function wholeCount(text: string, invalid: (why: string) => Error): number {
  if (!/^\d+$/.test(text)) throw invalid(`${text} is not a whole number`);
  return Number(text);
}
