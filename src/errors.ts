// Owns the error vocabulary and the exit-code contract. Nothing here prints or exits: main.ts turns an
// AppError into its one stderr line (through formatDiagnostic) and an exit code.

import type { Diagnostic } from './diagnostics.js';

/** `explain` exits 1 (notFound) when what it was asked about has no sign-in in the inputs. */
export const EXIT = { ok: 0, thresholdCrossed: 1, notFound: 1, error: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What each exit code means: `report --help` ends with them, and the README's table says the same. */
export const EXIT_MEANINGS: Readonly<Record<ExitCode, string>> = {
  0: 'the report was produced (also when a reader such as head closes the output early)',
  1: 'the report was produced, and a --fail-on threshold was crossed',
  2: 'usage error, unreadable or unrecognised input, input with no usable sign-in, or an internal error',
};

const ERROR_CODES = [
  'USAGE',
  'INPUT_UNREADABLE',
  'INPUT_EMPTY',
  'INPUT_UNKNOWN_FORMAT',
  'INPUT_LOST_CODES',
  'INPUT_MALFORMED',
  'INPUT_UNUSABLE',
  'STRICT_REJECTED_ROW',
  'CATALOG_INVALID',
  'BASELINE_INVALID',
  'DETECTIONS_INVALID',
  'KEY_FILE_INVALID',
  'OUTPUT_UNWRITABLE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A failure the user can act on: printed as one line `signin-analyzer: <where>: <message> — <hint>`, exit 2. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(code: ErrorCode, message: string, where: { hint?: string; file?: string; line?: number } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.hint = where.hint;
    this.file = where.file;
    this.line = where.line;
  }

  get diagnostic(): Diagnostic {
    return { severity: 'error', code: this.code, message: this.message, hint: this.hint, file: this.file ?? null, line: this.line ?? null };
  }
}

export function usageError(message: string, hint?: string): AppError {
  return new AppError('USAGE', message, hint === undefined ? {} : { hint });
}
