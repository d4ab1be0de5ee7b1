// Rules every built-in catalog entry keeps, written as tests so that a data change cannot quietly break
// them: normal steps of a sign-in are never failures, risk blocks carry the risk tag, outcome and actor
// agree, `sources` names where the facts come from, and the version moves whenever the data does.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATALOG_VERSION, builtinCatalog, type CatalogEntry } from '../src/catalog/index.js';
import { needsShared } from './helpers/shared.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seeds = needsShared('seeds');
const seedsDir = seeds.path;
const research = needsShared('data/catalog-research.tsv');
const researchTable = research.path;

const entries = builtinCatalog().entries();
const entry = (code: number): CatalogEntry | undefined => builtinCatalog().lookup(code);
const codesOf = (list: readonly CatalogEntry[]): number[] => list.map((each) => each.code);

/**
 * Words that make a description speak of a normal step of the sign-in. Descriptions of real failures
 * avoid them: "the user is asked for the password instead", not "gets a password prompt".
 */
const FLOW_STEP_WORDS = /\binterrupt(?:s|ed)?\b|\bprompt(?:s|ed)?\b|\bnot an error\b|\bnot a failure\b/i;

/**
 * Codes that Microsoft's own texts describe as a normal step rather than an error. Those texts are not
 * part of the project, so what they say is written down here, in our words:
 *   lookup     the 2022 enumeration of login.microsoftonline.com/error (acalarch/azure-signinlog-results,
 *              signinlog-results.txt), whose remediation column carries these remarks
 *   reference  the current AADSTS reference (MicrosoftDocs/entra-docs, reference-error-codes.md, 2025)
 */
const MICROSOFT_CALLS_IT_A_STEP: Readonly<Record<number, string>> = {
  16000: 'lookup: handled like an error but not one',
  50097: 'lookup: an interrupt that starts device authentication, not an error',
  50140: 'reference and lookup: an expected part of the sign-in',
  50158: 'reference and lookup: by itself no sign of a failed sign-in',
  50199: 'reference: no action needed, the user confirms the app',
  51005: 'lookup: handled like an error but not one',
  70016: 'lookup: handled like an error but not one',
  81012: 'lookup: not an error condition, safe to ignore',
  90043: 'lookup: handled like an error but not one',
  90095: 'reference: the admin consent workflow interrupts the user',
  501314: 'lookup: a silent interrupt, no action needed',
  1000002: 'lookup: handled like an error but not one',
  9002341: 'reference: the user is asked to permit single sign-on',
};

describe('normal steps of a sign-in are never failures', () => {
  const notFailure = (list: readonly CatalogEntry[]) => codesOf(list.filter((each) => each.outcome === 'failure'));

  it('when the description calls the code a prompt, an interrupt or not an error', () => {
    expect(notFailure(entries.filter((each) => FLOW_STEP_WORDS.test(each.description)))).toEqual([]);
  });

  it('when the symbolic name says Interrupt', () => {
    const named = entries.filter((each) => each.name.includes('Interrupt'));
    expect(named.length).toBeGreaterThanOrEqual(7);
    expect(notFailure(named)).toEqual([]);
  });

  it("when Microsoft's lookup or reference says so", () => {
    // A code missing from the catalog would count as an unknown failure, so it is listed too.
    const codes = Object.keys(MICROSOFT_CALLS_IT_A_STEP).map(Number);
    expect(codes.filter((code) => (entry(code)?.outcome ?? 'failure') === 'failure')).toEqual([]);
  });

  describe('when a translated Microsoft table says so (needs ../shared/seeds)', seeds.options, () => {
    it('Dutch "interrupt"/"onderbroken", Swedish "avbröts"/"inte ett feltillstånd"', () => {
      // Rows look like `| AADSTS50125 | Name - text |` (Dutch, 002) or `| 50125 | text |` (Dutch 000, Swedish 003).
      const said = /interrupt|onderbroken|avbröts|inte ett feltillstånd/i;
      const row = /^\s*\|\s*(?:AADSTS)?(\d+)\s*\|(.*)\|\s*$/;
      const codes = new Set<number>();
      for (const file of readdirSync(seedsDir).filter((name) => name.endsWith('.txt'))) {
        for (const line of readFileSync(path.join(seedsDir, file), 'utf8').split('\n')) {
          const match = row.exec(line);
          if (match?.[1] !== undefined && said.test(match[2] ?? '')) codes.add(Number(match[1]));
        }
      }
      expect([...codes].sort((a, b) => a - b)).toEqual(expect.arrayContaining([16000, 50125, 50140, 81012]));
      expect(notFailure([...codes].flatMap((code) => entry(code) ?? []))).toEqual([]);
    });
  });
});

describe('risk blocks carry the risk tag', () => {
  // A description that speaks of risk (or a tenant blocked for fraud), or a symbolic name that does.
  const RISK_TEXT = /\brisk\b|\bblocked for fraud\b/i;
  const RISK_NAME = /Risk|Fraud|Compromised|Suspicious/;
  const speaksOfRisk = (each: CatalogEntry) => RISK_TEXT.test(each.description) || RISK_NAME.test(each.name);
  const tagged = (each: CatalogEntry) => each.tags.includes('risk_block');

  it('every entry that speaks of risk is tagged risk_block', () => {
    expect(codesOf(entries.filter((each) => speaksOfRisk(each) && !tagged(each)))).toEqual([]);
  });

  it('every entry tagged risk_block speaks of risk', () => {
    expect(codesOf(entries.filter((each) => tagged(each) && !speaksOfRisk(each)))).toEqual([]);
    expect(entries.filter(tagged).length).toBeGreaterThanOrEqual(5);
  });
});

describe('outcome and actor agree', () => {
  it('nobody acts on a success or an interrupt', () => {
    expect(codesOf(entries.filter((each) => each.outcome !== 'failure' && each.actor !== 'none'))).toEqual([]);
  });

  it('somebody acts on every failure', () => {
    expect(codesOf(entries.filter((each) => each.outcome === 'failure' && each.actor === 'none'))).toEqual([]);
  });
});

describe('sources name where the facts come from', () => {
  const TABLES = ['000', '001', '002', '003', 'legacy-en-2019'];
  const has = (each: CatalogEntry, source: string) => each.sources.includes(source);
  const wrong = (rule: (each: CatalogEntry) => boolean) => codesOf(entries.filter((each) => !rule(each)));

  it('a symbolic name comes from the 2019 AADSTS table or the current reference', () => {
    expect(wrong((each) => each.name === '' || has(each, '002') || has(each, 'ms-reference'))).toEqual([]);
  });

  it('a description that cites the current reference has it in sources, one that says it is missing there does not', () => {
    const missing = /not in the current reference|the current reference does not/i;
    const cites = /\b(?:current|the) reference\b|\breference text\b|\bcurrent text\b/i;
    expect(wrong((each) => !missing.test(each.description) || !has(each, 'ms-reference'))).toEqual([]);
    expect(wrong((each) => missing.test(each.description) || !cites.test(each.description) || has(each, 'ms-reference'))).toEqual([]);
  });

  it('a description that cites the lookup page has the 2022 enumeration in sources', () => {
    expect(wrong((each) => !/\blookup page\b|\benumerations?\b|\b2022\b/i.test(each.description) || has(each, 'enum-2022'))).toEqual([]);
  });

  it('a description that cites an older table or older documentation has one in sources', () => {
    const older = /\b(?:older|oldest) (?:tables?|text|documentation|sign-in documentation)\b|\bone (?:older )?table\b/i;
    expect(wrong((each) => !older.test(each.description) || TABLES.some((source) => has(each, source)))).toEqual([]);
    expect(wrong((each) => !/\boldest table\b/i.test(each.description) || has(each, '000'))).toEqual([]);
    expect(wrong((each) => !/\bolder sign-in documentation\b/i.test(each.description) || has(each, 'legacy-en-2019'))).toEqual([]);
  });

  it('"known only from" the enumeration means that is the only source', () => {
    const only = entries.filter((each) => /\bknown only from third-party enumerations\b/i.test(each.description));
    expect(only.length).toBeGreaterThan(0);
    expect(codesOf(only.filter((each) => each.sources.join() !== 'enum-2022'))).toEqual([]);
  });

  describe('against the research table (needs ../shared/data/catalog-research.tsv)', research.options, () => {
    it('claims exactly the sources the research recorded for each code it covers', () => {
      const [header = '', ...rows] = readFileSync(researchTable, 'utf8').trimEnd().split('\n');
      const column = (name: string) => header.split('\t').indexOf(name);
      const [code, seeds, reference, others] = ['code', 'in_seeds', 'in_modern_reference', 'other_sources'].map(column) as [number, number, number, number];
      const mismatched: string[] = [];
      let covered = 0;
      for (const row of rows) {
        const cells = row.split('\t');
        const found = entry(Number(cells[code]));
        if (found === undefined) continue;
        covered += 1;
        const expected = [...(cells[seeds] ?? '').split(','), cells[reference] === 'yes' ? 'ms-reference' : '', ...(cells[others] ?? '').split(',')]
          .filter(Boolean)
          .sort();
        const claimed = [...found.sources].sort();
        if (claimed.join() !== expected.join()) mismatched.push(`${found.code}: [${claimed}] but research [${expected}]`);
      }
      expect(mismatched).toEqual([]);
      expect(covered).toBe(rows.length);
    });
  });
});

describe('the catalog version moves with the data', () => {
  const changelogFile = path.join(repoRoot, 'docs/catalog-changelog.md');
  const changelog = existsSync(changelogFile) ? readFileSync(changelogFile, 'utf8') : '';
  const versions = [...changelog.matchAll(/^## (\S+)$/gm)].map((match) => match[1]);
  const start = changelog.indexOf(`\n## ${CATALOG_VERSION}\n`);
  const end = changelog.indexOf('\n## ', start + 1);
  const section = start < 0 ? '' : changelog.slice(start + 1, end < 0 ? undefined : end);

  /** A short hash of every field of every entry, in code order. */
  function fingerprint(list: readonly CatalogEntry[]): string {
    const fields = list.map((each) => [
      each.code,
      each.name,
      each.outcome,
      each.category,
      each.actor,
      each.description,
      each.remediation,
      each.tags,
      each.sources,
    ]);
    return createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 12);
  }

  it('docs/catalog-changelog.md starts with the current version', () => {
    expect(versions[0]).toBe(CATALOG_VERSION);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it("records the current data's size and fingerprint under the current version (change the data: bump the version)", () => {
    expect(section).toContain(`${entries.length} entries, data fingerprint \`${fingerprint(entries)}\``);
  });

  it('names only codes the catalog has in the current section', () => {
    const named = [...section.matchAll(/`(\d{4,7})`/g)].map((match) => Number(match[1]));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((code) => entry(code) === undefined)).toEqual([]);
  });

  it('is linked from the opening of the catalog documentation', () => {
    const guide = readFileSync(path.join(repoRoot, 'docs/catalog.md'), 'utf8');
    expect(guide.slice(0, guide.indexOf('\n## '))).toContain('(catalog-changelog.md)');
  });
});
