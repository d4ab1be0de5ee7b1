// Test helpers: a complete SignIn from a few fields, and a small catalog implementing the Catalog interface,
// so analyze and report can be tested without ingest or the built-in catalog.

import { CATEGORIES, type Actor, type Catalog, type CatalogEntry, type Category, type CategoryInfo } from '../../src/catalog/types.js';
import type { InputSummary, Outcome, SignIn } from '../../src/model.js';
import { SpanTracker } from '../../src/ingest/accounting.js';
import { coverageOf, type Coverage } from '../../src/view/coverage.js';
import {
  ALL_TIME,
  createAnalysis,
  finalize,
  mergeTallies,
  NO_CRITERIA,
  type Report,
  type RowCriteria,
  type Tally,
  type TimeWindow,
} from '../../src/analyze/index.js';

/** The row filters and one time window, as the report's --since/--until and filters set them. */
export type FilterCriteria = RowCriteria & TimeWindow;
const NO_FILTER: FilterCriteria = { ...NO_CRITERIA, ...ALL_TIME };

export function makeSignIn(partial: Partial<SignIn> = {}): SignIn {
  return {
    time: new Date('2026-03-02T10:00:00Z'),
    requestId: '',
    correlationId: '',
    userPrincipalName: 'alice@contoso.example',
    userDisplayName: 'Alice',
    userId: '',
    servicePrincipalName: '',
    servicePrincipalId: '',
    appName: 'Azure Portal',
    appId: '',
    resource: '',
    ipAddress: '192.0.2.1',
    city: '',
    state: '',
    country: 'NL',
    clientApp: 'Browser',
    userAgent: '',
    sourceStatus: '',
    errorCode: 0,
    failureReason: '',
    additionalDetails: '',
    conditionalAccessStatus: '',
    signInType: 'interactive',
    deviceOs: '',
    deviceBrowser: '',
    deviceCompliant: null,
    deviceManaged: null,
    authenticationRequirement: '',
    homeTenantId: '',
    homeTenantName: '',
    resourceTenantId: '',
    file: 'test.csv',
    line: 2,
    ...partial,
  };
}

function entry(code: number, name: string, outcome: Outcome, category: Category, actor: Actor, description: string, remediation: string): CatalogEntry {
  return { code, name, outcome, category, actor, description, remediation, tags: [], sources: ['test'] };
}

/** A handful of real codes with short test descriptions. */
export const TEST_ENTRIES: readonly CatalogEntry[] = [
  entry(0, '', 'success', 'interrupt_or_info', 'none', 'Signed in.', 'Nothing to do.'),
  entry(50053, 'IdsLocked', 'failure', 'account_blocked', 'helpdesk', 'The account is locked after too many attempts.', 'Check for attacks, then unlock.'),
  entry(50074, 'UserStrongAuthClientAuthNRequiredInterrupt', 'interrupted', 'mfa', 'end_user', 'A second factor was asked for.', 'None unless it repeats.'),
  entry(
    50126,
    'InvalidUserNameOrPassword',
    'failure',
    'credentials',
    'end_user',
    'Wrong user name or password.',
    'Have the user retype or reset the password.',
  ),
  entry(50140, 'KmsiInterrupt', 'interrupted', 'interrupt_or_info', 'none', 'The keep-me-signed-in prompt was shown.', 'Nothing to do.'),
  entry(
    53003,
    'BlockedByConditionalAccess',
    'failure',
    'conditional_access',
    'tenant_admin',
    'A Conditional Access policy blocked access.',
    'Review the policy that applied.',
  ),
  entry(
    700016,
    'UnauthorizedClient_DoesNotMatchRequest',
    'failure',
    'app_config',
    'app_owner',
    'The application was not found in the tenant.',
    'Check the application id and tenant.',
  ),
];

const ACTOR_OF: Record<Category, Actor> = {
  credentials: 'end_user',
  account_blocked: 'helpdesk',
  mfa: 'end_user',
  conditional_access: 'tenant_admin',
  device_identity: 'helpdesk',
  app_config: 'app_owner',
  consent_assignment: 'tenant_admin',
  federation_idp: 'idp_owner',
  hybrid_onprem: 'tenant_admin',
  token_session: 'end_user',
  identity_not_found: 'tenant_admin',
  service_transient: 'microsoft_support',
  interrupt_or_info: 'none',
  unknown: 'none',
};

export function makeCatalog(entries: readonly CatalogEntry[] = TEST_ENTRIES, version = 'test-1'): Catalog {
  const byCode = new Map(entries.map((e) => [e.code, e]));
  const infos: CategoryInfo[] = CATEGORIES.map((id) => ({
    id,
    title: `Title of ${id}`,
    actor: ACTOR_OF[id],
    guidance: `Guidance for ${id}.`,
  }));
  return {
    version,
    lookup: (code) => byCode.get(code),
    entries: () => entries,
    category: (id) => infos.find((info) => info.id === id)!,
    categories: () => infos,
  };
}

export function unknownTestEntry(code: number): CatalogEntry {
  return entry(code, '', 'failure', 'unknown', 'none', 'This code is not in the catalog.', 'Look the code up online.');
}

/** Runs the analysis on in-memory sign-ins and finalizes a report, as the report command does after ingest. */
export function analyzeSignIns(
  signIns: readonly SignIn[],
  options: { criteria?: FilterCriteria; catalog?: Catalog; tally?: Tally } = {},
): { report: Report; tally: Tally } {
  const catalog = options.catalog ?? makeCatalog();
  const criteria = options.criteria ?? NO_FILTER;
  const analysis = createAnalysis(
    { criteria, windows: [{ since: criteria.since, until: criteria.until }], detections: null, mfaSteps: null },
    catalog,
    unknownTestEntry,
  );
  const tally = analysis.result().tallies[0]!;
  // Counting on into a given tally: the empty one takes it over, caches and all.
  if (options.tally !== undefined) mergeTallies(tally, options.tally);
  for (const signIn of signIns) analysis.add(signIn);
  return { report: finalizeTally(tally, catalog, criteria), tally };
}

/** A report from a tally, with fixed tool details and clock; ingest is taken to have read exactly the rows the tally saw. */
export function finalizeTally(tally: Tally, catalog: Catalog = makeCatalog(), criteria: FilterCriteria = NO_FILTER): Report {
  const rowsRead = tally.signIns + tally.outsideWindow + tally.filteredOut;
  return finalize(tally, {
    catalog,
    unknownEntry: unknownTestEntry,
    tool: { name: 'signin-analyzer', version: '0.0.0-test', catalogVersion: catalog.version },
    generatedAt: new Date('2026-03-09T08:00:00Z'),
    ingest: {
      inputs: [
        {
          path: 'test.csv',
          format: 'test',
          rowsRead,
          signIns: rowsRead,
          rejected: 0,
          duplicates: 0,
          filteredOut: 0,
          covers: { types: [], first: null, last: null, days: [] },
        },
      ],
      rowsRead,
      rejected: 0,
      duplicates: 0,
      filteredOut: 0,
    },
    window: { since: criteria.since, until: criteria.until },
    warnings: [],
  });
}

/** The input summary ingest would give for a file that held exactly these sign-ins. */
export function inputSummaryOf(signIns: readonly SignIn[], path = 'test.csv', format = 'portal-csv', duplicates = 0): InputSummary {
  const span = new SpanTracker();
  for (const signIn of signIns) span.add(signIn);
  return { path, format, rowsRead: signIns.length, signIns: signIns.length - duplicates, rejected: 0, duplicates, filteredOut: 0, covers: span.span() };
}

/** The coverage of one input that held exactly these sign-ins, over all time. */
export function coverageFor(signIns: readonly SignIn[], path = 'test.csv'): Coverage {
  return coverageOf([inputSummaryOf(signIns, path)], { window: ALL_TIME, now: new Date('2030-01-01T00:00:00Z'), types: [], keepDuplicates: false });
}
