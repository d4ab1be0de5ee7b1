// The built-in catalog data: coverage of the Microsoft tables it was checked against, the evidence
// it records, and the validity of every entry.

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTORS, CATEGORIES, CATALOG_VERSION, SECURITY_TAGS, builtinCatalog } from '../src/catalog/index.js';
import { OUTCOMES } from '../src/model.js';
import { needsShared } from './helpers/shared.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seeds = needsShared('seeds');
const seedsDir = seeds.path;

const entries = builtinCatalog().entries();

/** The evidence ids the built-in data may use (see the header of src/catalog/codes.ts). */
const EVIDENCE = ['000', '001', '002', '003', 'ms-reference', 'legacy-en-2019', 'enum-2022', 'graph-signInStatus'];
const SEED_TABLES = ['000', '002', '003'] as const;

/** Table rows of the translated Microsoft documents: `| 50126 | text |` or `| AADSTS50126 | Name - text |`. */
function readSeedTables(): Map<string, Map<number, string>> {
  const rowPattern = /^\s*\|\s*(?:AADSTS)?(\d+)\s*\|(.*)\|\s*$/;
  const tables = new Map<string, Map<number, string>>();
  for (const seed of SEED_TABLES) {
    const file = readdirSync(seedsDir).find((name) => name.startsWith(`${seed}_`) && name.endsWith('.txt'));
    if (file === undefined) throw new Error(`seed ${seed} is missing from ${seedsDir}`);
    const rows = new Map<number, string>();
    for (const line of readFileSync(path.join(seedsDir, file), 'utf8').split('\n')) {
      const match = rowPattern.exec(line);
      if (match?.[1] !== undefined && match[2] !== undefined) rows.set(Number(match[1]), match[2].trim());
    }
    tables.set(seed, rows);
  }
  return tables;
}

describe('catalog against the translated Microsoft tables', seeds.options, () => {
  const tables = seeds.present ? readSeedTables() : new Map<string, Map<number, string>>();
  const seedCodes = new Set([...tables.values()].flatMap((rows) => [...rows.keys()]));

  it('finds the expected number of rows in each table', () => {
    expect(tables.get('000')?.size).toBe(36);
    expect(tables.get('002')?.size).toBe(226);
    expect(tables.get('003')?.size).toBe(127);
    expect(seedCodes.size).toBe(247);
  });

  it('has an entry for every code in the tables', () => {
    const missing = [...seedCodes].filter((code) => builtinCatalog().lookup(code) === undefined);
    expect(missing).toEqual([]);
  });

  it('records exactly the tables that list each code', () => {
    const wrong: string[] = [];
    for (const entry of entries) {
      const claimed = entry.sources.filter((source) => (SEED_TABLES as readonly string[]).includes(source)).sort();
      const actual = SEED_TABLES.filter((seed) => tables.get(seed)?.has(entry.code));
      if (claimed.join() !== actual.join()) wrong.push(`${entry.code}: claims [${claimed}] but listed in [${actual}]`);
    }
    expect(wrong).toEqual([]);
  });

  it('uses the symbolic name the AADSTS table gives', () => {
    // Rows read `SymbolicName - text` or just `SymbolicName`; one translation put "Er is" in front of the name.
    const namePattern = /^(?:Er is\s+)?`?([A-Za-z][A-Za-z0-9_]*)`?\s*(?:-|$)/;
    const wrong: string[] = [];
    let named = 0;
    for (const [code, cell] of tables.get('002') ?? []) {
      const name = namePattern.exec(cell)?.[1];
      if (name === undefined) continue;
      named += 1;
      const entryName = builtinCatalog().lookup(code)?.name;
      if (entryName !== name) wrong.push(`${code}: table ${name}, catalog ${entryName}`);
    }
    expect(wrong).toEqual([]);
    expect(named).toBe(220);
  });

  it('does not reuse sentences from the tables', () => {
    // Six words in a row shared with a table cell would mean text was carried over rather than written anew.
    const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
    const shingles = new Set<string>();
    for (const rows of tables.values()) {
      for (const cell of rows.values()) {
        const cellWords = words(cell.replace(/<[^>]+>|\([^)]*\)/g, ' '));
        for (let i = 0; i + 6 <= cellWords.length; i += 1) shingles.add(cellWords.slice(i, i + 6).join(' '));
      }
    }
    const copied = entries.filter((entry) => {
      const entryWords = words(`${entry.description} ${entry.remediation}`);
      for (let i = 0; i + 6 <= entryWords.length; i += 1) if (shingles.has(entryWords.slice(i, i + 6).join(' '))) return true;
      return false;
    });
    expect(copied.map((entry) => entry.code)).toEqual([]);
  });
});

describe('catalog entries', () => {
  it('has a version in year.month.release form', () => {
    expect(CATALOG_VERSION).toMatch(/^20\d\d\.(?:[1-9]|1[0-2])\.\d+$/);
    expect(builtinCatalog().version).toBe(CATALOG_VERSION);
  });

  it('has no duplicate codes in its data', async () => {
    const { BUILTIN_ENTRIES } = await import('../src/catalog/codes.js');
    const codes = BUILTIN_ENTRIES.map((entry) => entry.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(entries).toHaveLength(codes.length);
  });

  it('gives every entry a valid classification, text and evidence', () => {
    for (const entry of entries) {
      const where = `code ${entry.code}`;
      expect(Number.isSafeInteger(entry.code) && entry.code >= 0, where).toBe(true);
      expect(OUTCOMES, where).toContain(entry.outcome);
      expect(
        CATEGORIES.filter((id) => id !== 'unknown'),
        where,
      ).toContain(entry.category);
      expect(ACTORS, where).toContain(entry.actor);
      for (const tag of entry.tags) expect(SECURITY_TAGS, where).toContain(tag);
      expect(entry.sources.length, where).toBeGreaterThan(0);
      for (const source of entry.sources) expect(EVIDENCE, where).toContain(source);
      expect(entry.name, where).toMatch(/^(?:[A-Za-z][A-Za-z0-9_]*)?$/);
      for (const text of [entry.description, entry.remediation]) {
        expect(text.trim().length, where).toBeGreaterThan(10);
        expect(text, where).not.toMatch(/[\r\n\t]/);
        expect(text, where).toMatch(/[.)]$/);
      }
    }
  });

  it('treats code 0 as success', () => {
    expect(builtinCatalog().lookup(0)).toMatchObject({ outcome: 'success', category: 'interrupt_or_info', actor: 'none' });
    expect(entries.filter((entry) => entry.outcome === 'success').map((entry) => entry.code)).toEqual([0]);
  });

  it('counts MFA prompts after a correct password as interrupted, and real MFA failures as failures', () => {
    for (const code of [50074, 50076]) {
      const entry = builtinCatalog().lookup(code);
      expect(entry).toMatchObject({ outcome: 'interrupted', category: 'mfa', tags: ['mfa_required'] });
      expect(entry?.description).toMatch(/interrupted/);
    }
    for (const code of [500121, 50181, 50088]) {
      expect(builtinCatalog().lookup(code)).toMatchObject({ outcome: 'failure', category: 'mfa', tags: ['mfa_failure'] });
    }
  });

  it('classifies the codes added from real logs in 2026.11.2', () => {
    const like51005 = { outcome: 'interrupted', category: 'interrupt_or_info', actor: 'none' };
    expect(builtinCatalog().lookup(51005)).toMatchObject(like51005);
    // A silent browser check: nothing failed and nobody acts, like a redirect.
    expect(builtinCatalog().lookup(501314)).toMatchObject(like51005);
    expect(builtinCatalog().lookup(700003)).toMatchObject({ outcome: 'failure', category: 'device_identity', actor: 'helpdesk' });
    expect(builtinCatalog().lookup(81016)).toMatchObject({ outcome: 'failure' });
    expect(builtinCatalog().lookup(81016)?.description).toMatch(/little more is known/i);
  });

  it('classifies look-alike codes alike', () => {
    const classification = (code: number) => {
      const entry = builtinCatalog().lookup(code);
      return entry === undefined ? undefined : { outcome: entry.outcome, category: entry.category, actor: entry.actor };
    };
    // A password change that Conditional Access demands is done within the sign-in, like a reset step.
    expect(classification(50142)).toEqual(classification(50125));
    // Handing a national-cloud grant on is a redirect, not an error; 90038 stays a failure (no federation).
    expect(classification(90043)).toEqual(classification(51005));
    expect(builtinCatalog().lookup(90038)?.outcome).toBe('failure');
    // 530032 also covers users (often guests) blocked for risk in their home tenant, as 53011 does.
    for (const code of [530032, 53011]) {
      const entry = builtinCatalog().lookup(code);
      expect(entry?.tags, String(code)).toContain('risk_block');
      expect(entry?.remediation, String(code)).toMatch(/home tenant/);
    }
  });

  it('keeps interrupt_or_info free of real failures', () => {
    const failures = entries.filter((entry) => entry.category === 'interrupt_or_info' && entry.outcome === 'failure');
    expect(failures.map((entry) => entry.code)).toEqual([]);
  });

  it('tags the classic security signals', () => {
    const tagged = (tag: string) => entries.filter((entry) => (entry.tags as readonly string[]).includes(tag)).map((entry) => entry.code);
    expect(tagged('wrong_password')).toContain(50126);
    expect(tagged('lockout')).toContain(50053);
    expect(tagged('unknown_user')).toEqual(expect.arrayContaining([50034, 51004]));
    expect(tagged('disabled_account')).toContain(50057);
    expect(tagged('ca_block')).toEqual(expect.arrayContaining([53003, 530032, 530035]));
    expect(tagged('app_credential')).toEqual(expect.arrayContaining([70002, 7000215, 7000222]));
  });
});

describe('the catalog documentation (docs/catalog.md)', () => {
  const doc = readFileSync(path.join(repoRoot, 'docs', 'catalog.md'), 'utf8');

  it('is the error-code catalog', () => {
    expect(doc.startsWith('# Error-code catalog\n')).toBe(true);
  });

  it('lists every category with its actor', () => {
    for (const info of builtinCatalog().categories()) {
      expect(doc).toContain(`| \`${info.id}\` | \`${info.actor}\` | **${info.title}.**`);
    }
  });

  it('states the current version and size', () => {
    expect(doc).toContain(`(\`${CATALOG_VERSION}\`)`);
    expect(doc).toContain(`${entries.length} AADSTS codes`);
  });
});
