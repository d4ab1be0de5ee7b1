// Owns what the tool says about its run besides the report: the coded warnings with their message templates,
// the Diagnostic shape shared by errors, warnings, rejected rows and crossed thresholds, and formatDiagnostic,
// the one formatter every such line on stderr goes through. Pure: nothing here prints.

import { neutralize } from './text.js';
import { plural, formatCount } from './words.js';
import { TOOL_NAME } from './version.js';

/** Where a diagnostic points: the input as the user named it, and a 1-based line; null when it is about the run. */
export interface Where {
  readonly file: string | null;
  readonly line: number | null;
}

/**
 * Every warning, by its code (the JSON report's `warnings[].code`, a stable contract), with the template that
 * writes its message from its arguments. A warning never stops the run; it is printed unless --quiet and
 * listed in the report.
 */
/** The arguments of a template that needs none. */
type None = Readonly<Record<string, never>>;

const WARNINGS = {
  ROWS_REJECTED: (a: { readonly rejected: number; readonly rowsRead: number; readonly reasons: string; readonly listed: number }) =>
    `${a.rejected} of ${a.rowsRead} ${plural(a.rowsRead, 'row')} could not be used (${a.reasons})${a.rejected > a.listed ? `; the first ${a.listed} are listed above` : ''}`,
  NO_ROWS: (_: None) => 'holds no sign-ins, only a header or an empty list: check the period and filters it was exported with',
  PROBABLY_TRUNCATED: (a: { readonly rows: number; readonly origin: string }) =>
    `exactly ${formatCount(a.rows)} rows: ${a.origin}, so this export is probably cut off — export shorter periods`,
  MORE_PAGES: (_: None) =>
    'the last Graph page in this file links to a next one (@odata.nextLink): the sign-ins after it are missing; follow the links to the end (Get-MgAuditLogSignIn -All)',
  CUT_SHORT: (a: { readonly inside: 'array' | 'envelope' }) =>
    a.inside === 'array'
      ? 'the file ends inside its array of records: it was cut short, so any sign-ins after the last whole record are missing; download or copy it again'
      : 'the file ends before the "}" that closes it: it was cut short after its records; download or copy it again',
  MAP_NOT_USED: (a: { readonly missing: string }) =>
    a.missing === ''
      ? '--map does not apply to a JSON export, which is read by its own field names'
      : `--map names columns this file lacks (${a.missing}); it is a known export and is read as one`,
  TZ_NOT_USED: (_: None) => '--tz changes nothing without --period (or {now} in the --output name); it is ignored',
  AUTH_DETAILS_UNMATCHED: (a: { readonly requests: number }) =>
    `none of the ${formatCount(a.requests)} ${plural(a.requests, 'request')} with an MFA step in the authentication details is a sign-in of this report (by request ID): give the AuthDetails file downloaded with these sign-ins`,
  AUTH_DETAILS_NOT_USED: (_: None) =>
    'authentication details are joined to the sign-ins in a report (MFA methods, MFA fatigue); export writes the sign-ins alone, so this file was read and not used',
  FILE_SKIPPED: (_: None) => 'not an export file name (.csv, .json, .jsonl, .ndjson, optionally .gz); skipped',
  INPUT_SKIPPED: (a: { readonly why: string }) => `${a.why}; skipped, and the rest of the directory reported (name the file on its own to stop on it)`,
  TIME_FALLBACK: (a: { readonly count: number; readonly example: string }) =>
    `${a.count} ${plural(a.count, 'sign-in')} had an unreadable time (the first: ${JSON.stringify(a.example)}); ${plural(a.count, 'its', 'their')} other time was used`,
  DATE_ORDER_ASSUMED: (_: None) =>
    'no date in this file tells day from month (all are 12 or below); read as month/day/year — pass --date-order dmy if they are day-first',
  DATE_ORDER_OVERRIDDEN: (a: { readonly example: string; readonly order: string; readonly given: string }) =>
    `dates such as ${JSON.stringify(a.example)} show the file is ${a.order}; --date-order ${a.given} does not apply to it`,
  EMPTY_PERIOD: (a: { readonly label: string; readonly window: string }) => `period ${a.label} (${a.window}) has no sign-ins in the inputs`,
  EMPTY_PREVIOUS_PERIOD: (a: { readonly label: string | null }) =>
    `the period before${a.label === null ? '' : ` (${a.label})`} has no sign-ins in the inputs, so every entry counts as new; export that period too for a comparison`,
  NO_SIGN_INS: (a: { readonly outsideWindow: number; readonly filteredOut: number }) =>
    `no sign-in matches the filters (${a.outsideWindow} outside the time window, ${a.filteredOut} filtered out)`,
  SIGN_IN_TYPE_MISSING: (a: { readonly present: string; readonly missing: string; readonly why: string }) =>
    `the inputs hold ${a.present} sign-ins but no ${a.missing} ones: ${a.why} — export that log for the same period too`,
  DAYS_WITHOUT_SIGN_INS: (a: { readonly days: number; readonly list: string }) =>
    `${a.days === 1 ? 'one day' : `${a.days} days`} inside the span the inputs cover ${a.days === 1 ? 'has' : 'have'} no sign-in at all (${a.list}, UTC): a download is probably missing`,
  INPUTS_OVERLAP: (a: { readonly other: string; readonly from: string; readonly until: string }) =>
    `covers the same time as ${a.other} (${a.from} to ${a.until}), and --keep-duplicates counts the sign-ins they share twice`,
  INPUT_ENDS_EARLY: (a: { readonly last: string; readonly until: string; readonly gap: string; readonly ongoing: boolean }) =>
    `ends at ${a.last}, ${a.gap} before ${a.ongoing ? 'now' : 'the period does'} (${a.until}), and no other input goes on: later sign-ins are missing`,
  KEY_FILE_CREATED: (_: None) =>
    'created this pseudonym key file (32 random bytes, readable by you only); keep it, and keep it private: the same key gives the same pseudonyms, and with it anyone can tell whose they are',
  KEY_FILE_OPEN: (a: { readonly mode: string }) => `others can read this pseudonym key file (mode ${a.mode}); make it readable by you only (chmod 600)`,
  BASELINE_PRIVACY: (a: { readonly what: string; readonly why: string }) =>
    `the baseline's ${a.what} ${a.why}, so they do not line up with this report's and are not compared`,
  NO_BASELINE: (a: { readonly rules: readonly string[]; readonly why: string }) =>
    a.rules.length === 0
      ? `no baseline: ${a.why}; the report compares nothing`
      : `no baseline, ${plural(a.rules.length, 'rule')} skipped: ${a.rules.join(', ')} (${a.why})`,
  BASELINE_INCOMPLETE: (a: { readonly section: string }) =>
    `the baseline lists only the first rows of ${a.section} (it was made with --top), so entries beyond them show as new`,
  BASELINE_MISSING_SECTION: (a: { readonly section: string }) =>
    `the baseline has no ${a.section} (it was made by an older version), so that list is not compared`,
} as const;

export type WarningCode = keyof typeof WARNINGS;
export const WARNING_CODES = Object.keys(WARNINGS) as readonly WarningCode[];
type WarningArgs<C extends WarningCode> = Parameters<(typeof WARNINGS)[C]>[0];

/** A warning as the report lists it: its code, the message its template wrote, and where it points. */
export interface Warning extends Where {
  readonly code: WarningCode;
  readonly message: string;
}

/** Makes a warning; its message always comes from the code's template. */
export function warning<C extends WarningCode>(code: C, args: WarningArgs<C>, where: Partial<Where> = {}): Warning {
  const template = WARNINGS[code] as (args: WarningArgs<C>) => string;
  return { code, message: template(args), file: where.file ?? null, line: where.line ?? null };
}

const SEVERITIES = ['error', 'warning', 'rejected', 'crossed'] as const;
type Severity = (typeof SEVERITIES)[number];

/** Anything said on stderr about the run: an error, a warning, a rejected row, a crossed --fail-on rule. */
export interface Diagnostic extends Where {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  /** What to do about it, after a dash. */
  readonly hint?: string | undefined;
}

/**
 * Warnings printed even with --quiet: the report holds nothing, or the input was cut off. A scheduled job runs
 * quietly, and an empty report that exits 0 without a word is the failure it must hear of.
 */
const HEARD_WHEN_QUIET: ReadonlySet<string> = new Set<WarningCode>(['NO_ROWS', 'NO_SIGN_INS', 'EMPTY_PERIOD', 'CUT_SHORT', 'PROBABLY_TRUNCATED', 'MORE_PAGES']);

/** Whether a diagnostic is printed: always, or with --quiet only the warnings a quiet run must still hear. */
export function audible(diagnostic: Diagnostic, quiet: boolean): boolean {
  return !quiet || diagnostic.severity !== 'warning' || HEARD_WHEN_QUIET.has(diagnostic.code);
}

const LABEL: Readonly<Record<Severity, string>> = { error: '', warning: 'warning: ', rejected: 'rejected row: ', crossed: 'threshold crossed: ' };

/**
 * The one line a diagnostic is printed as: `signin-analyzer: FILE:LINE: warning: MESSAGE — HINT`. It quotes
 * file names and file content, so it is neutralised: one line, no control or direction-override character.
 */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = diagnostic.file === null ? '' : `${diagnostic.file}${diagnostic.line === null ? '' : `:${diagnostic.line}`}: `;
  const hint = diagnostic.hint === undefined ? '' : ` — ${diagnostic.hint}`;
  return `${TOOL_NAME}: ${neutralize(`${where}${LABEL[diagnostic.severity]}${diagnostic.message}${hint}`)}\n`;
}

export function warningDiagnostic(warning: Warning): Diagnostic {
  return { severity: 'warning', code: warning.code, message: warning.message, file: warning.file, line: warning.line };
}
