// Owns the public surface of analyze/: the analysis of a sign-in stream into tallies per time window, and the
// step from a tally to a finished Report. Knows sign-ins and the catalog; nothing of readers, threads or output.

export { analysisTransferList, createAnalysis, mergeAnalysisResults, type Analysis, type AnalysisResult, type AnalysisSetup } from './analysis.js';
export { createTally, mergeTallies, type Tally } from './aggregate.js';
export {
  DIMENSIONS,
  DIMENSION_IDS,
  ENTITY_DIMENSION_IDS,
  LEGACY_CLIENT_APPS,
  isLegacyClientApp,
} from './dimensions.js';
export type { DimensionId, EntityDimensionId } from './dimensions.js';
export { NO_CRITERIA, compileFilter, type RowCriteria } from './filter.js';
export { analysisWarnings, finalize, limitReport, TOP_CODES_PER_ROW } from './finalize.js';
export { createClassifier, type UnknownEntry } from './outcome.js';
export { ALL_TIME, windowBounds, type TimeWindow } from './windows.js';
export * from './types.js';
