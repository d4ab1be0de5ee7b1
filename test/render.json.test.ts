// The JSON format: valid against schema/report.schema.json, the documented contract fields, and a golden file; the
// pieces it is written in join to exactly JSON.stringify's text.

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIMENSIONS } from '../src/analyze/dimensions.js';
import { jsonPieces, renderJson, renderJsonPieces } from '../src/render/json.js';
import { REPORT_SCHEMA } from '../src/render/json-contract.js';
import { expectValidJsonReport } from './helpers/report-schema.js';
import { sampleView, viewOf } from './helpers/sample-report.js';
import { analyzeSignIns, makeSignIn } from './helpers/signins.js';

describe('the JSON Schema', () => {
  it('schema/report.schema.json is what the contract definition writes (npm run schema)', () => {
    const file = JSON.parse(readFileSync(new URL('../schema/report.schema.json', import.meta.url), 'utf8')) as unknown;
    expect(file).toEqual(JSON.parse(JSON.stringify(REPORT_SCHEMA)));
  });

  it('has a section, required and described, for every dimension of the dimension table', () => {
    const schema = REPORT_SCHEMA as unknown as { required: string[]; properties: Record<string, { description?: string }> };
    for (const dimension of DIMENSIONS) {
      expect(schema.required, dimension.id).toContain(dimension.json.section);
      expect(schema.properties[dimension.json.section], dimension.id).toBeDefined();
    }
  });
});

describe('JSON report', () => {
  it('matches the golden file and the schema', async () => {
    const text = renderJson(sampleView());
    expectValidJsonReport(text);
    await expect(text).toMatchFileSnapshot('golden/report/sample.json');
  });

  it('keeps the contract: byCode adds up, identities and rates as documented', () => {
    const json = expectValidJsonReport(renderJson(sampleView())) as {
      totals: { failure: number; interrupted: number };
      byCode: { code: number; count: number; catalogued: boolean; failureReason: string }[];
      byUser: { user: string; failures: number; signIns: number; failureRate: number }[];
    };
    expect(json.byCode.reduce((sum, row) => sum + row.count, 0)).toBe(json.totals.failure + json.totals.interrupted);
    expect(json.byCode.find((row) => row.code === 88888801)).toMatchObject({
      catalogued: false,
      failureReason: 'Strange\nmulti-line\treason =1+2 <b>bold</b>',
    });
    expect(json.byUser.map((row) => row.user)).toContain('nightly-backup');
    for (const row of json.byUser) expect(row.failureRate).toBeCloseTo(row.failures / row.signIns, 4);
  });

  it('cuts every list but the days with --top, and says how long each list was', () => {
    const json = expectValidJsonReport(renderJson(sampleView(2))) as {
      top: number;
      byCode: unknown[];
      byUser: unknown[];
      byDay: unknown[];
      totalRows: Record<string, number>;
    };
    expect(json.top).toBe(2);
    expect(json.byCode).toHaveLength(2);
    expect(json.byUser).toHaveLength(2);
    expect(json.byDay).toHaveLength(4);
    expect(json.totalRows).toMatchObject({ byCode: 7, byUser: 8, byDay: 4 });
  });

  it('is valid for any sign-ins, including none', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            userPrincipalName: fc.string(),
            appName: fc.string(),
            errorCode: fc.constantFrom(0, 50126, 50074, 424242),
            failureReason: fc.string(),
            sourceStatus: fc.constantFrom('', 'Failure', 'Interrupted'),
          }),
          { maxLength: 20 },
        ),
        (rows) => {
          expectValidJsonReport(renderJson(viewOf(analyzeSignIns(rows.map((row) => makeSignIn(row))).report)));
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('jsonPieces', () => {
  const values = fc.oneof(
    fc.anything({
      maxDepth: 4,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
    }),
    fc.constantFrom(undefined, () => 1, Symbol('s'), [undefined, () => 1], { a: undefined, b: () => 1, c: 1 }, { toJSON: () => undefined }),
    fc.dictionary(fc.string(), fc.anything({ maxDepth: 2, withDate: true, withBoxedValues: true, withNullPrototype: true })),
  );

  it('joins to the text of JSON.stringify(value, null, 2)', () => {
    fc.assert(
      fc.property(values, (value) => {
        const expected = JSON.stringify(value, null, 2) as string | undefined;
        if (expected === undefined) expect(() => jsonPieces(value)).toThrow(TypeError);
        else expect(jsonPieces(value).join('')).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('writes the report as a piece per section, joining to renderJson', () => {
    const view = sampleView();
    const pieces = renderJsonPieces(view);
    expect(pieces.join('')).toBe(renderJson(view));
    const json = JSON.parse(renderJson(view)) as Record<string, unknown>;
    for (const key of ['byUser', 'byCode']) expect(pieces).toContain(`"${key}": ${JSON.stringify(json[key], null, 2).replace(/\n/g, '\n  ')}`);
  });
});
