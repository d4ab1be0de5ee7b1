// Owns the JSON report's contract, schemaVersion 1, as one definition: its JSON Schema (schema/report.schema.json
// is written from it by `npm run schema`, and a test keeps the file the same) and the TypeScript types of the JSON
// report, both derived from it and from the dimension table. Field names and meanings are fixed; new fields may be
// added, none renamed or removed.

import Type, { type Static, type TSchema } from 'typebox';
import { DIMENSIONS, type Dimension, type EntityDimensionId, type JsonSection, type JsonSectionOf } from '../analyze/dimensions.js';
import { DETECTION_KINDS, SEVERITIES } from '../analyze/findings/index.js';
import { ACTORS, CATEGORIES } from '../catalog/types.js';
import { WARNING_CODES } from '../diagnostics.js';
import { SIGN_IN_TYPES } from '../model.js';
import { CHANGE_STATUSES } from '../view/compare.js';
import { ALWAYS_COMPARED } from '../view/baseline.js';
import { PRIVATE_KINDS } from '../view/privacy.js';
import { RULE_KINDS } from '../view/thresholds.js';
import { SCHEMA_VERSION } from './json.js';

const Count = Type.Integer({ minimum: 0 });
const Instant = Type.String({ format: 'date-time' });
const InstantOrNull = Type.Union([Instant, Type.Null()]);
const TextOrNull = (description?: string): TSchema => Type.Union([Type.String(), Type.Null()], description === undefined ? {} : { description });
const Words = <T extends readonly string[]>(words: T, description?: string) => Type.Enum([...words], description === undefined ? {} : { description });

const TopCodes = Type.Array(Type.Object({ code: Type.Integer(), count: Type.Integer({ minimum: 1 }) }), {
  description: 'The most frequent failure and interrupt codes, most first (at most 3).',
  maxItems: 3,
});

const Delta = Type.Object(
  { now: Type.Number({ minimum: 0 }), before: Type.Number({ minimum: 0 }), change: Type.Number(), changePercent: Type.Union([Type.Number(), Type.Null()]) },
  {
    description:
      'now and before are counts (failureRate: percent); change = now - before; changePercent is the change relative to before, one decimal, null when before is 0 (and always for failureRate, whose change is in percentage points).',
  },
);

/** The schema of a dimension's key in the JSON, from its row. */
function keySchema(dimension: Dimension): TSchema {
  switch (dimension.json.key) {
    case 'code':
      return Type.Integer();
    case 'category':
      return Words(CATEGORIES);
    case 'signInType':
      return Words(SIGN_IN_TYPES);
    case 'day':
      return Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
    case 'text':
      return Type.String();
  }
}

/** A user, app, client app, country, IP, sign-in type or day row: the key field is named after the section. */
function entityRow(dimension: Dimension): TSchema {
  return Type.Object({
    [dimension.json.field]: keySchema(dimension),
    ...(dimension.name === undefined ? {} : { name: Type.String({ description: "The key's display name where the export gives one, else empty." }) }),
    signIns: Count,
    failures: Count,
    interrupted: Count,
    failureRate: Type.Number({ minimum: 0, maximum: 1 }),
    // Distinct users of a user row is always 1: left out rather than shown as noise.
    ...(dimension.distinct.includes('user') ? { users: Type.Integer({ minimum: 0, description: 'Distinct users.' }) } : {}),
    topCodes: TopCodes,
    ...(dimension.legacy === true ? { legacy: Type.Boolean({ description: 'The client app uses legacy (basic) authentication.' }) } : {}),
    ...(dimension.categories === true
      ? {
          categories: Type.Array(Type.Object({ category: Words(CATEGORIES), count: Type.Integer({ minimum: 1 }) }), {
            description: "The key's failures and interrupts by remediation category, most first.",
          }),
        }
      : {}),
  });
}

const CodeRow = Type.Object({
  code: Type.Integer(),
  name: Type.String(),
  outcome: Words(['failure', 'interrupted']),
  category: Words(CATEGORIES),
  catalogued: Type.Boolean(),
  count: Count,
  users: Count,
  apps: Count,
  description: Type.String(),
  remediation: Type.String(),
  failureReason: Type.String({ description: 'The most frequent source text for this code.' }),
  failures: Count,
  interrupted: Count,
});

const CategoryRow = Type.Object({
  category: Words(CATEGORIES),
  title: Type.String(),
  actor: Words(ACTORS),
  count: Count,
  users: Count,
  codes: Type.Integer({ minimum: 0, description: 'Distinct codes.' }),
  failures: Count,
  interrupted: Count,
  guidance: Type.String(),
  topCodes: TopCodes,
});

const ENTITY_DIMENSIONS = DIMENSIONS.filter((dimension) => dimension.kind === 'entity');
const COMPARED = DIMENSIONS.filter((dimension) => dimension.compare !== null);

const DeltaRow = (dimension: Dimension): TSchema =>
  Type.Object({
    [dimension.json.field]: dimension.json.key === 'code' ? Type.Integer() : Type.String(),
    metric: Words(['count', 'failures']),
    now: Count,
    before: Count,
    change: Type.Integer(),
    changePercent: Type.Union([Type.Number(), Type.Null()]),
    status: Words(CHANGE_STATUSES, 'new: nothing before; gone: nothing now; else the direction of the change.'),
  });

/** A compared dimension's part of the comparison: absent when the baseline, a report of an older version, lacks it. */
const optionalUnlessAlways = (dimension: Dimension, schema: TSchema): TSchema =>
  (ALWAYS_COMPARED as readonly string[]).includes(dimension.id) ? schema : Type.Optional(schema);

const keyList = (dimension: Dimension): TSchema => Type.Array(dimension.json.key === 'code' ? Type.Integer() : Type.String());

const Comparison = Type.Object(
  {
    against: Type.Object({
      source: Words(['baseline', 'previous-period']),
      file: TextOrNull('The --baseline file.'),
      label: TextOrNull("The earlier period's label, when known."),
      since: InstantOrNull,
      until: InstantOrNull,
      generatedAt: TextOrNull('When the baseline was made.'),
    }),
    totals: Type.Object({ signIns: Delta, failures: Delta, interrupted: Delta, failureRate: Delta }),
    ...Object.fromEntries(
      COMPARED.map((dimension) => [
        dimension.json.section,
        optionalUnlessAlways(
          dimension,
          Type.Array(DeltaRow(dimension), { description: `${dimension.title}: ${dimension.compare === 'count' ? 'failures and interrupts' : 'failures'}.` }),
        ),
      ]),
    ),
    new: Type.Object(Object.fromEntries(COMPARED.map((dimension) => [dimension.json.plural, optionalUnlessAlways(dimension, keyList(dimension))])), {
      description: 'Every key with nothing before, never cut by --top.',
    }),
    gone: Type.Object(Object.fromEntries(COMPARED.map((dimension) => [dimension.json.plural, optionalUnlessAlways(dimension, keyList(dimension))])), {
      description: 'Every key with nothing now, never cut by --top.',
    }),
    totalRows: Type.Object(Object.fromEntries(COMPARED.map((dimension) => [dimension.json.section, optionalUnlessAlways(dimension, Count)])), {
      description: 'Rows each list had before --top.',
    }),
  },
  {
    description:
      'Present with --baseline or --compare previous-period: every key of every compared dimension counted now or before, largest change first (cut by --top). Codes and categories compare their count (failures and interrupts), the other dimensions their failures; days are not compared, since two periods share none. A dimension the baseline does not list (a report of an older version) is left out.',
  },
);

const Thresholds = Type.Object(
  {
    crossed: Count,
    rules: Type.Array(
      Type.Object({
        rule: Type.String({ description: 'The rule as given.' }),
        kind: Words(RULE_KINDS),
        crossed: Type.Boolean(),
        actual: Type.Union([Type.Number(), Type.Null()], { description: 'The value checked; null for a percent increase from nothing.' }),
        limit: Type.Number(),
        unit: Words(['count', 'percent']),
        message: Type.String(),
        offenders: Type.Array(Type.Object({ key: Type.String(), value: Type.Number() }), {
          description: 'The keys over the limit (users, apps, IP addresses, ...), or the new entries, largest first.',
        }),
        skipped: Type.Optional(
          Type.Literal(true, { description: 'Present on a rule that compares when there is no baseline yet: not judged, never crossed.' }),
        ),
      }),
    ),
  },
  { description: 'Present with --fail-on: each rule in the order given. The command exits 1 when crossed > 0.' },
);

const MfaStepCount = Type.Integer({
  minimum: 0,
  description:
    'Present for an authentication-details file (format portal-authdetails-csv): its rows that are MFA steps; the others are first-factor steps. All of them count in filteredOut.',
});

const Coverage = Type.Object(
  {
    inputs: Type.Array(
      Type.Object({
        path: Type.String(),
        format: Type.String(),
        types: Type.Array(Words(SIGN_IN_TYPES), { description: 'The sign-in types the input holds.' }),
        firstSignIn: InstantOrNull,
        lastSignIn: InstantOrNull,
        rows: Count,
        duplicates: Type.Integer({ minimum: 0, description: 'Sign-ins the input repeats from inputs read before it.' }),
        cap: Type.Union([Type.Object({ rows: Count, origin: Type.String() }), Type.Null()], {
          description: 'The known export cap the row count equals, and where that cap comes from: the file was probably cut there.',
        }),
        mfaSteps: Type.Optional(MfaStepCount),
      }),
      { description: 'Per input, in the order read; first and last sign-in include duplicates (they are part of what the file holds).' },
    ),
    types: Type.Object({
      present: Type.Array(Words(SIGN_IN_TYPES)),
      missing: Type.Array(
        Type.Object({
          type: Words(SIGN_IN_TYPES),
          why: Type.String({ description: 'What the missing log holds.' }),
          warned: Type.Boolean({ description: 'Warned about: the other user sign-in log is there (and the type was not filtered out).' }),
        }),
      ),
    }),
    firstSignIn: InstantOrNull,
    lastSignIn: InstantOrNull,
    missingDays: Type.Array(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), {
      description: 'UTC days between the first and the last sign-in of all inputs (within the period) with no sign-in in any input.',
    }),
    overlaps: Type.Array(
      Type.Object({
        inputs: Type.Array(Type.String(), { minItems: 2, maxItems: 2, description: 'The earlier-read input and the later one.' }),
        from: Instant,
        until: Instant,
        duplicates: Type.Integer({ minimum: 0, description: "The later input's duplicates (from every input read before it)." }),
      }),
      { description: 'Inputs whose time spans overlap and that hold a sign-in type in common.' },
    ),
    endsEarly: Type.Array(Type.Object({ path: Type.String(), lastSignIn: Instant, until: Instant }), {
      description:
        'Inputs that end more than a day before the period does (until; now, for a period that has not ended), with no other input of their sign-in types going on.',
    }),
    duplicatesKept: Type.Boolean({ description: '--keep-duplicates: overlapping inputs count the sign-ins they share twice.' }),
  },
  { description: 'What the inputs cover and where they fall short; the warnings say which of it matters.' },
);

export const Privacy = Type.Object(
  {
    pseudonymized: Type.Array(Words(PRIVATE_KINDS), { description: 'The kinds of values replaced by keyed pseudonyms (user-3f9a1c2e7b04).' }),
    redacted: Type.Array(Words(PRIVATE_KINDS), { description: 'The kinds of values left out, with the rows listed by them.' }),
    keepDomain: Type.Boolean({ description: 'User pseudonyms keep the domain of the UPN.' }),
    keyId: TextOrNull('Tells reports made with the same pseudonym key from others; never the key itself. Null without a key.'),
  },
  { description: 'Present with --pseudonymize or --redact: what was done to which values.' },
);

export const FindingRow = Type.Object({
  kind: Words(DETECTION_KINDS, 'The detection (docs/detections.md).'),
  severity: Words(SEVERITIES),
  title: Type.String({ description: 'One line naming the kind and the entity.' }),
  entity: Type.Object(
    { ip: Type.Optional(Type.String()), user: Type.Optional(Type.String()), app: Type.Optional(Type.String()) },
    { description: 'What the finding is about: an IP address or network, a user, an app or protocol, or a pair of them.' },
  ),
  first: Instant,
  last: Instant,
  counts: Type.Object({ attempts: Count, users: Count, ips: Count, apps: Count, successes: Count }),
  evidence: Type.Array(
    Type.Object({ time: Instant, user: Type.String(), ip: Type.String(), app: Type.String(), code: Type.Integer(), requestId: Type.String() }),
    { maxItems: 5, description: 'Sign-ins to look up by request ID: the earliest, at most five.' },
  ),
  why: Type.String({ description: 'Why this was flagged, with the counts, addresses and users that matter.' }),
  action: Type.String({ description: 'What to do first.' }),
});

const MfaMethodsSection = Type.Object(
  {
    requests: Type.Integer({ minimum: 0, description: 'Requests with an MFA step in the authentication details given.' }),
    signIns: Type.Integer({ minimum: 0, description: 'Sign-ins counted in this report that an MFA step was joined to, by request ID.' }),
    methods: Type.Array(
      Type.Object({
        method: Type.String({ description: 'The authentication method: Mobile app notification, Text message, Previously satisfied, ...' }),
        steps: Type.Integer({ minimum: 0, description: 'Counted sign-ins whose MFA step used the method: succeeded + failed.' }),
        succeeded: Count,
        failed: Count,
        topFailure: Type.String({ description: 'The result text most of its failed steps gave; empty when none failed with one.' }),
      }),
      { description: 'Most steps first, then by method; never cut by --top. The steps add up to signIns.' },
    ),
  },
  {
    description:
      'Present when authentication-details files were given (docs/formats.md#authentication-details): how the MFA step of each counted sign-in ended, per method.',
  },
);

/** Everything but the dimension sections, whose shape comes from the dimension table. */
const Base = Type.Object({
  schemaVersion: Type.Literal(SCHEMA_VERSION),
  tool: Type.Object({ name: Type.String(), version: Type.String(), catalogVersion: Type.String() }),
  generatedAt: Type.String({ format: 'date-time', description: 'From --now, else SOURCE_DATE_EPOCH, else the clock.' }),
  inputs: Type.Array(
    Type.Object(
      {
        path: Type.String(),
        format: Type.String({ description: 'The input format; unknown for a skipped file whose format was not recognised.' }),
        rowsRead: Count,
        signIns: Count,
        rejected: Count,
        duplicates: Count,
        filteredOut: Type.Integer({
          minimum: 0,
          description:
            'Records of another kind (not sign-ins): audit records of other types, diagnostic records of other categories, the authentication steps of an authentication-details file.',
        }),
        skipped: Type.Optional(Type.String({ description: 'Present for a file found in a directory that holds no usable sign-in: why it was skipped.' })),
        mfaSteps: Type.Optional(MfaStepCount),
      },
      { description: 'Per input: rowsRead = signIns + rejected + duplicates + filteredOut.' },
    ),
  ),
  accounting: Type.Object(
    { rowsRead: Count, signIns: Count, rejected: Count, duplicates: Count, outsideWindow: Count, filteredOut: Count },
    {
      description:
        'rowsRead = signIns + rejected + duplicates + outsideWindow + filteredOut. signIns are the sign-ins counted in this report; filteredOut counts the records of another kind in the inputs and the sign-ins the row filters (--user, --app, ...) left out.',
    },
  ),
  period: Type.Object(
    {
      since: InstantOrNull,
      until: InstantOrNull,
      firstSignIn: InstantOrNull,
      lastSignIn: InstantOrNull,
      label: Type.Optional(Type.String()),
      timeZone: Type.Optional(Type.String()),
    },
    {
      description:
        'since (inclusive) and until (exclusive) are the time filter; firstSignIn and lastSignIn the counted sign-ins. With --period, label names the period (2026-W46, 2026-11-15, 2026-11-09..2026-11-15, 2026-10) and timeZone is the --tz whose calendar it follows.',
    },
  ),
  totals: Type.Object({ signIns: Count, success: Count, failure: Count, interrupted: Count, users: Count, apps: Count }),
  byCode: Type.Array(CodeRow, { description: 'Every code of a failed or interrupted sign-in; counts add up to totals.failure + totals.interrupted.' }),
  byCategory: Type.Array(CategoryRow),
  legacyProtocols: Type.Object({ signIns: Count, failures: Count, interrupted: Count, clientApps: Type.Array(Type.String()) }),
  top: Type.Integer({ minimum: 0, description: 'The --top applied to the lists (0 = all).' }),
  totalRows: Type.Record(Type.String(), Count, { description: 'Rows each list had before --top.' }),
  warnings: Type.Array(
    Type.Object({
      code: Words(WARNING_CODES),
      message: Type.String(),
      file: TextOrNull(),
      line: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
    }),
  ),
  coverage: Coverage,
  mfaMethods: Type.Optional(MfaMethodsSection),
  findings: Type.Optional(
    Type.Array(FindingRow, {
      description: 'What the detections found to act on, most urgent first (severity, then attempts); absent with --no-detections.',
    }),
  ),
  comparison: Type.Optional(Comparison),
  thresholds: Type.Optional(Thresholds),
  privacy: Type.Optional(Privacy),
});

/** The JSON Schema of the report, as schema/report.schema.json holds it. */
export const REPORT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'signin-analyzer JSON report',
  description:
    'The output of `signin-analyzer report --format json`. schemaVersion 1: the fields listed here keep their names and meanings; later versions of the tool may add fields.',
  ...Type.Object({
    ...Base.properties,
    ...Object.fromEntries(
      ENTITY_DIMENSIONS.map((dimension) => [dimension.json.section, Type.Array(entityRow(dimension), { description: `${capitalized(dimension.help)}.` })]),
    ),
  }),
} as const;

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---- the TypeScript types of the report, derived from the same definitions

type Base = Static<typeof Base>;
export type JsonCodeRow = Static<typeof CodeRow>;
export type JsonCategoryRow = Static<typeof CategoryRow>;
export type JsonThresholds = Static<typeof Thresholds>;
export type JsonCoverage = Static<typeof Coverage>;
export type JsonFinding = Static<typeof FindingRow>;

/** A user, app, client app, country, IP, sign-in type or day row; the key field is named after the section. */
export interface JsonEntityRow {
  [key: string]: string | number | boolean | { code: number; count: number }[] | { category: string; count: number }[];
}

/** One row of a comparison list; the key field is named after the section. */
export interface JsonDeltaRow {
  [key: string]: string | number | null;
}

type EntitySections = { [Id in EntityDimensionId as JsonSectionOf<Id>]: JsonEntityRow[] };

export interface JsonComparison extends Omit<Static<typeof Comparison>, 'new' | 'gone' | 'totalRows'> {
  new: Record<string, (string | number)[]>;
  gone: Record<string, (string | number)[]>;
  totalRows: Partial<Record<JsonSection, number>>;
  [section: string]: unknown;
}

export type JsonReport = Omit<Base, 'comparison' | 'totalRows'> &
  EntitySections & {
    totalRows: Record<JsonSection, number>;
    comparison?: JsonComparison;
  };
