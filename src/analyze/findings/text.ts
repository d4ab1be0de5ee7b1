// Owns the wording helpers the detections share for their `title`, `why` and `action` texts: how many times,
// short lists of names and of codes, UTC times. Texts are plain; renderers escape them like any log value.

import { minuteInstant } from '../../time.js';
import { formatCount } from '../../words.js';

/** `once`, `twice`, `3 times`. */
export function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${formatCount(n)} times`;
}

/** `a`, `a and b`, `a, b and c`, `a, b, c and 4 more`. */
export function listOf(items: readonly string[], max = 3): string {
  if (items.length === 0) return '';
  if (items.length === 1) return items[0]!;
  if (items.length <= max) return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** `2026-11-12 02:10 UTC`. */
export function timeText(ms: number): string {
  return minuteInstant(new Date(ms));
}

/** `between 2026-11-12 02:10 and 02:56 UTC`, or `at 2026-11-12 02:10 UTC` for one moment. */
export function spanText(first: number, last: number): string {
  const from = timeText(first);
  const to = timeText(last);
  if (from === to) return `at ${from}`;
  const sameDay = from.slice(0, 10) === to.slice(0, 10);
  return `between ${from.slice(0, -4)} and ${sameDay ? to.slice(11) : to}`;
}

/** `AADSTS50126`, `AADSTS50126 and AADSTS50053`, ... */
export function codesText(codes: readonly number[]): string {
  return listOf(
    [...new Set(codes)].sort((a, b) => a - b).map((code) => `AADSTS${code}`),
    4,
  );
}
