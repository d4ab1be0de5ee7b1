// Owns reading one CSV export: delimiter sniffing, the header, handing each row to its layout (csv-layouts.ts
// mapRow, or auth-details.ts readStep for an authentication-details file) and the checks that turn a broken row
// into a counted rejection; and reading just the header, to tell what a file is. Tokenizing is csv-fast.ts;
// meaning is normalize.ts; counting is accounting.ts.

import { warning } from '../diagnostics.js';
import { AppError } from '../errors.js';
import type { RejectReason } from '../model.js';
import { CsvTokenizer, type CsvErrorKind } from './csv-fast.js';
import { count } from '../words.js';
import type { Utf8Chunk } from './decode.js';
import { mappedLayout, mapRow, recognizeCsvHeader, type CsvLayout } from './csv-layouts.js';
import type { FieldName } from './fields.js';
import { isDotNetTypeName } from './json-layouts.js';
import type { CsvFormat } from './formats.js';
import type { FileAccount } from './accounting.js';
import { authDetailsColumns, authDetailsLayout, readStep, type AuthDetailsLayout, type MfaStepTable } from './auth-details.js';
import { PartMisaligned, type PartBoundary } from './parallel/boundary.js';

/** A CSV of sign-ins, read; or an authentication-details file: read into `steps` when given, else only recognised. */
export type CsvOutcome = { readonly kind: 'read'; readonly format: CsvFormat } | { readonly kind: 'authDetails' };

export async function readCsv(
  chunks: AsyncIterable<string | Utf8Chunk>,
  tally: FileAccount,
  fieldMap: ReadonlyMap<FieldName, string> | undefined,
  part?: PartBoundary,
  steps?: MfaStepTable,
): Promise<CsvOutcome> {
  let layout: CsvLayout | undefined;
  let stepLayout: AuthDetailsLayout | undefined;
  let headerLength = 0;
  let authDetails = false;
  let checkedLostCodes = false;
  let lineOffset = 0;
  let tokenizer: CsvTokenizer | undefined;
  let ending = false;

  const onRecord = (fields: readonly string[], fieldCount: number, line: number): void => {
    const fileLine = line + lineOffset;
    if (layout === undefined && stepLayout === undefined) {
      const header = fields.slice(0, fieldCount);
      layout = headerLayout(header, fileLine);
      headerLength = fieldCount;
      if (layout === undefined) {
        authDetails = true;
        if (steps === undefined) throw STOP;
        stepLayout = stepsLayout(header, fileLine);
        tokenizer?.setColumnMask(maskOf(authDetailsColumns(stepLayout), fieldCount));
        return;
      }
      tally.useLayout(layout.defaultType, layout.dateOrder);
      tokenizer?.setColumnMask(columnMask(layout, fieldCount));
      return;
    }
    if (fieldCount !== headerLength) {
      tally.reject('COLUMN_COUNT', `${count(fieldCount, 'column')} where the header has ${headerLength}`, fileLine);
      return;
    }
    if (stepLayout !== undefined) {
      readStep(stepLayout, fields, fileLine, tally, steps!);
      return;
    }
    if (layout === undefined) return;
    const row = mapRow(layout, fields);
    if (row.kind === 'otherKind') {
      tally.other(row.message, fileLine);
      return;
    }
    if (row.kind === 'rejected') {
      tally.reject(row.reason, row.message, fileLine);
      return;
    }
    if (!checkedLostCodes) {
      checkedLostCodes = true;
      if (isDotNetTypeName(row.raw.code)) throw lostCodes(tally.file, fileLine, row.raw.code.trim());
    }
    tally.accept(row.raw, fileLine);
  };

  const onError = (kind: CsvErrorKind, line: number): void => {
    if (ending && part?.endsAtCut === true) throw new PartMisaligned();
    const fileLine = line + lineOffset;
    if (layout === undefined && stepLayout === undefined) {
      throw new AppError('INPUT_MALFORMED', `the header row is not valid CSV (${CSV_ERROR_TEXT[kind]})`, { file: tally.file, line: fileLine });
    }
    tally.reject(CSV_REJECT_REASON[kind], CSV_ERROR_TEXT[kind], fileLine);
  };

  const stepsLayout = (header: readonly string[], line: number): AuthDetailsLayout => {
    const found = authDetailsLayout(header);
    if (!('missing' in found)) return found;
    throw new AppError('INPUT_UNKNOWN_FORMAT', `an authentication-details file without ${found.missing.join(', ')}`, {
      file: tally.file,
      line,
      hint: 'the join to the sign-ins needs the Request ID, Authentication method and Succeeded of each step: download the file again',
    });
  };

  const headerLayout = (header: readonly string[], line: number): CsvLayout | undefined => {
    if (fieldMap !== undefined) {
      const { layout: mapped, missing } = mappedLayout(header, fieldMap);
      if (missing.length === 0) return mapped;
      const recognized = recognizeCsvHeader(header, tally.file);
      if (recognized.kind === 'signIns') {
        tally.warn(warning('MAP_NOT_USED', { missing: missing.join(', ') }, { line }));
        return recognized.layout;
      }
      throw new AppError('INPUT_UNKNOWN_FORMAT', `--map names columns this file lacks: ${missing.join(', ')}`, {
        file: tally.file,
        line,
        hint: 'check the column names in the first row',
      });
    }
    const recognized = recognizeCsvHeader(header, tally.file);
    if (recognized.kind === 'signIns') return recognized.layout;
    if (recognized.kind === 'authDetails') return undefined;
    // A zip archive's bytes read as text start with its magic `PK\x03\x04`: the admin center's download, or a workbook.
    if (header[0]?.startsWith('PK\u0003\u0004') === true) {
      throw new AppError('INPUT_UNKNOWN_FORMAT', 'a zip archive, not a sign-in export: the admin center download (extract its CSV) or an Excel workbook', {
        file: tally.file,
        hint: 'unzip it and give the CSV inside, or save the workbook as CSV UTF-8',
      });
    }
    throw new AppError('INPUT_UNKNOWN_FORMAT', `not a sign-in export: ${recognized.why}`, {
      file: tally.file,
      line,
      hint: 'read other CSVs with --map time=Column,code=Column,... (see report --help)',
    });
  };

  if (part !== undefined) {
    const known = headerLayout(part.header, 1);
    if (known === undefined) throw new AppError('INPUT_UNKNOWN_FORMAT', 'not a sign-in export', { file: tally.file });
    layout = known;
    headerLength = part.header.length;
    tally.useLayout(known.defaultType, known.dateOrder);
  }

  try {
    for await (const piece of chunks) {
      let chunk = typeof piece === 'string' ? piece : piece.bytes;
      if (tokenizer === undefined) {
        let delimiter = part?.delimiter;
        if (delimiter === undefined) {
          const start = opening(chunk);
          chunk = start.chunk;
          lineOffset = start.lines;
          delimiter = sniffDelimiter(chunk);
        }
        tokenizer = new CsvTokenizer({ delimiter, onRecord, onError, utf8Bytes: typeof piece !== 'string' });
        if (part !== undefined) tokenizer.setColumnMask(columnMask(layout!, headerLength));
      }
      // The block map describes the chunk as decoded; not once its opening was cut off.
      const whole = typeof piece !== 'string' && chunk === piece.bytes;
      tokenizer.push(chunk, typeof piece === 'string' || piece.ascii, whole ? piece.asciiBlocks : null);
    }
    ending = true;
    tokenizer?.end();
  } catch (error) {
    if (error !== STOP) throw error;
  }
  if (authDetails) return { kind: 'authDetails' };
  if (layout === undefined) throw new AppError('INPUT_EMPTY', 'the file has no header row', { file: tally.file });
  return { kind: 'read', format: (layout as CsvLayout).format };
}

const STOP = Symbol('stop reading');

/** The first chunk of a CSV without the `#TYPE ...` line Windows PowerShell's Export-Csv writes above the header. */
function opening(chunk: string): { readonly chunk: string; readonly lines: number } {
  if (!chunk.startsWith('#TYPE')) return { chunk, lines: 0 };
  const end = chunk.indexOf('\n');
  return { chunk: end < 0 ? '' : chunk.slice(end + 1), lines: 1 };
}

/** The header row of a CSV, read no further; undefined when the text holds no whole, valid first row. */
export async function readCsvHeader(chunks: AsyncIterable<string>): Promise<readonly string[] | undefined> {
  let header: readonly string[] | undefined;
  let tokenizer: CsvTokenizer | undefined;
  const stop = (): never => {
    throw STOP;
  };
  try {
    for await (const piece of chunks) {
      let chunk = piece;
      if (tokenizer === undefined) {
        chunk = opening(chunk).chunk;
        tokenizer = new CsvTokenizer({
          delimiter: sniffDelimiter(chunk),
          onRecord: (fields, fieldCount) => {
            header = fields.slice(0, fieldCount);
            stop();
          },
          onError: stop,
        });
      }
      tokenizer.push(chunk);
    }
    tokenizer?.end();
  } catch (error) {
    if (error !== STOP) throw error;
  }
  return header;
}

const CSV_REJECT_REASON: Readonly<Record<CsvErrorKind, RejectReason>> = {
  UNTERMINATED_QUOTE: 'MALFORMED_ROW',
  TEXT_AFTER_CLOSING_QUOTE: 'MALFORMED_ROW',
  RECORD_TOO_LARGE: 'MALFORMED_ROW',
};

const CSV_ERROR_TEXT: Readonly<Record<CsvErrorKind, string>> = {
  UNTERMINATED_QUOTE: 'a quoted value is never closed',
  TEXT_AFTER_CLOSING_QUOTE: 'text follows a closing quote',
  RECORD_TOO_LARGE: 'the row is over 4 MiB long, probably a broken quote',
};

/** The delimiter is whichever of comma, semicolon and tab occurs most in the header line (outside quotes). */
export function sniffDelimiter(text: string): string {
  const end = text.indexOf('\n');
  const line = end < 0 ? text : text.slice(0, end);
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const [delimiter, count] of counts) {
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

function columnMask(layout: CsvLayout, fieldCount: number): boolean[] {
  return maskOf([...layout.fieldColumns].filter((index) => index >= 0).concat(layout.jsonCells.map(([, index]) => index)), fieldCount);
}

function maskOf(columns: readonly number[], fieldCount: number): boolean[] {
  const mask = new Array<boolean>(fieldCount).fill(false);
  for (const index of columns) mask[index] = true;
  return mask;
}

function lostCodes(file: string, line: number, typeName: string): AppError {
  return new AppError('INPUT_LOST_CODES', `the Status column holds the .NET type name ${typeName}, so this export lost every error code`, {
    file,
    line,
    hint: "re-export with the code flattened: Get-MgAuditLogSignIn | Select-Object *, @{N='ErrorCode';E={$_.Status.ErrorCode}}, @{N='FailureReason';E={$_.Status.FailureReason}} | Export-Csv -NoTypeInformation",
  });
}
