// Owns the shape of a finished report: sorted, catalog-joined, format-neutral. Every renderer reads this and
// nothing else; the JSON contract (report/json.ts) is a projection of it. No logic lives here.

import type { Actor, Category } from '../catalog/types.js';
import type { Warning } from '../diagnostics.js';
import type { Accounting, InputSummary, Outcome } from '../model.js';
import type { DimensionId, EntityDimensionId } from './dimensions.js';
import type { MfaMethods } from './mfa-methods.js';

export type { MfaMethodRow, MfaMethods } from './mfa-methods.js';

export interface ToolInfo {
  readonly name: string;
  readonly version: string;
  readonly catalogVersion: string;
}

interface Period {
  /** The --since bound (inclusive), or null. */
  readonly since: Date | null;
  /** The --until bound (exclusive), or null. */
  readonly until: Date | null;
  readonly firstSignIn: Date | null;
  readonly lastSignIn: Date | null;
}

export interface Totals {
  readonly signIns: number;
  readonly success: number;
  readonly failure: number;
  readonly interrupted: number;
  readonly users: number;
  readonly apps: number;
}

export interface CodeCount {
  readonly code: number;
  readonly count: number;
}

export interface CodeRow {
  readonly code: number;
  /** Symbolic name; empty when the catalog has none. */
  readonly name: string;
  /** The catalog's outcome; for an uncatalogued code, the outcome most of its sign-ins had. */
  readonly outcome: Exclude<Outcome, 'success'>;
  readonly category: Category;
  readonly catalogued: boolean;
  /** Failures plus interrupts with this code. */
  readonly count: number;
  readonly failures: number;
  readonly interrupted: number;
  readonly users: number;
  readonly apps: number;
  readonly description: string;
  readonly remediation: string;
  /** The most frequent source failure text for this code; empty when the source gave none. */
  readonly failureReason: string;
}

export interface CategoryRow {
  readonly category: Category;
  readonly title: string;
  readonly actor: Actor;
  readonly guidance: string;
  readonly count: number;
  readonly failures: number;
  readonly interrupted: number;
  readonly users: number;
  /** Distinct codes seen in this category. */
  readonly codes: number;
  readonly topCodes: readonly CodeCount[];
}

/** Failures and interrupts of one remediation category. */
export interface CategoryCount {
  readonly category: Category;
  readonly count: number;
}

export interface EntityRow {
  /** The key as shown: user identity, app name, client app, country, IP, sign-in type, day or hour of the week. */
  readonly key: string;
  readonly signIns: number;
  readonly failures: number;
  readonly interrupted: number;
  /** failures / signIns, exact: each format rounds it once (the JSON to 4 decimals, the tables to a tenth of a percent). */
  readonly failureRate: number;
  /** Distinct users; 1 where the dimension does not count them (a user row, an hour of the week). */
  readonly users: number;
  readonly topCodes: readonly CodeCount[];
  /** Client-app rows only: the client app uses legacy authentication. */
  readonly legacy?: boolean;
  /** Rows of dimensions that break down by category (days): every category seen, most first, then by id. */
  readonly categories?: readonly CategoryCount[];
  /** Rows of dimensions with names (tenants): the key's display name, '' when the export gave none. */
  readonly name?: string;
}

export interface LegacyProtocols {
  readonly signIns: number;
  readonly failures: number;
  readonly interrupted: number;
  /** The legacy client apps seen, most sign-ins first. */
  readonly clientApps: readonly string[];
}

export interface Report {
  readonly tool: ToolInfo;
  readonly generatedAt: Date;
  readonly inputs: readonly InputSummary[];
  readonly accounting: Accounting;
  readonly period: Period;
  readonly totals: Totals;
  readonly byCode: readonly CodeRow[];
  readonly byCategory: readonly CategoryRow[];
  readonly byEntity: Readonly<Record<EntityDimensionId, readonly EntityRow[]>>;
  readonly legacyProtocols: LegacyProtocols;
  /** Rows per dimension before --top cut the lists. */
  readonly distinct: Readonly<Record<DimensionId, number>>;
  /** The --top that was applied (0 = all). */
  readonly top: number;
  readonly warnings: readonly Warning[];
  /** How the MFA steps of the counted sign-ins ended, per method; present when authentication details were given. Never cut. */
  readonly mfaMethods?: MfaMethods;
}
