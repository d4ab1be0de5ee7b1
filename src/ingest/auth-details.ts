// Owns the admin center's authentication-details downloads (`*_AuthDetails_*.csv`: one row per authentication
// step, keyed by request ID): their columns, and reading each row into the MFA step of its request, kept once per
// request with only what the detections and the MFA methods section read (MfaStepTable). Recognising one is
// csv-layouts.ts's, reading it before the sign-ins index.ts's, counting its rows accounting.ts's.

import type { MfaStep, MfaSteps } from '../model.js';
import type { FileAccount } from './accounting.js';
import { normalizeHeaderName } from './csv-layouts.js';
import type { InputFormat } from './formats.js';

/** The format the report names these files by. */
export const AUTH_DETAILS_FORMAT = 'portal-authdetails-csv' satisfies InputFormat;

/** Where each column the join reads is; -1 for the optional ones a file lacks. */
export interface AuthDetailsLayout {
  readonly requestId: number;
  readonly method: number;
  readonly succeeded: number;
  readonly detail: number;
  readonly requirement: number;
}

/** Header names per column (as normalizeHeaderName writes them): the portal's, then the Graph property's words. */
const COLUMNS: Readonly<Record<keyof AuthDetailsLayout, readonly string[]>> = {
  requestId: ['request id'],
  method: ['authentication method'],
  succeeded: ['succeeded'],
  detail: ['result detail', 'authentication step result detail'],
  requirement: ['requirement', 'authentication step requirement'],
};

const REQUIRED: readonly (keyof AuthDetailsLayout)[] = ['requestId', 'method', 'succeeded'];

/** The layout of a header csv-layouts.ts recognised as authentication details, or the names of the columns it lacks. */
export function authDetailsLayout(header: readonly string[]): AuthDetailsLayout | { readonly missing: readonly string[] } {
  const names = header.map(normalizeHeaderName);
  const at = (column: keyof AuthDetailsLayout): number => {
    for (const name of COLUMNS[column]) {
      const index = names.indexOf(name);
      if (index >= 0) return index;
    }
    return -1;
  };
  const layout: AuthDetailsLayout = {
    requestId: at('requestId'),
    method: at('method'),
    succeeded: at('succeeded'),
    detail: at('detail'),
    requirement: at('requirement'),
  };
  const missing = REQUIRED.filter((column) => layout[column] < 0).map((column) => COLUMNS[column][0]!);
  return missing.length > 0 ? { missing } : layout;
}

/** The columns a reader must slice out of each row. */
export function authDetailsColumns(layout: AuthDetailsLayout): number[] {
  return [layout.requestId, layout.method, layout.succeeded, layout.detail, layout.requirement].filter((index) => index >= 0);
}

const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0']);
/** `Multifactor authentication`, `Multi-factor authentication`, `MFA`, in any case. */
const MFA_REQUIREMENT = /multi-?factor|\bmfa\b/i;

/**
 * Reads one row (its cells, checked against the header's column count by the caller) into the table: an MFA
 * step, a step of another kind (the password, a first factor satisfied by a token), or a rejected row.
 */
export function readStep(layout: AuthDetailsLayout, fields: readonly string[], line: number, account: FileAccount, table: MfaStepTable): void {
  const requestId = (fields[layout.requestId] ?? '').trim();
  if (requestId === '') {
    account.reject('MISSING_REQUEST_ID', 'an authentication step without a request ID, so no sign-in can be joined to it', line);
    return;
  }
  const result = (fields[layout.succeeded] ?? '').trim();
  const lower = result.toLowerCase();
  const succeeded = TRUE.has(lower) ? true : FALSE.has(lower) ? false : undefined;
  if (succeeded === undefined) {
    account.reject('BAD_RESULT', `Succeeded is ${JSON.stringify(result)}, neither TRUE nor FALSE`, line);
    return;
  }
  const method = (fields[layout.method] ?? '').trim();
  const requirement = layout.requirement < 0 ? '' : (fields[layout.requirement] ?? '').trim();
  const mfa = isMfaStep(requirement, method);
  account.step(mfa, line);
  if (mfa) table.add(requestId, method, succeeded, layout.detail < 0 ? '' : (fields[layout.detail] ?? '').trim());
}

/**
 * A step is an MFA step when its requirement says multifactor authentication; a file (or row) that names no
 * requirement has every step but the password taken for one.
 */
export function isMfaStep(requirement: string, method: string): boolean {
  if (requirement !== '') return MFA_REQUIREMENT.test(requirement);
  return method.toLowerCase() !== 'password';
}

/** Distinct (method, result, detail) steps shared as one object each; past this many, steps are kept as they come. */
const SHARED_STEPS = 4096;

/**
 * The MFA step of each request, and only that: of several MFA steps of one request (a push left unanswered, then a
 * code typed in), the first that succeeded, else the first met. A request that passed MFA passed it; one that did
 * not is told by the step that failed first. Steps of other kinds (the password) are not kept, nor the method
 * detail (a masked phone number). Identical steps are one shared object, so the table holds a request ID and a
 * reference per request, and stays that small when it is copied to worker threads.
 */
export class MfaStepTable {
  private readonly steps = new Map<string, MfaStep>();
  private readonly shared = new Map<string, MfaStep>();

  add(requestId: string, method: string, succeeded: boolean, detail: string): void {
    const kept = this.steps.get(requestId);
    if (kept !== undefined && (kept.succeeded || !succeeded)) return;
    // A Map keeps the key it was first given: only a new request needs its own copy of the text.
    this.steps.set(kept === undefined ? ownCopy(requestId) : requestId, this.step(method, succeeded, detail));
  }

  /** The steps by request ID, as the analysis reads them. */
  result(): MfaSteps {
    return this.steps;
  }

  private step(method: string, succeeded: boolean, detail: string): MfaStep {
    const key = `${succeeded ? '1' : '0'}${method}\u0000${detail}`;
    const known = this.shared.get(key);
    if (known !== undefined) return known;
    const step: MfaStep = { method: ownCopy(method), succeeded, detail: ownCopy(detail) };
    if (this.shared.size < SHARED_STEPS) this.shared.set(key, step);
    return step;
  }
}

/**
 * A copy of a cell's text that holds nothing else alive: cells are cut out of 256 KiB chunks, and V8 keeps a
 * whole chunk for as long as any longer piece cut from it is kept.
 */
function ownCopy(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}
