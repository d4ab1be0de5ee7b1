// Owns the password-spray detection (Sentinel SigninPasswordSpray, made portable): one IP failing for many
// users in one 20-minute bin, and the low-and-slow form, a network failing for many users over hours. A user
// who had signed in from the IP before, or did so within minutes of failing (a typo at the office), is not
// counted. Reads the shared credential failures; high when a targeted user then got in.

import { isLegacyClientApp } from '../dimensions.js';
import { MIXED, msOf, NONE, runsOf, cellValue } from './cells.js';
import { NO_SLICE, type Detector } from './detector.js';
import { CREDENTIALS, DAY, HOUR, maxOf, minOf, evidenceOf, MINUTE, spanOf, SUCCESSES, sumOf, type FinishContext } from './observations.js';
import { credentialCodes } from './stale-credentials.js';
import { count } from '../../words.js';
import { codesText, listOf, spanText } from './text.js';
import type { Evidence, Finding } from './types.js';

/** One user's credential failures from one IP in one bin (over all apps): cells sorted[from..to). Times are epoch ms. */
interface Attempt {
  readonly user: number;
  readonly ip: number;
  readonly bin: number;
  readonly from: number;
  readonly to: number;
  readonly first: number;
  readonly last: number;
}

export const passwordSpray: Detector<null> = {
  kind: 'password-spray',
  ...NO_SLICE,
  supersedes: [],
  finish(_slice, context) {
    const settings = context.settings['password-spray'];
    const recovery = settings.recoveryMinutes * MINUTE;
    const table = context.observations.credentials;
    const L = CREDENTIALS;
    // Cells by IP, bin and user: each run is one (IP, bin); within it, each user's cells are together.
    const { sorted, runs } = runsOf(table, L, [1, 2, 0], 2);
    const findings: Finding[] = [];
    const slow = new Map<number, Attempt[]>();
    let ipAttempts: Attempt[] = [];
    let peak = 0;

    const closeIp = (): void => {
      if (ipAttempts.length === 0) return;
      const ip = ipAttempts[0]!.ip;
      if (peak >= settings.minUsers) findings.push(report(context, sorted, ipAttempts, [ip], peak, false));
      else {
        // Low and slow: by network and UTC day, from users who had not signed in from that network. Where as many
        // users sign in successfully as would make a spray (an office, a VPN), a user's success there at any time
        // makes it theirs: people who fail on a Monday morning and get in an hour later are no spray. Elsewhere
        // only a success before the attempt does, so a target the spray got into still counts.
        const shared = context.successUsers(ip).length >= settings.slowMinUsers;
        for (const attempt of ipAttempts) {
          if (context.familiar(attempt.user, ip, shared ? Infinity : attempt.first)) continue;
          const key = context.network(ip) * 0x100000 + Math.floor(attempt.first / DAY);
          const list = slow.get(key);
          if (list === undefined) slow.set(key, [attempt]);
          else list.push(attempt);
        }
      }
      ipAttempts = [];
      peak = 0;
    };

    for (let r = 0; r + 1 < runs.length; r++) {
      const ip = cellValue(table, L, sorted[runs[r]!]!, 1);
      if (ipAttempts.length > 0 && ipAttempts[0]!.ip !== ip) closeIp();
      let sprayedUsers = 0;
      for (let from = runs[r]!; from < runs[r + 1]!; ) {
        const user = cellValue(table, L, sorted[from]!, 0);
        let to = from + 1;
        while (to < runs[r + 1]! && cellValue(table, L, sorted[to]!, 0) === user) to++;
        let first = Infinity;
        let last = -Infinity;
        for (let i = from; i < to; i++) {
          first = Math.min(first, cellValue(table, L, sorted[i]!, L.at.first));
          last = Math.max(last, cellValue(table, L, sorted[i]!, L.at.last));
        }
        // No success from the address before, or within `recovery` after, the user's failures: the failures
        // a user fixed a moment later, or that came from their own address, are no spray.
        if (context.firstSuccess(user, ip) > msOf(last) + recovery) {
          ipAttempts.push({ user, ip, bin: cellValue(table, L, sorted[from]!, 2), from, to, first: msOf(first), last: msOf(last) });
          sprayedUsers++;
        }
        from = to;
      }
      peak = Math.max(peak, sprayedUsers);
    }
    closeIp();

    // A network's days that reach the thresholds make one finding.
    // Most days of most networks are a few attempts: their span is checked before their users are counted.
    const byNetwork = new Map<number, Attempt[]>();
    for (const [key, attempts] of slow) {
      const first = minOf(attempts, (attempt) => attempt.first);
      const last = maxOf(attempts, (attempt) => attempt.last);
      if (last - first < settings.slowMinHours * HOUR || distinctUsers(attempts) < settings.slowMinUsers) continue;
      const network = Math.floor(key / 0x100000);
      const list = byNetwork.get(network);
      if (list === undefined) byNetwork.set(network, attempts);
      else for (const attempt of attempts) list.push(attempt);
    }
    for (const attempts of byNetwork.values()) {
      const ips = [...new Set(attempts.map((attempt) => attempt.ip))];
      findings.push(report(context, sorted, attempts, ips, maxUsersPerBin(attempts), true));
    }
    return findings;
  },
};

function distinctUsers(attempts: readonly Attempt[]): number {
  if (attempts.length < 2) return attempts.length;
  const users = new Set<number>();
  for (const attempt of attempts) users.add(attempt.user);
  return users.size;
}

function maxUsersPerBin(attempts: readonly Attempt[]): number {
  const perBin = new Map<number, Set<number>>();
  for (const attempt of attempts) perBin.set(attempt.bin, (perBin.get(attempt.bin) ?? new Set()).add(attempt.user));
  return maxOf(perBin.values(), (users) => users.size);
}

function report(context: FinishContext, sorted: Int32Array, attempts: readonly Attempt[], ips: readonly number[], peak: number, slow: boolean): Finding {
  const settings = context.settings['password-spray'];
  const table = context.observations.credentials;
  const L = CREDENTIALS;
  const cells = attempts.flatMap((attempt) => Array.from(sorted.subarray(attempt.from, attempt.to)));
  const { first, last } = spanOf(table, L, cells);
  const users = [...new Set(attempts.map((attempt) => attempt.user))];
  const apps = new Set(cells.map((cell) => cellValue(table, L, cell, 3)));
  const clients = new Set<string>();
  let codeBits = 0;
  for (const cell of cells) {
    const client = cellValue(table, L, cell, L.at.client);
    if (client !== MIXED && client !== NONE) clients.add(context.client(client));
    codeBits |= cellValue(table, L, cell, L.at.codes);
  }
  const { compromised, lead } = compromises(context, attempts, ips, first, last + settings.recoveryMinutes * MINUTE);

  const many = slow && ips.length > 1;
  const source = many ? context.networkName(ips[0]!) : context.ip(ips[0]!);
  const from = many ? `${count(ips.length, 'address', 'addresses')} of ${source}` : source;
  const userNames = users.map((user) => context.user(user)).sort();
  const compromisedNames = [...compromised].map((user) => context.user(user)).sort();
  const legacy = [...clients].filter(isLegacyClientApp).sort();
  const why =
    `${from} tried wrong or locked passwords (${codesText(credentialCodes(context, codeBits))}) for ${count(users.length, 'user')} ${spanText(first, last)}, ` +
    `at most ${peak} of them in one ${settings.binMinutes}-minute period: ${listOf(userNames)}. ` +
    `None of them had signed in from ${many ? 'this network' : 'this address'} before or did so within ${count(settings.recoveryMinutes, 'minute')} (as someone fixing a typo does).` +
    (compromisedNames.length > 0
      ? ` Then ${listOf(compromisedNames)} got past the password from ${many ? 'it' : 'this address'}: the attacker may have a working password.`
      : '');
  const block = `block ${source} (a Conditional Access named location or your firewall)`;
  const legacyNote = legacy.length > 0 ? ` The attempts used legacy protocols (${listOf(legacy)}), which cannot do MFA: block legacy authentication.` : '';
  const action =
    compromisedNames.length > 0
      ? `Reset the passwords of ${listOf(compromisedNames)} and revoke their sessions now, check what they signed in to, then ${block}.${legacyNote}`
      : `${block[0]!.toUpperCase()}${block.slice(1)}, and make sure the ${count(users.length, 'targeted user')} have MFA and no password on the banned-password list.${legacyNote}`;

  return {
    kind: 'password-spray',
    severity: compromised.size > 0 ? 'high' : 'medium',
    title: `${slow ? 'Low-and-slow password spray' : 'Password spray'} from ${source} against ${count(users.length, 'user')}`,
    entity: { ip: source },
    first: new Date(first),
    last: new Date(last),
    counts: { attempts: sumOf(table, L, cells, L.at.count), users: users.length, ips: ips.length, apps: apps.size, successes: compromised.size },
    evidence: evidenceOf(context, [{ table, layout: L, cells }], lead),
    why,
    action,
  };
}

/**
 * Users who got past the password from the spraying addresses: a targeted user who later signed in (or was
 * asked for MFA, blocked by Conditional Access...) from them, or anyone whose first success from them fell
 * inside the spray (a guessed password fails nowhere).
 */
function compromises(
  context: FinishContext,
  attempts: readonly Attempt[],
  ips: readonly number[],
  start: number,
  end: number,
): { compromised: Set<number>; lead: (Evidence | null)[] } {
  const firstFailure = new Map<number, number>();
  for (const attempt of attempts) firstFailure.set(attempt.user, Math.min(firstFailure.get(attempt.user) ?? Infinity, attempt.first));
  const compromised = new Set<number>();
  const lead: (Evidence | null)[] = [];
  for (const ip of ips) {
    for (const user of context.successUsers(ip)) {
      const success = context.success(user, ip)!;
      const failed = firstFailure.get(user);
      if (failed !== undefined ? success.first >= failed : success.first >= start && success.first <= end) {
        compromised.add(user);
        lead.push(context.evidence(success.table, SUCCESSES, success.cell));
      }
    }
    for (const [user, failed] of firstFailure) {
      const accepted = context.accepted(user, ip);
      if (accepted === null || accepted.last < failed) continue;
      compromised.add(user);
      lead.push(...accepted.evidence);
    }
  }
  return { compromised, lead };
}
