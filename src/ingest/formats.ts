// Owns the list of input formats the tool reads and what each is: CSV or JSON, whether it is an admin center
// download (which stops at a row limit), how a large file of it may be cut into parts for other threads, and what
// to export instead when a file of it holds no sign-in. How a format is recognised is detect.ts's (and, per
// format, its layout in csv-layouts.ts or json-layouts.ts).

import type { PartKind } from './parallel/boundary.js';

export interface FormatInfo {
  readonly container: 'csv' | 'json';
  /** An Entra admin center download: the portal stops downloads at a row limit, so a file of exactly that many rows was cut. */
  readonly download: boolean;
  /** How a large file may be cut: at line breaks, before array records, or not at all (read whole). */
  readonly cut: PartKind | null;
  /** What it is, for --help and the docs. */
  readonly description: string;
  /** For a source that holds records of other kinds too: how to get its sign-ins, when a file of it holds none. */
  readonly noSignIns?: string;
}

const AUDIT_SIGN_INS = 'search the audit log for the Entra sign-ins: record type AzureActiveDirectoryStsLogon (operations UserLoggedIn, UserLoginFailed)';

const LOG_ANALYTICS_SIGN_INS =
  'query the sign-in tables: SigninLogs, AADNonInteractiveUserSignInLogs, AADServicePrincipalSignInLogs, AADManagedIdentitySignInLogs';

const DIAGNOSTIC_SIGN_INS =
  'export the sign-in logs (diagnostic categories SignInLogs, NonInteractiveUserSignInLogs, ServicePrincipalSignInLogs, ManagedIdentitySignInLogs)';

export const INPUT_FORMATS = {
  'portal-csv': { container: 'csv', download: true, cut: 'csv', description: 'Entra admin center download, interactive or non-interactive sign-ins' },
  'portal-serviceprincipal-csv': { container: 'csv', download: true, cut: 'csv', description: 'Entra admin center download of service principal sign-ins' },
  'portal-managedidentity-csv': { container: 'csv', download: true, cut: 'csv', description: 'Entra admin center download of managed identity sign-ins' },
  'log-analytics-csv': {
    container: 'csv',
    download: false,
    cut: 'csv',
    description: 'Log Analytics / Sentinel CSV export of the sign-in tables',
    noSignIns: LOG_ANALYTICS_SIGN_INS,
  },
  'powershell-csv': { container: 'csv', download: false, cut: null, description: 'Export-Csv of Get-MgAuditLogSignIn with flattened columns' },
  'audit-csv': {
    container: 'csv',
    download: false,
    cut: 'csv',
    description:
      'Microsoft 365 unified audit log CSV (Purview audit search export, Search-UnifiedAuditLog | Export-Csv): the sign-in records in its AuditData cells',
    noSignIns: AUDIT_SIGN_INS,
  },
  'mapped-csv': { container: 'csv', download: false, cut: null, description: 'any other CSV, read through --map' },
  'portal-json': { container: 'json', download: true, cut: 'json-array', description: 'Entra admin center JSON download (an array of Graph signIn objects)' },
  'powershell-json': {
    container: 'json',
    download: false,
    cut: null,
    description: 'Get-MgAuditLogSignIn or Get-MgBetaAuditLogSignIn piped to ConvertTo-Json (PascalCase properties)',
  },
  'graph-json': { container: 'json', download: false, cut: null, description: 'Microsoft Graph /auditLogs/signIns responses' },
  'graph-jsonl': { container: 'json', download: false, cut: 'jsonl', description: 'one Graph signIn object per line' },
  'audit-json': {
    container: 'json',
    download: false,
    cut: null,
    description: 'Microsoft 365 unified audit log records as JSON (ConvertTo-Json, IR tools): its Entra sign-ins',
    noSignIns: AUDIT_SIGN_INS,
  },
  'audit-jsonl': {
    container: 'json',
    download: false,
    cut: 'jsonl',
    description: 'Microsoft 365 unified audit log records, one per line: its Entra sign-ins',
    noSignIns: AUDIT_SIGN_INS,
  },
  'log-analytics-json': {
    container: 'json',
    download: false,
    cut: null,
    description: 'Log Analytics query output: the REST API response (tables, columns, rows) or az monitor log-analytics query',
    noSignIns: LOG_ANALYTICS_SIGN_INS,
  },
  'diagnostic-json': {
    container: 'json',
    download: false,
    cut: null,
    description: 'Azure Monitor diagnostic-settings records (Event Hub bodies, single records)',
    noSignIns: DIAGNOSTIC_SIGN_INS,
  },
  'diagnostic-jsonl': {
    container: 'json',
    download: false,
    cut: 'jsonl',
    description: 'Azure Monitor diagnostic-settings records, one per line (storage PT1H.json)',
    noSignIns: DIAGNOSTIC_SIGN_INS,
  },
} as const satisfies Record<string, FormatInfo>;

export type InputFormat = keyof typeof INPUT_FORMATS;

/** What to do about a file of the format that holds no sign-in at all. */
export function noSignInsHint(format: InputFormat | undefined): string {
  const info: FormatInfo | undefined = format === undefined ? undefined : INPUT_FORMATS[format];
  return info?.noSignIns ?? 'export the sign-in logs: the admin center download, Graph /auditLogs/signIns, or the sign-in categories of diagnostic settings';
}
export type CsvFormat = { [F in InputFormat]: (typeof INPUT_FORMATS)[F]['container'] extends 'csv' ? F : never }[InputFormat];
export type JsonFormat = Exclude<InputFormat, CsvFormat>;

/** The admin center stops downloads at this many rows. */
export const PORTAL_ROW_LIMIT = 100_000;
