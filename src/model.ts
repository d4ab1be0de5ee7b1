// Owns the shared data shapes that flow one way through the tool:
// inputs → SignIn records (+ rejected rows, warnings) → tally → report. No logic lives here.

export const SIGN_IN_TYPES = ['interactive', 'noninteractive', 'serviceprincipal', 'managedidentity'] as const;
export type SignInType = (typeof SIGN_IN_TYPES)[number];

export const OUTCOMES = ['success', 'interrupted', 'failure'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * One sign-in, normalized from any export format. Text fields the source does not carry are the empty
 * string (never undefined), so every consumer reads them the same way.
 */
export interface SignIn {
  /** When the sign-in happened, UTC. */
  readonly time: Date;
  /** Graph `id` / portal `Request ID`: the key used to drop duplicates across overlapping downloads. */
  readonly requestId: string;
  readonly correlationId: string;
  readonly userPrincipalName: string;
  readonly userDisplayName: string;
  readonly userId: string;
  /** Service principal or managed identity name (service principal / managed identity sign-ins). */
  readonly servicePrincipalName: string;
  readonly servicePrincipalId: string;
  readonly appName: string;
  readonly appId: string;
  readonly resource: string;
  readonly ipAddress: string;
  readonly city: string;
  readonly state: string;
  /** Country or region as the source gives it (two-letter code in every Microsoft format). */
  readonly country: string;
  /** `Browser`, `Mobile Apps and Desktop clients`, `IMAP4`, `Exchange ActiveSync`, ... */
  readonly clientApp: string;
  readonly userAgent: string;
  /** The outcome text exactly as the source gives it (`Failure`, `SUCCESS`, ...); empty when absent. */
  readonly sourceStatus: string;
  /** The AADSTS code as an integer; 0 is success. */
  readonly errorCode: number;
  /** The source's own failure text for this row. */
  readonly failureReason: string;
  readonly additionalDetails: string;
  /** `success`, `failure`, `notApplied`, `unknownFutureValue` or empty. */
  readonly conditionalAccessStatus: string;
  readonly signInType: SignInType;
  readonly deviceOs: string;
  readonly deviceBrowser: string;
  readonly deviceCompliant: boolean | null;
  readonly deviceManaged: boolean | null;
  /** `singleFactorAuthentication`, `multiFactorAuthentication` or empty. */
  readonly authenticationRequirement: string;
  /** The tenant the signing-in user or service principal belongs to (guests: their own tenant), its id and name where the export has them. */
  readonly homeTenantId: string;
  readonly homeTenantName: string;
  /** The tenant of the resource signed in to. */
  readonly resourceTenantId: string;
  /** The input the row came from, as the user named it (or `-` for stdin), and its 1-based line. */
  readonly file: string;
  readonly line: number;
}

/**
 * The MFA step of a sign-in, from the authentication details of an export joined to it by request ID: the
 * method, whether it succeeded, and the result text (`MFA denied; user declined the authentication`).
 */
export interface MfaStep {
  readonly method: string;
  readonly succeeded: boolean;
  readonly detail: string;
}

/**
 * Request ID → the MFA step of that request, read from authentication-details downloads (ingest/auth-details.ts
 * says which step of a request that is). Plain data: it crosses to worker threads as it is.
 */
export type MfaSteps = ReadonlyMap<string, MfaStep>;

/** A file named on the command line: as the user wrote it (for messages) and where it is (for reading and writing). */
export interface FileRef {
  readonly name: string;
  readonly path: string;
}

/** Why a row could not become a SignIn (or an authentication step). */
export const REJECT_REASONS = [
  'MALFORMED_ROW',
  'COLUMN_COUNT',
  'BAD_TIME',
  'MISSING_TIME',
  'BAD_CODE',
  'MISSING_CODE',
  'MALFORMED_JSON',
  'NOT_A_SIGN_IN',
  // Rows of an authentication-details file.
  'MISSING_REQUEST_ID',
  'BAD_RESULT',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export interface RejectedRow {
  readonly reason: RejectReason;
  readonly message: string;
  readonly file: string;
  readonly line: number;
}

/**
 * The row count contract: rowsRead = signIns + rejected + duplicates + outsideWindow + filteredOut, where
 * filteredOut counts records of another kind in the inputs (audit records that are not sign-ins, other
 * diagnostic categories) and sign-ins the row filters left out.
 */
export interface Accounting {
  readonly rowsRead: number;
  readonly signIns: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly outsideWindow: number;
  readonly filteredOut: number;
}

/** One input: rowsRead = signIns + rejected + duplicates + filteredOut (records of another kind, not sign-ins). */
export interface InputSummary {
  readonly path: string;
  /** The InputFormat, or `unknown` for a skipped file whose format was never recognised. */
  readonly format: string;
  readonly rowsRead: number;
  readonly signIns: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly filteredOut: number;
  /** Why a file found in a directory was not reported (it holds no usable sign-in); absent for a file that was. */
  readonly skipped?: string;
  /**
   * An authentication-details download only: of its rows (all counted in filteredOut, being authentication steps
   * and not sign-ins), those that are MFA steps; the others are first-factor steps.
   */
  readonly mfaSteps?: number;
  /** What the input covers, duplicates included (they are part of what the file holds). */
  readonly covers: InputSpan;
}

/** The sign-in types an input holds, its first and last sign-in, and the UTC days it has sign-ins on. */
export interface InputSpan {
  /** In SIGN_IN_TYPES order. */
  readonly types: readonly SignInType[];
  readonly first: Date | null;
  readonly last: Date | null;
  /** Days since 1970-01-01 (UTC), ascending. */
  readonly days: readonly number[];
}
