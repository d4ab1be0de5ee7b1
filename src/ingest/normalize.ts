// Owns turning one RawFields record into a SignIn or a rejection. No IO, and the result depends only on what
// the caller passes (the memos below only remember readings of repeated texts); every format's reader ends
// here, so all formats agree on meaning.

import { normalizeCode } from '../catalog/lookup.js';
import type { RejectReason, SignIn, SignInType } from '../model.js';
import type { RawFields } from './fields.js';
import { canonicalIp } from '../ip.js';
import { Memo } from '../memo.js';
import { readTime, type DateOrder, type TimeReading } from './dates.js';

export type Normalized =
  | {
      readonly kind: 'signIn';
      readonly signIn: SignIn;
      /** The time text read, and the day/month order it settles for the file. */
      readonly timeText: string;
      readonly settles?: DateOrder;
      /** The unreadable time text when the fallback time was read instead. */
      readonly unreadableTime?: string;
    }
  | { readonly kind: 'rejected'; readonly reason: RejectReason; readonly message: string }
  | { readonly kind: 'ambiguousTime' };

export interface NormalizeContext {
  readonly file: string;
  readonly line: number;
  /** The sign-in type of the whole file, when the format tells it (portal file kinds, table names). */
  readonly defaultType: SignInType;
  readonly dateOrder: DateOrder | undefined;
}

export function normalize(raw: RawFields, context: NormalizeContext): Normalized {
  // The format's own time, else the other time it carries: silently when the first is empty (the source
  // left it out), with the unreadable text kept when it could not be read (the caller counts a warning).
  let timeText = raw.time;
  let reading = timeText.length === 0 ? INVALID_TIME : readTime(timeText, context.dateOrder);
  let unreadableTime: string | undefined;
  if (reading.kind === 'invalid' && raw.fallbackTime.length > 0) {
    const fallback = readTime(raw.fallbackTime, context.dateOrder);
    if (fallback.kind !== 'invalid') {
      if (timeText.length > 0) unreadableTime = timeText;
      timeText = raw.fallbackTime;
      reading = fallback;
    }
  }
  if (timeText.length === 0) return rejected('MISSING_TIME', 'no sign-in time');
  if (reading.kind === 'invalid') return rejected('BAD_TIME', `unreadable time ${quote(timeText)}`);

  const code = readCode(raw.code, raw.status);
  if (code === MISSING) return rejected('MISSING_CODE', 'no error code');
  if (code === BAD) return rejected('BAD_CODE', `unreadable error code ${quote(raw.code)}`);
  // Only a row that will become a sign-in waits for the file's day/month order: one rejected anyway is
  // rejected now, in line order, and does not make the order a question.
  if (reading.kind === 'ambiguous') return { kind: 'ambiguousTime' };

  let city = raw.city;
  let state = raw.state;
  let country = raw.country;
  if (raw.location.length > 0 && city.length === 0 && state.length === 0 && country.length === 0) {
    ({ city, state, country } = locations.get(raw.location, splitLocation));
  }

  const signIn: SignIn = {
    time: reading.time,
    requestId: raw.requestId,
    correlationId: raw.correlationId,
    userPrincipalName: raw.user,
    userDisplayName: raw.userName,
    userId: raw.userId,
    servicePrincipalName: raw.servicePrincipalName,
    servicePrincipalId: raw.servicePrincipalId,
    appName: raw.app,
    appId: raw.appId,
    resource: raw.resource,
    ipAddress: raw.ip === '' ? '' : addresses.get(raw.ip, canonicalIp),
    city,
    state,
    country,
    clientApp: raw.clientApp,
    userAgent: raw.userAgent,
    sourceStatus: raw.status,
    errorCode: code,
    failureReason: code === 0 && SUCCESS_PLACEHOLDERS.has(raw.reason.trim()) ? '' : raw.reason,
    additionalDetails: raw.details,
    conditionalAccessStatus: readConditionalAccess(raw.ca),
    signInType: readSignInType(raw.type) ?? context.defaultType,
    deviceOs: raw.os,
    deviceBrowser: raw.browser,
    deviceCompliant: readBoolean(raw.compliant),
    deviceManaged: readBoolean(raw.managed),
    authenticationRequirement: readAuthRequirement(raw.authRequirement),
    homeTenantId: raw.homeTenant,
    homeTenantName: raw.homeTenantName,
    resourceTenantId: raw.resourceTenant,
    file: context.file,
    line: context.line,
  };
  return {
    kind: 'signIn',
    signIn,
    timeText,
    ...(reading.settles === undefined ? {} : { settles: reading.settles }),
    ...(unreadableTime === undefined ? {} : { unreadableTime }),
  };
}

const INVALID_TIME: TimeReading = { kind: 'invalid' };

function rejected(reason: RejectReason, message: string): Normalized {
  return { kind: 'rejected', reason, message };
}

function quote(text: string): string {
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return JSON.stringify(short);
}

/**
 * Graph (and so the portal JSON, the portal CSV and Graph-derived files) writes `Other.` as the failure
 * reason of a successful sign-in, where diagnostic and Log Analytics records write none: a success has no
 * failure reason, so the placeholder is dropped and every format reads the same.
 */
const SUCCESS_PLACEHOLDERS: ReadonlySet<string> = new Set(['Other.', 'Other']);

const MISSING = -1;
const BAD = -2;

/**
 * The code as an integer, read by normalizeCode, the one code parser: `50126`, `AADSTS50126`, and the same
 * inside the text PowerShell writes for a status object (`@{errorCode=50140; ...}`, `class SignInStatus {
 * ErrorCode: 500011 ... }`). JSON numbers arrive as written (json-layouts.ts codeText), so `-0`, `50126.0`,
 * `5.0126e4` or `1E5` is rejected in every format alike.
 */
function readCode(text: string, status: string): number {
  const value = text.trim();
  if (value.length === 0) {
    // Some exports leave the code empty on successful rows and say so in the status column.
    return status.trim().toLowerCase() === 'success' ? 0 : MISSING;
  }
  const plain = normalizeCode(value);
  if (plain !== undefined) return plain;
  const embedded = /errorCode\s*[=:]\s*([^\s;,}]+)/i.exec(value)?.[1];
  return (embedded === undefined ? undefined : normalizeCode(embedded)) ?? BAD;
}

/** Portal `Toronto, Ontario, CA`: the last part is the country; parts can be missing. */
function splitLocation(location: string): { city: string; state: string; country: string } {
  const parts = location.split(',').map((part) => part.trim());
  if (parts.length >= 3) return { city: parts.slice(0, -2).join(', '), state: parts.at(-2) ?? '', country: parts.at(-1) ?? '' };
  if (parts.length === 2) return { city: parts[0] ?? '', state: '', country: parts[1] ?? '' };
  return { city: '', state: '', country: parts[0] ?? '' };
}

function compact(text: string): string {
  return text.replace(/[\s_-]+/g, '').toLowerCase();
}

/** Each distinct address text read once into the form it is counted under. */
const addresses = new Memo<string>(100_000);
const locations = new Memo<{ city: string; state: string; country: string }>(10_000);
const words = new Memo<string>(1_000);

const CONDITIONAL_ACCESS: Readonly<Record<string, string>> = {
  success: 'success',
  failure: 'failure',
  notapplied: 'notApplied',
  unknownfuturevalue: 'unknownFutureValue',
  // Log Analytics sometimes carries the numeric enum.
  '0': 'success',
  '1': 'failure',
  '2': 'notApplied',
  '3': 'unknownFutureValue',
};

function readConditionalAccess(text: string): string {
  if (text.length === 0) return '';
  return CONDITIONAL_ACCESS[words.get(text, compact)] ?? text;
}

const AUTH_REQUIREMENTS: Readonly<Record<string, string>> = {
  singlefactorauthentication: 'singleFactorAuthentication',
  multifactorauthentication: 'multiFactorAuthentication',
};

function readAuthRequirement(text: string): string {
  if (text.length === 0) return '';
  return AUTH_REQUIREMENTS[words.get(text, compact)] ?? text;
}

function readBoolean(text: string): boolean | null {
  if (text.length === 0) return null;
  if (text === 'FALSE' || text === 'false') return false;
  if (text === 'TRUE' || text === 'true') return true;
  switch (text.trim().toLowerCase()) {
    case 'true':
    case 'yes':
    case '1':
      return true;
    case 'false':
    case 'no':
    case '0':
      return false;
    default:
      return null;
  }
}

const SIGN_IN_TYPE_WORDS: Readonly<Record<string, SignInType>> = {
  interactive: 'interactive',
  interactiveuser: 'interactive',
  signinlogs: 'interactive',
  true: 'interactive',
  noninteractive: 'noninteractive',
  noninteractiveuser: 'noninteractive',
  noninteractiveusersigninlogs: 'noninteractive',
  aadnoninteractiveusersigninlogs: 'noninteractive',
  false: 'noninteractive',
  serviceprincipal: 'serviceprincipal',
  serviceprincipalsigninlogs: 'serviceprincipal',
  aadserviceprincipalsigninlogs: 'serviceprincipal',
  microsoftserviceprincipalsigninlogs: 'serviceprincipal',
  adfssigninlogs: 'interactive',
  application: 'serviceprincipal',
  managedidentity: 'managedidentity',
  managedidentitysigninlogs: 'managedidentity',
  aadmanagedidentitysigninlogs: 'managedidentity',
  msi: 'managedidentity',
};

/** Reads a sign-in type from a table name, diagnostic category, Graph event type or IsInteractive flag. */
export function readSignInType(text: string): SignInType | undefined {
  if (text.length === 0) return undefined;
  return SIGN_IN_TYPE_WORDS[words.get(text, compact)];
}
