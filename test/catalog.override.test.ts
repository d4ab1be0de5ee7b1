// User catalog files (--catalog FILE): adding and overriding entries, and rejecting bad files with an
// error that names the file and the entry.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOG_VERSION, builtinCatalog, loadCatalog } from '../src/catalog/index.js';
import { renderJson } from '../src/catalog/render.js';
import { AppError } from '../src/errors.js';
import { fileAt } from './helpers/files.js';

const workdir = mkdtempSync(path.join(tmpdir(), 'catalog-override-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

let fileCount = 0;
function writeCatalogFile(content: unknown): string {
  fileCount += 1;
  const file = path.join(workdir, `catalog-${fileCount}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

async function loadError(content: unknown): Promise<AppError> {
  const file = writeCatalogFile(content);
  const error = await loadCatalog(fileAt(file)).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  expect(error.code).toBe('CATALOG_INVALID');
  expect(error.file).toBe(file);
  expect(error.hint).toBeTruthy();
  return error;
}

const newEntry = {
  code: 1003033,
  name: 'ExampleNewCode',
  outcome: 'failure',
  category: 'conditional_access',
  actor: 'tenant_admin',
  description: 'A code our tenant sees that the built-in catalog lacks.',
  remediation: 'Check the named policy.',
};

describe('loadCatalog with an override file', () => {
  it('adds a code the catalog does not know', async () => {
    const catalog = await loadCatalog(fileAt(writeCatalogFile([newEntry])));
    expect(catalog.lookup(1003033)).toEqual({ ...newEntry, tags: [], sources: ['override'] });
    expect(catalog.entries()).toHaveLength(builtinCatalog().entries().length + 1);
    expect(catalog.version).toBe(`${CATALOG_VERSION}+override`);
  });

  it('changes only the fields an override of a known code gives', async () => {
    const builtIn = builtinCatalog().lookup(50126);
    const catalog = await loadCatalog(fileAt(writeCatalogFile([{ code: 'AADSTS50126', category: 'account_blocked', actor: 'helpdesk' }])));
    expect(catalog.lookup(50126)).toEqual({
      ...builtIn,
      category: 'account_blocked',
      actor: 'helpdesk',
      sources: [...(builtIn?.sources ?? []), 'override'],
    });
    // Everything else is untouched, and the built-in catalog itself is not modified.
    expect(catalog.lookup(50053)).toBe(builtinCatalog().lookup(50053));
    expect(builtinCatalog().lookup(50126)).toBe(builtIn);
  });

  it('accepts its own JSON export unchanged', async () => {
    const catalog = await loadCatalog(fileAt(writeCatalogFile(renderJson(builtinCatalog().entries()))));
    expect(catalog.entries()).toEqual(builtinCatalog().entries());
  });

  it('accepts an empty array and a byte-order mark', async () => {
    expect((await loadCatalog(fileAt(writeCatalogFile('\uFEFF[]')))).entries()).toEqual(builtinCatalog().entries());
  });

  it('keeps tags and sources the file gives', async () => {
    const catalog = await loadCatalog(fileAt(writeCatalogFile([{ ...newEntry, tags: ['ca_block'], sources: ['our runbook'] }])));
    expect(catalog.lookup(1003033)).toMatchObject({ tags: ['ca_block'], sources: ['our runbook'] });
  });
});

describe('loadCatalog with an invalid override file', () => {
  it('reports a file it cannot read', async () => {
    const missing = path.join(workdir, 'does-not-exist.json');
    await expect(loadCatalog(fileAt(missing))).rejects.toMatchObject({ code: 'CATALOG_INVALID', file: missing, message: expect.stringContaining('ENOENT') });
  });

  it('reports text that is not JSON', async () => {
    expect((await loadError('[{"code": 50126,}]')).message).toMatch(/^not valid JSON/);
  });

  it('reports a top level that is not an array', async () => {
    expect((await loadError({ entries: [newEntry] })).message).toBe('the top level is not a JSON array');
  });

  it('names an entry that is not an object', async () => {
    expect((await loadError([newEntry, 'oops'])).message).toBe('entry 2: is not an object');
  });

  it('names an entry without a usable code', async () => {
    expect((await loadError([{ ...newEntry, code: 'AADSTS-1' }])).message).toMatch(/^entry 1: "code" must be/);
    expect((await loadError([{ ...newEntry, code: 1.5 }])).message).toMatch(/^entry 1: "code" must be/);
    // Ten digits fit no int column of the KQL, and no code is that long.
    expect((await loadError([{ ...newEntry, code: 2_147_483_648 }])).message).toMatch(/^entry 1: "code" must be/);
    const { code: _code, ...withoutCode } = newEntry;
    expect((await loadError([withoutCode])).message).toMatch(/^entry 1: "code" must be/);
  });

  it('names the entry and the field that is wrong', async () => {
    const error = await loadError([newEntry, { code: 50126, category: 'passwords' }]);
    expect(error.message).toMatch(/^entry 2 \(code 50126\): "category" must be one of credentials, /);
    expect(error.message).toContain('"passwords"');
  });

  it('rejects each kind of bad value', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ outcome: 'failed' }, /"outcome" must be one of success, interrupted, failure/],
      [{ actor: 'admin' }, /"actor" must be one of end_user, /],
      [{ category: 'unknown' }, /"category" must be one of/],
      [{ description: '  ' }, /"description" must be a non-empty string/],
      [{ remediation: 42 }, /"remediation" must be a non-empty string/],
      [{ name: null }, /"name" must be a string/],
      [{ tags: 'ca_block' }, /"tags" must be an array of strings/],
      [{ tags: ['ca_block', 'spray'] }, /"tags" contains "spray"/],
      [{ sources: [1] }, /"sources" must be an array of strings/],
      [{ categroy: 'mfa' }, /unknown field "categroy"/],
    ];
    for (const [change, expected] of cases) {
      const error = await loadError([{ ...newEntry, ...change }]);
      expect(error.message, JSON.stringify(change)).toMatch(/^entry 1 \(code 1003033\): /);
      expect(error.message, JSON.stringify(change)).toMatch(expected);
    }
  });

  it('lists the fields a new code is missing', async () => {
    const error = await loadError([{ code: 1003033, description: 'Only a description.' }]);
    expect(error.message).toBe('entry 1 (code 1003033): the catalog does not know this code, so it needs "outcome", "category", "actor", "remediation"');
  });

  it('rejects a code that appears twice', async () => {
    const error = await loadError([{ code: 50126, actor: 'helpdesk' }, newEntry, { code: 'AADSTS50126', actor: 'end_user' }]);
    expect(error.message).toBe('entry 3 (code 50126): the code already appears in entry 1');
  });
});

describe('the example in docs/catalog.md', () => {
  it('is a valid catalog file', async () => {
    const doc = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'catalog.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Your own classifications'));
    const example = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBeDefined();
    const catalog = await loadCatalog(fileAt(writeCatalogFile(example ?? '')));
    expect(catalog.lookup(1003033)).toMatchObject({ category: 'conditional_access', sources: ['override'] });
    expect(catalog.lookup(50126)).toMatchObject({ actor: 'helpdesk', category: 'credentials' });
  });
});
