// Test helper: the report command's options as commander defines them, so tests that go through every option
// cover a new one without being told.

import { buildProgram } from '../../src/main.js';

export interface ReportOptions {
  /** Options that take free text (`--since <when>`). */
  readonly text: readonly string[];
  /** Options whose value commander checks against a list (`--format <format>`). */
  readonly choices: readonly string[];
  /** Options that take no value (`--strict`). */
  readonly flags: readonly string[];
}

export function reportOptions(): ReportOptions {
  const nothing = () => {};
  const report = buildProgram(nothing, nothing, nothing).commands.find((command) => command.name() === 'report');
  if (report === undefined) throw new Error('no report command');
  const options = report.options.filter((option) => option.long !== undefined && option.long !== '--help');
  return {
    text: options.filter((option) => option.required && option.argChoices === undefined).map((option) => option.long!),
    choices: options.filter((option) => option.argChoices !== undefined).map((option) => option.long!),
    flags: options.filter((option) => !option.required && !option.optional).map((option) => option.long!),
  };
}
