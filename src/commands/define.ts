// Owns what every command file shares for defining itself: how a command hands its run to main(), and the
// commander helper for repeatable options.

import type { ExitCode } from '../errors.js';
import type { Io } from '../io.js';

/** A command's run, chosen by commander's parse and started by main(). */
export type Action = (io: Io) => Promise<ExitCode>;
export type SetAction = (action: Action) => void;

/** Repeatable options: no default, so that `--help` does not print an empty list for each. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
