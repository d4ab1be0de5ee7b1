// Owns what the inputs cover and where they fall short, from ingest's per-input facts and the period asked for:
// per input its format, sign-in types, first and last sign-in and rows; across inputs the sign-in types missing,
// the days inside the covered span with no sign-in at all, the inputs that overlap, the inputs that end before
// the period does, and files cut at a known export cap. Pure: coverageWarnings says which of it to warn about.

import type { TimeWindow } from '../analyze/windows.js';
import { warning, type Warning } from '../diagnostics.js';
import { capOf, INPUT_FORMATS, type InputFormat } from '../ingest/formats.js';
import { SIGN_IN_TYPES, type InputSummary, type SignInType } from '../model.js';
import { isoInstant } from '../time.js';
import { count } from '../words.js';

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;

/** An input that ends this long before the period does is said to end early: a quiet night is not a gap. */
export const ENDS_EARLY_AFTER_MS = 24 * MS_PER_HOUR;

/** Why a missing sign-in type matters; the user pair is warned about when one half is there without the other. */
export const MISSING_TYPE_REASONS: Readonly<Record<SignInType, string>> = {
  interactive: 'password prompts, MFA and Conditional Access decisions made with the user present are only in the interactive log',
  noninteractive:
    'legacy POP, IMAP and SMTP attempts, token refreshes and sign-ins clients make on the user’s behalf often show only in the non-interactive log',
  serviceprincipal: 'apps signing in with their own secret or certificate (failures there break automation) are only in the service principal log',
  managedidentity: 'Azure resources signing in with managed identities are only in the managed identity log',
};

/** A sign-in type in a sentence. */
export const TYPE_WORDS: Readonly<Record<SignInType, string>> = {
  interactive: 'interactive',
  noninteractive: 'non-interactive',
  serviceprincipal: 'service principal',
  managedidentity: 'managed identity',
};

/** The two user sign-in logs: one without the other is an incomplete picture of the same people. */
const USER_PAIR: readonly (readonly [SignInType, SignInType])[] = [
  ['interactive', 'noninteractive'],
  ['noninteractive', 'interactive'],
];

interface InputCoverage {
  readonly path: string;
  readonly format: string;
  readonly types: readonly SignInType[];
  readonly firstSignIn: Date | null;
  readonly lastSignIn: Date | null;
  /** Rows read. */
  readonly rows: number;
  /** Sign-ins this input repeated from inputs read before it. */
  readonly duplicates: number;
  /** The export cap the row count equals, with why: the file was probably cut there. */
  readonly cap: { readonly rows: number; readonly origin: string } | null;
  /** An authentication-details file: its rows that are MFA steps (it holds no sign-ins). */
  readonly mfaSteps?: number;
}

interface MissingType {
  readonly type: SignInType;
  readonly why: string;
  /** The other half of the user pair is there (and the type was asked for): worth a warning. */
  readonly warned: boolean;
}

interface Overlap {
  /** The earlier-read input and the later one. */
  readonly inputs: readonly [string, string];
  readonly from: Date;
  readonly until: Date;
  /** The later input's duplicates: the sign-ins it repeats from inputs read before it. */
  readonly duplicates: number;
}

interface EndsEarly {
  readonly path: string;
  readonly lastSignIn: Date;
  /** The end of the period asked for, or now when the period has not ended yet. */
  readonly until: Date;
  /** The period goes on past now: the input is measured against now. */
  readonly ongoing: boolean;
}

export interface Coverage {
  readonly inputs: readonly InputCoverage[];
  readonly typesPresent: readonly SignInType[];
  readonly typesMissing: readonly MissingType[];
  /** First and last sign-in across every input; null when there were none. */
  readonly span: { readonly first: Date; readonly last: Date } | null;
  /** UTC days inside the covered span (and the period) with no sign-in in any input, `YYYY-MM-DD`, ascending. */
  readonly missingDays: readonly string[];
  readonly overlaps: readonly Overlap[];
  readonly endsEarly: readonly EndsEarly[];
  /** Duplicates were kept (--keep-duplicates): overlapping inputs count their shared sign-ins twice. */
  readonly duplicatesKept: boolean;
}

export interface CoverageRequest {
  /** The period asked for (--since/--until/--period). */
  readonly window: TimeWindow;
  /** --now, or the clock: no input can go on past it. */
  readonly now: Date;
  /** The --type filter (empty: every type). */
  readonly types: readonly SignInType[];
  readonly keepDuplicates: boolean;
}

export function coverageOf(inputs: readonly InputSummary[], request: CoverageRequest): Coverage {
  const present = SIGN_IN_TYPES.filter((type) => inputs.some((input) => input.covers.types.includes(type)));
  const asked = (type: SignInType): boolean => request.types.length === 0 || request.types.includes(type);
  const warnedTypes = new Set(USER_PAIR.filter(([have, lack]) => present.includes(have) && !present.includes(lack) && asked(lack)).map(([, lack]) => lack));
  const firsts = inputs.flatMap((input) => (input.covers.first === null ? [] : [input.covers.first.getTime()]));
  const lasts = inputs.flatMap((input) => (input.covers.last === null ? [] : [input.covers.last.getTime()]));
  const span = firsts.length === 0 ? null : { first: new Date(Math.min(...firsts)), last: new Date(Math.max(...lasts)) };
  return {
    inputs: inputs.map((input) => ({
      path: input.path,
      format: input.format,
      types: input.covers.types,
      firstSignIn: input.covers.first,
      lastSignIn: input.covers.last,
      rows: input.rowsRead,
      duplicates: input.duplicates,
      cap: input.format in INPUT_FORMATS ? capOf(input.format as InputFormat, input.rowsRead) : null,
      ...(input.mfaSteps === undefined ? {} : { mfaSteps: input.mfaSteps }),
    })),
    typesPresent: present,
    typesMissing: SIGN_IN_TYPES.filter((type) => !present.includes(type)).map((type) => ({
      type,
      why: MISSING_TYPE_REASONS[type],
      warned: warnedTypes.has(type),
    })),
    span,
    missingDays: span === null ? [] : missingDays(inputs, span, request.window),
    overlaps: overlaps(inputs),
    endsEarly: endsEarly(inputs, request.window, request.now),
    duplicatesKept: request.keepDuplicates,
  };
}

/** Days strictly between the first and the last covered day (within the period) that no input has a sign-in on. */
function missingDays(inputs: readonly InputSummary[], span: { first: Date; last: Date }, window: TimeWindow): string[] {
  const seen = new Set(inputs.flatMap((input) => input.covers.days));
  const dayOf = (ms: number): number => Math.floor(ms / MS_PER_DAY);
  // Only whole days inside the period count: the period's first and last day may be partly outside it.
  const from = Math.max(dayOf(span.first.getTime()), window.since === null ? -Infinity : Math.ceil(window.since.getTime() / MS_PER_DAY));
  const to = Math.min(dayOf(span.last.getTime()), window.until === null ? Infinity : dayOf(window.until.getTime()) - 1);
  const missing: string[] = [];
  for (let day = from + 1; day < to; day++) if (!seen.has(day)) missing.push(new Date(day * MS_PER_DAY).toISOString().slice(0, 10));
  return missing;
}

/**
 * Pairs of inputs whose time spans overlap and that share a sign-in type (an interactive and a non-interactive
 * download of the same week cover different sign-ins, so they do not overlap in this sense).
 */
function overlaps(inputs: readonly InputSummary[]): Overlap[] {
  const found: Overlap[] = [];
  inputs.forEach((later, j) => {
    const { first: laterFirst, last: laterLast, types: laterTypes } = later.covers;
    if (laterFirst === null || laterLast === null) return;
    for (const earlier of inputs.slice(0, j)) {
      const { first, last, types } = earlier.covers;
      if (first === null || last === null || !types.some((type) => laterTypes.includes(type))) continue;
      if (laterFirst > last || first > laterLast) continue;
      found.push({
        inputs: [earlier.path, later.path],
        from: new Date(Math.max(first.getTime(), laterFirst.getTime())),
        until: new Date(Math.min(last.getTime(), laterLast.getTime())),
        duplicates: later.duplicates,
      });
    }
  });
  return found;
}

/**
 * Inputs whose last sign-in is more than ENDS_EARLY_AFTER_MS before the period ends (or before now, while it has
 * not ended), while no other input of the same sign-in types goes on after it: later sign-ins of those types are in
 * no input.
 */
function endsEarly(inputs: readonly InputSummary[], window: TimeWindow, now: Date): EndsEarly[] {
  if (window.until === null) return [];
  const ongoing = now < window.until;
  const until = ongoing ? now : window.until;
  return inputs.flatMap((input): EndsEarly[] => {
    const last = input.covers.last;
    if (last === null || until.getTime() - last.getTime() <= ENDS_EARLY_AFTER_MS) return [];
    const continued = inputs.some(
      (other) =>
        other !== input && other.covers.last !== null && other.covers.last > last && other.covers.types.some((type) => input.covers.types.includes(type)),
    );
    return continued ? [] : [{ path: input.path, lastSignIn: last, until, ongoing }];
  });
}

/** Days listed by name in a warning; the rest are counted. */
const DAYS_NAMED = 5;

/** The warnings coverage gives (the cap warning is ingest's, made as each file ends). */
export function coverageWarnings(coverage: Coverage): Warning[] {
  const warnings: Warning[] = [];
  for (const missing of coverage.typesMissing) {
    if (!missing.warned) continue;
    const present = missing.type === 'interactive' ? 'noninteractive' : 'interactive';
    warnings.push(warning('SIGN_IN_TYPE_MISSING', { present: TYPE_WORDS[present], missing: TYPE_WORDS[missing.type], why: missing.why }));
  }
  if (coverage.missingDays.length > 0) {
    const named = coverage.missingDays.slice(0, DAYS_NAMED).join(', ');
    const more = coverage.missingDays.length - DAYS_NAMED;
    warnings.push(warning('DAYS_WITHOUT_SIGN_INS', { days: coverage.missingDays.length, list: more > 0 ? `${named} and ${more} more` : named }));
  }
  if (coverage.duplicatesKept) {
    for (const overlap of coverage.overlaps) {
      warnings.push(
        warning('INPUTS_OVERLAP', { other: overlap.inputs[0], from: isoInstant(overlap.from), until: isoInstant(overlap.until) }, { file: overlap.inputs[1] }),
      );
    }
  }
  for (const early of coverage.endsEarly) {
    const hours = Math.floor((early.until.getTime() - early.lastSignIn.getTime()) / MS_PER_HOUR);
    const gap = hours < 48 ? count(hours, 'hour') : count(Math.floor(hours / 24), 'day');
    warnings.push(
      warning('INPUT_ENDS_EARLY', { last: isoInstant(early.lastSignIn), until: isoInstant(early.until), gap, ongoing: early.ongoing }, { file: early.path }),
    );
  }
  return warnings;
}
