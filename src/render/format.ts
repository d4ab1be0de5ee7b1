// Owns the small text helpers every renderer shares: numbers, percentages, instants, actor labels and a finding's
// evidence. Making hostile text harmless and cutting long text are text.ts's; format-specific escaping lives with its renderer.

import type { Evidence } from '../analyze/findings/index.js';
import type { Actor } from '../catalog/types.js';
import { minuteInstant, secondInstant } from '../time.js';
import { count, formatCount } from '../words.js';

export const ACTOR_LABEL = {
  end_user: 'end user',
  helpdesk: 'helpdesk',
  app_owner: 'app owner',
  tenant_admin: 'tenant admin',
  idp_owner: 'IdP owner',
  microsoft_support: 'Microsoft support',
  none: 'nobody',
} as const satisfies Record<Actor, string>;

/** 1234567 → `1,234,567`, and `1 user`, `3 users` (words.ts writes them for messages too). */
export { count, formatCount };

/** part / whole as `12.3%`; `0%` for an empty whole. */
export function formatPercent(part: number, whole: number): string {
  if (whole === 0) return '0%';
  return formatRate(part / whole);
}

/** A 0..1 rate as `12.3%`. */
export function formatRate(rate: number): string {
  const tenths = Math.round(rate * 1000);
  return `${Math.trunc(tenths / 10)}${tenths % 10 === 0 ? '' : `.${tenths % 10}`}%`;
}

/** `2026-11-09 08:15 UTC`; `-` for none. */
export function formatInstant(date: Date | null): string {
  return date === null ? '-' : minuteInstant(date);
}

/** `2026-11-09 08:15 UTC to 2026-11-12 17:40 UTC`, or the one minute when both fall in it. */
export function formatSpan(first: Date | null, last: Date | null): string {
  const from = formatInstant(first);
  const to = formatInstant(last);
  return from === to ? from : `${from} to ${to}`;
}

/** `50126 ×12, 50074 ×3`. */
export function formatTopCodes(codes: readonly { code: number; count: number }[]): string {
  return codes.map(({ code, count }) => `${code} ×${formatCount(count)}`).join(', ');
}

/** One sign-in behind a finding: `2026-11-09 08:15:02 UTC alice@contoso.example from 203.0.113.9 to Office 365: 50126 (request 1f2e…)`. */
export function formatEvidence(evidence: Evidence): string {
  return `${secondInstant(evidence.time)} ${evidence.user} from ${evidence.ip} to ${evidence.app}: ${evidence.code} (request ${evidence.requestId})`;
}
