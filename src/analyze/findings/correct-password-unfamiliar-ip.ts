// Owns the correct-password-unfamiliar-ip detection: the password was accepted (MFA was asked or failed,
// Conditional Access blocked, the password had expired) from an address that never signed in successfully as
// that user, in a network the user never signed in from: someone else knows the password. High when the same
// address also failed for other users. Reads the shared sign-ins past the password.

import { MIXED, NONE, same, cellValue } from './cells.js';
import { NO_SLICE, type Detector } from './detector.js';
import { ACCEPTS, distinctOf, evidenceOf, spanOf, sumOf, type FinishContext } from './observations.js';
import { count } from '../../words.js';
import { codesText, listOf, spanText, times } from './text.js';
import type { Finding } from './types.js';

function isMfaCode(context: FinishContext, code: number): boolean {
  const { mfaPrompt, mfaDenied } = context.settings.codes;
  return mfaPrompt.codes.includes(code) || mfaDenied.codes.includes(code);
}

export const correctPasswordUnfamiliarIp: Detector<null> = {
  kind: 'correct-password-unfamiliar-ip',
  ...NO_SLICE,
  supersedes: [],
  finish(_slice, context) {
    const settings = context.settings['correct-password-unfamiliar-ip'];
    const table = context.observations.accepts;
    const L = ACCEPTS;
    const findings: Finding[] = [];
    const { sorted, runs } = context.acceptPairs();
    for (let r = 0; r + 1 < runs.length; r++) {
      const userIndex = cellValue(table, L, sorted[runs[r]!]!, 0);
      const ipIndex = cellValue(table, L, sorted[runs[r]!]!, 1);
      const attempts = sumOf(table, L, sorted, L.at.accepted, runs[r], runs[r + 1]);
      if (attempts === 0 || context.familiar(userIndex, ipIndex)) continue;
      const cells = sorted.subarray(runs[r]!, runs[r + 1]!);
      const user = context.user(userIndex);
      const ip = context.ip(ipIndex);
      const denials = sumOf(table, L, cells, L.at.denials);
      const prompts = sumOf(table, L, cells, L.at.prompts);
      const code = Array.from(cells).reduce((value, cell) => same(value, cellValue(table, L, cell, L.at.code)), NONE);
      const { first, last } = spanOf(table, L, cells);
      const others = context.failingUsers(ipIndex).filter((other) => other !== userIndex);
      const evidence = evidenceOf(context, [{ table, layout: L, cells }]);
      const stopped = Math.max(0, attempts - denials - prompts);
      const stoppedCodes = code === MIXED ? evidence.map((item) => item.code).filter((c) => !isMfaCode(context, c)) : [code];
      const parts = [
        prompts > 0 ? `MFA was asked ${times(prompts)}` : '',
        denials > 0 ? `MFA failed or was denied ${times(denials)}` : '',
        stopped > 0
          ? `${count(stopped, 'sign-in')} ${stopped === 1 ? 'was' : 'were'} stopped after the password check${stoppedCodes.length > 0 ? ` (${codesText(stoppedCodes)})` : ''}`
          : '',
      ].filter((part) => part !== '');
      findings.push({
        kind: 'correct-password-unfamiliar-ip',
        severity: others.length >= settings.minOtherUsersForHigh ? 'high' : 'medium',
        title: `Password of ${user} accepted from unfamiliar ${ip}`,
        entity: { user, ip },
        first: new Date(first),
        last: new Date(last),
        counts: { attempts, users: 1, ips: 1, apps: distinctOf(table, L, cells, 2).length, successes: 0 },
        evidence,
        why:
          `The password of ${user} was right in ${count(attempts, 'sign-in')} from ${ip} ${spanText(first, last)}: ${listOf(parts)}. ` +
          `${user} never signed in successfully from this address or its network ${context.networkName(ipIndex)}.` +
          (others.length > 0
            ? ` The same address had wrong passwords for ${count(others.length, 'other user')} (${listOf(others.map((other) => context.user(other)).sort())}).`
            : ''),
        action:
          `Ask ${user} whether these sign-ins were theirs (a trip, a new provider). If not, reset the password and revoke sessions: only MFA or a policy stopped this sign-in. ` +
          `Check ${user}'s MFA methods for ones they did not add.`,
      });
    }
    return findings;
  },
};
