// Owns the account-lockout detection (Sentinel SmartLockouts): users locked out at least a few times in one
// UTC day, with the addresses that caused it; medium when one of them was unfamiliar to the user when it began. Its own
// slice counts lockouts per (user, IP, app, UTC day).

import { runsOf, cellValue } from './cells.js';
import { LOCKOUT } from './classify.js';
import { BINNED, binnedSlice, type Detector, type TableSlice } from './detector.js';
import { DAY, distinctOf, evidenceOf, spanOf, sumOf } from './observations.js';
import { listOf, spanText, times } from './text.js';
import type { Finding } from './types.js';

export const accountLockout: Detector<TableSlice> = {
  kind: 'account-lockout',
  wants: LOCKOUT,
  supersedes: [],
  ...binnedSlice(() => DAY),
  finish(slice, context) {
    const settings = context.settings['account-lockout'];
    const table = slice.table;
    const L = BINNED;
    // Per user and day; a day with enough lockouts brings its cells to the user's finding.
    const { sorted, runs } = runsOf(table, L, [0, 3], 2);
    const byUser = new Map<number, number[]>();
    for (let r = 0; r + 1 < runs.length; r++) {
      if (sumOf(table, L, sorted, L.at.count, runs[r], runs[r + 1]) < settings.minLockouts) continue;
      const user = cellValue(table, L, sorted[runs[r]!]!, 0);
      byUser.set(user, [...(byUser.get(user) ?? []), ...sorted.subarray(runs[r]!, runs[r + 1]!)]);
    }

    const findings: Finding[] = [];
    for (const [user, cells] of byUser) {
      const name = context.user(user);
      const lockouts = sumOf(table, L, cells, L.at.count);
      const { first, last } = spanOf(table, L, cells);
      const perIp = new Map<number, number[]>();
      for (const cell of cells) {
        const ip = cellValue(table, L, cell, 1);
        perIp.set(ip, [...(perIp.get(ip) ?? []), cell]);
      }
      const ips = [...perIp.keys()];
      // Unfamiliar: the user had not signed in successfully from the address (or its network) before its first
      // lockout. A success from there afterwards does not make it the user's: it may be the attacker getting in.
      const firstFrom = (ip: number): number => spanOf(table, L, perIp.get(ip)!).first;
      const strangerIps = ips.filter((ip) => !context.familiar(user, ip, firstFrom(ip)));
      const strangers = strangerIps.map((ip) => context.ip(ip)).sort();
      const laterIn = strangerIps
        .filter((ip) => context.firstSuccess(user, ip) < Infinity)
        .map((ip) => context.ip(ip))
        .sort();
      const byNetworkOnly = ips.some((ip) => context.familiarBy(user, ip, firstFrom(ip)) === 'network');
      const byCount = [...perIp]
        .map(([ip, list]) => [ip, sumOf(table, L, list, L.at.count)] as const)
        .sort((a, b) => b[1] - a[1] || (context.ip(a[0]) < context.ip(b[0]) ? -1 : 1))
        .map(([ip, n]) => `${context.ip(ip)} (${n})`);
      const own = `${ips.length === 1 ? 'this address' : 'these addresses'}${byNetworkOnly ? ` or ${ips.length === 1 ? 'its network' : 'their networks'}` : ''}`;
      findings.push({
        kind: 'account-lockout',
        severity: strangers.length > 0 ? 'medium' : 'low',
        title: `${name} locked out ${times(lockouts)}`,
        entity: ips.length === 1 ? { user: name, ip: context.ip(ips[0]!) } : { user: name },
        first: new Date(first),
        last: new Date(last),
        counts: { attempts: lockouts, users: 1, ips: ips.length, apps: distinctOf(table, L, cells, 2).length, successes: 0 },
        evidence: evidenceOf(context, [{ table, layout: L, cells }]),
        why:
          `Smart lockout refused ${name} ${times(lockouts)} ${spanText(first, last)}, caused by sign-ins from ${listOf(byCount, 4)}. ` +
          (strangers.length > 0
            ? `${name} had not signed in successfully from ${listOf(strangers)} before the lockouts: someone else is trying the password.` +
              (laterIn.length > 0 ? ` A sign-in as ${name} from ${listOf(laterIn)} succeeded afterwards: if it was not ${name}, the password is known.` : '')
            : `${name} signed in successfully from ${own} before the lockouts: probably their own device with a wrong or old password.`),
        action:
          strangers.length > 0
            ? laterIn.length > 0
              ? `Ask ${name} whether the sign-in from ${listOf(laterIn)} was theirs; if not, reset the password and revoke sessions, then block ${listOf(strangers)}.`
              : `Tell ${name} their account is being attacked and check that MFA is registered; block ${listOf(strangers)} if nobody there should sign in. Unlocking early only helps the attacker.`
            : `Helpdesk: find ${name}'s device or app that keeps using an old password at ${listOf(ips.map((ip) => context.ip(ip)).sort())} and update it; the lockouts stop then.`,
      });
    }
    return findings;
  },
};
