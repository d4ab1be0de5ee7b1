// Owns the vocabulary of findings: the detection kinds, severities and the Finding shape every detection returns
// (the MFA step result a row can carry is model.ts's, re-exported here). No logic lives here.

export type { MfaStep } from '../../model.js';

/** Every kind of finding, in the order the documentation lists them. */
export const DETECTION_KINDS = [
  'password-spray',
  'brute-force',
  'mfa-fatigue',
  'account-lockout',
  'disabled-account-probing',
  'legacy-auth',
  'correct-password-unfamiliar-ip',
  'stale-credentials',
  'sign-in-loop',
] as const;
export type DetectionKind = (typeof DETECTION_KINDS)[number];

/** Most urgent first: findings sort in this order. */
export const SEVERITIES = ['high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One sign-in an admin can look up (by request ID) to check a finding. */
export interface Evidence {
  readonly time: Date;
  readonly user: string;
  readonly ip: string;
  readonly app: string;
  readonly code: number;
  readonly requestId: string;
}

/** What a finding is about; a kind sets the fields that identify it (an IP, a user, both, a user and an app...). */
export interface FindingEntity {
  readonly ip?: string;
  readonly user?: string;
  readonly app?: string;
}

export interface FindingCounts {
  /** The sign-ins the finding is made of. */
  readonly attempts: number;
  readonly users: number;
  readonly ips: number;
  readonly apps: number;
  /** Successful sign-ins (or, where the kind says so, sign-ins that got past the password) that make it worse. */
  readonly successes: number;
}

export interface Finding {
  readonly kind: DetectionKind;
  readonly severity: Severity;
  /** One line naming the kind and the entity. */
  readonly title: string;
  readonly entity: FindingEntity;
  readonly first: Date;
  readonly last: Date;
  readonly counts: FindingCounts;
  /** At most five sign-ins: the earliest by time, then request ID. */
  readonly evidence: readonly Evidence[];
  /** Why this was flagged, with the counts, addresses and users that matter. */
  readonly why: string;
  /** What to do first. */
  readonly action: string;
}
