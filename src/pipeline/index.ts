// Owns running ingest and analysis together over the inputs: the authentication details among them are read
// first, and their MFA steps set up the analysis; then the main thread's analysis counts what ingest reads on this
// thread, and, with more than one thread, a worker pool reads the parts of large files into the same analysis on
// other threads (each given the MFA steps with its setup) and merges their results. Ingest knows nothing of the
// analysis, the analysis nothing of readers or threads; this module joins them.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAnalysis, mergeAnalysisResults, type AnalysisResult, type AnalysisSetup } from '../analyze/index.js';
import { unknownEntry, type Catalog } from '../catalog/index.js';
import { ingest, openInputs, type IngestContext, type IngestResult, type IngestSettings } from '../ingest/index.js';
import type { FileRef } from '../model.js';
import { WorkerPool } from './pool.js';

export interface InputsAnalysis {
  readonly ingest: IngestResult;
  readonly analysis: AnalysisResult;
}

export interface PipelineSetup {
  readonly inputs: readonly string[];
  readonly ingest: IngestSettings;
  /** The analysis, but for the MFA steps: those come from the inputs. */
  readonly analysis: Omit<AnalysisSetup, 'mfaSteps'>;
  readonly catalog: Catalog;
  /** The --catalog file the catalog was loaded with: worker threads load it again. */
  readonly catalogFile: FileRef | undefined;
}

export async function analyzeInputs(setup: PipelineSetup, context: Omit<IngestContext, 'parts'>): Promise<InputsAnalysis> {
  const opened = await openInputs(setup.inputs, setup.ingest, context);
  const analysisSetup: AnalysisSetup = { ...setup.analysis, mfaSteps: opened.mfaSteps };
  const analysis = createAnalysis(analysisSetup, setup.catalog, unknownEntry);
  const result = analysis.result();
  const script = workerScript();
  const parts =
    setup.ingest.threads < 2 || script === undefined
      ? undefined
      : new WorkerPool(
          script,
          { catalogFile: setup.catalogFile, analysis: analysisSetup },
          setup.ingest.threads,
          (partResult) => mergeAnalysisResults(result, partResult),
          () => createAnalysis(analysisSetup, setup.catalog, unknownEntry),
        );
  const ingested = await ingest(opened, setup.ingest, { ...context, parts }, analysis.add);
  return { ingest: ingested, analysis: result };
}

/** The worker script beside this module: only in the built package (tests of the sources read on one thread). */
function workerScript(): URL | undefined {
  const url = new URL('./worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}
