// Owns the --fail-on rules as data (config/rules.ts reads their text) and their evaluation against the report's
// figures and an optional comparison. Pure: the command decides the exit code from the outcomes.

import { dimensionOf, type ComparedDimension, type DimensionId, type EntityDimensionId } from '../analyze/dimensions.js';
import { SEVERITIES, type DetectionKind, type Finding, type Severity } from '../analyze/findings/index.js';
import type { Category } from '../catalog/types.js';
import { plural } from '../words.js';
import { countsOf, roundTo, type ComparisonBody, type ReportFigures } from './compare.js';

const COMPARISONS = ['>', '>='] as const;
export type Comparator = (typeof COMPARISONS)[number];

const TOTAL_METRICS = ['failures', 'interrupted', 'sign-ins'] as const;
export type TotalMetric = (typeof TOTAL_METRICS)[number];

const ENTITY_METRICS = ['failures', 'interrupted'] as const;
export type EntityMetric = (typeof ENTITY_METRICS)[number];

interface RuleBase {
  /** The rule exactly as given, for messages and the JSON. */
  readonly text: string;
  readonly comparator: Comparator;
  readonly limit: number;
}

export type ThresholdRule =
  | (RuleBase & { readonly kind: 'total'; readonly metric: TotalMetric })
  | (RuleBase & { readonly kind: 'failure-rate' })
  | (RuleBase & { readonly kind: 'code'; readonly code: number })
  | (RuleBase & { readonly kind: 'category'; readonly category: Category })
  | (RuleBase & { readonly kind: 'increase'; readonly metric: TotalMetric; readonly percent: boolean })
  | (RuleBase & { readonly kind: 'new'; readonly dimension: ComparedDimension })
  | (RuleBase & { readonly kind: 'entity'; readonly dimension: EntityDimensionId; readonly metric: EntityMetric })
  /** `finding:password-spray` (>0 unless given): findings of one kind. */
  | (RuleBase & { readonly kind: 'finding'; readonly detection: DetectionKind })
  /** `findings>=high`: findings of that severity or more urgent. */
  | (RuleBase & { readonly kind: 'findings'; readonly severity: Severity });

export const RULE_KINDS = [
  'total',
  'failure-rate',
  'code',
  'category',
  'increase',
  'new',
  'entity',
  'finding',
  'findings',
] as const satisfies readonly ThresholdRule['kind'][];
type RuleKind = (typeof RULE_KINDS)[number];

/** Rules that read the detections' findings, and so cannot be judged with --no-detections. */
export function needsFindings(rule: ThresholdRule): boolean {
  return rule.kind === 'finding' || rule.kind === 'findings';
}

/** Rules that compare with an earlier period, and so need --baseline or --compare previous-period. */
export function needsComparison(rule: ThresholdRule): boolean {
  return rule.kind === 'increase' || rule.kind === 'new';
}

export interface Offender {
  readonly key: string;
  readonly value: number;
}

export interface ThresholdOutcome {
  readonly rule: string;
  readonly kind: RuleKind;
  readonly crossed: boolean;
  /**
   * The value checked: a count, a rate or increase in percent, the highest count of any user or app, the number
   * of new entries; null for a percent increase from nothing (no base to divide by).
   */
  readonly actual: number | null;
  readonly limit: number;
  readonly unit: 'count' | 'percent';
  /** One line saying what was measured, e.g. `failures 612 > 500`. */
  readonly message: string;
  /** The keys over the limit (users, apps, IP addresses, ...), or the new entries, largest first. */
  readonly offenders: readonly Offender[];
  /** A rule that compares, with nothing to compare with (a schedule's first run): not judged, never crossed. */
  readonly skipped?: true;
}

/**
 * Evaluates each rule. A rule that needs a comparison when there is none (no baseline yet, the first week of a
 * schedule) is skipped: an outcome that is not crossed and says so.
 */
export function evaluateRules(
  rules: readonly ThresholdRule[],
  figures: ReportFigures,
  comparison: ComparisonBody | null,
  findings: readonly Finding[] = [],
): ThresholdOutcome[] {
  return rules.map((rule) => evaluateRule(rule, figures, comparison, findings));
}

export function evaluateRule(
  rule: ThresholdRule,
  figures: ReportFigures,
  comparison: ComparisonBody | null,
  findings: readonly Finding[] = [],
): ThresholdOutcome {
  const base = { rule: rule.text, kind: rule.kind, limit: rule.limit };
  if (needsComparison(rule) && comparison === null) {
    return {
      ...base,
      crossed: false,
      actual: null,
      unit: rule.kind === 'increase' && rule.percent ? 'percent' : 'count',
      message: NO_BASELINE,
      offenders: [],
      skipped: true,
    };
  }
  const over = (value: number): boolean => (rule.comparator === '>' ? value > rule.limit : value >= rule.limit);
  const sign = rule.comparator;
  switch (rule.kind) {
    case 'total': {
      const actual = totalOf(figures, rule.metric);
      return {
        ...base,
        crossed: over(actual),
        actual,
        unit: 'count',
        message: `${rule.metric} ${actual} ${verdict(over(actual), sign)} ${rule.limit}`,
        offenders: [],
      };
    }
    case 'failure-rate': {
      const { failure, signIns } = figures.totals;
      const exact = signIns === 0 ? 0 : (failure / signIns) * 100;
      const crossed = over(exact);
      const actual = shownAs(exact, 2, over);
      return { ...base, crossed, actual, unit: 'percent', message: `failure rate ${actual}% ${verdict(crossed, sign)} ${rule.limit}%`, offenders: [] };
    }
    case 'code': {
      const actual = countsOf(figures, 'code').get(String(rule.code)) ?? 0;
      const crossed = over(actual);
      return { ...base, crossed, actual, unit: 'count', message: `code ${rule.code}: ${actual} ${verdict(crossed, sign)} ${rule.limit}`, offenders: [] };
    }
    case 'category': {
      const actual = countsOf(figures, 'category').get(rule.category) ?? 0;
      const crossed = over(actual);
      return {
        ...base,
        crossed,
        actual,
        unit: 'count',
        message: `category ${rule.category}: ${actual} ${verdict(crossed, sign)} ${rule.limit}`,
        offenders: [],
      };
    }
    case 'entity': {
      const values = entityValues(figures, rule.dimension, rule.metric);
      const offenders = values.filter((offender) => over(offender.value));
      const actual = values[0]?.value ?? 0;
      const crossed = offenders.length > 0;
      const who = crossed
        ? `${offenders.length} ${offenders.length === 1 ? rule.dimension : dimensionOf(rule.dimension).plural} ${verdict(true, sign)} ${rule.limit} ${rule.metric} (${listOffenders(offenders)})`
        : `no ${rule.dimension} ${verdict(true, sign)} ${rule.limit} ${rule.metric} (highest: ${actual})`;
      return { ...base, crossed, actual, unit: 'count', message: who, offenders };
    }
    case 'increase': {
      const totals = requireComparison(rule, comparison).totals;
      const delta = rule.metric === 'failures' ? totals.failures : rule.metric === 'interrupted' ? totals.interrupted : totals.signIns;
      if (!rule.percent) {
        const crossed = over(delta.change);
        return {
          ...base,
          crossed,
          actual: delta.change,
          unit: 'count',
          message: `${rule.metric} changed by ${signed(delta.change)} (${delta.before} → ${delta.now}) ${verdict(crossed, sign)} +${rule.limit}`,
          offenders: [],
        };
      }
      if (delta.changePercent === null) {
        // From nothing to something is an unbounded increase; from nothing to nothing is none.
        const crossed = delta.now > 0;
        return {
          ...base,
          crossed,
          actual: null,
          unit: 'percent',
          message: `${rule.metric} ${delta.before} → ${delta.now}: ${crossed ? 'up from none' : 'none either time'}`,
          offenders: [],
        };
      }
      const exact = ((delta.now - delta.before) / delta.before) * 100;
      const crossed = over(exact);
      const actual = shownAs(exact, 1, over);
      return {
        ...base,
        crossed,
        actual,
        unit: 'percent',
        message: `${rule.metric} changed by ${signed(actual)}% (${delta.before} → ${delta.now}) ${verdict(crossed, sign)} +${rule.limit}%`,
        offenders: [],
      };
    }
    case 'finding':
    case 'findings': {
      const matching =
        rule.kind === 'finding'
          ? findings.filter((finding) => finding.kind === rule.detection)
          : findings.filter((finding) => SEVERITIES.indexOf(finding.severity) <= SEVERITIES.indexOf(rule.severity));
      const crossed = over(matching.length);
      const what = (n: number): string =>
        rule.kind === 'finding' ? `${rule.detection} ${plural(n, 'finding')}` : `${plural(n, 'finding')} of severity ${rule.severity} or more`;
      const offenders = matching.map((finding) => ({ key: finding.title, value: finding.counts.attempts }));
      const message = matching.length === 0 ? `no ${what(0)}` : `${matching.length} ${what(matching.length)} (${listOffenders(offenders)})`;
      return { ...base, crossed, actual: matching.length, unit: 'count', message, offenders };
    }
    case 'new': {
      const rows = requireComparison(rule, comparison).rows[rule.dimension];
      const entries = dimensionOf(rule.dimension).plural;
      if (rows === undefined) {
        // The earlier report does not list them (an older version's): nothing to say new against.
        return {
          ...base,
          crossed: false,
          actual: null,
          unit: 'count',
          message: `${entries} not compared: the earlier report does not list them`,
          offenders: [],
        };
      }
      const fresh = rows.filter((row) => row.status === 'new').map((row) => ({ key: row.key, value: row.now }));
      const crossed = over(fresh.length);
      const message =
        fresh.length === 0 ? `no new ${entries}` : `${fresh.length} new ${fresh.length === 1 ? rule.dimension : entries} (${listOffenders(fresh)})`;
      return { ...base, crossed, actual: fresh.length, unit: 'count', message, offenders: fresh };
    }
  }
}

function totalOf(figures: ReportFigures, metric: TotalMetric): number {
  switch (metric) {
    case 'failures':
      return figures.totals.failure;
    case 'interrupted':
      return figures.totals.interrupted;
    case 'sign-ins':
      return figures.totals.signIns;
  }
}

/** Every key's count of the dimension, largest first, then by key. */
function entityValues(figures: ReportFigures, dimension: EntityDimensionId, metric: EntityMetric): Offender[] {
  const totals = new Map<string, number>();
  for (const row of figures.rows[dimension]) totals.set(row.key, (totals.get(row.key) ?? 0) + (metric === 'failures' ? row.failures : row.interrupted));
  return [...totals].map(([key, value]) => ({ key, value })).sort((a, b) => b.value - a.value || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** What a skipped rule's outcome says. */
const NO_BASELINE = 'no baseline, rule skipped';

/** The comparison a rule that compares was judged on (evaluateRule skips such rules when there is none). */
function requireComparison(rule: ThresholdRule, comparison: ComparisonBody | null): ComparisonBody {
  if (comparison === null) throw new Error(`rule ${rule.text} has no comparison to read`);
  return comparison;
}

/** The dimension whose keys a rule's offenders are (user:failures>20, new-ips); null for the others. */
export function ruleDimension(rule: ThresholdRule): DimensionId | null {
  return rule.kind === 'entity' || rule.kind === 'new' ? rule.dimension : null;
}

/** At most five names in a message; the JSON keeps them all. */
export function listOffenders(offenders: readonly Offender[]): string {
  const shown = offenders.slice(0, 5).map((offender) => `${offender.key}: ${offender.value}`);
  return offenders.length > 5 ? `${shown.join(', ')}, and ${offenders.length - 5} more` : shown.join(', ');
}

function verdict(crossed: boolean, sign: Comparator): string {
  if (crossed) return sign;
  return sign === '>' ? '<=' : '<';
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : String(value);
}

/**
 * A percentage as a rule's message shows it: rounded to `decimals`, or to as many more as it takes for the
 * rounded value to fall on the same side of the limit as the exact one (5.004 % is "5.004%", not "5%", when it
 * crosses "> 5%"). The rule itself is always judged on the exact value.
 */
function shownAs(exact: number, decimals: number, over: (value: number) => boolean): number {
  for (let places = decimals; places <= 12; places++) {
    const rounded = roundTo(exact, places);
    if (over(rounded) === over(exact)) return rounded;
  }
  return exact;
}
