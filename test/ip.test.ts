// IP address texts: the one form each is counted under (against Node's own IPv6 serialiser, and through a whole
// report whose addresses are written in other forms), and the network an address belongs to.

import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalIp, networkOf } from '../src/ip.js';
import { pseudonymOf } from '../src/view/privacy.js';
import { repoRoot } from './helpers/exec.js';
import { runMain } from './helpers/io.js';

describe('canonicalIp', () => {
  it.each([
    ['198.51.100.66', '198.51.100.66'],
    [' 198.51.100.66 ', '198.51.100.66'],
    ['198.051.100.066', '198.51.100.66'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['::FFFF:198.51.100.7', '198.51.100.7'],
    ['::ffff:c633:6407', '198.51.100.7'],
    ['::1', '::1'],
    ['fe80::1%eth0', 'fe80::1%eth0'],
    ['not an address', 'not an address'],
    ['1.2.3', '1.2.3'],
    ['256.1.1.1', '256.1.1.1'],
    ['', ''],
  ])('%j is %j', (text, form) => {
    expect(canonicalIp(text)).toBe(form);
  });

  const group = fc.integer({ min: 0, max: 0xffff });
  // One address written as an export might: upper or lower case, leading zeros or not, zero runs compressed or not.
  const written = fc.record({
    groups: fc.array(fc.oneof(group, fc.constant(0)), { minLength: 8, maxLength: 8 }),
    upper: fc.boolean(),
    padded: fc.boolean(),
    compress: fc.boolean(),
    spaces: fc.constantFrom('', ' ', '\t', '  '),
  });
  interface Written {
    readonly groups: number[];
    readonly upper: boolean;
    readonly padded: boolean;
    readonly compress: boolean;
    readonly spaces: string;
  }
  const textOf = ({ groups, upper, padded, compress, spaces }: Written): string => {
    let text = groups.map((value) => value.toString(16).padStart(padded ? 4 : 1, '0')).join(':');
    if (compress) text = text.replace(/(^|:)(0+:){2,}0+($|:)/, '::');
    return `${spaces}${upper ? text.toUpperCase() : text}${spaces}`;
  };

  it('writes an IPv6 address as Node serialises it (RFC 5952), whatever form it came in', () => {
    fc.assert(
      fc.property(written, (address) => {
        const { groups } = address;
        const mapped = groups.slice(0, 5).every((value) => value === 0) && groups[5] === 0xffff;
        fc.pre(!mapped);
        const expected = new URL(`http://[${textOf({ ...address, upper: false, spaces: '' })}]/`).hostname.slice(1, -1);
        expect(canonicalIp(textOf(address))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('is one form: every form of an address gives the same text, and that text gives itself', () => {
    fc.assert(
      fc.property(written, written, (a, b) => {
        const form = canonicalIp(textOf(a));
        expect(canonicalIp(form)).toBe(form);
        expect(canonicalIp(textOf({ ...b, groups: a.groups }))).toBe(form);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('an address in other forms', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'signin-ip-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const SAMPLE = path.join(repoRoot, 'fixtures', 'sample', 'InteractiveSignIns_sample.csv');
  const NOW = ['--now', '2026-11-16T08:00:00Z'];

  it('counts as one address: the report on the sample written so is the report on the sample', async () => {
    // Every other row of the sample's busiest address (a password spray's) with spaces around it, and every
    // IPv6 address in capitals with its zeros written out.
    const expand = (text: string): string => {
      const [head = '', tail = ''] = text.split('::');
      const heads = head === '' ? [] : head.split(':');
      const tails = tail === '' ? [] : tail.split(':');
      const groups = [...heads, ...new Array<string>(8 - heads.length - tails.length).fill('0'), ...tails];
      return groups.map((value) => value.padStart(4, '0').toUpperCase()).join(':');
    };
    let seen = 0;
    const text = readFileSync(SAMPLE, 'utf8')
      .replace(/,198\.51\.100\.66,/g, (cell) => (seen++ % 2 === 1 ? ', 198.51.100.66 ,' : cell))
      .replace(/,(2001:db8:[0-9a-f:]+),/g, (_cell, address: string) => `,${expand(address)},`);
    expect(seen).toBeGreaterThan(10);
    expect(text).toContain(',2001:0DB8:');
    const variant = path.join(dir, 'InteractiveSignIns_sample.csv');
    writeFileSync(variant, text);
    const reportOf = async (file: string): Promise<Record<string, unknown>> => {
      const result = await runMain(['report', file, '--format', 'json', ...NOW]);
      expect(result.status, result.stderr).toBe(0);
      const json = JSON.parse(result.stdout) as Record<string, unknown>;
      return { byIp: json['byIp'], findings: json['findings'], totals: json['totals'] };
    };
    const [original, written] = await Promise.all([reportOf(SAMPLE), reportOf(variant)]);
    expect(written).toEqual(original);
    const exported = await runMain(['export', variant, '--format', 'csv', ...NOW]);
    expect(exported.stdout).not.toContain('2001:0DB8');
    expect(exported.stdout).not.toContain(' 198.51.100.66 ');
  });

  it('has one pseudonym, so `pseudonym` finds an address however the admin writes it', () => {
    const key = Buffer.alloc(32, 7);
    const form = pseudonymOf(key, 'ips', '2001:db8::1');
    expect(['2001:DB8::1', ' 2001:0db8:0:0:0:0:0:1', '2001:db8::0:1'].map((text) => pseudonymOf(key, 'ips', text))).toEqual([form, form, form]);
    expect(pseudonymOf(key, 'ips', '2001:db8::2')).not.toBe(form);
  });
});

describe('networkOf', () => {
  it.each([
    ['198.51.100.66', 24, 48, '198.51.100.0/24'],
    ['198.51.100.66', 16, 48, '198.51.0.0/16'],
    ['203.0.113.255', 32, 48, '203.0.113.255/32'],
    ['2001:db8:85a3::8a2e:370:7334', 24, 48, '2001:db8:85a3::/48'],
    ['2001:DB8:85A3:1:2:3:4:5', 24, 64, '2001:db8:85a3:1::/64'],
    ['2001:db8::1', 24, 48, '2001:db8::/48'],
    ['::ffff:198.51.100.7', 24, 96, '::ffff:0:0/96'],
    ['fe80::1%eth0', 24, 16, 'fe80::/16'],
    ['not an address', 24, 48, 'not an address'],
    ['1.2.3', 24, 48, '1.2.3'],
    ['1:2:3', 24, 48, '1:2:3'],
  ])('%s with /%i and /%i is %s', (address, v4, v6, network) => {
    expect(networkOf(address, v4, v6)).toBe(network);
  });

  it('cuts a zone index off where /%.*$/ cut it, whatever the text', () => {
    const piece = fc.constantFrom('fe80', '2001', 'db8', '::', ':', '1', 'AB', '%', 'eth0', '\n', '\r', '\u2028', '.', '10.0.0.1', 'g');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        const cut = text.replace(/%.*$/, '');
        // The expression's reading: the IPv6 address before the cut, when it is one; else the text is its own network.
        const viaCut = networkOf(cut, 24, 64);
        expect(networkOf(text, 24, 64)).toBe(cut !== text ? (viaCut.endsWith('/64') ? viaCut : text) : text.includes('%') ? text : viaCut);
      }),
      { numRuns: 2000 },
    );
  });

  // Trying every % to the end took the square of the length: a minute for these 200,000.
  it('reads a text of 200,000 % signs in one pass', () => {
    const text = `fe80::1${'%'.repeat(200_000)}\nx`;
    expect(networkOf(text, 24, 64)).toBe(text);
  });
});
