// What the KQL must return, checked against the file path. No KQL engine runs here, so the test translates the
// fixture rows into the four tables as a workspace holds them (KQL column names and types), and a small model
// evaluates what each emitted query computes on those rows, step by step: each table read into the reader's
// fields, one row per Id (the latest TimeGenerated), the window, the catalog then the status for the outcome, and
// each section's summarize and order. Its results must equal the JSON report of the same rows read from files.
// The detection queries are modelled too, and must return what the offline detections find under the same
// --detections file. The binder (kql.validate.test.ts) checks that the queries are well-formed; this checks what
// they are meant to mean.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDetectionSettings, type CodeSet, type DetectionSettings } from '../src/analyze/findings/settings.js';
import { isLegacyClientApp, TOP_CODES_PER_ROW } from '../src/analyze/index.js';
import { builtinCatalog, unknownEntry } from '../src/catalog/index.js';
import { repoRoot } from './helpers/exec.js';
import { runMain } from './helpers/io.js';
import { SIGN_IN_TABLE_SCHEMAS } from './helpers/kusto.js';

type Dynamic = Record<string, unknown> | string;
/** One row of a workspace table: datetimes as Date, dynamic columns as objects, JSON-text columns as strings. */
type TableRow = Record<string, string | Date | Dynamic>;
type Tables = Record<string, TableRow[]>;

const catalog = builtinCatalog();
const workdir = mkdtempSync(path.join(tmpdir(), 'kql-semantics-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

// ------------------------------------------------------------------ the model of the queries

/** KQL's tostring() of a dynamic property: "" when missing or null. */
function tostring(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
/** coalesce() over strings: the first that is not empty. */
function coalesce(...values: string[]): string {
  return values.find((value) => value !== '') ?? '';
}
function parseJson(text: unknown): Record<string, unknown> {
  if (typeof text === 'object' && text !== null) return text as Record<string, unknown>;
  try {
    const value: unknown = JSON.parse(String(text));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
/** `iff(User contains "@", tolower(User), User)`: a user principal name in any case is one user. */
function lowerWithAt(text: string): string {
  return text.includes('@') ? text.toLowerCase() : text;
}
/** toint(): digits only, else null. */
function toint(text: string): number | null {
  return /^\d+$/.test(text) ? Number(text) : null;
}

interface ModelRow {
  readonly id: string;
  /** IPAddress as read (the detections skip an empty one); `ip` is the dimension's key. */
  readonly rawIp: string;
  readonly details: string;
  readonly timeGenerated: number;
  readonly time: number | null;
  readonly code: number | null;
  readonly statusWord: string;
  readonly reasonText: string;
  readonly user: string;
  readonly app: string;
  readonly ip: string;
  readonly country: string;
  readonly clientApp: string;
  readonly tenant: string;
  readonly type: string;
}

/** The union branch of each table (src/kql/tables.ts), then the steps after the union (src/kql/signins.ts). */
function signInRows(tables: Tables, window: { since: Date | null; until: Date | null }) {
  const read: ModelRow[] = [];
  for (const [table, rows] of Object.entries(tables)) {
    const user = table === 'SigninLogs' || table === 'AADNonInteractiveUserSignInLogs';
    for (const row of rows) {
      const text = (column: string): string => (row[column] === undefined ? '' : String(row[column]));
      const statusObject = table === 'SigninLogs' || table === 'AADNonInteractiveUserSignInLogs' ? parseJson(row['Status']) : null;
      const location = parseJson(row['LocationDetails']);
      const codeText = statusObject === null ? text('ResultType') : coalesce(text('ResultType'), tostring(statusObject['errorCode']));
      const cleaned = codeText.trim().replace(/^aadsts/i, '');
      const statusWord = text('ResultSignature').trim().toLowerCase();
      read.push({
        id: text('Id'),
        rawIp: text('IPAddress'),
        details: statusObject === null ? '' : tostring(statusObject['additionalDetails']),
        timeGenerated: (row['TimeGenerated'] as Date).getTime(),
        time: ((user ? row['CreatedDateTime'] : row['TimeGenerated']) as Date | undefined)?.getTime() ?? null,
        code: toint(cleaned === '' && statusWord === 'success' ? '0' : cleaned),
        statusWord,
        reasonText: statusObject === null ? text('ResultDescription') : coalesce(text('ResultDescription'), tostring(statusObject['failureReason'])),
        user: lowerWithAt(
          coalesce(
            user ? text('UserPrincipalName') : '',
            user ? text('UserDisplayName') : text('Identity'),
            user ? text('UserId') : '',
            table === 'AADNonInteractiveUserSignInLogs' ? '' : text('ServicePrincipalName'),
            '(none)',
          ),
        ),
        app: coalesce(user ? text('AppDisplayName') : '', text('AppId'), '(none)'),
        ip: coalesce(text('IPAddress'), '(none)'),
        country: coalesce(tostring(location['countryOrRegion']), text('Location'), '(none)'),
        clientApp: coalesce(user ? text('ClientAppUsed') : '', '(none)'),
        tenant: coalesce(user ? text('HomeTenantId') : '', '(none)'),
        type:
          { SigninLogs: 'interactive', AADNonInteractiveUserSignInLogs: 'noninteractive', AADServicePrincipalSignInLogs: 'serviceprincipal' }[table] ??
          'managedidentity',
      });
    }
  }
  // where isnotnull(Time) and isnotnull(Code); summarize arg_max(TimeGenerated, *) by Id (an empty Id is its own key)
  const latest = new Map<string, ModelRow>();
  read
    .filter((row) => row.time !== null && row.code !== null)
    .forEach((row, index) => {
      const key = row.id === '' ? `row ${index}` : row.id;
      const kept = latest.get(key);
      if (kept === undefined || row.timeGenerated > kept.timeGenerated) latest.set(key, row);
    });
  return [...latest.values()]
    .filter(
      (row) =>
        (window.since === null || (row.time as number) >= window.since.getTime()) && (window.until === null || (row.time as number) < window.until.getTime()),
    )
    .map((row) => {
      const code = row.code as number;
      const entry = catalog.lookup(code);
      const outcome =
        entry !== undefined
          ? entry.outcome
          : ['success', 'failure', 'interrupted'].includes(row.statusWord)
            ? row.statusWord
            : code === 0
              ? 'success'
              : 'failure';
      const reason = code === 0 && ['Other.', 'Other'].includes(row.reasonText.trim()) ? '' : row.reasonText;
      return { ...row, code, outcome, category: entry?.category ?? 'unknown', reason, ...timeKeys(row.time as number) };
    });
}
type Row = ReturnType<typeof signInRows>[number];

/** The day, and the hour of the week as `(toint(dayofweek(Time) / 1d) + 6) % 7 * 24 + hourofday(Time)` computes it. */
function timeKeys(time: number) {
  const date = new Date(time);
  return { day: date.toISOString().slice(0, 10), hourOfWeek: ((date.getUTCDay() + 6) % 7) * 24 + date.getUTCHours() };
}
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const hourLabel = (hour: number): string => `${WEEKDAYS[Math.floor(hour / 24)]} ${String(hour % 24).padStart(2, '0')}:00`;

function countBy<K>(rows: readonly Row[], key: (row: Row) => K): Map<K, Row[]> {
  const groups = new Map<K, Row[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}
const distinct = (rows: readonly Row[], pick: (row: Row) => string | number): number => new Set(rows.map(pick)).size;
const failures = (rows: readonly Row[]): number => rows.filter((row) => row.outcome === 'failure').length;
const interrupts = (rows: readonly Row[]): number => rows.filter((row) => row.outcome === 'interrupted').length;
const cmp = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

/** The mv-apply of topCodesExpression: by count desc, code asc, first TOP_CODES_PER_ROW. */
function topCodes(rows: readonly Row[]) {
  return [
    ...countBy(
      rows.filter((row) => row.outcome !== 'success'),
      (row) => row.code,
    ),
  ]
    .map(([code, group]) => ({ code, count: group.length }))
    .sort((a, b) => b.count - a.count || a.code - b.code)
    .slice(0, TOP_CODES_PER_ROW);
}

/** The categoriesExpression mv-apply: the failures and interrupts per category, by count desc, category asc. */
function categoryCounts(rows: readonly Row[]) {
  return [
    ...countBy(
      rows.filter((row) => row.outcome !== 'success'),
      (row) => row.category,
    ),
  ]
    .map(([category, group]) => ({ category, count: group.length }))
    .sort((a, b) => b.count - a.count || cmp(a.category, b.category));
}

/** `extend Rank = Failures + iff(SignIns == Failures + Interrupted, Interrupted, 0)`. */
const rank = (row: { SignIns: number; Failures: number; Interrupted: number }): number =>
  row.Failures + (row.SignIns === row.Failures + row.Interrupted ? row.Interrupted : 0);

/** The summary, codes, categories and entity queries of src/kql/sections.ts. */
function sections(rows: readonly Row[]) {
  const legacy = rows.filter((row) => isLegacyClientApp(row.clientApp));
  const summary = {
    SignIns: rows.length,
    Success: rows.filter((row) => row.outcome === 'success').length,
    Failure: failures(rows),
    Interrupted: interrupts(rows),
    Users: distinct(rows, (row) => row.user),
    Apps: distinct(rows, (row) => row.app),
    FirstSignIn: rows.length === 0 ? null : new Date(Math.min(...rows.map((row) => row.time as number))).toISOString(),
    LastSignIn: rows.length === 0 ? null : new Date(Math.max(...rows.map((row) => row.time as number))).toISOString(),
    LegacySignIns: legacy.length,
    LegacyFailures: failures(legacy),
    LegacyInterrupted: interrupts(legacy),
  };
  const failing = rows.filter((row) => row.outcome !== 'success');
  const codes = [...countBy(failing, (row) => row.code)]
    .map(([code, group]) => {
      const entry = catalog.lookup(code);
      const reasons = [
        ...countBy(
          group.filter((row) => row.reason !== ''),
          (row) => row.reason,
        ),
      ].sort((a, b) => b[1].length - a[1].length || cmp(a[0], b[0]));
      const fallback = unknownEntry(code);
      return {
        Code: code,
        Name: entry?.name ?? '',
        Outcome: entry !== undefined && entry.outcome !== 'success' ? entry.outcome : failures(group) >= interrupts(group) ? 'failure' : 'interrupted',
        Category: entry?.category ?? 'unknown',
        Catalogued: entry !== undefined,
        Count: group.length,
        Failures: failures(group),
        Interrupted: interrupts(group),
        Users: distinct(group, (row) => row.user),
        Apps: distinct(group, (row) => row.app),
        Description: (entry ?? fallback).description,
        Remediation: (entry ?? fallback).remediation,
        FailureReason: reasons[0]?.[0] ?? '',
      };
    })
    .sort((a, b) => b.Count - a.Count || a.Code - b.Code);
  const categories = [...countBy(failing, (row) => row.category)]
    .map(([category, group]) => {
      const info = catalog.category(category);
      return {
        Category: category,
        Title: info.title,
        Actor: info.actor,
        Guidance: info.guidance,
        Count: group.length,
        Failures: failures(group),
        Interrupted: interrupts(group),
        Users: distinct(group, (row) => row.user),
        Codes: distinct(group, (row) => row.code),
        TopCodes: topCodes(group),
      };
    })
    .sort((a, b) => b.Count - a.Count || cmp(a.Category, b.Category));
  const entity = <K extends string | number>(key: (row: Row) => K, users: boolean, chronological = false, perCategory = false) =>
    [...countBy(rows, key)]
      .map(([value, group]) => ({
        Key: value,
        SignIns: group.length,
        Failures: failures(group),
        Interrupted: interrupts(group),
        FailureRate: Math.round((failures(group) / group.length) * 10_000) / 10_000,
        ...(users ? { Users: distinct(group, (row) => row.user) } : {}),
        TopCodes: topCodes(group),
        ...(perCategory ? { Categories: categoryCounts(group) } : {}),
      }))
      .sort((a, b) =>
        chronological
          ? cmp(a.Key, b.Key)
          : rank(b) - rank(a) || b.Failures - a.Failures || b.Interrupted - a.Interrupted || b.SignIns - a.SignIns || cmp(a.Key, b.Key),
      );
  return {
    summary,
    codes,
    categories,
    user: entity((row) => row.user, false),
    app: entity((row) => row.app, true),
    'client-app': entity((row) => row.clientApp, true).map((row) => ({ ...row, Legacy: isLegacyClientApp(row.Key) })),
    country: entity((row) => row.country, true),
    ip: entity((row) => row.ip, true),
    type: entity((row) => row.type, true),
    day: entity((row) => row.day, true, true, true),
    tenant: entity((row) => row.tenant, true),
    'hour-of-week': entity((row) => row.hourOfWeek, false, true).map(({ Key, ...row }) => ({ Key: hourLabel(Key), ...row })),
  };
}

// ------------------------------------------------------------------ the detection queries (src/kql/detections.ts)

/** The codes of a code set: those named, and the catalog's codes with one of its tags. */
function codesOf(set: CodeSet): Set<number> {
  return new Set([...set.codes, ...catalog.entries().flatMap((entry) => (entry.tags.some((tag) => set.tags.includes(tag)) ? [entry.code] : []))]);
}
const binOf = (time: number, minutes: number): number => Math.floor(time / (minutes * 60_000)) * minutes * 60_000;

/** What every detection query reads: user sign-ins only (the user is already one identity whatever its case). */
function detectionRows(rows: readonly Row[]): Row[] {
  return rows.filter((row) => row.type === 'interactive' || row.type === 'noninteractive');
}

/** detection-password-spray: the addresses it returns, with their severity. */
function sprayQuery(all: readonly Row[], settings: DetectionSettings) {
  const rows = detectionRows(all);
  const codes = codesOf(settings.codes.credentialFailure);
  const { binMinutes, minUsers } = settings['password-spray'];
  const attempts = rows.filter((row) => row.rawIp !== '' && (codes.has(row.code) || row.outcome === 'success'));
  const failed = (row: Row): boolean => codes.has(row.code);
  return [...countBy(attempts, (row) => row.rawIp)]
    .flatMap(([ip, group]) => {
      const bins = countBy(group.filter(failed), (row) => binOf(row.time as number, binMinutes));
      const sprayed = [...bins.values()].some((inBin) => distinct(inBin, (row) => row.user) >= minUsers);
      const failedUsers = distinct(group.filter(failed), (row) => row.user);
      const succeededUsers = distinct(
        group.filter((row) => !failed(row)),
        (row) => row.user,
      );
      return sprayed && succeededUsers < failedUsers ? [{ ip, severity: succeededUsers > 0 ? 'high' : 'medium' }] : [];
    })
    .sort((a, b) => cmp(a.ip, b.ip));
}

/** detection-mfa-fatigue: per user, the denials in bins that make a burst with the next, and whose addresses they are. */
function fatigueQuery(all: readonly Row[], settings: DetectionSettings) {
  const rows = detectionRows(all);
  const denied = codesOf(settings.codes.mfaDenied);
  const withText = new Set([...codesOf(settings.codes.mfaPrompt), ...codesOf(settings.codes.passwordAccepted)]);
  const texts = settings.mfaDeniedTexts;
  const saysDenied = (text: string): boolean => texts.some((pattern) => text.toLowerCase().includes(pattern));
  const { binMinutes, minDenials } = settings['mfa-fatigue'];
  const denials = rows.filter(
    (row) =>
      row.type === 'interactive' &&
      row.outcome !== 'success' &&
      row.rawIp !== '' &&
      (denied.has(row.code) || (withText.has(row.code) && (saysDenied(row.details) || saysDenied(row.reason)))),
  );
  const successes = rows.filter((row) => row.outcome === 'success' && row.rawIp !== '');
  return [...countBy(denials, (row) => row.user)].flatMap(([user, mine]) => {
    const perBin = countBy(mine, (row) => binOf(row.time as number, binMinutes));
    const marked = new Set<number>();
    for (const [bin, group] of perBin) {
      if (group.length + (perBin.get(bin + binMinutes * 60_000)?.length ?? 0) < minDenials) continue;
      marked.add(bin).add(bin + binMinutes * 60_000);
    }
    const burst = mine.filter((row) => marked.has(binOf(row.time as number, binMinutes)));
    if (burst.length === 0) return [];
    const first = Math.min(...burst.map((row) => row.time as number));
    const ips = [...new Set(burst.map((row) => row.rawIp))];
    const strangers = ips.filter((ip) => !successes.some((row) => row.user === user && row.rawIp === ip && (row.time as number) < first));
    const through = successes.filter((row) => row.user === user && strangers.includes(row.rawIp)).length;
    return [
      {
        user,
        severity: through > 0 ? 'high' : strangers.length > 0 ? 'medium' : 'low',
        denials: burst.length,
        first: new Date(first).toISOString(),
        last: new Date(Math.max(...burst.map((row) => row.time as number))).toISOString(),
        ips: ips.length,
      },
    ];
  });
}

// ------------------------------------------------------------------ the file path, in the same shape

const ENTITY_SECTIONS = {
  user: 'byUser',
  app: 'byApp',
  'client-app': 'byClientApp',
  country: 'byCountry',
  ip: 'byIp',
  type: 'byType',
  day: 'byDay',
  'hour-of-week': 'byHourOfWeek',
  tenant: 'byTenant',
} as const;
const KEY_FIELDS = {
  user: 'user',
  app: 'app',
  'client-app': 'clientApp',
  country: 'country',
  ip: 'ip',
  type: 'type',
  day: 'day',
  'hour-of-week': 'hourOfWeek',
  tenant: 'tenant',
} as const;

async function fileReport(args: readonly string[]) {
  const result = await runMain(['report', ...args, '--format', 'json', '--now', '2026-11-16T12:00:00Z'], { cwd: workdir });
  expect(result.status).toBe(0);
  // biome-ignore lint/suspicious/noExplicitAny: the JSON report is checked against its schema elsewhere
  const json = JSON.parse(result.stdout) as any;
  const pascal = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key[0]!.toUpperCase() + key.slice(1), value]));
  const entities = Object.fromEntries(
    Object.entries(ENTITY_SECTIONS).map(([id, section]) => [
      id,
      // A tenant's name is not a column of Log Analytics, so the query has none to show.
      // biome-ignore lint/suspicious/noExplicitAny: as above
      json[section].map(({ [KEY_FIELDS[id as keyof typeof KEY_FIELDS]]: key, name: _name, ...rest }: any) => ({ Key: key, ...pascal(rest) })),
    ]),
  );
  return {
    summary: {
      SignIns: json.totals.signIns,
      Success: json.totals.success,
      Failure: json.totals.failure,
      Interrupted: json.totals.interrupted,
      Users: json.totals.users,
      Apps: json.totals.apps,
      FirstSignIn: json.period.firstSignIn === null ? null : new Date(json.period.firstSignIn).toISOString(),
      LastSignIn: json.period.lastSignIn === null ? null : new Date(json.period.lastSignIn).toISOString(),
      LegacySignIns: json.legacyProtocols.signIns,
      LegacyFailures: json.legacyProtocols.failures,
      LegacyInterrupted: json.legacyProtocols.interrupted,
    },
    codes: json.byCode.map(pascal),
    categories: json.byCategory.map(pascal),
    ...entities,
  };
}

// ------------------------------------------------------------------ the fixtures as workspace tables

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(path.resolve(repoRoot, file)), {
    columns: (header: string[]) => header.map((name) => name.trim().replace(/ \[UTC\]$/, '')),
    bom: true,
  });
}

/** The bundled sample (a portal CSV, or a file made from it) as SigninLogs rows, plus a re-ingested copy of every tenth sign-in. */
function sampleAsSigninLogs(file = 'fixtures/sample/InteractiveSignIns_sample.csv'): Tables {
  const rows: TableRow[] = readCsv(file).map((row) => {
    const created = new Date(row['Date (UTC)']!);
    const [city, state, country] = (row['Location'] ?? '').split(',').map((part) => part.trim());
    return {
      TimeGenerated: new Date(created.getTime() + 4 * 60_000),
      CreatedDateTime: created,
      Id: row['Request ID']!,
      ResultType: row['Sign-in error code']!,
      ResultSignature: row['Status']!.toUpperCase(),
      ResultDescription: row['Failure reason']!,
      Status: {
        errorCode: Number(row['Sign-in error code']),
        failureReason: row['Failure reason'],
        additionalDetails: row['Multifactor authentication result'],
      },
      UserPrincipalName: row['Username']!,
      UserDisplayName: row['User']!,
      UserId: row['User ID']!,
      ServicePrincipalName: '',
      AppDisplayName: row['Application']!,
      AppId: row['Application ID']!,
      IPAddress: row['IP address']!,
      Location: country ?? '',
      LocationDetails: { city: city ?? '', state: state ?? '', countryOrRegion: country ?? '' },
      ClientAppUsed: row['Client app']!,
      HomeTenantId: row['Home tenant ID']!,
    };
  });
  const copies = rows
    .filter((_row, index) => index % 10 === 0)
    .map((row) => ({ ...row, TimeGenerated: new Date((row['TimeGenerated'] as Date).getTime() + 3_600_000) }));
  return { SigninLogs: [...rows, ...copies] };
}

/** `11/12/2026, 8:15:38.774 AM` (US, as Log Analytics exports write it). */
function usTime(text: string): Date {
  const match = /^(\d+)\/(\d+)\/(\d{4}), (\d+):(\d+):(\d+)(\.\d+)? (AM|PM)$/.exec(text.trim());
  if (match === null) throw new Error(`not a Log Analytics time: ${text}`);
  const [, month, day, year, hour, minute, second, fraction, half] = match;
  const hours = (Number(hour) % 12) + (half === 'PM' ? 12 : 0);
  return new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), hours, Number(minute), Number(second), Math.round(Number(fraction ?? 0) * 1000)));
}

/**
 * The Log Analytics equivalence fixture split into its tables (two interactive sign-ins moved to the
 * non-interactive table), each row keeping only its table's columns, typed as the table types them.
 */
function equivalenceTables(): Tables {
  const tables: Tables = {};
  readCsv('fixtures/equivalence/LogAnalytics_equivalence.csv').forEach((row, index) => {
    const table = row['Type'] === 'SigninLogs' && (index === 2 || index === 4) ? 'AADNonInteractiveUserSignInLogs' : row['Type']!;
    const typed: TableRow = {};
    for (const column of SIGN_IN_TABLE_SCHEMAS[table]!) {
      const [name, type] = column.split(':') as [string, string];
      const source = row[name];
      if (source === undefined) continue;
      typed[name] = type === 'datetime' ? usTime(source) : type === 'dynamic' ? parseJson(source) : source;
    }
    // Re-ingested once, later, unchanged.
    (tables[table] ??= []).push(typed);
    if (index === 0) tables[table].push({ ...typed, TimeGenerated: new Date((typed['TimeGenerated'] as Date).getTime() + 600_000) });
  });
  return tables;
}

/** Each table as Log Analytics exports it to CSV: its own columns, the table name in Type, times in ISO. */
function writeExports(tables: Tables): string[] {
  return Object.entries(tables).map(([table, rows]) => {
    const columns = [...SIGN_IN_TABLE_SCHEMAS[table]!.map((column) => column.split(':')[0]!), 'Type'];
    const cell = (value: unknown): string => {
      const text = value instanceof Date ? value.toISOString() : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value ?? '');
      return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    };
    const lines = [columns.join(','), ...rows.map((row) => columns.map((column) => cell(column === 'Type' ? table : row[column])).join(','))];
    const file = path.join(workdir, `${table}.csv`);
    writeFileSync(file, `${lines.join('\r\n')}\r\n`);
    return file;
  });
}

// ------------------------------------------------------------------ the checks

describe('the queries compute what the file path reports', () => {
  it.each([
    ['all of it', [], { since: null, until: null }],
    [
      'a window',
      ['--since', '2026-11-10', '--until', '2026-11-13T12:00:00Z'],
      { since: new Date('2026-11-10T00:00:00Z'), until: new Date('2026-11-13T12:00:00Z') },
    ],
  ])('the bundled sample as SigninLogs, %s', async (_label, window, bounds) => {
    const tables = sampleAsSigninLogs();
    const expected = await fileReport([path.join(repoRoot, 'fixtures/sample/InteractiveSignIns_sample.csv'), ...window]);
    const model = sections(signInRows(tables, bounds));
    expect(model.summary.SignIns).toBeGreaterThan(100);
    expect(model).toEqual(expected);
  });

  it('the equivalence sign-ins in all four tables, exported per table', async () => {
    const tables = equivalenceTables();
    expect(Object.keys(tables).sort()).toEqual(Object.keys(SIGN_IN_TABLE_SCHEMAS).sort());
    const expected = await fileReport(writeExports(tables));
    const model = sections(signInRows(tables, { since: null, until: null }));
    expect(model.summary.SignIns).toBe(15);
    expect(model).toEqual(expected);
  });
});

/** The fail-on query of src/kql/rules.ts: one row per crossed rule, with what it measured and its offenders. */
function crossedRules(
  rows: readonly Row[],
  rules: readonly {
    text: string;
    measure: (rows: readonly Row[]) => { actual: number; offenders?: { key: string; value: number }[] };
    over: (actual: number) => boolean;
  }[],
) {
  return rules.flatMap((rule) => {
    const { actual, offenders } = rule.measure(rows);
    const crossed = offenders === undefined ? rule.over(actual) : offenders.length > 0;
    return crossed ? [{ rule: rule.text, actual, offenders: offenders ?? [] }] : [];
  });
}

describe('the fail-on query returns the rules the report finds crossed', () => {
  it('on the bundled sample', async () => {
    const perKey = (pick: (row: Row) => string, outcome: string) => (rows: readonly Row[]) => {
      const values = [...countBy(rows, pick)].map(([key, group]) => ({ key, value: group.filter((row) => row.outcome === outcome).length }));
      const sorted = values.sort((a, b) => b.value - a.value || cmp(a.key, b.key));
      return { actual: sorted[0]?.value ?? 0, offenders: sorted.filter((offender) => offender.value > 3) };
    };
    const rules = [
      { text: 'failures>50', measure: (rows: readonly Row[]) => ({ actual: failures(rows) }), over: (actual: number) => actual > 50 },
      { text: 'interrupted>=100', measure: (rows: readonly Row[]) => ({ actual: interrupts(rows) }), over: (actual: number) => actual >= 100 },
      {
        text: 'failure-rate>5%',
        measure: (rows: readonly Row[]) => ({ actual: Math.round((failures(rows) / rows.length) * 10_000) / 100 }),
        over: (actual: number) => actual > 5,
      },
      {
        text: 'code:50126>10',
        measure: (rows: readonly Row[]) => ({ actual: rows.filter((row) => row.code === 50126 && row.outcome !== 'success').length }),
        over: (actual: number) => actual > 10,
      },
      {
        text: 'category:account_blocked>=3',
        measure: (rows: readonly Row[]) => ({ actual: rows.filter((row) => row.category === 'account_blocked' && row.outcome !== 'success').length }),
        over: (actual: number) => actual >= 3,
      },
      { text: 'user:failures>3', measure: perKey((row) => row.user, 'failure'), over: () => false },
      { text: 'app:interrupted>3', measure: perKey((row) => row.app, 'interrupted'), over: () => false },
    ];
    const result = await runMain(
      [
        'report',
        path.join(repoRoot, 'fixtures/sample/InteractiveSignIns_sample.csv'),
        '--format',
        'json',
        ...rules.flatMap((rule) => ['--fail-on', rule.text]),
      ],
      { cwd: workdir },
    );
    expect(result.status).toBe(1);
    // biome-ignore lint/suspicious/noExplicitAny: the JSON report is checked against its schema elsewhere
    const reported = (JSON.parse(result.stdout) as any).thresholds.rules.filter((outcome: any) => outcome.crossed);
    const model = crossedRules(signInRows(sampleAsSigninLogs(), { since: null, until: null }), rules);
    expect(model.length).toBeGreaterThan(2);
    expect(model.length).toBeLessThan(rules.length);
    // biome-ignore lint/suspicious/noExplicitAny: as above
    expect(model).toEqual(reported.map((outcome: any) => ({ rule: outcome.rule, actual: outcome.actual, offenders: outcome.offenders })));
  });
});

describe('the detection queries use the settings of a --detections file as the offline detections do', () => {
  // The sample's night spray (12 users in two 20-minute bins, then Megan Bowen) and Lee Gu's four MFA denials in
  // twelve minutes, under settings that make each just found, or just not. MFA prompts, which no query counts,
  // are kept out of the offline side with a minPrompts no one reaches.
  const FILES = {
    'lower thresholds': { 'mfa-fatigue': { minDenials: 3, minPrompts: 1000 }, 'password-spray': { minUsers: 7 } },
    'higher thresholds': { 'mfa-fatigue': { minPrompts: 1000 }, 'password-spray': { minUsers: 8 } },
    'denials by their text alone, in 5-minute bins': {
      codes: { mfaDenied: { codes: [], tags: [] } },
      mfaDeniedTexts: ['mfa prompt, or denied it.'],
      'mfa-fatigue': { minDenials: 3, minPrompts: 1000, binMinutes: 5 },
    },
  };

  /** The queries' findings on the export, modelled, against the offline detections' under the same settings. */
  async function expectSameFindings(label: string, overrides: object, sample = path.join(repoRoot, 'fixtures/sample/InteractiveSignIns_sample.csv')) {
    const file = path.join(workdir, `${label.replaceAll(' ', '-').replaceAll(',', '')}.json`);
    writeFileSync(file, JSON.stringify(overrides));
    const settings = parseDetectionSettings(JSON.stringify(overrides), file);
    const result = await runMain(['report', sample, '--format', 'json', '--detections', file], { cwd: workdir });
    expect(result.status).toBe(0);
    // biome-ignore lint/suspicious/noExplicitAny: the JSON report is checked against its schema elsewhere
    const findings = (JSON.parse(result.stdout) as any).findings as any[];
    const rows = signInRows(sampleAsSigninLogs(sample), { since: null, until: null });
    expect(sprayQuery(rows, settings)).toEqual(
      findings.filter((finding) => finding.kind === 'password-spray').map((finding) => ({ ip: finding.entity.ip, severity: finding.severity })),
    );
    expect(fatigueQuery(rows, settings)).toEqual(
      findings
        .filter((finding) => finding.kind === 'mfa-fatigue')
        .map((finding) => ({
          user: finding.entity.user,
          severity: finding.severity,
          denials: finding.counts.attempts,
          first: new Date(finding.first).toISOString(),
          last: new Date(finding.last).toISOString(),
          ips: finding.counts.ips,
        })),
    );
    return findings;
  }

  it.each(Object.entries(FILES))('%s', async (label, overrides) => {
    await expectSameFindings(label, overrides);
  });

  it("a user name in another case is the same user: Lee Gu's denials as Lee.Gu@Contoso.example every other time", async () => {
    let seen = 0;
    const lines = readFileSync(path.join(repoRoot, 'fixtures/sample/InteractiveSignIns_sample.csv'), 'utf8').split('\n');
    const text = lines
      .map((line) => (line.includes('lee.gu@contoso.example') && seen++ % 2 === 1 ? line.replaceAll('lee.gu@contoso.example', 'Lee.Gu@Contoso.example') : line))
      .join('\n');
    const sample = path.join(workdir, 'InteractiveSignIns_cases.csv');
    writeFileSync(sample, text);
    const findings = await expectSameFindings('cases', FILES['lower thresholds'], sample);
    expect(findings.filter((finding) => finding.kind === 'mfa-fatigue').map((finding) => finding.entity.user)).toContain('lee.gu@contoso.example');
  });

  it('finds something under some of these settings and nothing under others (so the comparison above is not vacuous)', () => {
    const rows = signInRows(sampleAsSigninLogs(), { since: null, until: null });
    const found = Object.values(FILES).map((overrides) => {
      const settings = parseDetectionSettings(JSON.stringify(overrides), 'settings.json');
      return [sprayQuery(rows, settings).length, fatigueQuery(rows, settings).length];
    });
    expect(found.some(([sprays, bursts]) => sprays! > 0 && bursts! > 0)).toBe(true);
    expect(found.some(([sprays, bursts]) => sprays === 0 && bursts === 0)).toBe(true);
    // The denial texts alone make the burst when no code is a denial by itself.
    expect(found[2]![1]).toBeGreaterThan(0);
  });
});

describe('the sample as a workspace holds it', () => {
  it('is kept in fixtures/kql/ as JSON Lines in SigninLogs columns, for checking the queries in a workspace (docs/kql.md)', async () => {
    const lines = sampleAsSigninLogs().SigninLogs!.map((row) => JSON.stringify(row));
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('../fixtures/kql/SigninLogs_sample.jsonl');
  });
});
