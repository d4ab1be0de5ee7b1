// The tenant dimension: one run over several tenants' exports reports per home tenant, each row counting what
// that tenant's export alone counts (the oracle: a report of each export by itself).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/exec.js';
import { runMain } from './helpers/io.js';

const CONTOSO = '5e2a7c1d-8b4f-4e36-a9d0-3c7f1b6e2d48';
const FABRIKAM = '0c4e8a2f-6b1d-4f3a-9e5c-7d2b4f6a8c10';
const workdir = mkdtempSync(path.join(tmpdir(), 'cli-tenants-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

/** The sample week as a second tenant's download: its own tenant id and name, its own request ids. */
function fabrikamCopy(): string {
  const text = readFileSync(path.join(repoRoot, 'fixtures/sample/InteractiveSignIns_sample.csv'), 'utf8');
  const file = path.join(workdir, 'InteractiveSignIns_fabrikam.csv');
  writeFileSync(
    file,
    text
      .replaceAll(CONTOSO, FABRIKAM)
      .replaceAll(',Contoso,', ',Fabrikam,')
      // Request ids are the second column: a different first digit keeps them apart from Contoso's.
      .replace(/^([^,\n]*,)([0-9a-f])/gm, (_all, time: string, digit: string) => `${time}${digit === 'f' ? 'e' : 'f'}`),
  );
  return file;
}

interface Totals {
  signIns: number;
  failure: number;
  interrupted: number;
}

async function json(args: readonly string[]): Promise<{ totals: Totals; byTenant: Record<string, unknown>[] }> {
  const result = await runMain(['report', ...args, '--format', 'json', '--now', '2026-11-16T08:00:00Z', '--quiet']);
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as { totals: Totals; byTenant: Record<string, unknown>[] };
}

describe('several tenants in one run', () => {
  it('each tenant row counts what its own export counts, named where the export names it', async () => {
    const contosoFile = 'fixtures/sample/InteractiveSignIns_sample.csv';
    const fabrikamFile = fabrikamCopy();
    const contoso = await json([contosoFile]);
    const fabrikam = await json([fabrikamFile]);
    const both = await json([contosoFile, fabrikamFile]);
    expect(both.totals.signIns).toBe(contoso.totals.signIns + fabrikam.totals.signIns);
    const rows = new Map(both.byTenant.map((row) => [row['tenant'], row]));
    expect([...rows.keys()].sort()).toEqual([FABRIKAM, CONTOSO].sort());
    for (const [id, name, alone] of [
      [CONTOSO, 'Contoso', contoso],
      [FABRIKAM, 'Fabrikam', fabrikam],
    ] as const) {
      expect(rows.get(id)).toMatchObject({ name, signIns: alone.totals.signIns, failures: alone.totals.failure, interrupted: alone.totals.interrupted });
    }
  });

  it('--format csv --by tenant lists one row per tenant', async () => {
    const result = await runMain(['report', 'fixtures/sample/InteractiveSignIns_sample.csv', fabrikamCopy(), '--format', 'csv', '--by', 'tenant', '--quiet']);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('tenant,name,signIns,failures,interrupted,failureRate,users,topCodes');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 2))).toEqual(
      expect.arrayContaining([
        [CONTOSO, 'Contoso'],
        [FABRIKAM, 'Fabrikam'],
      ]),
    );
    expect(lines).toHaveLength(3);
  });
});
