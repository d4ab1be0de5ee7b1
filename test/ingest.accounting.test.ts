// Row accounting across inputs: every row ends as a sign-in, a rejected row or a duplicate; the same
// sign-in in overlapping downloads counts once (unless --keep-duplicates); a file of exactly 100,000
// rows is flagged as a probably truncated portal download; directories, several inputs and stdin.

import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { PORTAL_ROW_LIMIT } from '../src/ingest/formats.js';
import { fixture, ingestAll, tempDir } from './ingest.helpers.js';

const EARLY = fixture('overlap/InteractiveSignIns_2026-11-09_2026-11-12.csv');
const LATE = fixture('overlap/InteractiveSignIns_2026-11-11_2026-11-15.csv');

function requestIds(path: string): string[] {
  const rows = parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), { from_line: 2 }) as string[][];
  return rows.map((row) => row[1]!);
}

describe('duplicates across overlapping downloads', () => {
  const early = requestIds(EARLY);
  const late = requestIds(LATE);
  const shared = late.filter((id) => early.includes(id));

  it('the two downloads share the sign-ins of the days they both cover', () => {
    expect(shared.length).toBeGreaterThan(10);
    expect(shared.length).toBeLessThan(late.length);
  });

  it('each sign-in is counted once; the later copies are duplicates of the file that repeats them', async () => {
    const { result, signIns } = await ingestAll([EARLY, LATE]);
    expect(result).toMatchObject({
      rowsRead: early.length + late.length,
      signIns: early.length + late.length - shared.length,
      duplicates: shared.length,
      rejected: 0,
    });
    expect(result.inputs.map((input) => [input.path, input.rowsRead, input.signIns, input.duplicates])).toEqual([
      [EARLY, early.length, early.length, 0],
      [LATE, late.length, late.length - shared.length, shared.length],
    ]);
    expect(new Set(signIns.map((s) => s.requestId)).size).toBe(signIns.length);
    // The copy kept is the first one read.
    expect(signIns.filter((s) => shared.includes(s.requestId)).every((s) => s.file === EARLY)).toBe(true);
  });

  it('the order of the inputs decides which copy is kept, not how many', async () => {
    const { result, signIns } = await ingestAll([LATE, EARLY]);
    expect(result).toMatchObject({ signIns: early.length + late.length - shared.length, duplicates: shared.length });
    expect(signIns.filter((s) => shared.includes(s.requestId)).every((s) => s.file === LATE)).toBe(true);
  });

  it('--keep-duplicates counts every row', async () => {
    const { result } = await ingestAll([EARLY, LATE], { keepDuplicates: true });
    expect(result).toMatchObject({ rowsRead: early.length + late.length, signIns: early.length + late.length, duplicates: 0 });
  });

  it('the same file named twice is all duplicates the second time', async () => {
    const { result } = await ingestAll([EARLY, EARLY]);
    expect(result).toMatchObject({ signIns: early.length, duplicates: early.length });
  });

  it('rows without a request id are never duplicates of each other', async () => {
    const dir = tempDir();
    const path = join(dir, 'no-ids.csv');
    writeFileSync(
      path,
      'Date (UTC),Request ID,Sign-in error code\n2026-11-10T08:00:00Z,,0\n2026-11-10T08:00:00Z,,0\n2026-11-10T08:00:00Z,same,0\n2026-11-10T08:00:00Z,same,0\n',
    );
    const { result } = await ingestAll([path]);
    expect(result).toMatchObject({ rowsRead: 4, signIns: 3, duplicates: 1 });
  });

  it('rowsRead = signIns + rejected + duplicates, per input and in total, on a mixed run', async () => {
    const inputs = [
      EARLY,
      LATE,
      fixture('bad/unreadable-code.csv'),
      fixture('bad/malformed-line.jsonl'),
      fixture('equivalence/diagnostic_equivalence.jsonl'),
      fixture('equivalence/LogAnalytics_equivalence.csv'),
    ];
    const { result, signIns } = await ingestAll(inputs);
    expect(result.rowsRead).toBe(result.signIns + result.rejected + result.duplicates);
    for (const input of result.inputs) expect(input.rowsRead).toBe(input.signIns + input.rejected + input.duplicates);
    expect(result.inputs.map((input) => input.path)).toEqual(inputs);
    expect(signIns).toHaveLength(result.signIns);
    // The equivalence set's 15 sign-ins are read twice (JSON Lines, then Log Analytics).
    expect(result.inputs[5]).toMatchObject({ signIns: 0, duplicates: 15 });
  });
});

describe(`a file of exactly ${PORTAL_ROW_LIMIT.toLocaleString('en-US')} rows`, () => {
  const header = 'Date (UTC),Request ID,Sign-in error code,Status\n';
  function write(path: string, rows: number, bad = 0): void {
    const lines: string[] = [];
    for (let i = 0; i < rows; i++) {
      const second = i % 86_400;
      const time = `2026-11-1${Math.floor(i / 86_400)}T${String(Math.floor(second / 3600)).padStart(2, '0')}:${String(Math.floor((second % 3600) / 60)).padStart(2, '0')}:${String(second % 60).padStart(2, '0')}Z`;
      lines.push(i < bad ? `${time},row-${i},not-a-code,Failure` : `${time},row-${i},0,Success`);
    }
    writeFileSync(path, `${header + lines.join('\n')}\n`);
  }

  it('gets a warning that the portal download was probably cut off', async () => {
    const dir = tempDir();
    const path = join(dir, 'InteractiveSignIns_2026-11-10_2026-11-11.csv');
    write(path, PORTAL_ROW_LIMIT);
    const { result, stderr } = await ingestAll([path], { quiet: false });
    expect(result.rowsRead).toBe(100_000);
    expect(result.warnings).toEqual([{ code: 'PROBABLY_TRUNCATED', message: expect.stringContaining('100,000'), file: path, line: null }]);
    expect(stderr).toHaveLength(1);
  });

  it('gets no such warning when it is not a portal download (a Graph dump of the same size)', async () => {
    const dir = tempDir();
    const path = join(dir, 'signins.jsonl');
    const lines: string[] = [];
    for (let i = 0; i < PORTAL_ROW_LIMIT; i++) {
      lines.push(
        JSON.stringify({
          id: `row-${i}`,
          createdDateTime: `2026-11-10T00:00:${String(i % 60).padStart(2, '0')}Z`,
          userPrincipalName: 'a@contoso.example',
          status: { errorCode: 0 },
        }),
      );
    }
    writeFileSync(path, `${lines.join('\n')}\n`);
    const { result } = await ingestAll([path]);
    expect(result.inputs[0]).toMatchObject({ format: 'graph-jsonl', rowsRead: 100_000, signIns: 100_000 });
    expect(result.warnings).toEqual([]);
  });

  it('counts rows read, rejected ones included', async () => {
    const dir = tempDir();
    const path = join(dir, 'export.csv');
    write(path, PORTAL_ROW_LIMIT, 3);
    const { result } = await ingestAll([path]);
    expect(result).toMatchObject({ rowsRead: 100_000, signIns: 99_997, rejected: 3 });
    expect(result.warnings.map((w) => w.code).sort()).toEqual(['PROBABLY_TRUNCATED', 'ROWS_REJECTED']);
  });

  it('one row fewer gets no warning', async () => {
    const dir = tempDir();
    const path = join(dir, 'export.csv');
    write(path, PORTAL_ROW_LIMIT - 1);
    const { result } = await ingestAll([path]);
    expect(result.warnings).toEqual([]);
  });
});

describe('inputs: directories, several files, stdin', () => {
  it('walks directories recursively in name order, reading export files only', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'a-november'));
    mkdirSync(join(dir, 'a-november', 'deeper'));
    copyFileSync(fixture('formats/graph-signins-2026-11-13.jsonl'), join(dir, 'a-november', 'deeper', 'day.jsonl'));
    copyFileSync(fixture('transport/InteractiveSignIns_equivalence.csv.gz'), join(dir, 'a-november', 'b.csv.gz'));
    copyFileSync(fixture('formats/eventhub-records.json'), join(dir, 'a-november', 'A.json'));
    copyFileSync(fixture('formats/InteractiveSignIns_tab.tsv'), join(dir, 'b.tsv'));
    copyFileSync(fixture('formats/ApplicationSignIns_2026-11-14_2026-11-14.csv'), join(dir, 'c.csv'));
    writeFileSync(join(dir, 'notes.xlsx'), 'a spreadsheet');
    writeFileSync(join(dir, '.hidden.csv'), 'not read');
    const { result, stderr } = await ingestAll([dir], { quiet: false });
    expect(result.inputs.map((input) => [input.path.slice(dir.length + 1), input.format, input.signIns])).toEqual([
      ['a-november/A.json', 'diagnostic-json', 3],
      ['a-november/b.csv.gz', 'portal-csv', 12],
      ['a-november/deeper/day.jsonl', 'graph-jsonl', 3],
      ['b.tsv', 'portal-csv', 2],
      ['c.csv', 'portal-serviceprincipal-csv', 2],
    ]);
    expect(result.warnings).toEqual([{ code: 'FILE_SKIPPED', message: expect.any(String), file: join(dir, 'notes.xlsx'), line: null }]);
    expect(stderr.join('')).not.toContain('.hidden.csv');
  });

  it('reads several inputs in the order given, each with its own format', async () => {
    const inputs = [
      fixture('formats/diagnostic-single-record.json'),
      fixture('formats/powershell-flattened-en-AU.csv'),
      fixture('transport/LogAnalytics_equivalence.utf16be.csv'),
    ];
    const { result } = await ingestAll(inputs);
    expect(result.inputs.map((input) => [input.path, input.format, input.signIns])).toEqual([
      [inputs[0], 'diagnostic-json', 1],
      [inputs[1], 'powershell-csv', 6],
      [inputs[2], 'log-analytics-csv', 15],
    ]);
  });

  it('reads stdin for -, whatever its format, and names it -', async () => {
    const csv = readFileSync(fixture('formats/InteractiveSignIns_multiline-reason.csv'));
    const fromCsv = await ingestAll(['-'], { stdin: Readable.from([csv.subarray(0, 1000), csv.subarray(1000)]) });
    expect(fromCsv.result.inputs).toMatchObject([{ path: '-', format: 'portal-csv', rowsRead: 3, signIns: 3, rejected: 0, duplicates: 0, filteredOut: 0 }]);
    expect(fromCsv.signIns.map((s) => [s.file, s.line])).toEqual([
      ['-', 2],
      ['-', 6],
      ['-', 7],
    ]);

    const jsonl = gzipSync(readFileSync(fixture('formats/graph-signins-2026-11-13.jsonl')));
    const fromGzip = await ingestAll(['-'], { stdin: Readable.from([jsonl]) });
    expect(fromGzip.result.inputs[0]).toMatchObject({ path: '-', format: 'graph-jsonl', signIns: 3 });
  });

  it('stdin and files together', async () => {
    const early = requestIds(EARLY);
    const { result } = await ingestAll([EARLY, '-'], { stdin: Readable.from([readFileSync(EARLY)]) });
    expect(result.inputs.map((input) => [input.path, input.signIns, input.duplicates])).toEqual([
      [EARLY, early.length, 0],
      ['-', 0, early.length],
    ]);
  });
});
