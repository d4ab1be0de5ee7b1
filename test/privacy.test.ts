// Reports for sharing (--pseudonymize, --redact): an export of people with distinctive names, addresses and apps,
// compared with a baseline of others and judged by rules that name offenders, must show none of them in any format
// (every format in FORMATS, every CSV --by, stderr included); two runs with the same key give the same bytes, and
// a pseudonymised baseline lines up with a pseudonymised report exactly as the real names would. Then the key file,
// the pseudonym command, the options, and the parts in memory (collisions, ties, evidence).

import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { DIMENSION_IDS } from '../src/analyze/index.js';
import { FORMATS, RENDERERS, type Format } from '../src/render/index.js';
import { pseudonymMap, pseudonymOf, shownNames } from '../src/view/privacy.js';
import { repoRoot } from './helpers/exec.js';
import { runMain, withoutInteractiveOnlyNote, type MainResult } from './helpers/io.js';
import { expectValidJsonReport } from './helpers/report-schema.js';

const dir = mkdtempSync(path.join(tmpdir(), 'privacy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOW = ['--now', '2026-11-16T08:00:00Z'];

interface Person {
  readonly upn: string;
  readonly name: string;
  readonly id: string;
  readonly ip: string;
  readonly app: string;
}

/** People only this test knows, so that any of their values in an output can only have come from the input. */
const PEOPLE: readonly Person[] = [
  {
    upn: 'qx.alice.liddell@wonderland.example',
    name: 'Qx Alice Liddell',
    id: 'a1c3d5e7-0000-4000-8000-00000000a11c',
    ip: '198.51.100.77',
    app: 'Qx Payroll Portal',
  },
  { upn: 'qx.bob.ross@wonderland.example', name: 'Qx Bob Ross', id: 'b0b0b0b0-0000-4000-8000-0000000b0b00', ip: '2001:db8::dead:beef', app: 'Qx Timesheets' },
  { upn: '', name: 'Qx Carol Nameonly', id: 'c4c4c4c4-0000-4000-8000-00000000ca10', ip: '203.0.113.199', app: 'Qx Expenses' },
  { upn: '', name: '', id: 'd1d1d1d1-0000-4000-8000-0000000d1d1d', ip: '198.51.100.254', app: 'e5e5e5e5-0000-4000-8000-0000000e5e5e' },
  { upn: 'qx.erin.o@wonderland.example', name: 'Qx Erin O', id: 'e1e1e1e1-0000-4000-8000-0000000e1e1e', ip: '203.0.113.88', app: 'Qx Payroll Portal' },
];
/** Only in the baseline: gone by now. */
const GONE: readonly Person[] = [
  { upn: 'qx.frank.gone@wonderland.example', name: 'Qx Frank Gone', id: 'f0f0f0f0-0000-4000-8000-0000000f0f0f', ip: '198.51.100.5', app: 'Qx Old App' },
];

/** Every value of these people a report could show. */
function secrets(people: readonly Person[]): string[] {
  return people.flatMap((person) => [person.upn, person.upn.split('@')[0]!, person.name, person.id, person.ip, person.app]).filter((value) => value.length > 0);
}

function csvField(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

/** A portal CSV: each person fails and succeeds a few times on 2026-11-10 (or the day given). */
function portalExport(people: readonly Person[], day = '2026-11-10'): string {
  const sample = readFileSync(path.join(repoRoot, 'fixtures/sample/InteractiveSignIns_sample.csv'), 'utf8').replace(/^\uFEFF/, '');
  const [header, template] = parse(sample, { toLine: 2 }) as string[][];
  const headerLine = header!.map(csvField).join(',');
  const set = (fields: string[], name: string, value: string): void => {
    const index = header!.indexOf(name);
    if (index < 0) throw new Error(`no column ${name}`);
    fields[index] = value;
  };
  const rows: string[] = [];
  people.forEach((person, p) => {
    for (let i = 0; i < 3 + p; i++) {
      const fields = [...template!];
      set(fields, 'Date (UTC)', `${day}T${String(8 + p).padStart(2, '0')}:${String(i).padStart(2, '0')}:00Z`);
      set(fields, 'Request ID', `7e57${String(p).padStart(4, '0')}-0000-4000-8000-${day.replaceAll('-', '')}${String(i).padStart(4, '0')}`);
      set(fields, 'Username', person.upn);
      set(fields, 'User', person.name);
      set(fields, 'User ID', person.id);
      set(fields, 'IP address', person.ip);
      set(fields, 'Application', person.app);
      // The resource the app asked for: named after it, so it is as private as the app's name.
      set(fields, 'Resource', `${person.app} API`);
      set(fields, 'Status', i % 3 === 2 ? 'Success' : 'Failure');
      set(fields, 'Sign-in error code', i % 3 === 2 ? '0' : '50126');
      rows.push(fields.map((field) => csvField(field)).join(','));
    }
  });
  return `${headerLine}\n${rows.join('\n')}\n`;
}

const INPUT = path.join(dir, 'InteractiveSignIns_people.csv');
writeFileSync(INPUT, portalExport(PEOPLE));
// The week before, with the person who is gone now: for --compare previous-period.
const TWO_WEEKS = path.join(dir, 'InteractiveSignIns_two-weeks.csv');
writeFileSync(TWO_WEEKS, portalExport([...PEOPLE.slice(1), ...GONE], '2026-11-03') + portalExport(PEOPLE).split('\n').slice(1).join('\n'));
const RULES = ['--fail-on', 'user:failures>0', '--fail-on', 'app:failures>0', '--fail-on', 'new-users', '--fail-on', 'new-apps'];

async function report(args: readonly string[]): Promise<MainResult> {
  return runMain(['report', ...args, ...NOW]);
}

/** A baseline: the JSON report of the gone person and some of the others, with real names or as `extra` says. */
async function baselineFile(name: string, extra: readonly string[] = []): Promise<string> {
  const input = path.join(dir, `${name}.csv`);
  writeFileSync(input, portalExport([...PEOPLE.slice(0, 2), ...GONE], '2026-11-03'));
  const result = await report([input, '--format', 'json', ...extra]);
  expect(result.status).toBe(0);
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, result.stdout);
  return file;
}

/** The output as text: a workbook (its bytes one character per byte, helpers/io.ts) as the XML of its parts. */
async function readable(format: Format, stdout: string): Promise<string> {
  if (!RENDERERS[format].binary) return stdout;
  const zip = await JSZip.loadAsync(Buffer.from(stdout, 'latin1'));
  const names = Object.keys(zip.files).filter((name) => name.endsWith('.xml'));
  return (await Promise.all(names.map((name) => zip.file(name)!.async('string')))).join('\n');
}

function expectNone(text: string, values: readonly string[], where: string): void {
  const found = values.filter((value) => text.includes(value));
  expect(found, where).toEqual([]);
}

describe("a pseudonymised report shows none of the input's names, addresses or apps", () => {
  const key = path.join(dir, 'shared.key');

  it.each(FORMATS)('%s, compared with a real-name baseline and with the period before, with rules that name offenders', async (format) => {
    const baseline = await baselineFile('real-baseline');
    const byList = format === 'csv' ? DIMENSION_IDS.map((by) => ['--by', by]) : [[]];
    for (const by of byList) {
      for (const comparison of [
        ['--baseline', baseline],
        ['--compare', 'previous-period', '--period', '2026-W46'],
      ]) {
        const input = comparison[0] === '--baseline' ? INPUT : TWO_WEEKS;
        const args = [input, '--format', format, ...by, '--top', '0', ...comparison, ...RULES, '--pseudonymize', 'users,ips,apps', '--key-file', key];
        const result = await report(args);
        expect(result.status, result.stderr).toBe(1);
        const output = await readable(format, result.stdout);
        expectNone(output, secrets([...PEOPLE, ...GONE]), `${format} ${by.join(' ')} ${comparison[0]}: stdout`);
        expectNone(result.stderr, secrets([...PEOPLE, ...GONE]), `${format} ${by.join(' ')} ${comparison[0]}: stderr`);
        if (format !== 'csv' || by[1] === 'user') expect(output).toMatch(/user-[0-9a-f]{12}/);
      }
    }
  });

  it('--keep-domain keeps only the domain', async () => {
    const result = await report([INPUT, '--format', 'json', '--pseudonymize', 'users', '--keep-domain', '--key-file', key]);
    const json = expectValidJsonReport(result.stdout) as { byUser: { user: string }[]; privacy: unknown };
    expect(json.byUser.map((row) => row.user).filter((user) => user.includes('@'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^user-[0-9a-f]{12}@wonderland\.example$/)]),
    );
    expectNone(
      result.stdout,
      PEOPLE.flatMap((person) => [person.upn.split('@')[0]!, person.name]).filter((value) => value !== ''),
      'local parts',
    );
    expect(json.privacy).toEqual({ pseudonymized: ['users'], redacted: [], keepDomain: true, keyId: expect.stringMatching(/^[0-9a-f]{12}$/) });
  });

  it('two runs with the same key give the same bytes; another key, other pseudonyms', async () => {
    const args = [INPUT, '--format', 'json', '--pseudonymize', 'users,ips', '--key-file'];
    const first = await report([...args, key]);
    const second = await report([...args, key]);
    expect(second.stdout).toBe(first.stdout);
    const other = await report([...args, path.join(dir, 'other.key')]);
    const users = (text: string) => (JSON.parse(text) as { byUser: { user: string }[] }).byUser.map((row) => row.user);
    expect(users(other.stdout).filter((user) => users(first.stdout).includes(user))).toEqual([]);
  });

  it('the JSON says what was done, and never holds the key', async () => {
    const result = await report([INPUT, '--format', 'json', '--pseudonymize', 'ips,users', '--redact', 'apps', '--key-file', key]);
    const json = expectValidJsonReport(result.stdout) as { privacy: Record<string, unknown>; byApp: unknown[] };
    expect(json.privacy).toEqual({ pseudonymized: ['ips', 'users'], redacted: ['apps'], keepDomain: false, keyId: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(json.byApp).toEqual([]);
    expect(result.stdout).not.toContain(readFileSync(key, 'utf8').trim());
  });
});

describe('comparisons still line up', () => {
  const key = path.join(dir, 'weekly.key');

  /** The user comparison as [user, status, now, before], users mapped through `map`. */
  async function userChanges(args: readonly string[], map: (user: string) => string = (user) => user): Promise<string[][]> {
    const result = await report([INPUT, '--format', 'json', ...args]);
    expect(result.status, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { comparison: { byUser: { user: string; status: string; now: number; before: number }[] } };
    return json.comparison.byUser.map((row) => [map(row.user), row.status, String(row.now), String(row.before)]).sort();
  }

  it('a pseudonymised baseline with a pseudonymised report, and a real-name baseline too, as the real names do', async () => {
    await report([INPUT, '--pseudonymize', 'users', '--key-file', key]);
    const keyBytes = Buffer.from(readFileSync(key, 'utf8').trim(), 'hex');
    const toPseudonym = (user: string) => pseudonymOf(keyBytes, 'users', user);
    const real = await userChanges(['--baseline', await baselineFile('plain')], toPseudonym);
    expect(real.map((row) => row[1])).toEqual(expect.arrayContaining(['same', 'gone', 'new']));
    const pseudonymised = await baselineFile('pseudonymised', ['--pseudonymize', 'users', '--key-file', key]);
    expect(await userChanges(['--baseline', pseudonymised, '--pseudonymize', 'users', '--key-file', key])).toEqual(real);
    expect(await userChanges(['--baseline', await baselineFile('plain-again'), '--pseudonymize', 'users', '--key-file', key])).toEqual(real);
  });

  it('a baseline that cannot line up is warned about, its users not compared, and new-users not crossed', async () => {
    const other = await baselineFile('other-key', ['--pseudonymize', 'users', '--key-file', path.join(dir, 'stranger.key')]);
    const redacted = await baselineFile('redacted', ['--redact', 'users']);
    const runs = [
      [[other, '--pseudonymize', 'users', '--key-file', key], 'were pseudonymised with another key'],
      [[other], "are pseudonymised and this report's are not"],
      [[redacted], 'were redacted'],
    ] as const;
    for (const [args, why] of runs) {
      const result = await report([INPUT, '--format', 'json', '--fail-on', 'new-users', '--baseline', ...args]);
      expect(result.stderr).toContain(`warning: the baseline's users ${why}, so they do not line up with this report's and are not compared`);
      expect(result.status, why).toBe(0);
      const json = JSON.parse(result.stdout) as { comparison: Record<string, unknown>; thresholds: { rules: { message: string }[] } };
      expect(json.comparison['byUser']).toBeUndefined();
      expect(json.comparison['byIp']).toBeDefined();
      expect(json.thresholds.rules[0]!.message).toBe('users not compared: the earlier report does not list them');
    }
  });
});

describe('--redact', () => {
  it('drops the values and the rows they name in every format, and keeps the exit code', async () => {
    const baseline = await baselineFile('redact-baseline');
    const plain = await report([INPUT, '--baseline', baseline, ...RULES]);
    for (const format of FORMATS) {
      const byList = format === 'csv' ? DIMENSION_IDS.map((by) => ['--by', by]) : [[]];
      for (const by of byList) {
        const result = await report([INPUT, '--format', format, ...by, '--top', '0', '--baseline', baseline, ...RULES, '--redact', 'users,ips,apps']);
        expect(result.status).toBe(plain.status);
        expectNone((await readable(format, result.stdout)) + result.stderr, secrets([...PEOPLE, ...GONE]), `${format} ${by.join(' ')}`);
      }
    }
    const table = await report([INPUT, '--baseline', baseline, ...RULES, '--redact', 'users']);
    expect(table.stdout).toContain('Redacted (--redact users).');
    expect(table.stdout).toMatch(/^Users \(5, redacted\)$/m);
    // The HTML page says the same, not "No sign-ins".
    const page = await report([INPUT, '--format', 'html', '--redact', 'users']);
    expect(page.stdout).toContain('<h3>Users</h3><p class="empty">Redacted (--redact users): 5 of them.</p>');
    expect(table.stderr).toContain('(names redacted)');
    expect(table.stdout).toMatch(/│ Privacy +│ users redacted +│/);
  });
});

describe('the key file', () => {
  it('is created when missing, readable by its owner only, said once on stderr', async () => {
    const key = path.join(dir, 'keys', 'new.key');
    const first = await report([INPUT, '--pseudonymize', 'users', '--key-file', key]);
    expect(withoutInteractiveOnlyNote(first.stderr)).toBe(
      `signin-analyzer: ${key}: warning: created this pseudonym key file (32 random bytes, readable by you only); keep it, and keep it private: the same key gives the same pseudonyms, and with it anyone can tell whose they are\n`,
    );
    expect(readFileSync(key, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    if (process.platform !== 'win32') expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(withoutInteractiveOnlyNote((await report([INPUT, '--pseudonymize', 'users', '--key-file', key])).stderr)).toBe('');
  });

  it('that others can read is used, with a warning', async () => {
    const key = path.join(dir, 'open.key');
    writeFileSync(key, `${'ab'.repeat(32)}\n`);
    chmodSync(key, 0o644);
    const result = await report([INPUT, '--pseudonymize', 'users', '--key-file', key]);
    expect(result.status).toBe(0);
    if (process.platform !== 'win32') expect(result.stderr).toContain('others can read this pseudonym key file (mode 644)');
  });

  it('of millions of digits is a key like any other', async () => {
    const key = path.join(dir, 'long.key');
    writeFileSync(key, `${'ab'.repeat(10 << 20)}\n`, { mode: 0o600 });
    const result = await report([INPUT, '--pseudonymize', 'users', '--key-file', key]);
    expect(result.status).toBe(0);
    expect(withoutInteractiveOnlyNote(result.stderr)).toBe('');
  });

  it.each([
    ['not hex', 'not a key at all'],
    ['too short', 'abcdef'],
    ['an odd number of digits', `${'ab'.repeat(16)}c`],
    ['hex with a space inside', `${'ab'.repeat(16)} ${'ab'.repeat(16)}`],
  ])('that is %s stops the run', async (_name, content) => {
    const key = path.join(dir, 'bad.key');
    writeFileSync(key, content);
    const result = await report([INPUT, '--pseudonymize', 'users', '--key-file', key]);
    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr).toMatch(/^signin-analyzer: .*bad\.key: the key file is not a key — [^\n]*\n$/);
  });
});

describe('signin-analyzer pseudonym', () => {
  it('gives a user in any letter case one pseudonym: the report counts them as one user, the export and the lookup agree', async () => {
    const key = path.join(dir, 'cases.key');
    const alice = PEOPLE[0]!;
    const shouting = alice.upn.toUpperCase();
    const mixed = path.join(dir, 'InteractiveSignIns_cases.csv');
    // Every other of Alice's rows in capitals.
    let seen = 0;
    writeFileSync(
      mixed,
      readFileSync(INPUT, 'utf8')
        .split('\n')
        .map((line) => (line.includes(alice.upn) && seen++ % 2 === 1 ? line.replaceAll(alice.upn, shouting) : line))
        .join('\n'),
    );
    const shared = ['--pseudonymize', 'users', '--key-file', key];
    const plain = JSON.parse((await report([mixed, '--format', 'json'])).stdout) as { byUser: { user: string; signIns: number }[] };
    expect(plain.byUser.filter((row) => row.user.toLowerCase() === alice.upn)).toEqual([expect.objectContaining({ user: alice.upn })]);
    const json = JSON.parse((await report([mixed, '--format', 'json', ...shared])).stdout) as { byUser: { user: string; signIns: number }[] };
    expect(json.byUser).toHaveLength(plain.byUser.length);
    const lookup = await runMain(['pseudonym', '--key-file', key, alice.upn, shouting]);
    const [lower, upper] = lookup.stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split('\t')[1]);
    expect(upper).toBe(lower);
    expect(json.byUser.map((row) => row.user)).toContain(lower);
    const exported = await runMain(['export', mixed, ...NOW, ...shared]);
    const users = new Set(
      exported.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as Record<string, string>)['identity']),
    );
    expect(users).toContain(lower);
    expect(users.size).toBe(new Set(json.byUser.map((row) => row.user)).size);
  });

  it('gives the pseudonyms the report shows', async () => {
    const key = path.join(dir, 'lookup.key');
    const result = await report([INPUT, '--format', 'json', '--pseudonymize', 'users,ips,apps', '--key-file', key]);
    const json = JSON.parse(result.stdout) as { byUser: { user: string }[]; byIp: { ip: string }[]; byApp: { app: string }[] };
    const alice = PEOPLE[0]!;
    const lookup = await runMain(['pseudonym', '--key-file', key, alice.upn, alice.ip, PEOPLE[2]!.name]);
    expect(lookup.status).toBe(0);
    const [upnLine, ipLine, nameLine] = lookup.stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split('\t'));
    expect(upnLine![0]).toBe(alice.upn);
    expect(json.byUser.map((row) => row.user)).toContain(upnLine![1]);
    expect(json.byIp.map((row) => row.ip)).toContain(ipLine![1]);
    expect(json.byUser.map((row) => row.user)).toContain(nameLine![1]);
    const app = await runMain(['pseudonym', '--key-file', key, '--kind', 'apps', alice.app]);
    expect(json.byApp.map((row) => row.app)).toContain(app.stdout.split('\t')[1]!.trim());
  });

  it('needs an existing key file', async () => {
    const result = await runMain(['pseudonym', '--key-file', path.join(dir, 'never.key'), 'x@y.example']);
    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr).toContain('the key file does not exist');
    expect(existsSync(path.join(dir, 'never.key'))).toBe(false);
  });
});

describe('options', () => {
  it.each([
    [['--pseudonymize', 'users'], '--pseudonymize needs --key-file FILE'],
    [['--pseudonymize', 'people', '--key-file', 'k'], '--pseudonymize must be one of users, apps, ips'],
    [['--pseudonymize', 'users', '--redact', 'users', '--key-file', 'k'], 'users cannot be both pseudonymised and redacted'],
    [['--keep-domain'], '--keep-domain applies to --pseudonymize users'],
    [['--pseudonymize', 'ips', '--keep-domain', '--key-file', 'k'], '--keep-domain applies to --pseudonymize users'],
    [['--key-file', 'k'], '--key-file applies to --pseudonymize'],
    [['--pseudonymize', ''], '--pseudonymize is empty'],
    [['--redact', ','], '--redact is empty'],
    [['--pseudonymize', 'users', '--key-file', ''], '--key-file is empty'],
  ])('%j: %s', async (args, message) => {
    const result = await report([INPUT, ...args]);
    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr).toMatch(/^signin-analyzer: [^\n]*\n$/);
    expect(result.stderr).toContain(message);
  });
});

describe('in memory', () => {
  const key = Buffer.alloc(32, 7);

  it('never gives two values one pseudonym: values that share the short form both get the long one', () => {
    const values = Array.from({ length: 3000 }, (_, i) => `person${i}@contoso.example`);
    // Four hex digits instead of twelve, so that shared short forms are certain here.
    const map = pseudonymMap(key, { users: values, apps: [], ips: [] }, ['users'], false, 4);
    const pseudonyms = values.map((value) => map('users', value));
    expect(new Set(pseudonyms).size).toBe(values.length);
    const long = pseudonyms.filter((pseudonym) => pseudonym.length > 'user-'.length + 4);
    expect(long.length).toBeGreaterThan(0);
    for (const [i, pseudonym] of pseudonyms.entries()) expect(pseudonym.startsWith(pseudonymOf(key, 'users', values[i]!, false, 4))).toBe(true);
  });

  it('leaves (none), the bucket for no value, as it is', () => {
    const map = pseudonymMap(key, { users: ['(none)', 'a'], apps: [], ips: [] }, ['users'], false);
    expect(map('users', '(none)')).toBe('(none)');
    expect(map('users', 'a')).toMatch(/^user-[0-9a-f]{12}$/);
  });

  it('shows the findings pseudonyms for pseudonymised kinds, numbered placeholders for redacted ones, the rest as it is', () => {
    const map = pseudonymMap(key, { users: ['alice@contoso.example'], apps: ['Teams'], ips: ['203.0.113.5'] }, ['users'], false);
    const shown = shownNames(map, { pseudonymize: ['users'], redact: ['ips'], keepDomain: false })!;
    expect(shown.user('alice@contoso.example')).toBe(map('users', 'alice@contoso.example'));
    expect([shown.ip('203.0.113.5'), shown.ip('198.51.100.0/24'), shown.ip('203.0.113.5')]).toEqual(['(address 1)', '(address 2)', '(address 1)']);
    expect(shown.app('Teams')).toBe('Teams');
    expect(shownNames(null, { pseudonymize: [], redact: [], keepDomain: false })).toBeUndefined();
  });

  it('orders tied rows by pseudonym, so the order of the real names does not show through', async () => {
    const result = await report([INPUT, '--format', 'json', '--pseudonymize', 'apps', '--key-file', path.join(dir, 'ties.key')]);
    const rows = (JSON.parse(result.stdout) as { byApp: { app: string; failures: number; interrupted: number; signIns: number }[] }).byApp;
    const sorted = [...rows].sort((a, b) => b.failures - a.failures || b.interrupted - a.interrupted || b.signIns - a.signIns || (a.app < b.app ? -1 : 1));
    expect(rows).toEqual(sorted);
  });
});

describe('export for sharing', () => {
  it('writes the pseudonyms a report made with the same key shows, in every personal field, and none of the names', async () => {
    const key = path.join(dir, 'export.key');
    const shared = ['--pseudonymize', 'users,ips,apps', '--key-file', key];
    const exported = await runMain(['export', INPUT, ...NOW, ...shared]);
    expect(exported.status).toBe(0);
    expectNone(exported.stdout, secrets(PEOPLE), 'export stdout');
    const records = exported.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    const json = JSON.parse((await report([INPUT, '--format', 'json', ...shared])).stdout) as { byUser: { user: string }[]; byIp: { ip: string }[] };
    expect(new Set(records.map((record) => record['identity']))).toEqual(new Set(json.byUser.map((row) => row.user)));
    expect(new Set(records.map((record) => record['ip']))).toEqual(new Set(json.byIp.map((row) => row.ip)));
    const csv = await runMain(['export', INPUT, ...NOW, ...shared, '--format', 'csv']);
    expectNone(csv.stdout, secrets(PEOPLE), 'export csv');
  });

  it('--redact empties those fields and keeps the rest', async () => {
    const exported = await runMain(['export', INPUT, ...NOW, '--redact', 'users,ips']);
    const records = exported.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    expect(records.length).toBeGreaterThan(10);
    for (const record of records) {
      expect([record['user'], record['userDisplayName'], record['userId'], record['identity'], record['ip']]).toEqual(['', '', '', '', '']);
      expect(record['app']).not.toBe('');
    }
  });
});
