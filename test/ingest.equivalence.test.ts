// The same fifteen sign-ins (fixtures/equivalence, written by fixtures/make-fixtures.mjs) as the portal
// CSV downloads, the portal JSON downloads, diagnostic-settings JSON Lines, a Log Analytics CSV, Log
// Analytics query output (REST API and az) and Graph PowerShell's ConvertTo-Json (PowerShell 7 and Windows
// PowerShell), plus UTF-16 and gzip copies (fixtures/transport): every one must normalize to the same
// records, and so give the same report.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SignIn } from '../src/model.js';
import { fixture, ingestAll, tempDir } from './ingest.helpers.js';

/**
 * Fields that differ between formats by design, so they are left out of the comparison:
 * - `file` and `line`: each format stores the sign-in in its own file at its own line (Log Analytics
 *   cells run over several lines; JSON Lines has one record a line; the portal splits files by type).
 * - `sourceStatus`: the outcome text as the source wrote it: the portal writes `Success`/`Failure`/
 *   `Interrupted`, Log Analytics `SUCCESS`/`FAILURE`, diagnostic records `None` (read as empty) and
 *   Graph JSON nothing at all. The outcome itself is derived from the code, which is compared.
 * - `homeTenantName`: the portal CSV names the home tenant on every row, Graph JSON leaves the name empty for
 *   service principal and managed identity sign-ins, and the Log Analytics export has no name column. The
 *   tenant ids are compared, except where a source has none: Graph's v1.0 signIn (and so the Windows
 *   PowerShell export of Get-MgAuditLogSignIn) has no homeTenantId or resourceTenantId.
 */
type Comparable = Omit<SignIn, 'file' | 'line' | 'sourceStatus' | 'homeTenantName'>;

function comparable(signIns: readonly SignIn[]): Comparable[] {
  return signIns
    .map(({ file: _file, line: _line, sourceStatus: _status, homeTenantName: _name, ...rest }) => rest)
    .sort((a, b) => a.time.getTime() - b.time.getTime() || (a.requestId < b.requestId ? -1 : 1));
}

const SOURCES = {
  'portal CSV': ['equivalence/InteractiveSignIns_equivalence.csv', 'equivalence/ApplicationSignIns_equivalence.csv', 'equivalence/MSISignIns_equivalence.csv'],
  'portal JSON': [
    'equivalence/InteractiveSignIns_equivalence.json',
    'equivalence/ApplicationSignIns_equivalence.json',
    'equivalence/MSISignIns_equivalence.json',
  ],
  'diagnostic JSON Lines': ['equivalence/diagnostic_equivalence.jsonl'],
  'Log Analytics CSV': ['equivalence/LogAnalytics_equivalence.csv'],
  'Log Analytics REST API JSON': ['equivalence/LogAnalytics_equivalence.rest.json'],
  'az monitor log-analytics query JSON': ['equivalence/LogAnalytics_equivalence.az.json'],
  'PowerShell 7 JSON (Get-MgBetaAuditLogSignIn)': ['equivalence/powershell-beta_equivalence.json'],
  'Windows PowerShell JSON (Get-MgAuditLogSignIn, v1.0), with the portal CSVs of the service principals': [
    'equivalence/powershell-v1_equivalence.json',
    'equivalence/ApplicationSignIns_equivalence.csv',
    'equivalence/MSISignIns_equivalence.csv',
  ],
  'Log Analytics CSV, UTF-16 LE': ['transport/LogAnalytics_equivalence.utf16le.csv'],
  'Log Analytics CSV, UTF-16 BE': ['transport/LogAnalytics_equivalence.utf16be.csv'],
  'diagnostic JSON Lines, gzip': ['transport/diagnostic_equivalence.jsonl.gz'],
  'portal CSV, gzip': [
    'transport/InteractiveSignIns_equivalence.csv.gz',
    'equivalence/ApplicationSignIns_equivalence.csv',
    'equivalence/MSISignIns_equivalence.csv',
  ],
} as const;

const FORMATS: Readonly<Record<keyof typeof SOURCES, readonly string[]>> = {
  'portal CSV': ['portal-csv', 'portal-serviceprincipal-csv', 'portal-managedidentity-csv'],
  'portal JSON': ['portal-json', 'portal-json', 'portal-json'],
  'diagnostic JSON Lines': ['diagnostic-jsonl'],
  'Log Analytics CSV': ['log-analytics-csv'],
  'Log Analytics REST API JSON': ['log-analytics-json'],
  'az monitor log-analytics query JSON': ['log-analytics-json'],
  'PowerShell 7 JSON (Get-MgBetaAuditLogSignIn)': ['powershell-json'],
  'Windows PowerShell JSON (Get-MgAuditLogSignIn, v1.0), with the portal CSVs of the service principals': [
    'powershell-json',
    'portal-serviceprincipal-csv',
    'portal-managedidentity-csv',
  ],
  'Log Analytics CSV, UTF-16 LE': ['log-analytics-csv'],
  'Log Analytics CSV, UTF-16 BE': ['log-analytics-csv'],
  'diagnostic JSON Lines, gzip': ['diagnostic-jsonl'],
  'portal CSV, gzip': ['portal-csv', 'portal-serviceprincipal-csv', 'portal-managedidentity-csv'],
};

/** Sources without tenant ids for the sign-ins of one type (those of the others come from the portal CSVs). */
const WITHOUT_TENANTS: ReadonlySet<keyof typeof SOURCES> = new Set([
  'Windows PowerShell JSON (Get-MgAuditLogSignIn, v1.0), with the portal CSVs of the service principals',
]);

function withoutTenants(records: readonly Comparable[], type: Comparable['signInType']): Comparable[] {
  return records.map((record) => (record.signInType === type ? { ...record, homeTenantId: '', resourceTenantId: '' } : record));
}

async function read(name: keyof typeof SOURCES): Promise<{ records: Comparable[]; formats: string[]; rowsRead: number; rejected: number }> {
  const { result, signIns } = await ingestAll(SOURCES[name].map(fixture));
  return { records: comparable(signIns), formats: result.inputs.map((input) => input.format), rowsRead: result.rowsRead, rejected: result.rejected };
}

describe('the same sign-ins in every format normalize to the same records', async () => {
  const reference = await read('portal CSV');

  it('the reference (portal CSV downloads) holds all fifteen sign-ins, of every type', () => {
    expect(reference.records).toHaveLength(15);
    expect(reference.rejected).toBe(0);
    const types = reference.records.map((record) => record.signInType);
    expect(types.filter((type) => type === 'interactive')).toHaveLength(12);
    expect(types.filter((type) => type === 'serviceprincipal')).toHaveLength(2);
    expect(types.filter((type) => type === 'managedidentity')).toHaveLength(1);
    expect(reference.records.map((record) => record.errorCode)).toEqual([
      0, 50126, 50074, 50140, 0, 50140, 9999999, 0, 7000215, 0, 50055, 65001, 53003, 50053, 0,
    ]);
    // An MFA prompt, a "stay signed in?" prompt and the sign-in they lead to: one flow, one correlation id.
    const flow = reference.records.filter((record) => record.userPrincipalName === 'megan.bowen@contoso.example' && record.errorCode !== 53003);
    expect(flow.map((record) => record.errorCode)).toEqual([50074, 50140, 0]);
    expect(new Set(flow.map((record) => record.correlationId)).size).toBe(1);
    expect(new Set(flow.map((record) => record.requestId)).size).toBe(3);
    // Every sign-in names its home and resource tenant.
    expect(new Set(reference.records.flatMap((record) => [record.homeTenantId, record.resourceTenantId]))).toEqual(
      new Set(['5e2a7c1d-8b4f-4e36-a9d0-3c7f1b6e2d48']),
    );
  });

  it('the reference keeps the awkward values intact', () => {
    const byCode = (code: number) => reference.records.filter((record) => record.errorCode === code);
    // Commas and quotes in names and texts.
    const consent = byCode(65001)[0]!;
    expect(consent.userDisplayName).toBe('O\'Brien, Pat "PJ"');
    expect(consent.appName).toBe('Contoso HR, Payroll & "Benefits"');
    expect([consent.city, consent.state, consent.country]).toEqual(['Dublin', '', 'IE']);
    expect(byCode(9999999)[0]!.failureReason).toBe('Unexpected state "E_PENDING_TOKEN", request rejected, try again later.');
    // A no-break space survives in the details; only the country is known for one sign-in.
    expect(byCode(50126)[0]!.additionalDetails).toContain('credentials.\u00a0Some');
    expect([byCode(50055)[0]!.city, byCode(50055)[0]!.state, byCode(50055)[0]!.country]).toEqual(['', '', 'DE']);
    // Non-Latin text and IPv6.
    const phone = reference.records.find((record) => record.userPrincipalName === 'misaki.watanabe@contoso.example')!;
    expect(phone.userDisplayName).toBe('渡辺 美咲');
    expect(phone.ipAddress).toBe('2001:db8:1a02::10');
    // A success carries no failure reason, whatever placeholder the source writes for it.
    expect(byCode(0).map((record) => record.failureReason)).toEqual(['', '', '', '', '']);
    // The service principal is named as one, without a user.
    const secret = byCode(7000215)[0]!;
    expect(secret).toMatchObject({
      servicePrincipalName: 'Contoso Billing Sync',
      servicePrincipalId: 'a8c0e2f4-6b1d-4f3a-9c5e-7d9f1b3a5c70',
      userPrincipalName: '',
      userId: '',
      signInType: 'serviceprincipal',
      ipAddress: '2001:db8:85a3::8a2e:370:7334',
      deviceCompliant: null,
    });
  });

  for (const name of Object.keys(SOURCES) as Array<keyof typeof SOURCES>) {
    if (name === 'portal CSV') continue;
    it(`${name} gives the same records as the portal CSV`, async () => {
      const { records, formats, rowsRead, rejected } = await read(name);
      expect(formats).toEqual(FORMATS[name]);
      expect({ rowsRead, rejected }).toEqual({ rowsRead: 15, rejected: 0 });
      expect(records).toEqual(WITHOUT_TENANTS.has(name) ? withoutTenants(reference.records, 'interactive') : reference.records);
    });
  }

  it('reading the whole set at once counts each sign-in once and the copies as duplicates', async () => {
    const all = Object.values(SOURCES).flat();
    const unique = [...new Set(all)].map(fixture);
    const { result, signIns } = await ingestAll(unique);
    expect(result.signIns).toBe(15);
    expect(result.duplicates).toBe(result.rowsRead - 15);
    // The application (2 rows) and managed identity (1 row) CSVs serve three sets but are read once.
    expect(result.rowsRead).toBe(15 * Object.keys(SOURCES).length - 6);
    expect(comparable(signIns)).toEqual(reference.records);
  });

  it('a sign-in written to the second in one export and to the millisecond in another is one sign-in', async () => {
    // Log Analytics and diagnostic records give the fraction the portal leaves off: 08:15:03.138 is 08:15:03.
    const dir = tempDir();
    let fractions = 0;
    const withFraction = (name: string, pattern: RegExp, fraction: string): string => {
      const target = path.join(dir, path.basename(name));
      writeFileSync(
        target,
        readFileSync(fixture(name), 'utf8').replace(pattern, (_match, head: string, tail: string) => {
          fractions++;
          return `${head}${fraction}${tail}`;
        }),
      );
      return target;
    };
    const inputs = [
      fixture('equivalence/InteractiveSignIns_equivalence.csv'),
      withFraction('equivalence/LogAnalytics_equivalence.csv', /("\d+\/\d+\/\d{4}, \d+:\d\d:\d\d)\.000( [AP]M")/g, '.138'),
      withFraction('equivalence/diagnostic_equivalence.jsonl', /(T\d\d:\d\d:\d\d)\.0000000(Z)/g, '.7312345'),
    ];
    expect(fractions).toBeGreaterThanOrEqual(30);
    const { result } = await ingestAll(inputs);
    expect(result.signIns).toBe(15);
    expect(result.duplicates).toBe(result.rowsRead - 15);
  });
});
