// Owns the sign-in-loop detection: one user and app with hundreds of interrupts (50078, 50140, 50097...) and
// no successful sign-in to that app at all: a client stuck in a prompt loop, invisible in failure counts
// because interrupts are not failures. Own slice: interrupts per (user, IP, app), and a bit matrix of the
// (user, app) pairs with a successful sign-in; MFA interrupts are counted in the shared sign-ins past the
// password instead, so no row is stored twice.

import { cellOf, createTable, defineLayout, mergeTable, MIXED, NONE, runsOf, same, sameValue, cellValue, type CellTable } from './cells.js';
import { INTERRUPT, PAST_PASSWORD, SUCCESS } from './classify.js';
import type { Detector } from './detector.js';
import { ACCEPTS, note, evidenceOf, spanOf, sumOf, type FinishContext } from './observations.js';
import { count } from '../../words.js';
import { codesText, listOf, spanText } from './text.js';
import { addPair, createPairBits, forEachPair, hasPair, type PairBits } from './pair-bits.js';
import type { Finding } from './types.js';

const INTERRUPTS = defineLayout({
  keys: ['user', 'ip', 'app'],
  columns: { count: { merge: 'sum' }, code: { merge: 'same' }, first: { merge: 'min' }, last: { merge: 'max' } },
  ref: { time: 'first', carry: [] },
});

export interface LoopSlice {
  readonly table: CellTable;
  /** (user, app) pairs with a successful sign-in. */
  readonly completed: PairBits;
}

export const signInLoop: Detector<LoopSlice> = {
  kind: 'sign-in-loop',
  wants: INTERRUPT | SUCCESS,
  supersedes: [],
  create: () => ({ table: createTable(INTERRUPTS), completed: createPairBits() }),
  observe(slice, row, context) {
    if ((row.flags & SUCCESS) !== 0) {
      addPair(slice.completed, row.user, row.app);
      return;
    }
    if ((row.flags & PAST_PASSWORD) !== 0) return; // counted in the shared ACCEPTS table
    const table = slice.table;
    const cell = cellOf(table, INTERRUPTS, row.user, row.ip, row.app);
    sameValue(table, INTERRUPTS, cell, INTERRUPTS.at.code, row.facts.code);
    note(table, INTERRUPTS, cell, context.lists, row, INTERRUPTS.at.count);
  },
  merge(target, source, remaps, lists) {
    mergeTable(target.table, source.table, INTERRUPTS, remaps, lists);
    forEachPair(source.completed, (user, app) => addPair(target.completed, remaps.user[user]!, remaps.app[app]!));
  },
  finish(slice, context) {
    const settings = context.settings['sign-in-loop'];
    const table = slice.table;
    const accepts = context.observations.accepts;
    // Both tables in (user, app) runs, walked side by side like a merge of two sorted lists.
    const own = runsOf(table, INTERRUPTS, [0, 2], 2);
    const shared = runsOf(accepts, ACCEPTS, [0, 2], 2);
    const findings: Finding[] = [];
    for (let i = 0, j = 0; i + 1 < own.runs.length || j + 1 < shared.runs.length; ) {
      const ownCell = i + 1 < own.runs.length ? own.sorted[own.runs[i]!]! : -1;
      const sharedCell = j + 1 < shared.runs.length ? shared.sorted[shared.runs[j]!]! : -1;
      // The (user, app) of each side's current run; a side that has run out sorts last.
      const ownUser = ownCell < 0 ? Infinity : cellValue(table, INTERRUPTS, ownCell, 0);
      const ownApp = ownCell < 0 ? Infinity : cellValue(table, INTERRUPTS, ownCell, 2);
      const sharedUser = sharedCell < 0 ? Infinity : cellValue(accepts, ACCEPTS, sharedCell, 0);
      const sharedApp = sharedCell < 0 ? Infinity : cellValue(accepts, ACCEPTS, sharedCell, 2);
      const order = ownUser - sharedUser || ownApp - sharedApp;
      const user = order <= 0 ? ownUser : sharedUser;
      const app = order <= 0 ? ownApp : sharedApp;
      // Cells [ownFrom, ownTo) of own.sorted and [sharedFrom, sharedTo) of shared.sorted belong to (user, app).
      const ownFrom = order <= 0 ? own.runs[i]! : 0;
      const ownTo = order <= 0 ? own.runs[i + 1]! : 0;
      const sharedFrom = order >= 0 ? shared.runs[j]! : 0;
      const sharedTo = order >= 0 ? shared.runs[j + 1]! : 0;
      if (order <= 0) i++;
      if (order >= 0) j++;
      const interrupts =
        sumOf(table, INTERRUPTS, own.sorted, INTERRUPTS.at.count, ownFrom, ownTo) +
        sumOf(accepts, ACCEPTS, shared.sorted, ACCEPTS.at.interrupts, sharedFrom, sharedTo);
      // A successful sign-in to the app, counted or left out by a filter or the window, ends the question.
      if (interrupts < settings.minInterrupts || hasPair(slice.completed, user, app) || hasPair(context.observations.leftOut.completed, user, app)) continue;
      const sharedCells = Array.from(shared.sorted.subarray(sharedFrom, sharedTo)).filter(
        (cell) => cellValue(accepts, ACCEPTS, cell, ACCEPTS.at.interrupts) > 0,
      );
      findings.push(report(context, table, user, app, Array.from(own.sorted.subarray(ownFrom, ownTo)), sharedCells, interrupts));
    }
    return findings;
  },
};

function report(
  context: FinishContext,
  table: CellTable,
  userIndex: number,
  appIndex: number,
  own: readonly number[],
  shared: readonly number[],
  interrupts: number,
): Finding {
  const accepts = context.observations.accepts;
  const user = context.user(userIndex);
  const app = context.app(appIndex);
  const mine = spanOf(table, INTERRUPTS, own);
  const theirs = spanOf(accepts, ACCEPTS, shared);
  const first = Math.min(mine.first, theirs.first);
  const last = Math.max(mine.last, theirs.last);
  let code = own.reduce((value, cell) => same(value, cellValue(table, INTERRUPTS, cell, INTERRUPTS.at.code)), NONE);
  code = shared.reduce((value, cell) => same(value, cellValue(accepts, ACCEPTS, cell, ACCEPTS.at.code)), code);
  const ips = [...new Set([...own.map((cell) => cellValue(table, INTERRUPTS, cell, 1)), ...shared.map((cell) => cellValue(accepts, ACCEPTS, cell, 1))])]
    .map((ip) => context.ip(ip))
    .sort();
  const evidence = evidenceOf(context, [
    { table, layout: INTERRUPTS, cells: own },
    { table: accepts, layout: ACCEPTS, cells: shared },
  ]);
  const codes = code === MIXED ? `interrupts such as ${codesText(evidence.map((item) => item.code))}` : codesText([code]);
  return {
    kind: 'sign-in-loop',
    severity: 'low',
    title: `${app} keeps interrupting ${user}`,
    entity: { user, app },
    first: new Date(first),
    last: new Date(last),
    counts: { attempts: interrupts, users: 1, ips: ips.length, apps: 1, successes: 0 },
    evidence,
    why:
      `${app} got ${count(interrupts, 'interrupt')} (${codes}) for ${user} ${spanText(first, last)} from ${listOf(ips)}, and not one successful sign-in. ` +
      `A client that asks again and again without finishing is stuck in a prompt loop; failure counts miss it because interrupts are not failures.`,
    action:
      `App owner: look at the ${app} client on ${user}'s device: sign it out and back in or update it, and check how it handles interaction-required answers ` +
      `(an embedded browser that cannot show the prompt, a token cache that never saves).`,
  };
}
