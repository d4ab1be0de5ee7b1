// One bad input per failure mode (fixtures/bad): whole-file problems are one AppError with the file
// (and line, where there is one); row problems are counted rejections, shown with file:line on stderr,
// and the rest of the file is still read. --strict turns the first rejected row into an error.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.js';
import { REJECTS_SHOWN } from '../src/ingest/accounting.js';
import { fixture, ingestAll, ingestError, rejectedLines, tempDir } from './ingest.helpers.js';

/** `3 BAD_TIME, 1 MISSING_TIME` from the end-of-run ROWS_REJECTED warning, as a reason → count object. */
function rejectedByReason(warnings: ReadonlyArray<{ code: string; message: string }>): Record<string, number> {
  const warning = warnings.find((w) => w.code === 'ROWS_REJECTED');
  if (warning === undefined) return {};
  return Object.fromEntries([...warning.message.matchAll(/(\d+) ([A-Z_]+)/g)].map((match) => [match[2]!, Number(match[1])]));
}

async function readBad(name: string) {
  const path = fixture(`bad/${name}`);
  const { result, signIns, stderr } = await ingestAll([path], { quiet: false });
  return {
    path,
    result,
    signInLines: signIns.map((s) => s.line).sort((a, b) => a - b),
    signIns,
    rejected: rejectedLines(stderr).map((line) => line.slice(path.length + 1)),
    reasons: rejectedByReason(result.warnings),
  };
}

describe('whole-file failures: one clear error', () => {
  it('an empty file', async () => {
    const path = fixture('bad/empty.csv');
    expect(await ingestError([path])).toMatchObject({ code: 'INPUT_EMPTY', file: path, line: undefined });
  });

  it('a file of white space only', async () => {
    const path = fixture('bad/whitespace-only.csv');
    expect(await ingestError([path])).toMatchObject({ code: 'INPUT_EMPTY', file: path });
  });

  it('a CSV that is not a sign-in export', async () => {
    const path = fixture('bad/not-sign-ins.csv');
    const error = await ingestError([path]);
    expect(error).toMatchObject({ code: 'INPUT_UNKNOWN_FORMAT', file: path, line: 1 });
    expect(error.message).toContain('Asset tag');
    expect(error.hint).toContain('--map');
  });

  it('a zip archive (the admin center download, or a workbook): says what it is and to extract the CSV', async () => {
    const path = join(tempDir(), 'SGS_2026-11-12_2026-11-12_1_1.zip');
    // A local file header: the magic, then bytes no CSV holds.
    writeFileSync(path, Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000\u0000\u0000\u0008\u0000', 'latin1'), Buffer.alloc(64, 0x9c)]));
    const error = await ingestError([path]);
    expect(error).toMatchObject({ code: 'INPUT_UNKNOWN_FORMAT', file: path });
    expect(error.message).toBe('a zip archive, not a sign-in export: the admin center download (extract its CSV) or an Excel workbook');
  });

  it('a gzip file cut off halfway', async () => {
    const path = fixture('bad/truncated.csv.gz');
    expect(await ingestError([path])).toMatchObject({ code: 'INPUT_UNREADABLE', file: path });
  });

  it("damaged gzip: every zlib error is one message, never zlib's own words or a hint about permissions", async () => {
    const originals = ['transport/InteractiveSignIns_equivalence.csv.gz', 'transport/diagnostic_equivalence.jsonl.gz'].map((name) =>
      readFileSync(fixture(name)),
    );
    const dir = tempDir();
    // Damage past the two magic bytes, so the file is still taken for gzip: a flipped bit, a byte set in the
    // header, or the end cut off.
    const damage = fc.tuple(
      fc.constantFrom(...originals.keys()),
      fc.oneof(
        fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat({ max: 7 }) }),
        fc.record({ kind: fc.constant('set' as const), at: fc.nat({ max: 17 }), byte: fc.nat({ max: 255 }) }),
        fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      ),
    );
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(damage, async ([which, change]) => {
        const bytes = Buffer.from(originals[which]!);
        const at = 2 + (change.at % (bytes.length - 2));
        if (change.kind === 'flip') bytes[at]! ^= 1 << change.bit;
        if (change.kind === 'set') bytes[at] = change.byte;
        const damaged = change.kind === 'cut' ? bytes.subarray(0, at) : bytes;
        const path = join(dir, 'damaged.gz');
        writeFileSync(path, damaged);
        try {
          await ingestAll([path]);
          outcomes.set('read', (outcomes.get('read') ?? 0) + 1);
        } catch (error) {
          // A flipped bit can also garble the text before the checksum is reached: then the text is judged.
          expect(error).toBeInstanceOf(AppError);
          const { code, message, hint } = error as AppError;
          expect(message).not.toMatch(/invalid|incorrect|unexpected end|unknown compression|header check|too far back|missing end/);
          if (code === 'INPUT_UNREADABLE') {
            expect({ message, hint }).toEqual({ message: 'the gzip data is damaged or cut short', hint: 'download or copy the file again' });
          }
          outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
        }
      }),
      { numRuns: 150, seed: 15 },
    );
    expect(outcomes.get('INPUT_UNREADABLE')).toBeGreaterThan(50);
  });

  it('a file that starts with more white space than any export: stopped once past 16 MiB, not read to its end', async () => {
    // Gzip hands the text over in 16 KiB pieces: looking at all that was read for every piece took 54 s here.
    const dir = tempDir();
    const blank = join(dir, 'blank.csv.gz');
    writeFileSync(blank, gzipSync(Buffer.alloc(48 << 20, '\n')));
    const error = await ingestError([blank]);
    expect(error).toMatchObject({ code: 'INPUT_UNKNOWN_FORMAT', file: blank });
    expect(error.message).toBe('not a sign-in export: the file starts with more than 16 MiB of white space');
    // Less than that before a real export: read, with the lines counted from the start of the file.
    const padded = join(dir, 'padded.csv.gz');
    writeFileSync(padded, gzipSync(Buffer.concat([Buffer.alloc(15 << 20, '\r\n'), readFileSync(fixture('sample/InteractiveSignIns_sample.csv'))])));
    const { result, signIns } = await ingestAll([padded]);
    expect(result).toMatchObject({ rowsRead: 315, signIns: 315 });
    expect(signIns[0]!.line).toBeGreaterThan(5_000_000);
  });

  it('a path that does not exist', async () => {
    const path = fixture('bad/no-such-file.csv');
    const error = await ingestError([path]);
    expect(error).toMatchObject({ code: 'INPUT_UNREADABLE', file: path });
    expect(error.message).toContain('no such file');
  });

  it('a directory without export files', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.docx'), 'not an export');
    expect(await ingestError([dir])).toMatchObject({ code: 'INPUT_EMPTY', file: dir });
  });

  it('a header row that is not valid CSV', async () => {
    const dir = tempDir();
    const path = join(dir, 'broken-header.csv');
    writeFileSync(path, '"Date (UTC),Request ID,Sign-in error code\n2026-11-10T08:00:00Z,abc,0\n');
    expect(await ingestError([path])).toMatchObject({ code: 'INPUT_MALFORMED', file: path, line: 1 });
  });

  it('a JSON file none of whose records is a sign-in (diagnostic AuditLogs)', async () => {
    const path = fixture('bad/auditlogs-category.jsonl');
    const error = await ingestError([path]);
    expect(error).toMatchObject({ code: 'INPUT_UNKNOWN_FORMAT', file: path, line: 1 });
    expect(error.message).toContain('"AuditLogs"');
    expect(error.hint).toContain('SignInLogs');
  });

  it('a file none of whose rows can be used (diagnostic records with only time and category), after its rejected rows', async () => {
    const path = fixture('bad/time-and-category-only.jsonl');
    const stderr: string[] = [];
    const error = await ingestError([path], { quiet: false, stderr });
    expect(error).toMatchObject({ code: 'INPUT_UNUSABLE', file: path, message: 'no usable sign-in: none of its 3 rows could be used (3 MISSING_CODE)' });
    expect(rejectedLines(stderr).map((line) => line.slice(path.length + 1))).toEqual([
      '1: rejected row: no error code',
      '2: rejected row: no error code',
      '3: rejected row: no error code',
    ]);
  });

  it('a Log Analytics query of another table (AuditLogs) is no sign-in export, and says which tables to query', async () => {
    const path = fixture('bad/LogAnalytics_AuditLogs.rest.json');
    const error = await ingestError([path]);
    expect(error).toMatchObject({ code: 'INPUT_UNKNOWN_FORMAT', file: path, line: 1 });
    expect(error.message).toBe('not a sign-in export: none of its 2 records is a sign-in (the first is a Log Analytics row of table "AuditLogs")');
    expect(error.hint).toContain('SigninLogs, AADNonInteractiveUserSignInLogs');
  });

  it('no inputs at all', async () => {
    const { result } = await ingestAll([]);
    expect(result).toMatchObject({ inputs: [], rowsRead: 0, signIns: 0, warnings: [] });
  });
});

describe('row failures: counted, shown with file:line, and the rest of the file read', () => {
  it('a portal header with no rows is a valid export with no sign-ins', async () => {
    const { result, rejected } = await readBad('header-only.csv');
    expect(result.inputs).toMatchObject([
      { path: fixture('bad/header-only.csv'), format: 'portal-csv', rowsRead: 0, signIns: 0, rejected: 0, duplicates: 0, filteredOut: 0 },
    ]);
    expect(rejected).toEqual([]);
  });

  it('a broken quote costs its own row only', async () => {
    const { result, signInLines, rejected, reasons } = await readBad('broken-quote.csv');
    expect(result).toMatchObject({ rowsRead: 6, signIns: 5, rejected: 1, duplicates: 0 });
    expect(rejected).toEqual(['3: rejected row: text follows a closing quote']);
    expect(reasons).toEqual({ MALFORMED_ROW: 1 });
    expect(signInLines).toEqual([2, 4, 5, 6, 7]);
  });

  it('a download cut off inside a quoted value', async () => {
    const { result, signInLines, rejected, reasons } = await readBad('cut-off-mid-row.csv');
    expect(result).toMatchObject({ rowsRead: 6, signIns: 5, rejected: 1 });
    expect(rejected).toEqual(['7: rejected row: a quoted value is never closed']);
    expect(reasons).toEqual({ MALFORMED_ROW: 1 });
    expect(signInLines).toEqual([2, 3, 4, 5, 6]);
  });

  it('rows with a column too few or too many', async () => {
    const { result, signInLines, rejected, reasons } = await readBad('wrong-column-count.csv');
    expect(result).toMatchObject({ rowsRead: 6, signIns: 4, rejected: 2 });
    expect(rejected).toEqual(['3: rejected row: 56 columns where the header has 57', '5: rejected row: 58 columns where the header has 57']);
    expect(reasons).toEqual({ COLUMN_COUNT: 2 });
    expect(signInLines).toEqual([2, 4, 6, 7]);
  });

  it('a row of one column says "1 column"', async () => {
    const lines = readFileSync(fixture('bad/wrong-column-count.csv'), 'utf8').split('\n');
    const path = join(tempDir(), 'one-column.csv');
    writeFileSync(path, [lines[0], 'just this', ...lines.slice(1)].join('\n'));
    const { stderr } = await ingestAll([path], { quiet: false });
    expect(rejectedLines(stderr)[0]).toBe(`${path}:2: rejected row: 1 column where the header has 57`);
  });

  it('unreadable and missing dates', async () => {
    const { result, signInLines, rejected, reasons } = await readBad('unreadable-date.csv');
    expect(result).toMatchObject({ rowsRead: 6, signIns: 2, rejected: 4 });
    expect(rejected).toEqual([
      '2: rejected row: unreadable time "yesterday"',
      '3: rejected row: unreadable time "2026-02-30T08:01:00Z"',
      '4: rejected row: unreadable time "2026-11-10T25:02:00Z"',
      '6: rejected row: no sign-in time',
    ]);
    expect(reasons).toEqual({ BAD_TIME: 3, MISSING_TIME: 1 });
    expect(signInLines).toEqual([5, 7]);
  });

  it('unreadable and missing codes; an empty code on a success and an AADSTS prefix still read', async () => {
    const { result, signIns, rejected, reasons } = await readBad('unreadable-code.csv');
    expect(result).toMatchObject({ rowsRead: 6, signIns: 3, rejected: 3 });
    expect(rejected).toEqual([
      '3: rejected row: unreadable error code "n/a"',
      '4: rejected row: no error code',
      '5: rejected row: unreadable error code "50126.0"',
    ]);
    expect(reasons).toEqual({ BAD_CODE: 2, MISSING_CODE: 1 });
    expect(signIns.map((s) => [s.line, s.errorCode, s.sourceStatus])).toEqual([
      [2, 0, 'Success'],
      [6, 50140, 'Interrupted'],
      [7, 0, 'Success'],
    ]);
  });

  it('a JSON Lines file with a line cut short and a line of plain text', async () => {
    const { result, signInLines, rejected, reasons } = await readBad('malformed-line.jsonl');
    expect(result).toMatchObject({ rowsRead: 6, signIns: 4, rejected: 2 });
    expect(result.inputs[0]!.format).toBe('diagnostic-jsonl');
    expect(rejected.map((line) => line.split(':')[0])).toEqual(['3', '5']);
    expect(reasons).toEqual({ MALFORMED_JSON: 2 });
    expect(signInLines).toEqual([1, 2, 4, 6]);
  });

  describe('a JSON export cut between records', () => {
    const graphPage = readFileSync(fixture('formats/graph-v1-signins-last-page.json'), 'utf8');
    // Pretty-printed with CRLF, as PowerShell writes it.
    const portalArray = readFileSync(fixture('formats/collector-concatenated-arrays.json'), 'utf8').replace(/^\uFEFF/, '');
    const pageRecords = (JSON.parse(graphPage) as { value: unknown[] }).value;
    const oneLine = readFileSync(fixture('equivalence/InteractiveSignIns_equivalence.json'), 'utf8').replace(/^\uFEFF/, '');
    // Each: the text, how many whole records it holds, and the last line.
    const cuts: ReadonlyArray<readonly [string, string, number, number]> = [
      ['a Graph page after its first record', graphPage.slice(0, graphPage.indexOf(',{"id"') + 1), 1, 1],
      [
        'a pretty-printed array after a record',
        portalArray.slice(0, portalArray.indexOf('},\r\n    {') + 4),
        1,
        portalArray.slice(0, portalArray.indexOf('},\r\n    {')).split('\n').length + 1,
      ],
      ['a one-line array (the fast path) after its second record', oneLine.slice(0, oneLine.indexOf(',{"id"', oneLine.indexOf(',{"id"') + 1) + 1), 2, 1],
      ['an array that opens and has nothing but blanks', '[  \n   ', 0, 2],
      ['a Graph page that opens its value array and ends', '{"@odata.context":"x","value":[ ', 0, 1],
    ];

    it.each(cuts)('%s: its records are read, and a warning says it was cut short', async (_name, text, records, line) => {
      const path = join(tempDir(), 'cut.json');
      writeFileSync(path, text);
      const { result, stderr } = await ingestAll([path], { quiet: false });
      expect(result).toMatchObject({ rowsRead: records, signIns: records, rejected: 0 });
      expect(result.warnings).toEqual([
        {
          code: 'CUT_SHORT',
          message: expect.stringContaining('the file ends inside its array of records: it was cut short') as string,
          file: path,
          line,
        },
      ]);
      expect(stderr).toEqual([expect.stringMatching(new RegExp(`^signin-analyzer: ${path}:${line}: warning: the file ends inside its array`))]);
    });

    it.each(cuts)('%s: --strict stops with the same words', async (_name, text, _records, line) => {
      const path = join(tempDir(), 'cut.json');
      writeFileSync(path, text);
      const error = await ingestError([path], { strict: true });
      expect(error).toMatchObject({ code: 'INPUT_MALFORMED', file: path, line });
      expect(error.message).toContain('it was cut short');
    });

    it('an envelope whose records array closed but not the envelope itself', async () => {
      const path = join(tempDir(), 'page.json');
      writeFileSync(path, graphPage.trimEnd().slice(0, -1));
      const { result } = await ingestAll([path]);
      expect(result.signIns).toBe(pageRecords.length);
      expect(result.warnings.map((warning) => [warning.code, warning.message.slice(0, 44)])).toEqual([
        ['CUT_SHORT', 'the file ends before the "}" that closes it:'],
      ]);
    });

    it('a whole file gives no such warning', async () => {
      for (const name of ['formats/graph-v1-signins-last-page.json', 'formats/collector-concatenated-arrays.json', 'formats/eventhub-records.json']) {
        const { result } = await ingestAll([fixture(name)]);
        expect(result.warnings.filter((warning) => warning.code === 'CUT_SHORT')).toEqual([]);
      }
    });
  });

  it('a record with a missing quote in a pretty-printed Event Hub body costs that record only', async () => {
    const { result, signInLines, rejected, reasons } = await readBad('eventhub-unclosed-quote.json');
    // The quote it lacks would have swallowed the record after it: the next record is found where records open.
    expect(result).toMatchObject({ rowsRead: 3, signIns: 2, rejected: 1 });
    expect(rejected).toEqual(['160: rejected row: the record is not closed before the next one starts (a quote or bracket is missing)']);
    expect(reasons).toEqual({ MALFORMED_JSON: 1 });
    expect(signInLines).toEqual([3, 317]);
  });

  it('a pretty-printed record whose brackets close too early is one rejected row, not five out of line order', async () => {
    const { result, signInLines, rejected, reasons } = await readBad('diagnostic-extra-brace.json');
    // Up to the early bracket it is a whole record; the rest of the document is one rejection at its first line.
    expect(result).toMatchObject({ rowsRead: 2, signIns: 1, rejected: 1 });
    expect(rejected).toEqual(['99: rejected row: a bracket closes the record before its end; the rest of it is skipped']);
    expect(reasons).toEqual({ MALFORMED_JSON: 1 });
    expect(signInLines).toEqual([1]);
  });

  it('a Graph response with a trailing comma (as in Microsoft’s own example) is still read', async () => {
    const { result, signIns, rejected } = await readBad('graph-v1-trailing-comma.json');
    expect(result).toMatchObject({ rowsRead: 2, signIns: 2, rejected: 0 });
    expect(rejected).toEqual([]);
    expect(signIns.map((s) => [s.line, s.errorCode, s.userPrincipalName, s.city, s.deviceCompliant])).toEqual([
      [5, 50126, 'henrietta.mueller@contoso.example', 'Berlin', false],
      [62, 0, 'henrietta.mueller@contoso.example', 'Berlin', false],
    ]);
  });

  it('records of another kind among sign-ins are filtered out, not rejected', async () => {
    const dir = tempDir();
    const path = join(dir, 'mixed.jsonl');
    const audit = readFileSync(fixture('bad/auditlogs-category.jsonl'), 'utf8').trim().split('\n')[0]!;
    const signIn = readFileSync(fixture('equivalence/diagnostic_equivalence.jsonl'), 'utf8').trim().split('\n')[0]!;
    writeFileSync(path, `${signIn}\n${audit}\n${audit}\n`);
    const { result, stderr } = await ingestAll([path], { quiet: false });
    expect(result).toMatchObject({ rowsRead: 3, signIns: 1, rejected: 0, filteredOut: 2 });
    expect(result.inputs).toMatchObject([{ path, format: 'diagnostic-jsonl', rowsRead: 3, signIns: 1, rejected: 0, duplicates: 0, filteredOut: 2 }]);
    expect(rejectedLines(stderr)).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it(`only the first ${REJECTS_SHOWN} rejected rows are shown; the count covers all of them`, async () => {
    const dir = tempDir();
    const path = join(dir, 'many-bad.csv');
    const rows = ['Date (UTC),Request ID,Sign-in error code,Status'];
    for (let i = 0; i < 25; i++) rows.push(`2026-11-10T08:${String(i).padStart(2, '0')}:00Z,id-${i},oops,Failure`);
    rows.push('2026-11-10T09:00:00Z,id-good,0,Success');
    writeFileSync(path, `${rows.join('\n')}\n`);
    const { result, stderr } = await ingestAll([path], { quiet: false });
    expect(result).toMatchObject({ rowsRead: 26, signIns: 1, rejected: 25 });
    const shown = rejectedLines(stderr);
    expect(shown).toHaveLength(REJECTS_SHOWN);
    expect(shown[0]).toBe(`${path}:2: rejected row: unreadable error code "oops"`);
    expect(shown.at(-1)).toBe(`${path}:${REJECTS_SHOWN + 1}: rejected row: unreadable error code "oops"`);
    expect(rejectedByReason(result.warnings)).toEqual({ BAD_CODE: 25 });
  });

  it('--quiet prints nothing but keeps the counts and warnings', async () => {
    const { result, stderr } = await ingestAll([fixture('bad/unreadable-date.csv')], { quiet: true });
    expect(stderr).toEqual([]);
    expect(result.rejected).toBe(4);
    expect(rejectedByReason(result.warnings)).toEqual({ BAD_TIME: 3, MISSING_TIME: 1 });
  });
});

describe('--strict', () => {
  it('turns the first rejected row into an error naming its file and line', async () => {
    const path = fixture('bad/broken-quote.csv');
    const error = await ingestError([path], { strict: true });
    expect(error).toMatchObject({ code: 'STRICT_REJECTED_ROW', file: path, line: 3 });
    expect(error.message).toContain('text follows a closing quote');
  });

  it('stops at the first bad date', async () => {
    const path = fixture('bad/unreadable-date.csv');
    expect(await ingestError([path], { strict: true })).toMatchObject({ code: 'STRICT_REJECTED_ROW', file: path, line: 2 });
  });

  it('stops at a malformed JSON line', async () => {
    const path = fixture('bad/malformed-line.jsonl');
    expect(await ingestError([path], { strict: true })).toMatchObject({ code: 'STRICT_REJECTED_ROW', file: path, line: 3 });
  });

  it('lets clean inputs through', async () => {
    const { result } = await ingestAll([fixture('formats/InteractiveSignIns_multiline-reason.csv')], { strict: true });
    expect(result).toMatchObject({ signIns: 3, rejected: 0 });
  });

  it('reports a bad row of a later input after the earlier ones were read', async () => {
    const good = fixture('formats/InteractiveSignIns_tab.tsv');
    const bad = fixture('bad/wrong-column-count.csv');
    expect(await ingestError([good, bad], { strict: true })).toMatchObject({ code: 'STRICT_REJECTED_ROW', file: bad, line: 3 });
  });
});
