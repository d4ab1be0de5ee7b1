// Owns the attack detections as KQL: one query builder per kind (password spray, brute force, MFA fatigue), keyed by
// kind, each reading its thresholds from KqlDetectionSettings.

import type { QueryPlan } from './query.js';
import { KQL_KEYS } from './sections.js';
import { SIGN_INS } from './signins.js';
import { kqlInts, kqlString } from './text.js';

export const KQL_DETECTION_KINDS = ['password-spray', 'brute-force', 'mfa-fatigue'] as const;
export type KqlDetectionKind = (typeof KQL_DETECTION_KINDS)[number];

/** The thresholds of the detection queries. */
export interface KqlDetectionSettings {
  readonly passwordSpray: {
    /** The failure codes that mean a password was tried: wrong, locked, expired, none stored. */
    readonly codes: readonly number[];
    readonly windowMinutes: number;
    /** Distinct users one IP address fails against within one window. */
    readonly minUsers: number;
  };
  readonly bruteForce: {
    readonly codes: readonly number[];
    /** Failures of one user: within an hour from one IP address, or within a day from minLocations places. */
    readonly minFailures: number;
    readonly windowMinutes: number;
    readonly minLocations: number;
  };
  readonly mfaFatigue: {
    readonly code: number;
    /** How the status details of a denied MFA request begin. */
    readonly detailsPrefix: string;
    readonly minDenials: number;
    readonly windowMinutes: number;
    /** A success from the same IP address this soon after the denials makes it high severity. */
    readonly successWithinMinutes: number;
  };
}

const CREDENTIAL_CODES = [50126, 50053, 50055, 50056];

export const KQL_DETECTION_DEFAULTS: KqlDetectionSettings = {
  passwordSpray: { codes: CREDENTIAL_CODES, windowMinutes: 20, minUsers: 5 },
  bruteForce: { codes: CREDENTIAL_CODES, minFailures: 30, windowMinutes: 60, minLocations: 3 },
  mfaFatigue: { code: 500121, detailsPrefix: 'MFA denied', minDenials: 3, windowMinutes: 10, successWithinMinutes: 60 },
};

const USER = KQL_KEYS.user;

/** One builder per kind. */
export const KQL_DETECTIONS = {
  'password-spray': (settings) => {
    const { codes, windowMinutes, minUsers } = settings.passwordSpray;
    return {
      id: 'detection-password-spray',
      title: 'Detection: password spray',
      about: [
        `IP addresses that failed with ${codes.join(', ')} against ${minUsers} or more users within ${windowMinutes} minutes, and signed in successfully as fewer users than they failed for.`,
        'High severity when any sign-in from the address succeeded.',
      ],
      columns: ['IPAddress', ...USER.reads],
      body: [
        `let Attempts = materialize(${SIGN_INS}`,
        `    | where isnotempty(IPAddress) and (Code in ${kqlInts(codes)} or Outcome == "success")`,
        `    | summarize N = count() by IPAddress, User = ${USER.expression}, Window = bin(Time, ${windowMinutes}m), Failed = Code in ${kqlInts(codes)});`,
        'let Sprays = Attempts',
        '    | where Failed',
        '    | summarize Users = count_distinct(User) by IPAddress, Window',
        `    | where Users >= ${minUsers}`,
        '    | summarize SprayWindows = count(), FirstWindow = min(Window), LastWindow = max(Window), PeakUsers = max(Users) by IPAddress;',
        'Attempts',
        '| summarize FailedUsers = count_distinctif(User, Failed), Failures = sumif(N, Failed), SucceededUsers = count_distinctif(User, not(Failed)), Targets = make_set_if(User, Failed, 100) by IPAddress',
        '| join kind=inner Sprays on IPAddress',
        '| where SucceededUsers < FailedUsers',
        `| project Detection = "password-spray", Severity = iff(SucceededUsers > 0, "high", "medium"), IPAddress, FirstSeen = FirstWindow, LastSeen = LastWindow + ${windowMinutes}m, PeakUsers, SprayWindows, FailedUsers, Failures, SucceededUsers, Targets`,
        '| sort by PeakUsers desc, Failures desc, IPAddress asc',
      ],
    };
  },
  'brute-force': (settings) => {
    const { codes, minFailures, windowMinutes, minLocations } = settings.bruteForce;
    return {
      id: 'detection-brute-force',
      title: 'Detection: brute force',
      about: [
        `Users with ${minFailures} or more failures (${codes.join(', ')}) within ${windowMinutes} minutes from one IP address (medium),`,
        `or within a day from ${minLocations} or more places, country/state/city (high).`,
      ],
      columns: [...USER.reads, 'IPAddress', 'Country', 'State', 'City'],
      body: [
        `let Failures = materialize(${SIGN_INS}`,
        `    | where Code in ${kqlInts(codes)}`,
        `    | project Time, User = ${USER.expression}, IPAddress, Place = strcat_delim("/", Country, State, City));`,
        'let OneSource = Failures',
        `    | summarize Failures = count(), FirstSeen = min(Time), LastSeen = max(Time) by User, IPAddress, Window = bin(Time, ${windowMinutes}m)`,
        `    | where Failures >= ${minFailures}`,
        '    | project Detection = "brute-force", Severity = "medium", User, FirstSeen, LastSeen, Failures, Places = 1, IPAddresses = pack_array(IPAddress);',
        'let ManyPlaces = Failures',
        '    | summarize Failures = count(), Places = count_distinct(Place), IPAddresses = make_set(IPAddress, 100), FirstSeen = min(Time), LastSeen = max(Time) by User, Day = startofday(Time)',
        `    | where Failures >= ${minFailures} and Places >= ${minLocations}`,
        '    | project Detection = "brute-force", Severity = "high", User, FirstSeen, LastSeen, Failures, Places, IPAddresses;',
        'union OneSource, ManyPlaces',
        '| sort by Failures desc, User asc, FirstSeen asc',
      ],
    };
  },
  'mfa-fatigue': (settings) => {
    const { code, detailsPrefix, minDenials, windowMinutes, successWithinMinutes } = settings.mfaFatigue;
    return {
      id: 'detection-mfa-fatigue',
      title: 'Detection: MFA fatigue',
      about: [
        `Users who denied ${minDenials} or more MFA requests (${code}, details beginning ${JSON.stringify(detailsPrefix)}) within ${windowMinutes} minutes.`,
        `High severity when a sign-in from one of the same IP addresses succeeds within ${successWithinMinutes} minutes after.`,
      ],
      columns: [...USER.reads, 'IPAddress', 'AdditionalDetails'],
      body: [
        `let Denials = materialize(${SIGN_INS}`,
        `    | where Code == ${code} and AdditionalDetails startswith ${kqlString(detailsPrefix)}`,
        `    | summarize Denials = count(), FirstSeen = min(Time), LastSeen = max(Time), IPAddresses = make_set(IPAddress, 100) by User = ${USER.expression}, Window = bin(Time, ${windowMinutes}m)`,
        `    | where Denials >= ${minDenials});`,
        `let Successes = ${SIGN_INS}`,
        `    | where Outcome == "success"`,
        `    | project SuccessTime = Time, User = ${USER.expression}, SuccessIP = IPAddress`,
        '    | join kind=inner (Denials | distinct User) on User',
        '    | project SuccessTime, User, SuccessIP;',
        'Denials',
        '| join kind=leftouter Successes on User',
        `| extend Followed = isnotnull(SuccessTime) and SuccessTime > LastSeen and SuccessTime <= LastSeen + ${successWithinMinutes}m and set_has_element(IPAddresses, SuccessIP)`,
        '| summarize Followed = max(toint(Followed)) by User, Window, FirstSeen, LastSeen, Denials, IPAddresses = tostring(IPAddresses)',
        '| project Detection = "mfa-fatigue", Severity = iff(Followed == 1, "high", "medium"), User, FirstSeen, LastSeen, Denials, IPAddresses = parse_json(IPAddresses)',
        '| sort by Denials desc, User asc, FirstSeen asc',
      ],
    };
  },
} as const satisfies Record<KqlDetectionKind, (settings: KqlDetectionSettings) => QueryPlan>;

export function detectionQueries(settings: KqlDetectionSettings): QueryPlan[] {
  return KQL_DETECTION_KINDS.map((kind) => KQL_DETECTIONS[kind](settings));
}
