// The suite's own summary: a suite that needs something from ../shared and is skipped without it says so in one
// line at the end of the run, not only in the count of skipped tests. Runs vitest on a small suite of its own.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/exec.js';

describe('the summary reporter', () => {
  it('ends with the totals and one line per ../shared path whose absence skipped tests', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'summary-'));
    const helper = path.join(repoRoot, 'test/helpers/shared.ts');
    writeFileSync(
      path.join(dir, 'needs.test.ts'),
      [
        "import { describe, expect, it } from 'vitest';",
        `import { needsShared } from ${JSON.stringify(helper)};`,
        "const absent = needsShared('no-such-folder-for-the-summary-test');",
        "describe('needs it', absent.options, () => { it('one', () => expect(1).toBe(1)); it('two', () => expect(1).toBe(1)); });",
        "describe('needs nothing', () => { it('runs', () => expect(absent.present).toBe(false)); });",
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'vitest.config.mjs'),
      `export default { test: { include: ['needs.test.ts'], reporters: [${JSON.stringify(path.join(repoRoot, 'test/helpers/summary-reporter.ts'))}] } };\n`,
    );
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir], { cwd: repoRoot, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout.trimEnd().split('\n').slice(-2)).toEqual([
      'tests: 1 passed, 0 failed, 2 skipped',
      'skipped: 2 tests need ../shared/no-such-folder-for-the-summary-test, which is absent',
    ]);
  });
});
