// Owns the join of a sign-in with the catalog and the decision of its outcome: the catalog decides for the
// codes it knows; for other codes the source's own status decides, then the source's own words (a failure text
// that calls the step an interrupt, or says no action is needed, makes it interrupted), then code 0 is success.

import type { Catalog, CatalogEntry } from '../catalog/types.js';
import { Memo } from '../memo.js';
import type { Outcome, SignIn } from '../model.js';

/** What the catalog join tells about one sign-in. Shared, immutable objects: no allocation per row. */
export interface RowFacts {
  readonly code: number;
  /** The catalog entry, or the catalog's placeholder entry for a code it does not know. */
  readonly entry: CatalogEntry;
  readonly catalogued: boolean;
  readonly outcome: Outcome;
}

export type UnknownEntry = (code: number) => CatalogEntry;
export type Classifier = (signIn: SignIn) => RowFacts;

/** The outcome a source status names (`Failure`, `SUCCESS`, `interrupted`, ...), or undefined when it names none. */
function outcomeFromStatus(status: string): Outcome | undefined {
  switch (status.trim().toLowerCase()) {
    case 'success':
      return 'success';
    case 'failure':
      return 'failure';
    case 'interrupted':
      return 'interrupted';
    default:
      return undefined;
  }
}

/**
 * Whether the source's own text says the sign-in was interrupted rather than failed: the step is an interrupt
 * (501314 "Silent interrupt required ..."), or nothing needs doing ("No action required, this is expected").
 */
export function saysInterrupted(text: string): boolean {
  return INTERRUPT_WORDS.test(text);
}

const INTERRUPT_WORDS = /\binterrupt|\bno (?:further )?action (?:is )?(?:required|needed)\b/i;

/**
 * Builds the per-row classifier. Facts are cached per code (and, for uncatalogued codes, per outcome), and
 * status texts and failure texts are read once per distinct text, so the hot path is two Map lookups.
 */
export function createClassifier(catalog: Catalog, unknownEntry: UnknownEntry): Classifier {
  const catalogued = new Map<number, RowFacts>();
  const uncatalogued = new Map<number, Record<Outcome, RowFacts>>();
  const statusOutcome = new Map<string, Outcome | null>();
  const interruptText = new Memo<boolean>(10_000);
  const interrupted = (text: string): boolean => text !== '' && interruptText.get(text, saysInterrupted);

  return (signIn) => {
    const code = signIn.errorCode;
    const known = catalogued.get(code);
    if (known !== undefined) return known;

    let variants = uncatalogued.get(code);
    if (variants === undefined) {
      const entry = catalog.lookup(code);
      if (entry !== undefined) {
        const facts: RowFacts = { code, entry, catalogued: true, outcome: entry.outcome };
        catalogued.set(code, facts);
        return facts;
      }
      const placeholder = unknownEntry(code);
      const make = (outcome: Outcome): RowFacts => ({ code, entry: placeholder, catalogued: false, outcome });
      variants = { success: make('success'), failure: make('failure'), interrupted: make('interrupted') };
      uncatalogued.set(code, variants);
    }

    let named = statusOutcome.get(signIn.sourceStatus);
    if (named === undefined) {
      named = outcomeFromStatus(signIn.sourceStatus) ?? null;
      statusOutcome.set(signIn.sourceStatus, named);
    }
    if (named !== null) return variants[named];
    if (code === 0) return variants.success;
    return variants[interrupted(signIn.failureReason) || interrupted(signIn.additionalDetails) ? 'interrupted' : 'failure'];
  };
}
