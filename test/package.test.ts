// Using the tool outside the clone: the package `npm pack` makes (and `npm install -g .` links) holds the command,
// its worker threads and its data, and nothing of the repository's tests; the README says how to install it.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/exec.js';

describe('the package', () => {
  const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: repoRoot,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  const files = (JSON.parse(packed.stdout) as { files: { path: string }[] }[])[0]!.files.map((file) => file.path);
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };

  it('holds the command, the worker it starts for large files and the catalog, with a shebang', () => {
    expect(manifest.bin).toEqual({ 'signin-analyzer': 'dist/cli.js' });
    expect(files).toEqual(expect.arrayContaining(['dist/cli.js', 'dist/pipeline/worker.js', 'dist/catalog/codes.js', 'schema/report.schema.json']));
    expect(readFileSync(path.join(repoRoot, 'dist/cli.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('holds no tests, fixtures or sources', () => {
    expect(files.filter((file) => /^(test|fixtures|src|bench|scripts)\//.test(file))).toEqual([]);
  });

  it('the README says how to use it outside the clone', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    expect(readme).toContain('npm install -g .');
    expect(readme).toMatch(/npm pack[\s\S]*npm install -g signin-analyzer-\d+\.\d+\.\d+\.tgz/);
  });
});
