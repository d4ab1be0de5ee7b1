// Owns the vocabulary of the AADSTS catalog: categories, actors, security tags and the entry shape.
// The data lives beside it; lookups live in lookup.ts. Every union here comes from one `as const` list.

import type { Outcome } from '../model.js';

export const CATEGORIES = [
  'credentials',
  'account_blocked',
  'mfa',
  'conditional_access',
  'device_identity',
  'app_config',
  'consent_assignment',
  'federation_idp',
  'hybrid_onprem',
  'token_session',
  'identity_not_found',
  'service_transient',
  'interrupt_or_info',
  'unknown',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const ACTORS = ['end_user', 'helpdesk', 'app_owner', 'tenant_admin', 'idp_owner', 'microsoft_support', 'none'] as const;
export type Actor = (typeof ACTORS)[number];

export const SECURITY_TAGS = [
  'wrong_password',
  'lockout',
  'unknown_user',
  'disabled_account',
  'password_expired',
  'mfa_required',
  'mfa_failure',
  'ca_block',
  'risk_block',
  'token_revoked',
  'app_credential',
  'consent',
  'device_code',
] as const;
export type SecurityTag = (typeof SECURITY_TAGS)[number];

export interface CatalogEntry {
  readonly code: number;
  /** Symbolic name such as `InvalidUserNameOrPassword`; empty when no source names the code. */
  readonly name: string;
  readonly outcome: Outcome;
  readonly category: Category;
  readonly actor: Actor;
  /** One line, our own words: what happened. */
  readonly description: string;
  /** One line, our own words: the concrete next step. */
  readonly remediation: string;
  readonly tags: readonly SecurityTag[];
  /** Which seed documents list the code (`000`, `002`, `003`), and other evidence. */
  readonly sources: readonly string[];
}

export interface CategoryInfo {
  readonly id: Category;
  readonly title: string;
  readonly actor: Actor;
  /** What to do when this category dominates the failures. */
  readonly guidance: string;
}

export interface Catalog {
  readonly version: string;
  /** The entry for a code, or undefined when the catalog does not know it. */
  lookup(code: number): CatalogEntry | undefined;
  entries(): readonly CatalogEntry[];
  category(id: Category): CategoryInfo;
  categories(): readonly CategoryInfo[];
}
