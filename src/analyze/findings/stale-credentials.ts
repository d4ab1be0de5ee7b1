// Owns the stale-credentials detection: one device retrying an old password at a steady pace from one IP the
// user otherwise signs in from, with one client app and the same error. Not an attack but the top cause of
// lockouts, so it is helpdesk information, and brute-force and legacy-auth leave these failures out.

import { MIXED } from './cells.js';
import { NO_SLICE, type Detector } from './detector.js';
import { CREDENTIALS, distinctOf, MINUTE, evidenceOf, type CredentialPair, type FinishContext } from './observations.js';
import { count } from '../../words.js';
import { codesText, spanText, times } from './text.js';
import type { Finding } from './types.js';

/** The credentialPairs() runs that are a stale device. */
export function staleRuns(context: FinishContext): ReadonlySet<number> {
  return context.memo('staleRuns', () => {
    const stale = new Set<number>();
    const { runs } = context.credentialPairs();
    const minBins = context.settings['stale-credentials'].minBins;
    // A pair has at least one cell per bin, so fewer cells than minBins cannot be stale: skip building it.
    for (let run = 0; run + 1 < runs.length; run++) {
      if (runs[run + 1]! - runs[run]! >= minBins && isStale(context.credentialPair(run), context)) stale.add(run);
    }
    return stale;
  });
}

/** Whether a user's failures from an IP are a stale device's (a user-and-IP test for detections on other tables). */
export function isStalePair(context: FinishContext, user: number, ip: number): boolean {
  const keys = context.memo('stalePairs', () => {
    const set = new Set<number>();
    for (const run of staleRuns(context)) {
      const pair = context.credentialPair(run);
      set.add(pair.user * 0x100000000 + pair.ip);
    }
    return set;
  });
  return keys.has(user * 0x100000000 + ip);
}

/** CREDENTIALS `codes` bits → the codes they stand for (bit 31: codes past the list). */
export function credentialCodes(context: FinishContext, bits: number): number[] {
  const list = context.settings.codes.credentialFailure.codes;
  return list.filter((_code, i) => (bits & (1 << Math.min(i, 31))) !== 0);
}

function isStale(pair: CredentialPair, context: FinishContext): boolean {
  const settings = context.settings['stale-credentials'];
  const list = context.settings.codes.credentialFailure.codes;
  let allowed = 0;
  list.forEach((code, i) => {
    if (i < 31 && settings.codes.includes(code)) allowed |= 1 << i;
  });
  if ((pair.codes & ~allowed) !== 0 || pair.client === MIXED) return false;
  const { bins } = pair;
  if (bins.length < settings.minBins) return false;
  const spanBins = bins[bins.length - 1]!.bin - bins[0]!.bin + 1;
  if (bins.length / spanBins < settings.minCoverage) return false;
  const mean = pair.count / bins.length;
  const deviation = Math.sqrt(bins.reduce((sum, slot) => sum + (slot.count - mean) ** 2, 0) / bins.length);
  if (deviation / mean > settings.maxVariation) return false;
  // An address the user signed in from before the failures began: their own device. A steady stream from
  // elsewhere stays suspicious, and so does one whose address only signed in once it was under way (an attack
  // that got through).
  return context.familiar(pair.user, pair.ip, pair.first);
}

export const staleCredentials: Detector<null> = {
  kind: 'stale-credentials',
  ...NO_SLICE,
  supersedes: ['account-lockout'],
  finish(_slice, context) {
    const findings: Finding[] = [];
    const binMinutes = context.settings['password-spray'].binMinutes;
    const table = context.observations.credentials;
    for (const run of staleRuns(context)) {
      const pair = context.credentialPair(run);
      const user = context.user(pair.user);
      const ip = context.ip(pair.ip);
      const client = context.client(pair.client);
      const apps = distinctOf(table, CREDENTIALS, pair.cells, 3)
        .map((app) => context.app(app))
        .sort();
      const spanBins = pair.bins[pair.bins.length - 1]!.bin - pair.bins[0]!.bin + 1;
      const every = Math.max(1, Math.round((pair.last - pair.first) / MINUTE / Math.max(1, pair.count - 1)));
      const through = client === '' ? 'one client app' : client;
      findings.push({
        kind: 'stale-credentials',
        severity: 'info',
        title: `Old password retried by a device of ${user} at ${ip}`,
        entity: apps.length === 1 ? { user, ip, app: apps[0]! } : { user, ip },
        first: new Date(pair.first),
        last: new Date(pair.last),
        counts: { attempts: pair.count, users: 1, ips: 1, apps: apps.length, successes: 0 },
        evidence: evidenceOf(context, [{ table, layout: CREDENTIALS, cells: pair.cells }]),
        why:
          `${user} failed ${times(pair.count)} from ${ip} over ${through} ${spanText(pair.first, pair.last)}, ` +
          `in ${pair.bins.length === spanBins ? 'every one' : pair.bins.length} of those ${spanBins} ${binMinutes}-minute periods (about every ${count(every, 'minute')})` +
          `${pair.lockouts > 0 ? `, ${count(pair.lockouts, 'lockout')} among them` : ''}, all ${codesText(credentialCodes(context, pair.codes))}. ` +
          `One address the user also signs in from, one client app and the same error at a steady pace is a device or app still holding an old password, not an attacker.`,
        action:
          `Helpdesk: have ${user} update or remove the saved password in the app that connects from ${ip}${client === '' ? '' : ` over ${client}`} ` +
          `(often a phone's mail app, a second laptop or a mapped drive); the failures${pair.lockouts > 0 ? ' and lockouts' : ''} stop when it does.`,
      });
    }
    return findings;
  },
};
