import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    env: { TZ: 'UTC', NO_COLOR: '1' },
    testTimeout: 30_000,
    // Most command tests wait on a child process or a file: two workers keep two cores busy (vitest's default on two
    // cores is one), and test files share their modules instead of importing them again for every file.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    isolate: false,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
