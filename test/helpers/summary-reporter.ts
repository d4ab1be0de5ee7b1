// Test helper: a vitest reporter that ends the run with one plain `tests: N passed, N failed, N skipped` line, the
// form CI systems read to count tests whatever the runner, and one line for each ../shared folder whose absence
// skipped tests (`skipped: 12 tests need ../shared/data/real-exports, which is absent`).

import type { Reporter, TestCase, TestModule } from 'vitest/node';
import './shared.js';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const needs = new Map<string, number>();
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else {
          skipped++;
          const need = neededBy(test);
          if (need !== undefined) needs.set(need, (needs.get(need) ?? 0) + 1);
        }
      }
    }
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    for (const [need, count] of [...needs].sort()) {
      process.stdout.write(`skipped: ${count} ${count === 1 ? 'test needs' : 'tests need'} ${need}, which is absent\n`);
    }
  }
}

/** The ../shared path that the suite a skipped test is in needs, if that is why it was skipped. */
function neededBy(test: TestCase): string | undefined {
  let parent = test.parent;
  while (parent.type === 'suite') {
    const need = parent.meta().needs;
    if (need !== undefined) return need;
    parent = parent.parent;
  }
  return undefined;
}
