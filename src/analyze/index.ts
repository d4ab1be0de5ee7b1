// Owns the analysis entry point: classify → filter → tally, one sign-in at a time, as the callback ingest
// calls. Also the public surface of analyze/ for the commands that build on it.

import type { Catalog } from '../catalog/types.js';
import type { SignIn } from '../model.js';
import { addSignIn, countDropped, createTally, type Tally } from './aggregate.js';
import { compileFilter, type FilterCriteria } from './filter.js';
import { createClassifier, type UnknownEntry } from './outcome.js';

export interface Analyzer {
  readonly tally: Tally;
  /** Counts one sign-in (or the reason it was dropped). Bound: pass it to ingest as the callback. */
  readonly add: (signIn: SignIn) => void;
}

export function createAnalyzer(catalog: Catalog, unknownEntry: UnknownEntry, criteria: FilterCriteria, tally: Tally = createTally()): Analyzer {
  const classify = createClassifier(catalog, unknownEntry);
  const filter = compileFilter(criteria);
  return {
    tally,
    add: (signIn) => {
      const facts = classify(signIn);
      const verdict = filter(signIn, facts);
      if (verdict === 'keep') addSignIn(tally, signIn, facts);
      else countDropped(tally, verdict);
    },
  };
}

export { addSignIn, countDropped, createTally, mergeTallies, type DimensionTally, type Tally } from './aggregate.js';
export { DIMENSIONS, DIMENSION_IDS, LEGACY_CLIENT_APPS, NO_VALUE, appOf, identityOf, isLegacyClientApp } from './dimensions.js';
export type { Dimension, DimensionId, DimensionKey } from './dimensions.js';
export { FILTER_VERDICTS, NO_FILTER, compileFilter, type Filter, type FilterCriteria, type FilterVerdict } from './filter.js';
export { analysisWarnings, finalize, limitReport, TOP_CODES_PER_ROW, type FinalizeContext, type IngestSummary } from './finalize.js';
export { createClassifier, outcomeFromStatus, type Classifier, type RowFacts, type UnknownEntry } from './outcome.js';
export * from './types.js';
