// Owns the report's row filters (--user, --app, --code, --category, --type, --outcome): which sign-ins are
// counted, and how a --user name matches (case and accents do not count). Time windows are windows.ts's. A dropped sign-in is never lost: the analysis counts it as filtered out.

import type { Category } from '../catalog/types.js';
import { Memo } from '../memo.js';
import type { Outcome, SignIn, SignInType } from '../model.js';
import type { RowFacts } from './outcome.js';

export interface RowCriteria {
  /** Matched against UPN, display name, user id, service principal name and id, whatever the case and accents. */
  readonly users: readonly string[];
  /** Matched case-insensitively against application name and id. */
  readonly apps: readonly string[];
  readonly codes: readonly number[];
  readonly categories: readonly Category[];
  readonly types: readonly SignInType[];
  readonly outcomes: readonly Outcome[];
}

export const NO_CRITERIA: RowCriteria = { users: [], apps: [], codes: [], categories: [], types: [], outcomes: [] };

/** True when the sign-in is counted. */
export type RowFilter = (signIn: SignIn, facts: RowFacts) => boolean;

/** Builds the per-row predicate once; an empty list means "no restriction" for that field; null: every row counts. */
export function compileFilter(criteria: RowCriteria): RowFilter | null {
  const users = optionalSet(criteria.users.map(foldName));
  const apps = lowerSet(criteria.apps);
  const codes = optionalSet(criteria.codes);
  const categories = optionalSet<string>(criteria.categories);
  const types = optionalSet<string>(criteria.types);
  const outcomes = optionalSet<string>(criteria.outcomes);
  if ([users, apps, codes, categories, types, outcomes].every((set) => set === null)) return null;

  return (signIn, facts) => {
    if (codes !== null && !codes.has(facts.code)) return false;
    if (outcomes !== null && !outcomes.has(facts.outcome)) return false;
    if (categories !== null && !categories.has(facts.entry.category)) return false;
    if (types !== null && !types.has(signIn.signInType)) return false;
    if (
      users !== null &&
      !matchesFolded(users, signIn.userPrincipalName, signIn.userDisplayName, signIn.userId, signIn.servicePrincipalName, signIn.servicePrincipalId)
    ) {
      return false;
    }
    if (apps !== null && !matchesAny(apps, signIn.appName, signIn.appId)) return false;
    return true;
  };
}

function optionalSet<T>(values: readonly T[]): ReadonlySet<T> | null {
  return values.length === 0 ? null : new Set(values);
}

function lowerSet(values: readonly string[]): ReadonlySet<string> | null {
  return optionalSet(values.map((value) => value.trim().toLowerCase()));
}

function matchesAny(wanted: ReadonlySet<string>, ...candidates: string[]): boolean {
  return candidates.some((candidate) => candidate !== '' && wanted.has(candidate.toLowerCase()));
}

/** Names folded once each: a run has few distinct users and each is met again and again. */
const folded = new Memo<string>(100_000);

function matchesFolded(wanted: ReadonlySet<string>, ...candidates: string[]): boolean {
  return candidates.some((candidate) => candidate !== '' && wanted.has(folded.get(candidate, foldName)));
}

/**
 * A name as --user compares it: case, accents and compatibility forms folded (`Jürgen Groß` is `jurgen gross`,
 * `Ｊｏｎｉ` is `joni`), surrounding spaces dropped.
 */
export function foldName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/ß/g, 'ss').trim();
}
