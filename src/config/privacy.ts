// Owns the privacy options: the report's --pseudonymize and --redact (users, apps, ips), --keep-domain and
// --key-file become a PrivacySetup, and the pseudonym command's values and options a PseudonymConfig, or a usage
// error that says which combination does not work.

import { isIP } from 'node:net';
import { usageError } from '../errors.js';
import type { FileRef } from '../model.js';
import { PRIVATE_KINDS, type PrivacyChoice, type PrivateKind } from '../view/privacy.js';
import { file, oneOf, splitList } from './values.js';

export interface RawPrivacyOptions {
  readonly pseudonymize?: readonly string[];
  readonly redact?: readonly string[];
  readonly keepDomain?: boolean;
  readonly keyFile?: string;
}

export interface PrivacySetup extends PrivacyChoice {
  /** The key file (created when missing); set exactly when something is pseudonymised. */
  readonly keyFile: FileRef | null;
}

export function privacySetup(options: RawPrivacyOptions, cwd: string): PrivacySetup {
  const kinds = (option: string, values: readonly string[] | undefined): PrivateKind[] => [
    ...new Set(splitList(option, values).map((kind) => oneOf(option, kind.toLowerCase(), PRIVATE_KINDS))),
  ];
  const pseudonymize = kinds('--pseudonymize', options.pseudonymize);
  const redact = kinds('--redact', options.redact);
  const both = pseudonymize.find((kind) => redact.includes(kind));
  if (both !== undefined) throw usageError(`${both} cannot be both pseudonymised and redacted`, `leave ${both} out of --pseudonymize or of --redact`);
  const keepDomain = options.keepDomain === true;
  if (keepDomain && !pseudonymize.includes('users'))
    throw usageError('--keep-domain applies to --pseudonymize users', 'add --pseudonymize users, or leave --keep-domain out');
  const keyFile = file('--key-file', options.keyFile, cwd) ?? null;
  if (pseudonymize.length > 0 && keyFile === null) {
    throw usageError(
      '--pseudonymize needs --key-file FILE',
      'name a file for the key; it is created on the first run, and the same key gives the same pseudonyms',
    );
  }
  if (pseudonymize.length === 0 && keyFile !== null)
    throw usageError('--key-file applies to --pseudonymize', 'add --pseudonymize users,ips (or apps), or leave --key-file out');
  return { pseudonymize, redact, keepDomain, keyFile };
}

export interface RawPseudonymOptions {
  readonly keyFile?: string;
  readonly kind?: PrivateKind;
  readonly keepDomain?: boolean;
}

export interface PseudonymConfig {
  /** Each value with the kind whose pseudonym it gets. */
  readonly values: readonly { readonly value: string; readonly kind: PrivateKind }[];
  readonly keyFile: FileRef;
  readonly keepDomain: boolean;
}

/** The `pseudonym` command's values and options; a value's kind is --kind, else ips for an IP address and users for the rest. */
export function pseudonymConfig(values: readonly string[], options: RawPseudonymOptions, cwd: string): PseudonymConfig {
  const keyFile = file('--key-file', options.keyFile, cwd);
  if (keyFile === undefined) throw usageError('pseudonym needs --key-file FILE', 'name the key file the reports were made with');
  if (values.length === 0) throw usageError('no value given', 'name the users, apps or IP addresses to look up');
  if (values.some((value) => value === '')) throw usageError('a value is empty');
  const keepDomain = options.keepDomain === true;
  if (keepDomain && options.kind !== undefined && options.kind !== 'users') throw usageError('--keep-domain applies to users');
  return Object.freeze({
    values: values.map((value) => ({ value, kind: options.kind ?? (isIP(value) === 0 ? 'users' : 'ips') })),
    keyFile,
    keepDomain,
  });
}
