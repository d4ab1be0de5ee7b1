// Owns the error vocabulary and the exit-code contract. Nothing here prints or exits:
// cli.ts is the only place that turns an AppError into stderr text and a process exit code.

export const EXIT = { ok: 0, thresholdCrossed: 1, error: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const ERROR_CODES = [
  'USAGE',
  'INPUT_UNREADABLE',
  'INPUT_EMPTY',
  'INPUT_UNKNOWN_FORMAT',
  'INPUT_LOST_CODES',
  'INPUT_MALFORMED',
  'STRICT_REJECTED_ROW',
  'CATALOG_INVALID',
  'BASELINE_INVALID',
  'DETECTIONS_INVALID',
  'OUTPUT_UNWRITABLE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A failure the user can act on: printed as one line `signin-analyzer: <where>: <message> — <hint>`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    where: { hint?: string; file?: string; line?: number } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.hint = where.hint;
    this.file = where.file;
    this.line = where.line;
  }
}

export function usageError(message: string, hint?: string): AppError {
  return new AppError('USAGE', message, hint === undefined ? {} : { hint });
}

/** The single-line text of an AppError, without the program-name prefix. */
export function describeError(error: AppError): string {
  const where = error.file === undefined ? '' : `${error.file}${error.line === undefined ? '' : `:${error.line}`}: `;
  const hint = error.hint === undefined ? '' : ` — ${error.hint}`;
  return oneLine(`${where}${error.message}${hint}`);
}

/** Error text may quote file content: keep it on one line and free of control characters. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
}
