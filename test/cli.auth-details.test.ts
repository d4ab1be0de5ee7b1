// `report` with the sample's authentication details beside it: the MFA methods section in every format (its
// numbers worked out here from the two files with csv-parse), the window and filters respected, the detections fed
// by the joined steps, and a warning when the details belong to other sign-ins. Without details: no section.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/exec.js';
import { runMain, withoutInteractiveOnlyNote } from './helpers/io.js';
import { expectValidJsonReport } from './helpers/report-schema.js';

const SAMPLE = 'fixtures/sample/InteractiveSignIns_sample.csv';
const DETAILS = 'fixtures/sample/InteractiveSignIns_AuthDetails_sample.csv';
const NOW = ['--now', '2026-11-16T08:00:00Z'];
const workdir = mkdtempSync(path.join(tmpdir(), 'cli-auth-details-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

type Row = Record<string, string>;
const rowsOf = (file: string): Row[] => parse(readFileSync(path.join(repoRoot, file)), { columns: true, bom: true }) as Row[];

interface JsonReport {
  mfaMethods?: { requests: number; signIns: number; methods: { method: string; steps: number; succeeded: number; failed: number; topFailure: string }[] };
  findings: { kind: string; entity: { user?: string; ip?: string }; severity: string }[];
  warnings: { code: string }[];
}

async function json(...args: string[]): Promise<JsonReport> {
  const result = await runMain(['report', ...args, ...NOW, '--format', 'json']);
  expect(result.status).toBe(0);
  return expectValidJsonReport(result.stdout) as unknown as JsonReport;
}

/** The section from the files themselves: each counted sign-in's MFA row (the sample has one per request). */
function expected(keep: (signIn: Row) => boolean) {
  const steps = rowsOf(DETAILS).filter((row) => row['Requirement'] === 'Multifactor authentication');
  const byRequest = new Map(steps.map((row) => [row['Request ID']!, row]));
  const joined = rowsOf(SAMPLE)
    .filter(keep)
    .flatMap((signIn) => {
      const step = byRequest.get(signIn['Request ID']!);
      return step === undefined ? [] : [step];
    });
  const methods = [...new Set(joined.map((row) => row['Authentication method']!))].map((method) => {
    const mine = joined.filter((row) => row['Authentication method'] === method);
    const failed = mine.filter((row) => row['Succeeded'] === 'FALSE').map((row) => row['Result detail']!);
    const top = [...new Set(failed)].sort((a, b) => failed.filter((x) => x === b).length - failed.filter((x) => x === a).length || (a < b ? -1 : 1))[0];
    return { method, steps: mine.length, succeeded: mine.length - failed.length, failed: failed.length, topFailure: top ?? '' };
  });
  methods.sort((a, b) => b.steps - a.steps || (a.method < b.method ? -1 : 1));
  return { requests: byRequest.size, signIns: joined.length, methods };
}

describe('the MFA methods section', () => {
  it('counts the MFA step of every sign-in, per method, as the two files say', async () => {
    const report = await json(SAMPLE, DETAILS);
    expect(report.mfaMethods).toEqual(expected(() => true));
    expect(report.mfaMethods!.methods.find((row) => row.failed > 0)).toMatchObject({ method: 'Mobile app notification', failed: 6 });
    expect(report.warnings.map((item) => item.code)).not.toContain('AUTH_DETAILS_UNMATCHED');
  });

  it('counts only the sign-ins the report counts: the window and the filters apply', async () => {
    const report = await json(SAMPLE, DETAILS, '--since', '2026-11-14', '--outcome', 'failure,interrupted');
    const kept = (signIn: Row) => signIn['Date (UTC)']! >= '2026-11-14' && signIn['Status'] !== 'Success';
    expect(report.mfaMethods).toEqual(expected(kept));
    expect(report.mfaMethods!.signIns).toBeLessThan(expected(() => true).signIns);
  });

  it('is absent without authentication details, in every format', async () => {
    expect((await json(SAMPLE)).mfaMethods).toBeUndefined();
    // The section's heading: a title line in a table and Markdown, a table of its own in the page.
    const heading = /^(## )?MFA methods \(|<h3>MFA methods<\/h3>/m;
    for (const format of ['table', 'markdown', 'html']) {
      const result = await runMain(['report', SAMPLE, ...NOW, '--format', format]);
      expect(result.stdout).not.toMatch(heading);
      const joined = await runMain(['report', SAMPLE, DETAILS, ...NOW, '--format', format]);
      expect(withoutInteractiveOnlyNote(joined.stderr)).toBe('');
      expect(joined.stdout).toMatch(heading);
      expect(joined.stdout).toContain('MFA denied; user declined');
    }
  });

  it('is a sheet of the workbook', async () => {
    const sheets = async (...inputs: string[]) => {
      const file = path.join(workdir, `${inputs.length}.xlsx`);
      expect((await runMain(['report', ...inputs, ...NOW, '--format', 'xlsx', '--output', file])).status).toBe(0);
      const workbook = await (await JSZip.loadAsync(readFileSync(file))).file('xl/workbook.xml')!.async('string');
      return [...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((match) => match[1]);
    };
    expect(await sheets(SAMPLE, DETAILS)).toContain('MFA methods');
    expect(await sheets(SAMPLE)).not.toContain('MFA methods');
  });

  it('warns when no sign-in of the report has a step in the details given', async () => {
    const result = await runMain(['report', SAMPLE, 'fixtures/formats/InteractiveSignIns_AuthDetails_2026-11-09_2026-11-15.csv', ...NOW, '--format', 'json']);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.mfaMethods).toEqual({ requests: 2, signIns: 0, methods: [] });
    expect(report.warnings.map((item) => item.code)).toContain('AUTH_DETAILS_UNMATCHED');
    expect(result.stderr).toContain('warning: none of the 2 requests with an MFA step in the authentication details is a sign-in of this report');
  });
});

describe('the detections with authentication details', () => {
  it('find Lee Gu pushed with MFA prompts only when the unanswered prompts are joined', async () => {
    const lee = (report: JsonReport) => report.findings.filter((finding) => finding.kind === 'mfa-fatigue');
    expect(lee(await json(SAMPLE))).toEqual([]);
    expect(lee(await json(SAMPLE, DETAILS))).toMatchObject([{ entity: { user: 'lee.gu@contoso.example', ip: '198.51.100.140' }, severity: 'medium' }]);
    // --no-detections leaves the findings out, not the MFA methods.
    const result = await runMain(['report', SAMPLE, DETAILS, ...NOW, '--format', 'json', '--no-detections']);
    expect(JSON.parse(result.stdout)).toMatchObject({ mfaMethods: { signIns: expected(() => true).signIns } });
  });
});
