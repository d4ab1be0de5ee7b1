// The members of a JSON record read from its bytes by the WebAssembly scanner (json-members.ts) against JSON.parse
// of the decoded text: on generated Graph and diagnostic records and on mutations of them (bytes flipped, deleted,
// inserted, records cut, escapes in keys and values, duplicate keys, multi-byte characters and invalid UTF-8,
// numbers of every shape as error codes, nested objects, keys that route a record to another rule, deep nesting),
// the members are exactly the parsed record's, a record JSON.parse refuses is never read, and reading whole files
// gives the same sign-ins, rejected rows, warnings, counts and format. Also: the committed module is what its
// source compiles to, and every key the mapping reads (of a record, its `properties` and their nested objects) is
// one the scanner takes or routes away.
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decode } from '../src/ingest/decode.js';
import { codeText } from '../src/ingest/fields.js';
import { mapJsonRecord } from '../src/ingest/json-layouts.js';
import { NESTED_MEMBERS, NESTED_OBJECTS, RECORD_MEMBERS, recordMembers, ROUTING_MEMBERS } from '../src/ingest/json-members.js';
import { cutInto } from './helpers/chunks.js';
import { repoRoot } from './helpers/exec.js';
import { bytesOf, readAll, stringContent, VALUE_PIECES } from './helpers/json-bytes.js';

const MEMBERS: ReadonlySet<string> = new Set(RECORD_MEMBERS);
const NESTED: ReadonlySet<string> = new Set(NESTED_OBJECTS);
const IN_NESTED: ReadonlySet<string> = new Set(NESTED_MEMBERS);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const latin1 = (bytes: Buffer): string => bytes.toString('latin1');
const decoded = (bytes: Buffer): string => bytes.toString('utf8');

/** What JSON.parse of the decoded record gives, or undefined when it throws. */
function parsed(bytes: Buffer): unknown {
  try {
    return JSON.parse(decoded(bytes));
  } catch {
    return undefined;
  }
}

/** The members the mapping reads of a parsed record, as recordMembers should give them. */
function expectedMembers(record: Record<string, unknown>): Record<string, unknown> {
  const pick = (object: Record<string, unknown>, keys: ReadonlySet<string>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(object).filter(([key]) => keys.has(key)));
  const signIn = (object: Record<string, unknown>): Record<string, unknown> => {
    const members = pick(object, MEMBERS);
    for (const name of NESTED) if (isObject(members[name])) members[name] = pick(members[name], IN_NESTED);
    return members;
  };
  const members = signIn(record);
  if (isObject(members['properties'])) members['properties'] = signIn(members['properties']);
  return members;
}

// Generated records, as bytes. A string is quoted content; numbers in every shape an error code may be written.
const quoted = (content: Buffer): Buffer => Buffer.concat([bytesOf('"'), content, bytesOf('"')]);
const NUMBERS = [
  '0',
  '-0',
  '50126',
  '-50126',
  '5.0126e4',
  '50126.0',
  '5.0126E+4',
  '1e-400',
  '1e400',
  '9007199254740993',
  '0.5',
  '123456789012345678901234567890',
];
/** And numbers JSON does not allow, which make a record JSON.parse refuses. */
const NOT_NUMBERS = ['01', '-01', '00', '-', '1.', '.5', '+1', '1e', '1e+', '0x10', 'NaN', 'Infinity', '-Infinity', '1_000'];
const number = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...NUMBERS) }, fc.constantFrom(...NOT_NUMBERS)).map(bytesOf);
const text = stringContent.map(quoted);
const scalar = fc.oneof({ weight: 4, arbitrary: text }, number, fc.constantFrom('true', 'false', 'null').map(bytesOf));
/** Blanks JSON allows between tokens (a line break only where a record may span lines). */
const blank = fc.constantFrom('', '', '', ' ', '\t', '\r\n ').map(bytesOf);

/** Keys: those the mapping reads, those of nested objects, others; now and then written with an escape. */
const OTHER_KEYS = ['errorCode', 'failureReason', 'additionalDetails', 'city', 'countryOrRegion', 'riskDetail', 'mfaDetail', 'x', 'Status', 'é', ''];
const plainKey = fc.constantFrom(...RECORD_MEMBERS, ...OTHER_KEYS);
const key = fc.oneof(
  { weight: 12, arbitrary: plainKey.map((name) => quoted(bytesOf(name))) },
  // The same name with a letter or two as \u escapes, or a key with some other escape.
  {
    weight: 1,
    arbitrary: plainKey
      .filter((name) => name.length > 0)
      .map((name) => quoted(bytesOf(`\\u${name.charCodeAt(0).toString(16).padStart(4, '0')}${name.slice(1)}`))),
  },
  { weight: 1, arbitrary: fc.constantFrom('st\\"atus', 'status\\n', '\\/status').map((name) => quoted(bytesOf(name))) },
  { weight: 1, arbitrary: fc.constantFrom(...ROUTING_MEMBERS).map((name) => quoted(bytesOf(name))) },
);

function object(members: readonly (readonly [Buffer, Buffer])[], space: Buffer = Buffer.alloc(0)): Buffer {
  const parts: Buffer[] = [bytesOf('{')];
  members.forEach(([name, value], i) => {
    parts.push(i === 0 ? space : bytesOf(','), space, name, space, bytesOf(':'), space, value);
  });
  parts.push(space, bytesOf('}'));
  return Buffer.concat(parts);
}
const array = (items: readonly Buffer[]): Buffer =>
  Buffer.concat([bytesOf('['), ...items.flatMap((item, i) => (i === 0 ? [item] : [bytesOf(','), item])), bytesOf(']')]);

/** Any JSON value, nested a few levels. */
const { value: anyValue } = fc.letrec<{ value: Buffer }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }).map(array),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 3 }).map((members) => object(members)),
  ),
}));

/** Values nested far deeper than the scanner follows, or just within what it does. */
const deep = fc.constantFrom(511, 512, 513, 600).map((depth) => bytesOf(`${'['.repeat(depth)}${']'.repeat(depth)}`));

/** The members of status, location or deviceDetail: those the mapping reads (plain or escaped), others, any values. */
const nestedKey = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NESTED_MEMBERS).map((name) => quoted(bytesOf(name))) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...NESTED_MEMBERS).map((name) => quoted(bytesOf(`\\u${name.charCodeAt(0).toString(16).padStart(4, '0')}${name.slice(1)}`))),
  },
  { weight: 2, arbitrary: key },
);
const nestedObject = fc.array(fc.tuple(nestedKey, fc.oneof({ weight: 4, arbitrary: scalar }, anyValue)), { maxLength: 5 }).map((members) => object(members));
const status = fc.tuple(fc.oneof(number, text), text).map(([code, reason]) =>
  object([
    [bytesOf('"errorCode"'), code],
    [bytesOf('"failureReason"'), reason],
  ]),
);
const eventTypes = fc
  .array(fc.constantFrom('"interactiveUser"', '"nonInteractiveUser"', '"servicePrincipal"', '1', 'null').map(bytesOf), { maxLength: 3 })
  .map(array);

/** A member of a sign-in as Graph writes it, with the value of the type Graph gives it. */
const graphMember = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(
      fc.constantFrom(...RECORD_MEMBERS.slice(0, 19)).map((name) => quoted(bytesOf(name))),
      text,
    ),
  },
  fc.tuple(fc.constant(bytesOf('"status"')), fc.oneof({ weight: 4, arbitrary: status }, { weight: 4, arbitrary: nestedObject }, number, text, anyValue)),
  fc.tuple(
    fc.constantFrom(...NESTED_OBJECTS).map((name) => quoted(bytesOf(name))),
    nestedObject,
  ),
  fc.tuple(fc.constant(bytesOf('"deviceDetail"')), fc.constant(bytesOf('{"operatingSystem":"Windows","browser":"Edge","isCompliant":true,"isManaged":false}'))),
  fc.tuple(fc.constant(bytesOf('"signInEventTypes"')), eventTypes),
  fc.tuple(fc.constant(bytesOf('"isInteractive"')), fc.constantFrom('true', 'false', '"true"').map(bytesOf)),
  // Any key with any value, and now and then a value nested too deep.
  { weight: 2, arbitrary: fc.tuple(key, anyValue) },
  { weight: 1, arbitrary: fc.tuple(key, fc.oneof({ weight: 8, arbitrary: anyValue }, deep)) },
);

/** Error codes as sign-ins have them, mostly. */
const code = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('0', '50126', '"0"', '"50126"').map(bytesOf) }, number, text);

/** A Graph signIn: an id and a time first (as the array reader expects records to open), mostly a status, then members in any order. */
const graphRecord = fc
  .tuple(text, code, fc.array(graphMember, { maxLength: 10 }), blank)
  .map(([id, errorCode, members, space]) =>
    object(
      [
        [bytesOf('"id"'), id],
        [bytesOf('"createdDateTime"'), bytesOf('"2026-11-10T08:00:00Z"')],
        [bytesOf('"status"'), object([[bytesOf('"errorCode"'), errorCode]])],
        ...members,
      ],
      space,
    ),
  );

const CATEGORIES = ['SignInLogs', 'NonInteractiveUserSignInLogs', 'ServicePrincipalSignInLogs', 'ManagedIdentitySignInLogs', 'AuditLogs', 'signinlogs'];
/** A diagnostic-settings record: the sign-in in `properties` (sometimes twice, or not an object), its own members around it. */
const diagnosticRecord = fc
  .tuple(
    fc.constantFrom(...CATEGORIES).map((name) => quoted(bytesOf(name))),
    code,
    fc.oneof({ weight: 6, arbitrary: fc.array(graphMember, { maxLength: 8 }).map((members) => object(members)) }, anyValue),
    fc.array(
      fc.oneof(
        fc.tuple(
          fc
            .constantFrom('resultDescription', 'callerIpAddress', 'identity', 'resultSignature', 'location', 'correlationId')
            .map((name) => quoted(bytesOf(name))),
          text,
        ),
        fc.tuple(key, anyValue),
        fc.tuple(fc.constant(bytesOf('"properties"')), anyValue),
      ),
      { maxLength: 4 },
    ),
    blank,
  )
  .map(([category, resultType, properties, members, space]) =>
    object(
      [
        [bytesOf('"time"'), bytesOf('"2026-11-10T08:00:00Z"')],
        [bytesOf('"category"'), category],
        [bytesOf('"resultType"'), resultType],
        [bytesOf('"properties"'), properties],
        ...members,
      ],
      space,
    ),
  );

/** Bytes a mutation puts in: JSON's structure, escapes, a byte under 0x20, bytes over 0x7f. */
const MUTATION_BYTES = [...'{}[],:"\\ \n0-.eEtfnu'].map((c) => c.charCodeAt(0)).concat([0x00, 0x1f, 0x7f, 0x80, 0xc3, 0xff]);
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.constantFrom(...MUTATION_BYTES) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), byte: fc.constant(0) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.constantFrom(...MUTATION_BYTES) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), byte: fc.constant(0) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(bytes: Buffer, mutations: readonly Mutation[]): Buffer {
  let out = bytes;
  for (const { kind, at, byte } of mutations) {
    if (out.length === 0) break;
    const i = at % out.length;
    if (kind === 'flip') out = Buffer.concat([out.subarray(0, i), Buffer.of(byte), out.subarray(i + 1)]);
    else if (kind === 'delete') out = Buffer.concat([out.subarray(0, i), out.subarray(i + 1)]);
    else if (kind === 'insert') out = Buffer.concat([out.subarray(0, i), Buffer.of(byte), out.subarray(i)]);
    else out = out.subarray(0, i);
  }
  return out;
}

/** A record, mutated now and then. */
const record = fc
  .tuple(fc.oneof(graphRecord, diagnosticRecord), fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, fc.array(mutation, { minLength: 1, maxLength: 2 })))
  .map(([bytes, mutations]) => mutate(bytes, mutations));

describe('record members from the bytes', () => {
  it('are told apart when two records’ shapes share a hash', () => {
    // Members at key indexes (0, 31) and (1, 0) of RECORD_MEMBERS hash alike (31 × h + slot, from the count): the
    // second record must not be made as the first. First in this file: after the properties below, a thread has as
    // many record shapes as it keeps makers for, and these would be made the slow way.
    expect(RECORD_MEMBERS[0]).toBe('createdDateTime');
    expect(RECORD_MEMBERS[31]).toBe('properties');
    expect(recordMembers('{"createdDateTime":"a","properties":"b"}')).toStrictEqual({ createdDateTime: 'a', properties: 'b' });
    expect(recordMembers('{"id":"c","createdDateTime":"d"}')).toStrictEqual({ id: 'c', createdDateTime: 'd' });
  });

  it('are exactly the parsed record’s members, and only records JSON.parse takes are read', () => {
    let read = 0;
    let refused = 0;
    fc.assert(
      fc.property(record, (bytes) => {
        const members = recordMembers(latin1(bytes));
        const value = parsed(bytes);
        if (members === undefined) {
          refused++;
          return;
        }
        read++;
        expect(isObject(value)).toBe(true);
        expect(members).toStrictEqual(expectedMembers(value as Record<string, unknown>));
        // What the mapping makes of them, with the bytes as the source, is what it makes of the record and its text.
        expect(mapJsonRecord(members, latin1(bytes))).toStrictEqual(mapJsonRecord(value, decoded(bytes)));
      }),
      { numRuns: 3000 },
    );
    // Both ways are taken often.
    expect(read).toBeGreaterThan(600);
    expect(refused).toBeGreaterThan(600);
  });

  it('give the same sign-ins, rejected rows, warnings, counts and format as parsing whole records', async () => {
    const file = fc
      .tuple(fc.array(record, { minLength: 1, maxLength: 6 }), fc.constantFrom('lines', 'array by line', 'one-line array'))
      .map(([records, shape]) => {
        const join = (separator: string, open = '', close = ''): Buffer =>
          Buffer.concat([bytesOf(open), ...records.flatMap((bytes, i) => (i === 0 ? [bytes] : [bytesOf(separator), bytes])), bytesOf(close)]);
        return shape === 'lines' ? join('\n', '', '\n') : shape === 'array by line' ? join(',\n', '[\n', '\n]\n') : join(',', '[', ']');
      });
    let signIns = 0;
    await fc.assert(
      // Cut anywhere, as a file arrives in pieces: records are put together across them before they are read.
      fc.asyncProperty(file, fc.array(fc.integer({ min: 1, max: 600 }), { maxLength: 4 }), async (bytes, cutSizes) => {
        const asText = await decode(Readable.from(cutInto(bytes, cutSizes)));
        const asBytes = await decode(Readable.from(cutInto(bytes, cutSizes)));
        if (asBytes.utf8Chunks === undefined) return;
        // Text is always parsed whole: the reference.
        const read = await readAll(asBytes, true);
        expect(read).toEqual(await readAll(asText, false));
        signIns += read.signIns.length;
      }),
      { numRuns: 400 },
    );
    expect(signIns).toBeGreaterThan(150);
  });

  it('find an error code written as a number where the decoded text has it', () => {
    // The bytes stand in for the decoded text as codeText's source: its literal is ASCII.
    const source = fc
      .array(fc.oneof(fc.constantFrom(...VALUE_PIECES), fc.constantFrom(...NUMBERS.map((literal) => `"errorCode": ${literal},`)).map(bytesOf)), {
        maxLength: 8,
      })
      .map((pieces) => Buffer.concat(pieces));
    fc.assert(
      fc.property(source, fc.constantFrom(...NUMBERS), (bytes, literal) => {
        const value = Number(literal);
        expect(codeText(value, latin1(bytes), 'errorCode')).toBe(codeText(value, decoded(bytes), 'errorCode'));
      }),
      { numRuns: 500 },
    );
  });

  describe('leave to JSON.parse', () => {
    const base = '{"id":"1","createdDateTime":"2026-11-10T08:00:00Z","userPrincipalName":"a@contoso.example","status":{"errorCode":50126}}';
    const cases: Array<[string, string]> = [
      ['text that is not valid JSON', base.replace('50126', '050126')],
      ['a trailing comma', base.replace('}}', '},}')],
      ['a control character in a string', base.replace('a@', 'a\u0001@')],
      ['a byte over 0x7f outside a string', base.replace(':"1"', ':\u00e9"1"')],
      ['blanks around the record', ` ${base}`],
      ['a key written with an escape', base.replace('"userPrincipalName"', '"userPrincipal\\u004eame"')],
      ['an escaped key inside properties', `{"time":"2026-11-10T08:00:00Z","category":"SignInLogs","properties":{"st\\u0061tus":{"errorCode":1}}}`],
      ['an escaped key inside status', base.replace('"errorCode"', '"error\\u0043ode"')],
      [
        'an escaped key inside the status of properties',
        `{"time":"2026-11-10T08:00:00Z","category":"SignInLogs","properties":{"status":{"\\u0065rrorCode":1}}}`,
      ],
      ['nesting deeper than 512', base.replace('50126', `${'['.repeat(513)}${']'.repeat(513)}`)],
      ...ROUTING_MEMBERS.map((name): [string, string] => [`the key ${name}`, base.replace('{"id"', `{"${name}":[],"id"`)]),
    ];
    it.each(cases)('%s', async (_reason, record) => {
      const bytes = bytesOf(record);
      expect(recordMembers(latin1(bytes))).toBeUndefined();
      const lines = Buffer.concat([bytes, bytesOf('\n'), bytesOf(base), bytesOf('\n')]);
      expect(await readAll(await decode(Readable.from([lines])), true)).toEqual(await readAll(await decode(Readable.from([lines])), false));
    });

    it('but read the last of two keys, and values with escapes and multi-byte characters', () => {
      const bytes = bytesOf(`${base.slice(0, -1)},"status":{"failureReason":"x"},"userPrincipalName":"zo\u00eb\\u00e9@contoso.example"}`);
      expect(recordMembers(latin1(bytes))).toStrictEqual({
        id: '1',
        createdDateTime: '2026-11-10T08:00:00Z',
        userPrincipalName: 'zo\u00eb\u00e9@contoso.example',
        status: { failureReason: 'x' },
      });
      const twice = bytesOf(`{"category":"SignInLogs","properties":{"status":{"errorCode":1},"id":"1"},"properties":{"id":"2","status":2}}`);
      expect(recordMembers(latin1(twice))).toStrictEqual({ category: 'SignInLogs', properties: { id: '2', status: 2 } });
    });
  });

  it('cover every key the mapping reads of a Graph or diagnostic record', () => {
    // Every key looked up (`in` or a read) on a record and on its `properties`, whatever it holds.
    const looked = new Set<string>();
    const lookedNested = new Set<string>();
    const watching =
      (names: Set<string>) =>
      (target: Record<string, unknown>): Record<string, unknown> =>
        new Proxy(target, {
          has: (object, name) => {
            names.add(String(name));
            return name in object;
          },
          get: (object, name) => {
            names.add(String(name));
            return object[name as string];
          },
        });
    const watched = watching(looked);
    const watchedNested = watching(lookedNested);
    fc.assert(
      fc.property(fc.oneof(graphRecord, diagnosticRecord), (bytes) => {
        const value = parsed(bytes);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
        const record = value as Record<string, unknown>;
        if (ROUTING_MEMBERS.some((name) => name in record)) return;
        const watchNested = (signIn: Record<string, unknown>): void => {
          for (const name of NESTED) if (isObject(signIn[name])) signIn[name] = watchedNested(signIn[name]);
        };
        watchNested(record);
        const properties = record['properties'];
        if (isObject(properties)) {
          watchNested(properties);
          record['properties'] = watched(properties);
        }
        mapJsonRecord(watched(record), decoded(bytes));
      }),
      { numRuns: 300 },
    );
    const notCovered = [...looked].filter((name) => !MEMBERS.has(name) && !(ROUTING_MEMBERS as readonly string[]).includes(name));
    expect(notCovered).toEqual([]);
    expect(looked.size).toBeGreaterThan(30);
    expect([...lookedNested].filter((name) => !IN_NESTED.has(name))).toEqual([]);
    expect(lookedNested.size).toBe(NESTED_MEMBERS.length);
  });

  it('come from a module that is what assembly/json-scan.ts compiles to', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'json-scan-'));
    try {
      const out = path.join(dir, 'json-scan-wasm.ts');
      execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-wasm.mjs'), '--out', out]);
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(path.join(repoRoot, 'src', 'ingest', 'json-scan-wasm.ts'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
