// Owns the ways instants are written: ISO-8601 in UTC for machine-readable output and messages (the milliseconds
// left out when they are zero), and UTC to the minute or the second for people.

export function isoInstant(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

export function isoOrNull(date: Date | null): string | null {
  return date === null ? null : isoInstant(date);
}

/** `2026-11-12 02:10 UTC`: an instant for people, to the minute. */
export function minuteInstant(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** `2026-11-12 02:10:14 UTC`: an instant for people, to the second (steps of one flow are seconds apart). */
export function secondInstant(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}
