// The Microsoft 365 unified audit log (formats.md §9.1): Entra sign-in records (RecordType 15) as JSON Lines, as a
// JSON array, and as JSON in the AuditData cell of the Purview export, the compliance center's export and
// Search-UnifiedAuditLog | Export-Csv. The equivalence set's twelve user sign-ins, written in every one of them among
// records of other workloads, give the same report as the portal CSV of the same sign-ins.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { SignIn } from '../src/model.js';
import { expectValidJsonReport } from './helpers/report-schema.js';
import { runMain } from './helpers/io.js';
import { fixture, ingestAll, ingestError, tempDir } from './ingest.helpers.js';

const PORTAL = 'equivalence/InteractiveSignIns_equivalence.csv';
const SOURCES = {
  'JSON Lines': ['equivalence/UnifiedAuditLog_equivalence.jsonl', 'audit-jsonl'],
  'JSON array (ConvertTo-Json)': ['equivalence/UnifiedAuditLog_equivalence.json', 'audit-json'],
  'Purview audit search CSV': ['equivalence/AuditLog_Purview_equivalence.csv', 'audit-csv'],
  'Search-UnifiedAuditLog | Export-Csv': ['equivalence/SearchUnifiedAuditLog_equivalence.csv', 'audit-csv'],
} as const;

/** What an audit record carries of a sign-in; the portal CSV gives the same fields. */
function carried(signIns: readonly SignIn[]) {
  return signIns
    .map((s) => ({
      time: s.time.toISOString(),
      user: s.userPrincipalName,
      userId: s.userId,
      appId: s.appId,
      ip: s.ipAddress,
      userAgent: s.userAgent,
      code: s.errorCode,
      type: s.signInType,
      os: s.deviceOs,
      compliant: s.deviceCompliant,
    }))
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

describe('unified audit log sign-ins', async () => {
  const portal = await ingestAll([fixture(PORTAL)]);

  for (const [name, [file, format]] of Object.entries(SOURCES)) {
    it(`${name}: twelve sign-ins read, the three records of other workloads filtered out`, async () => {
      const path = fixture(file);
      const { result, signIns } = await ingestAll([path]);
      expect(result.inputs).toMatchObject([{ path, format, rowsRead: 15, signIns: 12, rejected: 0, duplicates: 0, filteredOut: 3 }]);
      expect(result.warnings).toEqual([]);
      expect(carried(signIns)).toEqual(carried(portal.signIns));
      // The symbolic error name is the only failure text an audit record has.
      expect(signIns.find((s) => s.errorCode === 50126)!.failureReason).toBe('InvalidUserNameOrPassword');
    });
  }

  it('the records are as Microsoft writes them: CreationTime without an offset, ErrorNumber as text, one older success without it', async () => {
    const records = readFileSync(fixture('equivalence/UnifiedAuditLog_equivalence.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const logons = records.filter((record) => record['RecordType'] === 15);
    expect(logons).toHaveLength(12);
    expect(logons.every((record) => typeof record['CreationTime'] === 'string' && !(record['CreationTime'] as string).endsWith('Z'))).toBe(true);
    expect(logons.filter((record) => !('ErrorNumber' in record)).map((record) => record['Operation'])).toEqual(['UserLoggedIn']);
    expect(new Set(logons.map((record) => typeof record['ErrorNumber']))).toEqual(new Set(['string', 'undefined']));
  });

  it('the three CSV shapes are told by their headers, whatever their dates and record-type columns say', () => {
    const header = (file: string) => (parse(readFileSync(fixture(file), 'utf8').replace(/^\uFEFF/, ''), { to: 1 }) as string[][])[0];
    expect(header('equivalence/AuditLog_Purview_equivalence.csv')).toEqual([
      'RecordId',
      'CreationDate',
      'RecordType',
      'Operation',
      'UserId',
      'AuditData',
      'AssociatedAdminUnits',
      'AssociatedAdminUnitsNames',
    ]);
    expect(header('equivalence/SearchUnifiedAuditLog_equivalence.csv')).toEqual([
      'RunspaceId',
      'RecordType',
      'CreationDate',
      'UserIds',
      'Operations',
      'AuditData',
      'ResultIndex',
      'ResultCount',
      'Identity',
      'IsValid',
      'ObjectState',
    ]);
    expect(header('formats/AuditLog_compliance-center.csv')).toEqual(['CreationDate', 'UserIds', 'Operations', 'AuditData']);
  });

  it('the older compliance center export (four columns) is read the same way', async () => {
    const path = fixture('formats/AuditLog_compliance-center.csv');
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs[0]).toMatchObject({ format: 'audit-csv', rowsRead: 4, signIns: 3, filteredOut: 1 });
    expect(signIns.map((s) => s.errorCode)).toEqual([50053, 53003, 65001]);
  });

  it('reads a failed logon without ErrorNumber by its LogonError name, an address with a port, and the export date when CreationTime is unreadable', async () => {
    const dir = tempDir();
    const path = join(dir, 'AuditLog_2026-11-12.csv');
    const record = (fields: Record<string, unknown>) =>
      JSON.stringify({
        CreationTime: '2026-11-12T09:00:00',
        Id: 'f0c1d2e3-a4b5-4c6d-8e7f-0a1b2c3d4e5f',
        Operation: 'UserLoginFailed',
        RecordType: 15,
        UserKey: 'Not Available',
        Workload: 'AzureActiveDirectory',
        ClientIP: '203.0.113.9:51234',
        UserId: 'lee.gu@contoso.example',
        LogonError: 'InvalidUserNameOrPassword',
        ...fields,
      });
    const cell = (text: string) => `"${text.replace(/"/g, '""')}"`;
    const rows = [
      'CreationDate,UserIds,Operations,AuditData',
      `2026-11-12T09:00:00.0000000Z,lee.gu@contoso.example,UserLoginFailed,${cell(record({}))}`,
      `2026-11-12T09:05:00.0000000Z,lee.gu@contoso.example,UserLoginFailed,${cell(record({ Id: 'b2', CreationTime: '2026-11-12T09: 05: 00', ClientIP: '[2001:db8::7]:443', ErrorNumber: '50053' }))}`,
      `2026-11-12T09:06:00.0000000Z,lee.gu@contoso.example,UserLoginFailed,${cell('{"CreationTime": "2026-11-12T09:06:00", "RecordType": 15')}`,
      `2026-11-12T09:07:00.0000000Z,lee.gu@contoso.example,UserLoginFailed,${cell('{"note": "not an audit record"}')}`,
    ];
    writeFileSync(path, `${rows.join('\r\n')}\r\n`);
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs[0]).toMatchObject({ format: 'audit-csv', rowsRead: 4, signIns: 2, rejected: 2 });
    expect(signIns.map((s) => [s.time.toISOString(), s.errorCode, s.ipAddress, s.userId])).toEqual([
      ['2026-11-12T09:00:00.000Z', 50126, '203.0.113.9', ''],
      ['2026-11-12T09:05:00.000Z', 50053, '2001:db8::7', ''],
    ]);
    expect(result.warnings.map((warning) => [warning.code, warning.line])).toEqual([
      ['TIME_FALLBACK', 3],
      ['ROWS_REJECTED', null],
    ]);
    expect(result.warnings[1]!.message).toContain('1 MALFORMED_JSON, 1 NOT_A_SIGN_IN');
  });

  it('an audit export without sign-ins is no sign-in export, and says what to search for (not diagnostic settings)', async () => {
    const path = fixture('bad/AuditLog_no-sign-ins.csv');
    const error = await ingestError([path]);
    expect(error).toMatchObject({ code: 'INPUT_UNKNOWN_FORMAT', file: path, line: 2 });
    expect(error.message).toBe(
      'not a sign-in export: none of its 3 records is a sign-in (the first is an audit record of type 50, operation MailItemsAccessed)',
    );
    expect(error.hint).toContain('AzureActiveDirectoryStsLogon');
    expect(error.hint).not.toMatch(/diagnostic/i);
    // The same records as a JSON array.
    const json = join(tempDir(), 'audit.json');
    const others = (JSON.parse(readFileSync(fixture('equivalence/UnifiedAuditLog_equivalence.json'), 'utf8')) as { RecordType: number }[]).filter(
      (record) => record.RecordType !== 15,
    );
    writeFileSync(json, JSON.stringify(others, null, 2));
    const fromJson = await ingestError([json]);
    expect(fromJson.hint).toContain('AzureActiveDirectoryStsLogon');
    expect(fromJson.hint).not.toMatch(/diagnostic/i);
  });
});

describe('the same sign-ins as portal CSV and as audit records give the same report', async () => {
  const NOW = ['--now', '2026-11-16T08:00:00Z', '--format', 'json'];
  // biome-ignore lint/suspicious/noExplicitAny: report sections are compared as the JSON holds them
  type Json = Record<string, any>;
  const report = async (file: string): Promise<Json> => {
    const result = await runMain(['report', fixture(file), ...NOW]);
    expect(result.status).toBe(0);
    return expectValidJsonReport(result.stdout) as Json;
  };
  const portal = await report(PORTAL);
  // Audit records name the application by id only: the portal's rows are compared by the same id.
  const rows = parse(readFileSync(fixture(PORTAL), 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
  const appIds = new Map(rows.map((row) => [row['Application']!, row['Application ID ']!]));
  const byId = (list: Json[]) => list.map((row) => ({ ...row, app: appIds.get(row['app']) ?? row['app'] })).sort((a, b) => (a.app < b.app ? -1 : 1));

  for (const [name, [file]] of Object.entries(SOURCES)) {
    it(name, async () => {
      const audit = await report(file);
      expect(audit['totals']).toEqual(portal['totals']);
      expect(audit['accounting']).toEqual({ ...portal['accounting'], rowsRead: 15, filteredOut: 3 });
      // The failure text differs by source (a sentence in the portal, a symbolic name in the audit log).
      const withoutReason = (list: Json[]) => list.map(({ failureReason: _reason, ...row }) => row);
      expect(withoutReason(audit['byCode'])).toEqual(withoutReason(portal['byCode']));
      for (const section of ['byCategory', 'byUser', 'byIp', 'byType', 'byDay']) expect(audit[section], section).toEqual(portal[section]);
      expect(byId(audit['byApp'])).toEqual(byId(portal['byApp']));
    });
  }
});
