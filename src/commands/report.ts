// Owns the `report` command: raw options → ingest → analyze → render → stdout or --output.

import { AppError, type ExitCode, EXIT } from '../errors.js';
import type { Io } from '../io.js';

export const REPORT_HELP = '';

export async function reportCommand(inputs: string[], _options: Record<string, unknown>, _io: Io): Promise<ExitCode> {
  if (inputs.length === 0) throw new AppError('USAGE', 'no input given', { hint: 'name one or more export files or directories, or - for stdin' });
  return EXIT.ok;
}
