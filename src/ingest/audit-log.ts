// Owns the Microsoft 365 unified audit log's Entra sign-in records (RecordType 15, AzureActiveDirectoryStsLogon,
// operations UserLoggedIn and UserLoginFailed): telling an audit record from other JSON, telling a sign-in from the
// log's other records, and reading one into RawFields. JSON exports hold the records as they are; CSV exports hold
// each one as JSON text in an AuditData cell (csv-layouts.ts).

import { builtinCatalog } from '../catalog/index.js';
import { emptyRawFields, type RawFields } from './fields.js';

type JsonObject = Record<string, unknown>;

/** A sign-in, or a record of another type (not an error: the log holds every workload's records). */
export type AuditMapping = { readonly kind: 'signIn'; readonly raw: RawFields } | { readonly kind: 'otherKind'; readonly message: string };

/** The record type of Entra sign-ins, by number and by name (CSV exports write either). */
const STS_LOGON = new Set(['15', 'azureactivedirectorystslogon']);
const SIGN_IN_OPERATIONS = new Set(['userloggedin', 'userloginfailed']);

/** Every audit record has a type and a creation time, and says what it did or in which workload. */
export function isAuditRecord(record: JsonObject): boolean {
  return 'RecordType' in record && 'CreationTime' in record && ('Operation' in record || 'Workload' in record);
}

export function mapAuditRecord(record: JsonObject): AuditMapping {
  const type = text(record['RecordType']);
  const operation = text(record['Operation']);
  if (!STS_LOGON.has(type.toLowerCase()) || !SIGN_IN_OPERATIONS.has(operation.toLowerCase())) {
    return { kind: 'otherKind', message: `an audit record of type ${type || '(none)'}${operation === '' ? '' : `, operation ${operation}`}` };
  }
  const raw = emptyRawFields();
  // CreationTime has no offset: it is UTC, as readTime takes such times.
  raw.time = text(record['CreationTime']);
  // The audit record's own id: the same record in two overlapping searches is one sign-in.
  raw.requestId = text(record['Id']);
  raw.user = text(record['UserId']);
  raw.userId = objectId(text(record['UserKey']));
  raw.appId = text(record['ApplicationId']);
  raw.ip = withoutPort(text(record['ClientIP']) || text(record['ActorIpAddress']));
  const extended = nameValues(record['ExtendedProperties']);
  raw.userAgent = extended.get('useragent') ?? '';
  const device = nameValues(record['DeviceProperties']);
  raw.os = device.get('os') ?? '';
  raw.browser = device.get('browsertype') ?? '';
  raw.compliant = device.get('iscompliant') ?? '';
  raw.code = auditCode(record, operation);
  // The symbolic name of the error (InvalidUserNameOrPassword): the only failure text the record has.
  raw.reason = text(record['LogonError']);
  return { kind: 'signIn', raw };
}

/**
 * ErrorNumber ("50126", "0"); older records have none: a successful logon is code 0, and a failed one is known by
 * the symbolic name in LogonError when the catalog has it.
 */
function auditCode(record: JsonObject, operation: string): string {
  const number = text(record['ErrorNumber']).trim();
  if (number.length > 0) return number;
  if (operation.toLowerCase() === 'userloggedin') return '0';
  const code = codesByName().get(text(record['LogonError']).trim().toLowerCase());
  return code === undefined ? '' : String(code);
}

let byName: Map<string, number> | undefined;

function codesByName(): Map<string, number> {
  byName ??= new Map(
    builtinCatalog()
      .entries()
      .filter((entry) => entry.name.length > 0)
      .map((entry) => [entry.name.toLowerCase(), entry.code]),
  );
  return byName;
}

/** `[{"Name": "UserAgent", "Value": "..."}]` → name (lower case) → value. */
function nameValues(value: unknown): Map<string, string> {
  const found = new Map<string, string>();
  if (!Array.isArray(value)) return found;
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const name = text((item as JsonObject)['Name']).toLowerCase();
    if (name.length > 0 && !found.has(name)) found.set(name, text((item as JsonObject)['Value']));
  }
  return found;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** UserKey is the user's object id, or a PUID or "Not Available" on some failed logons: only the first is kept. */
function objectId(key: string): string {
  return GUID.test(key) ? key : '';
}

/** Client addresses of other workloads carry a port (`203.0.113.9:51234`, `[2001:db8::1]:443`); sign-in records may too. */
function withoutPort(address: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed !== null) return bracketed[1]!;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(address);
  return v4 === null ? address : v4[1]!;
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}
