// Owns turning one sign-in and its catalog join into the export record (export/record-contract.ts), the one hook
// every record passes before it is written, and writing a record as a JSON Lines line or a CSV row. Pure; the
// record's fields, in order, are EXPORT_FIELDS.

import { identityOf, isLegacyClientApp, NO_VALUE } from '../analyze/dimensions.js';
import type { RowFacts } from '../analyze/outcome.js';
import type { SignIn } from '../model.js';
import { csvCell } from '../text.js';
import { isoInstant } from '../time.js';
import { pseudonymOf, type PrivacyChoice, type PrivateKind } from '../view/privacy.js';
import type { ExportRecord } from './record-contract.js';

/** The record's fields in the order every line and the CSV header have them (the schema lists them so too). */
export const EXPORT_FIELDS = [
  'time',
  'requestId',
  'correlationId',
  'user',
  'userDisplayName',
  'userId',
  'servicePrincipalName',
  'servicePrincipalId',
  'identity',
  'app',
  'appId',
  'resource',
  'ip',
  'city',
  'state',
  'country',
  'clientApp',
  'legacy',
  'userAgent',
  'signInType',
  'status',
  'errorCode',
  'codeName',
  'outcome',
  'category',
  'actor',
  'catalogued',
  'failureReason',
  'additionalDetails',
  'conditionalAccessStatus',
  'authenticationRequirement',
  'deviceOs',
  'deviceBrowser',
  'deviceCompliant',
  'deviceManaged',
  'homeTenantId',
  'homeTenantName',
  'resourceTenantId',
  'sourceFile',
  'sourceLine',
] as const satisfies readonly (keyof ExportRecord)[];

/** The record of one sign-in, its keys in EXPORT_FIELDS order. */
export function exportRecord(signIn: SignIn, facts: RowFacts): ExportRecord {
  return {
    time: isoInstant(signIn.time),
    requestId: signIn.requestId,
    correlationId: signIn.correlationId,
    user: signIn.userPrincipalName,
    userDisplayName: signIn.userDisplayName,
    userId: signIn.userId,
    servicePrincipalName: signIn.servicePrincipalName,
    servicePrincipalId: signIn.servicePrincipalId,
    identity: identityOf(signIn),
    app: signIn.appName,
    appId: signIn.appId,
    resource: signIn.resource,
    ip: signIn.ipAddress,
    city: signIn.city,
    state: signIn.state,
    country: signIn.country,
    clientApp: signIn.clientApp,
    legacy: signIn.clientApp !== '' && isLegacyClientApp(signIn.clientApp),
    userAgent: signIn.userAgent,
    signInType: signIn.signInType,
    status: signIn.sourceStatus,
    errorCode: signIn.errorCode,
    codeName: facts.catalogued ? facts.entry.name : '',
    outcome: facts.outcome,
    category: facts.entry.category,
    actor: facts.entry.actor,
    catalogued: facts.catalogued,
    failureReason: signIn.failureReason,
    additionalDetails: signIn.additionalDetails,
    conditionalAccessStatus: signIn.conditionalAccessStatus,
    authenticationRequirement: signIn.authenticationRequirement,
    deviceOs: signIn.deviceOs,
    deviceBrowser: signIn.deviceBrowser,
    deviceCompliant: signIn.deviceCompliant,
    deviceManaged: signIn.deviceManaged,
    homeTenantId: signIn.homeTenantId,
    homeTenantName: signIn.homeTenantName,
    resourceTenantId: signIn.resourceTenantId,
    sourceFile: signIn.file,
    sourceLine: signIn.line,
  };
}

/** The record fields that hold each kind of personal value (view/privacy.ts): what --pseudonymize and --redact change. */
const PRIVATE_FIELDS = {
  users: ['user', 'userDisplayName', 'userId', 'servicePrincipalName', 'servicePrincipalId', 'identity'],
  apps: ['app', 'appId', 'resource'],
  ips: ['ip'],
} as const satisfies Record<PrivateKind, readonly (keyof ExportRecord)[]>;

/**
 * What every record goes through just before it is written: with --pseudonymize, its users, apps and IP addresses
 * replaced by the pseudonyms a report made with the same key shows (one HMAC per distinct value); with --redact,
 * emptied. Without either, records pass unchanged.
 */
export function recordPrivacy(choice: PrivacyChoice, key: Buffer | null): (record: ExportRecord) => ExportRecord {
  if (choice.redact.length === 0 && (key === null || choice.pseudonymize.length === 0)) return (record) => record;
  const seen = new Map<string, string>();
  const pseudonym = (kind: PrivateKind, value: string): string => {
    if (value === '' || value === NO_VALUE) return value;
    const memo = `${kind}\u0000${value}`;
    let shown = seen.get(memo);
    if (shown === undefined) {
      shown = pseudonymOf(key!, kind, value, choice.keepDomain);
      seen.set(memo, shown);
    }
    return shown;
  };
  return (record) => {
    const changed: Record<string, unknown> = { ...record };
    for (const kind of choice.redact) for (const field of PRIVATE_FIELDS[kind]) changed[field] = '';
    if (key !== null) for (const kind of choice.pseudonymize) for (const field of PRIVATE_FIELDS[kind]) changed[field] = pseudonym(kind, record[field]);
    return changed as unknown as ExportRecord;
  };
}

export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** How records are written: a header (CSV only) and one line per record, each ending in a line break. */
export interface RecordWriter {
  readonly header: string;
  readonly line: (record: ExportRecord) => string;
}

export const RECORD_WRITERS: Readonly<Record<ExportFormat, RecordWriter>> = {
  // JSON.stringify escapes every line break, so each record is one line whatever the log holds.
  jsonl: { header: '', line: (record) => `${JSON.stringify(record)}\n` },
  csv: {
    header: `${EXPORT_FIELDS.join(',')}\n`,
    line: (record) => `${EXPORT_FIELDS.map((field) => csvValue(record[field])).join(',')}\n`,
  },
};

/** Numbers and booleans as they are, null as an empty cell, text through csvCell (quoted, defused against formulas). */
function csvValue(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return csvCell(value);
}
