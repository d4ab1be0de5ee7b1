// Owns the report filters: which sign-ins are counted. A dropped sign-in is never lost: the verdict says
// whether it fell outside the time window or was filtered out, and the tally counts both.

import type { Category } from '../catalog/types.js';
import type { Outcome, SignIn, SignInType } from '../model.js';
import type { RowFacts } from './outcome.js';

export interface FilterCriteria {
  /** Inclusive lower bound, UTC. */
  readonly since: Date | null;
  /** Exclusive upper bound, UTC. */
  readonly until: Date | null;
  /** Matched case-insensitively against UPN, display name, user id, service principal name and id. */
  readonly users: readonly string[];
  /** Matched case-insensitively against application name and id. */
  readonly apps: readonly string[];
  readonly codes: readonly number[];
  readonly categories: readonly Category[];
  readonly types: readonly SignInType[];
  readonly outcomes: readonly Outcome[];
}

export const NO_FILTER: FilterCriteria = {
  since: null,
  until: null,
  users: [],
  apps: [],
  codes: [],
  categories: [],
  types: [],
  outcomes: [],
};

export const FILTER_VERDICTS = ['keep', 'outsideWindow', 'filteredOut'] as const;
export type FilterVerdict = (typeof FILTER_VERDICTS)[number];
export type Filter = (signIn: SignIn, facts: RowFacts) => FilterVerdict;

/** Builds the per-row predicate once; an empty list means "no restriction" for that field. */
export function compileFilter(criteria: FilterCriteria): Filter {
  const sinceMs = criteria.since?.getTime() ?? -Infinity;
  const untilMs = criteria.until?.getTime() ?? Infinity;
  const users = lowerSet(criteria.users);
  const apps = lowerSet(criteria.apps);
  const codes = optionalSet(criteria.codes);
  const categories = optionalSet<string>(criteria.categories);
  const types = optionalSet<string>(criteria.types);
  const outcomes = optionalSet<string>(criteria.outcomes);
  const windowed = criteria.since !== null || criteria.until !== null;
  const restricted = [users, apps, codes, categories, types, outcomes].some((set) => set !== null);

  if (!windowed && !restricted) return () => 'keep';

  return (signIn, facts) => {
    const ms = signIn.time.getTime();
    if (ms < sinceMs || ms >= untilMs) return 'outsideWindow';
    if (!restricted) return 'keep';
    if (codes !== null && !codes.has(facts.code)) return 'filteredOut';
    if (outcomes !== null && !outcomes.has(facts.outcome)) return 'filteredOut';
    if (categories !== null && !categories.has(facts.entry.category)) return 'filteredOut';
    if (types !== null && !types.has(signIn.signInType)) return 'filteredOut';
    if (users !== null && !matchesAny(users, signIn.userPrincipalName, signIn.userDisplayName, signIn.userId, signIn.servicePrincipalName, signIn.servicePrincipalId)) {
      return 'filteredOut';
    }
    if (apps !== null && !matchesAny(apps, signIn.appName, signIn.appId)) return 'filteredOut';
    return 'keep';
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
