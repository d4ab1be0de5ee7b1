// Owns the findings engine's names: user, IP, application and client-app texts interned to small integers (or
// found through the index another table already gave the same text), the remapping of indexes when two states
// merge, and where an IP's credential failures said it was (its location).

import { detach } from '../../text.js';
import { canonicalUser } from '../dimensions.js';
import { NAME_KINDS, type NameKind, type NameLists, type Remaps } from './cells.js';

export interface NameTable {
  /** Text as seen (and its canonical form) → index. */
  readonly index: Map<string, number>;
  /** Canonical text by index. */
  readonly list: string[];
  /** The previous lookup: consecutive rows often repeat a name, and === beats a hash lookup. */
  lastKey: string | undefined;
  lastIndex: number;
}

export interface Names extends Readonly<Record<NameKind, NameTable>> {
  /**
   * Per IP index, the location its credential failures named (`City (CC)`), or '' when none did. Of
   * several, the one that sorts first, so the choice does not depend on row order.
   */
  readonly ipLocation: string[];
}

export function createNames(): Names {
  const table = (): NameTable => ({ index: new Map(), list: [], lastKey: undefined, lastIndex: -1 });
  return { user: table(), ip: table(), app: table(), client: table(), ipLocation: [] };
}

/** The index of a name, interned on first sight. */
export function intern(table: NameTable, text: string): number {
  if (text === table.lastKey) return table.lastIndex;
  let i = table.index.get(text);
  if (i === undefined) i = add(table, text, text);
  table.lastKey = text;
  table.lastIndex = i;
  return i;
}

/** The index of a user: user principal names are case-insensitive in Entra ID (see canonicalUser). */
export function internUser(table: NameTable, text: string): number {
  if (text === table.lastKey) return table.lastIndex;
  let i = table.index.get(text);
  if (i === undefined) {
    const form = canonicalUser(text);
    i = table.index.get(form) ?? add(table, form, form);
    if (form !== text) table.index.set(detach(text), i);
  }
  table.lastKey = text;
  table.lastIndex = i;
  return i;
}

/**
 * The name indexes of another table's keys (the tally's, aggregate.ts): the tally has already found a row's
 * user, IP and app among its keys, so the name is looked up once per distinct key instead of once per row.
 * Tied to one list of keys; another list (the tally took over a worker's keys) starts it afresh. Keys are only
 * ever appended to a list, so an index once linked stays right.
 */
export class KeyLink {
  private keys: readonly unknown[] | undefined;
  /** Name index + 1 per key index; 0 while not linked. */
  private names = new Int32Array(64);

  constructor(private readonly find: (table: NameTable, text: string) => number) {}

  /** The name index of `keys[key]` in `table`. */
  of(table: NameTable, keys: readonly unknown[], key: number): number {
    if (keys !== this.keys) {
      this.keys = keys;
      this.names = new Int32Array(Math.max(64, keys.length));
    }
    if (key >= this.names.length) {
      const grown = new Int32Array(Math.max(key + 1, this.names.length * 2));
      grown.set(this.names);
      this.names = grown;
    }
    const linked = this.names[key]!;
    if (linked !== 0) return linked - 1;
    const index = this.find(table, keys[key] as string);
    this.names[key] = index + 1;
    return index;
  }
}

function add(table: NameTable, text: string, form: string): number {
  const i = table.list.length;
  const own = detach(form);
  table.list.push(own);
  table.index.set(own, i);
  if (text !== form) table.index.set(detach(text), i);
  return i;
}

/** Records the location (`Hanoi (VN)`) of an IP seen with a credential failure. */
export function noteLocation(names: Names, ip: number, city: string, state: string, country: string): void {
  const place = city || state;
  if (place === '' && country === '') return;
  const text = place === '' ? country : country === '' ? place : `${place} (${country})`;
  const current = names.ipLocation[ip];
  if (current === undefined || current === '' || text < current) names.ipLocation[ip] = detach(text);
}

/** Interns every name of `source` into `target`; returns the index translation. */
export function mergeNames(target: Names, source: Names): Remaps {
  const remap = (kind: NameKind): Int32Array => {
    const into = target[kind];
    return Int32Array.from(source[kind].list, (text) => intern(into, text));
  };
  const remaps = Object.fromEntries(NAME_KINDS.map((kind) => [kind, remap(kind)])) as Record<NameKind, Int32Array>;
  source.ipLocation.forEach((location, i) => {
    if (location === undefined || location === '') return;
    const ip = remaps.ip[i]!;
    const current = target.ipLocation[ip];
    if (current === undefined || current === '' || location < current) target.ipLocation[ip] = location;
  });
  return remaps;
}

export function nameLists(names: Names): NameLists {
  return { user: names.user.list, ip: names.ip.list, app: names.app.list, client: names.client.list };
}
