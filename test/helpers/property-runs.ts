// Owns PROPERTY_RUNS: when it is set, vitest.config.ts puts this module in fast-check's place, and every fc.assert
// runs that many times the runs its test asks for. Rare counterexamples then turn up before a random seed in CI
// finds them: `PROPERTY_RUNS=10 npm test`.

import * as fc from '../../node_modules/fast-check/lib/fast-check.js';

const factor = Number(process.env['PROPERTY_RUNS']);

const assert = ((property: Parameters<typeof fc.assert>[0], params?: Parameters<typeof fc.assert>[1]) =>
  fc.assert(property, { ...params, numRuns: (params?.numRuns ?? fc.readConfigureGlobal().numRuns ?? 100) * factor })) as typeof fc.assert;

export default { ...fc, assert };
