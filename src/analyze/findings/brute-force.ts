// Owns the brute-force detection: many credential failures against one user, from one IP within an hour
// (Sentinel AADSuspectedBruteForce, FailedLogonToAzurePortal) or from several places in a day (Sentinel
// DistribPassCrackAttempt). Low, medium when lockouts follow, high when the password then got through. A
// stale device (stale-credentials) is never reported here. Reads the shared credential failures.

import { cellValue } from './cells.js';
import { NO_SLICE, type Detector } from './detector.js';
import { CREDENTIALS, DAY, distinctOf, MINUTE, evidenceOf, spanOf, SUCCESSES, sumOf, type CredentialPair, type FinishContext } from './observations.js';
import { credentialCodes, staleRuns } from './stale-credentials.js';
import { count } from '../../words.js';
import { codesText, listOf, spanText, timeText, times } from './text.js';
import type { Evidence, Finding, Severity } from './types.js';

export const bruteForce: Detector<null> = {
  kind: 'brute-force',
  ...NO_SLICE,
  supersedes: ['account-lockout'],
  finish(_slice, context) {
    const settings = context.settings['brute-force'];
    const binMs = context.settings['password-spray'].binMinutes * MINUTE;
    const windowBins = Math.max(1, Math.ceil((settings.windowMinutes * MINUTE) / binMs));
    const stale = staleRuns(context);
    const table = context.observations.credentials;
    const findings: Finding[] = [];

    // Distributed: per user and UTC day, the failures from addresses that are not the user's own or a
    // single-source finding, and the places those addresses are in. Pairs are kept by run number and made
    // again for the days that qualify: on millions of failures most days do not, and a pair is an object.
    const days = new Map<number, { user: number; day: number; count: number; places: Set<string>; runs: number[] }>();
    const { sorted, runs } = context.credentialPairs();
    // Only users with enough failures overall can reach either threshold: count first, build pairs after.
    const least = Math.min(settings.minFailures, settings.dayMinFailures);
    const perUser = new Map<number, number>();
    for (let run = 0; run + 1 < runs.length; run++) {
      const user = cellValue(table, CREDENTIALS, sorted[runs[run]!]!, 0);
      perUser.set(user, (perUser.get(user) ?? 0) + sumOf(table, CREDENTIALS, sorted, CREDENTIALS.at.count, runs[run], runs[run + 1]));
    }
    for (let run = 0; run + 1 < runs.length; run++) {
      if (stale.has(run) || perUser.get(cellValue(table, CREDENTIALS, sorted[runs[run]!]!, 0))! < least) continue;
      const pair = context.credentialPair(run);
      const peak = peakWindow(pair, windowBins);
      if (peak >= settings.minFailures) {
        findings.push(report(context, pair.user, [pair], Array.from(pair.cells), `, up to ${peak} within ${count(settings.windowMinutes, 'minute')}`));
        continue;
      }
      if (context.familiar(pair.user, pair.ip, pair.first)) continue;
      for (const slot of pair.bins) {
        const day = Math.floor((slot.bin * binMs) / DAY);
        const key = pair.user * 0x100000 + day;
        let entry = days.get(key);
        if (entry === undefined) days.set(key, (entry = { user: pair.user, day, count: 0, places: new Set(), runs: [] }));
        entry.count += slot.count;
        entry.places.add(context.location(pair.ip) || context.networkName(pair.ip));
        if (entry.runs[entry.runs.length - 1] !== run) entry.runs.push(run);
      }
    }
    const byUser = new Map<number, { days: Set<number>; runs: Set<number>; places: Set<string> }>();
    for (const entry of days.values()) {
      if (entry.count < settings.dayMinFailures || entry.places.size < settings.dayMinLocations) continue;
      let user = byUser.get(entry.user);
      if (user === undefined) byUser.set(entry.user, (user = { days: new Set(), runs: new Set(), places: new Set() }));
      user.days.add(entry.day);
      for (const run of entry.runs) user.runs.add(run);
      for (const place of entry.places) user.places.add(place);
    }
    for (const [user, { days: qualifying, runs: userRuns, places }] of byUser) {
      const pairs = Array.from(userRuns, (run) => context.credentialPair(run));
      const cells = pairs
        .flatMap((pair) => Array.from(pair.cells))
        .filter((cell) => qualifying.has(Math.floor((cellValue(table, CREDENTIALS, cell, 2) * binMs) / DAY)));
      findings.push(report(context, user, pairs, cells, ` from ${count(places.size, 'place')} (${listOf([...places].sort())}) in a day`));
    }
    return findings;
  },
};

/** The most failures in `windowBins` consecutive bins. */
function peakWindow(pair: CredentialPair, windowBins: number): number {
  let peak = 0;
  let sum = 0;
  let start = 0;
  for (const slot of pair.bins) {
    sum += slot.count;
    while (pair.bins[start]!.bin <= slot.bin - windowBins) sum -= pair.bins[start++]!.count;
    peak = Math.max(peak, sum);
  }
  return peak;
}

function report(context: FinishContext, user: number, pairs: readonly CredentialPair[], cells: readonly number[], shape: string): Finding {
  const table = context.observations.credentials;
  const L = CREDENTIALS;
  const attempts = sumOf(table, L, cells, L.at.count);
  const lockouts = sumOf(table, L, cells, L.at.lockouts);
  const codes = cells.reduce((bits, cell) => bits | cellValue(table, L, cell, L.at.codes), 0);
  const { first, last } = spanOf(table, L, cells);
  const ips = pairs.map((pair) => pair.ip);
  const name = context.user(user);
  const ipNames = ips.map((ip) => context.ip(ip)).sort();

  // The password got through: an attacking address later signed in, or got as far as MFA or Conditional Access.
  const through: (Evidence | null)[] = [];
  let throughCount = 0;
  let throughAt = Infinity;
  for (const pair of pairs) {
    const success = context.success(user, pair.ip);
    if (success !== null && success.first < pair.first) continue; // the user's own address
    if (success !== null) {
      through.push(context.evidence(success.table, SUCCESSES, success.cell));
      throughCount += success.count;
      throughAt = Math.min(throughAt, success.first);
    }
    const accepted = context.accepted(user, pair.ip);
    if (accepted !== null && accepted.last >= pair.first) {
      through.push(...accepted.evidence);
      throughCount += accepted.count;
      throughAt = Math.min(throughAt, Math.max(accepted.first, pair.first));
    }
  }
  const severity: Severity = throughCount > 0 ? 'high' : lockouts > 0 ? 'medium' : 'low';
  const source = ips.length === 1 ? ipNames[0]! : `${count(ips.length, 'address', 'addresses')} (${listOf(ipNames)})`;
  const why =
    `${source} failed to sign in as ${name} ${times(attempts)} ${spanText(first, last)}${shape} (${codesText(credentialCodes(context, codes))})` +
    `${lockouts > 0 ? `; smart lockout answered ${times(lockouts)}` : ''}.` +
    (throughCount > 0 ? ` The password then got through from ${ips.length === 1 ? 'that address' : 'one of them'} at ${timeText(throughAt)}.` : '');
  const block = `block ${ips.length === 1 ? ipNames[0]! : 'those addresses'}`;
  const action =
    throughCount > 0
      ? `Reset ${name}'s password and revoke their sessions now, check their recent sign-ins and MFA methods for ones they did not add, then ${block}.`
      : `Ask ${name} whether these were theirs; if not, ${block}, make sure ${name} has MFA registered, and change the password if it is weak or used elsewhere.`;
  return {
    kind: 'brute-force',
    severity,
    title: `Brute force against ${name} from ${ips.length === 1 ? ipNames[0]! : count(ips.length, 'address', 'addresses')}`,
    entity: ips.length === 1 ? { user: name, ip: ipNames[0]! } : { user: name },
    first: new Date(first),
    last: new Date(last),
    counts: { attempts, users: 1, ips: ips.length, apps: distinctOf(table, L, cells, 3).length, successes: throughCount },
    evidence: evidenceOf(context, [{ table, layout: L, cells }], through),
    why,
    action,
  };
}
