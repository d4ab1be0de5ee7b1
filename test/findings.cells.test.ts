// The findings engine's storage against naive models: CellTable (a hand-written hash table over one Int32Array)
// against a Map of plain objects, merging against counting everything in one table, request-id packing
// against the texts, and sorted runs against a sort of plain objects.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cellOf,
  cellTime,
  chunkOf,
  createTable,
  defineLayout,
  findCell,
  mergeTable,
  MIXED,
  msOf,
  NONE,
  offerRef,
  offsetOf,
  refOf,
  runsOf,
  same,
  cellValue,
  type CellTable,
  type NameLists,
} from '../src/analyze/findings/cells.js';

const LAYOUT = defineLayout({
  keys: ['user', 'ip', 'bin'],
  columns: { count: { merge: 'sum' }, bits: { merge: 'or' }, low: { merge: 'min' }, high: { merge: 'max' }, one: { merge: 'same' } },
  ref: { time: 'low', carry: ['app'] },
});

const NAMES: NameLists = { user: ['u0', 'u1', 'u2'], ip: ['i0', 'i1', 'i2'], app: ['a0', 'a1', 'a2'], client: [] };
const IDENTITY = { user: Int32Array.of(0, 1, 2), ip: Int32Array.of(0, 1, 2), app: Int32Array.of(0, 1, 2), client: Int32Array.of() };

interface Op {
  readonly user: number;
  readonly ip: number;
  readonly bin: number;
  readonly value: number;
  readonly time: number;
  readonly id: string;
  readonly app: number;
}

const ID_POOL = [
  '',
  'x',
  'X',
  '0f8fad5b-d9cb-469f-a165-70867728950e',
  '0f8fad5b-d9cb-469f-a165-70867728950f',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-0000-0000-000000000000',
  '0F8FAD5B-D9CB-469F-A165-70867728950E',
];

const opArbitrary: fc.Arbitrary<Op> = fc.record({
  user: fc.integer({ min: 0, max: 2 }),
  ip: fc.integer({ min: 0, max: 2 }),
  bin: fc.integer({ min: -3, max: 3 }),
  value: fc.integer({ min: 0, max: 40 }),
  time: fc.integer({ min: -5, max: 5 }),
  id: fc.constantFrom(...ID_POOL),
  app: fc.integer({ min: 0, max: 2 }),
});

function apply(table: CellTable, op: Op): void {
  const cell = cellOf(table, LAYOUT, op.user, op.ip, op.bin);
  const chunk = chunkOf(table, cell);
  const at = offsetOf(LAYOUT, cell);
  chunk[at + LAYOUT.at.count]! += op.value;
  chunk[at + LAYOUT.at.bits]! |= 1 << (op.value % 31);
  chunk[at + LAYOUT.at.high] = Math.max(chunk[at + LAYOUT.at.high]!, op.time);
  chunk[at + LAYOUT.at.one] = same(chunk[at + LAYOUT.at.one]!, op.value % 3);
  offerRef(table, LAYOUT, cell, NAMES, op.time, op.id, op.value, 0, op.app);
}

/** The naive model: a Map from the key text to the folded values, the reference chosen by sorting. */
function model(ops: readonly Op[]): Map<string, unknown> {
  const groups = new Map<string, Op[]>();
  for (const op of ops) groups.set(`${op.user} ${op.ip} ${op.bin}`, [...(groups.get(`${op.user} ${op.ip} ${op.bin}`) ?? []), op]);
  const result = new Map<string, unknown>();
  for (const [key, group] of groups) {
    const values = new Set(group.map((op) => op.value % 3));
    const first = [...group].sort(
      (a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || a.value - b.value || NAMES.app[a.app]!.localeCompare(NAMES.app[b.app]!),
    )[0]!;
    result.set(key, {
      count: group.reduce((sum, op) => sum + op.value, 0),
      bits: group.reduce((bits, op) => bits | (1 << (op.value % 31)), 0),
      low: Math.min(...group.map((op) => op.time)),
      high: Math.max(...group.map((op) => op.time)),
      one: values.size === 1 ? [...values][0] : MIXED,
      ref: { time: first.time, requestId: first.id, code: first.value, app: first.app },
    });
  }
  return result;
}

function read(table: CellTable): Map<string, unknown> {
  const result = new Map<string, unknown>();
  for (let cell = 0; cell < table.size; cell++) {
    const ref = refOf(table, LAYOUT, cell)!;
    result.set(`${cellValue(table, LAYOUT, cell, 0)} ${cellValue(table, LAYOUT, cell, 1)} ${cellValue(table, LAYOUT, cell, 2)}`, {
      count: cellValue(table, LAYOUT, cell, LAYOUT.at.count),
      bits: cellValue(table, LAYOUT, cell, LAYOUT.at.bits),
      low: cellValue(table, LAYOUT, cell, LAYOUT.at.low),
      high: cellValue(table, LAYOUT, cell, LAYOUT.at.high),
      one: cellValue(table, LAYOUT, cell, LAYOUT.at.one),
      ref: { time: ref.time, requestId: ref.requestId, code: ref.code, app: ref.app },
    });
  }
  return result;
}

describe('CellTable', () => {
  it('folds cells as a Map of plain objects does, and finds each by its keys', () => {
    fc.assert(
      fc.property(fc.array(opArbitrary, { maxLength: 300 }), (ops) => {
        const table = createTable(LAYOUT);
        for (const op of ops) apply(table, op);
        expect(read(table)).toEqual(model(ops));
        for (let cell = 0; cell < table.size; cell++) {
          expect(findCell(table, LAYOUT, cellValue(table, LAYOUT, cell, 0), cellValue(table, LAYOUT, cell, 1), cellValue(table, LAYOUT, cell, 2))).toBe(cell);
        }
        expect(findCell(table, LAYOUT, 9, 9, 9)).toBe(-1);
      }),
    );
  });

  it('merges parts into the table the whole would make', () => {
    fc.assert(
      fc.property(fc.array(opArbitrary, { maxLength: 200 }), fc.integer({ min: 0, max: 200 }), (ops, cut) => {
        const first = createTable(LAYOUT);
        const second = createTable(LAYOUT);
        ops.forEach((op, i) => {
          apply(i < cut ? first : second, op);
        });
        mergeTable(first, structuredClone(second), LAYOUT, IDENTITY, NAMES);
        expect(read(first)).toEqual(model(ops));
      }),
    );
  });

  it('keeps every cell across chunks as it grows, and merges tables of several chunks', () => {
    const fill = (table: CellTable, from: number, to: number) => {
      for (let i = from; i < to; i++) apply(table, { user: i % 3, ip: i % 2, bin: i, value: i % 40, time: i % 11, id: '', app: 0 });
    };
    const whole = createTable(LAYOUT);
    fill(whole, 0, 10_000);
    expect(whole.chunks.length).toBeGreaterThan(2);
    const first = createTable(LAYOUT);
    const second = createTable(LAYOUT);
    fill(first, 0, 6_000);
    fill(second, 4_000, 10_000);
    fill(first, 4_000, 6_000);
    mergeTable(first, structuredClone(second), LAYOUT, IDENTITY, NAMES);
    for (const table of [whole, first]) {
      expect(table.size).toBe(10_000);
      for (let i = 0; i < 10_000; i++) {
        const cell = findCell(table, LAYOUT, i % 3, i % 2, i);
        expect(cellValue(table, LAYOUT, cell, LAYOUT.at.count)).toBe(table === whole || i < 4_000 || i >= 6_000 ? i % 40 : 3 * (i % 40));
      }
    }
  });

  it('remaps name indexes when merging', () => {
    const source = createTable(LAYOUT);
    apply(source, { user: 0, ip: 1, bin: 0, value: 3, time: 1, id: 'r', app: 2 });
    const target = createTable(LAYOUT);
    mergeTable(target, source, LAYOUT, { user: Int32Array.of(2), ip: Int32Array.of(0, 0), app: Int32Array.of(0, 0, 1), client: Int32Array.of() }, NAMES);
    expect(read(target)).toEqual(new Map([['2 0 0', expect.objectContaining({ count: 3, ref: { time: 1, requestId: 'r', code: 3, app: 1 } })]]));
  });

  it('gives the initial values to a new cell and no reference before one is offered', () => {
    const table = createTable(LAYOUT);
    const cell = cellOf(table, LAYOUT, 1, 2, 3);
    expect([LAYOUT.at.count, LAYOUT.at.bits, LAYOUT.at.one].map((at) => cellValue(table, LAYOUT, cell, at))).toEqual([0, 0, NONE]);
    expect(refOf(table, LAYOUT, cell)).toBeNull();
  });

  it('keeps a text request id when the cell later takes a packed one, without losing the texts of other cells', () => {
    const table = createTable(LAYOUT);
    apply(table, { user: 0, ip: 0, bin: 0, value: 1, time: 5, id: 'text-one', app: 0 });
    apply(table, { user: 1, ip: 0, bin: 0, value: 1, time: 5, id: 'text-two', app: 0 });
    apply(table, { user: 0, ip: 0, bin: 0, value: 1, time: 4, id: ID_POOL[3]!, app: 0 });
    apply(table, { user: 0, ip: 0, bin: 0, value: 1, time: 3, id: 'text-three', app: 0 });
    expect(refOf(table, LAYOUT, 0)!.requestId).toBe('text-three');
    expect(refOf(table, LAYOUT, 1)!.requestId).toBe('text-two');
  });

  it('orders cells into runs by the given keys, counting or (for keys spread too wide) comparing', () => {
    const wide = opArbitrary.chain((op) => fc.constantFrom(op, { ...op, bin: op.bin * 40_000_000 }));
    fc.assert(
      fc.property(fc.array(wide, { maxLength: 100 }), (ops) => {
        const table = createTable(LAYOUT);
        for (const op of ops) apply(table, op);
        const { sorted, runs } = runsOf(table, LAYOUT, [1, 2], 1);
        const keys = Array.from(sorted, (cell) => [1, 2, 0].map((k) => cellValue(table, LAYOUT, cell, k)));
        expect(keys).toEqual([...keys].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!));
        const ips = [...new Set(keys.map((key) => key[0]))];
        expect(Array.from(runs)).toEqual([...ips.map((ip) => keys.findIndex((key) => key[0] === ip)), keys.length]);
      }),
    );
  });

  it.each([
    ['counting', 1],
    ['comparing', 40_000_000],
  ])('orders a table of several chunks into runs (%s)', (_, spread) => {
    const table = createTable(LAYOUT);
    for (let i = 0; i < 10_000; i++)
      apply(table, { user: i % 7, ip: (i * 7919) % 13, bin: ((i * 104_729) % 10_007) * spread, value: 1, time: 0, id: '', app: 0 });
    expect(table.chunks.length).toBeGreaterThan(2);
    const { sorted, runs } = runsOf(table, LAYOUT, [1, 2], 1);
    const keys = Array.from(sorted, (cell) => [1, 2, 0].map((k) => cellValue(table, LAYOUT, cell, k)));
    expect(new Set(sorted).size).toBe(10_000);
    expect(keys).toEqual([...keys].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!));
    const ips = [...new Set(keys.map((key) => key[0]))];
    expect(ips).toHaveLength(13);
    expect(Array.from(runs)).toEqual([...ips.map((ip) => keys.findIndex((key) => key[0] === ip)), keys.length]);
  });
});

describe('cell times', () => {
  it('are whole seconds, clamped to what an int32 holds', () => {
    const ms = Date.UTC(2026, 10, 12, 2, 10, 14, 900);
    expect(msOf(cellTime(ms))).toBe(Date.UTC(2026, 10, 12, 2, 10, 14));
    expect(msOf(cellTime(Date.UTC(1900, 0, 1)))).toBeGreaterThan(Date.UTC(1900, 0, 1));
    expect(cellTime(Date.UTC(2300, 0, 1))).toBe(0x7ffffffe);
  });
});
