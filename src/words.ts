// Owns counting in words: the singular or plural of a noun for a count (`1 sign-in`, `2 sign-ins`), shared by
// every message and report line that counts something.

/** The noun for `count` of it: `sign-in` for 1, `sign-ins` otherwise (or the plural given). */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return count === 1 ? singular : pluralForm;
}
