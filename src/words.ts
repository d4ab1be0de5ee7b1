// Owns counting in words: a whole number with its thousands grouped (`12,345`) and the singular or plural of a
// noun for a count (`1 sign-in`, `2 sign-ins`), shared by every message and report line that counts something.

/**
 * `12,345`: as `toLocaleString('en-US')` writes a whole number, without loading the locale data that costs
 * a run about 17 ms the first time.
 */
export function formatCount(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The noun for `count` of it: `sign-in` for 1, `sign-ins` otherwise (or the plural given). */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return count === 1 ? singular : pluralForm;
}

/** `1 user`, `3 users`: the count, grouped, and its noun (the plural is the noun + s unless given). */
export function count(n: number, noun: string, pluralForm = `${noun}s`): string {
  return `${formatCount(n)} ${plural(n, noun, pluralForm)}`;
}
