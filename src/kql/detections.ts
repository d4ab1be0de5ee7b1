// Owns the attack detections as KQL: one query builder per kind a workspace query can run (password spray, brute
// force, MFA fatigue), each reading its thresholds and code lists from the DetectionSettings the offline detections
// use (analyze/findings/settings.ts, with --detections FILE), a code set's catalog tags expanded to the codes the
// catalog gives them. A kind the settings turn off has no query.

import { KQL_IDENTITY } from '../analyze/dimensions.js';
import type { CodeSet, DetectionSettings } from '../analyze/findings/settings.js';
import type { DetectionKind } from '../analyze/findings/types.js';
import type { Catalog } from '../catalog/types.js';
import type { QueryPlan } from './query.js';
import { KQL_KEYS } from './sections.js';
import { SIGN_INS } from './signins.js';
import { kqlAnyText, kqlInts } from './text.js';

const KQL_DETECTION_KINDS = ['password-spray', 'brute-force', 'mfa-fatigue'] as const satisfies readonly DetectionKind[];
type KqlDetectionKind = (typeof KQL_DETECTION_KINDS)[number];

/** A detection query's id, and its file name with --output-dir: `detection-password-spray`. */
function queryId(kind: KqlDetectionKind): string {
  return `detection-${kind}`;
}

/** The id of each detection query, whether the settings turn it on or not. */
export const DETECTION_QUERY_IDS: readonly string[] = KQL_DETECTION_KINDS.map(queryId);

/** The codes of a code set: those it names and those the catalog tags with one of its tags, ascending. */
function codesOf(set: CodeSet, catalog: Catalog): number[] {
  const codes = new Set(set.codes);
  for (const entry of catalog.entries()) if (entry.tags.some((tag) => set.tags.includes(tag))) codes.add(entry.code);
  return [...codes].sort((a, b) => a - b);
}

/** `50126, 50053 and 50055`, for the comments. */
function listed(codes: readonly number[]): string {
  return codes.length <= 1 ? codes.join('') : `${codes.slice(0, -1).join(', ')} and ${codes.at(-1)}`;
}

/** A code set as `Code in (...)`; a set with no code matches nothing. */
function codeTest(codes: readonly number[]): string {
  return codes.length === 0 ? 'false' : `Code in ${kqlInts(codes)}`;
}

const USER = KQL_KEYS.user;

/**
 * As the offline detections: user sign-ins only (applications and managed identities have no password to spray or
 * MFA to push), and a user name as one identity whatever its case (analyze/dimensions.ts, canonicalUser).
 */
const USER_TYPES = ['interactive', 'noninteractive'] as const;
// The user dimension's key (identityOf, then canonicalUser) in two steps: one of three copies of the identity's coalesce, in queries that must
// stay under the analytics rule size.
const CANONICAL_USER = [`    | extend User = ${KQL_IDENTITY}`, '    | extend User = iff(User contains "@", tolower(User), User)'];

/** One builder per kind. */
const KQL_DETECTIONS = {
  'password-spray': (settings, catalog) => {
    const codes = codesOf(settings.codes.credentialFailure, catalog);
    const { binMinutes, minUsers } = settings['password-spray'];
    const failed = codeTest(codes);
    return {
      id: queryId('password-spray'),
      title: 'Detection: password spray',
      about: [
        `IP addresses that failed with ${listed(codes)} (codes.credentialFailure) against ${minUsers} or more users (password-spray.minUsers) within ${binMinutes} minutes (password-spray.binMinutes),`,
        'and signed in successfully as fewer users than they failed for. High severity when any sign-in from the address succeeded.',
      ],
      columns: ['IPAddress', ...USER.reads],
      types: USER_TYPES,
      body: [
        `let Attempts = materialize(${SIGN_INS}`,
        `    | where isnotempty(IPAddress) and (${failed} or Outcome == "success")`,
        ...CANONICAL_USER,
        `    | summarize N = count() by IPAddress, User, Window = bin(Time, ${binMinutes}m), Failed = ${failed});`,
        'let Sprays = Attempts',
        '    | where Failed',
        '    | summarize Users = count_distinct(User) by IPAddress, Window',
        `    | where Users >= ${minUsers}`,
        '    | summarize SprayWindows = count(), FirstWindow = min(Window), LastWindow = max(Window), PeakUsers = max(Users) by IPAddress;',
        'Attempts',
        '| summarize FailedUsers = count_distinctif(User, Failed), Failures = sumif(N, Failed), SucceededUsers = count_distinctif(User, not(Failed)), Targets = make_set_if(User, Failed, 100) by IPAddress',
        '| join kind=inner Sprays on IPAddress',
        '| where SucceededUsers < FailedUsers',
        `| project Detection = "password-spray", Severity = iff(SucceededUsers > 0, "high", "medium"), IPAddress, FirstSeen = FirstWindow, LastSeen = LastWindow + ${binMinutes}m, PeakUsers, SprayWindows, FailedUsers, Failures, SucceededUsers, Targets`,
        '| sort by PeakUsers desc, Failures desc, IPAddress asc',
      ],
    };
  },
  'brute-force': (settings, catalog) => {
    const codes = codesOf(settings.codes.credentialFailure, catalog);
    const { minFailures, windowMinutes, dayMinFailures, dayMinLocations } = settings['brute-force'];
    return {
      id: queryId('brute-force'),
      title: 'Detection: brute force',
      about: [
        `Users with ${minFailures} or more failures (${listed(codes)}, codes.credentialFailure) within ${windowMinutes} minutes from one IP address (brute-force.minFailures, windowMinutes; medium),`,
        `or ${dayMinFailures} or more within a day from ${dayMinLocations} or more places, country/state/city (brute-force.dayMinFailures, dayMinLocations; high).`,
      ],
      columns: [...USER.reads, 'IPAddress', 'Country', 'State', 'City'],
      types: USER_TYPES,
      body: [
        `let Failures = materialize(${SIGN_INS}`,
        `    | where isnotempty(IPAddress) and ${codeTest(codes)}`,
        ...CANONICAL_USER,
        '    | project Time, User, IPAddress, Place = strcat_delim("/", Country, State, City));',
        'let OneSource = Failures',
        `    | summarize Failures = count(), FirstSeen = min(Time), LastSeen = max(Time) by User, IPAddress, Window = bin(Time, ${windowMinutes}m)`,
        `    | where Failures >= ${minFailures}`,
        '    | project Detection = "brute-force", Severity = "medium", User, FirstSeen, LastSeen, Failures, Places = 1, IPAddresses = pack_array(IPAddress);',
        'let ManyPlaces = Failures',
        '    | summarize Failures = count(), Places = count_distinct(Place), IPAddresses = make_set(IPAddress, 100), FirstSeen = min(Time), LastSeen = max(Time) by User, Day = startofday(Time)',
        `    | where Failures >= ${dayMinFailures} and Places >= ${dayMinLocations}`,
        '    | project Detection = "brute-force", Severity = "high", User, FirstSeen, LastSeen, Failures, Places, IPAddresses;',
        'union OneSource, ManyPlaces',
        '| sort by Failures desc, User asc, FirstSeen asc',
      ],
    };
  },
  'mfa-fatigue': (settings, catalog) => {
    const denied = codesOf(settings.codes.mfaDenied, catalog);
    // A denial text counts on a sign-in with an MFA or a password-accepted code, as the offline detection reads it
    // (the denied codes are denials with or without one).
    const withText = [...new Set([...codesOf(settings.codes.mfaPrompt, catalog), ...codesOf(settings.codes.passwordAccepted, catalog)])]
      .filter((code) => !denied.includes(code))
      .sort((a, b) => a - b);
    const texts = settings.mfaDeniedTexts;
    const denial =
      texts.length === 0
        ? codeTest(denied)
        : `${codeTest(denied)} or (${codeTest(withText)} and (AdditionalDetails matches regex DenialText or FailureReason matches regex DenialText))`;
    const { binMinutes, minDenials } = settings['mfa-fatigue'];
    return {
      id: queryId('mfa-fatigue'),
      title: 'Detection: MFA fatigue',
      about: [
        `Users with ${minDenials}+ MFA denials in a ${binMinutes}-minute bin and the next (failed interactive sign-ins with ${listed(denied)}, or an MFA or`,
        'password-accepted code and a denial text). Medium from an address never used before; high when a sign-in from it then succeeded.',
      ],
      columns: [...USER.reads, 'IPAddress', 'SignInType', 'AdditionalDetails', 'FailureReason'],
      types: USER_TYPES,
      body: [
        ...(texts.length === 0 ? [] : [`let DenialText = ${kqlAnyText(texts)};`]),
        `let DenialRows = materialize(${SIGN_INS}`,
        '    | where SignInType == "interactive" and Outcome != "success" and isnotempty(IPAddress)',
        `    | where ${denial}`,
        ...CANONICAL_USER,
        `    | project User, Time, IPAddress, Bin = bin(Time, ${binMinutes}m));`,
        'let Bins = DenialRows | summarize N = count() by User, Bin;',
        'let Windows = Bins',
        `    | join kind=leftouter (Bins | project User, Bin = Bin - ${binMinutes}m, Next = N) on User, Bin`,
        '    | extend Peak = N + coalesce(Next, long(0))',
        `    | where Peak >= ${minDenials};`,
        `let Marked = Windows | mv-expand Bin = pack_array(Bin, Bin + ${binMinutes}m) to typeof(datetime) | distinct User, Bin;`,
        'let Bursts = DenialRows',
        '    | join kind=inner Marked on User, Bin',
        '    | summarize Denials = count(), FirstSeen = min(Time), LastSeen = max(Time), IPAddresses = make_set(IPAddress, 100) by User',
        '    | join kind=inner (Windows | summarize PeakDenials = max(Peak) by User) on User;',
        `let Successes = ${SIGN_INS}`,
        '    | where Outcome == "success" and isnotempty(IPAddress)',
        ...CANONICAL_USER,
        '    | summarize FirstSuccess = min(Time), SuccessCount = count() by User, IPAddress;',
        'Bursts',
        '| mv-expand IPAddress = IPAddresses to typeof(string)',
        '| join kind=leftouter Successes on User, IPAddress',
        '| extend Stranger = isnull(FirstSuccess) or FirstSuccess >= FirstSeen',
        '| summarize StrangerIPAddresses = make_set_if(IPAddress, Stranger, 100), Successes = sumif(SuccessCount, Stranger and isnotnull(FirstSuccess)) by User, FirstSeen, LastSeen, Denials, PeakDenials, IPAddresses = tostring(IPAddresses)',
        '| project Detection = "mfa-fatigue", Severity = case(Successes > 0, "high", array_length(StrangerIPAddresses) > 0, "medium", "low"), User, FirstSeen, LastSeen, Denials, PeakDenials, IPAddresses = parse_json(IPAddresses), StrangerIPAddresses, Successes',
        '| sort by Denials desc, User asc, FirstSeen asc',
      ],
    };
  },
} as const satisfies Record<KqlDetectionKind, (settings: DetectionSettings, catalog: Catalog) => QueryPlan>;

/** The detection queries of the kinds the settings turn on, in KQL_DETECTION_KINDS order. */
export function detectionQueries(settings: DetectionSettings, catalog: Catalog): QueryPlan[] {
  return KQL_DETECTION_KINDS.filter((kind) => settings[kind].enabled).map((kind) => KQL_DETECTIONS[kind](settings, catalog));
}
