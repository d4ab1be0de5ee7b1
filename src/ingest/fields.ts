// Owns the canonical field names every reader fills from its format (and that `--map` names), the raw,
// still-textual record that normalize.ts turns into a SignIn (empty, or made from a row's cells by each field's
// column), and how a JSON value becomes a field's text.

export const FIELD_NAMES = [
  'time',
  'fallbackTime',
  'code',
  'requestId',
  'correlationId',
  'user',
  'userName',
  'userId',
  'servicePrincipalName',
  'servicePrincipalId',
  'app',
  'appId',
  'resource',
  'ip',
  'city',
  'state',
  'country',
  'location',
  'clientApp',
  'userAgent',
  'status',
  'reason',
  'details',
  'ca',
  'type',
  'os',
  'browser',
  'compliant',
  'managed',
  'authRequirement',
  'homeTenant',
  'homeTenantName',
  'resourceTenant',
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

/** What each field means, for `--help` and docs/formats.md. */
export const FIELD_HELP: Readonly<Record<FieldName, string>> = {
  time: 'when the sign-in happened (required)',
  fallbackTime: 'another time of the sign-in, used when time is missing or unreadable (a warning counts those)',
  code: 'AADSTS error code, 0 for success (required unless status says Success)',
  requestId: 'request id; rows sharing one are duplicates',
  correlationId: 'correlation id',
  user: 'user principal name',
  userName: 'user display name',
  userId: 'user object id',
  servicePrincipalName: 'service principal or managed identity name',
  servicePrincipalId: 'service principal id',
  app: 'application name',
  appId: 'application id',
  resource: 'resource name',
  ip: 'IP address',
  city: 'city',
  state: 'state or region',
  country: 'country or region code',
  location: 'combined "City, State, Country" text',
  clientApp: 'client app (Browser, IMAP4, ...)',
  userAgent: 'user agent',
  status: 'status text: Success, Failure or Interrupted',
  reason: 'failure reason text',
  details: 'additional details text',
  ca: 'Conditional Access status',
  type: 'sign-in type (interactive, non-interactive, service principal, managed identity)',
  os: 'device operating system',
  browser: 'device browser',
  compliant: 'device compliant (true/false)',
  managed: 'device managed (true/false)',
  authRequirement: 'single- or multifactor authentication requirement',
  homeTenant: "the signing-in identity's home tenant id",
  homeTenantName: "the home tenant's name",
  resourceTenant: 'the tenant of the resource signed in to (its id)',
};

/** One record as its format gives it: text per canonical field, empty when the format lacks it. */
export type RawFields = Record<FieldName, string>;

/** A record with every field empty. */
export function emptyRawFields(): RawFields {
  return rawFieldsAt([], NO_COLUMNS);
}

/**
 * The record whose field FIELD_NAMES[k] is `cells[columns[k]]` (empty where that is -1 or past the row's end).
 * Spelled out field by field, in FIELD_NAMES order, so every record is one object literal of one shape: storing
 * fields by a name held in a variable makes V8 look each store up in a shared cache, about a microsecond a CSV row.
 */
export function rawFieldsAt(cells: readonly string[], columns: Int32Array): RawFields {
  return {
    time: cellAt(cells, columns[0]!),
    fallbackTime: cellAt(cells, columns[1]!),
    code: cellAt(cells, columns[2]!),
    requestId: cellAt(cells, columns[3]!),
    correlationId: cellAt(cells, columns[4]!),
    user: cellAt(cells, columns[5]!),
    userName: cellAt(cells, columns[6]!),
    userId: cellAt(cells, columns[7]!),
    servicePrincipalName: cellAt(cells, columns[8]!),
    servicePrincipalId: cellAt(cells, columns[9]!),
    app: cellAt(cells, columns[10]!),
    appId: cellAt(cells, columns[11]!),
    resource: cellAt(cells, columns[12]!),
    ip: cellAt(cells, columns[13]!),
    city: cellAt(cells, columns[14]!),
    state: cellAt(cells, columns[15]!),
    country: cellAt(cells, columns[16]!),
    location: cellAt(cells, columns[17]!),
    clientApp: cellAt(cells, columns[18]!),
    userAgent: cellAt(cells, columns[19]!),
    status: cellAt(cells, columns[20]!),
    reason: cellAt(cells, columns[21]!),
    details: cellAt(cells, columns[22]!),
    ca: cellAt(cells, columns[23]!),
    type: cellAt(cells, columns[24]!),
    os: cellAt(cells, columns[25]!),
    browser: cellAt(cells, columns[26]!),
    compliant: cellAt(cells, columns[27]!),
    managed: cellAt(cells, columns[28]!),
    authRequirement: cellAt(cells, columns[29]!),
    homeTenant: cellAt(cells, columns[30]!),
    homeTenantName: cellAt(cells, columns[31]!),
    resourceTenant: cellAt(cells, columns[32]!),
  };
}

/** The columns of the fields a layout reads, in FIELD_NAMES order, for rawFieldsAt (-1: the file has none). */
export function fieldColumns(columns: ReadonlyArray<readonly [FieldName, number]>): Int32Array {
  const at = new Int32Array(FIELD_NAMES.length).fill(-1);
  for (const [field, column] of columns) at[FIELD_INDEX.get(field)!] = column;
  return at;
}

const FIELD_INDEX = new Map<FieldName, number>(FIELD_NAMES.map((name, k) => [name, k]));
const NO_COLUMNS = new Int32Array(FIELD_NAMES.length).fill(-1);

function cellAt(cells: readonly string[], column: number): string {
  return column < 0 ? '' : (cells[column] ?? '');
}

/** A JSON value as a field's text: strings as they are, numbers and booleans spelled out, anything else empty. */
export function fieldText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/**
 * A code field's text: a string as it is; a number as written in the record's JSON text `source` under `key`
 * (or its PowerShell spelling with a capital), where the literal there has the parsed value. Without the text,
 * or when the key is spelled with escapes, the number's own spelling.
 */
export function codeText(value: unknown, source: string | undefined, key: string): string {
  if (typeof value !== 'number' || source === undefined) return fieldText(value);
  const pattern = literalAfter(key);
  pattern.lastIndex = 0;
  for (let match = pattern.exec(source); match !== null; match = pattern.exec(source)) {
    if (Object.is(Number(match[1]), value)) return match[1]!;
  }
  return String(value);
}

const LITERAL_PATTERNS = new Map<string, RegExp>();

/**
 * The number literal written after `"key":` (first letter in either case): a regular expression, since V8
 * finds its literal prefix several times faster than indexOf finds the quoted key in a record.
 */
function literalAfter(key: string): RegExp {
  let pattern = LITERAL_PATTERNS.get(key);
  if (pattern === undefined) {
    const first = key.charAt(0);
    pattern = new RegExp(`"[${first.toLowerCase()}${first.toUpperCase()}]${key.slice(1)}"[ \\t\\r\\n]*:[ \\t\\r\\n]*([-+.eE0-9]+)`, 'g');
    LITERAL_PATTERNS.set(key, pattern);
  }
  return pattern;
}
