// Fuzz helper: runs one input through the whole command line in-process (runMain) and judges the outcome by the
// rules every run must keep, whatever it was given: no exception escapes and no run hangs, the exit code is 0 or
// 2, every stderr line is one diagnostic, a failed run prints no report (a command that streams, export to stdout,
// keeps what it wrote before the error), and a report is valid against the JSON schema with every row accounted
// for (rowsRead = signIns + rejected + duplicates + outsideWindow + filteredOut, per input and in total). Figures
// are kept for the summary `npm run fuzz` prints.

import { runMain, type MainResult } from '../helpers/io.js';
import { schemaErrors } from '../helpers/report-schema.js';

const VIOLATIONS = ['escape', 'hang', 'exit-code', 'multi-line', 'internal', 'output-on-error', 'schema', 'identity'] as const;
export type Violation = (typeof VIOLATIONS)[number];

export interface Outcome {
  readonly status: number | 'escape' | 'hang';
  readonly violations: readonly { readonly kind: Violation; readonly detail: string }[];
  /** The error code of a failed run (`INPUT_EMPTY`, ...), taken from its last stderr line, or the exit status. */
  readonly label: string;
}

/** Runs `signin-analyzer ARGS` in-process within `timeoutMs` and judges the result. */
export async function runAndJudge(
  args: readonly string[],
  options: {
    timeoutMs: number;
    allowThreshold?: boolean;
    cwd?: string /** Writes as it reads (export to stdout): what came before an error stays. */;
    streams?: boolean;
  },
): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), options.timeoutMs);
  });
  let result: MainResult | 'hang';
  try {
    result = await Promise.race([runMain(args, options.cwd === undefined ? {} : { cwd: options.cwd }), timeout]);
  } catch (error) {
    return {
      status: 'escape',
      violations: [{ kind: 'escape', detail: error instanceof Error ? (error.stack ?? error.message) : String(error) }],
      label: 'escape',
    };
  } finally {
    clearTimeout(timer);
  }
  if (result === 'hang') return { status: 'hang', violations: [{ kind: 'hang', detail: `no result after ${options.timeoutMs} ms` }], label: 'hang' };
  return { status: result.status, violations: judge(result, options.allowThreshold === true, options.streams === true), label: labelOf(result) };
}

function labelOf(result: MainResult): string {
  if (result.status === 0) return 'exit 0';
  const last = result.stderr.trimEnd().split('\n').at(-1) ?? '';
  const message = last.replace(/^signin-analyzer: (?:[^:]*:\d*:? )?/, '');
  return `exit ${result.status}: ${message.slice(0, 48)}`;
}

function judge(result: MainResult, allowThreshold: boolean, streams: boolean): { kind: Violation; detail: string }[] {
  const found: { kind: Violation; detail: string }[] = [];
  const allowed = allowThreshold ? [0, 1, 2] : [0, 2];
  if (!allowed.includes(result.status)) found.push({ kind: 'exit-code', detail: `exit ${result.status}` });
  const lines = result.stderr === '' ? [] : result.stderr.replace(/\n$/, '').split('\n');
  const loose = lines.filter((line) => !/^signin-analyzer: \S/.test(line));
  if (loose.length > 0 || (result.stderr !== '' && !result.stderr.endsWith('\n')))
    found.push({ kind: 'multi-line', detail: JSON.stringify(loose.slice(0, 3)) });
  const internal = lines.find((line) => line.includes('internal error'));
  if (internal !== undefined) found.push({ kind: 'internal', detail: internal });
  if (result.status === 2 && result.stdout !== '' && !streams) found.push({ kind: 'output-on-error', detail: result.stdout.slice(0, 80) });
  if (result.status !== 2 && result.stdout.startsWith('{')) found.push(...judgeReport(result.stdout));
  return found;
}

interface Counts {
  rowsRead: number;
  signIns: number;
  rejected: number;
  duplicates: number;
  outsideWindow?: number;
  filteredOut?: number;
}

function judgeReport(text: string): { kind: Violation; detail: string }[] {
  let report: { accounting: Counts; inputs: Counts[]; totals: { signIns: number; success: number; failure: number; interrupted: number } };
  try {
    report = JSON.parse(text) as typeof report;
  } catch (error) {
    return [{ kind: 'schema', detail: `not JSON: ${(error as Error).message}` }];
  }
  const errors = schemaErrors(report);
  if (errors.length > 0) return [{ kind: 'schema', detail: errors.slice(0, 3).join('; ') }];
  const found: { kind: Violation; detail: string }[] = [];
  const a = report.accounting;
  const sum = (rows: readonly Counts[], pick: (row: Counts) => number): number => rows.reduce((total, row) => total + pick(row), 0);
  const checks: [string, boolean][] = [
    [
      'rowsRead = signIns + rejected + duplicates + outsideWindow + filteredOut',
      a.rowsRead === a.signIns + a.rejected + a.duplicates + (a.outsideWindow ?? 0) + (a.filteredOut ?? 0),
    ],
    ['inputs add up to the run', sum(report.inputs, (row) => row.rowsRead) === a.rowsRead && sum(report.inputs, (row) => row.rejected) === a.rejected],
    [
      'each input: rowsRead = signIns + rejected + duplicates + filteredOut',
      report.inputs.every((row) => row.rowsRead === row.signIns + row.rejected + row.duplicates + (row.filteredOut ?? 0)),
    ],
    [
      'totals.signIns = accounting.signIns = success + failure + interrupted',
      report.totals.signIns === a.signIns && report.totals.success + report.totals.failure + report.totals.interrupted === a.signIns,
    ],
  ];
  for (const [rule, holds] of checks)
    if (!holds) found.push({ kind: 'identity', detail: `${rule}: ${JSON.stringify({ accounting: a, inputs: report.inputs })}` });
  return found;
}

/** Counts kept over a campaign. */
export class Figures {
  cases = 0;
  readonly byStatus = new Map<string, number>();
  readonly bySeedKind = new Map<string, number>();
  readonly byMutation = new Map<string, number>();
  readonly byLabel = new Map<string, number>();
  readonly violations = new Map<Violation, number>();
  /** The first few failing cases, to reproduce them. */
  readonly failures: string[] = [];

  add(outcome: Outcome, describe: () => string, seedKind: string, mutations: readonly string[]): void {
    this.cases++;
    bump(this.byStatus, String(outcome.status));
    bump(this.bySeedKind, seedKind);
    for (const kind of new Set(mutations)) bump(this.byMutation, kind);
    bump(this.byLabel, outcome.label);
    for (const violation of outcome.violations) {
      bump(this.violations, violation.kind);
      if (this.failures.length < 10) this.failures.push(`${describe()}: ${violation.kind}: ${violation.detail}`);
    }
  }

  get violationCount(): number {
    return [...this.violations.values()].reduce((total, count) => total + count, 0);
  }

  summary(title: string, milliseconds: number): string {
    const list = (map: ReadonlyMap<string, number>): string =>
      [...map]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .map(([key, count]) => `${key} ${count}`)
        .join(', ');
    return [
      `${title}: ${this.cases} cases in ${(milliseconds / 1000).toFixed(1)} s`,
      `  exit status: ${list(this.byStatus)}`,
      `  seeds: ${list(this.bySeedKind)}`,
      `  mutations: ${list(this.byMutation)}`,
      `  ${VIOLATIONS.map((kind) => `${kind} ${this.violations.get(kind) ?? 0}`).join(', ')}`,
      '  outcomes:',
      ...[...this.byLabel].sort((a, b) => b[1] - a[1]).map(([label, count]) => `    ${String(count).padStart(5)}  ${label}`),
    ].join('\n');
  }
}

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
