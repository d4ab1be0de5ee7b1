// The package as npm ships it (and `npm install -g .` links): its files, its entry points resolved by the package's
// own name (as a user's `import ... from 'signin-analyzer'` resolves them), publint's checks, the README's words on
// installing it outside the clone, and the library API giving what the command prints. Reads dist/ (npm test
// builds first).

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
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

  it('holds the bin, the library with its types, the worker script, the catalog, the schema and the docs, and nothing of the tests', () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(manifest.bin).toEqual({ 'signin-analyzer': 'dist/cli.js' });
    for (const file of [
      'dist/cli.js',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/pipeline/worker.js',
      'dist/catalog/codes.js',
      'schema/report.schema.json',
      'README.md',
      'docs/api.md',
    ]) {
      expect(files).toContain(file);
    }
    expect(readFileSync(path.join(repoRoot, 'dist/cli.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(files.filter((file) => /^(test|fixtures|bench|src|scripts)\//.test(file))).toEqual([]);
  });

  it('has the command line and its worker script bundled: they reach only their own chunks, every one packed', () => {
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      const text = readFileSync(path.join(repoRoot, file), 'utf8');
      for (const match of text.matchAll(/(?:from|import\()\s*"(\.[^"]+)"/g)) visit(path.posix.join(path.posix.dirname(file), match[1]!));
    };
    visit('dist/cli.js');
    visit('dist/worker.js');
    const others = [...reached].filter((file) => file !== 'dist/cli.js' && file !== 'dist/worker.js');
    // The report's formats and the commands' own modules that load on first use are chunks too.
    expect(others.length).toBeGreaterThan(5);
    expect(others.filter((file) => !/^dist\/cli-[\w-]+-[A-Z0-9]{8}\.js$/.test(file))).toEqual([]);
    expect(others.filter((file) => !files.includes(file))).toEqual([]);
  });

  it('is installed outside the clone as the README says', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    expect(readme).toContain('npm install -g .');
    expect(readme).toMatch(/npm pack[\s\S]*npm install -g signin-analyzer-\d+\.\d+\.\d+\.tgz/);
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
