// Codes seen in real sign-in logs must be in the built-in catalog, so that real reports do not fill the
// `unknown` bucket. The codes are kept here as data, each with where it was seen. Where ../shared is
// present, the public real exports are scanned on their own (not through our parsers): every code in
// them must be listed below, and every code listed as seen in a file must really be in that file.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../src/catalog/index.js';
import { needsShared } from './helpers/shared.js';

const realExports = needsShared('data/real-exports');
const exportsDir = realExports.path;

/** Codes in the public real exports (../shared/data/real-exports), with a file each appears in. */
const IN_PUBLIC_EXPORTS: Readonly<Record<number, string>> = {
  0: 'log-analytics/azure-sentinel-training-lab__sign-in_adelete.csv', // success: in nearly every file
  16000: 'log-analytics/azure-sentinel-training-lab__sign-in_adelete.csv',
  50058: 'log-analytics/azure-sentinel-training-lab__sign-in_adelete.csv',
  50097: 'azure-monitor-diagnostic/pseudonymized-siem-sample__noninteractive-50097.jsonl',
  50126: 'graph-api/msgraph-docs__beta-signin-list-example1.response.json', // also the UTF-16 SigninLogs file
  50140: 'azure-monitor-diagnostic/elastic-integrations__test-signinlogs-raw.jsonl', // also the two-row README export
  50158: 'log-analytics/mku2-ciso-logs-public__SigninLogs.utf16.csv',
  50199: 'log-analytics/isaacdunham-bec_telemetry__SigninLogs.csv',
  700003: 'log-analytics/isaacdunham-bec_telemetry__AADNonInteractiveUserSignInLogs.csv',
};

/** Codes found in production sign-in logs by the 2026-11 catalog audit; none is in the public exports. */
const FROM_AUDITED_LOGS: readonly number[] = [
  501314, // the silent browser-capability check (Safari on iPadOS or macOS)
  81016, // an invalid STS request
];

/**
 * Codes that docs/catalog-research.md (§7.1 and §7.2, in ../shared) lists as common in tenant logs,
 * the modern ones missing from every translated table first, then those the tables cover.
 */
const COMMON_IN_TENANT_LOGS: readonly number[] = [
  // §7.1, in the current reference but in no translated table
  50199, 530032, 530035, 7000215, 7000222, 9002313, 65002, 700082, 70043, 90095, 135011, 50078, 50088, 500011, 50196, 50194, 54005, 53011, 530034, 700084,
  500212, 500213, 500014, 7000112, 50142, 50137, 50192,
  // §7.1, covered by the translated tables
  50076, 50158, 53003, 700016, 50173, 50072, 50097, 50011, 50020, 50034, 50057, 50055, 50126, 50053, 50074, 50132, 50133, 81010, 16003, 50178,
  // §7.2, missing from the current reference
  0, 500121, 70044, 530021, 50181, 50201, 530033, 50203, 50204,
];

const SEEN_IN_REAL_LOGS = [...new Set([...Object.keys(IN_PUBLIC_EXPORTS).map(Number), ...FROM_AUDITED_LOGS, ...COMMON_IN_TENANT_LOGS])];

describe('codes seen in real logs', () => {
  it('all have an entry in the catalog', () => {
    expect(SEEN_IN_REAL_LOGS.filter((code) => builtinCatalog().lookup(code) === undefined)).toEqual([]);
  });
});

/** Every file below `dir`, as paths relative to it. */
function filesBelow(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix)).flatMap((name) => {
    const relative = path.posix.join(prefix, name);
    return statSync(path.join(dir, relative)).isDirectory() ? filesBelow(dir, relative) : [relative];
  });
}

/** The text of an export: UTF-16 when it starts with a UTF-16 byte-order mark, UTF-8 otherwise (BOM dropped). */
function exportText(bytes: Buffer): string {
  const encoding = bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : 'utf-8';
  return new TextDecoder(encoding).decode(bytes);
}

/**
 * The error codes a file holds: `errorCode`, `resultType` and `ResultType` keys of JSON anywhere in the
 * text (also JSON inside CSV cells, where the quotes are doubled), and for CSV files the columns named
 * ResultType or "Sign-in error code". Works on invalid JSON too: no parser has to accept the file.
 */
function codesIn(file: string, text: string): Set<number> {
  const codes = new Set<number>();
  for (const match of text.matchAll(/"+(?:errorCode|resultType)"+\s*:\s*"*(\d+)/gi)) codes.add(Number(match[1]));
  if (file.endsWith('.csv')) {
    const rows = parse(text, { columns: true, relax_column_count: true, skip_empty_lines: true }) as Array<Record<string, string>>;
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (/^(?:ResultType|Sign-in error code)$/i.test(column.trim()) && /^\d+$/.test(value.trim())) codes.add(Number(value));
      }
    }
  }
  return codes;
}

describe('the public real exports (../shared/data/real-exports; skipped when absent)', realExports.options, () => {
  const scanned = new Map<string, Set<number>>();
  if (existsSync(exportsDir)) {
    for (const file of filesBelow(exportsDir).filter((name) => name !== 'README.md')) {
      scanned.set(file, codesIn(file, exportText(readFileSync(path.join(exportsDir, file)))));
    }
  }
  const found = new Set([...scanned.values()].flatMap((codes) => [...codes]));

  it('yields codes from every file that has any', () => {
    const withoutCodes = [...scanned].filter(([, codes]) => codes.size === 0).map(([file]) => file);
    expect(withoutCodes).toEqual(['azure-monitor-diagnostic/elastic-integrations__test-time-formats-corner-cases.jsonl']);
    expect(scanned.size).toBeGreaterThanOrEqual(15);
  });

  it('holds only codes listed above as seen in them', () => {
    const listed = Object.keys(IN_PUBLIC_EXPORTS).map(Number);
    expect([...found].filter((code) => !listed.includes(code)).sort((a, b) => a - b)).toEqual([]);
  });

  it('really holds each listed code in the file named for it', () => {
    const wrong = Object.entries(IN_PUBLIC_EXPORTS).filter(([code, file]) => !scanned.get(file)?.has(Number(code)));
    expect(wrong).toEqual([]);
  });
});
