// Owns deciding what an input is, from its content and never its file name: the transport (gzip by its magic
// bytes), the encoding (byte-order mark, or the zero bytes of UTF-16), the container (CSV or JSON, by the first
// character), the InputFormat of a JSON input (by its container and its records), and whether and how a file may
// be cut into parts. A CSV's format is its header's (csv-layouts.ts recognizeCsvHeader); the reader and the
// parallel planner both ask here.

import { INPUT_FORMATS, type InputFormat, type JsonFormat } from './formats.js';
import type { JsonRecordKind } from './json-layouts.js';
import type { PartKind } from './parallel/boundary.js';

const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** gzip's magic bytes open the input. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The text encoding of the first bytes (after any gzip), and the length of its byte-order mark. */
export function sniffEncoding(bytes: Uint8Array): { readonly encoding: Encoding; readonly bomLength: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // No mark: ASCII text in UTF-16 has a zero byte beside every character.
  if (bytes.length >= 4 && bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) return { encoding: 'utf-16le', bomLength: 0 };
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0) return { encoding: 'utf-16be', bomLength: 0 };
  return { encoding: 'utf-8', bomLength: 0 };
}

/** JSON opens with `[` or `{`; anything else is read as CSV. */
export function containerOf(firstCharacter: string): 'json' | 'csv' {
  return firstCharacter === '[' || firstCharacter === '{' ? 'json' : 'csv';
}

/** How a JSON input holds its records: one array, an envelope's array (`value`, `records`), or one per line. */
export type JsonContainer = 'array' | 'envelope' | 'lines';

/** The format of a JSON input from how it holds its records and what they are. */
export function jsonFormatOf(container: JsonContainer, records: JsonRecordKind | undefined): JsonFormat {
  if (records === 'diagnostic') return container === 'lines' ? 'diagnostic-jsonl' : 'diagnostic-json';
  if (records === 'audit') return container === 'lines' ? 'audit-jsonl' : 'audit-json';
  if (records === 'logAnalytics') return 'log-analytics-json';
  if (records === 'powershell') return 'powershell-json';
  if (container === 'array') return 'portal-json';
  return container === 'lines' ? 'graph-jsonl' : 'graph-json';
}

/** How a file of the format may be cut into parts for other threads; null: read it whole. */
export function cutOf(format: InputFormat): PartKind | null {
  return INPUT_FORMATS[format].cut;
}

/** Whether the input may be cut at all: plain (not gzip) UTF-8 files only, whose offsets are their bytes. */
export function cuttable(firstBytes: Uint8Array): boolean {
  return !isGzip(firstBytes) && sniffEncoding(firstBytes).encoding === 'utf-8' && !firstBytes.subarray(0, 64).includes(0);
}
