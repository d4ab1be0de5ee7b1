// Fuzz helper: the seed corpus (every fixture export) and the mutations a hostile or damaged input goes through,
// as fast-check arbitraries: byte flips, cuts, NUL bytes, invalid UTF-8, huge cells, deep JSON nesting, copied
// and dropped ranges, hostile strings, changed line endings, and gzip (whole, damaged, or a bomb of zeros).

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { repoRoot } from '../helpers/exec.js';
import { HOSTILE_STRINGS } from '../helpers/hostile.js';

export interface Seed {
  /** The fixture's path under fixtures/, and its kind for the figures. */
  readonly name: string;
  readonly kind: SeedKind;
  readonly bytes: Buffer;
}

type SeedKind = 'csv' | 'json' | 'jsonl' | 'gzip' | 'utf-16';

function kindOf(name: string): SeedKind {
  if (name.endsWith('.gz')) return 'gzip';
  if (/utf16/.test(name)) return 'utf-16';
  if (/\.(jsonl|ndjson)$/.test(name)) return 'jsonl';
  if (name.endsWith('.json')) return 'json';
  return 'csv';
}

/** Every export under fixtures/ (good and bad): the seeds the mutations start from. */
export function loadSeeds(): Seed[] {
  const root = path.join(repoRoot, 'fixtures');
  const seeds: Seed[] = [];
  for (const folder of readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    for (const file of readdirSync(path.join(root, folder.name)).sort()) {
      if (!/\.(csv|tsv|json|jsonl|ndjson)(\.gz)?$/.test(file)) continue;
      const name = `${folder.name}/${file}`;
      seeds.push({ name, kind: kindOf(name), bytes: readFileSync(path.join(root, name)) });
    }
  }
  return seeds;
}

/** One change to an input's bytes, with the name the figures count it under. */
export interface Mutation {
  readonly kind: MutationKind;
  readonly apply: (bytes: Buffer) => Buffer;
}

const MUTATION_KINDS = [
  'flip',
  'cut',
  'nul',
  'invalid-utf8',
  'huge-cell',
  'deep-json',
  'copy-range',
  'drop-range',
  'hostile-text',
  'line-endings',
  'gzip-damaged',
] as const;
type MutationKind = (typeof MUTATION_KINDS)[number];

/**
 * Where in the input, as a fraction of its length, so one draw fits every seed. Uniform: fast-check favours the
 * ends of a range (and fc.double tiny values), which here would cut most inputs to nothing and damage most headers.
 */
const at = fc.noBias(fc.integer({ min: 0, max: 1 << 20 })).map((n) => n / (1 << 20));
const place = (bytes: Buffer, fraction: number): number => Math.min(bytes.length, Math.floor(fraction * bytes.length));
const insert = (bytes: Buffer, fraction: number, added: Buffer): Buffer => {
  const i = place(bytes, fraction);
  return Buffer.concat([bytes.subarray(0, i), added, bytes.subarray(i)]);
};

const INVALID_UTF8 = [[0xff], [0xfe, 0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0x80, 0x80], [0xef, 0xbb]];

export interface MutationLimits {
  /** Longest cell a huge-cell mutation writes. */
  readonly maxCellBytes: number;
  /** Deepest nesting a deep-json mutation writes. */
  readonly maxDepth: number;
}

export function mutationArbitrary(limits: MutationLimits): fc.Arbitrary<Mutation> {
  return fc.oneof(
    fc.array(fc.tuple(at, fc.nat({ max: 7 })), { minLength: 1, maxLength: 8 }).map(
      (flips): Mutation => ({
        kind: 'flip',
        apply: (bytes) => {
          const copy = Buffer.from(bytes);
          for (const [fraction, bit] of flips) {
            const i = Math.min(copy.length - 1, place(copy, fraction));
            if (i >= 0) copy[i]! ^= 1 << bit;
          }
          return copy;
        },
      }),
    ),
    at.map((fraction): Mutation => ({ kind: 'cut', apply: (bytes) => bytes.subarray(0, place(bytes, fraction)) })),
    fc
      .tuple(at, fc.integer({ min: 1, max: 64 }))
      .map(([fraction, count]): Mutation => ({ kind: 'nul', apply: (bytes) => insert(bytes, fraction, Buffer.alloc(count)) })),
    fc
      .tuple(at, fc.constantFrom(...INVALID_UTF8))
      .map(([fraction, sequence]): Mutation => ({ kind: 'invalid-utf8', apply: (bytes) => insert(bytes, fraction, Buffer.from(sequence)) })),
    fc
      .tuple(at, fc.integer({ min: 1, max: limits.maxCellBytes }), fc.constantFrom('x', '"', ',', '\\', ' ', '{'))
      .map(([fraction, size, fill]): Mutation => ({ kind: 'huge-cell', apply: (bytes) => insert(bytes, fraction, Buffer.alloc(size, fill)) })),
    fc.tuple(at, fc.integer({ min: 1, max: limits.maxDepth }), fc.constantFrom('[', '{"a":', '{"value":['), fc.boolean()).map(
      ([fraction, depth, opener, closed]): Mutation => ({
        kind: 'deep-json',
        apply: (bytes) => {
          const closer = opener === '[' ? ']' : opener === '{"a":' ? '}' : ']}';
          return insert(bytes, fraction, Buffer.from(opener.repeat(depth) + (closed ? `1${closer.repeat(depth)}` : '')));
        },
      }),
    ),
    fc.tuple(at, at, at).map(
      ([from, to, where]): Mutation => ({
        kind: 'copy-range',
        apply: (bytes) => {
          const [a, b] = [place(bytes, Math.min(from, to)), place(bytes, Math.max(from, to))];
          return insert(bytes, where, Buffer.from(bytes.subarray(a, Math.min(b, a + 64 * 1024))));
        },
      }),
    ),
    fc.tuple(at, at).map(
      ([from, to]): Mutation => ({
        kind: 'drop-range',
        apply: (bytes) => {
          const [a, b] = [place(bytes, Math.min(from, to)), place(bytes, Math.max(from, to))];
          return Buffer.concat([bytes.subarray(0, a), bytes.subarray(b)]);
        },
      }),
    ),
    fc
      .tuple(at, fc.constantFrom(...HOSTILE_STRINGS))
      .map(([fraction, text]): Mutation => ({ kind: 'hostile-text', apply: (bytes) => insert(bytes, fraction, Buffer.from(text)) })),
    fc.constantFrom('\r', '\r\n', '\n\n', '\u2028').map(
      (ending): Mutation => ({
        kind: 'line-endings',
        apply: (bytes) => Buffer.from(bytes.toString('latin1').replace(/\r?\n/g, ending === '\u2028' ? '\u00e2\u0080\u00a8' : ending), 'latin1'),
      }),
    ),
    fc.array(fc.tuple(at, fc.nat({ max: 255 })), { minLength: 1, maxLength: 4 }).map(
      (changes): Mutation => ({
        kind: 'gzip-damaged',
        apply: (bytes) => {
          const packed = Buffer.from(gzipSync(bytes));
          for (const [fraction, value] of changes) packed[Math.max(2, Math.min(packed.length - 1, place(packed, fraction)))] = value;
          return packed;
        },
      }),
    ),
  );
}

/** A case: a seed, one to three mutations, and whether the result is sent gzipped. */
export interface FuzzCase {
  readonly seed: Seed;
  readonly mutations: readonly Mutation[];
  readonly gzip: boolean;
  readonly strict: boolean;
}

export function caseArbitrary(seeds: readonly Seed[], limits: MutationLimits): fc.Arbitrary<FuzzCase> {
  return fc.record({
    seed: fc.constantFrom(...seeds),
    mutations: fc.array(mutationArbitrary(limits), { minLength: 1, maxLength: 3 }),
    // One case in four is sent through gzip.
    gzip: fc.nat({ max: 3 }).map((draw) => draw === 0),
    strict: fc.boolean(),
  });
}

export function mutated(fuzzCase: FuzzCase): Buffer {
  let bytes = fuzzCase.seed.bytes;
  for (const mutation of fuzzCase.mutations) bytes = mutation.apply(bytes);
  return fuzzCase.gzip ? gzipSync(bytes) : bytes;
}
