// Owns the disabled-account-probing detection (Sentinel DisabledAccountSigninsAcrossManyApplications and
// SigninAttemptsByIPviaDisabledAccounts): one address trying several disabled accounts, and a disabled
// account tried across several apps or from addresses it never used. Its own slice counts sign-ins to
// disabled accounts per (user, IP, app, day).

import { cellValue, msOf, type CellTable } from './cells.js';
import { DISABLED } from './classify.js';
import { BINNED, binnedSlice, type Detector, type TableSlice } from './detector.js';
import { addTo, cellFinding, DAY, distinctOf, spanTextOf, sumOf, type FindingText, type FinishContext } from './observations.js';
import { count } from '../../words.js';
import { listOf, times } from './text.js';
import type { Finding, Severity } from './types.js';

export const disabledAccountProbing: Detector<TableSlice> = {
  kind: 'disabled-account-probing',
  wants: DISABLED,
  supersedes: [],
  // Per UTC day too, so a finding's evidence spans its days.
  ...binnedSlice(() => DAY),
  finish(slice, context) {
    const settings = context.settings['disabled-account-probing'];
    const table = slice.table;
    const L = BINNED;
    const byIp = new Map<number, number[]>();
    const byUser = new Map<number, number[]>();
    for (let cell = 0; cell < table.size; cell++) {
      addTo(byIp, cellValue(table, L, cell, 1), cell);
      addTo(byUser, cellValue(table, L, cell, 0), cell);
    }
    const findings: Finding[] = [];
    // The (user, IP) pairs an address's finding holds, as user * 2^32 + IP.
    const probed = new Set<number>();
    // Per user, the first attempt (epoch ms) among cells of one IP: an address the account had signed in from
    // before then is its former owner's device, not someone trying a list of accounts.
    const firstPerUser = (cells: readonly number[]): Map<number, number> => {
      const firsts = new Map<number, number>();
      for (const cell of cells) {
        const user = cellValue(table, L, cell, 0);
        const time = msOf(cellValue(table, L, cell, L.at.first));
        if (time < (firsts.get(user) ?? Infinity)) firsts.set(user, time);
      }
      return firsts;
    };
    for (const [ip, ipCells] of byIp) {
      const strangers = [...firstPerUser(ipCells)].filter(([user, first]) => !context.familiar(user, ip, first)).map(([user]) => user);
      if (strangers.length < settings.minUsersPerIp) continue;
      const users = strangers;
      const tried = new Set(users);
      const cells = ipCells.filter((cell) => tried.has(cellValue(table, L, cell, 0)));
      for (const user of users) probed.add(user * 0x100000000 + ip);
      const active = context
        .successUsers(ip)
        // Accounts that are disabled now are not the active accounts the address got into.
        .filter((user) => !byUser.has(user))
        .map((user) => context.user(user))
        .sort();
      const name = context.ip(ip);
      const userNames = users.map((user) => context.user(user)).sort();
      findings.push(
        finding(context, table, cells, active.length, {
          severity: active.length > 0 ? 'high' : 'medium',
          title: `${name} tried ${count(users.length, 'disabled account')}`,
          entity: { ip: name },
          why:
            `${name} tried to sign in to ${count(users.length, 'disabled account')} (${listOf(userNames)}) ${spanTextOf(table, BINNED, cells)}: someone holds a list of old accounts.` +
            (active.length > 0 ? ` The same address signed in successfully as ${listOf(active)}.` : ''),
          action:
            active.length > 0
              ? `Check the successful sign-ins from ${name} now (${listOf(active)}): reset those passwords and revoke sessions if they are not expected; block ${name}.`
              : `Block ${name}, and delete the disabled accounts that are no longer needed.`,
        }),
      );
    }
    for (const [user, cells] of byUser) {
      const rest = cells.filter((cell) => !probed.has(user * 0x100000000 + cellValue(table, L, cell, 1)));
      if (rest.length === 0) continue;
      const apps = distinctOf(table, L, rest, 2);
      const ips = distinctOf(table, L, rest, 1);
      const strangers = ips.filter((ip) => !context.familiar(user, ip, firstPerUser(rest.filter((cell) => cellValue(table, L, cell, 1) === ip)).get(user)!));
      if (apps.length < settings.minApps && strangers.length === 0) continue;
      const name = context.user(user);
      const ipNames = ips.map((ip) => context.ip(ip)).sort();
      const appNames = apps.map((app) => context.app(app)).sort();
      const severity: Severity = apps.length >= settings.minApps || strangers.length > 1 ? 'medium' : 'low';
      findings.push(
        finding(context, table, rest, 0, {
          severity,
          title: `Sign-ins to disabled account ${name}`,
          entity: ips.length === 1 ? { user: name, ip: ipNames[0]! } : { user: name },
          why:
            `Someone tried to sign in as ${name}, a disabled account, ${times(sumOf(table, L, rest, L.at.count))} ${spanTextOf(table, BINNED, rest)} ` +
            `to ${count(apps.length, 'app')} (${listOf(appNames)}) from ${listOf(ipNames)}` +
            (strangers.length === 0
              ? '.'
              : ips.length === 1
                ? ', an address the account had not signed in from.'
                : `, ${strangers.length === ips.length ? 'none' : 'not all'} of them an address the account had signed in from.`),
          action:
            severity === 'low'
              ? `Probably a device of the former user still trying: find it (${listOf(ipNames)}) and remove the account from it; delete ${name} if it is no longer needed.`
              : `Treat it as probing: keep ${name} disabled, block ${listOf(ipNames)} if nobody there should sign in, and check other accounts for sign-ins from them.`,
        }),
      );
    }
    return findings;
  },
};

function finding(context: FinishContext, table: CellTable, cells: readonly number[], successes: number, text: Omit<FindingText, 'kind'>): Finding {
  const L = BINNED;
  return cellFinding(
    context,
    { table, layout: L, cells },
    2,
    { kind: 'disabled-account-probing', ...text },
    { attempts: sumOf(table, L, cells, L.at.count), successes },
  );
}
