// Owns the detection settings: every threshold and code list the detections use, their defaults with the
// source of each (docs/detections.md is the long form), and the `--detections FILE` overrides: a JSON object
// of the same shape, any subset, validated key by key into one DETECTIONS_INVALID error naming the bad key.

import { readFile } from 'node:fs/promises';
import { normalizeCode } from '../../catalog/lookup.js';
import { SECURITY_TAGS, type SecurityTag } from '../../catalog/types.js';
import { AppError } from '../../errors.js';
import type { FileRef } from '../../model.js';

/** Codes a rule names, plus the catalog security tags that stand for more of them. */
export interface CodeSet {
  readonly codes: readonly number[];
  readonly tags: readonly SecurityTag[];
}

export interface DetectionSettings {
  readonly network: {
    readonly ipv4PrefixBits: number;
    readonly ipv6PrefixBits: number;
  };
  readonly codes: {
    readonly credentialFailure: CodeSet;
    readonly passwordAccepted: CodeSet;
    readonly mfaDenied: CodeSet;
    readonly mfaPrompt: CodeSet;
    readonly lockout: CodeSet;
    readonly disabled: CodeSet;
  };
  /** Lower-case texts that mark an MFA denial or timeout in the failure reason or additional details. */
  readonly mfaDeniedTexts: readonly string[];
  readonly 'password-spray': {
    readonly enabled: boolean;
    readonly binMinutes: number;
    readonly minUsers: number;
    readonly recoveryMinutes: number;
    readonly slowMinUsers: number;
    readonly slowMinHours: number;
  };
  readonly 'brute-force': {
    readonly enabled: boolean;
    readonly windowMinutes: number;
    readonly minFailures: number;
    readonly dayMinFailures: number;
    readonly dayMinLocations: number;
  };
  readonly 'mfa-fatigue': {
    readonly enabled: boolean;
    readonly binMinutes: number;
    readonly minDenials: number;
    readonly minPrompts: number;
  };
  readonly 'account-lockout': {
    readonly enabled: boolean;
    readonly minLockouts: number;
  };
  readonly 'disabled-account-probing': {
    readonly enabled: boolean;
    readonly minApps: number;
    readonly minUsersPerIp: number;
  };
  readonly 'legacy-auth': {
    readonly enabled: boolean;
  };
  readonly 'correct-password-unfamiliar-ip': {
    readonly enabled: boolean;
    readonly minOtherUsersForHigh: number;
  };
  readonly 'stale-credentials': {
    readonly enabled: boolean;
    readonly codes: readonly number[];
    readonly minBins: number;
    readonly minCoverage: number;
    readonly maxVariation: number;
  };
  readonly 'sign-in-loop': {
    readonly enabled: boolean;
    readonly minInterrupts: number;
    readonly codes: readonly number[];
  };
}

export const DEFAULT_DETECTION_SETTINGS: DetectionSettings = {
  network: { ipv4PrefixBits: 24, ipv6PrefixBits: 48 },
  codes: {
    credentialFailure: { codes: [50126, 50053, 50055, 50056], tags: [] },
    passwordAccepted: {
      codes: [50055, 50072, 50074, 50076, 50079, 50158, 53000, 53001, 53003, 530032, 500121],
      tags: ['mfa_failure', 'ca_block'],
    },
    mfaDenied: { codes: [500121], tags: ['mfa_failure'] },
    mfaPrompt: { codes: [50074, 50076], tags: [] },
    lockout: { codes: [50053], tags: ['lockout'] },
    disabled: { codes: [50057], tags: ['disabled_account'] },
  },
  mfaDeniedTexts: ['mfa denied', 'declined', 'did not respond', 'fraud'],
  'password-spray': { enabled: true, binMinutes: 20, minUsers: 5, recoveryMinutes: 10, slowMinUsers: 10, slowMinHours: 0 },
  'brute-force': { enabled: true, windowMinutes: 60, minFailures: 30, dayMinFailures: 30, dayMinLocations: 3 },
  'mfa-fatigue': { enabled: true, binMinutes: 10, minDenials: 5, minPrompts: 10 },
  'account-lockout': { enabled: true, minLockouts: 3 },
  'disabled-account-probing': { enabled: true, minApps: 3, minUsersPerIp: 2 },
  'legacy-auth': { enabled: true },
  'correct-password-unfamiliar-ip': { enabled: true, minOtherUsersForHigh: 3 },
  'stale-credentials': { enabled: true, codes: [50126, 50053], minBins: 6, minCoverage: 0.3, maxVariation: 1 },
  'sign-in-loop': { enabled: true, minInterrupts: 100, codes: [] },
};

/** What a setting's value may be. */
type FieldType = 'whole' | 'positive' | 'ratio' | 'number' | 'ipv4Bits' | 'ipv6Bits' | 'boolean' | 'codes' | 'codeSet' | 'texts';

/**
 * Every setting with its type and the source of its default. docs/detections.md explains each one; a test
 * holds the two together.
 */
export const SETTING_FIELDS: readonly { readonly path: string; readonly type: FieldType; readonly source: string }[] = [
  { path: 'network.ipv4PrefixBits', type: 'ipv4Bits', source: 'ours: a provider allocation to one site' },
  { path: 'network.ipv6PrefixBits', type: 'ipv6Bits', source: 'RFC 6177: the size of one site' },
  { path: 'codes.credentialFailure', type: 'codeSet', source: 'Sentinel DistribPassCrackAttempt and SigninPasswordSpray' },
  { path: 'codes.passwordAccepted', type: 'codeSet', source: 'Sentinel SigninPasswordSpray success codes, narrowed to a password just checked' },
  { path: 'codes.mfaDenied', type: 'codeSet', source: 'Sentinel ExplicitMFADeny, MFASpamming' },
  { path: 'codes.mfaPrompt', type: 'codeSet', source: 'Microsoft sign-in failure workbook interrupts' },
  { path: 'codes.lockout', type: 'codeSet', source: 'Sentinel SmartLockouts' },
  { path: 'codes.disabled', type: 'codeSet', source: 'Sentinel DisabledAccountSigninsAcrossManyApplications' },
  { path: 'mfaDeniedTexts', type: 'texts', source: 'Sentinel MFA rules: the step result texts' },
  { path: 'password-spray.enabled', type: 'boolean', source: '' },
  { path: 'password-spray.binMinutes', type: 'positive', source: 'Sentinel SigninPasswordSpray: 20-minute bins' },
  { path: 'password-spray.minUsers', type: 'positive', source: 'Sentinel SigninPasswordSpray: 5 users per bin' },
  { path: 'password-spray.recoveryMinutes', type: 'whole', source: 'ours: a typo is fixed within minutes' },
  { path: 'password-spray.slowMinUsers', type: 'positive', source: 'ours (Sentinel LowAndSlowPasswordAttempt works over a year)' },
  { path: 'password-spray.slowMinHours', type: 'number', source: 'ours' },
  { path: 'brute-force.enabled', type: 'boolean', source: '' },
  { path: 'brute-force.windowMinutes', type: 'positive', source: 'Sentinel AADSuspectedBruteForce: per hour' },
  { path: 'brute-force.minFailures', type: 'positive', source: 'Sentinel DistribPassCrackAttempt: 30' },
  { path: 'brute-force.dayMinFailures', type: 'positive', source: 'Sentinel DistribPassCrackAttempt: 30 a day' },
  { path: 'brute-force.dayMinLocations', type: 'positive', source: 'Sentinel DistribPassCrackAttempt: 3 locations' },
  { path: 'mfa-fatigue.enabled', type: 'boolean', source: '' },
  { path: 'mfa-fatigue.binMinutes', type: 'positive', source: 'ours (Sentinel MFASpamming: within 5 minutes)' },
  { path: 'mfa-fatigue.minDenials', type: 'positive', source: 'ours (Sentinel MFASpamming: more than 10 step results)' },
  { path: 'mfa-fatigue.minPrompts', type: 'positive', source: 'ours' },
  { path: 'account-lockout.enabled', type: 'boolean', source: '' },
  { path: 'account-lockout.minLockouts', type: 'positive', source: 'ours (Sentinel SmartLockouts lists every one)' },
  { path: 'disabled-account-probing.enabled', type: 'boolean', source: '' },
  { path: 'disabled-account-probing.minApps', type: 'positive', source: 'Sentinel DisabledAccountSigninsAcrossManyApplications: 3 apps' },
  { path: 'disabled-account-probing.minUsersPerIp', type: 'positive', source: 'ours (Sentinel SigninAttemptsByIPviaDisabledAccounts)' },
  { path: 'legacy-auth.enabled', type: 'boolean', source: '' },
  { path: 'correct-password-unfamiliar-ip.enabled', type: 'boolean', source: '' },
  { path: 'correct-password-unfamiliar-ip.minOtherUsersForHigh', type: 'positive', source: 'ours' },
  { path: 'stale-credentials.enabled', type: 'boolean', source: '' },
  { path: 'stale-credentials.codes', type: 'codes', source: 'Microsoft sign-in diagnostic: app with a cached old password' },
  { path: 'stale-credentials.minBins', type: 'positive', source: 'ours: two hours of 20-minute bins' },
  { path: 'stale-credentials.minCoverage', type: 'ratio', source: 'ours' },
  { path: 'stale-credentials.maxVariation', type: 'number', source: 'ours' },
  { path: 'sign-in-loop.enabled', type: 'boolean', source: '' },
  { path: 'sign-in-loop.minInterrupts', type: 'positive', source: 'ours: hundreds of interrupts' },
  { path: 'sign-in-loop.codes', type: 'codes', source: 'ours: empty means every interrupt' },
];

const FIELD_TYPES = new Map(SETTING_FIELDS.map((field) => [field.path, field.type]));

const HINT = 'docs/detections.md lists every setting with its default; give only the ones to change';

/**
 * Reads a `--detections` file: a JSON object with any subset of DEFAULT_DETECTION_SETTINGS' keys. Returns the
 * defaults with those values replaced; any unknown key or bad value throws DETECTIONS_INVALID naming it.
 */
export function parseDetectionSettings(text: string, file: string): DetectionSettings {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    const line = position === null ? undefined : lineAt(text, Number(position[1]));
    throw new AppError('DETECTIONS_INVALID', `not valid JSON: ${message}`, line === undefined ? { file, hint: HINT } : { file, line, hint: HINT });
  }
  const fail = (path: readonly string[], message: string): never => {
    const line = lineOfKey(text, path);
    throw new AppError('DETECTIONS_INVALID', message, line === undefined ? { file, hint: HINT } : { file, line, hint: HINT });
  };
  if (!isObject(document)) return fail([], 'the top level must be a JSON object such as {"password-spray": {"minUsers": 8}}');
  return overlay(DEFAULT_DETECTION_SETTINGS, document, [], fail) as DetectionSettings;
}

function overlay(
  defaults: unknown,
  given: Record<string, unknown>,
  path: readonly string[],
  fail: (path: readonly string[], message: string) => never,
): unknown {
  const result: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(given)) {
    const at = [...path, key];
    const name = at.join('.');
    const type = FIELD_TYPES.get(name);
    if (type !== undefined) {
      result[key] = readValue(type, value, result[key], name, (message) => fail(at, message));
      continue;
    }
    const section = (defaults as Record<string, unknown>)[key];
    if (section === undefined || !isObject(section)) {
      const known = Object.keys(defaults as object)
        .map((k) => `"${k}"`)
        .join(', ');
      return fail(at, `unknown setting "${name}" (known here: ${known})`);
    }
    if (!isObject(value)) return fail(at, `"${name}" must be an object`);
    result[key] = overlay(section, value, at, fail);
  }
  return result;
}

function readValue(type: FieldType, value: unknown, current: unknown, name: string, fail: (message: string) => never): unknown {
  const shown = JSON.stringify(value) ?? String(value);
  const number = (test: (n: number) => boolean, what: string): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || !test(value)) return fail(`"${name}" must be ${what}, not ${shown}`);
    return value;
  };
  switch (type) {
    case 'whole':
      return number((n) => Number.isInteger(n) && n >= 0, 'a whole number (0 or more)');
    case 'positive':
      return number((n) => Number.isInteger(n) && n >= 1, 'a whole number of at least 1');
    case 'ratio':
      return number((n) => n >= 0 && n <= 1, 'a number from 0 to 1');
    case 'number':
      return number((n) => n >= 0, 'a number of at least 0');
    case 'ipv4Bits':
      return number((n) => Number.isInteger(n) && n >= 8 && n <= 32, 'a prefix length from 8 to 32');
    case 'ipv6Bits':
      return number((n) => Number.isInteger(n) && n >= 16 && n <= 128, 'a prefix length from 16 to 128');
    case 'boolean':
      if (typeof value !== 'boolean') return fail(`"${name}" must be true or false, not ${shown}`);
      return value;
    case 'codes':
      return readCodes(value, name, fail);
    case 'texts':
      if (!Array.isArray(value) || value.some((text) => typeof text !== 'string' || text.trim() === '')) {
        return fail(`"${name}" must be a list of non-empty texts, not ${shown}`);
      }
      return value.map((text: string) => text.trim().toLowerCase());
    case 'codeSet': {
      if (!isObject(value)) return fail(`"${name}" must be an object with "codes" and/or "tags"`);
      const base = current as CodeSet;
      const unknown = Object.keys(value).find((key) => key !== 'codes' && key !== 'tags');
      if (unknown !== undefined) return fail(`unknown setting "${name}.${unknown}" (known here: "codes", "tags")`);
      return {
        codes: value.codes === undefined ? base.codes : readCodes(value.codes, `${name}.codes`, fail),
        tags: value.tags === undefined ? base.tags : readTags(value.tags, `${name}.tags`, fail),
      };
    }
  }
}

function readCodes(value: unknown, name: string, fail: (message: string) => never): number[] {
  if (!Array.isArray(value)) return fail(`"${name}" must be a list of codes such as [50126, "AADSTS50053"]`);
  return value.map((item: unknown) => {
    const code =
      typeof item === 'number' ? (Number.isSafeInteger(item) && item > 0 ? item : undefined) : typeof item === 'string' ? normalizeCode(item) : undefined;
    if (code === undefined || code === 0) return fail(`"${name}" holds ${JSON.stringify(item)}, which is not an error code such as 50126 or "AADSTS50126"`);
    return code;
  });
}

function readTags(value: unknown, name: string, fail: (message: string) => never): SecurityTag[] {
  if (!Array.isArray(value)) return fail(`"${name}" must be a list of catalog tags (${SECURITY_TAGS.join(', ')})`);
  return value.map((item: unknown) => {
    if (typeof item !== 'string' || !(SECURITY_TAGS as readonly string[]).includes(item)) {
      return fail(`"${name}" holds ${JSON.stringify(item)}, which is not a catalog tag (${SECURITY_TAGS.join(', ')})`);
    }
    return item as SecurityTag;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The line of a key's last segment, found after each earlier segment in turn; undefined when not found. */
function lineOfKey(text: string, path: readonly string[]): number | undefined {
  let position = 0;
  for (const segment of path) {
    const found = text.indexOf(JSON.stringify(segment), position);
    if (found < 0) return undefined;
    position = found;
  }
  return path.length === 0 ? undefined : lineAt(text, position);
}

/** The settings of a --detections file, or the defaults without one. */
export async function loadDetectionSettings(ref: FileRef | undefined): Promise<DetectionSettings> {
  if (ref === undefined) return DEFAULT_DETECTION_SETTINGS;
  let text: string;
  try {
    text = await readFile(ref.path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new AppError('DETECTIONS_INVALID', `cannot read the detection settings file (${reason})`, {
      file: ref.name,
      hint: 'check the path given to --detections',
    });
  }
  return parseDetectionSettings(text, ref.name);
}

/** Whether two settings are the same (states built with different settings cannot be merged). */
export function sameSettings(a: DetectionSettings, b: DetectionSettings): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
