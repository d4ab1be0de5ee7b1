// Owns the observations several detections read, so a row is stored once: successful sign-ins per (user, IP),
// credential failures per (user, IP, 20-minute bin, app), and sign-ins that got past the password per (user, IP,
// app); apart, the successes and sign-ins past the password the detections do not look at (left out by the row
// filters, or before the time window). Also the row each detection observes, and the context each one finishes
// with: names, whether an IP is familiar to a user, what got through, cells grouped in sorted runs, and evidence.

import { NO_VALUE } from '../dimensions.js';
import type { RowFacts } from '../outcome.js';
import type { SignIn } from '../../model.js';
import {
  addValue,
  cellOf,
  chunkOf,
  createTable,
  defineLayout,
  findCell,
  mergeTable,
  msOf,
  offerRef,
  offsetOf,
  findRun,
  refOf,
  runsOf,
  same,
  cellValue,
  earliestRefCells,
  type CellGroup,
  type CellTable,
  type Layout,
  type NameLists,
  type Remaps,
} from './cells.js';
import { ACCEPTED, CREDENTIAL, INTERRUPT, LEGACY, LOCKOUT, MFA_DENIED, MFA_PROMPT, PAST_PASSWORD, SUCCESS } from './classify.js';
import { networkOf } from '../../ip.js';
import { addPair, createPairBits, forEachPair, type PairBits } from './pair-bits.js';
import { intern, internUser, KeyLink, noteLocation, type Names } from './names.js';
import type { DetectionSettings } from './settings.js';
import { spanText } from './text.js';
import type { Evidence, Finding, MfaStep } from './types.js';

/** One sign-in as the detections see it. A single object is reused for every row: never keep it. */
export interface Row {
  signIn: SignIn;
  facts: RowFacts;
  mfa: MfaStep | undefined;
  /** Classes from classify.ts. */
  flags: number;
  /** Epoch milliseconds, and the same as a cell time (cells.ts). */
  ms: number;
  time: number;
  user: number;
  ip: number;
  app: number;
  /** -1 unless a class needs it (credential failures, legacy protocols). */
  client: number;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** (user, IP): successful sign-ins, how many over legacy protocols; the reference is the earliest. */
export const SUCCESSES = defineLayout({
  keys: ['user', 'ip'],
  columns: { count: { merge: 'sum' }, legacy: { merge: 'sum' }, first: { merge: 'min' }, last: { merge: 'max' } },
  ref: { time: 'first', carry: ['app'] },
});

/** (user, IP, password-spray bin, app): credential failures (wrong password, locked, expired...). */
export const CREDENTIALS = defineLayout({
  keys: ['user', 'ip', 'bin', 'app'],
  columns: {
    count: { merge: 'sum' },
    lockouts: { merge: 'sum' },
    client: { merge: 'same', names: 'client' },
    /** Bit i: code i of codes.credentialFailure was seen (codes past the 31st share bit 31). */
    codes: { merge: 'or' },
    first: { merge: 'min' },
    last: { merge: 'max' },
  },
  ref: { time: 'first', carry: [] },
});

/**
 * (user, IP, app): interactive sign-ins that got past the password (`accepted`: MFA asked or failed,
 * Conditional Access...) or met MFA (`denials`, `prompts`). `interrupts` counts those that were interrupts,
 * which the sign-in-loop detection reads from here.
 */
export const ACCEPTS = defineLayout({
  keys: ['user', 'ip', 'app'],
  columns: {
    count: { merge: 'sum' },
    accepted: { merge: 'sum' },
    denials: { merge: 'sum' },
    prompts: { merge: 'sum' },
    interrupts: { merge: 'sum' },
    code: { merge: 'same' },
    first: { merge: 'min' },
    last: { merge: 'max' },
  },
  ref: { time: 'first', carry: [] },
});

/** A set of (user, network index) pairs, for looking familiarity up without a JS object per pair. */
const USER_NETWORK = defineLayout({ keys: ['user', 'bin'], columns: {}, ref: null });
/** (user, network): the first successful sign-in's cell time. */
const USER_NETWORK_FIRST = defineLayout({ keys: ['user', 'bin'], columns: { first: { merge: 'min' } }, ref: null });

export interface Observations {
  readonly successes: CellTable;
  readonly credentials: CellTable;
  readonly accepts: CellTable;
  /**
   * Successful sign-ins (SUCCESSES) and sign-ins past the password (ACCEPTS) that the row filters (--user, --app,
   * --outcome, ...) left out, or that came before the time window. No detection looks at them, but they still
   * show which addresses are a user's own, and that a password got through: a filter or a window changes what
   * the detections see, not whether an address is new to its user or how bad an attack was. Without them,
   * `--outcome interrupted` would leave every user without an address of their own, `--outcome failure` would
   * hide that a spray got in, and a weekly report read from a folder of several weeks would know nobody's
   * addresses on Monday morning. `completed` holds the (user, app) pairs of those successes: a client that
   * signed in to an app once is not stuck in a loop there.
   */
  readonly leftOut: { readonly successes: CellTable; readonly accepts: CellTable; readonly completed: PairBits };
}

export function createObservations(): Observations {
  return {
    successes: createTable(SUCCESSES),
    credentials: createTable(CREDENTIALS),
    accepts: createTable(ACCEPTS),
    leftOut: { successes: createTable(SUCCESSES), accepts: createTable(ACCEPTS), completed: createPairBits() },
  };
}

function credentialBinMs(settings: DetectionSettings): number {
  return settings['password-spray'].binMinutes * MINUTE;
}

/** Adds a row to a cell's `count`-like column `counter`, widens its first/last and offers it as the reference. */
export function note(table: CellTable, layout: Layout<'first' | 'last'>, cell: number, lists: NameLists, row: Row, counter: number): void {
  const chunk = chunkOf(table, cell);
  const at = offsetOf(layout, cell);
  if (counter >= 0) chunk[at + counter]! += 1;
  if (row.time > chunk[at + layout.last]!) chunk[at + layout.last] = row.time;
  // The reference's time is the `first` column: offering the row moves it when the row comes first.
  offerRef(table, layout, cell, lists, row.time, row.signIn.requestId, row.facts.code, row.ip, row.app);
}

export function observeShared(observations: Observations, names: Names, lists: NameLists, settings: DetectionSettings, row: Row): void {
  const { flags, user, ip, app } = row;
  if ((flags & SUCCESS) !== 0) {
    noteSuccess(observations.successes, lists, row);
    return;
  }
  if ((flags & CREDENTIAL) !== 0) {
    const table = observations.credentials;
    const L = CREDENTIALS;
    const cell = cellOf(table, L, user, ip, Math.floor(row.ms / credentialBinMs(settings)), app);
    const chunk = chunkOf(table, cell);
    const at = offsetOf(L, cell);
    if ((flags & LOCKOUT) !== 0) chunk[at + L.at.lockouts]! += 1;
    chunk[at + L.at.client] = same(chunk[at + L.at.client]!, row.client);
    const bit = settings.codes.credentialFailure.codes.indexOf(row.facts.code);
    chunk[at + L.at.codes]! |= 1 << (bit < 0 ? 31 : Math.min(bit, 31));
    note(table, L, cell, lists, row, L.at.count);
    noteLocation(names, ip, row.signIn.city, row.signIn.state, row.signIn.country);
  }
  if ((flags & PAST_PASSWORD) !== 0) noteAccept(observations.accepts, lists, row);
}

/** For a row the detections do not look at: only whether it succeeded or got past the password (Observations.leftOut). */
export function noteLeftOut(observations: Observations, lists: NameLists, row: Row): void {
  if ((row.flags & SUCCESS) !== 0) {
    noteSuccess(observations.leftOut.successes, lists, row);
    addPair(observations.leftOut.completed, row.user, row.app);
  } else if ((row.flags & PAST_PASSWORD) !== 0) noteAccept(observations.leftOut.accepts, lists, row);
}

function noteSuccess(table: CellTable, lists: NameLists, row: Row): void {
  const cell = cellOf(table, SUCCESSES, row.user, row.ip);
  if ((row.flags & LEGACY) !== 0) addValue(table, SUCCESSES, cell, SUCCESSES.at.legacy, 1);
  note(table, SUCCESSES, cell, lists, row, SUCCESSES.at.count);
}

function noteAccept(table: CellTable, lists: NameLists, row: Row): void {
  const { flags } = row;
  const L = ACCEPTS;
  const cell = cellOf(table, L, row.user, row.ip, row.app);
  const chunk = chunkOf(table, cell);
  const at = offsetOf(L, cell);
  if ((flags & ACCEPTED) !== 0) chunk[at + L.at.accepted]! += 1;
  if ((flags & MFA_DENIED) !== 0) chunk[at + L.at.denials]! += 1;
  else if ((flags & MFA_PROMPT) !== 0) chunk[at + L.at.prompts]! += 1;
  if ((flags & INTERRUPT) !== 0) chunk[at + L.at.interrupts]! += 1;
  chunk[at + L.at.code] = same(chunk[at + L.at.code]!, row.facts.code);
  note(table, L, cell, lists, row, L.at.count);
}

export function mergeObservations(target: Observations, source: Observations, remaps: Remaps, lists: NameLists): void {
  mergeTable(target.successes, source.successes, SUCCESSES, remaps, lists);
  mergeTable(target.credentials, source.credentials, CREDENTIALS, remaps, lists);
  mergeTable(target.accepts, source.accepts, ACCEPTS, remaps, lists);
  mergeTable(target.leftOut.successes, source.leftOut.successes, SUCCESSES, remaps, lists);
  mergeTable(target.leftOut.accepts, source.leftOut.accepts, ACCEPTS, remaps, lists);
  forEachPair(source.leftOut.completed, (user, app) => addPair(target.leftOut.completed, remaps.user[user]!, remaps.app[app]!));
}

/** Interns the names of a row the detections keep; the client app only when a class needs it. */
export function internRow(names: Names, row: Row, userText: string): void {
  row.user = internUser(names.user, userText);
  row.ip = intern(names.ip, row.signIn.ipAddress);
  row.app = intern(names.app, row.signIn.appName || row.signIn.appId || NO_VALUE);
  row.client = wantsClient(row) ? intern(names.client, row.signIn.clientApp) : -1;
}

/** The keys the tally gave a row (its user, IP, app and client-app key indexes), with the tally's key lists. */
export interface TallyKeys {
  user: number;
  ip: number;
  app: number;
  client: number;
  users: readonly unknown[];
  ips: readonly unknown[];
  apps: readonly unknown[];
  clients: readonly unknown[];
}

/** How a state's names are found from the tally's keys (see KeyLink). */
export interface KeyLinks {
  readonly user: KeyLink;
  readonly ip: KeyLink;
  readonly app: KeyLink;
  readonly client: KeyLink;
}

export function createKeyLinks(): KeyLinks {
  return { user: new KeyLink(internUser), ip: new KeyLink(intern), app: new KeyLink(intern), client: new KeyLink(intern) };
}

/**
 * What internRow gives, from the tally's keys: the tally counts the user under the same text, the IP too (a row
 * without one never gets here), the app under the same fallbacks; only an empty client app, which the tally
 * counts as NO_VALUE, is looked up as it is.
 */
export function linkRow(names: Names, links: KeyLinks, row: Row, keys: TallyKeys): void {
  row.user = links.user.of(names.user, keys.users, keys.user);
  row.ip = links.ip.of(names.ip, keys.ips, keys.ip);
  row.app = links.app.of(names.app, keys.apps, keys.app);
  if (!wantsClient(row)) row.client = -1;
  else row.client = row.signIn.clientApp === '' ? intern(names.client, '') : links.client.of(names.client, keys.clients, keys.client);
}

function wantsClient(row: Row): boolean {
  return (row.flags & (CREDENTIAL | LEGACY)) !== 0;
}

// ---- finishing ----

/** What succeeded for a user from an IP. Times are epoch ms. */
export interface SuccessSummary {
  readonly count: number;
  /** Successes over legacy protocols (the rest used modern authentication). */
  readonly legacy: number;
  readonly first: number;
  readonly last: number;
  /** The cell of the first success, and the table it is in (for its evidence). */
  readonly table: CellTable;
  readonly cell: number;
}

/** Credential failures of one user from one IP: a run of CREDENTIALS cells sorted by bin. Times are epoch ms. */
export interface CredentialPair {
  readonly user: number;
  readonly ip: number;
  readonly cells: Int32Array;
  readonly count: number;
  readonly lockouts: number;
  /** The client app (a `same` value: MIXED when several). */
  readonly client: number;
  /** Codes seen, as CREDENTIALS' `codes` bits. */
  readonly codes: number;
  readonly first: number;
  readonly last: number;
  /** Failures per bin, in bin order. */
  readonly bins: readonly { readonly bin: number; readonly count: number }[];
}

/** Cells of a table in sorted runs (cells.ts runsOf). */
export interface Runs {
  readonly sorted: Int32Array;
  readonly runs: Int32Array;
}

/** Everything a detection may read when it finishes. Built once per finishFindings call. */
/**
 * How a finding shows the names it holds, in every field and sentence: a report for sharing shows pseudonyms
 * (view/privacy.ts). Each is one-to-one, so findings that name the same entity still do.
 */
export interface ShownNames {
  readonly user: (text: string) => string;
  /** IP addresses and networks (`198.51.100.0/24`). */
  readonly ip: (text: string) => string;
  readonly app: (text: string) => string;
}

export class FinishContext {
  readonly #networks: number[] = [];
  readonly #networkNames: string[] = [];
  readonly #networkIndex = new Map<string, number>();
  #networkFirsts: CellTable | undefined;
  readonly #memo = new Map<string, unknown>();

  constructor(
    readonly settings: DetectionSettings,
    readonly names: Names,
    readonly observations: Observations,
    /** How names are shown in findings (pseudonyms, placeholders); as they are when absent. */
    readonly shown: ShownNames | undefined = undefined,
  ) {}

  user(index: number): string {
    const text = this.names.user.list[index]!;
    return this.shown === undefined ? text : this.shown.user(text);
  }
  ip(index: number): string {
    const text = this.names.ip.list[index]!;
    return this.shown === undefined ? text : this.shown.ip(text);
  }
  app(index: number): string {
    const text = this.names.app.list[index]!;
    return this.shown === undefined ? text : this.shown.app(text);
  }
  client(index: number): string {
    return index < 0 ? '' : this.names.client.list[index]!;
  }
  /** `Hanoi (VN)`, or '' when the sign-ins did not say. */
  location(ip: number): string {
    return this.names.ipLocation[ip] ?? '';
  }

  /** The index of an IP's network (`198.51.100.0/24`), for comparing; networkName gives the text. */
  network(ip: number): number {
    let network = this.#networks[ip];
    if (network === undefined) {
      const { ipv4PrefixBits, ipv6PrefixBits } = this.settings.network;
      // The network of the address itself, not of how it is shown.
      const text = networkOf(this.names.ip.list[ip]!, ipv4PrefixBits, ipv6PrefixBits);
      network = this.#networkIndex.get(text);
      if (network === undefined) {
        network = this.#networkNames.push(text) - 1;
        this.#networkIndex.set(text, network);
      }
      this.#networks[ip] = network;
    }
    return network;
  }

  networkName(ip: number): string {
    const text = this.#networkNames[this.network(ip)]!;
    return this.shown === undefined ? text : this.shown.ip(text);
  }

  /**
   * What succeeded for a user from an IP, the successful sign-ins the detections do not look at included
   * (Observations.leftOut: they show that an address is the user's own, or that a password got through); with
   * `leftOut` false, only those the detections look at.
   */
  success(user: number, ip: number, leftOut = true): SuccessSummary | null {
    const own = successIn(this.observations.successes, user, ip);
    if (!leftOut) return own;
    const other = successIn(this.observations.leftOut.successes, user, ip);
    if (own === null || other === null) return own ?? other;
    const lead = other.first < own.first ? other : own;
    return { ...lead, count: own.count + other.count, legacy: own.legacy + other.legacy, last: Math.max(own.last, other.last) };
  }

  /**
   * The first successful sign-in (epoch ms) of a user from an IP, those in Observations.leftOut included, or
   * Infinity: no allocation, for loops over many cells.
   */
  firstSuccess(user: number, ip: number): number {
    return Math.min(firstIn(this.observations.successes, user, ip), firstIn(this.observations.leftOut.successes, user, ip));
  }

  /**
   * Whether the user signed in successfully from this IP, or from another IP of its network, before `before`
   * (epoch ms; by default at any time), in the sign-ins the detections look at or in those they do not
   * (Observations.leftOut). An attack's own later success must not make its address the user's: the detections
   * ask about the time the attack began.
   */
  familiar(user: number, ip: number, before = Infinity): boolean {
    return this.familiarBy(user, ip, before) !== null;
  }

  /** How an IP was familiar to the user before `before`: by the address itself, only by its network, or not (null). */
  familiarBy(user: number, ip: number, before = Infinity): 'address' | 'network' | null {
    if (this.firstSuccess(user, ip) < before) return 'address';
    this.#networkFirsts ??= this.networkFirsts();
    const cell = findCell(this.#networkFirsts, USER_NETWORK_FIRST, user, this.network(ip));
    return cell >= 0 && msOf(cellValue(this.#networkFirsts, USER_NETWORK_FIRST, cell, USER_NETWORK_FIRST.at.first)) < before ? 'network' : null;
  }

  /** Per (user, network), the first successful sign-in, those in Observations.leftOut included. */
  private networkFirsts(): CellTable {
    const firsts = createTable(USER_NETWORK_FIRST);
    const L = SUCCESSES;
    const at = USER_NETWORK_FIRST.at.first;
    for (const table of [this.observations.successes, this.observations.leftOut.successes]) {
      for (let cell = 0; cell < table.size; cell++) {
        const pair = cellOf(firsts, USER_NETWORK_FIRST, cellValue(table, L, cell, 0), this.network(cellValue(table, L, cell, 1)));
        const first = cellValue(table, L, cell, L.at.first);
        const known = cellValue(firsts, USER_NETWORK_FIRST, pair, at);
        if (first < known) addValue(firsts, USER_NETWORK_FIRST, pair, at, first - known);
      }
    }
    return firsts;
  }

  /**
   * The (user, network) pairs of the successful sign-ins `keep` accepts, those in Observations.leftOut included,
   * as a table to look pairs up in.
   */
  userNetworks(keep: (count: number, legacy: number) => boolean): CellTable {
    const pairs = createTable(USER_NETWORK);
    const L = SUCCESSES;
    for (const table of [this.observations.successes, this.observations.leftOut.successes]) {
      for (let cell = 0; cell < table.size; cell++) {
        if (!keep(cellValue(table, L, cell, L.at.count), cellValue(table, L, cell, L.at.legacy))) continue;
        cellOf(pairs, USER_NETWORK, cellValue(table, L, cell, 0), this.network(cellValue(table, L, cell, 1)));
      }
    }
    return pairs;
  }

  /** Whether a userNetworks() table holds (user, network). */
  static has(pairs: CellTable, user: number, network: number): boolean {
    return findCell(pairs, USER_NETWORK, user, network) >= 0;
  }

  /** The users of a userNetworks() table. */
  static users(pairs: CellTable): Set<number> {
    const users = new Set<number>();
    for (let cell = 0; cell < pairs.size; cell++) users.add(cellValue(pairs, USER_NETWORK, cell, 0));
    return users;
  }

  /** Derived data several detections read, made once: `make` runs on the first call for a key. */
  memo<T>(key: string, make: () => T): T {
    if (!this.#memo.has(key)) this.#memo.set(key, make());
    return this.#memo.get(key) as T;
  }

  /** Credential failure cells by (user, IP), then bin: one run per pair. */
  credentialPairs(): Runs {
    return this.memo('credentialPairs', () => runsOf(this.observations.credentials, CREDENTIALS, [0, 1, 2], 2));
  }

  /** Run `run` of credentialPairs() as one pair. */
  credentialPair(run: number): CredentialPair {
    const table = this.observations.credentials;
    const L = CREDENTIALS;
    const { sorted, runs } = this.credentialPairs();
    const cells = sorted.subarray(runs[run]!, runs[run + 1]!);
    const bins: { bin: number; count: number }[] = [];
    let client = -1;
    let codes = 0;
    for (const cell of cells) {
      const bin = cellValue(table, L, cell, 2);
      const count = cellValue(table, L, cell, L.at.count);
      const last = bins[bins.length - 1];
      if (last !== undefined && last.bin === bin) last.count += count;
      else bins.push({ bin, count });
      client = same(client, cellValue(table, L, cell, L.at.client));
      codes |= cellValue(table, L, cell, L.at.codes);
    }
    return {
      user: cellValue(table, L, cells[0]!, 0),
      ip: cellValue(table, L, cells[0]!, 1),
      cells,
      count: sumOf(table, L, cells, L.at.count),
      lockouts: sumOf(table, L, cells, L.at.lockouts),
      client,
      codes,
      ...spanOf(table, L, cells),
      bins,
    };
  }

  /** The users an IP had credential failures for, by index, each once. */
  failingUsers(ip: number): number[] {
    const byIp = this.memo('failingUsers', () => runsOf(this.observations.credentials, CREDENTIALS, [1, 0], 1));
    return usersOfRun(this.observations.credentials, CREDENTIALS, byIp, findRun(this.observations.credentials, CREDENTIALS, byIp, [1], [ip]));
  }

  /** The users that signed in successfully from an IP, those in Observations.leftOut included, by index, each once. */
  successUsers(ip: number): number[] {
    const users = (table: CellTable, key: string): number[] => {
      const byIp = this.memo(key, () => runsOf(table, SUCCESSES, [1, 0], 1));
      return usersOfRun(table, SUCCESSES, byIp, findRun(table, SUCCESSES, byIp, [1], [ip]));
    };
    const own = users(this.observations.successes, 'successUsers');
    const other = users(this.observations.leftOut.successes, 'leftOutSuccessUsers');
    return other.length === 0 ? own : [...new Set([...own, ...other])];
  }

  /** Sign-ins past the password by (user, IP) that the detections look at: one run per pair, its cells by app. */
  acceptPairs(): Runs {
    return this.memo('acceptPairs', () => runsOf(this.observations.accepts, ACCEPTS, [0, 1], 2));
  }

  /**
   * Sign-ins past the password (`accepted`) by a user from an IP, over all apps, those in Observations.leftOut
   * included, with their epoch-ms span and evidence; null when none.
   */
  accepted(user: number, ip: number): { count: number; first: number; last: number; evidence: (Evidence | null)[] } | null {
    let found: { count: number; first: number; last: number; evidence: (Evidence | null)[] } | null = null;
    const { accepts, leftOut } = this.observations;
    const sources = [
      [accepts, this.acceptPairs()],
      [leftOut.accepts, this.memo('leftOutAcceptPairs', () => runsOf(leftOut.accepts, ACCEPTS, [0, 1], 2))],
    ] as const;
    for (const [table, pairs] of sources) {
      const run = findRun(table, ACCEPTS, pairs, [0, 1], [user, ip]);
      if (run < 0) continue;
      const cells = Array.from(pairs.sorted.subarray(pairs.runs[run]!, pairs.runs[run + 1]!));
      const count = sumOf(table, ACCEPTS, cells, ACCEPTS.at.accepted);
      if (count === 0) continue;
      const { first, last } = spanOf(table, ACCEPTS, cells);
      const evidence = cells.map((cell) => this.evidence(table, ACCEPTS, cell));
      found =
        found === null
          ? { count, first, last, evidence }
          : { count: found.count + count, first: Math.min(found.first, first), last: Math.max(found.last, last), evidence: [...found.evidence, ...evidence] };
    }
    return found;
  }

  /** The evidence a cell's reference points at. */
  evidence(table: CellTable, layout: Layout<string>, cell: number): Evidence | null {
    const ref = refOf(table, layout, cell);
    if (ref === null) return null;
    return {
      time: new Date(msOf(ref.time)),
      user: this.user(ref.user),
      ip: this.ip(ref.ip),
      app: ref.app < 0 ? '' : this.app(ref.app),
      code: ref.code,
      requestId: ref.requestId,
    };
  }
}

/** The successes of a user from an IP in one SUCCESSES table; null when none. */
function successIn(table: CellTable, user: number, ip: number): SuccessSummary | null {
  const L = SUCCESSES;
  const cell = findCell(table, L, user, ip);
  if (cell < 0) return null;
  return {
    count: cellValue(table, L, cell, L.at.count),
    legacy: cellValue(table, L, cell, L.at.legacy),
    first: msOf(cellValue(table, L, cell, L.at.first)),
    last: msOf(cellValue(table, L, cell, L.at.last)),
    table,
    cell,
  };
}

/** The first success (epoch ms) of a user from an IP in one SUCCESSES table, or Infinity. */
function firstIn(table: CellTable, user: number, ip: number): number {
  const cell = findCell(table, SUCCESSES, user, ip);
  return cell < 0 ? Infinity : msOf(cellValue(table, SUCCESSES, cell, SUCCESSES.at.first));
}

/** The distinct users (key 0) of a run of cells sorted by user after the run's own key; none for run -1. */
function usersOfRun(table: CellTable, layout: Layout<string>, ordered: Runs, run: number): number[] {
  const users: number[] = [];
  if (run < 0) return users;
  for (let i = ordered.runs[run]!; i < ordered.runs[run + 1]!; i++) {
    const user = cellValue(table, layout, ordered.sorted[i]!, 0);
    if (users[users.length - 1] !== user) users.push(user);
  }
  return users;
}

/** Appends `value` to the list kept under `key`. */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** What a detection says about a finding; the rest comes from its cells. */
export type FindingText = Pick<Finding, 'kind' | 'severity' | 'title' | 'entity' | 'why' | 'action'>;

/**
 * A finding over cells of one table whose keys begin with (user, IP) and hold the app at key `appKey`: its span,
 * distinct users, addresses and apps, and evidence come from the cells; attempts and successes are as the
 * detection counts them, and `lead` are sign-ins to show first.
 */
export function cellFinding(
  context: FinishContext,
  group: CellGroup & { readonly layout: Layout<'first' | 'last'> },
  appKey: number,
  text: FindingText,
  counts: { readonly attempts: number; readonly successes: number },
  lead: readonly (Evidence | null)[] = [],
): Finding {
  const { table, layout, cells } = group;
  const { first, last } = spanOf(table, layout, cells);
  return {
    ...text,
    first: new Date(first),
    last: new Date(last),
    counts: {
      attempts: counts.attempts,
      users: distinctOf(table, layout, cells, 0).length,
      ips: distinctOf(table, layout, cells, 1).length,
      apps: distinctOf(table, layout, cells, appKey).length,
      successes: counts.successes,
    },
    evidence: evidenceOf(context, [group], lead),
  };
}

/** `between ... and ...` for the span of cells. */
export function spanTextOf(table: CellTable, layout: Layout<'first' | 'last'>, cells: ArrayLike<number>): string {
  const { first, last } = spanOf(table, layout, cells);
  return spanText(first, last);
}

/** The sum of a column over cells (those from `from` up to `to` in the list). */
export function sumOf(table: CellTable, layout: Layout<string>, cells: ArrayLike<number>, offset: number, from = 0, to = cells.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += cellValue(table, layout, cells[i]!, offset);
  return sum;
}

/** The epoch-ms span of cells (those from `from` up to `to` in the list): the smallest `first` and the largest `last`. */
export function spanOf(
  table: CellTable,
  layout: Layout<'first' | 'last'>,
  cells: ArrayLike<number>,
  from = 0,
  to = cells.length,
): { first: number; last: number } {
  let first = Infinity;
  let last = -Infinity;
  for (let i = from; i < to; i++) {
    first = Math.min(first, cellValue(table, layout, cells[i]!, layout.at.first));
    last = Math.max(last, cellValue(table, layout, cells[i]!, layout.at.last));
  }
  return { first: msOf(first), last: msOf(last) };
}

/** The distinct values of one key or column over cells. */
export function distinctOf(table: CellTable, layout: Layout<string>, cells: ArrayLike<number>, offset: number): number[] {
  const seen = new Set<number>();
  for (let i = 0; i < cells.length; i++) seen.add(cellValue(table, layout, cells[i]!, offset));
  return [...seen];
}

/** Sign-ins a finding shows: at most this many. */
const EVIDENCE_LIMIT = 5;
/** Of those, at most this many from `lead` (the sign-ins that make a finding worse, such as a success). */
const LEAD_LIMIT = 2;

/**
 * The evidence of a finding: up to two `lead` sign-ins, then the earliest others, five in all; each group is
 * taken earliest first by time, request ID and the other fields (so equal rows never depend on order), and
 * the result is in time order.
 */
function pickEvidence(candidates: readonly (Evidence | null)[], lead: readonly (Evidence | null)[] = []): Evidence[] {
  const present = (list: readonly (Evidence | null)[]): Evidence[] => list.filter((item): item is Evidence => item !== null).sort(compareEvidence);
  const chosen = present(lead).slice(0, LEAD_LIMIT);
  for (const candidate of present(candidates)) {
    if (chosen.length >= EVIDENCE_LIMIT) break;
    if (!chosen.some((taken) => compareEvidence(taken, candidate) === 0)) chosen.push(candidate);
  }
  return chosen.sort(compareEvidence);
}

/** pickEvidence over the references of cells, reading only those that can be among the earliest. */
export function evidenceOf(context: FinishContext, groups: readonly CellGroup[], lead: readonly (Evidence | null)[] = []): Evidence[] {
  return pickEvidence(
    earliestRefCells(groups, EVIDENCE_LIMIT).map(({ group, cell }) => context.evidence(group.table, group.layout, cell)),
    lead,
  );
}

function compareEvidence(a: Evidence, b: Evidence): number {
  return (
    a.time.getTime() - b.time.getTime() ||
    compareText(a.requestId, b.requestId) ||
    a.code - b.code ||
    compareText(a.user, b.user) ||
    compareText(a.ip, b.ip) ||
    compareText(a.app, b.app)
  );
}

/** The smallest and largest of many values (spreading a long list into Math.min would overflow the stack). */
export function minOf<T>(items: Iterable<T>, value: (item: T) => number): number {
  let min = Infinity;
  for (const item of items) min = Math.min(min, value(item));
  return min;
}

export function maxOf<T>(items: Iterable<T>, value: (item: T) => number): number {
  let max = -Infinity;
  for (const item of items) max = Math.max(max, value(item));
  return max;
}

export function compareText(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
