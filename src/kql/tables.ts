// Owns the four Log Analytics sign-in tables as the KQL reads them: each table's name and sign-in type, and the
// expression that reads each field the file reader takes from an export of that table (ingest/csv-layouts.ts,
// LOG_ANALYTICS) out of the table's own columns, with the column types of Microsoft's table reference.

import { kqlString } from '../catalog/render.js';
import type { SignInType } from '../model.js';

/** What every table is read into before the union: the file reader's raw fields, under KQL names. */
export const SOURCE_FIELDS = [
  'Id',
  'TimeGenerated',
  'Time',
  'CodeText',
  'SourceStatus',
  'ReasonText',
  'AdditionalDetails',
  'UserPrincipalName',
  'UserDisplayName',
  'UserId',
  'ServicePrincipalName',
  'AppDisplayName',
  'AppId',
  'IPAddress',
  'Country',
  'State',
  'City',
  'ClientAppUsed',
  'HomeTenantId',
  'SignInType',
] as const;
export type SourceField = (typeof SOURCE_FIELDS)[number];

export interface SourceTable {
  readonly name: string;
  /** String columns that hold JSON, parsed once per row (`[new column, column]`) before the fields read them. */
  readonly parse: readonly (readonly [string, string])[];
  readonly fields: Readonly<Record<SourceField, string>>;
}

/** How a table differs from SigninLogs. */
interface Shape {
  /** The user tables have CreatedDateTime, the user columns, AppDisplayName and ClientAppUsed. */
  readonly user: boolean;
  /** Status: a dynamic column (SigninLogs), JSON text (non-interactive) or no column (service principals). */
  readonly status: 'dynamic' | 'text' | 'none';
  readonly location: 'dynamic' | 'text';
  readonly servicePrincipalName: boolean;
}

const NONE = '""';

function sourceTable(name: string, type: SignInType, shape: Shape): SourceTable {
  const status = shape.status === 'text' ? 'StatusObject' : 'Status';
  const location = shape.location === 'text' ? 'LocationObject' : 'LocationDetails';
  const parse: (readonly [string, string])[] = [];
  if (shape.status === 'text') parse.push(['StatusObject', 'Status']);
  if (shape.location === 'text') parse.push(['LocationObject', 'LocationDetails']);
  const fromStatus = (field: string): string => `tostring(${status}.${field})`;
  return {
    name,
    parse,
    fields: {
      Id: 'Id',
      TimeGenerated: 'TimeGenerated',
      // The sign-in's own time; the service principal tables have none but TimeGenerated, and neither have their exports.
      Time: shape.user ? 'CreatedDateTime' : 'TimeGenerated',
      // The code column first; the status object's code when it is empty (as the CSV reader does).
      CodeText: shape.status === 'none' ? 'ResultType' : `coalesce(ResultType, ${fromStatus('errorCode')})`,
      SourceStatus: 'ResultSignature',
      ReasonText: shape.status === 'none' ? 'ResultDescription' : `coalesce(ResultDescription, ${fromStatus('failureReason')})`,
      AdditionalDetails: shape.status === 'none' ? NONE : fromStatus('additionalDetails'),
      UserPrincipalName: shape.user ? 'UserPrincipalName' : NONE,
      // The display name column, or Identity where the table has none (the reader's alias order).
      UserDisplayName: shape.user ? 'UserDisplayName' : 'Identity',
      UserId: shape.user ? 'UserId' : NONE,
      ServicePrincipalName: shape.servicePrincipalName ? 'ServicePrincipalName' : NONE,
      AppDisplayName: shape.user ? 'AppDisplayName' : NONE,
      AppId: 'AppId',
      IPAddress: 'IPAddress',
      // The location object's country, with its state and city; the two-letter Location column when it has none.
      Country: `coalesce(tostring(${location}.countryOrRegion), Location)`,
      State: `tostring(${location}.state)`,
      City: `tostring(${location}.city)`,
      ClientAppUsed: shape.user ? 'ClientAppUsed' : NONE,
      // The user tables name the home tenant of whoever signed in; the service principal tables do not.
      HomeTenantId: shape.user ? 'HomeTenantId' : NONE,
      SignInType: kqlString(type),
    },
  };
}

export const SOURCE_TABLES = {
  interactive: sourceTable('SigninLogs', 'interactive', { user: true, status: 'dynamic', location: 'dynamic', servicePrincipalName: true }),
  noninteractive: sourceTable('AADNonInteractiveUserSignInLogs', 'noninteractive', {
    user: true,
    status: 'text',
    location: 'text',
    servicePrincipalName: false,
  }),
  serviceprincipal: sourceTable('AADServicePrincipalSignInLogs', 'serviceprincipal', {
    user: false,
    status: 'none',
    location: 'text',
    servicePrincipalName: true,
  }),
  managedidentity: sourceTable('AADManagedIdentitySignInLogs', 'managedidentity', {
    user: false,
    status: 'none',
    location: 'text',
    servicePrincipalName: true,
  }),
} as const satisfies Record<SignInType, SourceTable>;
