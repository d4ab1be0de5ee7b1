// Owns the one way instants are written in machine-readable output and messages: ISO-8601 in UTC, with the
// milliseconds left out when they are zero.

export function isoInstant(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

export function isoOrNull(date: Date | null): string | null {
  return date === null ? null : isoInstant(date);
}
