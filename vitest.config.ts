// `npm test`'s vitest configuration: every test file, at least two workers sharing their modules, the summary reporter,
// and PROPERTY_RUNS.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// PROPERTY_RUNS=N runs every property test N times as often (test/helpers/property-runs.ts).
const propertyRuns = process.env['PROPERTY_RUNS'];
const factor = propertyRuns === undefined || propertyRuns === '' ? 1 : Number(propertyRuns);
if (!Number.isInteger(factor) || factor < 1) throw new Error(`PROPERTY_RUNS must be a whole number of at least 1, not ${propertyRuns}`);

export default defineConfig({
  resolve: factor === 1 ? {} : { alias: [{ find: /^fast-check$/, replacement: fileURLToPath(new URL('./test/helpers/property-runs.ts', import.meta.url)) }] },
  test: {
    include: ['test/**/*.test.ts'],
    env: { TZ: 'UTC', NO_COLOR: '1' },
    testTimeout: 30_000 * factor,
    // Most command tests wait on a child process or a file: two workers keep two cores busy (vitest's default on two
    // cores is one), and test files share their modules instead of importing them again for every file.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    isolate: false,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
