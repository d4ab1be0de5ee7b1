// Hostile values through every output format: 66 strings (terminal escapes, direction overrides, formulas,
// Markdown, HTML, line breaks, floods) in each of seven fields of a portal export whose file name is hostile too,
// and as the MFA methods and result texts of its authentication details, compared with a baseline whose file
// name, period label and gone users are hostile, with --fail-on rules that quote users. The formats come from the registry (FORMATS), so a new format is checked without a change here:
// every format but the machine ones (JSON, CSV, the workbook) is for people, and must show no control or
// direction character; Markdown must show no active tag, and the HTML page none of the hostile markup as markup.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { DIMENSION_IDS } from '../src/analyze/index.js';
import { FORMATS, type Format } from '../src/render/index.js';
import { HOSTILE_STRINGS, hostileAuthDetailsCsv, hostilePortalCsv, UNSAFE_FOR_PEOPLE } from './helpers/hostile.js';
import { runMain } from './helpers/io.js';
import { expectValidJsonReport } from './helpers/report-schema.js';

const dir = mkdtempSync(path.join(tmpdir(), 'render-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// File names reach the summary, the comparison title and every stderr line that points at a file.
const INPUT = path.join(dir, 'Interactive\u202eSignIns\u001b[31m_\u2066x\u2069.csv');
const BASELINE = path.join(dir, 'last\u202eweek\u001b]0;t\u0007.json');
// Its authentication details carry them too, as MFA methods and result texts.
const DETAILS = path.join(dir, 'Interactive\u202eSignIns_AuthDetails.csv');
writeFileSync(INPUT, hostilePortalCsv());
writeFileSync(DETAILS, hostileAuthDetailsCsv());
// One broken row, so that a rejected-row line quoting the file and line goes to stderr.
writeFileSync(INPUT, 'not,a,row\n', { flag: 'a' });

const NOW = ['--now', '2026-11-16T08:00:00Z'];
const RULES = ['--fail-on', 'user:failures>0', '--fail-on', 'new-users', '--fail-on', 'app:failures>0'];

/** Formats checked their own way: those read by programs, and the page and the workbook. */
const MACHINE: Partial<Record<Format, (output: string) => void | Promise<void>>> = {
  json: (output) => {
    const json = expectValidJsonReport(output) as {
      byUser: { user: string }[];
      byApp: { app: string }[];
      comparison: { gone: { users: string[] } };
      mfaMethods: { methods: { method: string; topFailure: string }[] };
    };
    // Data stays data: the exact values, for programs to handle.
    expect(json.byUser.map((row) => row.user)).toContain('admin\u202egnp.exe');
    expect(json.mfaMethods.methods.map((row) => row.method)).toContain('admin\u202egnp.exe');
    expect(json.byApp.map((row) => row.app)).toContain('<script>alert("x")</script>');
    expect(json.comparison.gone.users).toContain('=cmd|"/c calc"!A1\u202e');
  },
  csv: (output) => expectSafeCsv(output),
  // The page has markup of its own: what must not be there is any hostile value's markup as it was.
  html: (output) => {
    expectSafeForPeople(output, 'html');
    for (const value of HOSTILE_STRINGS.filter((text) => /<[a-z/!]/i.test(text))) expect(output).not.toContain(value);
  },
  // A workbook's bytes come back one character per byte (helpers/io.ts): every cell text, never a formula.
  xlsx: async (output) => {
    const zip = await JSZip.loadAsync(Buffer.from(output, 'latin1'));
    const parts = Object.keys(zip.files).filter((name) => /^xl\/(worksheets\/sheet\d+|sharedStrings)\.xml$/.test(name));
    expect(parts.length).toBeGreaterThan(5);
    for (const name of parts) {
      const xml = await zip.file(name)!.async('string');
      expect(xml, name).not.toMatch(/<f[\s>/]/);
      expect(xml, name).not.toMatch(UNSAFE_FOR_PEOPLE);
    }
  },
};
/** Formats shown as plain text, where a tag is just text; HTML is checked on its own. */
const PLAIN_TEXT: ReadonlySet<Format> = new Set(['table', 'html']);

function expectSafeCsv(output: string): void {
  const records = parse(output, { relaxColumnCount: false }) as string[][];
  expect(records.length).toBeGreaterThan(1);
  for (const cell of records.flat()) {
    expect(cell).not.toMatch(UNSAFE_FOR_PEOPLE);
    if (!/^-?\d+(\.\d+)?$/.test(cell)) expect(cell).not.toMatch(/^\s*[=+\-@]/);
  }
}

function expectSafeForPeople(output: string, format: Format): void {
  const offending = output.split('\n').filter((line) => UNSAFE_FOR_PEOPLE.test(line));
  expect(offending, `${format}: lines with control or direction characters`).toEqual([]);
  // Markdown escapes a tag with a backslash; HTML with an entity.
  if (!PLAIN_TEXT.has(format)) expect(output).not.toMatch(/(?<!\\)<\/?(script|img|svg|iframe|b|h1|td)[\s>]/i);
}

function expectSafeStderr(stderr: string): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines.length).toBeGreaterThan(1);
  for (const line of lines) {
    expect(line).toMatch(/^signin-analyzer: /);
    expect(line).not.toMatch(UNSAFE_FOR_PEOPLE);
  }
}

describe('hostile values in every format', () => {
  writeFileSync(
    BASELINE,
    JSON.stringify({
      schemaVersion: 1,
      generatedAt: '2026-11-09T06:00:00Z',
      period: { since: null, until: null, firstSignIn: null, lastSignIn: null, label: '2026-W45\u202e\n\u001b[2J<script>x</script>' },
      totals: { signIns: 10, failure: 10, interrupted: 0 },
      byCode: [{ code: 50126, count: 10 }],
      byCategory: [{ category: '<b>new</b>\u202e', count: 10 }],
      byUser: ['=cmd|"/c calc"!A1\u202e', 'gone\nuser\u001b[31m', '<img src=x onerror=alert(1)>'].map((user) => ({ user, failures: 3, interrupted: 0 })),
      byApp: [{ app: '\u2066@SUM(1)\u2069', failures: 1, interrupted: 0 }],
    }),
  );

  it('the hostile input has what it should', () => {
    expect(HOSTILE_STRINGS.length).toBeGreaterThanOrEqual(66);
  });

  it.each(FORMATS)('%s', async (format) => {
    const byList = format === 'csv' ? DIMENSION_IDS.map((by) => ['--by', by]) : [[]];
    for (const by of byList) {
      const result = await runMain(['report', INPUT, DETAILS, ...NOW, '--format', format, ...by, '--top', '0', '--baseline', BASELINE, ...RULES]);
      expect(result.status, result.stderr).toBe(1);
      expectSafeStderr(result.stderr);
      const machine = MACHINE[format];
      if (machine !== undefined) await machine(result.stdout);
      else expectSafeForPeople(result.stdout, format);
    }
  });
});
