// Owns the mfa-fatigue detection (Sentinel MFASpamming, made portable): one user denying or ignoring MFA
// requests again and again within minutes, or prompted again and again within minutes from an address they
// had never signed in from; high when a sign-in from that address then succeeded. Own slice: MFA denials
// per (user, IP, app, 10-minute bin); the prompts come from the shared sign-ins past the password.

import { runsOf, cellValue, type CellTable } from './cells.js';
import { MFA_DENIED } from './classify.js';
import { BINNED, binnedSlice, type Detector, type TableSlice } from './detector.js';
import { ACCEPTS, MINUTE, evidenceOf, spanOf, SUCCESSES, sumOf, type FinishContext } from './observations.js';
import { count } from '../../words.js';
import { listOf, spanText, times, timeText } from './text.js';
import type { Evidence, Finding, Severity } from './types.js';

export const mfaFatigue: Detector<TableSlice> = {
  kind: 'mfa-fatigue',
  wants: MFA_DENIED,
  supersedes: ['correct-password-unfamiliar-ip'],
  ...binnedSlice((settings) => settings['mfa-fatigue'].binMinutes * MINUTE),
  finish(slice, context) {
    const settings = context.settings['mfa-fatigue'];
    const table = slice.table;
    const byUser = new Map<number, { denials: number[]; prompts: number[]; peak: number }>();
    const entry = (user: number) => {
      let found = byUser.get(user);
      if (found === undefined) byUser.set(user, (found = { denials: [], prompts: [], peak: 0 }));
      return found;
    };

    // Denials: a window is a bin and the next, so a burst across a bin edge still counts whole.
    const { sorted, runs } = runsOf(table, BINNED, [0, 3], 1);
    for (let r = 0; r + 1 < runs.length; r++) {
      if (sumOf(table, BINNED, sorted, BINNED.at.count, runs[r], runs[r + 1]) < settings.minDenials) continue;
      const cells = sorted.subarray(runs[r]!, runs[r + 1]!);
      const perBin = new Map<number, number>();
      for (const cell of cells)
        perBin.set(cellValue(table, BINNED, cell, 3), (perBin.get(cellValue(table, BINNED, cell, 3)) ?? 0) + cellValue(table, BINNED, cell, BINNED.at.count));
      const marked = new Set<number>();
      let peak = 0;
      for (const [bin, n] of perBin) {
        const window = n + (perBin.get(bin + 1) ?? 0);
        if (window < settings.minDenials) continue;
        peak = Math.max(peak, window);
        marked.add(bin).add(bin + 1);
      }
      if (marked.size === 0) continue;
      const found = entry(cellValue(table, BINNED, cells[0]!, 0));
      found.denials.push(...Array.from(cells).filter((cell) => marked.has(cellValue(table, BINNED, cell, 3))));
      found.peak = Math.max(found.peak, peak);
    }

    // Prompts: many within a window, from an address the user had not signed in from before them.
    const accepts = context.observations.accepts;
    const pairs = context.acceptPairs();
    for (let r = 0; r + 1 < pairs.runs.length; r++) {
      const prompts = sumOf(accepts, ACCEPTS, pairs.sorted, ACCEPTS.at.prompts, pairs.runs[r], pairs.runs[r + 1]);
      if (prompts < settings.minPrompts) continue;
      const cells = pairs.sorted.subarray(pairs.runs[r]!, pairs.runs[r + 1]!);
      const { first, last } = spanOf(accepts, ACCEPTS, cells);
      const user = cellValue(accepts, ACCEPTS, cells[0]!, 0);
      const success = context.success(user, cellValue(accepts, ACCEPTS, cells[0]!, 1));
      if (last - first > 2 * settings.binMinutes * MINUTE || (success !== null && success.first < first)) continue;
      const found = entry(user);
      found.prompts.push(...cells);
      found.peak = Math.max(found.peak, prompts);
    }
    return [...byUser].map(([user, found]) => report(context, table, user, found.denials, found.prompts, found.peak));
  },
};

function report(context: FinishContext, table: CellTable, user: number, denialCells: readonly number[], promptCells: readonly number[], peak: number): Finding {
  const settings = context.settings['mfa-fatigue'];
  const accepts = context.observations.accepts;
  const denied = spanOf(table, BINNED, denialCells);
  const prompted = spanOf(accepts, ACCEPTS, promptCells);
  const first = Math.min(denied.first, prompted.first);
  const last = Math.max(denied.last, prompted.last);
  const denials = sumOf(table, BINNED, denialCells, BINNED.at.count);
  const prompts = sumOf(accepts, ACCEPTS, promptCells, ACCEPTS.at.prompts);
  const ips = [
    ...new Set([...denialCells.map((cell) => cellValue(table, BINNED, cell, 1)), ...promptCells.map((cell) => cellValue(accepts, ACCEPTS, cell, 1))]),
  ];
  const apps = new Set([...denialCells.map((cell) => cellValue(table, BINNED, cell, 2)), ...promptCells.map((cell) => cellValue(accepts, ACCEPTS, cell, 2))]);
  const name = context.user(user);

  const strangers: string[] = [];
  const through: (Evidence | null)[] = [];
  let successes = 0;
  let throughAt = Infinity;
  for (const ip of ips) {
    const success = context.success(user, ip);
    if (success !== null && success.first < first) continue; // the user's own address
    strangers.push(context.ip(ip));
    if (success === null) continue;
    successes += success.count;
    throughAt = Math.min(throughAt, success.first);
    through.push(context.evidence(success.table, SUCCESSES, success.cell));
  }
  strangers.sort();
  const severity: Severity = successes > 0 ? 'high' : strangers.length > 0 ? 'medium' : 'low';
  const ipNames = ips.map((ip) => context.ip(ip)).sort();
  const source = ipNames.length === 1 ? ipNames[0]! : `${count(ipNames.length, 'address', 'addresses')} (${listOf(ipNames)})`;
  const what = [denials > 0 ? `denied or left unanswered ${count(denials, 'MFA request')}` : '', prompts > 0 ? `was asked for MFA ${times(prompts)}` : '']
    .filter((part) => part !== '')
    .join(' and ');
  const why =
    `${name} ${what} ${spanText(first, last)}, up to ${peak} within ${count(settings.binMinutes * 2, 'minute')}, from ${source}. ` +
    (strangers.length > 0
      ? `${name} had never signed in successfully from ${listOf(strangers)} before, so someone else has the password and is pushing prompts hoping for an approval.`
      : `${name} signs in from ${ipNames.length === 1 ? 'this address' : 'these addresses'} otherwise, so this is more likely their own device failing MFA.`) +
    (successes > 0 ? ` A sign-in from ${listOf(strangers)} then succeeded at ${timeText(throughAt)}: a prompt was probably approved.` : '');
  const action =
    severity === 'high'
      ? `Revoke ${name}'s sessions and reset the password now, remove MFA methods they did not add, and review what the sign-ins from ${listOf(strangers)} reached; turn on number matching for push notifications.`
      : severity === 'medium'
        ? `Reset ${name}'s password (it is known to whoever is at ${listOf(strangers)}), tell ${name} to deny prompts they did not start and report them, and consider blocking ${listOf(strangers)}.`
        : `Check ${name}'s MFA setup with them (a new phone, an authenticator app that lost its account, a wrong phone number).`;
  return {
    kind: 'mfa-fatigue',
    severity,
    title: `MFA prompts pushed at ${name}${strangers.length > 0 ? ` from ${strangers.length === 1 ? strangers[0]! : count(strangers.length, 'address', 'addresses')}` : ''}`,
    entity: ipNames.length === 1 ? { user: name, ip: ipNames[0]! } : { user: name },
    first: new Date(first),
    last: new Date(last),
    counts: { attempts: denials + prompts, users: 1, ips: ips.length, apps: apps.size, successes },
    evidence: evidenceOf(
      context,
      [
        { table, layout: BINNED, cells: denialCells },
        { table: accepts, layout: ACCEPTS, cells: promptCells },
      ],
      through,
    ),
    why,
    action,
  };
}
