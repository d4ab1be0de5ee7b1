// JSON exports (formats.md §2–4, §9): the portal JSON download, Graph response pages (beta and v1.0),
// collector files of concatenated arrays, Event Hub bodies, a single diagnostic record, JSON Lines of
// Graph objects and of diagnostic records, PowerShell ConvertTo-Json output, and Log Analytics query output.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withoutRowsKey } from '../src/ingest/read-json.js';
import type { SignIn } from '../src/model.js';
import { fixture, ingestAll, ingestError, tempDir } from './ingest.helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: Graph objects are read field by field, as the fixtures hold them
type GraphObject = Record<string, any>;

/** An independent reading of one Graph signIn object with JSON.parse and the documented field names. */
function expectedFromGraph(signIn: GraphObject, defaultType: SignIn['signInType'], file: string, line: number): Omit<SignIn, 'sourceStatus'> {
  const code = Number(signIn.status.errorCode);
  const eventType = String(signIn.signInEventTypes?.[0] ?? (signIn.isInteractive === false ? 'nonInteractiveUser' : 'interactiveUser'));
  const types: Record<string, SignIn['signInType']> = {
    interactiveUser: 'interactive',
    nonInteractiveUser: 'noninteractive',
    servicePrincipal: 'serviceprincipal',
    managedIdentity: 'managedidentity',
  };
  return {
    time: new Date(signIn.createdDateTime),
    requestId: signIn.id,
    correlationId: signIn.correlationId,
    userPrincipalName: signIn.userPrincipalName ?? '',
    userDisplayName: signIn.userDisplayName ?? '',
    userId: signIn.userId ?? '',
    servicePrincipalName: signIn.servicePrincipalName ?? '',
    servicePrincipalId: signIn.servicePrincipalId ?? '',
    appName: signIn.appDisplayName,
    appId: signIn.appId,
    resource: signIn.resourceDisplayName,
    ipAddress: signIn.ipAddress,
    city: signIn.location.city,
    state: signIn.location.state,
    country: signIn.location.countryOrRegion,
    clientApp: signIn.clientAppUsed ?? '',
    userAgent: signIn.userAgent ?? '',
    errorCode: code,
    failureReason: code === 0 ? '' : signIn.status.failureReason,
    additionalDetails: signIn.status.additionalDetails ?? '',
    conditionalAccessStatus: signIn.conditionalAccessStatus,
    signInType: types[eventType] ?? defaultType,
    deviceOs: signIn.deviceDetail?.operatingSystem ?? '',
    deviceBrowser: signIn.deviceDetail?.browser ?? '',
    deviceCompliant: signIn.deviceDetail?.isCompliant ?? null,
    deviceManaged: signIn.deviceDetail?.isManaged ?? null,
    authenticationRequirement: signIn.authenticationRequirement ?? '',
    homeTenantId: signIn.homeTenantId ?? '',
    homeTenantName: signIn.homeTenantName ?? '',
    resourceTenantId: signIn.resourceTenantId ?? '',
    file,
    line,
  };
}

const withoutStatus = (signIns: readonly SignIn[]) => signIns.map(({ sourceStatus: _status, ...rest }) => rest);

describe('the portal JSON download', () => {
  const path = fixture('equivalence/InteractiveSignIns_equivalence.json');

  it('is a bare minified array of 75-key beta objects whose key order is not stable', () => {
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('[{"id":')).toBe(true);
    expect(text.includes('\n')).toBe(false);
    const objects = JSON.parse(text) as Array<Record<string, unknown>>;
    expect(objects.every((object) => Object.keys(object).length === 75)).toBe(true);
    const keys = Object.keys(objects[4]!);
    expect(keys.indexOf('mfaDetail')).toBe(keys.indexOf('location') + 1);
  });

  it('normalizes every object as JSON.parse and the documented fields say', async () => {
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs).toMatchObject([{ path, format: 'portal-json', rowsRead: 12, signIns: 12, rejected: 0, duplicates: 0, filteredOut: 0 }]);
    const objects = JSON.parse(readFileSync(path, 'utf8')) as Array<GraphObject>;
    // One line holds the whole array, so every record is on line 1.
    expect(withoutStatus(signIns)).toEqual(objects.map((object) => expectedFromGraph(object, 'interactive', path, 1)));
    expect(signIns.every((s) => s.sourceStatus === '')).toBe(true);
  });
});

describe('Graph responses and collector files', () => {
  it('a beta page: @odata envelope, next link, repeated keys, event types per record', async () => {
    const path = fixture('formats/graph-beta-signins-page.json');
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs[0]).toMatchObject({ format: 'graph-json', rowsRead: 3, signIns: 3, rejected: 0 });
    const page = JSON.parse(readFileSync(path, 'utf8')) as { value: Array<GraphObject> };
    const lines = [5, 147, 287];
    expect(withoutStatus(signIns)).toEqual(page.value.map((object, index) => expectedFromGraph(object, 'interactive', path, lines[index]!)));
    expect(signIns.map((s) => s.signInType)).toEqual(['interactive', 'noninteractive', 'interactive']);
    // Its next link was not followed: the sign-ins after it are missing, and a warning says so.
    expect(result.warnings.map((item) => item.code)).toEqual(['MORE_PAGES']);
  });

  it('pages saved one after another warn only when the last still links to a next one', async () => {
    const page = (id: string, next: boolean): string =>
      JSON.stringify({
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns',
        ...(next ? { '@odata.nextLink': `https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=${id}` } : {}),
        value: [{ id, createdDateTime: '2026-11-14T10:10:10Z', userPrincipalName: 'a@contoso.example', status: { errorCode: 0 } }],
      });
    const dir = tempDir();
    const whole = join(dir, 'whole.json');
    writeFileSync(whole, `${page('a', true)}\n${page('b', false)}\n`);
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, `${page('a', true)}\n${page('b', true)}\n`);
    expect((await ingestAll([whole])).result).toMatchObject({ signIns: 2, warnings: [] });
    const { result } = await ingestAll([cut]);
    expect(result.signIns).toBe(2);
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'MORE_PAGES', file: cut })]);
  });

  it('a v1.0 last page: no event types, so isInteractive tells the type', async () => {
    const path = fixture('formats/graph-v1-signins-last-page.json');
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs[0]).toMatchObject({ format: 'graph-json', rowsRead: 2, signIns: 2 });
    expect(signIns.map((s) => [s.line, s.time.toISOString(), s.errorCode, s.signInType, s.userPrincipalName, s.city])).toEqual([
      [1, '2026-11-14T10:10:10.000Z', 0, 'interactive', 'debra.berger@contoso.example', 'Seattle'],
      [1, '2026-11-14T10:09:00.000Z', 50140, 'interactive', 'debra.berger@contoso.example', 'Seattle'],
    ]);
  });

  it('pages appended as separate pretty-printed arrays (UTF-8 BOM, CRLF)', async () => {
    const path = fixture('formats/collector-concatenated-arrays.json');
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('\uFEFF[')).toBe(true);
    expect(() => JSON.parse(text.slice(1))).toThrow();
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs[0]).toMatchObject({ format: 'portal-json', rowsRead: 3, signIns: 3, rejected: 0 });
    expect(signIns.map((s) => [s.line, s.errorCode, s.userPrincipalName, s.appName])).toEqual([
      [2, 0, 'lynne.robbins@contoso.example', 'Microsoft Teams'],
      [124, 50074, 'lynne.robbins@contoso.example', 'Microsoft Teams'],
      [248, 65001, 'christie.cline@contoso.example', 'Contoso Expenses (SAML)'],
    ]);
  });

  it('Graph objects one per line (a per-day JSON Lines file)', async () => {
    const path = fixture('formats/graph-signins-2026-11-13.jsonl');
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs[0]).toMatchObject({ format: 'graph-jsonl', rowsRead: 3, signIns: 3 });
    const objects = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as GraphObject);
    expect(withoutStatus(signIns)).toEqual(objects.map((object, index) => expectedFromGraph(object, 'interactive', path, index + 1)));
  });

  it('PowerShell ConvertTo-Json output with PascalCase keys', async () => {
    const dir = tempDir();
    const path = join(dir, 'signins.json');
    writeFileSync(
      path,
      JSON.stringify(
        [
          {
            CreatedDateTime: '2026-11-14T07:00:00Z',
            Id: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
            UserPrincipalName: 'lee.gu@contoso.example',
            AppDisplayName: 'Azure Portal',
            IPAddress: '203.0.113.19',
            Status: { ErrorCode: 50126, FailureReason: 'Error validating credentials due to invalid username or password.', AdditionalDetails: null },
            Location: { City: 'Redmond', State: 'Washington', CountryOrRegion: 'US' },
          },
        ],
        null,
        4,
      ),
    );
    const { signIns } = await ingestAll([path]);
    expect(signIns).toHaveLength(1);
    expect(signIns[0]).toMatchObject({
      time: new Date('2026-11-14T07:00:00Z'),
      requestId: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
      userPrincipalName: 'lee.gu@contoso.example',
      appName: 'Azure Portal',
      ipAddress: '203.0.113.19',
      errorCode: 50126,
      city: 'Redmond',
      country: 'US',
      line: 2,
    });
  });
});

describe('Microsoft Graph PowerShell piped to ConvertTo-Json', () => {
  it('PowerShell 7, Get-MgBetaAuditLogSignIn: PascalCase objects, read as powershell-json (not portal-json)', async () => {
    const path = fixture('equivalence/powershell-beta_equivalence.json');
    const objects = JSON.parse(readFileSync(path, 'utf8')) as GraphObject[];
    expect(objects[0]).toHaveProperty('Status.ErrorCode', 0);
    expect(objects[0]).toHaveProperty('AdditionalProperties', {});
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs[0]).toMatchObject({ format: 'powershell-json', rowsRead: 15, signIns: 15, rejected: 0 });
    expect(signIns.map((s) => s.errorCode)).toEqual(objects.map((object) => object['Status'].ErrorCode));
  });

  it('Windows PowerShell, Get-MgAuditLogSignIn: UTF-16, \\/Date(ms)\\/ times, what the v1.0 model lacks in AdditionalProperties', async () => {
    const path = fixture('equivalence/powershell-v1_equivalence.json');
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const text = bytes.toString('utf16le');
    expect(text).toContain('"CreatedDateTime":  "\\/Date(1794471303000)\\/"');
    const objects = JSON.parse(text.slice(1)) as GraphObject[];
    expect(objects[0]!['AdditionalProperties'].authenticationRequirement).toBe('multiFactorAuthentication');
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs[0]).toMatchObject({ format: 'powershell-json', rowsRead: 12, signIns: 12, rejected: 0 });
    expect(signIns[0]).toMatchObject({
      time: new Date(1794471303000),
      authenticationRequirement: 'multiFactorAuthentication',
      userAgent: objects[0]!['AdditionalProperties'].userAgent,
      signInType: 'interactive',
    });
  });

  it('an export whose Status became a .NET type name (ConvertTo-Json past its -Depth) is refused, with how to export again', async () => {
    const path = fixture('bad/powershell-depth-lost.json');
    const error = await ingestError([path]);
    expect(error).toMatchObject({ code: 'INPUT_LOST_CODES', file: path });
    expect(error.message).toContain('Microsoft.Graph.PowerShell.Models.MicrosoftGraphSignInStatus');
    expect(error.hint).toContain('ConvertTo-Json -Depth 5');
  });
});

describe('diagnostic-settings records', () => {
  it('JSON Lines: string resultType, offset times with seven digits, category per line', async () => {
    const path = fixture('equivalence/diagnostic_equivalence.jsonl');
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs[0]).toMatchObject({ format: 'diagnostic-jsonl', rowsRead: 15, signIns: 15, rejected: 0 });
    const records = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as GraphObject);
    expect(records[0]!.resultType).toBe('0');
    expect(records[0]!.properties.createdDateTime).toBe('2026-11-12T08:15:03.0000000+00:00');
    expect(signIns.map((s) => s.line)).toEqual(records.map((_, index) => index + 1));
    expect(signIns.map((s) => s.signInType)).toEqual(
      records.map(
        (record) =>
          ({ SignInLogs: 'interactive', ServicePrincipalSignInLogs: 'serviceprincipal', ManagedIdentitySignInLogs: 'managedidentity' })[
            record.category as string
          ],
      ),
    );
    expect(signIns.map((s) => s.errorCode)).toEqual(records.map((record) => Number(record.resultType)));
    // Service principal records carry neither user nor device properties.
    expect(signIns[6]).toMatchObject({
      servicePrincipalName: 'Contoso Billing Sync',
      userPrincipalName: '',
      userDisplayName: '',
      deviceCompliant: null,
      clientApp: '',
      errorCode: 7000215,
    });
  });

  it('an Event Hub body {"records": [...]}', async () => {
    const path = fixture('formats/eventhub-records.json');
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs[0]).toMatchObject({ format: 'diagnostic-json', rowsRead: 3, signIns: 3, rejected: 0 });
    expect(signIns.map((s) => [s.time.toISOString(), s.signInType, s.errorCode, s.userPrincipalName])).toEqual([
      ['2026-11-14T07:00:00.000Z', 'interactive', 0, 'allan.deyoung@contoso.example'],
      ['2026-11-14T07:01:00.000Z', 'noninteractive', 0, 'allan.deyoung@contoso.example'],
      ['2026-11-14T07:02:00.000Z', 'interactive', 50126, 'isaiah.langer@contoso.example'],
    ]);
  });

  it('a single pretty-printed record', async () => {
    const path = fixture('formats/diagnostic-single-record.json');
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs[0]).toMatchObject({ format: 'diagnostic-json', rowsRead: 1, signIns: 1 });
    expect(signIns[0]).toMatchObject({
      line: 1,
      time: new Date('2026-11-14T06:06:06Z'),
      errorCode: 50076,
      userPrincipalName: 'cameron.white@contoso.example',
      city: 'Munich',
      state: 'Bavaria',
      country: 'DE',
      conditionalAccessStatus: 'success',
      failureReason: expect.stringContaining("access '{resource}'"),
    });
  });

  it('an unreadable properties.createdDateTime (as in a real Event Hub capture) is read from the record time, with a warning', async () => {
    const path = fixture('formats/eventhub-unreadable-createdDateTime.json');
    const { result, signIns } = await ingestAll([path]);
    expect(readFileSync(path, 'utf8')).toContain('"createdDateTime":"2026-11-14T07: 01: 00.0000000+00: 00"');
    expect(result).toMatchObject({ rowsRead: 3, signIns: 3, rejected: 0 });
    expect(signIns.map((s) => s.time.toISOString())).toEqual(['2026-11-14T07:00:00.000Z', '2026-11-14T07:01:00.000Z', '2026-11-14T07:02:00.000Z']);
    expect(result.warnings).toEqual([
      {
        code: 'TIME_FALLBACK',
        message: '1 sign-in had an unreadable time (the first: "2026-11-14T07: 01: 00.0000000+00: 00"); its other time was used',
        file: path,
        line: 1,
      },
    ]);
  });

  it('records without properties fall back to the top-level time, resultType, caller IP and location', async () => {
    const dir = tempDir();
    const path = join(dir, 'PT1H.json');
    const lines = [
      {
        time: '11/14/2026 1:48:53 AM',
        category: 'SignInLogs',
        resultType: '50126',
        resultDescription: 'Error validating credentials due to invalid username or password.',
        callerIpAddress: '198.51.100.9',
        correlationId: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
        identity: 'Alex  Wilber',
        location: 'NL',
        Level: '4',
        durationMs: '0',
      },
      {
        time: '2026-11-14T01:49:00.6816663Z',
        category: 'NonInteractiveUserSignInLogs',
        resultType: '0',
        level: 'Informational',
        location: 'NL',
        properties: { id: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9', createdDateTime: '2026-11-13T20:49:00.6816663-05:00', status: { errorCode: 0 } },
      },
    ];
    writeFileSync(path, lines.map((line) => JSON.stringify(line)).join('\n'));
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs[0]).toMatchObject({ format: 'diagnostic-jsonl', rowsRead: 2, signIns: 2, rejected: 0 });
    expect(signIns[0]).toMatchObject({
      time: new Date('2026-11-14T01:48:53Z'),
      errorCode: 50126,
      ipAddress: '198.51.100.9',
      country: 'NL',
      userDisplayName: 'Alex  Wilber',
      correlationId: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
      failureReason: 'Error validating credentials due to invalid username or password.',
      signInType: 'interactive',
    });
    // createdDateTime wins over time, through its -05:00 offset.
    expect(signIns[1]).toMatchObject({
      time: new Date('2026-11-14T01:49:00.681Z'),
      errorCode: 0,
      signInType: 'noninteractive',
      requestId: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
    });
  });
});

describe('the head of a Log Analytics table', () => {
  it('loses its rows key as /,?\\s*"rows"\\s*:\\s*$/ takes it off, whatever the text', () => {
    const piece = fc.constantFrom('{"name":"x"', ',', ' ', '\n', '\u00a0', '\ufeff', '"rows"', '"Rows"', ':', '"', 'rows', '[]', 'x', '  ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const head = pieces.join('');
        expect(withoutRowsKey(head)).toBe(head.replace(/,?\s*"rows"\s*:\s*$/, ''));
      }),
      { numRuns: 3000 },
    );
  });

  // The expression tried every blank of the run: the square of its length, a minute for these 200,000.
  it('takes 200,000 blanks in one pass', () => {
    const head = `{"name":"x","columns":[]${' '.repeat(200_000)}x`;
    expect(withoutRowsKey(head)).toBe(head);
    expect(withoutRowsKey(`{"columns":[] ,${' '.repeat(200_000)}"rows" :`)).toBe('{"columns":[] ');
  });
});

describe('Log Analytics query output', () => {
  it('the REST API response: rows read by their table’s columns, dynamic columns as JSON text', async () => {
    const path = fixture('equivalence/LogAnalytics_equivalence.rest.json');
    const response = JSON.parse(readFileSync(path, 'utf8')) as { tables: { columns: { name: string; type: string }[]; rows: unknown[][] }[] };
    const { columns, rows } = response.tables[0]!;
    expect(columns.find((column) => column.name === 'Status')!.type).toBe('dynamic');
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs).toMatchObject([{ path, format: 'log-analytics-json', rowsRead: 15, signIns: 15, rejected: 0, duplicates: 0, filteredOut: 0 }]);
    const at = (name: string) => columns.findIndex((column) => column.name === name);
    expect(signIns.map((s) => [s.time.toISOString(), s.errorCode, s.requestId])).toEqual(
      rows.map((row) => [new Date(row[at('CreatedDateTime')] as string).toISOString(), Number(row[at('ResultType')]), row[at('Id')]]),
    );
  });

  it('az monitor log-analytics query: row objects of text, "None" for nothing, read as the same format (not portal-json)', async () => {
    const path = fixture('equivalence/LogAnalytics_equivalence.az.json');
    const rows = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>[];
    expect(rows[0]!['TableName']).toBe('PrimaryResult');
    expect(rows.some((row) => row['DeviceDetail'] === 'None')).toBe(true);
    const { result } = await ingestAll([path]);
    expect(result.inputs[0]).toMatchObject({ format: 'log-analytics-json', rowsRead: 15, signIns: 15, rejected: 0 });
  });

  it('rejects a row holding a value nested too deeply to be written as text, and reads the others', async () => {
    const dir = tempDir();
    const path = join(dir, 'rows.jsonl');
    const [first, second] = readFileSync(fixture('kql/SigninLogs_sample.jsonl'), 'utf8').split('\n');
    // JSON.parse takes 100,000 levels; JSON.stringify of them, as a dynamic column's text, overflows the stack.
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    writeFileSync(path, `${first!.replace('"Status":{', `"Deep":${deep},"Status":{`)}\n${second}\n`);
    const { result, signIns } = await ingestAll([path]);
    expect(result.inputs[0]).toMatchObject({ rowsRead: 2, signIns: 1, rejected: 1 });
    expect(signIns[0]!.line).toBe(2);
  });

  it('a response of several tables, with keys besides its tables, reads each table with its own columns', async () => {
    const dir = tempDir();
    const path = join(dir, 'query.json');
    const response = JSON.parse(readFileSync(fixture('equivalence/LogAnalytics_equivalence.rest.json'), 'utf8')) as {
      tables: { name: string; columns: { name: string }[]; rows: unknown[][] }[];
    };
    const [table] = response.tables;
    // The second table lists the same columns in reverse order, and holds the last three rows.
    const reversed = { name: 'Second', columns: [...table!.columns].reverse(), rows: table!.rows.slice(12).map((row) => [...row].reverse()) };
    const first = { ...table!, rows: table!.rows.slice(0, 12) };
    writeFileSync(path, JSON.stringify({ statistics: { query: { executionTime: 0.2 } }, tables: [first, reversed], render: {} }, null, 2));
    const both = await ingestAll([path]);
    const whole = await ingestAll([fixture('equivalence/LogAnalytics_equivalence.rest.json')]);
    expect(both.result.inputs[0]).toMatchObject({ format: 'log-analytics-json', rowsRead: 15, signIns: 15, rejected: 0 });
    const strip = (signIns: readonly SignIn[]) => signIns.map(({ file: _file, line: _line, ...rest }) => rest);
    expect(strip(both.signIns)).toEqual(strip(whole.signIns));
  });
});
