// Owns the JSON explanation's contract, schemaVersion 1, as one definition: its JSON Schema
// (schema/explanation.schema.json is written from it by `npm run schema`, and a test keeps the file the same) and
// the TypeScript type of the JSON explanation, derived from it. A finding is the report's finding row and a step's
// record the export record, so the three contracts say the same thing the same way. Field names and meanings are
// fixed; new fields may be added, none renamed or removed.

import Type, { type Static, type TSchema } from 'typebox';
import { DETECTION_KINDS, SEVERITIES } from '../../analyze/findings/index.js';
import { ACTORS, CATEGORIES } from '../../catalog/types.js';
import { WARNING_CODES } from '../../diagnostics.js';
import { DIAGNOSIS_KINDS, SUBJECT_KINDS } from '../../explain/types.js';
import { ExportRecord } from '../../export/record-contract.js';
import { OUTCOMES } from '../../model.js';
import { FindingRow, Privacy } from '../json-contract.js';
import { EXPLANATION_SCHEMA_VERSION } from './json.js';

const Count = Type.Integer({ minimum: 0 });
const Instant = Type.String({ format: 'date-time' });
const InstantOrNull = Type.Union([Instant, Type.Null()]);
const Text = (description: string) => Type.String({ description });
const Words = <T extends readonly string[]>(words: T, description?: string) => Type.Enum([...words], description === undefined ? {} : { description });
const OrNull = <T extends TSchema>(schema: T, description: string) => Type.Union([schema, Type.Null()], { description });

const Step = Type.Object({
  time: Instant,
  requestId: Type.String(),
  code: Type.Integer({ minimum: 0, description: 'The AADSTS code; 0 is success.' }),
  outcome: Words(OUTCOMES),
  name: Text("The catalog's symbolic name for the code; empty when it has none."),
  catalogued: Type.Boolean(),
  category: Words(CATEGORIES),
  actor: Words(ACTORS, 'Who acts on the code.'),
  failureReason: Text("The export's own failure text for this sign-in."),
  description: Text('What the code means (the catalog).'),
  remediation: Text('What to do about it (the catalog).'),
  conditionalAccess: Text('The Conditional Access result as the export gives it: success, failure, notApplied, or empty.'),
  mfa: OrNull(
    Type.Object({
      method: Text('The authentication method, as the AuthDetails download names it.'),
      succeeded: Type.Boolean(),
      detail: Text("The step's own result text."),
    }),
    'The MFA step of this sign-in from an authentication-details input given beside the sign-ins; null without one.',
  ),
  record: Type.Optional({
    ...ExportRecord,
    description:
      'Every field of the sign-in, as `export` writes it (schema/export-record.schema.json): present when a request or correlation id was asked about.',
  }),
  passesFilters: Type.Boolean({
    description:
      'False for a step the time window or the row filters leave out, shown because another step of its flow passes them (they pick flows); true without a window or filters.',
  }),
});

const Flow = Type.Object(
  {
    correlationId: Text('Empty for a sign-in whose export gives none: it is a flow of its own.'),
    first: Instant,
    last: Instant,
    outcome: Words(OUTCOMES, 'The outcome of the last step.'),
    user: Type.String(),
    app: Type.String(),
    clientApp: Type.String(),
    legacy: Type.Boolean({ description: 'A step used a legacy (basic) authentication protocol.' }),
    ip: Type.String(),
    location: Text('City, state and country as the export gives them; empty when it gives none.'),
    device: Text('Operating system and browser, compliant and managed; empty when the export says nothing of the device.'),
    steps: Type.Array(Step, { minItems: 1, description: 'In time order.' }),
  },
  { description: 'The sign-ins that share a correlation id: the prompts of one sign-in and the sign-in itself.' },
);

const Diagnosis = Type.Object({
  rank: Type.Integer({ minimum: 1, description: '1 is the most likely explanation.' }),
  kind: Words(
    DIAGNOSIS_KINDS,
    'finding: a detection; blocked: Conditional Access; failure: failed sign-ins by code; legacy: a legacy protocol; unfinished: flows that stopped at a prompt; normal: prompts followed by a sign-in, or nothing wrong.',
  ),
  severity: OrNull(Words(SEVERITIES), "A finding's severity; null for the other kinds."),
  detection: OrNull(Words(DETECTION_KINDS), "A finding's detection (docs/detections.md); null for the other kinds."),
  code: OrNull(Type.Integer({ minimum: 0 }), 'The code a blocked, failure or unfinished diagnosis is about.'),
  title: Text('One line, plain words.'),
  detail: Text('What happened, with the numbers, names and times that show it.'),
  action: Text('What to do.'),
  actor: OrNull(Words(ACTORS), 'Who acts; null for a finding, whose action names it.'),
  count: Type.Integer({ minimum: 0, description: 'The sign-ins it is made of (flows, for unfinished and normal).' }),
  evidence: Type.Array(Type.Object({ time: Instant, requestId: Type.String(), code: Type.Integer({ minimum: 0 }) }), {
    maxItems: 5,
    description: 'Sign-ins to look up by request id: the earliest, at most five.',
  }),
});

const Explanation = Type.Object({
  schemaVersion: Type.Literal(EXPLANATION_SCHEMA_VERSION),
  tool: Type.Object({ name: Type.String(), version: Type.String(), catalogVersion: Type.String() }),
  generatedAt: Type.String({ format: 'date-time', description: 'From --now, else SOURCE_DATE_EPOCH, else the clock.' }),
  subject: Type.Object({
    kind: Words(SUBJECT_KINDS, 'What matched: a user (UPN, display name or object id, or a service principal), a request id, or a correlation id.'),
    asked: Text('What was asked about, as given (for a user, shown as the explanation shows names).'),
    user: Type.Object(
      { principalName: Type.String(), displayName: Type.String(), id: Type.String() },
      { description: 'Who signed in, from the latest of the sign-ins; a text is empty when the export does not give it.' },
    ),
  }),
  headline: Text('One sentence: what happened.'),
  period: Type.Object(
    {
      since: InstantOrNull,
      until: InstantOrNull,
      firstSignIn: Instant,
      lastSignIn: Instant,
      label: Type.Optional(Type.String()),
      timeZone: Type.Optional(Type.String()),
    },
    {
      description: "since (inclusive) and until (exclusive) are the time filter; firstSignIn and lastSignIn the subject's; with --period, its label and --tz.",
    },
  ),
  totals: Type.Object({
    signIns: Count,
    success: Count,
    failure: Count,
    interrupted: Count,
    flows: Type.Object({ total: Count, success: Count, failure: Count, interrupted: Count }, { description: 'Flows by the outcome of their last step.' }),
  }),
  diagnosis: Type.Array(Diagnosis, { description: 'Most likely first: findings (most urgent first), blocked, failure, legacy, unfinished, normal.' }),
  next: Type.Array(Type.String(), { minItems: 1, description: 'What to do next, in the order of the diagnosis.' }),
  flows: Type.Array(Flow, { description: 'Oldest first.' }),
  findings: Type.Optional(
    Type.Array(FindingRow, { description: 'The findings of the detections that concern the subject, most urgent first; absent with --no-detections.' }),
  ),
  complete: Type.Boolean({
    description: "False when a request id's flow was read from standard input: its steps read before the request's own row could not be read again.",
  }),
  inputs: Type.Array(Type.Object({ path: Type.String(), format: Type.String(), signIns: Count })),
  accounting: Type.Object(
    { rowsRead: Count, signIns: Count, rejected: Count, duplicates: Count, outsideWindow: Count, filteredOut: Count },
    {
      description:
        'signIns are those in the window and filters: what the detections saw; rowsRead = signIns + rejected + duplicates + outsideWindow + filteredOut.',
    },
  ),
  warnings: Type.Array(
    Type.Object({
      code: Words(WARNING_CODES),
      message: Type.String(),
      file: Type.Union([Type.String(), Type.Null()]),
      line: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
    }),
  ),
  privacy: Type.Optional(Privacy),
});

/** The JSON Schema of the explanation, as schema/explanation.schema.json holds it. */
export const EXPLANATION_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'signin-analyzer JSON explanation',
  description:
    'The output of `signin-analyzer explain --format json`: one user or one sign-in flow, its flows, the ranked diagnosis and what to do next. schemaVersion 1: the fields listed here keep their names and meanings; later versions of the tool may add fields.',
  ...Explanation,
} as const;

export type JsonExplanation = Static<typeof Explanation>;
