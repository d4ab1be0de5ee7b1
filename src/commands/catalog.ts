// Owns the `catalog` command: exporting the whole catalog as JSON, CSV or KQL.

import { AppError, type ExitCode } from '../errors.js';
import type { Io } from '../io.js';

export const CATALOG_HELP = '';

export async function catalogCommand(_options: Record<string, unknown>, _io: Io): Promise<ExitCode> {
  throw new AppError('USAGE', 'the catalog command is not available in this build');
}
