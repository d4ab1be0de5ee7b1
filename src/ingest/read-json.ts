// Owns reading one JSON export, record by record and never as a whole: a bare array (portal download),
// concatenated arrays (collector output), Graph `{"value": [...]}` pages, diagnostic `{"records": [...]}`
// batches, Log Analytics `{"tables": [...]}` responses (rows read by their table's columns), JSON Lines, or a
// single record. Boundaries come from json-records.ts; meaning from json-layouts.ts.

import { textDecoder, type Utf8Chunk } from './decode.js';
import { JsonFastReader } from './json-fast.js';
import { recordMembers } from './json-members.js';
import { JsonRecordScanner } from './json-records.js';
import { mapJsonRecord, mapLogAnalyticsRow, type JsonRecordKind } from './json-layouts.js';
import { noneOf, type FileAccount } from './accounting.js';
import { PartMisaligned, type PartBoundary } from './parallel/boundary.js';
import { warning } from '../diagnostics.js';
import { AppError } from '../errors.js';
import { jsonFormatOf, type JsonContainer } from './detect.js';
import { noSignInsHint, type JsonFormat } from './formats.js';

const LF = 0x0a;
const OPEN_BRACE = 0x7b;

/** Non-sign-in records held back at the start of a file, before it is clear whether it holds sign-ins at all. */
const HOLD_BACK = 1000;

/**
 * Reads a whole file, or a part of one (parallel/). In a part, a cut that did not fall between records throws
 * PartMisaligned, and the caller reads the file whole instead.
 */
export async function readJson(chunks: AsyncIterable<string | Utf8Chunk>, tally: FileAccount, part?: PartBoundary): Promise<JsonFormat> {
  const endsAtCut = part?.endsAtCut ?? false;
  // A part of one JSON array holds whole sign-in records only when both its cuts fell between records, so
  // anything else (a structural error, a record that is no sign-in) says a cut was wrong, not the file.
  const ofArray = part?.wholeRecords ?? false;
  let ending = false;
  let firstChar = '';
  let envelope = false;
  /** Graph pages (`@odata.context`) and links to a next page (`@odata.nextLink`) among the envelopes' keys. */
  let pages = 0;
  let nextLinks = 0;
  let topLevelObjects = 0;
  /** The kind of the first sign-in, and of the first record of another kind (which names the source when there is none). */
  let recordKind: JsonRecordKind | undefined;
  let otherKind: JsonRecordKind | undefined;
  /** Objects no rule knows, and how many of them were rejected so far. */
  let unknown = 0;
  let unknownRejected = 0;
  let firstNotSignIn: { message: string; line: number } | undefined;
  let heldBack: Array<{ message: string; line: number }> = [];
  const rejectUnknown = (message: string, line: number): void => {
    unknownRejected++;
    tally.reject('NOT_A_SIGN_IN', message, line);
  };
  const releaseHeldBack = (): void => {
    const held = heldBack;
    heldBack = [];
    for (const { message, line } of held) rejectUnknown(message, line);
  };

  /** The columns of the Log Analytics table whose rows are being read (a REST API response). */
  let columns: string[] | undefined;

  /** A parsed record, from the JSON Lines reader or the scanner. */
  const take = (value: unknown, line: number, source: string): void => {
    const mapped = Array.isArray(value) && columns !== undefined ? mapLogAnalyticsRow(columns, value) : mapJsonRecord(value, source);
    switch (mapped.kind) {
      case 'notSignIn':
        if (ofArray) throw new PartMisaligned();
        unknown++;
        firstNotSignIn ??= { message: mapped.message, line };
        // Until a sign-in turns up, this may be the wrong kind of export altogether: hold the first few back
        // so that one clear error, not a list of rejected rows, says so.
        if (recordKind === undefined && heldBack.length < HOLD_BACK) heldBack.push({ message: mapped.message, line });
        else {
          releaseHeldBack();
          rejectUnknown(mapped.message, line);
        }
        return;
      case 'otherKind':
        // A record of the same source that is no sign-in (an audit record of another type, a diagnostic
        // record of another category): counted as filtered out.
        if (ofArray) throw new PartMisaligned();
        otherKind ??= mapped.recordKind;
        firstNotSignIn ??= { message: mapped.message, line };
        tally.other(mapped.message, line);
        return;
      case 'signIn':
        recordKind ??= mapped.recordKind;
        releaseHeldBack();
        tally.accept(mapped.raw, line);
        return;
      case 'lostCodes':
        throw new AppError(
          'INPUT_LOST_CODES',
          `the Status property holds the .NET type name ${mapped.typeName}: ConvertTo-Json stopped at its -Depth, so this export lost every error code`,
          { file: tally.file, line, hint: 'export again with more depth: Get-MgAuditLogSignIn -All | ConvertTo-Json -Depth 5 | Out-File signins.json' },
        );
    }
  };

  const scanner = new JsonRecordScanner({
    onRecord: (text, line) => {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        if (ofArray) throw new PartMisaligned();
        tally.reject('MALFORMED_JSON', `not valid JSON (${(error as Error).message})`, line);
        // The scanner goes on where the next record starts, so the rest of a broken record is not read as records.
        return false;
      }
      take(value, line, text);
      // A value that is no object where records belong (nor a table's row) is what is left of a broken one: the same.
      return typeof value === 'object' && value !== null && (!Array.isArray(value) || columns !== undefined);
    },
    onTable: (head, line) => {
      columns = tableColumns(head);
      if (columns === undefined) tally.reject('MALFORMED_JSON', 'a Log Analytics table whose columns cannot be read', line);
    },
    onError: (message, line) => {
      if ((ending && endsAtCut) || ofArray) throw new PartMisaligned();
      tally.reject('MALFORMED_JSON', message, line);
    },
    onEnvelopeKey: (key) => {
      envelope = true;
      if (key === '@odata.context') pages++;
      else if (key === '@odata.nextLink') nextLinks++;
    },
    onUnclosed: (inside, line) => {
      // A part that ends at a cut is open there by design; the file's real end is read whole, so the
      // warning (or the --strict error) comes from one reading of the file, not from a thread.
      if (part !== undefined) {
        if (!endsAtCut) throw new PartMisaligned('the file ends inside an array');
        return;
      }
      tally.cutShort(inside, line);
    },
  });

  // JSON Lines and one-line arrays are parsed record by record as they are (from bytes, only the members a sign-in
  // is read from, where the record allows); anything else goes through the scanner.
  const reader = new JsonFastReader(scanner, take, undefined, recordMembers);
  // Bytes are decoded for the first character only until there is one.
  let firstDecoder: ReturnType<typeof textDecoder> | undefined;
  let afterLineBreak = true;
  for await (const chunk of chunks) {
    // Bytes are looked at as they were read: a chunk only the record scanner reads is never made a string.
    const piece = typeof chunk === 'string' ? chunk : chunk.buffer;
    if (firstChar === '') {
      if (typeof piece === 'string') firstChar = piece.trimStart().charAt(0);
      else {
        firstDecoder ??= textDecoder();
        firstChar = firstDecoder.decode(piece, { stream: true }).trimStart().charAt(0);
      }
    }
    if (firstChar === '{' && topLevelObjects < 2) topLevelObjects += countLineStartObjects(piece, afterLineBreak);
    if (piece.length > 0) afterLineBreak = (typeof piece === 'string' ? piece.charCodeAt(piece.length - 1) : piece[piece.length - 1]) === LF;
    reader.push(chunk);
  }
  ending = true;
  reader.end();
  const container: JsonContainer = firstChar === '[' ? 'array' : envelope ? 'envelope' : topLevelObjects > 1 ? 'lines' : 'envelope';
  // A file none of whose records is a sign-in, and some of them nothing this tool knows, is the wrong export,
  // not a file of bad rows: one error says so. (When all are of a known other kind, the account says so.)
  const records = unknown + tally.filteredOut;
  if (!endsAtCut && firstNotSignIn !== undefined && recordKind === undefined && unknown > 0 && tally.rejected === unknownRejected) {
    throw new AppError('INPUT_UNKNOWN_FORMAT', `not a sign-in export: ${noneOf(records, 'record', 'is a sign-in')} (the first is ${firstNotSignIn.message})`, {
      file: tally.file,
      line: firstNotSignIn.line,
      hint: noSignInsHint(otherKind === undefined ? undefined : jsonFormatOf(container, otherKind)),
    });
  }
  releaseHeldBack();
  // Every page but the last links to the next: as many links as pages means the last page was not followed.
  if (nextLinks > 0 && nextLinks >= pages) tally.warn(warning('MORE_PAGES', {}));
  return jsonFormatOf(container, recordKind ?? otherKind);
}

/**
 * The column names of a Log Analytics table from its text up to its rows (`{"name": ..., "columns": [{"name":
 * "TimeGenerated", "type": "datetime"}, ...], "rows":`), or undefined when they cannot be read.
 */
function tableColumns(head: string): string[] | undefined {
  try {
    const table = JSON.parse(`${withoutRowsKey(head)}}`) as { columns?: unknown };
    if (!Array.isArray(table.columns)) return undefined;
    return table.columns.map((column: unknown) => String((column as { name?: unknown } | null)?.name ?? ''));
  } catch {
    return undefined;
  }
}

/**
 * The head without the `"rows":` that ends it, nor the comma and blanks before that: what /,?\s*"rows"\s*:\s*$/
 * removes, without the expression, which tries every position of a long run of blanks (the square of its
 * length: minutes for a damaged file's megabytes of them).
 */
export function withoutRowsKey(head: string): string {
  let rest = head.trimEnd();
  if (!rest.endsWith(':')) return head;
  rest = rest.slice(0, -1).trimEnd();
  if (!rest.endsWith('"rows"')) return head;
  rest = rest.slice(0, -'"rows"'.length).trimEnd();
  return rest.endsWith(',') ? rest.slice(0, -1) : rest;
}

/**
 * Cheap hint for JSON Lines: objects that open a line, counted up to two. `afterLineBreak`: the chunk starts the
 * input or a line. Only ASCII is looked at, so text and UTF-8 bytes count the same however either is cut.
 */
function countLineStartObjects(chunk: string | Buffer, afterLineBreak: boolean): number {
  let count = afterLineBreak && (typeof chunk === 'string' ? chunk.charCodeAt(0) : chunk[0]) === OPEN_BRACE ? 1 : 0;
  for (let index = chunk.indexOf('\n{'); index >= 0 && count < 2; index = chunk.indexOf('\n{', index + 2)) count++;
  return count;
}
