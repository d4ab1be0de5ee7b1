// Owns the export record's contract: one normalised sign-in as `signin-analyzer export` writes it (a JSON Lines
// object or a CSV row), as one TypeBox definition from which schema/export-record.schema.json is written (`npm run
// schema`; a test keeps the file the same) and the record's TypeScript type derived. Fields keep their names and
// meanings; new ones may be added at the end.

import Type, { type Static } from 'typebox';
import { ACTORS, CATEGORIES } from '../catalog/types.js';
import { OUTCOMES, SIGN_IN_TYPES } from '../model.js';

const Text = (description: string) => Type.String({ description });
const FlagOrNull = (description: string) => Type.Union([Type.Boolean(), Type.Null()], { description });

export const ExportRecord = Type.Object(
  {
    time: Type.String({ format: 'date-time', description: 'When the sign-in happened, UTC, ISO 8601.' }),
    requestId: Text('The request id (Graph `id`, portal `Request ID`).'),
    correlationId: Text('The correlation id.'),
    user: Text('The user principal name.'),
    userDisplayName: Text("The user's display name."),
    userId: Text("The user's object id."),
    servicePrincipalName: Text('Service principal or managed identity name.'),
    servicePrincipalId: Text('Service principal id.'),
    identity: Text('Who the report counts the sign-in under: the UPN, else display name, user id or service principal name, else (none).'),
    app: Text('The application name.'),
    appId: Text('The application id.'),
    resource: Text('The resource signed in to.'),
    ip: Text('The IP address.'),
    city: Text('City.'),
    state: Text('State or region.'),
    country: Text('Country or region code.'),
    clientApp: Text('The client app (Browser, IMAP4, ...).'),
    legacy: Type.Boolean({ description: 'The client app uses legacy (basic) authentication.' }),
    userAgent: Text('The user agent.'),
    signInType: Type.Enum([...SIGN_IN_TYPES], { description: 'Which sign-in log the sign-in belongs to.' }),
    status: Text('The status text exactly as the export gave it (Success, FAILURE, ...); empty when absent.'),
    errorCode: Type.Integer({ minimum: 0, description: 'The AADSTS code; 0 is success.' }),
    codeName: Text("The catalog's symbolic name for the code; empty when it has none."),
    outcome: Type.Enum([...OUTCOMES], {
      description: 'success, interrupted or failure: the catalog decides for codes it knows, else the status, else the code.',
    }),
    category: Type.Enum([...CATEGORIES], { description: 'The remediation category (unknown for codes the catalog does not know).' }),
    actor: Type.Enum([...ACTORS], { description: 'Who acts on it.' }),
    catalogued: Type.Boolean({ description: 'The catalog knows the code.' }),
    failureReason: Text("The export's own failure text."),
    additionalDetails: Text("The export's additional details."),
    conditionalAccessStatus: Text('success, failure, notApplied, unknownFutureValue or empty.'),
    authenticationRequirement: Text('singleFactorAuthentication, multiFactorAuthentication or empty.'),
    deviceOs: Text('Device operating system.'),
    deviceBrowser: Text('Device browser.'),
    deviceCompliant: FlagOrNull('Device compliant; null when the export does not say.'),
    deviceManaged: FlagOrNull('Device managed; null when the export does not say.'),
    homeTenantId: Text("The signing-in identity's home tenant id."),
    homeTenantName: Text("The home tenant's name, where the export gives it."),
    resourceTenantId: Text("The resource's tenant id."),
    sourceFile: Text('The input the sign-in was read from, as named on the command line (- for stdin).'),
    sourceLine: Type.Integer({ minimum: 1, description: 'The line of that input the sign-in starts on.' }),
  },
  { additionalProperties: false },
);

/** The JSON Schema of one record, as schema/export-record.schema.json holds it. */
export const EXPORT_RECORD_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'signin-analyzer export record',
  description:
    'One sign-in as `signin-analyzer export` writes it: a line of JSON Lines, or a CSV row whose header names these fields in this order (booleans as true/false, null as an empty cell). After de-duplication and the same filters and period as `report`, joined to the error-code catalog.',
  ...ExportRecord,
} as const;

export type ExportRecord = Static<typeof ExportRecord>;
