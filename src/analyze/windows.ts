// Owns the time windows an analysis counts: the report's own window and, for a comparison, the one before it.
// A window is half-open, [since, until); null on either side means no bound.

export interface TimeWindow {
  /** Inclusive lower bound, UTC. */
  readonly since: Date | null;
  /** Exclusive upper bound, UTC. */
  readonly until: Date | null;
}

export const ALL_TIME: TimeWindow = { since: null, until: null };

/** The window as epoch milliseconds, for the per-row check. */
export function windowBounds(window: TimeWindow): { readonly sinceMs: number; readonly untilMs: number } {
  return { sinceMs: window.since?.getTime() ?? -Infinity, untilMs: window.until?.getTime() ?? Infinity };
}
