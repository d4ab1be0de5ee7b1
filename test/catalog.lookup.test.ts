// Looking codes up: code-text parsing, the Catalog interface and the stand-in entry for unknown codes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, builtinCatalog, loadCatalog, normalizeCode, unknownEntry } from '../src/catalog/index.js';
import { createCatalog } from '../src/catalog/lookup.js';

describe('normalizeCode', () => {
  it('accepts both spellings in any case, with surrounding spaces', () => {
    expect(normalizeCode('50126')).toBe(50126);
    expect(normalizeCode('AADSTS50126')).toBe(50126);
    expect(normalizeCode('aadsts50126')).toBe(50126);
    expect(normalizeCode('AadSts50126')).toBe(50126);
    expect(normalizeCode('  AADSTS7000215 ')).toBe(7000215);
    expect(normalizeCode('0')).toBe(0);
  });

  it('rejects anything that is not a code', () => {
    for (const text of ['', 'AADSTS', '50126x', 'x50126', 'AADSTS-1', '-5', '1.5', '5 0', 'AADSTS 50126', '1234567890', '0x10']) {
      expect(normalizeCode(text), text).toBeUndefined();
    }
  });

  it('agrees with a naive model on arbitrary text', () => {
    const model = (text: string): number | undefined => {
      let rest = text.trim();
      if (rest.toUpperCase().startsWith('AADSTS')) rest = rest.slice('AADSTS'.length);
      if (rest.length === 0 || rest.length > 9) return undefined;
      for (const char of rest) if (char < '0' || char > '9') return undefined;
      return Number(rest);
    };
    const codeLike = fc.oneof(
      fc.string(),
      fc.nat().map(String),
      fc
        .tuple(fc.constantFrom('AADSTS', 'aadsts', 'AaDsTs', ' ', ''), fc.nat(), fc.constantFrom('', ' ', 'x', '\t'))
        .map(([prefix, n, suffix]) => `${prefix}${n}${suffix}`),
    );
    fc.assert(fc.property(codeLike, (text) => normalizeCode(text) === model(text)));
  });

  it('round-trips every code number in both spellings', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), (code) => {
        return normalizeCode(String(code)) === code && normalizeCode(`AADSTS${code}`) === code && normalizeCode(`aadsts${code}`) === code;
      }),
    );
  });
});

describe('the built-in catalog', () => {
  it('is built once', () => {
    expect(builtinCatalog()).toBe(builtinCatalog());
  });

  it('finds the same entry from either spelling', () => {
    const plain = builtinCatalog().lookup(normalizeCode('50126') ?? -1);
    const prefixed = builtinCatalog().lookup(normalizeCode('AADSTS50126') ?? -1);
    expect(plain).toBeDefined();
    expect(prefixed).toBe(plain);
    expect(plain).toMatchObject({ code: 50126, name: 'InvalidUserNameOrPassword', category: 'credentials', outcome: 'failure' });
  });

  it('returns undefined for codes it does not know', () => {
    expect(builtinCatalog().lookup(1003033)).toBeUndefined();
    expect(builtinCatalog().lookup(-1)).toBeUndefined();
  });

  it('lists entries sorted by code, each reachable by lookup', () => {
    const codes = builtinCatalog()
      .entries()
      .map((entry) => entry.code);
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
    for (const entry of builtinCatalog().entries()) expect(builtinCatalog().lookup(entry.code)).toBe(entry);
  });

  it('describes every category, including unknown', () => {
    for (const id of CATEGORIES) {
      const info = builtinCatalog().category(id);
      expect(info.id).toBe(id);
      expect(info.title.length).toBeGreaterThan(3);
      expect(info.guidance.length).toBeGreaterThan(40);
    }
    expect(
      builtinCatalog()
        .categories()
        .map((info) => info.id),
    ).toEqual([...CATEGORIES]);
    expect(builtinCatalog().category('unknown').actor).toBe('none');
  });

  it('uses every category except unknown', () => {
    const used = new Set(
      builtinCatalog()
        .entries()
        .map((entry) => entry.category),
    );
    expect(CATEGORIES.filter((id) => !used.has(id))).toEqual(['unknown']);
  });

  it('is what loadCatalog returns without an override file', async () => {
    expect(await loadCatalog(undefined)).toBe(builtinCatalog());
  });
});

describe('createCatalog', () => {
  it('lets a later entry with the same code replace an earlier one', () => {
    const first = { ...unknownEntry(7), category: 'mfa' as const, description: 'first.' };
    const second = { ...unknownEntry(7), category: 'credentials' as const, description: 'second.' };
    const catalog = createCatalog('test', [first, unknownEntry(3), second]);
    expect(catalog.lookup(7)).toBe(second);
    expect(catalog.entries().map((entry) => entry.code)).toEqual([3, 7]);
    expect(catalog.version).toBe('test');
  });
});

describe('unknownEntry', () => {
  it("is a failure in category unknown that points at the row's own failure reason", () => {
    const entry = unknownEntry(1003033);
    expect(entry).toMatchObject({ code: 1003033, name: '', outcome: 'failure', category: 'unknown', actor: 'none', tags: [], sources: [] });
    expect(entry.description).toMatch(/does not know/);
    expect(entry.description).toMatch(/own failure reason/);
    expect(entry.remediation).toContain('https://login.microsoftonline.com/error?code=1003033');
  });
});
