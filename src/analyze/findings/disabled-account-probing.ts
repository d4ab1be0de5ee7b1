// Owns the disabled-account-probing detection (Sentinel DisabledAccountSigninsAcrossManyApplications and
// SigninAttemptsByIPviaDisabledAccounts): one address trying several disabled accounts, and a disabled
// account tried across several apps or from addresses it never used. Its own slice counts sign-ins to
// disabled accounts per (user, IP, app, day).

import { cellOf, createTable, defineLayout, mergeTable, valueOf, type CellTable } from './cells.js';
import { DISABLED } from './classify.js';
import type { Detector } from './detector.js';
import { DAY, distinctOf, note, evidenceOf, spanOf, sumOf, type FinishContext } from './observations.js';
import { count, listOf, spanText, times } from './text.js';
import type { Finding, Severity } from './types.js';

/** Per UTC day too, so a finding's evidence spans its days. */
const DISABLED_CELLS = defineLayout({
  keys: ['user', 'ip', 'app', 'bin'],
  columns: { count: { merge: 'sum' }, first: { merge: 'min' }, last: { merge: 'max' } },
  ref: { time: 'first', carry: [] },
});

export interface DisabledSlice {
  readonly table: CellTable;
}

export const disabledAccountProbing: Detector<DisabledSlice> = {
  kind: 'disabled-account-probing',
  wants: DISABLED,
  supersedes: [],
  create: () => ({ table: createTable(DISABLED_CELLS) }),
  observe(slice, row, context) {
    const cell = cellOf(slice.table, DISABLED_CELLS, row.user, row.ip, row.app, Math.floor(row.ms / DAY));
    note(slice.table, DISABLED_CELLS, cell, context.lists, row, DISABLED_CELLS.at.count);
  },
  merge(target, source, remaps, lists) {
    mergeTable(target.table, source.table, DISABLED_CELLS, remaps, lists);
  },
  finish(slice, context) {
    const settings = context.settings['disabled-account-probing'];
    const table = slice.table;
    const L = DISABLED_CELLS;
    const byIp = new Map<number, number[]>();
    const byUser = new Map<number, number[]>();
    for (let cell = 0; cell < table.size; cell++) {
      push(byIp, valueOf(table, L, cell, 1), cell);
      push(byUser, valueOf(table, L, cell, 0), cell);
    }
    const findings: Finding[] = [];
    const probingIps = new Set<number>();
    for (const [ip, cells] of byIp) {
      const users = distinctOf(table, L, cells, 0);
      if (users.length < settings.minUsersPerIp) continue;
      probingIps.add(ip);
      const active = context.successUsers(ip).filter((user) => !users.includes(user)).map((user) => context.user(user)).sort();
      const name = context.ip(ip);
      const userNames = users.map((user) => context.user(user)).sort();
      findings.push(
        report(context, table, cells, active.length > 0 ? 'high' : 'medium', `${name} tried ${count(users.length, 'disabled account')}`, { ip: name }, {
          why:
            `${name} tried to sign in to ${count(users.length, 'disabled account')} (${listOf(userNames)}) ${span(table, cells)}: someone holds a list of old accounts.` +
            (active.length > 0 ? ` The same address signed in successfully as ${listOf(active)}.` : ''),
          action:
            active.length > 0
              ? `Check the successful sign-ins from ${name} now (${listOf(active)}): reset those passwords and revoke sessions if they are not expected; block ${name}.`
              : `Block ${name}, and delete the disabled accounts that are no longer needed.`,
          successes: active.length,
        }),
      );
    }
    for (const [user, cells] of byUser) {
      const rest = cells.filter((cell) => !probingIps.has(valueOf(table, L, cell, 1)));
      if (rest.length === 0) continue;
      const apps = distinctOf(table, L, rest, 2);
      const ips = distinctOf(table, L, rest, 1);
      const strangers = ips.filter((ip) => !context.familiar(user, ip));
      if (apps.length < settings.minApps && strangers.length === 0) continue;
      const name = context.user(user);
      const ipNames = ips.map((ip) => context.ip(ip)).sort();
      const appNames = apps.map((app) => context.app(app)).sort();
      const severity: Severity = apps.length >= settings.minApps || strangers.length > 1 ? 'medium' : 'low';
      findings.push(
        report(context, table, rest, severity, `Sign-ins to disabled account ${name}`, ips.length === 1 ? { user: name, ip: ipNames[0]! } : { user: name }, {
          why:
            `Someone tried to sign in as ${name}, a disabled account, ${times(sumOf(table, L, rest, L.at.count))} ${span(table, rest)} ` +
            `to ${count(apps.length, 'app')} (${listOf(appNames)}) from ${listOf(ipNames)}` +
            (strangers.length > 0 ? `, ${strangers.length === ips.length ? 'none' : 'not all'} of them an address the account ever signed in from.` : '.'),
          action:
            severity === 'low'
              ? `Probably a device of the former user still trying: find it (${listOf(ipNames)}) and remove the account from it; delete ${name} if it is no longer needed.`
              : `Treat it as probing: keep ${name} disabled, block ${listOf(ipNames)} if nobody there should sign in, and check other accounts for sign-ins from them.`,
          successes: 0,
        }),
      );
    }
    return findings;
  },
};

function push(map: Map<number, number[]>, key: number, cell: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [cell]);
  else list.push(cell);
}

function span(table: CellTable, cells: readonly number[]): string {
  const { first, last } = spanOf(table, DISABLED_CELLS, cells);
  return spanText(first, last);
}

function report(
  context: FinishContext,
  table: CellTable,
  cells: readonly number[],
  severity: Severity,
  title: string,
  entity: Finding['entity'],
  text: { why: string; action: string; successes: number },
): Finding {
  const L = DISABLED_CELLS;
  const { first, last } = spanOf(table, L, cells);
  return {
    kind: 'disabled-account-probing',
    severity,
    title,
    entity,
    first: new Date(first),
    last: new Date(last),
    counts: {
      attempts: sumOf(table, L, cells, L.at.count),
      users: distinctOf(table, L, cells, 0).length,
      ips: distinctOf(table, L, cells, 1).length,
      apps: distinctOf(table, L, cells, 2).length,
      successes: text.successes,
    },
    evidence: evidenceOf(context, [{ table, layout: L, cells }]),
    why: text.why,
    action: text.action,
  };
}
