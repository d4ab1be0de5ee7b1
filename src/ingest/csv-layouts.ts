// Owns the CSV export formats: one rule per format (the header that identifies it and its column → field table),
// recognising a CSV by its header row (never by its file name), and reading one row through its layout, JSON
// cells included. Header names are matched loosely: case, surrounding and doubled spaces,
// and a ` [UTC]` suffix don't matter, and a repeated name (the portal repeats `Incoming token type`) keeps
// its own position.

import type { RejectReason, SignInType } from '../model.js';
import { isAuditRecord, mapAuditRecord } from './audit-log.js';
import type { DateOrder } from './dates.js';
import { codeText, fieldColumns, fieldText as textOf, rawFieldsAt, type FieldName, type RawFields } from './fields.js';
import type { CsvFormat } from './formats.js';
import { readSignInType } from './normalize.js';

/**
 * Cells that hold JSON objects, and what to take from them: the status, location and device of a Log Analytics
 * export, and the whole record of a unified audit log export (AuditData).
 */
const JSON_CELLS = ['status', 'locationDetails', 'deviceDetail', 'auditData'] as const;
type JsonCell = (typeof JSON_CELLS)[number];

export interface CsvLayout {
  readonly format: CsvFormat;
  readonly defaultType: SignInType;
  /** Each field's column (the first that matches), in FIELD_NAMES order; -1 where the file has none (fieldColumns). */
  readonly fieldColumns: Int32Array;
  readonly jsonCells: ReadonlyArray<readonly [JsonCell, number]>;
  /** Values that mean "no status" in this format (Log Analytics writes `None`). */
  readonly blankStatuses: readonly string[];
  /** The day/month order every date of the format is written in, when the format fixes it. */
  readonly dateOrder: DateOrder | undefined;
  /** Rows name their table (Log Analytics `Type`): a row of a table that holds no sign-ins is of another kind. */
  readonly tables?: boolean;
}

export type CsvRecognition =
  | { readonly kind: 'signIns'; readonly layout: CsvLayout }
  | { readonly kind: 'authDetails' }
  | { readonly kind: 'unknown'; readonly why: string };

export function normalizeHeaderName(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/ \[utc\]$/i, '')
    .toLowerCase();
}

type AliasTable = ReadonlyArray<readonly [FieldName, readonly string[]]>;

const PORTAL: AliasTable = [
  ['time', ['date (utc)', 'date']],
  ['requestId', ['request id']],
  ['correlationId', ['correlation id']],
  ['user', ['username']],
  ['userName', ['user']],
  ['userId', ['user id']],
  ['servicePrincipalName', ['service principal name']],
  ['servicePrincipalId', ['service principal id']],
  ['app', ['application']],
  ['appId', ['application id']],
  ['resource', ['resource']],
  ['ip', ['ip address']],
  ['location', ['location']],
  ['clientApp', ['client app']],
  ['userAgent', ['user agent']],
  ['status', ['status']],
  ['code', ['sign-in error code']],
  ['reason', ['failure reason']],
  // Despite its name, this portal column carries the status's additional details.
  ['details', ['multifactor authentication result']],
  ['ca', ['conditional access']],
  ['os', ['operating system']],
  ['browser', ['browser']],
  ['compliant', ['compliant']],
  ['managed', ['managed']],
  ['authRequirement', ['authentication requirement']],
  ['homeTenant', ['home tenant id']],
  ['homeTenantName', ['home tenant name']],
  ['resourceTenant', ['resource tenant id']],
];

const LOG_ANALYTICS: AliasTable = [
  // CreatedDateTime is when the sign-in happened; TimeGenerated is when the workspace received it.
  ['time', ['createddatetime', 'timegenerated']],
  ['fallbackTime', ['timegenerated']],
  ['requestId', ['id', 'originalrequestid']],
  ['correlationId', ['correlationid']],
  ['user', ['userprincipalname']],
  ['userName', ['userdisplayname', 'identity']],
  ['userId', ['userid']],
  ['servicePrincipalName', ['serviceprincipalname']],
  ['servicePrincipalId', ['serviceprincipalid']],
  ['app', ['appdisplayname']],
  ['appId', ['appid']],
  ['resource', ['resourcedisplayname']],
  ['ip', ['ipaddress']],
  ['country', ['location']],
  ['clientApp', ['clientappused']],
  ['userAgent', ['useragent']],
  ['status', ['resultsignature']],
  ['code', ['resulttype']],
  ['reason', ['resultdescription']],
  ['ca', ['conditionalaccessstatus']],
  ['type', ['type', 'category']],
  ['authRequirement', ['authenticationrequirement']],
  ['homeTenant', ['hometenantid']],
  ['homeTenantName', ['hometenantname']],
  ['resourceTenant', ['resourcetenantid']],
];

const LOG_ANALYTICS_JSON: ReadonlyArray<readonly [JsonCell, readonly string[]]> = [
  ['status', ['status', 'status_dynamic', 'status_string']],
  ['locationDetails', ['locationdetails', 'locationdetails_dynamic', 'locationdetails_string']],
  ['deviceDetail', ['devicedetail', 'devicedetail_dynamic', 'devicedetail_string']],
];

/** A unified audit log export: the record is the AuditData cell; the export's own date is the fallback time. */
const AUDIT: AliasTable = [['fallbackTime', ['creationdate']]];
const AUDIT_JSON: ReadonlyArray<readonly [JsonCell, readonly string[]]> = [['auditData', ['auditdata']]];

const POWERSHELL: AliasTable = [
  ['time', ['createddatetime']],
  ['requestId', ['id']],
  ['correlationId', ['correlationid']],
  ['user', ['userprincipalname']],
  ['userName', ['userdisplayname']],
  ['userId', ['userid']],
  ['servicePrincipalName', ['serviceprincipalname']],
  ['servicePrincipalId', ['serviceprincipalid']],
  ['app', ['appdisplayname']],
  ['appId', ['appid']],
  ['resource', ['resourcedisplayname']],
  ['ip', ['ipaddress']],
  ['city', ['city', 'location.city']],
  ['state', ['state', 'location.state']],
  ['country', ['countryorregion', 'country', 'location.countryorregion']],
  ['clientApp', ['clientappused']],
  ['userAgent', ['useragent']],
  ['code', ['errorcode', 'status.errorcode', 'statuscode', 'status']],
  ['reason', ['failurereason', 'status.failurereason']],
  ['details', ['additionaldetails', 'status.additionaldetails']],
  ['ca', ['conditionalaccessstatus']],
  ['type', ['signineventtypes', 'isinteractive']],
  ['os', ['operatingsystem', 'devicedetail.operatingsystem']],
  ['browser', ['browser', 'devicedetail.browser']],
  ['compliant', ['iscompliant', 'devicedetail.iscompliant']],
  ['managed', ['ismanaged', 'devicedetail.ismanaged']],
  ['authRequirement', ['authenticationrequirement']],
  ['homeTenant', ['hometenantid']],
  ['homeTenantName', ['hometenantname']],
  ['resourceTenant', ['resourcetenantid']],
];

/** What a header says to whoever recognises it: whether it has a column, and the file's name. */
interface HeaderFacts {
  has(name: string): boolean;
  /** The file's name without its directory: only the portal's interactive and non-interactive files need it. */
  readonly fileName: string;
}

/**
 * One CSV export format: the header that identifies it, its columns, and what the format fixes for every row.
 * recognizeCsvHeader takes the first rule whose `recognise` holds: adding a CSV source is adding a rule here.
 */
interface CsvRule {
  readonly format: CsvFormat;
  readonly recognise: (header: HeaderFacts) => boolean;
  /** The sign-in type of rows that do not say (the portal's file kinds; the others carry a type column). */
  readonly defaultType: (header: HeaderFacts) => SignInType;
  readonly aliases: AliasTable;
  readonly jsonCells?: ReadonlyArray<readonly [JsonCell, readonly string[]]>;
  readonly blankStatuses?: readonly string[];
  /** A day/month order the format always writes (Log Analytics: US dates). */
  readonly dateOrder?: DateOrder;
  readonly tables?: boolean;
}

const portal = (header: HeaderFacts): boolean => header.has('date (utc)') && header.has('sign-in error code');
const servicePrincipalPortal = (header: HeaderFacts): boolean => portal(header) && header.has('service principal id') && !header.has('username');
const managedIdentity = (header: HeaderFacts): boolean => header.has('managed identity type') || /msi|managed/i.test(header.fileName);

const CSV_RULES: readonly CsvRule[] = [
  {
    format: 'portal-managedidentity-csv',
    recognise: (header) => servicePrincipalPortal(header) && managedIdentity(header),
    defaultType: () => 'managedidentity',
    aliases: PORTAL,
  },
  { format: 'portal-serviceprincipal-csv', recognise: servicePrincipalPortal, defaultType: () => 'serviceprincipal', aliases: PORTAL },
  {
    format: 'portal-csv',
    recognise: portal,
    // Interactive and non-interactive downloads have identical headers: only the file name tells them apart.
    defaultType: (header) => (/non[-_ ]?interactive/i.test(header.fileName) ? 'noninteractive' : 'interactive'),
    aliases: PORTAL,
  },
  {
    format: 'log-analytics-csv',
    recognise: (header) => header.has('resulttype') && (header.has('timegenerated') || header.has('createddatetime')),
    defaultType: () => 'interactive',
    aliases: LOG_ANALYTICS,
    jsonCells: LOG_ANALYTICS_JSON,
    blankStatuses: ['none'],
    dateOrder: 'mdy',
    tables: true,
  },
  {
    // Purview audit search export (RecordId,CreationDate,RecordType,Operation,UserId,AuditData,...), the
    // compliance center's (CreationDate,UserIds,Operations,AuditData) and Search-UnifiedAuditLog | Export-Csv.
    format: 'audit-csv',
    recognise: (header) => header.has('auditdata') && (header.has('creationdate') || header.has('recordtype')),
    defaultType: () => 'interactive',
    aliases: AUDIT,
    jsonCells: AUDIT_JSON,
  },
  {
    format: 'powershell-csv',
    recognise: (header) => header.has('createddatetime') && (header.has('userprincipalname') || header.has('appdisplayname')),
    defaultType: () => 'interactive',
    aliases: POWERSHELL,
  },
];

/** The portal's authentication-details download: one row per authentication step, not sign-ins. */
const authDetails = (header: HeaderFacts): boolean => header.has('request id') && header.has('authentication method') && !header.has('sign-in error code');

/** Recognise a CSV header. `fileName` only tells interactive from non-interactive portal files, whose headers are identical. */
export function recognizeCsvHeader(header: readonly string[], fileName: string): CsvRecognition {
  const names = header.map(normalizeHeaderName);
  const facts: HeaderFacts = { has: (name) => names.includes(name), fileName: baseName(fileName) };
  const rule = CSV_RULES.find((candidate) => candidate.recognise(facts));
  if (rule !== undefined) return { kind: 'signIns', layout: layoutOf(rule, facts, names) };
  if (authDetails(facts)) return { kind: 'authDetails' };
  return {
    kind: 'unknown',
    why: `the header (${header
      .slice(0, 4)
      .map((name) => name.trim())
      .join(', ')}${header.length > 4 ? ', ...' : ''}) matches no known sign-in export`,
  };
}

/** A layout from `--map field=Column,...`: every named column must exist. */
export function mappedLayout(header: readonly string[], map: ReadonlyMap<FieldName, string>): { layout: CsvLayout; missing: readonly string[] } {
  const names = header.map(normalizeHeaderName);
  const columns: Array<readonly [FieldName, number]> = [];
  const missing: string[] = [];
  for (const [field, column] of map) {
    const index = names.indexOf(normalizeHeaderName(column));
    if (index < 0) missing.push(column);
    else columns.push([field, index]);
  }
  return {
    layout: {
      format: 'mapped-csv',
      defaultType: 'interactive',
      fieldColumns: fieldColumns(columns),
      jsonCells: [],
      blankStatuses: [],
      dateOrder: undefined,
    },
    missing,
  };
}

/**
 * The layout of Log Analytics query output whose columns are `names` (the REST API's columns, the keys of an
 * `az monitor log-analytics query` row): the columns of its CSV export; undefined when they are not a sign-in
 * table's.
 */
export function logAnalyticsLayout(names: readonly string[]): CsvLayout | undefined {
  const rule = CSV_RULES.find((candidate) => candidate.format === 'log-analytics-csv')!;
  const normalized = names.map(normalizeHeaderName);
  const facts: HeaderFacts = { has: (name) => normalized.includes(name), fileName: '' };
  return rule.recognise(facts) ? layoutOf(rule, facts, normalized) : undefined;
}

function layoutOf(rule: CsvRule, facts: HeaderFacts, names: readonly string[]): CsvLayout {
  const columns: Array<readonly [FieldName, number]> = [];
  for (const [field, candidates] of rule.aliases) {
    const index = firstIndex(names, candidates);
    if (index >= 0) columns.push([field, index]);
  }
  const jsonCells: Array<readonly [JsonCell, number]> = [];
  for (const [cell, candidates] of rule.jsonCells ?? []) {
    const index = firstIndex(names, candidates);
    if (index >= 0) jsonCells.push([cell, index]);
  }
  return {
    format: rule.format,
    defaultType: rule.defaultType(facts),
    fieldColumns: fieldColumns(columns),
    jsonCells,
    blankStatuses: rule.blankStatuses ?? [],
    dateOrder: rule.dateOrder,
    ...(rule.tables === true ? { tables: true } : {}),
  };
}

function firstIndex(names: readonly string[], candidates: readonly string[]): number {
  for (const candidate of candidates) {
    const index = names.indexOf(candidate);
    if (index >= 0) return index;
  }
  return -1;
}

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts.at(-1) ?? path;
}

/** What one row is: a sign-in, a record of another kind (an audit record that is no sign-in), or unusable. */
export type RowMapping =
  | { readonly kind: 'signIn'; readonly raw: RawFields }
  | { readonly kind: 'otherKind'; readonly message: string }
  | { readonly kind: 'rejected'; readonly reason: RejectReason; readonly message: string };

/** Reads one row's cells through the layout: its columns, then what its JSON cells hold. */
export function mapRow(layout: CsvLayout, fields: readonly string[]): RowMapping {
  const raw = rawFieldsAt(fields, layout.fieldColumns);
  if (layout.tables === true && raw.type.length > 0 && readSignInType(raw.type) === undefined) {
    return { kind: 'otherKind', message: `a Log Analytics row of table ${JSON.stringify(raw.type)}` };
  }
  if (layout.blankStatuses.length > 0 && layout.blankStatuses.includes(raw.status.trim().toLowerCase())) raw.status = '';
  for (const [cell, index] of layout.jsonCells) {
    const text = fields[index] ?? '';
    if (cell === 'auditData') return auditRow(text, raw);
    if (text.length < 2 || text.charCodeAt(0) !== 0x7b /* { */) continue;
    const value = parseObject(text);
    if (value === undefined) continue;
    switch (cell) {
      case 'status':
        if (raw.code.length === 0) raw.code = codeText(value['errorCode'], text, 'errorCode');
        if (raw.reason.length === 0) raw.reason = textOf(value['failureReason']);
        if (raw.details.length === 0) raw.details = textOf(value['additionalDetails']);
        break;
      case 'locationDetails': {
        // City, state and country from one place: a Location column that disagrees would put a city in another country.
        raw.city = textOf(value['city']);
        raw.state = textOf(value['state']);
        const country = textOf(value['countryOrRegion']);
        if (country.length > 0) raw.country = country;
        break;
      }
      case 'deviceDetail':
        raw.os = textOf(value['operatingSystem']);
        raw.browser = textOf(value['browser']);
        raw.compliant = textOf(value['isCompliant']);
        raw.managed = textOf(value['isManaged']);
        break;
    }
  }
  return { kind: 'signIn', raw };
}

/** An audit export's row: the record is the JSON in its AuditData cell; the row's own date is the fallback time. */
function auditRow(text: string, columns: RawFields): RowMapping {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: 'rejected', reason: 'MALFORMED_JSON', message: `the AuditData cell is not valid JSON (${(error as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !isAuditRecord(value as Record<string, unknown>)) {
    return { kind: 'rejected', reason: 'NOT_A_SIGN_IN', message: 'the AuditData cell holds no audit record' };
  }
  const mapped = mapAuditRecord(value as Record<string, unknown>);
  if (mapped.kind === 'otherKind') return mapped;
  return { kind: 'signIn', raw: { ...mapped.raw, fallbackTime: columns.fallbackTime } };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
