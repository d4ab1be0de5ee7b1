// Owns the --fail-on rules as one KQL query that returns a row per crossed rule (none when all hold), for an alert
// rule or a Logic App: each rule measures what view/thresholds.ts measures on the report, with the same comparison.

import type { EntityDimensionId } from '../analyze/dimensions.js';
import type { ThresholdRule } from '../view/thresholds.js';
import type { QueryPlan } from './query.js';
import { KQL_KEYS } from './sections.js';
import { SIGN_INS, type SignInColumn } from './signins.js';
import { kqlString } from './text.js';

export const FAIL_ON_QUERY = 'fail-on';

/** The query of the rules; the kql config refuses rules that compare with an earlier period before this is built. */
export function failOnQuery(rules: readonly ThresholdRule[]): QueryPlan {
  // Each dimension a user:failures>N, ip:failures>N, ... rule reads is one more group of the tally.
  const dimensions = [...new Set(rules.flatMap((rule) => (rule.kind === 'entity' ? [rule.dimension] : [])))];
  const columns: SignInColumn[] = dimensions.flatMap((dimension) => KQL_KEYS[dimension].reads);
  const groups = ['Outcome', 'Code', 'Category', ...dimensions.map((dimension) => `${keyColumn(dimension)} = ${KQL_KEYS[dimension].expression}`)];
  return {
    id: FAIL_ON_QUERY,
    title: 'Crossed --fail-on rules',
    about: [
      'One row per crossed rule, none when every rule holds: alert when the query returns any row.',
      `Rules: ${rules.map((rule) => rule.text).join(', ')}`,
    ],
    columns,
    body: [
      `let Tally = materialize(${SIGN_INS} | summarize N = count() by ${groups.join(', ')});`,
      'let Totals = Tally | summarize SignIns = sum(N), Failures = sumif(N, Outcome == "failure"), Interrupted = sumif(N, Outcome == "interrupted");',
      'union',
      rules.map((rule) => `    (${ruleExpression(rule)})`).join(',\n'),
      '| project Rule, Kind, Actual, Limit, Message, Offenders',
    ],
  };
}

function ruleExpression(rule: ThresholdRule): string {
  const limit = `${rule.limit}`;
  const over = `Actual ${rule.comparator} ${limitLiteral(rule.limit)}`;
  const row = (message: string): string =>
    `| where ${over} | project Rule = ${kqlString(rule.text)}, Kind = ${kqlString(rule.kind)}, Actual, Limit = ${limitLiteral(rule.limit)}, Message = ${message}, Offenders = dynamic([])`;
  const measured = (label: string, unit = ''): string =>
    `strcat(${kqlString(`${label} `)}, Actual, ${kqlString(`${unit} ${rule.comparator} ${limit}${unit}`)})`;
  switch (rule.kind) {
    case 'total': {
      const column = rule.metric === 'failures' ? 'Failures' : rule.metric === 'interrupted' ? 'Interrupted' : 'SignIns';
      return `Totals | extend Actual = todouble(${column}) ${row(measured(rule.metric))}`;
    }
    case 'failure-rate':
      return `Totals | extend Actual = iff(SignIns == 0, 0.0, round(100.0 * Failures / SignIns, 2)) ${row(measured('failure rate', '%'))}`;
    case 'code':
      return `Tally | summarize Actual = todouble(sumif(N, Code == ${rule.code} and Outcome != "success")) | extend Actual = coalesce(Actual, 0.0) ${row(measured(`code ${rule.code}:`))}`;
    case 'category':
      return `Tally | summarize Actual = todouble(sumif(N, Category == ${kqlString(rule.category)} and Outcome != "success")) | extend Actual = coalesce(Actual, 0.0) ${row(measured(`category ${rule.category}:`))}`;
    case 'entity': {
      const key = keyColumn(rule.dimension);
      const outcome = rule.metric === 'failures' ? 'failure' : 'interrupted';
      return [
        `Tally | summarize Value = sumif(N, Outcome == ${kqlString(outcome)}) by Key = ${key}`,
        `| summarize Actual = todouble(max(Value)), Offenders = make_list_if(bag_pack("key", Key, "value", Value), Value ${rule.comparator} ${limitLiteral(rule.limit)})`,
        '| mv-apply Offenders on (extend SortValue = tolong(Offenders["value"]), SortKey = tostring(Offenders["key"]) | sort by SortValue desc, SortKey asc | summarize Offenders = make_list(Offenders))',
        '| where array_length(Offenders) > 0',
        `| project Rule = ${kqlString(rule.text)}, Kind = ${kqlString(rule.kind)}, Actual, Limit = ${limitLiteral(rule.limit)}, Message = strcat(array_length(Offenders), ${kqlString(` ${rule.dimension}(s) ${rule.comparator} ${limit} ${rule.metric}`)}), Offenders`,
      ].join(' ');
    }
    case 'increase':
    case 'new':
      throw new Error(`--fail-on ${rule.text} compares with an earlier period, which the KQL does not do`);
    case 'finding':
    case 'findings':
      throw new Error(`--fail-on ${rule.text} reads the detections' findings, which the KQL detection queries stand for`);
  }
}

/** The tally's column of a dimension's key: `Key_user`, `Key_client_app`. */
function keyColumn(dimension: EntityDimensionId): string {
  return `Key_${dimension.replace(/-/g, '_')}`;
}

/** A real literal: the limit compared as a number whatever the rule's unit. */
function limitLiteral(limit: number): string {
  return Number.isInteger(limit) ? `${limit}.0` : `${limit}`;
}
