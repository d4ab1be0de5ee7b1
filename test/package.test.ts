// The package as npm ships it: its files, its entry points resolved by the package's own name (as a user's
// `import ... from 'signin-analyzer'` resolves them), publint's checks, and the library API giving what the
// command prints. Reads dist/ (npm test builds first).

import { execFileSync } from 'node:child_process';
import JSZip from 'jszip';
import { publint } from 'publint';
import { describe, expect, it } from 'vitest';
import { analyze, FORMATS, render, toJson, type JsonReport, type ReportView } from 'signin-analyzer';
import { runMain } from './helpers/io.js';
import { repoRoot } from './helpers/exec.js';

const SAMPLE = 'fixtures/sample/InteractiveSignIns_sample.csv';

/** A workbook's files, with the ids Excel's data bars get (random on every write) made equal. */
async function workbookParts(bytes: Uint8Array): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files)
    .filter((name) => !zip.files[name]!.dir)
    .sort();
  const texts = await Promise.all(names.map((name) => zip.file(name)!.async('string')));
  return Object.fromEntries(names.map((name, i) => [name, texts[i]!.replace(/\{[0-9A-F-]{36}\}/g, '{id}')]));
}
const NOW = '2026-11-16T08:00:00Z';

describe('the packed package', () => {
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' })) as [
    { files: { path: string }[] },
  ];
  const files = packed[0].files.map((file) => file.path);

  it('holds the bin, the library with its types, the worker script, the schema and the docs, and nothing of the tests', () => {
    for (const file of [
      'dist/cli.js',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/pipeline/worker.js',
      'schema/report.schema.json',
      'README.md',
      'docs/api.md',
    ]) {
      expect(files).toContain(file);
    }
    expect(files.filter((file) => /^(test|fixtures|bench|src)\//.test(file))).toEqual([]);
  });

  it('passes publint with no error or warning', async () => {
    const { messages } = await publint({ pkgDir: repoRoot, pack: 'npm' });
    expect(messages.filter((message) => message.type !== 'suggestion')).toEqual([]);
  });
});

describe("the library: import { analyze, render } from 'signin-analyzer'", () => {
  it('gives the view the command renders, in every format', async () => {
    const view: ReportView = await analyze([SAMPLE], { now: NOW, cwd: repoRoot });
    for (const format of FORMATS) {
      const printed = await runMain(['report', SAMPLE, '--now', NOW, '--format', format]);
      const rendered = await render(view, { format });
      if (typeof rendered === 'string') expect(rendered, format).toBe(printed.stdout);
      // A workbook's bytes come back one character per byte (helpers/io.ts).
      else expect(await workbookParts(rendered), format).toEqual(await workbookParts(Buffer.from(printed.stdout, 'latin1')));
    }
  });

  it('returns the JSON report as an object, and throws a usage error for a bad option as the command exits 2', async () => {
    const json: JsonReport = toJson(await analyze([SAMPLE], { now: NOW, cwd: repoRoot, user: ['emily.braun@contoso.example'] }));
    expect(json.byUser.map((row) => row['user'])).toEqual(['emily.braun@contoso.example']);
    await expect(analyze([SAMPLE], { since: 'tuesday', cwd: repoRoot })).rejects.toMatchObject({ code: 'USAGE' });
  });
});
