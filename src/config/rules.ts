// Owns the --fail-on rule language: `failures>500`, `failure-rate>5%`, `code:50053>0`, `category:credentials>100`,
// `increase:failures>50%`, `new-codes`, `new-ips`, `user:failures>20`, `ip:failures>50`, ... (the dimension words
// come from the dimension table). Each rule's text becomes a ThresholdRule (evaluated in view/thresholds.ts), or a
// usage error that names the rule.

import { COMPARED_DIMENSIONS, dimensionOf, ENTITY_DIMENSION_IDS, type ComparedDimension, type EntityDimensionId } from '../analyze/dimensions.js';
import { DETECTION_KINDS, SEVERITIES, type DetectionKind, type Severity } from '../analyze/findings/index.js';
import { normalizeCode } from '../catalog/lookup.js';
import { CATEGORIES, type Category } from '../catalog/types.js';
import { usageError } from '../errors.js';
import type { Comparator, EntityMetric, ThresholdRule, TotalMetric } from '../view/thresholds.js';

/** `new-<plural>` for every compared dimension (new-users, new-ips, ...). */
const NEW_WORDS = new Map<string, ComparedDimension>(COMPARED_DIMENSIONS.map((id) => [dimensionOf(id).plural, id]));

const RULE_FORMS =
  'failures>N, interrupted>N, sign-ins>N, failure-rate>P%, code:CODE>N, category:ID>N, increase:failures>P% (or >N), ' +
  `${[...NEW_WORDS.keys()].map((word) => `new-${word}`).join(', ')} (optionally >N), ` +
  `${ENTITY_DIMENSION_IDS.join('|')}:failures>N (or :interrupted>N), finding:KIND (optionally >N), findings>=high|medium|low; >= works too`;

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
  if ((match = new RegExp(`^code:([^<>=]+)${OP}${NUMBER}$`).exec(rule)) !== null) {
    // The code as --code and the catalog read it: at most nine digits, an AADSTS prefix allowed.
    const code = normalizeCode(match[1]!);
    if (code === undefined) throw invalid(`${JSON.stringify(match[1])} is not an error code`);
    return { kind: 'code', text, code, comparator: comparator(match[2]), limit: wholeCount(match[3]!, invalid) };
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
  if ((match = new RegExp(`^new-([a-z-]+?)(?:${OP}${NUMBER})?$`).exec(rule)) !== null) {
    const dimension = NEW_WORDS.get(match[1]!);
    if (dimension === undefined)
      throw invalid(`nothing is compared as '${match[1]}'`, `write one of ${[...NEW_WORDS.keys()].map((word) => `new-${word}`).join(', ')}`);
    const limit = match[3] === undefined ? 0 : wholeCount(match[3], invalid);
    return { kind: 'new', text, dimension, comparator: comparator(match[2] ?? '>'), limit };
  }
  if (
    (match = new RegExp(`^([a-z-]+):(failures|interrupted)${OP}${NUMBER}$`).exec(rule)) !== null &&
    (ENTITY_DIMENSION_IDS as readonly string[]).includes(match[1]!)
  ) {
    return {
      kind: 'entity',
      text,
      dimension: match[1] as EntityDimensionId,
      metric: match[2] as EntityMetric,
      comparator: comparator(match[3]),
      limit: wholeCount(match[4]!, invalid),
    };
  }
  if ((match = new RegExp(`^finding:([a-z-]+)(?:${OP}${NUMBER})?$`).exec(rule)) !== null) {
    const detection = match[1]!;
    if (!(DETECTION_KINDS as readonly string[]).includes(detection))
      throw invalid(`no detection is called '${detection}'`, `detections are ${DETECTION_KINDS.join(', ')}`);
    const limit = match[3] === undefined ? 0 : wholeCount(match[3], invalid);
    return { kind: 'finding', text, detection: detection as DetectionKind, comparator: comparator(match[2] ?? '>'), limit };
  }
  if ((match = new RegExp(`^findings${OP}([a-z]+)$`).exec(rule)) !== null) {
    const named = match[2]!;
    const at = (SEVERITIES as readonly string[]).indexOf(named);
    if (at < 0) throw invalid(`'${named}' is not a severity`, `severities are ${SEVERITIES.join(', ')}`);
    // `findings>medium` is what is more urgent than medium: high.
    const strict = match[1] === '>';
    if (strict && at === 0) throw invalid('nothing is more urgent than high', 'write findings>=high');
    const severity = SEVERITIES[strict ? at - 1 : at] as Severity;
    return { kind: 'findings', text, severity, comparator: '>', limit: 0 };
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
