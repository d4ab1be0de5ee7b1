// Owns the list of input formats the tool reads and what each is: CSV or JSON, whether it is an admin center
// download, how a large file of it may be cut into parts for other threads, where such files come from, with
// the row limits (caps) those places stop at, and what to export instead when a file of it holds no sign-in. How
// a format is recognised is detect.ts's (and, per format, its layout in csv-layouts.ts or json-layouts.ts).

import type { PartKind } from './parallel/boundary.js';

export interface FormatInfo {
  readonly container: 'csv' | 'json';
  /** An Entra admin center download: the portal stops downloads at a row limit, so a file of exactly that many rows was cut. */
  readonly download: boolean;
  /** How a large file may be cut: at line breaks, before array records, or not at all (read whole). */
  readonly cut: PartKind | null;
  /** Where files of the format come from, which decides the row limits they can stop at (EXPORT_CAPS). */
  readonly source: ExportSource;
  /** What it is, for --help and the docs. */
  readonly description: string;
  /** For a source that holds records of other kinds too: how to get its sign-ins, when a file of it holds none. */
  readonly noSignIns?: string;
  /** Its rows are authentication steps, joined to the sign-ins of other inputs by request ID (ingest/auth-details.ts). */
  readonly authSteps?: true;
}

/**
 * Where an export file comes from: an admin center download, a query (Log Analytics, Sentinel, hunting, or any
 * other table read through --map), the Graph API (or PowerShell over it), a search of the Microsoft 365 audit
 * log, or a stream (diagnostic settings to a storage account or Event Hub, which is never cut by a row count).
 */
export type ExportSource = 'download' | 'query' | 'api' | 'audit' | 'stream';

const AUDIT_SIGN_INS = 'search the audit log for the Entra sign-ins: record type AzureActiveDirectoryStsLogon (operations UserLoggedIn, UserLoginFailed)';

const LOG_ANALYTICS_SIGN_INS =
  'query the sign-in tables: SigninLogs, AADNonInteractiveUserSignInLogs, AADServicePrincipalSignInLogs, AADManagedIdentitySignInLogs';

const DIAGNOSTIC_SIGN_INS =
  'export the sign-in logs (diagnostic categories SignInLogs, NonInteractiveUserSignInLogs, ServicePrincipalSignInLogs, ManagedIdentitySignInLogs)';

export const INPUT_FORMATS = {
  'portal-csv': {
    container: 'csv',
    download: true,
    cut: 'csv',
    source: 'download',
    description: 'Entra admin center download, interactive or non-interactive sign-ins',
  },
  'portal-serviceprincipal-csv': {
    container: 'csv',
    download: true,
    cut: 'csv',
    source: 'download',
    description: 'Entra admin center download of service principal sign-ins',
  },
  'portal-managedidentity-csv': {
    container: 'csv',
    download: true,
    cut: 'csv',
    source: 'download',
    description: 'Entra admin center download of managed identity sign-ins',
  },
  'log-analytics-csv': {
    container: 'csv',
    download: false,
    cut: 'csv',
    source: 'query',
    description: 'Log Analytics / Sentinel CSV export of the sign-in tables',
    noSignIns: LOG_ANALYTICS_SIGN_INS,
  },
  'portal-authdetails-csv': {
    container: 'csv',
    download: true,
    cut: null,
    source: 'download',
    description: 'Entra admin center download of authentication details (one row per authentication step), joined to the sign-ins by request ID',
    authSteps: true,
  },
  'powershell-csv': { container: 'csv', download: false, cut: null, source: 'api', description: 'Export-Csv of Get-MgAuditLogSignIn with flattened columns' },
  'audit-csv': {
    container: 'csv',
    download: false,
    cut: 'csv',
    source: 'audit',
    description:
      'Microsoft 365 unified audit log CSV (Purview audit search export, Search-UnifiedAuditLog | Export-Csv): the sign-in records in its AuditData cells',
    noSignIns: AUDIT_SIGN_INS,
  },
  'mapped-csv': { container: 'csv', download: false, cut: null, source: 'query', description: 'any other CSV, read through --map' },
  'portal-json': {
    container: 'json',
    download: true,
    cut: 'json-array',
    source: 'download',
    description: 'Entra admin center JSON download (an array of Graph signIn objects)',
  },
  'powershell-json': {
    container: 'json',
    download: false,
    cut: null,
    source: 'api',
    description: 'Get-MgAuditLogSignIn or Get-MgBetaAuditLogSignIn piped to ConvertTo-Json (PascalCase properties)',
  },
  'graph-json': { container: 'json', download: false, cut: null, source: 'api', description: 'Microsoft Graph /auditLogs/signIns responses' },
  'graph-jsonl': { container: 'json', download: false, cut: 'jsonl', source: 'api', description: 'one Graph signIn object per line' },
  'audit-json': {
    container: 'json',
    download: false,
    cut: null,
    source: 'audit',
    description: 'Microsoft 365 unified audit log records as JSON (ConvertTo-Json, IR tools): its Entra sign-ins',
    noSignIns: AUDIT_SIGN_INS,
  },
  'audit-jsonl': {
    container: 'json',
    download: false,
    cut: 'jsonl',
    source: 'audit',
    description: 'Microsoft 365 unified audit log records, one per line: its Entra sign-ins',
    noSignIns: AUDIT_SIGN_INS,
  },
  'log-analytics-json': {
    container: 'json',
    download: false,
    cut: null,
    source: 'query',
    description: 'Log Analytics query output: the REST API response (tables, columns, rows) or az monitor log-analytics query',
    noSignIns: LOG_ANALYTICS_SIGN_INS,
  },
  'diagnostic-json': {
    container: 'json',
    download: false,
    cut: null,
    source: 'stream',
    description: 'Azure Monitor diagnostic-settings records (Event Hub bodies, single records)',
    noSignIns: DIAGNOSTIC_SIGN_INS,
  },
  'diagnostic-jsonl': {
    container: 'json',
    download: false,
    cut: 'jsonl',
    source: 'stream',
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

/** A row count some tool stops an export at, and, per source that stops there, why a file of that size was probably cut. */
export interface ExportCap {
  readonly rows: number;
  readonly origins: Partial<Readonly<Record<ExportSource, string>>>;
}

/**
 * The known caps. A file whose row count is exactly one of these, from a source that stops there, was probably
 * cut: what happened after its last row is missing. Counts are rows read (rejected rows included), as the tool
 * that wrote the file counted them.
 */
export const EXPORT_CAPS: readonly ExportCap[] = [
  {
    rows: 1_000,
    origins: {
      api: 'Microsoft Graph hands out sign-ins 1,000 to a page: a file of one page was saved without following @odata.nextLink (or made with -Top 1000)',
      query: 'query views show 1,000 rows unless told otherwise (Log Analytics simple mode, take 1000)',
    },
  },
  {
    rows: 5_000,
    origins: {
      download: 'older admin center pages named 5,000 rows as the download limit',
      audit: 'Search-UnifiedAuditLog returns at most 5,000 records a call (-ResultSize 5000)',
    },
  },
  {
    rows: 10_000,
    origins: {
      query: 'several query views stop at 10,000 rows (older Log Analytics screens, hunting result grids)',
      api: 'a -Top 10000 or $top paging loop that stopped there',
    },
  },
  { rows: 30_000, origins: { query: "the Azure portal's Log Analytics shows and exports at most 30,000 rows" } },
  { rows: 50_000, origins: { audit: 'the audit log search of the Microsoft Purview portal exports at most 50,000 records' } },
  {
    rows: PORTAL_ROW_LIMIT,
    origins: {
      download: 'the admin center stops every download there',
      query: 'hunting APIs (Defender XDR advanced hunting) return at most 100,000 rows',
    },
  },
  { rows: 250_000, origins: { download: 'older admin center documentation named 250,000 rows as the download limit' } },
  { rows: 500_000, origins: { query: 'the Log Analytics query API returns at most 500,000 rows' } },
];

/** The cap a file of this format and row count probably stopped at, with why; null when none. */
export function capOf(format: InputFormat, rows: number): { readonly rows: number; readonly origin: string } | null {
  const info: FormatInfo = INPUT_FORMATS[format];
  // The download limit counts sign-ins; a file of their authentication steps has as many rows as they took steps.
  if (info.authSteps === true) return null;
  const source: ExportSource = info.source;
  for (const cap of EXPORT_CAPS) {
    const origin = cap.origins[source];
    if (cap.rows === rows && origin !== undefined) return { rows, origin };
  }
  return null;
}
