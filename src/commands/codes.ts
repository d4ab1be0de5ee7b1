// Owns the `codes` command: looking up AADSTS codes in the catalog.

import { AppError, type ExitCode } from '../errors.js';
import type { Io } from '../io.js';

export const CODES_HELP = '';

export async function codesCommand(_codes: string[], _options: Record<string, unknown>, _io: Io): Promise<ExitCode> {
  throw new AppError('USAGE', 'the codes command is not available in this build');
}
