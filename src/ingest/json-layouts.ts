// Owns the JSON record kinds, one rule each: a Microsoft Graph signIn object (portal JSON download, Graph
// responses, collector output, PowerShell ConvertTo-Json) or an Azure Monitor diagnostic-settings record whose
// `properties` hold the signIn. mapJsonRecord returns RawFields, or why the record is not a sign-in.

import type { SignInType } from '../model.js';
import { emptyRawFields, type RawFields } from './fields.js';
import { readSignInType } from './normalize.js';

export const JSON_RECORD_KINDS = ['graph', 'diagnostic'] as const;
export type JsonRecordKind = (typeof JSON_RECORD_KINDS)[number];

export type JsonMapping =
  | { readonly kind: 'signIn'; readonly recordKind: JsonRecordKind; readonly raw: RawFields }
  | { readonly kind: 'notSignIn'; readonly message: string };

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
  // A Graph signIn object: the portal's JSON download, Graph responses, collector output.
  {
    matches: (record) => 'createdDateTime' in record || 'status' in record || 'userPrincipalName' in record,
    read: (record, source) => ({ kind: 'signIn', recordKind: 'graph', raw: graphFields(record, emptyRawFields(), source) }),
  },
  // PowerShell's ConvertTo-Json of the same objects: PascalCase keys.
  {
    matches: (record) => 'CreatedDateTime' in record,
    read: (record, source) => ({ kind: 'signIn', recordKind: 'graph', raw: graphFields(lowerFirstKeys(record), emptyRawFields(), source) }),
  },
];

/**
 * The sign-in in one JSON record, by the first rule that matches. `source` is the record's JSON text: an error
 * code written as a JSON number is read from it as written, since JSON.parse keeps only the value (1e-400 becomes 0, a success; 9007199254740993 becomes ...992; 50126.0 and
 * 5.0126e4 become 50126), and a code must be a whole number written as one (ingest/normalize.ts).
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
  if (type === undefined) return { kind: 'notSignIn', message: `a diagnostic record of category ${JSON.stringify(category)}, not a sign-in` };
  const properties = objectOf(record['properties']);
  const raw = graphFields(properties ?? {}, emptyRawFields(), source);
  raw.type = type;
  if (raw.time.length === 0) raw.time = text(record['time']);
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
 * A code field's text: a string as it is; a number as written in the record's JSON text `source` under `key`
 * (or its PowerShell spelling with a capital), where the literal there has the parsed value. Without the text,
 * or when the key is spelled with escapes, the number's own spelling.
 */
export function codeText(value: unknown, source: string | undefined, key: string): string {
  if (typeof value !== 'number' || source === undefined) return text(value);
  const pattern = literalAfter(key);
  pattern.lastIndex = 0;
  for (let match = pattern.exec(source); match !== null; match = pattern.exec(source)) {
    if (Object.is(Number(match[1]), value)) return match[1]!;
  }
  return String(value);
}

const LITERAL_PATTERNS = new Map<string, RegExp>();

/**
 * The number literal written after `"key":` (first letter in either case): a regular expression, since V8
 * finds its literal prefix several times faster than indexOf finds the quoted key in a record.
 */
function literalAfter(key: string): RegExp {
  let pattern = LITERAL_PATTERNS.get(key);
  if (pattern === undefined) {
    const first = key.charAt(0);
    pattern = new RegExp(`"[${first.toLowerCase()}${first.toUpperCase()}]${key.slice(1)}"[ \\t\\r\\n]*:[ \\t\\r\\n]*([-+.eE0-9]+)`, 'g');
    LITERAL_PATTERNS.set(key, pattern);
  }
  return pattern;
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
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
