// `signin-analyzer codes`, run in-process through main(): lookups, filters, formats, exit codes 0/1/2 and the
// split between stdout (results) and stderr (problems).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain, type MainResult } from './helpers/io.js';
import { builtinCatalog } from '../src/catalog/index.js';
import { entryToJson } from '../src/catalog/render.js';

const workdir = mkdtempSync(path.join(tmpdir(), 'cli-codes-'));

function run(...args: string[]): Promise<MainResult> {
  return runMain(args, { cwd: workdir });
}

function jsonOf(code: number) {
  const entry = builtinCatalog().lookup(code);
  if (entry === undefined) throw new Error(`no entry ${code}`);
  return entryToJson(entry);
}

afterAll(() => rmSync(workdir, { recursive: true, force: true }));

describe('codes lookups', () => {
  it('prints one entry as JSON', async () => {
    const result = await run('codes', '50126', '--format', 'json');
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual([jsonOf(50126)]);
  });

  it('accepts the AADSTS spelling in any case, and comma-separated lists', async () => {
    const plain = await run('codes', '50126', '--format', 'json');
    expect(await run('codes', 'AADSTS50126', '--format', 'json')).toEqual(plain);
    expect(await run('codes', 'aadsts50126', '--format', 'json')).toEqual(plain);
    // As pasted from an error message.
    expect(await run('codes', 'AADSTS50126:', '--format', 'json')).toEqual(plain);
    expect(await run('codes', 'AADSTS 50126', '--format', 'json')).toEqual(plain);
    const several = await run('codes', 'AADSTS50053,50126', '50053', '--format', 'json');
    expect(several.status).toBe(0);
    expect(JSON.parse(several.stdout)).toEqual([jsonOf(50053), jsonOf(50126)]);
  });

  it('lists every entry when no code is given', async () => {
    const result = await run('codes', '--format', 'json');
    expect(result).toMatchObject({ status: 0, stderr: '' });
    const parsed = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(parsed).toEqual(builtinCatalog().entries().map(entryToJson));
    for (const entry of parsed) {
      expect(entry).toEqual(expect.objectContaining({ code: expect.any(Number), name: expect.any(String), outcome: expect.any(String) }));
    }
  });

  it('filters by category', async () => {
    const result = await run('codes', '--category', 'mfa', '--format', 'json');
    expect(result.status).toBe(0);
    const expected = builtinCatalog()
      .entries()
      .filter((entry) => entry.category === 'mfa');
    expect(expected.length).toBeGreaterThan(5);
    expect(JSON.parse(result.stdout)).toEqual(expected.map(entryToJson));
  });

  it('searches names and descriptions, ignoring case', async () => {
    const result = await run('codes', '--search', 'Consent', '--format', 'json');
    expect(result.status).toBe(0);
    const expected = builtinCatalog()
      .entries()
      .filter((entry) => `${entry.name}\n${entry.description}`.toLowerCase().includes('consent'));
    expect(JSON.parse(result.stdout)).toEqual(expected.map(entryToJson));
  });

  it('combines codes with a category filter', async () => {
    const result = await run('codes', '50126', '53003', '--category', 'conditional_access', '--format', 'json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([jsonOf(53003)]);
  });
});

describe('codes exit codes and stderr', () => {
  it('exits 1 with one line on stderr for an unknown code', async () => {
    const result = await run('codes', '1003033');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').filter((line) => line !== '')).toHaveLength(1);
    expect(result.stderr).toMatch(/^signin-analyzer: AADSTS1003033 is not in the catalog/);
    expect(result.stderr).toContain('https://login.microsoftonline.com/error?code=1003033');
    // A program reading the JSON or CSV gets an empty list or the header row.
    expect(await run('codes', '1003033', '--format', 'json')).toMatchObject({ status: 1, stdout: '[]\n' });
    const csv = await run('codes', '1003033', '--format', 'csv');
    expect(csv).toMatchObject({ status: 1 });
    expect(csv.stdout.trimEnd().split('\n')).toEqual([expect.stringMatching(/^code,name,outcome,/)]);
  });

  it('still prints the known codes when some are unknown, and exits 1', async () => {
    const result = await run('codes', '50126', 'AADSTS1003033', '--format', 'json');
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual([jsonOf(50126)]);
    expect(result.stderr).toMatch(/AADSTS1003033 is not in the catalog/);
    expect(result.stderr).not.toContain('50126');
  });

  it('exits 1 when a search matches nothing', async () => {
    const result = await run('codes', '--search', 'no such words anywhere');
    expect(result).toMatchObject({ status: 1, stdout: '' });
    expect(result.stderr).toBe('signin-analyzer: no catalog entry matches search "no such words anywhere"\n');
  });

  it('exits 2 for something that is not a code', async () => {
    const result = await run('codes', '50126', 'banana');
    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr).toBe('signin-analyzer: "banana" is not an AADSTS code — write it as 50126 or AADSTS50126\n');
  });

  it('exits 2 for an unknown category or format', async () => {
    const category = await run('codes', '--category', 'passwords');
    expect(category).toMatchObject({ status: 2, stdout: '' });
    expect(category.stderr).toMatch(/^signin-analyzer: option '--category <id>' argument 'passwords' is invalid\. Allowed choices are credentials, [^\n]*\n$/);
    const format = await run('codes', '50126', '--format', 'xml');
    expect(format).toMatchObject({ status: 2, stdout: '' });
    expect(format.stderr).toContain('xml');
  });

  it('prints help with examples and exits 0', async () => {
    const result = await run('codes', '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('signin-analyzer codes AADSTS50074 500121 --format json');
  });
});

describe('codes --catalog', () => {
  it('finds a code added by the file', async () => {
    const file = path.join(workdir, 'ours.json');
    const added = {
      code: 1003033,
      outcome: 'failure',
      category: 'conditional_access',
      actor: 'tenant_admin',
      description: 'Seen in our tenant.',
      remediation: 'Check the policy.',
    };
    writeFileSync(file, JSON.stringify([added]));
    const result = await run('codes', '1003033', '--catalog', file, '--format', 'json');
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual([{ ...added, name: '', tags: [], sources: ['override'] }]);
  });

  it("shows a file's hostile texts as text in both tables: no escape sequence or direction override reaches the terminal", async () => {
    const file = path.join(workdir, 'hostile.json');
    const hostile = { code: 50126, name: 'Evil\u001b[31mName', description: 'Red \u001b[2J\u202eexe.txt', remediation: 'Ring \u0007 the bell.' };
    writeFileSync(file, JSON.stringify([hostile]));
    for (const args of [
      ['codes', '50126'],
      ['codes', '--search', 'Evil'],
    ]) {
      const result = await run(...args, '--catalog', file);
      expect(result.status).toBe(0);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these characters
      expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(result.stdout).toContain('Evil');
    }
  });

  it('exits 2 and names the file and entry when the file is invalid', async () => {
    const file = path.join(workdir, 'bad.json');
    writeFileSync(file, JSON.stringify([{ code: 50126, actor: 'everyone' }]));
    const result = await run('codes', '50126', '--catalog', file);
    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr.split('\n').filter((line) => line !== '')).toHaveLength(1);
    expect(result.stderr).toContain(`${file}: entry 1 (code 50126): "actor" must be one of`);
  });
});

describe('codes output (golden files)', () => {
  it('prints a detail table per asked-for code, without colour when not a terminal', async () => {
    const result = await run('codes', '50126', '50074', '53003');
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).not.toContain('\u001b[');
    await expect(result.stdout).toMatchFileSnapshot('golden/catalog/codes-50126-50074-53003.table.txt');
  });

  it('prints a list table when browsing', async () => {
    const result = await run('codes', '--category', 'account_blocked');
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).not.toContain('\u001b[');
    await expect(result.stdout).toMatchFileSnapshot('golden/catalog/codes-account_blocked.list.txt');
  });

  it('prints CSV', async () => {
    const result = await run('codes', '50126', '50074', '53003', '--format', 'csv');
    expect(result).toMatchObject({ status: 0, stderr: '' });
    await expect(result.stdout).toMatchFileSnapshot('golden/catalog/codes-50126-50074-53003.csv');
  });
});
