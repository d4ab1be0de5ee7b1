// `signin-analyzer catalog`, run in-process (and once as the built binary, for a closed pipe): each export format prints exactly what its
// renderer produces (the renderers' own tests prove the text parses), overrides apply, errors exit 2.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain, type MainResult } from './helpers/io.js';
import { builtinCatalog, loadCatalog } from '../src/catalog/index.js';
import { renderCsv, renderJson, renderKql } from '../src/catalog/render.js';
import { fileAt } from './helpers/files.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const workdir = mkdtempSync(path.join(tmpdir(), 'cli-catalog-'));
const env = { PATH: process.env.PATH ?? '', NO_COLOR: '1', TZ: 'UTC' };

function run(...args: string[]): Promise<MainResult> {
  return runMain(args, { cwd: workdir });
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
});
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

describe('catalog exports', () => {
  const catalog = builtinCatalog();

  it('prints the JSON export by default', async () => {
    const result = await run('catalog');
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toBe(renderJson(catalog.entries()));
    expect(JSON.parse(result.stdout)).toHaveLength(catalog.entries().length);
  });

  it('prints the CSV export', async () => {
    const result = await run('catalog', '--format', 'csv');
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toBe(renderCsv(catalog.entries()));
  });

  it('prints the KQL datatable statement', async () => {
    const result = await run('catalog', '--format', 'kql');
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toBe(renderKql(catalog.entries(), catalog.version));
    expect(result.stdout).toContain(
      'let AadstsCatalog = datatable(Code:int, Name:string, Outcome:string, Category:string, Actor:string, Description:string, Remediation:string)[\n',
    );
    expect(result.stdout.endsWith('\n];\n')).toBe(true);
  });

  it('exits 2 for an unknown format', async () => {
    const result = await run('catalog', '--format', 'yaml');
    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr).toContain('yaml');
  });

  it('exits 0 quietly when the reader closes the output early', async () => {
    const child = spawn(process.execPath, [cli, 'catalog', '--format', 'json'], { cwd: workdir, env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect(status).toBe(0);
    expect(stderr).toBe('');
  });
});

describe('catalog --catalog', () => {
  it("exports the built-in catalog with the file's entries applied", async () => {
    const file = path.join(workdir, 'ours.json');
    writeFileSync(
      file,
      JSON.stringify([
        { code: 1003033, name: 'OurCode', outcome: 'failure', category: 'mfa', actor: 'helpdesk', description: 'Ours.', remediation: 'Call us.' },
        { code: 50126, actor: 'helpdesk' },
      ]),
    );
    const expected = await loadCatalog(fileAt(file));
    const result = await run('catalog', '--format', 'kql', '--catalog', file);
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toBe(renderKql(expected.entries(), expected.version));
    expect(result.stdout).toContain('1003033, "OurCode", "failure", "mfa", "helpdesk", "Ours.", "Call us."');
    expect(result.stdout).toContain('+override');
  });

  it('exits 2 and names the file when it cannot be read', async () => {
    const missing = path.join(workdir, 'missing.json');
    const result = await run('catalog', '--catalog', missing);
    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr).toBe(`signin-analyzer: ${missing}: cannot read the catalog file (ENOENT) — check the path given to --catalog\n`);
  });
});
