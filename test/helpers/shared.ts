// Test helper: the optional material beside the repository (../shared: real exports, Microsoft's tables, research
// notes) and the suite options that skip a suite needing it when it is absent, marked so that the summary
// reporter says so in one line instead of a silent count of skipped tests.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './exec.js';

declare module 'vitest' {
  interface TaskMeta {
    /** The ../shared path a suite needs; set on suites skipped without it. */
    needs?: string;
  }
}

export interface SharedNeed {
  /** Where it is. */
  readonly path: string;
  readonly present: boolean;
  /** describe(name, options, fn): skipped when absent, and marked with what it needs. */
  readonly options: { readonly skip: boolean; readonly meta: { readonly needs: string } };
}

/** `relative` below ../shared, e.g. `data/real-exports`. */
export function needsShared(relative: string): SharedNeed {
  const where = path.resolve(repoRoot, '..', 'shared', relative);
  const present = existsSync(where);
  return { path: where, present, options: { skip: !present, meta: { needs: `../shared/${relative}` } } };
}
