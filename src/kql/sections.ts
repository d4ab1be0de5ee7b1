// Owns the report's sections as KQL: the summary, codes, categories and per-dimension queries, built from each
// dimension's KQL key (its row in analyze/dimensions.ts) with the counts and the order finalize.ts gives the report.

import { DIMENSIONS, ENTITY_DIMENSION_IDS, LEGACY_CLIENT_APPS, TOP_CODES_PER_ROW, type DimensionId, type EntityDimensionId } from '../analyze/index.js';
import { KQL_CATEGORIES_TABLE_NAME, KQL_TABLE_NAME } from '../catalog/render.js';
import type { UnknownEntry } from '../analyze/index.js';
import type { QueryPlan } from './query.js';
import { SIGN_INS, type SignInColumn } from './signins.js';
import { kqlString, kqlStrings } from './text.js';

export interface KqlKey {
  /** The key over SignInRows, as the dimension's key function computes it from a SignIn. */
  readonly expression: string;
  /** How the key is shown, over `Key`, when that is not the key itself. */
  readonly label?: string | undefined;
  readonly reads: readonly SignInColumn[];
  /** The result column that shows the key. */
  readonly column: string;
  /** The query's id (and --output-dir file name). */
  readonly query: string;
}

/** Each dimension's KQL key, from its row in the dimension table (analyze/dimensions.ts). */
export const KQL_KEYS = Object.fromEntries(
  DIMENSIONS.map((dimension) => [
    dimension.id,
    {
      expression: dimension.kql.key,
      label: dimension.kql.label,
      reads: dimension.kql.reads as readonly SignInColumn[],
      column: dimension.kql.column,
      query: dimension.plural,
    },
  ]),
) as Readonly<Record<DimensionId, KqlKey>>;

/** The same test as isLegacyClientApp: case and runs of spaces do not matter, and Outlook Anywhere with any suffix. */
function legacyExpression(column: string): string {
  const names = LEGACY_CLIENT_APPS.map((name) => name.trim().replace(/\s+/g, ' ').toLowerCase());
  const normalized = `tolower(trim(@"\\s+", replace_regex(${column}, @"\\s+", " ")))`;
  return `(${normalized} in ${kqlStrings(names)} or ${normalized} startswith "outlook anywhere")`;
}

/**
 * A table's top codes per key, as the report lists them: the failure and interrupt codes by count, then by code,
 * first TOP_CODES_PER_ROW. Sorted inside mv-apply, the one place KQL keeps the order of a list it builds.
 */
function topCodesExpression(source: string, key: string): string {
  return [
    source,
    `    | summarize N = sum(N) by ${key}, Code`,
    `    | summarize Codes = make_list(bag_pack("code", Code, "count", N)) by ${key}`,
    '    | mv-apply Codes on (',
    '        extend SortCount = tolong(Codes["count"]), SortCode = toint(Codes["code"])',
    '        | sort by SortCount desc, SortCode asc',
    `        | take ${TOP_CODES_PER_ROW}`,
    '        | summarize TopCodes = make_list(Codes))',
    `    | project ${key}, TopCodes`,
  ].join('\n');
}

/** Every category of the failures and interrupts per key, as [{category, count}], most first. */
function categoriesExpression(source: string, key: string): string {
  return [
    source,
    `    | summarize N = sum(N) by ${key}, Category`,
    `    | summarize Found = make_list(bag_pack("category", Category, "count", N)) by ${key}`,
    '    | mv-apply Found on (',
    '        extend SortCount = tolong(Found["count"]), SortCategory = tostring(Found["category"])',
    '        | sort by SortCount desc, SortCategory asc',
    '        | summarize Categories = make_list(Found))',
    `    | project ${key}, Categories`,
  ].join('\n');
}

const FAILURES = 'Failures = sumif(N, Outcome == "failure"), Interrupted = sumif(N, Outcome == "interrupted")';

function summarySection(): QueryPlan {
  const user = KQL_KEYS.user;
  const app = KQL_KEYS.app;
  return {
    id: 'summary',
    title: 'Summary',
    about: ['Sign-ins by outcome, distinct users and applications, the first and last sign-in, and legacy-protocol sign-ins.'],
    columns: [...user.reads, ...app.reads, ...KQL_KEYS['client-app'].reads],
    body: [
      SIGN_INS,
      `| extend Legacy = ${legacyExpression(KQL_KEYS['client-app'].expression)}`,
      '| summarize SignIns = count(), Success = countif(Outcome == "success"), Failure = countif(Outcome == "failure"), Interrupted = countif(Outcome == "interrupted"),',
      `    Users = count_distinct(${user.expression}), Apps = count_distinct(${app.expression}), FirstSignIn = min(Time), LastSignIn = max(Time),`,
      '    LegacySignIns = countif(Legacy), LegacyFailures = countif(Legacy and Outcome == "failure"), LegacyInterrupted = countif(Legacy and Outcome == "interrupted")',
      '| extend FailureRatePercent = iff(SignIns == 0, 0.0, round(100.0 * Failure / SignIns, 2))',
      '| project SignIns, Success, Failure, Interrupted, FailureRatePercent, Users, Apps, FirstSignIn, LastSignIn, LegacySignIns, LegacyFailures, LegacyInterrupted',
    ],
  };
}

/** The --top cut for a count-ordered list; none for 0. */
function take(top: number): string[] {
  return top > 0 ? [`| take ${top}`] : [];
}

function codesSection(top: number, unknownEntry: UnknownEntry): QueryPlan {
  const user = KQL_KEYS.user;
  const app = KQL_KEYS.app;
  return {
    id: KQL_KEYS.code.query,
    title: titleOf('code'),
    about: [
      'Failures and interrupts by code, joined to the catalog: name, outcome, category, remediation, and the most frequent failure reason of the log.',
      'Outcome is the catalog outcome; for a code it does not know, the outcome most of its sign-ins had.',
    ],
    columns: [...user.reads, ...app.reads, 'FailureReason'],
    catalog: true,
    body: [
      `let Tally = materialize(${SIGN_INS}`,
      '    | where Outcome != "success"',
      `    | summarize N = count() by Code, Outcome, User = ${user.expression}, App = ${app.expression}, Reason = FailureReason);`,
      'let Reasons = Tally',
      '    | where isnotempty(Reason)',
      '    | summarize N = sum(N) by Code, Reason',
      '    | sort by Code asc, N desc, Reason asc',
      '    | extend Rank = row_number(1, prev(Code) != Code)',
      '    | where Rank == 1',
      '    | project Code, FailureReason = Reason;',
      'Tally',
      `| summarize Count = sum(N), ${FAILURES}, Users = count_distinct(User), Apps = count_distinct(App) by Code`,
      '| join kind=leftouter Reasons on Code',
      `| lookup kind=leftouter (${KQL_TABLE_NAME} | project Code, Name, CatalogOutcome = Outcome, CatalogCategory = Category, Description, Remediation) on Code`,
      '| extend Catalogued = isnotempty(CatalogOutcome)',
      '| extend Outcome = iff(Catalogued and CatalogOutcome != "success", CatalogOutcome, iff(Failures >= Interrupted, "failure", "interrupted")),',
      '    Category = coalesce(CatalogCategory, "unknown"),',
      `    Description = iff(Catalogued, Description, ${perCode(unknownEntry, (entry) => entry.description)}),`,
      `    Remediation = iff(Catalogued, Remediation, ${perCode(unknownEntry, (entry) => entry.remediation)})`,
      '| sort by Count desc, Code asc',
      ...take(top),
      '| project Code, Name, Outcome, Category, Catalogued, Count, Failures, Interrupted, Users, Apps, Description, Remediation, FailureReason',
    ],
  };
}

/** The catalog's text for a code it does not know, with the code put in where the text names it. */
function perCode(unknownEntry: UnknownEntry, pick: (entry: ReturnType<UnknownEntry>) => string): string {
  const marker = 987654321;
  const parts = pick(unknownEntry(marker)).split(String(marker));
  return `strcat(${parts.map(kqlString).join(', tostring(Code), ')})`;
}

function categoriesSection(top: number): QueryPlan {
  const user = KQL_KEYS.user;
  return {
    id: KQL_KEYS.category.query,
    title: titleOf('category'),
    about: ['Failures and interrupts by remediation category: who acts first (actor), what to do (guidance), and the top codes.'],
    columns: [...user.reads],
    categories: true,
    body: [
      `let Tally = materialize(${SIGN_INS}`,
      '    | where Outcome != "success"',
      `    | summarize N = count() by Category, Outcome, Code, User = ${user.expression});`,
      `let CodesPerKey = ${topCodesExpression('Tally', 'Category')};`,
      'Tally',
      `| summarize Count = sum(N), ${FAILURES}, Users = count_distinct(User), Codes = count_distinct(Code) by Category`,
      '| join kind=leftouter CodesPerKey on Category',
      `| lookup kind=leftouter ${KQL_CATEGORIES_TABLE_NAME} on Category`,
      '| extend TopCodes = iff(isnull(TopCodes), dynamic([]), TopCodes)',
      '| sort by Count desc, Category asc',
      ...take(top),
      '| project Category, Title, Actor, Guidance, Count, Failures, Interrupted, Users, Codes, TopCodes',
    ],
  };
}

/** A user, app, client app, country, IP, sign-in type, day or hour-of-the-week list, as finalize.ts entityRows builds it. */
function entitySection(id: EntityDimensionId, top: number): QueryPlan {
  const dimension = DIMENSIONS.find((candidate) => candidate.id === id);
  if (dimension === undefined) throw new Error(`no dimension ${id}`);
  const key = KQL_KEYS[id];
  const user = KQL_KEYS.user;
  const users = dimension.distinct.includes('user');
  const legacy = id === 'client-app';
  const chronological = dimension.order === 'key';
  const categories = dimension.categories === true;
  return {
    id: key.query,
    title: titleOf(id),
    about: [
      `Sign-ins, failures, interrupts and failure rate${users ? ', distinct users' : ''} and the top codes per ${key.column}${legacy ? ', and whether the client app uses legacy authentication' : ''}${categories ? ', and the failures and interrupts per remediation category' : ''}.`,
      chronological
        ? 'In order of the key.'
        : 'Most failures first (with the interrupts of keys that never signed in successfully), then interrupts, then sign-ins.',
    ],
    columns: [...key.reads, ...(users ? user.reads : [])],
    body: [
      `let Tally = materialize(${SIGN_INS}`,
      `    | summarize N = count() by Key = ${key.expression}, Outcome, Code${categories ? ', Category' : ''}${users ? `, User = ${user.expression}` : ''});`,
      `let CodesPerKey = ${topCodesExpression('Tally\n    | where Outcome != "success"', 'Key')};`,
      ...(categories ? [`let CategoriesPerKey = ${categoriesExpression('Tally\n    | where Outcome != "success"', 'Key')};`] : []),
      'Tally',
      `| summarize SignIns = sum(N), ${FAILURES}${users ? ', Users = count_distinct(User)' : ''} by Key`,
      '| join kind=leftouter CodesPerKey on Key',
      ...(categories ? ['| join kind=leftouter CategoriesPerKey on Key'] : []),
      '| extend FailureRate = round(todouble(Failures) / SignIns, 4), TopCodes = iff(isnull(TopCodes), dynamic([]), TopCodes)',
      ...(categories ? ['| extend Categories = iff(isnull(Categories), dynamic([]), Categories)'] : []),
      ...(legacy ? [`| extend Legacy = ${legacyExpression('Key')}`] : []),
      // Interrupts of a key that never signed in (stuck at the MFA prompt) rank with its failures (finalize.ts).
      ...(chronological
        ? ['| sort by Key asc']
        : [
            '| extend Rank = Failures + iff(SignIns == Failures + Interrupted, Interrupted, 0)',
            '| sort by Rank desc, Failures desc, Interrupted desc, SignIns desc, Key asc',
          ]),
      ...(chronological ? [] : take(top)),
      `| project ${key.column} = ${key.label ?? 'Key'}, SignIns, Failures, Interrupted, FailureRate${users ? ', Users' : ''}, TopCodes${legacy ? ', Legacy' : ''}${categories ? ', Categories' : ''}`,
    ],
  };
}

/** Every report section in the order the report shows them. */
export function reportSections(top: number, unknownEntry: UnknownEntry): QueryPlan[] {
  return [summarySection(), codesSection(top, unknownEntry), categoriesSection(top), ...ENTITY_DIMENSION_IDS.map((id) => entitySection(id, top))];
}

function titleOf(id: DimensionId): string {
  return DIMENSIONS.find((dimension) => dimension.id === id)?.title ?? id;
}
