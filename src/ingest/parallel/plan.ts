// Owns planning how a large file is cut into parts for other threads, or saying why it is read whole: a sample
// from its start tells the format and header, and each cut is placed between records. Files cut: portal, Log
// Analytics and audit log CSVs without multi-line cells and JSON Lines (at line breaks), and bare JSON arrays of
// Graph sign-ins (before a record's opening, recognised by its first two keys). A part that turns out not to hold
// whole records makes ingest read the file whole instead, so cutting never changes what is counted.

import { open } from 'node:fs/promises';
import { CsvTokenizer } from '../csv-fast.js';
import { recognizeCsvHeader } from '../csv-layouts.js';
import { containerOf, cutOf, cuttable, jsonFormatOf, sniffEncoding } from '../detect.js';
import type { InputFormat } from '../formats.js';
import { mapJsonRecord, type JsonRecordKind } from '../json-layouts.js';
import { RECORD_OPENING, RecordBoundaries } from '../json-fast.js';
import { JsonRecordScanner } from '../json-records.js';
import type { IngestSettings } from '../settings.js';
import type { FilePlan, PartKind } from './boundary.js';
import { sniffDelimiter } from '../read-csv.js';
import type { InputSource } from '../sources.js';

const SAMPLE_BYTES = 1 << 20;
/** Parts per thread: more parts even out the threads' finishing times. */
const PARTS_PER_THREAD = 4;
const MIN_PART_BYTES = 1 << 20;

/** A plan for reading the file in parts, or why it is read whole (for SIGNIN_ANALYZER_TRACE). */
export async function planFile(source: InputSource, settings: IngestSettings, threads: number): Promise<FilePlan | string> {
  if (source.path === undefined || source.size === undefined) return 'standard input is read whole';
  if (source.size < settings.parallelMinBytes) {
    return Number.isFinite(settings.parallelMinBytes) ? `under ${settings.parallelMinBytes} bytes` : 'reading in parts is off';
  }
  if (threads < 2) return 'one thread';
  if (settings.strict) return '--strict reads on one thread';
  if (settings.fieldMap !== undefined) return '--map reads on one thread';
  const handle = await open(source.path, 'r');
  try {
    const sample = Buffer.alloc(Math.min(SAMPLE_BYTES, source.size));
    const { bytesRead } = await handle.read(sample, 0, sample.length, 0);
    const bytes = sample.subarray(0, bytesRead);
    // Offsets are bytes: only plain UTF-8 can be cut (gzip and UTF-16 are read whole).
    if (!cuttable(bytes)) return 'gzip and UTF-16 are read whole';
    const bom = sniffEncoding(bytes).bomLength;
    const shape = sampleShape(bytes, bom, source.label);
    if (shape === undefined) return 'its format, or records over several lines, cannot be cut';
    const parts = Math.max(1, Math.min(threads * PARTS_PER_THREAD, Math.floor((source.size - shape.dataStart) / MIN_PART_BYTES)));
    if (parts < 2) return `parts are at least ${MIN_PART_BYTES} bytes, so under ${2 * MIN_PART_BYTES} it is one part`;
    const cuts = [shape.dataStart];
    const probe = Buffer.alloc(64 * 1024);
    for (let i = 1; i < parts; i++) {
      const at = shape.dataStart + Math.floor(((source.size - shape.dataStart) * i) / parts);
      const { bytesRead: got } = await handle.read(probe, 0, probe.length, at);
      const offset = shape.findCut(probe.subarray(0, got));
      if (offset < 0) continue;
      const cut = at + offset;
      if (cut > (cuts.at(-1) ?? 0) && cut < source.size) cuts.push(cut);
    }
    cuts.push(source.size);
    if (cuts.length < 3) return 'no place to cut it was found';
    const estimatedRows = Math.ceil(((source.size - shape.dataStart) / Math.max(1, shape.sampleDataBytes)) * shape.sampleRows * 1.1) + 1024;
    const { kind, format, header, delimiter, headerLines, dataStart } = shape;
    return { path: source.path, kind, format, header, delimiter, headerLines, dataStart, cuts, estimatedRows };
  } finally {
    await handle.close();
  }
}

/** What the sample says about cutting the file: a JSON array whole (it may be one line), others by their lines. */
function sampleShape(bytes: Buffer, bom: number, label: string): Shape | undefined {
  const first = bytes
    .subarray(bom, bom + 4096)
    .toString('latin1')
    .trimStart()
    .charAt(0);
  if (first === '[') return sampleJsonArray(bytes, bom);
  // Lines are cut at line breaks: the sample up to its last one.
  const lastLf = bytes.lastIndexOf(0x0a);
  if (lastLf <= bom) return undefined;
  const text = new TextDecoder('utf-8').decode(bytes.subarray(bom, lastLf + 1));
  return containerOf(first) === 'json' ? sampleJsonLines(text, bom) : sampleCsv(text, bytes, bom, label);
}

interface Shape {
  readonly kind: PartKind;
  readonly format: InputFormat;
  readonly header: readonly string[];
  readonly delimiter: string;
  readonly headerLines: number;
  readonly dataStart: number;
  readonly sampleRows: number;
  readonly sampleDataBytes: number;
  /** Where in `bytes` (read from a cut's first guess) the part should start, or -1 when nowhere in them. */
  readonly findCut: (bytes: Buffer) => number;
}

/** Just after the first line break. */
function afterLineBreak(bytes: Buffer): number {
  const lf = bytes.indexOf(0x0a);
  return lf < 0 ? -1 : lf + 1;
}

/** JSON Lines: every line of the sample is one complete JSON object. */
function sampleJsonLines(text: string, bom: number): Shape | undefined {
  const lines = text.split('\n').filter((line) => line.trim().length > 0);
  if (lines.length < 2) return undefined;
  let records: JsonRecordKind | undefined;
  for (const line of lines) {
    if (!line.trimStart().startsWith('{')) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return undefined;
    }
    const mapped = mapJsonRecord(value);
    if (mapped.kind === 'signIn' || mapped.kind === 'otherKind') records ??= mapped.recordKind;
  }
  const format = jsonFormatOf('lines', records);
  if (cutOf(format) !== 'jsonl') return undefined;
  return {
    kind: 'jsonl',
    format,
    header: [],
    delimiter: '',
    headerLines: 0,
    dataStart: bom,
    sampleRows: lines.length,
    sampleDataBytes: Buffer.byteLength(text),
    findCut: afterLineBreak,
  };
}

/**
 * A bare JSON array (the portal's JSON download, minified on one line, or one record per line): its records all
 * open with the same two keys (`{"id":"…","createdDateTime":`), so a part starts at the next `},{` (blanks
 * allowed before the `{`) followed by those keys. The
 * same text inside a record (a nested object with those keys) would make a part start mid-record; the
 * worker then finds text that is no sign-in and the file is read whole. The sample must hold only sign-ins
 * that all open that way, and no other place that looks like a record's opening.
 */
function sampleJsonArray(bytes: Buffer, bom: number): Shape | undefined {
  // Byte offsets are what cuts need; latin1 keeps one character per byte, and the pattern is ASCII.
  const text = bytes.toString('latin1');
  const open = text.indexOf('[', bom);
  const records: string[] = [];
  const scanner = new JsonRecordScanner({
    onRecord: (record) => {
      records.push(record);
    },
    onError: () => {},
  });
  scanner.push(text.slice(open));
  if (records.length < 2) return undefined;
  const openingOf = (record: string): RegExpExecArray | null => {
    RECORD_OPENING.lastIndex = 0;
    return RECORD_OPENING.exec(record);
  };
  const opening = openingOf(records[0]!);
  if (opening === null) return undefined;
  const [, firstKey, secondKey] = opening;
  for (const record of records) {
    const own = openingOf(record);
    if (own === null || own[1] !== firstKey || own[2] !== secondKey) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(record, 'latin1').toString('utf8'));
    } catch {
      return undefined;
    }
    // Only the portal's download (Graph objects) is cut this way; arrays of other records are read whole.
    const mapped = mapJsonRecord(value);
    if (mapped.kind !== 'signIn' || mapped.recordKind !== 'graph') return undefined;
  }
  const boundary = new RecordBoundaries(firstKey!, secondKey!);
  // Every boundary in the sample must be between two of its records: one fewer than the records. Each record
  // is found where the last one ended (one the scanner had to mend, such as a trailing comma, is not there).
  let end = open;
  for (const record of records) {
    const at = text.indexOf(record, end);
    if (at < 0) return undefined;
    end = at + record.length;
  }
  const sampled = text.slice(open, end);
  let boundaries = 0;
  for (let at = boundary.find(sampled, 0); at >= 0; at = boundary.find(sampled, boundary.nextStart)) boundaries++;
  if (boundaries !== records.length - 1) return undefined;
  const findCut = (probe: Buffer): number => (boundary.find(probe.toString('latin1'), 0) < 0 ? -1 : boundary.nextStart);
  const format = jsonFormatOf('array', 'graph');
  if (cutOf(format) !== 'json-array') return undefined;
  return {
    kind: 'json-array',
    format,
    header: [],
    delimiter: '',
    headerLines: 0,
    dataStart: open,
    sampleRows: records.length,
    sampleDataBytes: sampled.length,
    findCut,
  };
}

/** CSV: a recognised portal or Log Analytics header, and no record in the sample spans two lines. */
function sampleCsv(text: string, bytes: Buffer, bom: number, label: string): Shape | undefined {
  if (text.startsWith('#TYPE')) return undefined;
  const delimiter = sniffDelimiter(text);
  let header: string[] | undefined;
  let records = 0;
  let multiLine = false;
  let expectedLine = 1;
  const tokenizer = new CsvTokenizer({
    delimiter,
    onRecord: (fields, count, line) => {
      if (line !== expectedLine) multiLine = true;
      expectedLine = line + 1;
      if (header === undefined) header = fields.slice(0, count);
      else records++;
    },
    onError: () => {
      multiLine = true;
    },
  });
  tokenizer.push(text);
  tokenizer.end();
  if (header === undefined || multiLine || records === 0) return undefined;
  const recognized = recognizeCsvHeader(header, label);
  if (recognized.kind !== 'signIns') return undefined;
  const { format } = recognized.layout;
  if (cutOf(format) !== 'csv') return undefined;
  const dataStart = bytes.indexOf(0x0a, bom) + 1;
  return {
    kind: 'csv',
    format,
    header,
    delimiter,
    headerLines: 1,
    dataStart,
    sampleRows: records,
    sampleDataBytes: Buffer.byteLength(text) - (dataStart - bom),
    findCut: afterLineBreak,
  };
}
