// Owns what explain is asked about and how a sign-in matches it: a user by UPN, display name or object id (or a
// service principal by name or id), matched exactly as the report's --user filter matches (case, accents and
// compatibility forms do not count), else a request id or correlation id (case does not count). When nothing
// matches, it also keeps the few names or ids of the inputs that come closest, for the hint: a bounded list,
// whatever the size of the inputs. When a name matches more than one account, it says which (accountsOf).

import { canonicalUser, identityOf } from '../analyze/dimensions.js';
import { compileFilter, foldName, NO_CRITERIA } from '../analyze/filter.js';
import type { RowFacts } from '../analyze/outcome.js';
import { Memo } from '../memo.js';
import type { SignIn } from '../model.js';
import type { SubjectKind } from './types.js';

/** How a sign-in matches the subject: as the user, as the request, as a step of the correlation; or null. */
export type SubjectMatch = (signIn: SignIn, facts: RowFacts) => SubjectKind | null;

export function subjectMatcher(asked: string): SubjectMatch {
  // The report's --user filter, given this one name: compileFilter returns a predicate for any non-empty list.
  const user = compileFilter({ ...NO_CRITERIA, users: [asked] })!;
  const id = asked.trim().toLowerCase();
  const sameId = (value: string): boolean => value.length === id.length && (value === id || value.toLowerCase() === id);
  return (signIn, facts) => (user(signIn, facts) ? 'user' : sameId(signIn.requestId) ? 'request' : sameId(signIn.correlationId) ? 'correlation' : null);
}

/**
 * The accounts among a user's matched sign-ins, `name (object id)` each, most sign-ins first: more than one when a
 * display name (or a UPN given to a new account) names several people, whose flows must not be read as one
 * person's. An account is its object id, or its name where the export has none. Asked by object id: one account,
 * whatever names it had.
 */
export function accountsOf(signIns: readonly SignIn[], asked: string): string[] {
  const id = asked.trim().toLowerCase();
  if (signIns.every((signIn) => signIn.userId.toLowerCase() === id)) return signIns.length === 0 ? [] : [identityOf(signIns[0]!)];
  const accounts = new Map<string, { name: string; count: number }>();
  for (const signIn of signIns) {
    const name = identityOf(signIn);
    const key = signIn.userId === '' ? canonicalUser(name) : signIn.userId.toLowerCase();
    const account = accounts.get(key) ?? { name: signIn.userId === '' ? name : `${name} (object id ${signIn.userId})`, count: 0 };
    account.count++;
    accounts.set(key, account);
  }
  return [...accounts.values()].sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1)).map((account) => account.name);
}

/** Text that looks like an id (a GUID or a piece of one) rather than a name. */
function looksLikeId(text: string): boolean {
  return /^[0-9a-f-]{8,}$/i.test(text) && /\d/.test(text);
}

/**
 * The names or ids closest to what was asked among the sign-ins offered: a name is close when it contains the
 * asked text or is a few edits from it (folded as --user folds), an id when it is a few edits from it. Keeps at
 * most `keep`, closest first, then alphabetical.
 */
export class Nearest {
  readonly #asked: string;
  readonly #ids: boolean;
  readonly #keep: number;
  /** Up to about a third of the asked text may differ. */
  readonly #limit: number;
  readonly #best = new Map<string, number>();
  readonly #scores = new Memo<number>(10_000);

  constructor(asked: string, keep = 3) {
    const trimmed = asked.trim();
    this.#ids = looksLikeId(trimmed);
    this.#asked = this.#ids ? trimmed.toLowerCase() : foldName(trimmed);
    this.#keep = keep;
    this.#limit = Math.max(2, Math.floor(this.#asked.length / 3));
  }

  offer(signIn: SignIn): void {
    if (this.#ids) {
      for (const id of [signIn.requestId, signIn.correlationId, signIn.userId]) this.#consider(id, this.#idScore(id));
      return;
    }
    for (const name of [signIn.userPrincipalName, signIn.userDisplayName, signIn.servicePrincipalName]) {
      if (name !== '')
        this.#consider(
          name,
          this.#scores.get(name, (text) => this.#nameScore(text)),
        );
    }
  }

  /** Closest first. */
  list(): string[] {
    return [...this.#best].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([text]) => text);
  }

  /**
   * 0 for a name that holds the asked text, else 1 + the fewest edits to the name, to its start (a name typed
   * halfway) or to the part before the @; Infinity when too far.
   */
  #nameScore(name: string): number {
    const folded = foldName(name);
    if (folded.includes(this.#asked)) return 0;
    const forms = [folded, folded.slice(0, this.#asked.length), folded.split('@')[0]!];
    const edits = Math.min(...forms.map((form) => editDistance(this.#asked, form, this.#limit)));
    return edits > this.#limit ? Infinity : 1 + edits;
  }

  #idScore(id: string): number {
    // A mistyped id keeps most of its start or its end: only those are worth the edit distance.
    const text = id.toLowerCase();
    if (text.length < 8 || (!text.startsWith(this.#asked.slice(0, 4)) && !text.endsWith(this.#asked.slice(-4)))) return Infinity;
    const edits = editDistance(this.#asked, text, this.#limit);
    return edits > this.#limit ? Infinity : edits;
  }

  #consider(text: string, score: number): void {
    if (score === Infinity || this.#best.has(text)) return;
    if (this.#best.size < this.#keep) {
      this.#best.set(text, score);
      return;
    }
    let worst: [string, number] | undefined;
    for (const entry of this.#best) if (worst === undefined || entry[1] > worst[1] || (entry[1] === worst[1] && entry[0] > worst[0])) worst = entry;
    if (worst !== undefined && (score < worst[1] || (score === worst[1] && text < worst[0]))) {
      this.#best.delete(worst[0]);
      this.#best.set(text, score);
    }
  }
}

/**
 * The Levenshtein distance between two texts (insertions, deletions and substitutions of UTF-16 units), or
 * `limit + 1` as soon as it must exceed `limit`. Hand-written: the bounded form is what makes offering every
 * sign-in cheap, and it is a dozen lines.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_unused, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let smallest = i;
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
      current.push(value);
      if (value < smallest) smallest = value;
    }
    if (smallest > limit) return limit + 1;
    previous = current;
  }
  return Math.min(previous[b.length]!, limit + 1);
}
