import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CodecError } from '../../errors.js';
import { Codec } from './codec.js';
import { EMULATED, isEmulated, type EmulatedObject } from './emulated-object.js';
import type { ModelResolver } from './model-resolver.js';
import { PyClass } from './py-class.js';
import { PyDate } from './py-date.js';
import { PyDateTime } from './py-datetime.js';
import { PyFloat } from '../../schema/py-float.js';

/**
 * Every vector of cereal-vectors.json (a verbatim copy of docs/protocol/classic/, recorded from
 * cereal-lazer 0.1.6 + msgpack 1.0.3 and a live server): what the client decodes it to, and the
 * client value that encodes to exactly its hex, or why none should.
 */
interface Vector {
  readonly description: string;
  readonly python_value: string;
  readonly hex: string | null;
  readonly loads?: string;
  readonly dumps_error?: string;
}

const { vectors } = JSON.parse(readFileSync(new URL('./cereal-vectors.json', import.meta.url), 'utf8')) as {
  vectors: Vector[];
};

/** A stand-in for the client's model layer: models are Computer, Manager; entities are Stub. */
class Stub {
  constructor(
    readonly model: string,
    readonly fields: Record<string, unknown>,
  ) {}
}
const models: ModelResolver = {
  isModel: (name) => name === 'Computer' || name === 'Manager',
  decodeInstance: (name, dict) => new Stub(name, dict),
  encodeInstance: (value) => (value instanceof Stub ? { name: value.model, fields: value.fields } : undefined),
};

type Expectation =
  /** decode(hex) equals `decoded`, and encode(`sent`, default: decoded) gives hex back. */
  | { readonly decoded: unknown; readonly sent?: unknown; readonly call?: true }
  /** Anything else, checked by hand below. */
  | { readonly custom: (vector: Vector) => void };

const computer3 = {
  id: 3, name: 'bob-box', vendor: 'Pear', purchase_time: '2019-11-02T23:59:59', owner_id: 2,
  peers: { id: 3, name: 'bob-box', vendor: 'Pear', purchase_time: '2019-11-02T23:59:59', owner_id: 2 },
  owner: { id: 2, name: 'Bob', birth_date: '1985-06-30' },
};

const expectations: Record<string, Expectation> = {
  'None': { decoded: null },
  'True': { decoded: true },
  'False': { decoded: false },
  'positive fixint': { decoded: 5 },
  'negative fixint': { decoded: -1 },
  'uint8': { decoded: 200 },
  'int16 (negative)': { decoded: -200 },
  'uint32': { decoded: 70000 },
  'float is always float64': { decoded: 1.5 },
  // JS cannot tell 2.0 from 2: it reads as a number, and PyFloat sends a whole float.
  'float that is integral stays float64': { decoded: 2, sent: new PyFloat(2) },
  'fixstr': { decoded: 'hello' },
  'non-ASCII str (UTF-8 bytes counted)': { decoded: 'héllo' },
  'str of 40 chars -> str8 (0xd9) with msgpack 1.x': { decoded: 'x'.repeat(40) },
  'bytes -> bin8': { decoded: Uint8Array.of(0x00, 0xff) },
  'list': { decoded: [1, 'a', null] },
  'tuple packs as an array (decodes as list)': { decoded: [1, 2] },
  'dict (insertion order kept)': {
    custom: (vector) => {
      const decoded = new Codec().decode(vector.hex!);
      expect(decoded).toStrictEqual({ b: 1, a: 2 });
      expect(Object.keys(decoded as object)).toEqual(['b', 'a']);
      expect(new Codec().encode({ b: 1, a: 2 })).toBe(vector.hex);
    },
  },
  'dict with an int key: packs, but msgpack>=1.0 unpackb rejects it (strict_map_key)': {
    custom: (vector) => {
      // Decoding refuses it as the server's unpackb does; encoding refuses to make it at all.
      expect(() => new Codec().decode(vector.hex!)).toThrow(/cannot decode the payload: a dict key must be a string, got an int \(1\)/);
      expect(() => new Codec().encode(new Map([[1, 'x']]))).toThrow(/cannot encode the value: a dict key must be a string .* got the number 1 in a Map/);
    },
  },
  'date': { decoded: new PyDate(2018, 1, 1) },
  'naive datetime (microseconds are dropped)': {
    custom: (vector) => {
      expect(new Codec().decode(vector.hex!)).toStrictEqual(new PyDateTime(2018, 1, 1, 13, 14, 15));
      expect(new Codec().encode(new PyDateTime(2018, 1, 1, 13, 14, 15))).toBe(vector.hex);
      // A JS Date goes as the naive wall clock of the codec's zone; its milliseconds are dropped too.
      expect(new Codec().encode(new Date('2018-01-01T13:14:15.123Z'))).toBe(vector.hex);
      expect(new Codec({ timeZone: 'Europe/Brussels' }).encode(new Date('2018-01-01T12:14:15.123Z'))).toBe(vector.hex);
    },
  },
  'aware datetime, pytz.UTC': {
    decoded: new PyDateTime(2018, 1, 1, 12, 0, 0, 'UTC'),
    sent: PyDateTime.fromDate(new Date('2018-01-01T12:00:00Z')),
  },
  "aware datetime, datetime.timezone.utc (str() is also 'UTC')": { decoded: new PyDateTime(2018, 1, 1, 12, 0, 0, 'UTC') },
  "aware datetime, fixed offset: name 'UTC+02:00' is not a pytz zone": {
    custom: (vector) => {
      // Decoded without loss (the name is kept, and toDate() understands it)...
      const decoded = new Codec().decode(vector.hex!) as PyDateTime;
      expect(decoded).toStrictEqual(new PyDateTime(2018, 1, 1, 12, 0, 0, 'UTC+02:00'));
      expect(decoded.toDate().toISOString()).toBe('2018-01-01T10:00:00.000Z');
      // ...but never sent: pytz cannot read the name, so the server would answer an HTML 500.
      expect(() => new Codec().encode(decoded)).toThrow(/the time zone "UTC\+02:00" is not a name pytz knows/);
    },
  },
  "aware datetime, pytz Europe/Brussels (localized): wall-clock fields + zone name; decoding attaches the zone's LMT offset": {
    custom: (vector) => {
      const decoded = new Codec().decode(vector.hex!) as PyDateTime;
      expect(decoded).toStrictEqual(new PyDateTime(2018, 7, 1, 12, 0, 0, 'Europe/Brussels'));
      // The client uses the zone's real offset (CEST), not pytz's LMT one.
      expect(decoded.toDate().toISOString()).toBe('2018-07-01T10:00:00.000Z');
      expect(new Codec().encode(PyDateTime.fromDate(new Date('2018-07-01T10:00:00Z'), 'Europe/Brussels'))).toBe(vector.hex);
    },
  },
  'set of ints': { decoded: new Set([1, 2, 3]) },
  'empty set': { decoded: new Set() },
  'nested: dict with date list': { decoded: { d: [new PyDate(2020, 2, 29)] } },
  'class reference (unregistered): decodes to the plain string': { decoded: new PyClass('SomeObject') },
  'unregistered object, serialize_naively=False: cannot be dumped': {
    custom: () => {
      // Python's dumps loops until "recursion limit exceeded"; the client says what to do instead.
      class Decimal {
        constructor(readonly text: string) {}
      }
      expect(() => new Codec().encode(new Decimal('1.5'))).toThrow(
        /cannot encode the value: a Decimal has no Python equivalent; register its type with client\.codec\.register/,
      );
    },
  },
  'RPC request envelope': { decoded: { args: ['hello'], kwargs: {} }, call: true },
  'RPC request envelope with kwargs and a date': {
    decoded: { args: [], kwargs: { y_offset: 10, when: new PyDate(2020, 1, 1) } },
    call: true,
  },
  'registered class instance (client stub for a model, pk only)': {
    custom: (vector) => modelVector(vector, 'Computer', { id: 1 }),
  },
  'registered class instance without pk': {
    custom: (vector) => modelVector(vector, 'Computer', { name: 'virtual', vendor: 'V' }),
  },
  'hand-made tag with an unregistered name: Cereal().loads returns the payload itself': {
    custom: (vector) => {
      const decoded = new Codec().decode(vector.hex!) as EmulatedObject;
      expect(isEmulated(decoded)).toBe(true);
      expect(decoded[EMULATED].className).toBe('Nope');
      expect(decoded[EMULATED].payload).toStrictEqual({ id: 1 }); // what Python's loads returns
      expect(decoded['id']).toBe(1);
      expect(new Codec().encode(decoded)).toBe(vector.hex);
      expect(() => new Codec({ strict: true }).decode(vector.hex!)).toThrow(
        /an instance of 'Nope', a class the client does not know \(strict mode\); register it with client\.codec\.register\('Nope'/,
      );
    },
  },
  'serialize_naively=True: plain object -> emulated description (attributes are nested hex strings)': {
    custom: (vector) => {
      const decoded = new Codec().decode(vector.hex!) as EmulatedObject;
      expect(decoded[EMULATED].className).toBe('SomeObject');
      expect({ ...decoded }).toStrictEqual({ a: 1, wild: 'x' });
      expect(decoded[EMULATED].methods).toEqual(['some_method']);
      expect(typeof decoded['some_method']).toBe('function');
      expect(() => (decoded['some_method'] as () => unknown)()).toThrow(CodecError);
      expect(() => (decoded['some_method'] as () => unknown)()).toThrow(
        /SomeObject\.some_method\(\) cannot run in the client: .*client\.codec\.register\('SomeObject', \{ test, encode, decode \}\)/,
      );
      expect(decoded[Symbol.iterator]).toBeUndefined();
      expect(new Codec().encode(decoded)).toBe(vector.hex);
      expect(() => new Codec({ strict: true }).decode(vector.hex!)).toThrow(/'SomeObject', a class the client does not know/);
    },
  },
  'serialize_naively=True: class reference -> decodes to an Emulated class': { decoded: new PyClass('SomeObject') },
  'server -> client: model instance (Computer 3, returned by Person.first_computer on Bob)': {
    custom: (vector) => modelVector(vector, 'Computer', computer3),
  },
  'server -> client: polymorphic instance (Manager 3 via Employee.myself): tagged with the concrete class': {
    custom: (vector) => modelVector(vector, 'Manager', { id: 3, name: 'Grace', type: 'manager', reports: 2 }),
  },
  'server -> client: list of strings wrapped in a set tag (Person.vendors on Alice, PYTHONHASHSEED=0)': {
    custom: (vector) => {
      const decoded = new Codec().decode(vector.hex!);
      expect(decoded).toStrictEqual(new Set(['Pear', 'Dull']));
      expect([...(decoded as Set<string>)]).toEqual(['Pear', 'Dull']); // the server's order is kept
      expect(new Codec().encode(decoded)).toBe(vector.hex);
    },
  },
};

/** With the resolver, a model instance becomes (and comes from) an entity; without, it is emulated. */
function modelVector(vector: Vector, name: string, dict: Record<string, unknown>): void {
  const codec = new Codec({ models });
  expect(codec.decode(vector.hex!)).toStrictEqual(new Stub(name, dict));
  expect(codec.encode(new Stub(name, dict))).toBe(vector.hex);
  const emulated = new Codec().decode(vector.hex!) as EmulatedObject;
  expect(emulated[EMULATED].className).toBe(name);
  expect({ ...emulated }).toStrictEqual(dict);
  expect(new Codec().encode(emulated)).toBe(vector.hex);
  expect(() => new Codec({ strict: true }).decode(vector.hex!)).toThrow(CodecError);
}

describe('cereal-lazer test vectors', () => {
  it('has an expectation for every vector and no other', () => {
    expect(vectors).toHaveLength(39);
    expect(Object.keys(expectations).sort()).toEqual(vectors.map((vector) => vector.description).sort());
  });

  for (const [index, vector] of vectors.entries()) {
    it(`V${index + 1}. ${vector.description}`, () => {
      const expectation = expectations[vector.description];
      if (!expectation) return expect.fail(`no expectation for ${vector.description}`);
      if ('custom' in expectation) return expectation.custom(vector);
      const codec = new Codec();
      expect(codec.decode(vector.hex!)).toStrictEqual(expectation.decoded);
      if (expectation.call) {
        const { args, kwargs } = expectation.decoded as { args: unknown[]; kwargs: Record<string, unknown> };
        expect(codec.encodeCall(args, kwargs)).toBe(vector.hex);
        expect(codec.decodeCall(vector.hex!)).toStrictEqual({ args, kwargs });
      }
      expect(codec.encode('sent' in expectation ? expectation.sent : expectation.decoded)).toBe(vector.hex);
    });
  }
});
