// Owns the declarative table of report dimensions (GoAccess "paneling"): what each one counts, how a sign-in maps
// to its key, and how every output names it. The aggregator, the finished report, the JSON contract and its schema,
// the CSV, the comparison and the --fail-on words all loop over this table: adding a dimension is adding a row here.

import type { SignIn } from '../model.js';
import type { RowFacts } from './outcome.js';

/** Keys are numbers where the natural key is one (codes, days): no string is built per row for them. */
export type DimensionKey = string | number;

/** The explicit bucket for a sign-in that has no value for a dimension (xsv's `(NULL)`). */
export const NO_VALUE = '(none)';

/**
 * One dimension: how a sign-in maps to its key and what is counted per key (the aggregator loops over these),
 * and how every output names it (the JSON section and key field, the CSV `--by` name, the table heading, the
 * --fail-on words), so each of them derives from this one row.
 */
export interface Dimension<Id extends string = DimensionId> {
  readonly id: Id;
  /**
   * `code` and `category` rows carry catalog text (CodeRow, CategoryRow); every `entity` dimension reports
   * EntityRows of sign-ins, failures, interrupts, failure rate, distinct users and top codes.
   */
  readonly kind: 'code' | 'category' | 'entity';
  /** Section title: `Users`. */
  readonly title: string;
  /** Heading of the key column: `User`. */
  readonly heading: string;
  /** What one key is, in a sentence: `application`, `IP address`. */
  readonly noun: string;
  /** The plural used in words and --fail-on rules: `new-users`. */
  readonly plural: string;
  /** What --by and the JSON section list, for --help and the schema. */
  readonly help: string;
  readonly json: {
    /** The report's section: `byUser`. */
    readonly section: string;
    /** The key of the dimension's list of new and gone keys in a comparison: `users`, `clientApps`. */
    readonly plural: string;
    /** The key field of each row: `user`. */
    readonly field: string;
    /** What the key holds, for the schema: any text, one of the sign-in types, or a YYYY-MM-DD day. */
    readonly key: 'text' | 'code' | 'category' | 'signInType' | 'day';
  };
  /**
   * `nonSuccess`: only failures and interrupts are counted (codes and categories describe what went wrong).
   * `all`: every sign-in, so failure rates can be computed.
   */
  readonly scope: 'all' | 'nonSuccess';
  /** Other dimensions whose distinct keys are counted per key of this one (e.g. distinct users per code). */
  readonly distinct: readonly Id[];
  /** Count the failure/interrupt codes per key (top codes, distinct codes). */
  readonly codes: boolean;
  /** Count the source failure texts per key (the most frequent one is shown for uncatalogued codes). */
  readonly reasons: boolean;
  /** `count`: biggest first. `key`: chronological series, never cut by --top. */
  readonly order: 'count' | 'key';
  /**
   * What a comparison with an earlier period compares per key: `count` (failures and interrupts), `failures`,
   * or null when the dimension is not compared (the row says why).
   */
  readonly compare: 'count' | 'failures' | null;
  /** Shown as a section of its own (and its change) in the table and Markdown formats. */
  readonly shown: boolean;
  /** Client-app rows say whether the client app uses legacy authentication. */
  readonly legacy?: true;
  /**
   * The key as KQL computes it over the sign-in rows `signin-analyzer kql` reads from the workspace (kql/signins.ts
   * names those columns: `reads`), the same value as `key` computes from a SignIn, and the column showing it.
   */
  readonly kql: {
    readonly key: string;
    /** How the key is shown, over the column `Key`, when that is not the key itself (the key sorts; the label reads). */
    readonly label?: string;
    readonly reads: readonly string[];
    readonly column: string;
  };
  /** Break each key's failures and interrupts down by remediation category (from its code counts; needs `codes`). */
  readonly categories?: boolean;
  readonly key: (signIn: SignIn, facts: RowFacts) => DimensionKey;
  /**
   * Keys that are one key: the form each text key is counted and shown under (a user principal name in any case
   * is one user). Applied once per distinct text, when it is first seen, not per row.
   */
  readonly canonical?: (key: string) => string;
  /** How a key is shown; keys that are already text are shown as they are. */
  readonly label?: (key: DimensionKey) => string;
  /**
   * A display name for the key, where the export gives one (a tenant's name beside its id): rows carry the name
   * as `name`; when sign-ins of one key name it differently, the first in code-unit order is kept, so the result
   * does not depend on the order rows are read in.
   */
  readonly name?: (signIn: SignIn) => string;
}

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
/** ISO order: the week starts on Monday. */
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** The identity a sign-in is counted under: the UPN, then display name, user id, service principal name. */
export function identityOf(signIn: SignIn): string {
  return signIn.userPrincipalName || signIn.userDisplayName || signIn.userId || signIn.servicePrincipalName || NO_VALUE;
}

/** identityOf in KQL (the user dimension's KQL key lowers it as canonicalUser does). */
export const KQL_IDENTITY = `coalesce(UserPrincipalName, UserDisplayName, UserId, ServicePrincipalName, "${NO_VALUE}")`;

/**
 * A user name as one identity: user principal names are case-insensitive in Entra ID, so `Alice@Contoso.com`
 * and `alice@contoso.com` are one user, counted once in the report and the detections alike (an attacker
 * varying the case must not split a brute force).
 */
export function canonicalUser(text: string): string {
  return text.includes('@') ? text.toLowerCase() : text;
}

function appOf(signIn: SignIn): string {
  return signIn.appName || signIn.appId || NO_VALUE;
}

function dayLabel(key: DimensionKey): string {
  return new Date(Number(key) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The hour of the week in UTC: Monday 00:00-00:59 is 0, Sunday 23:00-23:59 is 167. */
function hourOfWeek(time: Date): number {
  const ms = time.getTime();
  const day = Math.floor(ms / MS_PER_DAY);
  // 1970-01-01, day 0, was a Thursday: weekday 3 counting from Monday.
  const weekday = (((day + 3) % 7) + 7) % 7;
  return weekday * 24 + Math.floor((ms - day * MS_PER_DAY) / MS_PER_HOUR);
}

/** `Mon 08:00` for the hour from 08:00 to 08:59 on Mondays. */
export function hourOfWeekLabel(key: DimensionKey): string {
  const hour = Number(key);
  return `${WEEKDAYS[Math.floor(hour / 24)]} ${String(hour % 24).padStart(2, '0')}:00`;
}

const ENTITY = { kind: 'entity', scope: 'all', codes: true, reasons: false, order: 'count', compare: 'failures' } as const;

const ROWS = [
  {
    id: 'code',
    noun: 'error code',
    kind: 'code',
    title: 'Error codes',
    heading: 'Code',
    plural: 'codes',
    help: 'every code of a failed or interrupted sign-in',
    json: { section: 'byCode', plural: 'codes', field: 'code', key: 'code' },
    scope: 'nonSuccess',
    distinct: ['user', 'app'],
    codes: false,
    reasons: true,
    order: 'count',
    compare: 'count',
    shown: true,
    kql: { key: 'Code', reads: ['Code'], column: 'Code' },
    key: (_signIn, facts) => facts.code,
  },
  {
    id: 'category',
    noun: 'category',
    kind: 'category',
    title: 'Categories',
    heading: 'Category',
    plural: 'categories',
    help: 'remediation categories: who acts and what to do',
    json: { section: 'byCategory', plural: 'categories', field: 'category', key: 'category' },
    scope: 'nonSuccess',
    distinct: ['user'],
    codes: true,
    reasons: false,
    order: 'count',
    compare: 'count',
    shown: true,
    kql: { key: 'Category', reads: ['Category'], column: 'Category' },
    key: (_signIn, facts) => facts.entry.category,
  },
  {
    ...ENTITY,
    id: 'user',
    noun: 'user',
    title: 'Users',
    heading: 'User',
    plural: 'users',
    help: 'per identity: UPN, else display name, user id or service principal name',
    json: { section: 'byUser', plural: 'users', field: 'user', key: 'text' },
    distinct: [],
    shown: true,
    kql: {
      // identityOf as canonicalUser forms it: a name with an @ in lower case.
      key: `iff(${KQL_IDENTITY} contains "@", tolower(${KQL_IDENTITY}), ${KQL_IDENTITY})`,
      reads: ['UserPrincipalName', 'UserDisplayName', 'UserId', 'ServicePrincipalName'],
      column: 'User',
    },
    key: identityOf,
    canonical: canonicalUser,
  },
  {
    ...ENTITY,
    id: 'app',
    noun: 'application',
    title: 'Applications',
    heading: 'Application',
    plural: 'apps',
    help: 'per application name (else application id)',
    json: { section: 'byApp', plural: 'apps', field: 'app', key: 'text' },
    distinct: ['user'],
    shown: true,
    kql: { key: `coalesce(AppDisplayName, AppId, "${NO_VALUE}")`, reads: ['AppDisplayName', 'AppId'], column: 'App' },
    key: appOf,
  },
  {
    ...ENTITY,
    id: 'client-app',
    noun: 'client app',
    title: 'Client apps',
    heading: 'Client app',
    plural: 'client-apps',
    help: 'per client app; legacy says whether it uses legacy authentication',
    json: { section: 'byClientApp', plural: 'clientApps', field: 'clientApp', key: 'text' },
    distinct: ['user'],
    shown: false,
    legacy: true,
    kql: { key: `coalesce(ClientAppUsed, "${NO_VALUE}")`, reads: ['ClientAppUsed'], column: 'ClientApp' },
    key: (signIn) => signIn.clientApp || NO_VALUE,
  },
  {
    ...ENTITY,
    id: 'country',
    noun: 'country',
    title: 'Countries',
    heading: 'Country',
    plural: 'countries',
    help: 'per country or region code',
    json: { section: 'byCountry', plural: 'countries', field: 'country', key: 'text' },
    distinct: ['user'],
    shown: false,
    kql: { key: `coalesce(Country, "${NO_VALUE}")`, reads: ['Country'], column: 'Country' },
    key: (signIn) => signIn.country || NO_VALUE,
  },
  {
    ...ENTITY,
    id: 'ip',
    noun: 'IP address',
    title: 'IP addresses',
    heading: 'IP address',
    plural: 'ips',
    help: 'per IP address',
    json: { section: 'byIp', plural: 'ips', field: 'ip', key: 'text' },
    distinct: ['user'],
    shown: false,
    kql: { key: `coalesce(IPAddress, "${NO_VALUE}")`, reads: ['IPAddress'], column: 'IPAddress' },
    key: (signIn) => signIn.ipAddress || NO_VALUE,
  },
  {
    ...ENTITY,
    id: 'type',
    noun: 'sign-in type',
    title: 'Sign-in types',
    heading: 'Sign-in type',
    plural: 'types',
    help: 'per sign-in type',
    json: { section: 'byType', plural: 'types', field: 'type', key: 'signInType' },
    distinct: ['user'],
    shown: false,
    kql: { key: 'SignInType', reads: ['SignInType'], column: 'Type' },
    key: (signIn) => signIn.signInType,
  },
  {
    ...ENTITY,
    id: 'day',
    noun: 'day',
    title: 'Days (UTC)',
    heading: 'Day',
    plural: 'days',
    help: 'per UTC day, oldest first; never cut by --top',
    json: { section: 'byDay', plural: 'days', field: 'day', key: 'day' },
    distinct: ['user'],
    order: 'key',
    // Two periods have different days: nothing to compare.
    compare: null,
    shown: false,
    categories: true,
    kql: { key: 'format_datetime(Time, "yyyy-MM-dd")', reads: ['Time'], column: 'Day' },
    key: (signIn) => Math.floor(signIn.time.getTime() / MS_PER_DAY),
    label: dayLabel,
  },
  {
    ...ENTITY,
    id: 'hour-of-week',
    noun: 'hour of the week',
    title: 'Hours of the week (UTC)',
    heading: 'Hour (UTC)',
    plural: 'hours',
    help: 'per hour of the week in UTC, Monday 00:00 first; never cut by --top',
    json: { section: 'byHourOfWeek', plural: 'hoursOfWeek', field: 'hourOfWeek', key: 'text' },
    // No distinct users: a user signs in at many hours, so the pairs would grow toward users × 168.
    distinct: [],
    order: 'key',
    // An hour of one week and the same hour of another are comparable, but a week's hours say little alone.
    compare: null,
    shown: false,
    kql: {
      key: '(toint(dayofweek(Time) / 1d) + 6) % 7 * 24 + hourofday(Time)',
      label: 'strcat(dynamic(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])[Key / 24], " ", iff(Key % 24 < 10, "0", ""), tostring(Key % 24), ":00")',
      reads: ['Time'],
      column: 'Hour',
    },
    key: (signIn) => hourOfWeek(signIn.time),
    label: hourOfWeekLabel,
  },
  {
    ...ENTITY,
    id: 'tenant',
    noun: 'tenant',
    title: 'Tenants',
    heading: 'Tenant',
    plural: 'tenants',
    help: "per home tenant of the signing-in identity (its id; name: the tenant's name where the export gives it)",
    json: { section: 'byTenant', plural: 'tenants', field: 'tenant', key: 'text' },
    distinct: ['user'],
    shown: false,
    // Log Analytics has no tenant name column, so the query names no tenant.
    kql: { key: `coalesce(HomeTenantId, "${NO_VALUE}")`, reads: ['HomeTenantId'], column: 'HomeTenantId' },
    // The id, not the name: every export that has tenants has the id, while names are missing from Log
    // Analytics exports and from Graph's service principal sign-ins, so a name key would split one tenant in two.
    key: (signIn) => signIn.homeTenantId || NO_VALUE,
    name: (signIn) => signIn.homeTenantName,
  },
] as const satisfies readonly Dimension<string>[];

type Row = (typeof ROWS)[number];
export type DimensionId = Row['id'];
/** Every dimension, in the order the aggregator keeps them. */
export const DIMENSIONS: readonly Dimension[] = ROWS;
export const DIMENSION_IDS: readonly DimensionId[] = ROWS.map((dimension) => dimension.id);

/** Dimensions whose rows describe who or what signed in (everything but codes and categories). */
export type EntityDimensionId = Extract<Row, { readonly kind: 'entity' }>['id'];
export const ENTITY_DIMENSION_IDS = DIMENSION_IDS.filter((id) => dimensionOf(id).kind === 'entity') as readonly EntityDimensionId[];

/** Dimensions a comparison with an earlier period covers. */
export type ComparedDimension = Extract<Row, { readonly compare: 'count' | 'failures' }>['id'];
export const COMPARED_DIMENSIONS = DIMENSION_IDS.filter((id) => dimensionOf(id).compare !== null) as readonly ComparedDimension[];

/** The JSON section a dimension's rows go to: `byUser`. */
export type JsonSection = Row['json']['section'];
/** The JSON section of one dimension. */
export type JsonSectionOf<Id extends DimensionId> = Extract<Row, { readonly id: Id }>['json']['section'];

/** The row of a dimension. */
export function dimensionOf(id: DimensionId): Dimension {
  return DIMENSIONS[dimensionIndex(id)]!;
}

export function dimensionIndex(id: DimensionId): number {
  const index = DIMENSIONS.findIndex((dimension) => dimension.id === id);
  if (index < 0) throw new Error(`no dimension ${id}`);
  return index;
}

/**
 * Client apps that use legacy (basic) authentication, as Conditional Access groups them. They cannot do MFA,
 * so failures through them are flagged. Compared case-insensitively with spaces collapsed.
 */
export const LEGACY_CLIENT_APPS = [
  'Authenticated SMTP',
  'Autodiscover',
  'Exchange ActiveSync',
  'Exchange Online PowerShell',
  'Exchange Web Services',
  'IMAP4',
  'MAPI Over HTTP',
  'Offline Address Book',
  'Other clients',
  'Outlook Anywhere (RPC over HTTP)',
  'Outlook Service',
  'POP3',
  'Reporting Web Services',
  'Universal Outlook',
] as const;

const LEGACY_NORMALIZED = new Set(LEGACY_CLIENT_APPS.map(normalizeClientApp));

function normalizeClientApp(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function isLegacyClientApp(name: string): boolean {
  const normalized = normalizeClientApp(name);
  // Exports name Outlook Anywhere with and without the "(RPC over HTTP)" suffix.
  return LEGACY_NORMALIZED.has(normalized) || normalized.startsWith('outlook anywhere');
}
