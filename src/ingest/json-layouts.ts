// Owns the JSON record kinds, one rule each: a Microsoft Graph signIn object (portal JSON download, Graph
// responses, collector output, PowerShell ConvertTo-Json), an Azure Monitor diagnostic-settings record whose
// `properties` hold the signIn, a Microsoft 365 unified audit log record (audit-log.ts), or a row of Log
// Analytics query output (read with the columns of its CSV export, csv-layouts.ts). mapJsonRecord returns RawFields, a record of another kind, or why the record is
// nothing it knows.

import type { SignInType } from '../model.js';
import { isAuditRecord, mapAuditRecord } from './audit-log.js';
import { logAnalyticsLayout, mapRow, type CsvLayout } from './csv-layouts.js';
import { codeText, emptyRawFields, fieldText as text, type RawFields } from './fields.js';
import { readSignInType } from './normalize.js';

const JSON_RECORD_KINDS = ['graph', 'diagnostic', 'audit', 'logAnalytics', 'powershell'] as const;
export type JsonRecordKind = (typeof JSON_RECORD_KINDS)[number];

/**
 * A sign-in; a record of a known source that is of another kind (counted as filtered out, not rejected);
 * or something no rule knows (rejected).
 */
export type JsonMapping =
  | { readonly kind: 'signIn'; readonly recordKind: JsonRecordKind; readonly raw: RawFields }
  | { readonly kind: 'otherKind'; readonly recordKind: JsonRecordKind; readonly message: string }
  | { readonly kind: 'notSignIn'; readonly message: string }
  /** A PowerShell export whose status became a .NET type name: every error code of the file is lost. */
  | { readonly kind: 'lostCodes'; readonly typeName: string };

type JsonObject = Record<string, unknown>;

/** Diagnostic categories that hold sign-ins; others (AuditLogs, RiskyUsers, ...) are not ours. */
const SIGN_IN_CATEGORIES: ReadonlyMap<string, SignInType> = new Map([
  ['signinlogs', 'interactive'],
  ['noninteractiveusersigninlogs', 'noninteractive'],
  ['serviceprincipalsigninlogs', 'serviceprincipal'],
  ['microsoftserviceprincipalsigninlogs', 'serviceprincipal'],
  ['managedidentitysigninlogs', 'managedidentity'],
  ['adfssigninlogs', 'interactive'],
]);

/**
 * One kind of JSON sign-in record: how to tell it and how to read it. mapJsonRecord takes the first rule that
 * matches: adding a JSON source is adding a rule here (and, when it comes in its own container, its format in
 * formats.ts and detect.ts).
 */
interface JsonRecordRule {
  readonly matches: (record: JsonObject) => boolean;
  /** `source`: the record's JSON text, when the reader has it (see mapJsonRecord). */
  readonly read: (record: JsonObject, source: string | undefined) => JsonMapping;
}

const JSON_RECORD_RULES: readonly JsonRecordRule[] = [
  // Azure Monitor diagnostic settings: a category, with the signIn in `properties`.
  {
    matches: (record) => typeof record['category'] === 'string' && ('properties' in record || 'resultType' in record || 'time' in record),
    read: mapDiagnostic,
  },
  // A Microsoft 365 unified audit log record: its Entra sign-ins, and records of every other type.
  {
    matches: isAuditRecord,
    read: (record) => {
      const mapped = mapAuditRecord(record);
      return mapped.kind === 'signIn'
        ? { kind: 'signIn', recordKind: 'audit', raw: mapped.raw }
        : { kind: 'otherKind', recordKind: 'audit', message: mapped.message };
    },
  },
  // A row of Log Analytics query output as an object keyed by column (az monitor log-analytics query,
  // Invoke-AzOperationalInsightsQuery | ConvertTo-Json); its REST response's rows are arrays (read-json.ts).
  {
    matches: (record) => 'ResultType' in record && ('TimeGenerated' in record || 'CreatedDateTime' in record),
    read: (record) => mapLogAnalyticsRow(Object.keys(record), Object.values(record)),
  },
  // A Graph signIn object: the portal's JSON download, Graph responses, collector output.
  {
    matches: (record) => 'createdDateTime' in record || 'status' in record || 'userPrincipalName' in record,
    read: (record, source) => ({ kind: 'signIn', recordKind: 'graph', raw: graphFields(record, emptyRawFields(), source) }),
  },
  // PowerShell's ConvertTo-Json of the same objects (Get-MgAuditLogSignIn, Get-MgBetaAuditLogSignIn).
  {
    matches: (record) => 'CreatedDateTime' in record,
    read: mapPowerShell,
  },
];

/** Layouts of the column lists met so far (a response has one or a few): reading a row is one lookup. */
const logAnalyticsLayouts = new Map<string, CsvLayout | null>();

/**
 * A Log Analytics row: its values under their column names, read with the columns of the CSV export (values
 * as text, as the CSV has them; dynamic columns as their JSON text).
 */
export function mapLogAnalyticsRow(columns: readonly string[], values: readonly unknown[]): JsonMapping {
  const key = columns.join('\u0000');
  let layout = logAnalyticsLayouts.get(key);
  if (layout === undefined) {
    layout = logAnalyticsLayout(columns) ?? null;
    if (logAnalyticsLayouts.size >= 64) logAnalyticsLayouts.clear();
    logAnalyticsLayouts.set(key, layout);
  }
  if (layout === null) return { kind: 'notSignIn', message: 'a Log Analytics row without the ResultType and TimeGenerated columns of a sign-in table' };
  let cells: string[];
  try {
    cells = values.map(cellText);
  } catch (error) {
    // JSON.stringify recurses: a value nested tens of thousands of levels deep, which JSON.parse takes, overflows
    // the stack (and one of over 512 MB as text is too long for a string).
    if (error instanceof RangeError) return { kind: 'notSignIn', message: 'a value nested too deeply, or too long, to be read as text' };
    throw error;
  }
  const row = mapRow(layout, cells);
  switch (row.kind) {
    case 'signIn':
      return { kind: 'signIn', recordKind: 'logAnalytics', raw: row.raw };
    case 'otherKind':
      return { kind: 'otherKind', recordKind: 'logAnalytics', message: row.message };
    case 'rejected':
      return { kind: 'notSignIn', message: row.message };
  }
}

/** A value as the CSV export writes it: text as it is, numbers and booleans as text, objects as JSON, nothing as empty. */
function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The sign-in in one JSON record, by the first rule that matches. `source` is the record's JSON text: an error
 * code written as a JSON number is read from it as written, since JSON.parse keeps only the value (1e-400 becomes
 * 0, a success; 9007199254740993 becomes ...992; 50126.0 and 5.0126e4 become 50126), and a code must be a whole
 * number written as one (ingest/normalize.ts).
 */
export function mapJsonRecord(value: unknown, source?: string): JsonMapping {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'notSignIn', message: `a JSON ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value} where a sign-in object belongs` };
  }
  const record = value as JsonObject;
  const rule = JSON_RECORD_RULES.find((candidate) => candidate.matches(record));
  return rule === undefined ? { kind: 'notSignIn', message: 'an object with neither createdDateTime nor a diagnostic category' } : rule.read(record, source);
}

function mapDiagnostic(record: JsonObject, source: string | undefined): JsonMapping {
  const category = String(record['category']);
  const type = SIGN_IN_CATEGORIES.get(category.toLowerCase());
  if (type === undefined) return { kind: 'otherKind', recordKind: 'diagnostic', message: `a diagnostic record of category ${JSON.stringify(category)}` };
  const properties = objectOf(record['properties']);
  const raw = graphFields(properties ?? {}, emptyRawFields(), source);
  raw.type = type;
  // The record's own time, when `properties.createdDateTime` is missing or unreadable.
  raw.fallbackTime = text(record['time']);
  if (raw.code.length === 0) raw.code = codeText(record['resultType'], source, 'resultType');
  if (raw.reason.length === 0) raw.reason = text(record['resultDescription']);
  if (raw.correlationId.length === 0) raw.correlationId = text(record['correlationId']);
  if (raw.ip.length === 0) raw.ip = text(record['callerIpAddress']);
  if (raw.country.length === 0) raw.country = text(record['location']);
  if (raw.userName.length === 0) raw.userName = text(record['identity']);
  const signature = text(record['resultSignature']);
  if (signature.length > 0 && signature.toLowerCase() !== 'none') raw.status = signature;
  return { kind: 'signIn', recordKind: 'diagnostic', raw };
}

function graphFields(signIn: JsonObject, raw: RawFields, source: string | undefined): RawFields {
  raw.time = text(signIn['createdDateTime']);
  raw.requestId = text(signIn['id']);
  raw.correlationId = text(signIn['correlationId']);
  raw.user = text(signIn['userPrincipalName']);
  raw.userName = text(signIn['userDisplayName']);
  raw.userId = text(signIn['userId']);
  raw.servicePrincipalName = text(signIn['servicePrincipalName']);
  raw.servicePrincipalId = text(signIn['servicePrincipalId']);
  raw.app = text(signIn['appDisplayName']);
  raw.appId = text(signIn['appId']);
  raw.resource = text(signIn['resourceDisplayName']);
  raw.ip = text(signIn['ipAddress']);
  raw.clientApp = text(signIn['clientAppUsed']);
  raw.userAgent = text(signIn['userAgent']);
  raw.ca = text(signIn['conditionalAccessStatus']);
  raw.authRequirement = text(signIn['authenticationRequirement']);
  raw.homeTenant = text(signIn['homeTenantId']);
  raw.homeTenantName = text(signIn['homeTenantName']);
  raw.resourceTenant = text(signIn['resourceTenantId']);

  const status = signIn['status'];
  const statusObject = objectOf(status);
  if (statusObject !== undefined) {
    raw.code = codeText(statusObject['errorCode'], source, 'errorCode');
    raw.reason = text(statusObject['failureReason']);
    raw.details = text(statusObject['additionalDetails']);
  } else if (typeof status === 'string' || typeof status === 'number') {
    raw.code = codeText(status, source, 'status');
  }

  const location = objectOf(signIn['location']);
  if (location !== undefined) {
    raw.city = text(location['city']);
    raw.state = text(location['state']);
    raw.country = text(location['countryOrRegion']);
  }
  const device = objectOf(signIn['deviceDetail']);
  if (device !== undefined) {
    raw.os = text(device['operatingSystem']);
    raw.browser = text(device['browser']);
    raw.compliant = text(device['isCompliant']);
    raw.managed = text(device['isManaged']);
  }
  raw.type = graphType(signIn);
  return raw;
}

/** Beta objects list `signInEventTypes`; v1.0 objects only say `isInteractive`. */
function graphType(signIn: JsonObject): string {
  const eventTypes = signIn['signInEventTypes'];
  if (Array.isArray(eventTypes)) {
    for (const eventType of eventTypes) {
      if (typeof eventType === 'string' && readSignInType(eventType) !== undefined) return eventType;
    }
  }
  const interactive = signIn['isInteractive'];
  if (typeof interactive === 'boolean') {
    if (!interactive && text(signIn['userId']).length === 0 && text(signIn['servicePrincipalId']).length > 0) return 'servicePrincipal';
    return interactive ? 'interactive' : 'nonInteractive';
  }
  if (text(signIn['userId']).length === 0 && text(signIn['servicePrincipalId']).length > 0) return 'servicePrincipal';
  return '';
}

function objectOf(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/**
 * A Microsoft Graph PowerShell signIn object as ConvertTo-Json writes it: PascalCase keys, the properties the
 * module's model lacks in AdditionalProperties (camelCase, as the API sends them), and in Windows PowerShell
 * times as `/Date(ms)/`. Beyond ConvertTo-Json's -Depth, objects become their .NET type name: a Status that
 * did is refused, since its code is gone.
 */
function mapPowerShell(record: JsonObject, source: string | undefined): JsonMapping {
  const status = record['Status'];
  if (typeof status === 'string' && isDotNetTypeName(status)) return { kind: 'lostCodes', typeName: status.trim() };
  const signIn = { ...(objectOf(record['AdditionalProperties']) ?? {}), ...lowerFirstKeys(record) };
  const raw = graphFields(signIn, emptyRawFields(), source);
  raw.time = powerShellTime(raw.time);
  return { kind: 'signIn', recordKind: 'powershell', raw };
}

/** `Microsoft.Graph.PowerShell.Models.MicrosoftGraphSignInStatus`: what a .NET object becomes as text. */
export function isDotNetTypeName(text: string): boolean {
  return /^Microsoft\.[\w.]+$/.test(text.trim());
}

/** Windows PowerShell writes a time as `/Date(1763457164000)/` (milliseconds since 1970, UTC); others as they are. */
function powerShellTime(time: string): string {
  const match = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(time);
  return match === null ? time : new Date(Number(match[1])).toISOString();
}

/** PowerShell's ConvertTo-Json writes PascalCase keys; Graph's are camelCase. */
function lowerFirstKeys(value: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, inner] of Object.entries(value)) {
    const name = key.length > 0 ? key[0]!.toLowerCase() + key.slice(1) : key;
    out[name === 'iPAddress' ? 'ipAddress' : name] = objectOf(inner) === undefined ? inner : lowerFirstKeys(inner as JsonObject);
  }
  return out;
}
