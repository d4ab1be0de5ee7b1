// CSV exports that are not portal downloads: Log Analytics / Sentinel (JSON cells, multi-line cells,
// US times with a comma, the `_dynamic`/`_string` variant), PowerShell Export-Csv (flattened,
// culture-dependent dates, the unflattened export that lost its codes), and any CSV read with --map.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFieldMap } from '../src/config/report.js';
import { fixture, ingestAll, ingestError, tempDir } from './ingest.helpers.js';

describe('Log Analytics CSV', () => {
  it('reads the union export: JSON cells, pretty-printed cells over many lines, the table per row', async () => {
    const path = fixture('equivalence/LogAnalytics_equivalence.csv');
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs).toMatchObject([{ path, format: 'log-analytics-csv', rowsRead: 15, signIns: 15, rejected: 0, duplicates: 0, filteredOut: 0 }]);
    // Rows with Conditional Access policies or a pretty-printed location run over several lines.
    expect(signIns.map((s) => s.line)).toEqual([2, 15, 16, 29, 38, 39, 40, 41, 42, 43, 44, 57, 58, 59, 72]);
    expect(signIns.map((s) => s.signInType)).toEqual([
      ...Array(5).fill('interactive'),
      'serviceprincipal',
      'serviceprincipal',
      ...Array(4).fill('interactive'),
      'interactive',
      'managedidentity',
      'interactive',
      'interactive',
    ]);
    expect(signIns.map((s) => s.sourceStatus)).toEqual(signIns.map((s) => (s.errorCode === 0 ? 'SUCCESS' : 'FAILURE')));
  });

  it('takes the sign-in time from CreatedDateTime, not from TimeGenerated (when the workspace got it)', async () => {
    const { signIns } = await ingestAll([fixture('equivalence/LogAnalytics_equivalence.csv')]);
    // TimeGenerated of this row is "11/12/2026, 8:15:38.774 AM", CreatedDateTime "11/12/2026, 8:15:03.000 AM".
    expect(signIns[0]!.time.toISOString()).toBe('2026-11-12T08:15:03.000Z');
    expect(signIns.find((s) => s.errorCode === 65001)!.time.toISOString()).toBe('2026-11-12T14:22:51.000Z');
  });

  it('reads TimeGenerated when CreatedDateTime is unreadable, and counts those rows in one warning', async () => {
    const dir = tempDir();
    const path = join(dir, 'SigninLogs.csv');
    const text = readFileSync(fixture('equivalence/LogAnalytics_equivalence.csv'), 'utf8');
    // Damage CreatedDateTime of the first two sign-ins: "11/12/2026, 8:15:03.000 AM" → "11/12/2026, 8: 15: 03 AM".
    const damaged = text.replace('"11/12/2026, 8:15:03.000 AM"', '"11/12/2026, 8: 15: 03 AM"').replace('"11/12/2026, 8:20:41.000 AM"', '"yesterday"');
    expect(damaged).not.toBe(text);
    writeFileSync(path, damaged);
    const { result, signIns } = await ingestAll([path]);
    expect(result).toMatchObject({ rowsRead: 15, signIns: 15, rejected: 0 });
    // TimeGenerated of the first row: when the workspace received it, 35 seconds later.
    expect(signIns[0]!.time.toISOString()).toBe('2026-11-12T08:15:38.774Z');
    expect(result.warnings).toEqual([
      expect.objectContaining({ code: 'TIME_FALLBACK', file: path, line: 2, message: expect.stringMatching(/^2 sign-ins had/) }),
    ]);
  });

  it('reads status, location and device out of their JSON cells', async () => {
    const { signIns } = await ingestAll([fixture('equivalence/LogAnalytics_equivalence.csv')]);
    expect(signIns[3]).toMatchObject({
      line: 29,
      errorCode: 50140,
      failureReason: "This error occurred due to 'Keep me signed in' interrupt when the user was signing-in.",
      additionalDetails: 'This is an expected part of the sign-in flow, where a user is asked if they want to stay signed in.',
      // This row's LocationDetails cell is pretty-printed over nine lines.
      city: 'London',
      state: 'England',
      country: 'GB',
      deviceOs: 'Windows 10',
      deviceBrowser: 'Edge 142.0.3595',
      deviceCompliant: true,
      deviceManaged: true,
      userAgent: expect.stringContaining('(KHTML, like Gecko)'),
    });
    expect(signIns[5]).toMatchObject({
      servicePrincipalName: 'Contoso Billing Sync',
      userDisplayName: '',
      deviceCompliant: null,
      clientApp: '',
      ipAddress: '2001:db8:85a3::8a2e:370:7334',
    });
  });

  it('takes the country from LocationDetails with its city, when the Location column says another', async () => {
    const text = readFileSync(fixture('equivalence/LogAnalytics_equivalence.csv'), 'utf8');
    // One row's Location cell (GB, like its LocationDetails) becomes US.
    const changed = text.replace(',GB,', ',US,');
    expect(changed).not.toBe(text);
    const file = join(tempDir(), 'LogAnalytics_location.csv');
    writeFileSync(file, changed);
    const [original, disagreeing] = await Promise.all([ingestAll([fixture('equivalence/LogAnalytics_equivalence.csv')]), ingestAll([file])]);
    expect(original.signIns.some((signIn) => signIn.country === 'GB')).toBe(true);
    expect(disagreeing.signIns.map((signIn) => [signIn.city, signIn.country])).toEqual(original.signIns.map((signIn) => [signIn.city, signIn.country]));
  });

  it('reads the variant without TimeGenerated, with `_dynamic`/`_string` pairs and ResultSignature None', async () => {
    const path = fixture('formats/LogAnalytics_SigninLogs_dynamic-string.csv');
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs[0]).toMatchObject({ format: 'log-analytics-csv', rowsRead: 3, signIns: 3, rejected: 0 });
    expect(signIns.map((s) => [s.line, s.time.toISOString(), s.errorCode, s.sourceStatus, s.failureReason, s.city, s.deviceOs])).toEqual([
      [2, '2026-11-10T13:14:15.250Z', 0, '', '', 'Amsterdam', 'Windows 10'],
      [15, '2026-11-10T13:20:00.999Z', 16000, '', 'Other', 'Amsterdam', 'Windows 10'],
      [16, '2026-11-10T21:05:09.001Z', 50058, '', 'Session information is not sufficient for single-sign-on.', 'London', 'Windows 10'],
    ]);
  });
});

describe('PowerShell Export-Csv', () => {
  it('a flattened en-AU export: #TYPE line, all quoted, CRLF, day-first dates settled by 15/11', async () => {
    const path = fixture('formats/powershell-flattened-en-AU.csv');
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs[0]).toMatchObject({ format: 'powershell-csv', rowsRead: 6, signIns: 6, rejected: 0 });
    expect(result.warnings).toEqual([]);
    const byLine = [...signIns].sort((a, b) => a.line - b.line);
    // Line numbers count the #TYPE line.
    expect(byLine.map((s) => [s.line, s.time.toISOString(), s.errorCode, s.userPrincipalName, s.signInType])).toEqual([
      [3, '2025-11-03T07:22:01.000Z', 0, 'pradeep.gupta@contoso.example', 'interactive'],
      [4, '2025-11-05T23:02:13.000Z', 50126, 'raul.razo@contoso.example', 'interactive'],
      [5, '2025-11-15T03:55:59.000Z', 50074, 'pradeep.gupta@contoso.example', 'interactive'],
      [6, '2025-11-28T21:00:00.000Z', 0, 'raul.razo@contoso.example', 'noninteractive'],
      [7, '2025-12-02T00:00:00.000Z', 50140, 'pradeep.gupta@contoso.example', 'interactive'],
      [8, '2025-12-12T12:30:45.000Z', 53003, 'raul.razo@contoso.example', 'interactive'],
    ]);
    // Lines 3 and 4 could be read either way, so they wait until line 5 settles the order.
    expect(signIns.map((s) => s.line)).toEqual([5, 3, 4, 6, 7, 8]);
    expect(byLine[1]).toMatchObject({
      appName: 'Office 365 Exchange Online',
      ipAddress: '198.51.100.66',
      clientApp: 'IMAP4',
      city: 'Sao Paulo',
      state: 'Sao Paulo',
      country: 'BR',
      failureReason: 'Error validating credentials due to invalid username or password.',
    });
    expect(byLine[0]).toMatchObject({
      failureReason: '',
      conditionalAccessStatus: 'notApplied',
      appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
      userDisplayName: 'Pradeep Gupta',
    });
    expect(byLine[5]).toMatchObject({ city: '', state: '', country: 'AU', conditionalAccessStatus: 'failure' });
  });

  it('an export whose dates never tell day from month: read month-first, with a warning', async () => {
    const path = fixture('formats/powershell-ambiguous-dates.csv');
    const { result, signIns, stderr } = await ingestAll([path], { quiet: false });
    expect(result.inputs[0]).toMatchObject({ format: 'powershell-csv', rowsRead: 4, signIns: 4 });
    expect(result.warnings).toEqual([{ code: 'DATE_ORDER_ASSUMED', message: expect.stringContaining('--date-order dmy'), file: path, line: null }]);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]!.startsWith(`signin-analyzer: ${path}: warning: `)).toBe(true);
    expect(signIns.map((s) => s.time.toISOString())).toEqual([
      '2025-03-11T07:22:01.000Z',
      '2025-04-11T09:15:00.000Z',
      '2025-10-11T13:45:30.000Z',
      '2025-12-11T23:59:59.000Z',
    ]);
    // The code comes from a numeric Status column.
    expect(signIns.map((s) => s.errorCode)).toEqual([0, 0, 50126, 50053]);
  });

  it('the same export with --date-order dmy: read day-first, no warning', async () => {
    const { result, signIns } = await ingestAll([fixture('formats/powershell-ambiguous-dates.csv')], { dateOrder: 'dmy' });
    expect(result.warnings).toEqual([]);
    expect(signIns.map((s) => s.time.toISOString())).toEqual([
      '2025-11-03T07:22:01.000Z',
      '2025-11-04T09:15:00.000Z',
      '2025-11-10T13:45:30.000Z',
      '2025-11-12T23:59:59.000Z',
    ]);
  });

  it('an unflattened export (Status holds a .NET type name) is refused with how to re-export', async () => {
    const path = fixture('formats/powershell-unflattened.csv');
    const error = await ingestError([path]);
    expect(error.code).toBe('INPUT_LOST_CODES');
    expect(error.file).toBe(path);
    expect(error.line).toBe(3);
    expect(error.message).toContain('Microsoft.Graph.PowerShell.Models.MicrosoftGraphSignInStatus');
    expect(error.hint).toContain('Export-Csv');
    expect(error.hint).toContain('$_.Status.ErrorCode');
  });
});

describe('any CSV through --map', () => {
  const GRAPH_DERIVED = 'formats/graph-derived-signins.csv';
  const MAP =
    'time=signInDateTime,code=statusCode,user=userId,requestId=id,app=appDisplayName,appId=appId,city=locationCity,country=locationCountry,ip=ipAddress,browser=browser,os=operatingSystem,reason=statusMessage';

  it('without a map, a Graph-derived CSV is an unknown format, named at line 1', async () => {
    const path = fixture(GRAPH_DERIVED);
    const error = await ingestError([path]);
    expect(error).toMatchObject({ code: 'INPUT_UNKNOWN_FORMAT', file: path, line: 1 });
    expect(error.hint).toContain('--map');
  });

  it('with a map, every mapped column is read', async () => {
    const path = fixture(GRAPH_DERIVED);
    const { result, signIns } = await ingestAll([path], { fieldMap: parseFieldMap(MAP) });
    expect(result.inputs[0]).toMatchObject({ format: 'mapped-csv', rowsRead: 4, signIns: 4, rejected: 0 });
    expect(signIns[1]).toEqual({
      time: new Date('2026-11-14T04:40:02Z'),
      requestId: '2e8b4d6f-0a1c-4f37-b5e9-d3a7c1f5b082',
      correlationId: '',
      // The file has no UPN; the user id stands in for it.
      userPrincipalName: '3d84fa85-d68c-4a38-b87b-422126b7dea2',
      userDisplayName: '',
      userId: '',
      servicePrincipalName: '',
      servicePrincipalId: '',
      appName: 'Contoso Field App',
      appId: '5b9d1f3a-7c2e-4a68-b0d4-e6f8a2c4b917',
      resource: '',
      ipAddress: '2001:db8:1a08::3c',
      city: '',
      state: '',
      country: 'US',
      clientApp: '',
      userAgent: '',
      sourceStatus: '',
      errorCode: 50076,
      failureReason:
        "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '{resource}'.",
      additionalDetails: '',
      conditionalAccessStatus: '',
      signInType: 'interactive',
      deviceOs: 'Android',
      deviceBrowser: 'Chrome Mobile 141.0.7390',
      deviceCompliant: null,
      deviceManaged: null,
      authenticationRequirement: '',
      homeTenantId: '',
      homeTenantName: '',
      resourceTenantId: '',
      file: path,
      line: 3,
    });
    expect(signIns.map((s) => [s.errorCode, s.failureReason])).toEqual([
      [0, ''],
      [50076, expect.stringContaining("'{resource}'")],
      [700003, "Device object was not found in the tenant '{tenantName}' directory."],
      [50140, "This occurred due to 'Keep me signed in' interrupt when the user was signing in."],
    ]);
  });

  it('a map naming a column the file lacks is an error that names the column', async () => {
    const error = await ingestError([fixture(GRAPH_DERIVED)], { fieldMap: parseFieldMap('time=signInDateTime,code=errorCode') });
    expect(error).toMatchObject({ code: 'INPUT_UNKNOWN_FORMAT', line: 1 });
    expect(error.message).toContain('errorCode');
  });

  it('a map on a recognised export falls back to the export’s own columns', async () => {
    const { result } = await ingestAll([fixture('formats/InteractiveSignIns_tab.tsv')], { fieldMap: parseFieldMap('time=signInDateTime,code=statusCode') });
    expect(result.inputs[0]).toMatchObject({ format: 'portal-csv', signIns: 2 });
  });

  it('parseFieldMap rejects unknown fields, empty columns, repeats, and maps without time and code', () => {
    expect(() => parseFieldMap('time=a,code=b,colour=c')).toThrow(/unknown field "colour"/);
    expect(() => parseFieldMap('time=a,code=')).toThrow(/names no column/);
    expect(() => parseFieldMap('time=a,code=b,time=c')).toThrow(/mapped twice/);
    expect(() => parseFieldMap('time=a,user=b')).toThrow(/time and code/);
    expect([...parseFieldMap(' time = Signed in at , code=Code ,')]).toEqual([
      ['time', 'Signed in at'],
      ['code', 'Code'],
    ]);
  });
});
