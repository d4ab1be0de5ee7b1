// Reads every real public export in ../shared/data/real-exports (not part of the project; the suite
// skips without it) and checks the record and code counts of its README, plus counts taken from the
// files themselves with csv-parse / JSON.parse where the README says "see file".
//
// The README counts rows. Three Log Analytics files and one diagnostic file hold the same sign-in
// (same Id, same CreatedDateTime, same result) more than once — the workspace received it again,
// with a later TimeGenerated — so by default those extra rows are counted as duplicates; with
// --keep-duplicates the codes are exactly the README's. (The two-row README export has both Ids
// redacted to the same placeholder but different times: two sign-ins.)

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { SignIn } from '../src/model.js';
import { ingestAll, ingestError } from './ingest.helpers.js';
import { needsShared } from './helpers/shared.js';

const realExports = needsShared('data/real-exports');
const dir = realExports.path;

function codeCounts(signIns: readonly SignIn[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const signIn of signIns) counts[signIn.errorCode] = (counts[signIn.errorCode] ?? 0) + 1;
  return counts;
}

/** Text of a CSV in UTF-8 (with or without BOM) or UTF-16 BE with BOM. */
function csvText(path: string): string {
  const bytes = readFileSync(path);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

/** Distinct sign-ins: rows with the same Id and the same CreatedDateTime are one sign-in received twice. */
function distinctSignIns(path: string): number {
  const rows = parse(csvText(path), { columns: true, relax_column_count: true }) as Array<Record<string, string>>;
  return new Set(rows.map((row) => `${row['Id']} ${row['CreatedDateTime [UTC]']}`)).size;
}

describe('real exports (../shared/data/real-exports)', realExports.options, () => {
  const LOG_ANALYTICS: ReadonlyArray<{ file: string; records: number; codes: Record<string, number>; type: SignIn['signInType'] }> = [
    { file: 'azure-sentinel-training-lab__sign-in_adelete.csv', records: 56, codes: { 0: 53, 16000: 2, 50058: 1 }, type: 'interactive' },
    { file: 'isaacdunham-bec_telemetry__SigninLogs.csv', records: 18, codes: { 0: 17, 50199: 1 }, type: 'interactive' },
    { file: 'isaacdunham-bec_telemetry__AADNonInteractiveUserSignInLogs.csv', records: 302, codes: { 0: 300, 700003: 2 }, type: 'noninteractive' },
    { file: 'mku2-ciso-logs-public__SigninLogs.utf16.csv', records: 57, codes: { 0: 55, 50158: 1, 50126: 1 }, type: 'interactive' },
    { file: 'semantic-kernel-kql-readme__SigninLogs_export_2rows.csv', records: 2, codes: { 0: 1, 50140: 1 }, type: 'interactive' },
  ];

  it('every file in the folder is covered below', () => {
    const listed = [
      ...LOG_ANALYTICS.map((entry) => `log-analytics/${entry.file}`),
      ...readdirSync(join(dir, 'azure-monitor-diagnostic')).map((file) => `azure-monitor-diagnostic/${file}`),
      ...readdirSync(join(dir, 'graph-api')).map((file) => `graph-api/${file}`),
    ];
    const present = ['log-analytics', 'azure-monitor-diagnostic', 'graph-api'].flatMap((folder) =>
      readdirSync(join(dir, folder)).map((file) => `${folder}/${file}`),
    );
    expect(listed.sort()).toEqual(present.sort());
  });

  for (const { file, records, codes, type } of LOG_ANALYTICS) {
    it(`Log Analytics ${file}: ${records} records`, async () => {
      const path = join(dir, 'log-analytics', file);
      const kept = await ingestAll([path], { keepDuplicates: true });
      expect(kept.result.inputs[0]).toMatchObject({ format: 'log-analytics-csv', rowsRead: records, signIns: records, rejected: 0 });
      expect(codeCounts(kept.signIns)).toEqual(codes);
      expect(new Set(kept.signIns.map((s) => s.signInType))).toEqual(new Set([type]));

      const deduplicated = await ingestAll([path]);
      const distinct = distinctSignIns(path);
      expect(deduplicated.result).toMatchObject({ rowsRead: records, rejected: 0, signIns: distinct, duplicates: records - distinct });
    });
  }

  it('the UTF-16 BE file reads the same sign-ins whatever its encoding says', async () => {
    const path = join(dir, 'log-analytics', 'mku2-ciso-logs-public__SigninLogs.utf16.csv');
    expect([...readFileSync(path).subarray(0, 2)]).toEqual([0xfe, 0xff]);
    const { signIns } = await ingestAll([path], { keepDuplicates: true });
    expect(signIns.every((s) => s.time.getUTCFullYear() === 2021 && s.userPrincipalName.includes('@'))).toBe(true);
  });

  describe('diagnostic-settings records ("see file": counted here with JSON.parse)', () => {
    const folder = existsSync(dir) ? join(dir, 'azure-monitor-diagnostic') : dir;
    const files = existsSync(folder) ? readdirSync(folder).filter((file) => !file.includes('time-formats-corner-cases')) : [];

    for (const file of files) {
      it(file, async () => {
        const path = join(folder, file);
        const records = readFileSync(path, 'utf8')
          .split('\n')
          .filter((line) => line.trim().length > 0)
          .map((line) => JSON.parse(line) as { resultType: string; category: string; properties?: { status?: { errorCode?: number } } });
        const expectedCodes: Record<string, number> = {};
        for (const record of records) {
          const code = record.properties?.status?.errorCode ?? Number(record.resultType);
          expectedCodes[code] = (expectedCodes[code] ?? 0) + 1;
        }
        const { result, signIns } = await ingestAll([path], { keepDuplicates: true });
        expect(result).toMatchObject({ rowsRead: records.length, signIns: records.length, rejected: 0 });
        expect(codeCounts(signIns)).toEqual(expectedCodes);
        const types: Record<string, SignIn['signInType']> = {
          SignInLogs: 'interactive',
          NonInteractiveUserSignInLogs: 'noninteractive',
          ServicePrincipalSignInLogs: 'serviceprincipal',
          MicrosoftServicePrincipalSignInLogs: 'serviceprincipal',
          ManagedIdentitySignInLogs: 'managedidentity',
        };
        expect(signIns.map((s) => s.signInType)).toEqual(records.map((record) => types[record.category]));
      });
    }

    it('the README’s codes: raw 50140×5, pseudonymized 50097×1', async () => {
      const raw = await ingestAll([join(folder, 'elastic-integrations__test-signinlogs-raw.jsonl')], { keepDuplicates: true });
      expect(codeCounts(raw.signIns)).toEqual({ 50140: 5 });
      // The five test records share one request id and time, one per log category (two service principal
      // records alike). What a sign-in says, its type included, is part of the duplicate key: four sign-ins, one
      // duplicate.
      const once = await ingestAll([join(folder, 'elastic-integrations__test-signinlogs-raw.jsonl')]);
      expect(once.result).toMatchObject({ signIns: 4, duplicates: 1 });
      expect(once.signIns.map((signIn) => signIn.signInType)).toEqual(['interactive', 'noninteractive', 'serviceprincipal', 'managedidentity']);
      const pseudonymized = await ingestAll([join(folder, 'pseudonymized-siem-sample__noninteractive-50097.jsonl')]);
      expect(codeCounts(pseudonymized.signIns)).toEqual({ 50097: 1 });
      expect(pseudonymized.signIns[0]!.signInType).toBe('noninteractive');
    });

    it('the time-format corner cases have no code: all 11 rejected, none silently read, and the file is an error', async () => {
      const path = join(folder, 'elastic-integrations__test-time-formats-corner-cases.jsonl');
      const stderr: string[] = [];
      const error = await ingestError([path], { quiet: false, stderr });
      expect(error).toMatchObject({ code: 'INPUT_UNUSABLE', file: path });
      expect(error.message).toBe('no usable sign-in: none of its 11 rows could be used (11 MISSING_CODE)');
      // The rejected rows are shown first, in line order.
      const lines = stderr.filter((line) => line.includes('rejected row')).map((line) => Number(/:(\d+): rejected row/.exec(line)![1]));
      expect(lines).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    });
  });

  describe('Graph API documentation examples', () => {
    it('beta list response with duplicate keys: 1 record, 50126', async () => {
      const { result, signIns } = await ingestAll([join(dir, 'graph-api', 'msgraph-docs__beta-signin-list-example1.response.json')]);
      expect(result.inputs[0]).toMatchObject({ format: 'graph-json', rowsRead: 1, signIns: 1, rejected: 0 });
      expect(codeCounts(signIns)).toEqual({ 50126: 1 });
    });

    it('v1.0 list response with a trailing comma: its records are read all the same', async () => {
      const path = join(dir, 'graph-api', 'msgraph-docs__v1.0-signin-list-example1.response.trailing-comma.json');
      const text = readFileSync(path, 'utf8');
      expect(() => JSON.parse(text)).toThrow();
      const repaired = JSON.parse(text.replace(/,(\s*[\]}])/g, '$1')) as { value: Array<{ id: string; status: { errorCode: number } }> };
      const { result, signIns } = await ingestAll([path]);
      expect(result.inputs[0]).toMatchObject({ format: 'graph-json', rowsRead: repaired.value.length, signIns: repaired.value.length, rejected: 0 });
      expect(signIns.map((s) => [s.requestId, s.errorCode])).toEqual(repaired.value.map((record) => [record.id, record.status.errorCode]));
    });
  });
});
