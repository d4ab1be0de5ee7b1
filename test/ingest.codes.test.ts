// One reading of error codes for every format: the same code text, written into a portal CSV, a PowerShell
// status cell, a Log Analytics status cell, a Graph page (as a JSON number and as a string), Graph JSON Lines
// and a diagnostic record, is either the same code everywhere or a BAD_CODE rejection everywhere that quotes
// the text as written. A code is a non-negative whole number written as one (an AADSTS prefix allowed).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeText } from '../src/ingest/fields.js';
import { AppError } from '../src/errors.js';
import { fixture, ingestAll, ingestError, tempDir } from './ingest.helpers.js';

const dir = tempDir('signin-codes-');
const TIME = '2026-11-12T08:15:03Z';

function quoteAll(fields: readonly string[]): string {
  return fields.map((field) => `"${field.replaceAll('"', '""')}"`).join(',');
}

/** The sample's header and first row, parsed. */
function csvTemplate(name: string, skipLines = 0): { header: string[]; row: string[] } {
  const text = readFileSync(fixture(name), 'utf8')
    .replace(/^\uFEFF/, '')
    .split('\n')
    .slice(skipLines)
    .join('\n');
  const [header, row] = parse(text, { relaxColumnCount: true }) as string[][];
  return { header: header!, row: row! };
}

const portal = csvTemplate('sample/InteractiveSignIns_sample.csv');
const logAnalytics = csvTemplate('formats/LogAnalytics_SigninLogs_dynamic-string.csv');

/** A JSON literal for the text: the text itself where it is a JSON number, else undefined. */
function asJsonNumber(text: string): string | undefined {
  try {
    return typeof JSON.parse(text) === 'number' && /^-?\d/.test(text.trim()) ? text.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** Each format with the code text put where it keeps its code. */
function inputs(code: string): Record<string, string> {
  const files: Record<string, string> = {};
  const set = (template: { header: string[]; row: string[] }, changes: Record<string, string>): string => {
    const row = [...template.row];
    for (const [column, value] of Object.entries(changes)) {
      const index = template.header.indexOf(column);
      if (index < 0) throw new Error(`no column ${column}`);
      row[index] = value;
    }
    return `${quoteAll(template.header)}\n${quoteAll(row)}\n`;
  };
  files['InteractiveSignIns_portal.csv'] = set(portal, { 'Sign-in error code': code, Status: 'Failure' });
  files['LogAnalytics.csv'] = set(logAnalytics, {
    ResultType: '',
    Status_dynamic: `{"errorCode":${asJsonNumber(code) ?? JSON.stringify(code)},"failureReason":"x"}`,
    Status_string: '',
  });
  const record = (errorCode: string) =>
    `{"id":"r1","createdDateTime":"${TIME}","userPrincipalName":"a@contoso.example","status":{"errorCode":${errorCode},"failureReason":"x"}}`;
  files['graph-string.json'] = `{"value":[${record(JSON.stringify(code))}]}`;
  files['graph.jsonl'] = `${record(JSON.stringify(code))}\n${record(JSON.stringify(code)).replace('"r1"', '"r2"')}\n`;
  const number = asJsonNumber(code);
  if (number !== undefined) {
    files['graph-number.json'] = `{"value":[\n  ${record(number)}\n]}`;
    files['portal-number.json'] = `[${record(number)},${record(number).replace('"r1"', '"r2"')}]`;
    files['diagnostic.jsonl'] = `{"time":"${TIME}","category":"SignInLogs","resultType":${number},"properties":{"id":"d1","createdDateTime":"${TIME}"}}\n`;
  }
  return files;
}

/** Each file's outcome: the code read, or the rejected-row message. */
async function outcomes(code: string): Promise<Map<string, string>> {
  const results = new Map<string, string>();
  for (const [name, text] of Object.entries(inputs(code))) {
    const path = join(dir, name);
    writeFileSync(path, text);
    const stderr: string[] = [];
    const signIns = await ingestAll([path], { quiet: false, stderr }).then(
      (done) => done.signIns,
      // A file whose only rows are rejected is an error, after its rows are listed.
      (error: unknown) => {
        if (error instanceof AppError && error.code === 'INPUT_UNUSABLE') return [];
        throw error;
      },
    );
    const rejected = stderr.filter((line) => line.includes('rejected row:')).map((line) => line.replace(/^.*rejected row: /, '').trimEnd());
    results.set(name, signIns.length > 0 ? `code ${[...new Set(signIns.map((signIn) => signIn.errorCode))].join(',')}` : rejected.join(' | '));
  }
  return results;
}

describe('error codes read the same in every format', () => {
  it.each([
    ['0', 0],
    ['50126', 50126],
    ['7000215', 7000215],
    ['AADSTS50126', 50126],
    ['999999999', 999_999_999],
  ])('%s is code %d everywhere', async (code, number) => {
    for (const [name, outcome] of await outcomes(code)) expect(outcome, name).toBe(`code ${number}`);
  });

  it.each(['-0', '50126.0', '5.0126e4', '1E5', '1e-400', '9007199254740993', '-5', '0.5', '1e2', '50126x', 'n/a'])(
    '%s is rejected everywhere, quoted as written',
    async (code) => {
      const all = await outcomes(code);
      expect(all.size).toBeGreaterThanOrEqual(4);
      for (const [name, outcome] of all)
        expect(outcome, name).toMatch(new RegExp(`^unreadable error code ${JSON.stringify(JSON.stringify(code)).slice(1, -1).replace(/[.+]/g, '\\$&')}`));
    },
  );

  it('a PowerShell status cell is read by the same rule', async () => {
    const template = csvTemplate('formats/powershell-unflattened.csv', 1);
    const typeLine = readFileSync(fixture('formats/powershell-unflattened.csv'), 'utf8').split('\n')[0]!;
    for (const [cell, expected] of [
      ['@{AdditionalDetails=; ErrorCode=50126; FailureReason=x}', 50126],
      ['@{AdditionalDetails=; ErrorCode=AADSTS50126; FailureReason=x}', 50126],
      ['@{AdditionalDetails=; ErrorCode=50126.0; FailureReason=x}', undefined],
      ['@{AdditionalDetails=; ErrorCode=9007199254740993; FailureReason=x}', undefined],
    ] as const) {
      const row = [...template.row];
      row[template.header.indexOf('Status')] = cell;
      const path = join(dir, 'powershell.csv');
      writeFileSync(path, `${typeLine}\n${quoteAll(template.header)}\n${quoteAll(row)}\n`);
      if (expected === undefined) expect((await ingestError([path])).message, cell).toContain('(1 BAD_CODE)');
      else expect((await ingestAll([path])).signIns.map((signIn) => signIn.errorCode)).toEqual([expected]);
    }
  });
});

describe('codeText', () => {
  it('gives a JSON number as written in the record, for any spelling of any number', () => {
    const literal = fc.oneof(
      fc.integer({ min: -1e6, max: 1e9 }).map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => JSON.stringify(value)),
      fc.tuple(fc.nat(99999), fc.constantFrom('.0', 'e0', 'E1', 'e-400', '.50', 'e+2')).map(([n, tail]) => `${n}${tail}`),
    );
    fc.assert(
      fc.property(literal, fc.constantFrom('', ' ', '\n  '), fc.boolean(), (written, blank, pascal) => {
        const key = pascal ? 'ErrorCode' : 'errorCode';
        const source = `{"status":{"other":1.5,"${key}":${blank}${written},"x":[1,2]}}`;
        const value = (JSON.parse(source) as { status: Record<string, number> }).status[key];
        expect(codeText(value, source, 'errorCode')).toBe(written);
      }),
    );
  });

  it('passes strings through, and without the record text gives the number itself', () => {
    expect(codeText('50126.0', '{}', 'errorCode')).toBe('50126.0');
    expect(codeText(50126, undefined, 'errorCode')).toBe('50126');
    expect(codeText(null, '{}', 'errorCode')).toBe('');
  });
});
