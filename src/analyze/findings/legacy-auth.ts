// Owns the legacy-auth detection (Sentinel LegacyAuthAttempt): sign-ins over protocols that cannot do MFA
// (IMAP4, POP3, SMTP AUTH, Exchange ActiveSync, "Other clients"...). High for a legacy sign-in that succeeded
// from a network a user of modern clients never signed in from with them; per protocol, medium when legacy
// sign-ins succeed at all and low when they only fail. A stale device's failures are left out. Own slice: legacy
// sign-ins per (user, IP, client app, app).

import { cellOf, defineLayout, cellValue, type CellTable } from './cells.js';
import { LEGACY, SUCCESS } from './classify.js';
import { tableSlice, type Detector, type TableSlice } from './detector.js';
import { addTo, cellFinding, distinctOf, spanTextOf, SUCCESSES, sumOf, FinishContext, type FindingText } from './observations.js';
import { isStalePair } from './stale-credentials.js';
import { count } from '../../words.js';
import { listOf, spanText, times } from './text.js';
import type { Evidence, Finding, Severity } from './types.js';

const LEGACY_CELLS = defineLayout({
  keys: ['user', 'ip', 'client', 'app'],
  columns: { failures: { merge: 'sum' }, successes: { merge: 'sum' }, first: { merge: 'min' }, last: { merge: 'max' } },
  ref: { time: 'first', carry: [] },
});

export const legacyAuth: Detector<TableSlice> = {
  kind: 'legacy-auth',
  wants: LEGACY,
  supersedes: [],
  ...tableSlice(
    LEGACY_CELLS,
    (table, row) => cellOf(table, LEGACY_CELLS, row.user, row.ip, row.client, row.app),
    (row) => ((row.flags & SUCCESS) !== 0 ? LEGACY_CELLS.at.successes : LEGACY_CELLS.at.failures),
  ),
  finish(slice, context) {
    const table = slice.table;
    const L = LEGACY_CELLS;
    const modern = modernPlaces(context);
    const byClient = new Map<number, number[]>();
    const strangerSuccesses = new Map<number, number[]>();
    for (let cell = 0; cell < table.size; cell++) {
      const user = cellValue(table, L, cell, 0);
      const ip = cellValue(table, L, cell, 1);
      const successes = cellValue(table, L, cell, L.at.successes);
      // A stale device's failures are helpdesk work (stale-credentials), not a protocol to close.
      if (successes === 0 && isStalePair(context, user, ip)) continue;
      addTo(byClient, cellValue(table, L, cell, 2), cell);
      // A user who signs in with modern clients, signing in over a legacy protocol from a network they never
      // used with them. (A user whose phone only does legacy mail roams between addresses: that is the
      // protocol finding, not an alarm per address.)
      if (successes > 0 && modern.users.has(user) && !FinishContext.has(modern.networks, user, context.network(ip))) {
        addTo(strangerSuccesses, user * 0x100000000 + ip, cell);
      }
    }

    const findings: Finding[] = [];
    for (const cells of strangerSuccesses.values()) {
      const userIndex = cellValue(table, L, cells[0]!, 0);
      const ipIndex = cellValue(table, L, cells[0]!, 1);
      const user = context.user(userIndex);
      const ip = context.ip(ipIndex);
      const protocols = listOf(
        distinctOf(table, L, cells, 2)
          .map((client) => context.client(client))
          .sort(),
      );
      const success = context.success(userIndex, ipIndex, false)!;
      const lead = [context.evidence(success.table, SUCCESSES, success.cell)];
      findings.push(
        finding(
          context,
          table,
          cells,
          {
            severity: 'high',
            title: `Legacy sign-in as ${user} from ${ip} over ${protocols}`,
            entity: { user, ip },
            why:
              `${user} signed in successfully ${times(success.count)} over ${protocols} from ${ip} ${spanText(success.first, success.last)}, ` +
              `a network (${context.networkName(ipIndex)}) ${user} never signed in from with a modern client. Legacy protocols take the password alone: no MFA was asked.`,
            action: `Ask ${user} whether a mail client at ${ip} is theirs; if not, reset the password and revoke sessions now. Either way, block legacy authentication with Conditional Access.`,
          },
          lead,
        ),
      );
    }
    for (const [client, cells] of byClient) {
      const protocol = context.client(client);
      const successes = sumOf(table, L, cells, L.at.successes);
      const failures = sumOf(table, L, cells, L.at.failures);
      const users = distinctOf(table, L, cells, 0);
      const severity: Severity = successes > 0 ? 'medium' : 'low';
      findings.push(
        finding(context, table, cells, {
          severity,
          title: `Legacy authentication over ${protocol}`,
          entity: { app: protocol },
          why:
            `${count(successes + failures, 'sign-in')} used ${protocol} ${spanTextOf(table, LEGACY_CELLS, cells)} for ${count(users.length, 'user')} ` +
            `(${listOf(users.map((user) => context.user(user)).sort())}): ${successes > 0 ? `${count(successes, 'sign-in')} succeeded` : 'none succeeded'}. ` +
            `Legacy protocols cannot do MFA, so a guessed password is enough ${successes > 0 ? 'and they still work in this tenant' : 'wherever they are still allowed'}.`,
          action:
            successes > 0
              ? `Move the users who still sign in over ${protocol} to modern clients, then block legacy authentication with Conditional Access.`
              : `Nothing got in over ${protocol}; if it is not already blocked for everyone, block legacy authentication with Conditional Access.`,
        }),
      );
    }
    return findings;
  },
};

/** The users with a modern (not legacy) successful sign-in, and the (user, network) pairs of those sign-ins. */
function modernPlaces(context: FinishContext): { users: Set<number>; networks: CellTable } {
  const networks = context.userNetworks((count, legacy) => count > legacy);
  return { users: FinishContext.users(networks), networks };
}

function finding(
  context: FinishContext,
  table: CellTable,
  cells: readonly number[],
  text: Omit<FindingText, 'kind'>,
  lead: readonly (Evidence | null)[] = [],
): Finding {
  const L = LEGACY_CELLS;
  const successes = sumOf(table, L, cells, L.at.successes);
  return cellFinding(
    context,
    { table, layout: L, cells },
    3,
    { kind: 'legacy-auth', ...text },
    { attempts: sumOf(table, L, cells, L.at.failures) + successes, successes },
    lead,
  );
}
