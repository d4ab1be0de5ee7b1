// Owns the sign-ins every query starts from, as KQL statements: the window, the chosen tables in one union read
// into the file reader's fields (only those the query uses), the rows the reader rejects left out, one row per
// sign-in, and each sign-in joined to the catalog for its category and outcome by the rule of analyze/outcome.ts.

import { KQL_CODES_TABLE_NAME } from '../catalog/render.js';
import type { TimeWindow } from '../analyze/index.js';
import { OUTCOMES, type SignInType } from '../model.js';
import { SOURCE_FIELDS, SOURCE_TABLES, type SourceField } from './tables.js';
import { kqlDatetime, kqlStrings } from './text.js';

/** The name of the sign-ins in every query. */
export const SIGN_INS = 'SignInRows';

/** Source fields only the steps before the sections read; every other source field reaches SignInRows as it is. */
const INTERNAL_FIELDS = ['Id', 'TimeGenerated', 'CodeText', 'SourceStatus', 'ReasonText'] as const;
type PassedField = Exclude<SourceField, (typeof INTERNAL_FIELDS)[number]>;
const PASSED_FIELDS = SOURCE_FIELDS.filter((field): field is PassedField => !(INTERNAL_FIELDS as readonly string[]).includes(field));

/** The columns of SignInRows a query may read; Time, Code, Outcome and Category are always there. */
export type SignInColumn = PassedField | 'Code' | 'Outcome' | 'Category' | 'FailureReason';
export const SIGN_IN_COLUMNS: readonly SignInColumn[] = ['Code', 'Outcome', 'Category', 'FailureReason', ...PASSED_FIELDS];

const ALWAYS: readonly SignInColumn[] = ['Time', 'Code', 'Outcome', 'Category'];
/** Source fields every query reads: the id and TimeGenerated for duplicates, the time, the code and the status. */
const CORE_FIELDS: readonly SourceField[] = ['Id', 'TimeGenerated', 'Time', 'CodeText', 'SourceStatus'];

/** How far past the window TimeGenerated is read: records reach the workspace after the sign-in. */
const INGESTION_LAG = '1d';

export interface SignInSource {
  readonly tables: readonly SignInType[];
  readonly window: TimeWindow;
}

/** `let Since`, `let Until` and `let IngestionLag` for the window; none for all time (the Logs blade's time range applies). */
export function windowStatements(window: TimeWindow): string[] {
  const lines: string[] = [];
  if (window.since !== null) lines.push(`let Since = ${kqlDatetime(window.since)};`);
  if (window.until !== null) {
    lines.push(`let Until = ${kqlDatetime(window.until)};`);
    lines.push('// Records reach the workspace minutes to an hour after the sign-in, and re-ingested copies later still.');
    lines.push(`let IngestionLag = ${INGESTION_LAG};`);
  }
  return lines;
}

/** The `let SignInRows = ...;` statement, reading only what `columns` need. */
export function signInsStatement(source: SignInSource, columns: ReadonlySet<SignInColumn>): string {
  const wanted = new Set<SignInColumn>([...ALWAYS, ...columns]);
  const fields = new Set<SourceField>(CORE_FIELDS);
  for (const column of wanted) {
    if (column === 'FailureReason') fields.add('ReasonText');
    else if (column !== 'Code' && column !== 'Outcome' && column !== 'Category') fields.add(column);
  }
  const ordered = SOURCE_FIELDS.filter((field) => fields.has(field));
  const { since, until } = source.window;
  const generated = [since === null ? null : 'TimeGenerated >= Since', until === null ? null : 'TimeGenerated < Until + IngestionLag'].filter(
    (part) => part !== null,
  );
  const branches = source.tables.map((type) => {
    const table = SOURCE_TABLES[type];
    const lines = [`    (${table.name}`];
    if (generated.length > 0) lines.push(`    | where ${generated.join(' and ')}`);
    const parsed = table.parse.filter(([name]) => ordered.some((field) => table.fields[field].includes(name)));
    if (parsed.length > 0) lines.push(`    | extend ${parsed.map(([name, column]) => `${name} = parse_json(${column})`).join(', ')}`);
    const projections = ordered.map((field) => (table.fields[field] === field ? field : `${field} = ${table.fields[field]}`));
    lines.push(`    | project ${projections.join(', ')})`);
    return lines.join('\n');
  });
  const window = [since === null ? null : 'Time >= Since', until === null ? null : 'Time < Until'].filter((part) => part !== null);
  const outputs = SIGN_IN_COLUMNS.filter((column) => wanted.has(column));
  return [
    `let ${SIGN_INS} = union isfuzzy=true`,
    branches.join(',\n'),
    // The code as the file reader reads it: digits, an AADSTS prefix allowed; no code on a row whose status says Success is 0.
    '| extend CodeText = trim_start(@"(?i)aadsts", trim(@"\\s+", CodeText)), StatusWord = tolower(trim(@"\\s+", SourceStatus))',
    '| extend Code = toint(iff(isempty(CodeText) and StatusWord == "success", "0", CodeText))',
    '// Rows the file reader rejects: no time, or no code it can read.',
    '| where isnotnull(Time) and isnotnull(Code)',
    '// One row per sign-in: Log Analytics keeps re-ingested copies of a record under the same Id, and the latest is kept.',
    '| summarize arg_max(TimeGenerated, *) by DedupeKey = iff(isempty(Id), tostring(new_guid()), Id)',
    ...(window.length > 0 ? [`| where ${window.join(' and ')}`] : []),
    '// The catalog decides for the codes it knows; for other codes the status does, and without one, 0 is success.',
    `| lookup kind=leftouter (${KQL_CODES_TABLE_NAME} | project Code, CatalogOutcome = Outcome, CatalogCategory = Category) on Code`,
    `| extend Outcome = case(isnotempty(CatalogOutcome), CatalogOutcome, StatusWord in ${kqlStrings(OUTCOMES)}, StatusWord, Code == 0, "success", "failure"), Category = coalesce(CatalogCategory, "unknown")`,
    ...(wanted.has('FailureReason')
      ? [
          '// A success has no failure reason: the placeholder some sources write for one is dropped.',
          '| extend FailureReason = iff(Code == 0 and trim(@"\\s+", ReasonText) in ("Other.", "Other"), "", ReasonText)',
        ]
      : []),
    `| project ${outputs.join(', ')};`,
  ].join('\n');
}
