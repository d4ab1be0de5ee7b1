// Authentication-details downloads (`*_AuthDetails_*.csv`): recognised by their header wherever they stand among
// the inputs, read before any sign-in with every row accounted (an MFA step, a first-factor step, or rejected),
// and made into one MFA step per request by the rule of src/ingest/auth-details.ts, checked against a naive model.
// The real exports in ../shared are read too when they hold such a file.

import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMfaStep, MfaStepTable } from '../src/ingest/auth-details.js';
import { openInputs } from '../src/ingest/index.js';
import type { MfaStep } from '../src/model.js';
import { fixture, ingestAll, ingestError, ingestOptions, rejectedLines, tempDir } from './ingest.helpers.js';
import { needsShared } from './helpers/shared.js';

const HAND_MADE = fixture('formats/InteractiveSignIns_AuthDetails_2026-11-09_2026-11-15.csv');
const SAMPLE = fixture('sample/InteractiveSignIns_sample.csv');
const SAMPLE_DETAILS = fixture('sample/InteractiveSignIns_AuthDetails_sample.csv');
const HEADER = 'Date (UTC),Request ID,Authentication method,Authentication method detail,Succeeded,Result detail,Requirement';

async function open(inputs: readonly string[], overrides: Parameters<typeof ingestOptions>[0] = {}) {
  const { settings, context, stderr } = ingestOptions(overrides);
  const opened = await openInputs(inputs, settings, context);
  return { opened, stderr };
}

/** The rows of an authentication-details CSV, as csv-parse reads them. */
function rowsOf(path: string): Record<string, string>[] {
  return parse(readFileSync(path), { columns: true, bom: true }) as Record<string, string>[];
}

describe('an authentication-details download', () => {
  it('is read into one MFA step per request, every row accounted: the hand-made file', async () => {
    const { opened } = await open([HAND_MADE]);
    expect(opened.run.inputs).toEqual([
      {
        path: HAND_MADE,
        format: 'portal-authdetails-csv',
        rowsRead: 5,
        signIns: 0,
        rejected: 0,
        duplicates: 0,
        filteredOut: 5,
        mfaSteps: 2,
        covers: { types: [], first: null, last: null, days: [] },
      },
    ]);
    expect(opened.run.warnings).toEqual([]);
    expect(opened.sources).toEqual([]);
    expect(Object.fromEntries(opened.mfaSteps ?? [])).toEqual({
      '3b0d6c2e-91a4-4f7e-8c15-0a9e7d2b4f61': { method: 'Previously satisfied', succeeded: true, detail: 'MFA requirement satisfied by claim in the token' },
      'c71f5a3d-0e2b-4c98-b4a6-9d8e2f1c6b35': {
        method: 'Mobile app notification',
        succeeded: true,
        detail: 'MFA successfully completed, user approved the notification',
      },
    });
  });

  it('is read before the sign-ins wherever it is named, and found in a directory beside them', async () => {
    const dir = tempDir();
    copyFileSync(SAMPLE, join(dir, 'InteractiveSignIns_2026-11-09_2026-11-15.csv'));
    copyFileSync(SAMPLE_DETAILS, join(dir, 'InteractiveSignIns_AuthDetails_2026-11-09_2026-11-15.csv'));
    for (const inputs of [[SAMPLE, SAMPLE_DETAILS], [SAMPLE_DETAILS, SAMPLE], [dir]]) {
      const { result } = await ingestAll(inputs);
      expect(result.inputs.map((input) => input.format)).toEqual(['portal-authdetails-csv', 'portal-csv']);
      const { opened } = await open(inputs);
      expect(opened.sources.map((source) => source.label)).toEqual([inputs.length === 1 ? join(dir, 'InteractiveSignIns_2026-11-09_2026-11-15.csv') : SAMPLE]);
      expect(opened.mfaSteps?.size).toBeGreaterThan(50);
    }
  });

  it('matches the sample it was downloaded with: every MFA step is a sign-in of the sample, by request ID', async () => {
    const { opened } = await open([SAMPLE_DETAILS]);
    const { signIns, result } = await ingestAll([SAMPLE, SAMPLE_DETAILS]);
    const rows = rowsOf(SAMPLE_DETAILS);
    const mfaRows = rows.filter((row) => row['Requirement'] === 'Multifactor authentication');
    expect(result.inputs[0]).toMatchObject({ format: 'portal-authdetails-csv', rowsRead: rows.length, filteredOut: rows.length, mfaSteps: mfaRows.length });
    // rowsRead = signIns + rejected + duplicates + filteredOut holds for the run as for each input.
    expect(result.rowsRead).toBe(result.signIns + result.rejected + result.duplicates + result.filteredOut);
    const steps = opened.mfaSteps!;
    expect(steps.size).toBe(new Set(mfaRows.map((row) => row['Request ID'])).size);
    const ids = new Set(signIns.map((signIn) => signIn.requestId));
    for (const id of steps.keys()) expect(ids.has(id)).toBe(true);
    for (const row of mfaRows) expect(steps.get(row['Request ID']!)?.method).toBe(row['Authentication method']);
    // Identical steps are one object: the table holds a reference per request, not a copy of the texts.
    expect(new Set(steps.values()).size).toBeLessThan(10);
  });

  it('counts the rows it cannot use as rejected, with their lines, and keeps the rest', async () => {
    const path = join(tempDir(), 'InteractiveSignIns_AuthDetails_broken.csv');
    writeFileSync(
      path,
      [
        HEADER,
        '2026-11-12T08:00:00Z,aaaaaaaa-0000-4000-8000-000000000001,Password,,TRUE,Correct password,Primary authentication',
        '2026-11-12T08:00:00Z,aaaaaaaa-0000-4000-8000-000000000001,Text message,+X XXXXXXXX81,maybe,SMS sent,Multifactor authentication',
        '2026-11-12T08:00:00Z,,Text message,,FALSE,Invalid verification code,Multifactor authentication',
        '2026-11-12T08:00:00Z,aaaaaaaa-0000-4000-8000-000000000002,Text message',
        '2026-11-12T08:00:00Z,aaaaaaaa-0000-4000-8000-000000000003,OATH verification code,,False,Invalid verification code,Multifactor authentication',
        '',
      ].join('\n'),
    );
    const { opened, stderr } = await open([path], { quiet: false });
    expect(opened.run.inputs[0]).toMatchObject({ rowsRead: 5, rejected: 3, filteredOut: 2, mfaSteps: 1, signIns: 0 });
    expect(rejectedLines(stderr)).toEqual([
      `${path}:3: rejected row: Succeeded is "maybe", neither TRUE nor FALSE`,
      `${path}:4: rejected row: an authentication step without a request ID, so no sign-in can be joined to it`,
      `${path}:5: rejected row: 3 columns where the header has 7`,
    ]);
    expect(Object.fromEntries(opened.run.rejectedByReason)).toEqual({ BAD_RESULT: 1, MISSING_REQUEST_ID: 1, COLUMN_COUNT: 1 });
    expect([...(opened.mfaSteps ?? new Map()).entries()]).toEqual([
      ['aaaaaaaa-0000-4000-8000-000000000003', { method: 'OATH verification code', succeeded: false, detail: 'Invalid verification code' }],
    ]);
  });

  it('refuses a file without the columns the join needs, naming the file; a directory skips it', async () => {
    const dir = tempDir();
    const path = join(dir, 'InteractiveSignIns_AuthDetails_no-result.csv');
    writeFileSync(path, 'Date (UTC),Request ID,Authentication method,Result detail\n2026-11-12T08:00:00Z,x,Password,Correct password\n');
    const error = await ingestError([path, SAMPLE]);
    expect(error).toMatchObject({ code: 'INPUT_UNKNOWN_FORMAT', file: path, line: 1 });
    expect(error.message).toBe('an authentication-details file without succeeded');
    copyFileSync(SAMPLE, join(dir, 'InteractiveSignIns_sample.csv'));
    const { result } = await ingestAll([dir]);
    expect(result.inputs.map((input) => [input.format, input.skipped === undefined])).toEqual([
      ['unknown', false],
      ['portal-csv', true],
    ]);
    expect(result.warnings.map((item) => item.code)).toEqual(['INPUT_SKIPPED']);
  });

  it('alone is an error: there are no sign-ins to join its steps to', async () => {
    const error = await ingestError([HAND_MADE]);
    expect(error).toMatchObject({ code: 'INPUT_UNUSABLE' });
    expect(error.message).toContain('authentication details but no sign-ins');
  });

  it('on standard input is met only after the sign-ins, and said so', async () => {
    const error = await ingestError(['-'], { stdin: Readable.from([readFileSync(HAND_MADE)]) });
    expect(error).toMatchObject({ code: 'INPUT_UNKNOWN_FORMAT', file: '-' });
    expect(error.message).toContain('authentication details met after the sign-ins');
  });
});

describe('the MFA step of a request', () => {
  const step = fc.record({
    request: fc.constantFrom('r1', 'r2', 'r3'),
    method: fc.constantFrom('Mobile app notification', 'Text message', 'OATH verification code'),
    succeeded: fc.boolean(),
    detail: fc.constantFrom('MFA denied; user declined the authentication', 'MFA successfully completed', ''),
  });

  it('is the first that succeeded, else the first met: against a naive model, in any order', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const table = new MfaStepTable();
        for (const { request, method, succeeded, detail } of steps) table.add(request, method, succeeded, detail);
        const model = new Map<string, MfaStep>();
        for (const request of new Set(steps.map((s) => s.request))) {
          const mine = steps.filter((s) => s.request === request);
          const chosen = mine.find((s) => s.succeeded) ?? mine[0]!;
          model.set(request, { method: chosen.method, succeeded: chosen.succeeded, detail: chosen.detail });
        }
        expect(Object.fromEntries(table.result())).toEqual(Object.fromEntries(model));
      }),
    );
  });

  it('is a step whose requirement says multifactor authentication, or without one any step but the password', () => {
    expect(isMfaStep('Multifactor authentication', 'Mobile app notification')).toBe(true);
    expect(isMfaStep('Multi-factor authentication', 'Text message')).toBe(true);
    expect(isMfaStep('MFA', 'Previously satisfied')).toBe(true);
    expect(isMfaStep('Primary authentication', 'Previously satisfied')).toBe(false);
    expect(isMfaStep('Primary authentication', 'Password')).toBe(false);
    expect(isMfaStep('', 'Password')).toBe(false);
    expect(isMfaStep('', 'Mobile app notification')).toBe(true);
  });
});

const realExports = needsShared('data/real-exports');
/** Every `*AuthDetails*` file below the real exports, with the sign-in files of its folder. */
function realAuthDetails(): { readonly file: string; readonly signIns: readonly string[] }[] {
  if (!realExports.present) return [];
  const found: { file: string; signIns: string[] }[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true });
    const files = entries.filter((entry) => entry.isFile() && /\.csv$/i.test(entry.name)).map((entry) => join(dir, entry.name));
    for (const file of files.filter((name) => /authdetails/i.test(name))) found.push({ file, signIns: files.filter((name) => !/authdetails/i.test(name)) });
    for (const entry of entries) if (entry.isDirectory()) walk(join(dir, entry.name));
  };
  walk(realExports.path);
  return found;
}
const real = realAuthDetails();

describe('real authentication-details downloads (../shared/data/real-exports)', {
  skip: real.length === 0,
  meta: { needs: '../shared/data/real-exports/**/*AuthDetails*.csv' },
}, () => {
  it('every row accounted, one MFA step per request, joined to the sign-ins of the same folder', async () => {
    for (const entry of real) {
      const { opened } = await open([entry.file]);
      const [summary] = opened.run.inputs;
      expect(summary).toMatchObject({ format: 'portal-authdetails-csv', signIns: 0 });
      const rows = rowsOf(entry.file);
      expect(summary!.rowsRead).toBe(rows.length);
      expect(summary!.rowsRead).toBe(summary!.rejected + summary!.filteredOut);
      const mfa = rows.filter((row) => isMfaStep(row['Requirement'] ?? '', row['Authentication method'] ?? '') && (row['Request ID'] ?? '') !== '');
      expect(opened.mfaSteps?.size).toBe(new Set(mfa.map((row) => row['Request ID'])).size);
      if (entry.signIns.length === 0) continue;
      const { signIns } = await ingestAll(entry.signIns);
      const ids = new Set(signIns.map((signIn) => signIn.requestId));
      expect([...(opened.mfaSteps?.keys() ?? [])].filter((id) => ids.has(id)).length).toBeGreaterThan(0);
    }
  });
});

// A folder that holds only the sign-ins: nothing to join, and nothing said about it.
describe('without authentication details', () => {
  it('there are no MFA steps', async () => {
    const dir = join(tempDir(), 'only-sign-ins');
    mkdirSync(dir);
    copyFileSync(SAMPLE, join(dir, 'InteractiveSignIns_sample.csv'));
    const { opened } = await open([dir]);
    expect(opened.mfaSteps).toBeNull();
    expect(opened.run.inputs).toEqual([]);
  });
});
