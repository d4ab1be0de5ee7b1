// Owns the CSV export formats: one rule per format (the header that identifies it and its column → field table),
// and recognising a CSV by its header row (never by its file name). Header names are matched loosely: case, surrounding and doubled spaces,
// and a ` [UTC]` suffix don't matter, and a repeated name (the portal repeats `Incoming token type`) keeps
// its own position.

import type { SignInType } from '../model.js';
import type { DateOrder } from './dates.js';
import type { FieldName } from './fields.js';
import type { CsvFormat } from './formats.js';

/** Cells of a Log Analytics export that hold JSON objects, and what to take from them. */
export const JSON_CELLS = ['status', 'locationDetails', 'deviceDetail'] as const;
export type JsonCell = (typeof JSON_CELLS)[number];

export interface CsvLayout {
  readonly format: CsvFormat;
  readonly defaultType: SignInType;
  /** Column index per field (first matching column wins). */
  readonly columns: ReadonlyArray<readonly [FieldName, number]>;
  readonly jsonCells: ReadonlyArray<readonly [JsonCell, number]>;
  /** Values that mean "no status" in this format (Log Analytics writes `None`). */
  readonly blankStatuses: readonly string[];
  /** The day/month order every date of the format is written in, when the format fixes it. */
  readonly dateOrder: DateOrder | undefined;
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
];

const LOG_ANALYTICS_JSON: ReadonlyArray<readonly [JsonCell, readonly string[]]> = [
  ['status', ['status', 'status_dynamic', 'status_string']],
  ['locationDetails', ['locationdetails', 'locationdetails_dynamic', 'locationdetails_string']],
  ['deviceDetail', ['devicedetail', 'devicedetail_dynamic', 'devicedetail_string']],
];

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
    defaultType: (header) => (/non-?interactive/i.test(header.fileName) ? 'noninteractive' : 'interactive'),
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
  if (rule !== undefined) {
    return {
      kind: 'signIns',
      layout: layoutOf(rule.format, rule.defaultType(facts), names, rule.aliases, rule.jsonCells ?? [], rule.blankStatuses ?? [], rule.dateOrder),
    };
  }
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
  return { layout: { format: 'mapped-csv', defaultType: 'interactive', columns, jsonCells: [], blankStatuses: [], dateOrder: undefined }, missing };
}

function layoutOf(
  format: CsvFormat,
  defaultType: SignInType,
  names: readonly string[],
  aliases: AliasTable,
  jsonAliases: ReadonlyArray<readonly [JsonCell, readonly string[]]>,
  blankStatuses: readonly string[],
  dateOrder: DateOrder | undefined,
): CsvLayout {
  const columns: Array<readonly [FieldName, number]> = [];
  for (const [field, candidates] of aliases) {
    const index = firstIndex(names, candidates);
    if (index >= 0) columns.push([field, index]);
  }
  const jsonCells: Array<readonly [JsonCell, number]> = [];
  for (const [cell, candidates] of jsonAliases) {
    const index = firstIndex(names, candidates);
    if (index >= 0) jsonCells.push([cell, index]);
  }
  return { format, defaultType, columns, jsonCells, blankStatuses, dateOrder };
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
