import { defineConfig } from 'vitest/config';

// `npm run fuzz`: the fuzz suite alone, as a campaign of FUZZ_RUNS cases (default 3000) that prints its figures.
export default defineConfig({
  test: {
    include: ['test/fuzz.test.ts'],
    env: { TZ: 'UTC', NO_COLOR: '1', FUZZ_RUNS: process.env['FUZZ_RUNS'] ?? '3000' },
    testTimeout: 3_600_000,
    reporters: ['default'],
  },
});
