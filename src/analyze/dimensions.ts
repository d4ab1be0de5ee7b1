// Owns the declarative table of report dimensions (GoAccess "paneling"): what each one counts and how a
// sign-in maps to its key. The aggregator loops over this table; adding a dimension is adding a row here.

import type { SignIn } from '../model.js';
import type { RowFacts } from './outcome.js';

export const DIMENSION_IDS = ['code', 'category', 'user', 'app', 'client-app', 'country', 'ip', 'type', 'day', 'hour-of-week'] as const;
export type DimensionId = (typeof DIMENSION_IDS)[number];

/** Keys are numbers where the natural key is one (codes, days): no string is built per row for them. */
export type DimensionKey = string | number;

/** The explicit bucket for a sign-in that has no value for a dimension (xsv's `(NULL)`). */
export const NO_VALUE = '(none)';

export interface Dimension {
  readonly id: DimensionId;
  readonly title: string;
  /**
   * `nonSuccess`: only failures and interrupts are counted (codes and categories describe what went wrong).
   * `all`: every sign-in, so failure rates can be computed.
   */
  readonly scope: 'all' | 'nonSuccess';
  /** Other dimensions whose distinct keys are counted per key of this one (e.g. distinct users per code). */
  readonly distinct: readonly DimensionId[];
  /** Count the failure/interrupt codes per key (top codes, distinct codes). */
  readonly codes: boolean;
  /** Count the source failure texts per key (the most frequent one is shown for uncatalogued codes). */
  readonly reasons: boolean;
  /** `count`: biggest first. `key`: chronological series, never cut by --top. */
  readonly order: 'count' | 'key';
  /** Break each key's failures and interrupts down by remediation category (from its code counts; needs `codes`). */
  readonly categories?: boolean;
  readonly key: (signIn: SignIn, facts: RowFacts) => DimensionKey;
  /** How a key is shown; keys that are already text are shown as they are. */
  readonly label?: (key: DimensionKey) => string;
}

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
/** ISO order: the week starts on Monday. */
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** The identity a sign-in is counted under: the UPN, then display name, user id, service principal name. */
export function identityOf(signIn: SignIn): string {
  return signIn.userPrincipalName || signIn.userDisplayName || signIn.userId || signIn.servicePrincipalName || NO_VALUE;
}

export function appOf(signIn: SignIn): string {
  return signIn.appName || signIn.appId || NO_VALUE;
}

export function dayLabel(key: DimensionKey): string {
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

export const DIMENSIONS: readonly Dimension[] = [
  {
    id: 'code',
    title: 'Error codes',
    scope: 'nonSuccess',
    distinct: ['user', 'app'],
    codes: false,
    reasons: true,
    order: 'count',
    key: (_signIn, facts) => facts.code,
  },
  {
    id: 'category',
    title: 'Categories',
    scope: 'nonSuccess',
    distinct: ['user'],
    codes: true,
    reasons: false,
    order: 'count',
    key: (_signIn, facts) => facts.entry.category,
  },
  { id: 'user', title: 'Users', scope: 'all', distinct: [], codes: true, reasons: false, order: 'count', key: identityOf },
  { id: 'app', title: 'Applications', scope: 'all', distinct: ['user'], codes: true, reasons: false, order: 'count', key: appOf },
  {
    id: 'client-app',
    title: 'Client apps',
    scope: 'all',
    distinct: ['user'],
    codes: true,
    reasons: false,
    order: 'count',
    key: (signIn) => signIn.clientApp || NO_VALUE,
  },
  {
    id: 'country',
    title: 'Countries',
    scope: 'all',
    distinct: ['user'],
    codes: true,
    reasons: false,
    order: 'count',
    key: (signIn) => signIn.country || NO_VALUE,
  },
  {
    id: 'ip',
    title: 'IP addresses',
    scope: 'all',
    distinct: ['user'],
    codes: true,
    reasons: false,
    order: 'count',
    key: (signIn) => signIn.ipAddress || NO_VALUE,
  },
  {
    id: 'type',
    title: 'Sign-in types',
    scope: 'all',
    distinct: ['user'],
    codes: true,
    reasons: false,
    order: 'count',
    key: (signIn) => signIn.signInType,
  },
  {
    id: 'day',
    title: 'Days (UTC)',
    scope: 'all',
    distinct: ['user'],
    codes: true,
    reasons: false,
    order: 'key',
    categories: true,
    key: (signIn) => Math.floor(signIn.time.getTime() / MS_PER_DAY),
    label: dayLabel,
  },
  {
    id: 'hour-of-week',
    title: 'Hours of the week (UTC)',
    scope: 'all',
    // No distinct users: a user signs in at many hours, so the pairs would grow toward users × 168.
    distinct: [],
    codes: true,
    reasons: false,
    order: 'key',
    key: (signIn) => hourOfWeek(signIn.time),
    label: hourOfWeekLabel,
  },
];

/** Whether rows of the dimension count their distinct users (a user row does not: it is one user). */
export function countsUsers(id: DimensionId): boolean {
  return DIMENSIONS[dimensionIndex(id)]!.distinct.includes('user');
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
