// Owns reports for sharing: which values are personal (users, applications, IP addresses), the keyed pseudonym that
// stands in for each (HMAC-SHA-256, so the same key gives the same pseudonym run after run and weekly comparisons
// still line up), and the two pure transforms: pseudonymising a report's values before the view is built (so the
// comparison and the --fail-on results are made from pseudonyms), and redacting the view after the rules were
// judged (the values and the rows listed by them are dropped). The table of where a report holds such values is
// here too, so a new part of the report that holds them is one more entry.

import { createHmac } from 'node:crypto';
import { canonicalIp } from '../ip.js';
import { canonicalUser, COMPARED_DIMENSIONS, dimensionOf, ENTITY_DIMENSION_IDS, NO_VALUE, type EntityDimensionId } from '../analyze/dimensions.js';
import type { EntityRow, Report } from '../analyze/types.js';
import { compareEntityRows } from '../analyze/finalize.js';
import type { ShownNames } from '../analyze/findings/index.js';
import { warning, type Warning } from '../diagnostics.js';
import type { Baseline } from './baseline.js';
import type { EarlierFigures } from './compare.js';
import { listOffenders, ruleDimension, type ThresholdOutcome, type ThresholdRule } from './thresholds.js';
import type { ReportView } from './index.js';

export const PRIVATE_KINDS = ['users', 'apps', 'ips'] as const;
export type PrivateKind = (typeof PRIVATE_KINDS)[number];

/** What a report says about its privacy (the JSON's `privacy`); never the key, only an id that tells keys apart. */
export interface PrivacyInfo {
  readonly pseudonymized: readonly PrivateKind[];
  readonly redacted: readonly PrivateKind[];
  /** User pseudonyms keep the domain of the UPN (`user-3f9a1c2e7b04@contoso.com`). */
  readonly keepDomain: boolean;
  /** Names the key without revealing it, so reports made with the same key can be told from others; null without one. */
  readonly keyId: string | null;
}

/** What is to be done with which values (config/privacy.ts reads it from the options). */
export interface PrivacyChoice {
  /** Kinds of values replaced by keyed pseudonyms. */
  readonly pseudonymize: readonly PrivateKind[];
  /** Kinds of values dropped. */
  readonly redact: readonly PrivateKind[];
  readonly keepDomain: boolean;
}

/** The dimension of a report whose keys are values of a kind. */
export const KIND_OF_DIMENSION: Readonly<Partial<Record<EntityDimensionId | 'code' | 'category', PrivateKind>>> = { user: 'users', app: 'apps', ip: 'ips' };

const PREFIX: Readonly<Record<PrivateKind, string>> = { users: 'user-', apps: 'app-', ips: 'ip-' };

/** Hex digits of a pseudonym: 48 bits, so even a million users are unlikely to share one (p ≈ 0.2%). */
const PSEUDONYM_HEX = 12;

/**
 * The pseudonym of one value: `user-3f9a1c2e7b04` (with keepDomain, `user-3f9a1c2e7b04@contoso.com`). A user name
 * in any letter case is one user, an address in any of its forms one address, and each has one pseudonym.
 */
export function pseudonymOf(key: Buffer, kind: PrivateKind, given: string, keepDomain = false, hexDigits = PSEUDONYM_HEX): string {
  const value = canonicalOf(kind, given);
  const digest = createHmac('sha256', key).update(`${kind}\u0000${value}`).digest('hex').slice(0, hexDigits);
  const at = value.lastIndexOf('@');
  return `${PREFIX[kind]}${digest}${keepDomain && kind === 'users' && at >= 0 ? value.slice(at) : ''}`;
}

/** The form a value is counted under, as the reader and the tally form it. */
function canonicalOf(kind: PrivateKind, value: string): string {
  return kind === 'users' ? canonicalUser(value) : kind === 'ips' ? canonicalIp(value) : value;
}

/** The key's id: an HMAC of a fixed text, which says nothing about the key. */
export function keyIdOf(key: Buffer): string {
  return createHmac('sha256', key).update('signin-analyzer key id').digest('hex').slice(0, PSEUDONYM_HEX);
}

/** Maps one kind's values to their pseudonyms. `(none)`, the bucket for no value, stays as it is. */
export type ValueMap = (kind: PrivateKind, value: string) => string;

/**
 * The pseudonyms of every value a run shows, made up front so that two values never share one: should two share
 * their 12 hex digits, both get 24 (which start with the same 12, so `signin-analyzer pseudonym` still finds them).
 */
export function pseudonymMap(
  key: Buffer,
  values: Readonly<Record<PrivateKind, Iterable<string>>>,
  kinds: readonly PrivateKind[],
  keepDomain: boolean,
  hexDigits = PSEUDONYM_HEX,
): ValueMap {
  const maps = new Map<PrivateKind, Map<string, string>>();
  for (const kind of kinds) {
    const byValue = new Map<string, string>();
    // Per pseudonym, the values that have it and the distinct values it stands for (one user in two letter cases is one).
    const holders = new Map<string, { values: string[]; forms: Set<string> }>();
    for (const value of values[kind]) {
      if (value === NO_VALUE || byValue.has(value)) continue;
      const short = pseudonymOf(key, kind, value, keepDomain, hexDigits);
      byValue.set(value, short);
      const holder = holders.get(short) ?? { values: [], forms: new Set<string>() };
      holder.values.push(value);
      holder.forms.add(canonicalOf(kind, value));
      holders.set(short, holder);
    }
    for (const { values: shared, forms } of holders.values()) {
      if (forms.size > 1) for (const value of shared) byValue.set(value, pseudonymOf(key, kind, value, keepDomain, 2 * hexDigits));
    }
    maps.set(kind, byValue);
  }
  return (kind, value) => {
    const map = maps.get(kind);
    if (map === undefined || value === NO_VALUE) return value;
    return map.get(value) ?? pseudonymOf(key, kind, value, keepDomain, hexDigits);
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Where a report holds personal values. Each part maps them with a ValueMap; a new part of the report that holds
// users, apps or IP addresses is one more entry (the findings show their names through shownNames), and test/privacy.test.ts, which
// greps every format of a pseudonymised report for the input's names and addresses, fails until it is added.

interface ReportPart {
  readonly name: string;
  /** Every personal value the part holds, by kind (to make the pseudonyms up front). */
  readonly values: (report: Report, add: (kind: PrivateKind, value: string) => void) => void;
  readonly map: (report: Report, map: ValueMap, kinds: ReadonlySet<PrivateKind>) => Report;
}

const REPORT_PARTS: readonly ReportPart[] = [
  {
    // byUser, byApp and byIp: the rows' keys; ties in the order are then broken by the pseudonym, not the name.
    name: 'byEntity',
    values: (report, add) => {
      for (const id of ENTITY_DIMENSION_IDS) {
        const kind = KIND_OF_DIMENSION[id];
        if (kind !== undefined) for (const row of report.byEntity[id]) add(kind, row.key);
      }
    },
    map: (report, map, kinds) => {
      const byEntity = Object.fromEntries(
        ENTITY_DIMENSION_IDS.map((id) => {
          const kind = KIND_OF_DIMENSION[id];
          const rows = report.byEntity[id];
          if (kind === undefined || !kinds.has(kind)) return [id, rows];
          return [id, rows.map((row): EntityRow => ({ ...row, key: map(kind, row.key) })).sort(compareEntityRows)];
        }),
      ) as Record<EntityDimensionId, readonly EntityRow[]>;
      return { ...report, byEntity };
    },
  },
];

/** The personal values of reports and figures, by kind: everything a run may show. */
function personalValues(reports: readonly Report[], figures: readonly EarlierFigures[] = []): Record<PrivateKind, string[]> {
  const values: Record<PrivateKind, string[]> = { users: [], apps: [], ips: [] };
  const add = (kind: PrivateKind, value: string): void => {
    values[kind].push(value);
  };
  for (const report of reports) for (const part of REPORT_PARTS) part.values(report, add);
  for (const item of figures) {
    for (const id of COMPARED_DIMENSIONS) {
      const kind = KIND_OF_DIMENSION[id];
      if (kind !== undefined) for (const row of item.rows[id] ?? []) add(kind, row.key);
    }
  }
  return values;
}

/** The report with the values of `kinds` replaced by their pseudonyms. */
function pseudonymizeReport(report: Report, map: ValueMap, kinds: readonly PrivateKind[]): Report {
  const set = new Set(kinds);
  return set.size === 0 ? report : REPORT_PARTS.reduce((mapped, part) => part.map(mapped, map, set), report);
}

/** A baseline's figures with the values of `kinds` replaced: a baseline with real names compared with pseudonyms. */
function pseudonymizeFigures(figures: EarlierFigures, map: ValueMap, kinds: readonly PrivateKind[]): EarlierFigures {
  const rows = Object.fromEntries(
    Object.entries(figures.rows).map(([id, list]) => {
      const kind = KIND_OF_DIMENSION[id as EntityDimensionId];
      return [id, kind !== undefined && kinds.includes(kind) ? list.map((row) => ({ ...row, key: map(kind, row.key) })) : list];
    }),
  );
  return { ...figures, rows };
}

/** Kinds a baseline's figures hold: those of the compared dimensions. */
const FIGURE_KINDS: readonly PrivateKind[] = [...new Set(COMPARED_DIMENSIONS.flatMap((id) => KIND_OF_DIMENSION[id] ?? []))];
const KIND_WORDS: Readonly<Record<PrivateKind, string>> = { users: 'users', apps: 'applications', ips: 'IP addresses' };

/**
 * Why a baseline's users or apps cannot line up with this run's, per kind: pseudonymised with another key or
 * domain setting, pseudonymised when this run's are not, or redacted. Values a baseline kept as they were are
 * pseudonymised with this run's key (pseudonymizeRun), so they line up.
 */
function unmatched(choice: PrivacyChoice, keyId: string | null, baseline: Baseline | null): Map<PrivateKind, string> {
  const before = baseline?.privacy ?? null;
  const reasons = new Map<PrivateKind, string>();
  if (before === null) return reasons;
  for (const kind of FIGURE_KINDS) {
    const now = choice.pseudonymize.includes(kind);
    // A redacted baseline has no entries to line up, whatever this run does; a run that redacts its own still
    // compares them with a baseline that kept them (redaction comes after the comparison).
    const why = before.redacted.includes(kind)
      ? 'were redacted'
      : choice.redact.includes(kind) || !before.pseudonymized.includes(kind)
        ? null
        : !now
          ? "are pseudonymised and this report's are not"
          : before.keyId !== keyId
            ? 'were pseudonymised with another key'
            : kind === 'users' && before.keepDomain !== choice.keepDomain
              ? `were pseudonymised ${before.keepDomain ? 'with' : 'without'} --keep-domain`
              : null;
    if (why !== null) reasons.set(kind, why);
  }
  return reasons;
}

/** A warning per kind of a baseline that cannot line up with this run's (unmatched): those lists are not compared. */
export function baselinePrivacyWarnings(choice: PrivacyChoice, keyId: string | null, baseline: Baseline | null): Warning[] {
  return [...unmatched(choice, keyId, baseline)].map(([kind, why]) => warning('BASELINE_PRIVACY', { what: KIND_WORDS[kind], why }, { file: baseline!.file }));
}

/**
 * The baseline without the lists that cannot line up with this run's (unmatched): compared, every entry would be
 * new and gone, and a new-users rule would fail the run on nothing new. Left out, they are not compared, as an
 * older report's missing list is not, and nothing warns that they were cut with --top.
 */
export function comparableBaseline(choice: PrivacyChoice, keyId: string | null, baseline: Baseline | null): Baseline | null {
  const reasons = unmatched(choice, keyId, baseline);
  if (baseline === null || reasons.size === 0) return baseline;
  const kept = (id: string): boolean => {
    const kind = KIND_OF_DIMENSION[id as EntityDimensionId];
    return kind === undefined || !reasons.has(kind);
  };
  const rows = Object.fromEntries(Object.entries(baseline.figures.rows).filter(([id]) => kept(id)));
  const dropped = new Set(COMPARED_DIMENSIONS.filter((id) => !kept(id)).map((id) => dimensionOf(id).json.section));
  return { ...baseline, figures: { ...baseline.figures, rows }, incomplete: baseline.incomplete.filter((section) => !dropped.has(section)) };
}

export interface RunReports {
  readonly report: Report;
  /** The period before (--compare previous-period). */
  readonly previous: Report | null;
  readonly baseline: Baseline | null;
}

/**
 * The run's reports with the chosen values pseudonymised, before the view compares them: the baseline's values
 * too when its own report kept them as they were (the baseline as comparableBaseline gives it). Also what the
 * JSON report says about it.
 */
export function pseudonymizeRun(
  parts: RunReports,
  key: Buffer | null,
  choice: PrivacyChoice,
): RunReports & { readonly info: PrivacyInfo | null; readonly map: ValueMap | null } {
  const keyId = key === null ? null : keyIdOf(key);
  const info: PrivacyInfo | null =
    choice.pseudonymize.length === 0 && choice.redact.length === 0
      ? null
      : { pseudonymized: [...choice.pseudonymize], redacted: [...choice.redact], keepDomain: choice.keepDomain, keyId };
  const { baseline } = parts;
  if (key === null || choice.pseudonymize.length === 0) return { ...parts, baseline, info, map: null };
  // A baseline's values are pseudonymised here only where its own report left them as they were.
  const before = baseline?.privacy ?? null;
  const baselineKinds = choice.pseudonymize.filter((kind) => !(before?.pseudonymized.includes(kind) ?? false) && !(before?.redacted.includes(kind) ?? false));
  const reports = parts.previous === null ? [parts.report] : [parts.report, parts.previous];
  const map = pseudonymMap(key, personalValues(reports, baseline === null ? [] : [baseline.figures]), choice.pseudonymize, choice.keepDomain);
  return {
    report: pseudonymizeReport(parts.report, map, choice.pseudonymize),
    previous: parts.previous === null ? null : pseudonymizeReport(parts.previous, map, choice.pseudonymize),
    baseline: baseline === null ? null : { ...baseline, figures: pseudonymizeFigures(baseline.figures, map, baselineKinds) },
    info,
    map,
  };
}

/** Singular words for a redacted value's placeholder: `(user 3)`. */
const PLACEHOLDER_WORDS: Readonly<Record<PrivateKind, string>> = { users: 'user', apps: 'app', ips: 'address' };

/**
 * How the findings show names: pseudonyms for the kinds pseudonymised (`map`), and for redacted kinds a numbered
 * placeholder (`(user 3)`) that tells the findings' entities apart without naming them. Undefined: as they are.
 */
export function shownNames(map: ValueMap | null, choice: PrivacyChoice): ShownNames | undefined {
  if (choice.pseudonymize.length === 0 && choice.redact.length === 0) return undefined;
  const show = (kind: PrivateKind): ((text: string) => string) => {
    if (choice.redact.includes(kind)) {
      const numbers = new Map<string, string>();
      return (text) => {
        let placeholder = numbers.get(text);
        if (placeholder === undefined) {
          placeholder = `(${PLACEHOLDER_WORDS[kind]} ${numbers.size + 1})`;
          numbers.set(text, placeholder);
        }
        return placeholder;
      };
    }
    return map !== null && choice.pseudonymize.includes(kind) ? (text) => map(kind, text) : (text) => text;
  };
  return { user: show('users'), ip: show('ips'), app: show('apps') };
}

// ---------------------------------------------------------------------------------------------------------------
// Redaction, after the --fail-on rules were judged on the real values (so the exit code does not change).

/** Text that stands where redacted names were listed. */
const REDACTED = 'names redacted';

/**
 * The view with the values of `kinds` dropped: the rows listed by them (users, apps, IP addresses, and their part
 * of the comparison) are empty, and the --fail-on results name no offender. Counts stay (how many users).
 * `rules` are the rules the view's thresholds were judged from, in the same order.
 */
export function redactView(view: ReportView, kinds: readonly PrivateKind[], rules: readonly ThresholdRule[]): ReportView {
  if (kinds.length === 0) return view;
  const set = new Set(kinds);
  const dropped = (id: string): boolean => {
    const kind = KIND_OF_DIMENSION[id as EntityDimensionId];
    return kind !== undefined && set.has(kind);
  };
  const report = view.report;
  const byEntity = Object.fromEntries(ENTITY_DIMENSION_IDS.map((id) => [id, dropped(id) ? [] : report.byEntity[id]])) as Record<
    EntityDimensionId,
    readonly EntityRow[]
  >;
  const comparison =
    view.comparison === null
      ? null
      : {
          ...view.comparison,
          dimensions: Object.fromEntries(
            Object.entries(view.comparison.dimensions).map(([id, entry]) => [
              id,
              dropped(id) ? { ...entry, rows: [], total: 0, added: [], removed: [], goneRows: [], byKey: new Map() } : entry,
            ]),
          ) as unknown as typeof view.comparison.dimensions,
        };
  const thresholds =
    view.thresholds === null
      ? null
      : {
          ...view.thresholds,
          outcomes: view.thresholds.outcomes.map((outcome, i) => {
            const dimension = rules[i] === undefined ? null : ruleDimension(rules[i]!);
            return dimension !== null && dropped(dimension) ? withoutOffenders(outcome) : outcome;
          }),
        };
  return { ...view, report: { ...report, byEntity }, comparison, thresholds };
}

function withoutOffenders(outcome: ThresholdOutcome): ThresholdOutcome {
  if (outcome.offenders.length === 0) return outcome;
  const listed = `(${listOffenders(outcome.offenders)})`;
  return { ...outcome, message: outcome.message.replace(listed, () => `(${REDACTED})`), offenders: [] };
}
