// Owns the analysis a worker thread runs on each part of a large file: the same classify → filter → tally
// as the main thread, built from plain data, whose tally is posted back and merged (see ingest/parallel.ts).

import { builtinCatalog, loadCatalog, unknownEntry } from '../catalog/index.js';
import type { Catalog } from '../catalog/types.js';
import type { PartSink } from '../ingest/options.js';
import type { FilterCriteria } from './filter.js';
import type { FileRef } from '../model.js';
import { createAnalyzer } from './index.js';

export interface SinkConfig {
  readonly catalogFile: FileRef | undefined;
  readonly criteria: FilterCriteria;
}

let catalogs: Promise<Catalog> | undefined;

export async function createSink(config: SinkConfig): Promise<PartSink> {
  catalogs ??= config.catalogFile === undefined ? Promise.resolve(builtinCatalog()) : loadCatalog(config.catalogFile);
  const analyzer = createAnalyzer(await catalogs, unknownEntry, config.criteria);
  return { add: analyzer.add, result: () => analyzer.tally };
}
