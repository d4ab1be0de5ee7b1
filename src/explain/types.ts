// Owns the shape of an explanation: one user's or one sign-in flow's sign-ins grouped into flows, each failing
// step joined to the catalog, and the ranked diagnosis with what to do next. Format-neutral and already shown
// as it will be printed (pseudonymised or redacted when asked): every renderer reads this and nothing else.
// No logic lives here.

import type { Evidence, Finding, Severity } from '../analyze/findings/index.js';
import type { ToolInfo } from '../analyze/types.js';
import type { TimeWindow } from '../analyze/windows.js';
import type { Actor, Category } from '../catalog/types.js';
import type { Warning } from '../diagnostics.js';
import type { ExportRecord } from '../export/record-contract.js';
import type { Accounting, MfaStep, Outcome } from '../model.js';
import type { PrivacyInfo } from '../view/privacy.js';

/** What explain was asked about: a user (or service principal), one request id, or one correlation id. */
export const SUBJECT_KINDS = ['user', 'request', 'correlation'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

interface Subject {
  readonly kind: SubjectKind;
  /** What was asked, as given (a user's name shown as the explanation shows names). */
  readonly asked: string;
  /** Who signed in: the subject's UPN, display name and object id as the latest of their sign-ins gives them. */
  readonly user: { readonly principalName: string; readonly displayName: string; readonly id: string };
}

/** One sign-in of a flow, joined to the catalog. */
export interface ExplainedStep {
  readonly time: Date;
  readonly requestId: string;
  readonly code: number;
  readonly outcome: Outcome;
  /** The catalog's symbolic name; empty when it has none. */
  readonly name: string;
  readonly catalogued: boolean;
  readonly category: Category;
  readonly actor: Actor;
  /** The export's own failure text. */
  readonly failureReason: string;
  readonly description: string;
  readonly remediation: string;
  /** The Conditional Access result as the export gives it (success, failure, notApplied) or empty. */
  readonly conditionalAccess: string;
  /** The MFA step of the sign-in from an AuthDetails input (method, whether it succeeded, its detail); else null. */
  readonly mfa: MfaStep | null;
  /** Every field of the sign-in as `export` writes it: for a request or correlation id, else null. */
  readonly record: ExportRecord | null;
  /** False for a step the window or the row filters leave out, shown because another step of its flow passes them. */
  readonly passesFilters: boolean;
}

/** Sign-ins that share a correlation id: the prompts of one sign-in and the sign-in itself. */
export interface Flow {
  /** Empty for a sign-in whose export gives none: then it is a flow of its own. */
  readonly correlationId: string;
  readonly first: Date;
  readonly last: Date;
  /** The outcome of the last step. */
  readonly outcome: Outcome;
  readonly user: string;
  readonly app: string;
  readonly clientApp: string;
  /** The client app uses legacy (basic) authentication. */
  readonly legacy: boolean;
  readonly ip: string;
  /** `Seattle, Washington, US`; empty when the export gives no place. */
  readonly location: string;
  /** `Windows 10, Edge 142.0 (compliant, managed)`; empty when the export says nothing of the device. */
  readonly device: string;
  /** In time order. */
  readonly steps: readonly ExplainedStep[];
}

/**
 * What a diagnosis is about, in the order they are ranked: the detections' findings (most urgent first), sign-ins
 * Conditional Access blocked, other failures, legacy protocols, flows that stopped at a prompt, and what is normal.
 */
export const DIAGNOSIS_KINDS = ['finding', 'blocked', 'failure', 'legacy', 'unfinished', 'normal'] as const;
export type DiagnosisKind = (typeof DIAGNOSIS_KINDS)[number];

/** A sign-in to look up (by request id) to check a diagnosis. */
export type EvidenceItem = Pick<Evidence, 'time' | 'requestId' | 'code'>;

export interface Diagnosis {
  readonly kind: DiagnosisKind;
  /** A finding's severity; null for the other kinds. */
  readonly severity: Severity | null;
  /** The finding's detection. */
  readonly detection: Finding['kind'] | null;
  /** The error code a blocked, failure or unfinished diagnosis is about. */
  readonly code: number | null;
  /** One line, plain words. */
  readonly title: string;
  /** What happened, with the numbers, names and times that show it. */
  readonly detail: string;
  /** What to do. */
  readonly action: string;
  /** Who acts; null for findings, which name it in their action. */
  readonly actor: Actor | null;
  /** The sign-ins (for a prompt diagnosis, the flows) it is made of. */
  readonly count: number;
  /** At most five, earliest first. */
  readonly evidence: readonly EvidenceItem[];
}

interface ExplainTotals {
  readonly signIns: number;
  readonly success: number;
  readonly failure: number;
  readonly interrupted: number;
  /** Flows by the outcome of their last step. */
  readonly flows: { readonly total: number; readonly success: number; readonly failure: number; readonly interrupted: number };
}

export interface Explanation {
  readonly tool: ToolInfo;
  readonly generatedAt: Date;
  readonly subject: Subject;
  /** One sentence: what happened to the subject. */
  readonly headline: string;
  readonly window: TimeWindow;
  /** The --period, when given. */
  readonly period: { readonly label: string; readonly timeZone: string } | null;
  readonly firstSignIn: Date;
  readonly lastSignIn: Date;
  readonly totals: ExplainTotals;
  /** Most likely first. */
  readonly diagnosis: readonly Diagnosis[];
  /** What to do next, in the order of the diagnosis; never empty. */
  readonly next: readonly string[];
  /** Oldest first. */
  readonly flows: readonly Flow[];
  /** The findings of the detections that concern the subject, most urgent first; null with --no-detections. */
  readonly findings: readonly Finding[] | null;
  /** False when a request id's flow was read from standard input, where rows read before the request's own could not be read again. */
  readonly complete: boolean;
  readonly inputs: readonly { readonly path: string; readonly format: string; readonly signIns: number }[];
  /** As the report's: signIns are the sign-ins in the window and filters, what the detections saw. */
  readonly accounting: Accounting;
  readonly privacy: PrivacyInfo | null;
  readonly warnings: readonly Warning[];
}
