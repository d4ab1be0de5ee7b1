// Owns recognising a CSV export from its header row (never from its file name) and the column → field
// table of each recognised kind. Header names are matched loosely: case, surrounding and doubled spaces,
// and a ` [UTC]` suffix don't matter, and a repeated name (the portal repeats `Incoming token type`) keeps
// its own position.

import type { SignInType } from '../model.js';
import type { FieldName } from './fields.js';

export const CSV_FORMATS = [
  'portal-csv',
  'portal-serviceprincipal-csv',
  'portal-managedidentity-csv',
  'log-analytics-csv',
  'powershell-csv',
  'mapped-csv',
] as const;
export type CsvFormat = (typeof CSV_FORMATS)[number];

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

/** Recognise a CSV header. `fileName` only tells interactive from non-interactive portal files, whose headers are identical. */
export function recognizeCsvHeader(header: readonly string[], fileName: string): CsvRecognition {
  const names = header.map(normalizeHeaderName);
  const has = (name: string): boolean => names.includes(name);

  if (has('date (utc)') && has('sign-in error code')) {
    const servicePrincipal = has('service principal id') && !has('username');
    let format: CsvFormat = 'portal-csv';
    let defaultType: SignInType = /non-?interactive/i.test(baseName(fileName)) ? 'noninteractive' : 'interactive';
    if (servicePrincipal) {
      const managed = has('managed identity type') || /msi|managed/i.test(baseName(fileName));
      format = managed ? 'portal-managedidentity-csv' : 'portal-serviceprincipal-csv';
      defaultType = managed ? 'managedidentity' : 'serviceprincipal';
    }
    return signIns(format, defaultType, names, PORTAL, []);
  }
  if (has('request id') && has('authentication method') && !has('sign-in error code')) return { kind: 'authDetails' };
  if (has('resulttype') && (has('timegenerated') || has('createddatetime'))) {
    return signIns('log-analytics-csv', 'interactive', names, LOG_ANALYTICS, LOG_ANALYTICS_JSON, ['none']);
  }
  if (has('createddatetime') && (has('userprincipalname') || has('appdisplayname'))) {
    return signIns('powershell-csv', 'interactive', names, POWERSHELL, []);
  }
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
  return { layout: { format: 'mapped-csv', defaultType: 'interactive', columns, jsonCells: [], blankStatuses: [] }, missing };
}

function signIns(
  format: CsvFormat,
  defaultType: SignInType,
  names: readonly string[],
  aliases: AliasTable,
  jsonAliases: ReadonlyArray<readonly [JsonCell, readonly string[]]>,
  blankStatuses: readonly string[] = [],
): CsvRecognition {
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
  return { kind: 'signIns', layout: { format, defaultType, columns, jsonCells, blankStatuses } };
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
