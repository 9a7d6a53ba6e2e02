import { describe, expect, it } from 'vitest';
import { CodecError } from '../../errors.js';
import { Codec } from './codec.js';
import { PyClass } from './py-class.js';
import { PyDate } from './py-date.js';
import { PyDateTime } from './py-datetime.js';
import { PyFloat } from '../../schema/py-float.js';

const hexOf = (value: unknown): string => new Codec().encode(value);
const decoded = (hex: string): unknown => new Codec().decode(hex);

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

describe('Codec: numbers', () => {
  const ints: Array<[number, string]> = [
    [0, '00'], [127, '7f'], [128, 'cc80'], [255, 'ccff'], [256, 'cd0100'], [65535, 'cdffff'],
    [65536, 'ce00010000'], [2 ** 32 - 1, 'ceffffffff'], [2 ** 32, 'cf0000000100000000'],
    [Number.MAX_SAFE_INTEGER, 'cf001fffffffffffff'],
    [-1, 'ff'], [-32, 'e0'], [-33, 'd0df'], [-128, 'd080'], [-129, 'd1ff7f'], [-32768, 'd18000'],
    [-32769, 'd2ffff7fff'], [-(2 ** 31), 'd280000000'], [-(2 ** 31) - 1, 'd3ffffffff7fffffff'],
    [Number.MIN_SAFE_INTEGER, 'd3ffe0000000000001'],
  ];
  it.each(ints)('sends the int %d in its smallest encoding, as Python does (%s), and reads it back', (value, hex) => {
    expect(hexOf(value)).toBe(hex);
    expect(decoded(hex)).toBe(value);
  });

  it('reads 64-bit ints beyond 2^53 as bigints, and sends bigints of any size up to 64 bits', () => {
    expect(hexOf(2n ** 64n - 1n)).toBe('cfffffffffffffffff');
    expect(decoded('cfffffffffffffffff')).toBe(2n ** 64n - 1n);
    expect(hexOf(-(2n ** 63n))).toBe('d38000000000000000');
    expect(decoded('d38000000000000000')).toBe(-(2n ** 63n));
    expect(hexOf(5n)).toBe('05'); // small bigints take the small encodings too
    expect(decoded('cf0000000100000000')).toBe(2 ** 32); // a safe uint64 is a number
  });

  it('refuses ints beyond 64 bits, which msgpack cannot carry', () => {
    expect(() => hexOf(2n ** 64n)).toThrow(/cannot encode the value: the int 18446744073709551616 does not fit in msgpack's 64 bits/);
    expect(() => hexOf(-(2n ** 63n) - 1n)).toThrow(CodecError);
  });

  it('sends every other number as a float64, -0 and NaN included', () => {
    expect(hexOf(1.5)).toBe('cb3ff8000000000000');
    expect(hexOf(-0)).toBe('cb8000000000000000');
    expect(hexOf(Number.NaN)).toBe('cb7ff8000000000000');
    expect(hexOf(Number.POSITIVE_INFINITY)).toBe('cb7ff0000000000000');
    expect(hexOf(2 ** 53 + 2)).toBe('cb4340000000000001'); // not a safe int: it is a float in JS
    expect(Object.is(decoded('cb8000000000000000'), -0)).toBe(true);
    expect(decoded('cb7ff8000000000000')).toBeNaN();
  });

  it('sends a whole float with PyFloat, and reads a float32 too', () => {
    expect(hexOf(new PyFloat(2))).toBe('cb4000000000000000');
    expect(hexOf([new PyFloat(-3), 3])).toBe('92cbc00800000000000003');
    expect(decoded('ca3fc00000')).toBe(1.5);
    expect(String(new PyFloat(2))).toBe('2.0');
  });
});

describe('Codec: strings, bytes and containers', () => {
  it.each([
    ['a'.repeat(31), 'bf'],
    ['a'.repeat(32), 'd920'],
    ['a'.repeat(100), 'd964'],
    ['a'.repeat(255), 'd9ff'],
    ['a'.repeat(256), 'da0100'],
    ['é'.repeat(20), 'd928'], // 40 UTF-8 bytes
    ['é'.repeat(100), 'd9c8'], // 200 bytes, though 100 chars could have needed 300
    ['a'.repeat(65536), 'db00010000'],
  ])('picks the string header from the UTF-8 byte length (%#)', (value, header) => {
    const hex = hexOf(value);
    expect(hex.startsWith(header)).toBe(true);
    expect(hex.length).toBe(header.length + new TextEncoder().encode(value).length * 2);
    expect(decoded(hex)).toBe(value);
  });

  it('writes astral characters as 4 UTF-8 bytes and a lone surrogate as U+FFFD', () => {
    expect(hexOf('😀')).toBe('a4f09f9880');
    expect(hexOf('a\ud800b')).toBe('a561efbfbd62');
    expect(hexOf(`${'x'.repeat(60)}\udc00`)).toBe(`d93f${'78'.repeat(60)}efbfbd`);
  });

  it('reads strings the old msgpack wrote as str16 (no str8)', () => {
    expect(decoded(`da0028${'78'.repeat(40)}`)).toBe('x'.repeat(40));
  });

  it('sends any byte view as bytes, and reads bytes as a plain Uint8Array copy', () => {
    expect(hexOf(new Uint8Array(256)).startsWith('c50100')).toBe(true);
    expect(hexOf(Uint8Array.of(1, 2).buffer)).toBe('c4020102');
    expect(hexOf(new Uint16Array([0x0102]))).toMatch(/^c402(0201|0102)$/);
    expect(hexOf(Buffer.from([0xff]))).toBe('c401ff');
    const bytes = decoded('92c40101c40102') as Uint8Array[];
    expect(bytes[0]!.constructor).toBe(Uint8Array);
    expect(bytes[0]!.buffer).not.toBe(bytes[1]!.buffer);
  });

  it('uses the 16 and 32 bit array and map headers past 15 entries', () => {
    const array = Array.from({ length: 16 }, (_, i) => i);
    expect(hexOf(array).startsWith('dc0010')).toBe(true);
    expect(decoded(hexOf(array))).toEqual(array);
    const dict = Object.fromEntries(array.map((i) => [`k${i}`, i]));
    expect(hexOf(dict).startsWith('de0010')).toBe(true);
    expect(decoded(hexOf(dict))).toStrictEqual(dict);
    const big = new Array<number>(65536).fill(0);
    expect(hexOf(big).startsWith('dd00010000')).toBe(true);
    expect(decoded(hexOf(big))).toEqual(big);
  });

  it('sends dicts from plain objects, null-prototype objects and string-keyed Maps, in key order', () => {
    const bare = Object.assign(Object.create(null) as object, { b: 1, a: 2 });
    expect(hexOf(bare)).toBe('82a16201a16102');
    expect(hexOf(new Map([['b', 1], ['a', 2]]))).toBe('82a16201a16102');
    expect(decoded('82a16201a16102')).toStrictEqual({ b: 1, a: 2 });
  });

  it('sends undefined as None, but leaves a dict entry set to undefined out (Python then uses its default)', () => {
    expect(hexOf(undefined)).toBe('c0');
    expect(hexOf([undefined])).toBe('91c0');
    expect(hexOf({ a: 1, b: undefined })).toBe('81a16101');
    expect(new Codec().encodeCall([], { suffix: undefined })).toBe(new Codec().encodeCall([], {}));
  });

  it('sends a Set as a set tag, in insertion order, and refuses unhashable members', () => {
    expect(decoded(hexOf(new Set(['b', 'a', new PyDate(2020, 1, 1)])))).toStrictEqual(new Set(['b', 'a', new PyDate(2020, 1, 1)]));
    expect(() => hexOf(new Set([[1, 2]]))).toThrow(/cannot encode value\[0\]: a set can only hold hashable values, and an array of 2 becomes a Python list/);
    expect(() => hexOf(new Set([{}]))).toThrow(/hashable/);
  });

  it('sends and reads class references as PyClass', () => {
    expect(decoded(hexOf(new PyClass('Person')))).toStrictEqual(new PyClass('Person'));
    expect(String(new PyClass('Person'))).toBe("<class 'Person'>");
    expect(() => new PyClass('')).toThrow(CodecError);
  });
});

describe('Codec: dates and datetimes', () => {
  it('sends a JS Date as the naive wall clock of the codec time zone, to the second', () => {
    const codec = new Codec({ timeZone: 'America/New_York' });
    const back = codec.decode(codec.encode(new Date('2020-07-01T16:30:45.999Z'))) as PyDateTime;
    expect(back).toStrictEqual(new PyDateTime(2020, 7, 1, 12, 30, 45));
    expect(back.toDate('America/New_York').toISOString()).toBe('2020-07-01T16:30:45.000Z');
  });

  it('round-trips naive and aware datetimes and dates exactly', () => {
    for (const value of [
      new PyDate(1, 1, 1), new PyDate(9999, 12, 31), new PyDateTime(2000, 2, 29, 23, 59, 59),
      new PyDateTime(2018, 3, 25, 2, 30, 0, 'Europe/Brussels'), new PyDateTime(1970, 1, 1, 0, 0, 0, 'UTC'),
      new PyDateTime(2020, 1, 1, 0, 0, 0, 'US/Eastern'), new PyDateTime(2020, 1, 1, 0, 0, 0, 'Etc/GMT+2'),
    ]) {
      expect(decoded(hexOf(value))).toStrictEqual(value);
    }
  });

  it('refuses zone names pytz would not read, and invalid or out-of-range dates', () => {
    for (const zone of ['UTC+02:00', '+02:00', 'GMT+2', 'Mars/Olympus', 'Europe/../etc']) {
      expect(() => hexOf(new PyDateTime(2020, 1, 1, 0, 0, 0, zone))).toThrow(/is not a name pytz knows/);
    }
    expect(() => hexOf(new Date(Number.NaN))).toThrow(/cannot encode the value: an invalid Date cannot be sent/);
    expect(() => hexOf({ when: new Date('+010000-01-01T00:00:00Z') })).toThrow(/cannot encode value\.when: datetime: year 10000 is outside Python's 1\.\.9999/);
    expect(() => new Codec({ timeZone: 'Asia/Tokyo' }).encode(new Date('-000005-06-01T00:00:00Z'))).toThrow(/year -5 is outside/);
  });

  it('refuses malformed date and datetime tags from the server, saying where they were', () => {
    const tag = (name: string, payload: string) => `81b95f5f63657265616c5f6c617a65725f696e7374616e63655f5f92${name}${payload}`;
    const date = 'a464617465';
    expect(() => decoded(`92c0${tag(date, '93cd07e40d01')}`)).toThrow(/cannot decode payload\[1\]: date: month 13 is not 1\.\.12/);
    expect(() => decoded(tag(date, '92cd07e401'))).toThrow(/a date must carry \[Y, M, D\], not an array of 2/);
    expect(() => decoded(tag('a86461746574696d65', '92930102030c'))).toThrow(/a datetime must carry/);
  });
});

describe('Codec: the RPC envelope', () => {
  it('writes and reads the payloads the recorded calls sent', () => {
    const codec = new Codec();
    expect(codec.encodeCall([1, 20, 300, 'x'], { k: [true, null] })).toBe('82a461726773940114cd012ca178a66b776172677381a16b92c3c0');
    expect(codec.encodeCall([[1, 2], 1.5, Uint8Array.of(0, 255)], { nested: { a: { b: [1.25] } } })).toBe(
      '82a46172677393920102cb3ff8000000000000c40200ffa66b776172677381a66e657374656481a16181a16291cb3ff4000000000000',
    );
    expect(codec.encodeCall([], { what_to_say: 'hello' })).toBe('82a46172677390a66b776172677381ab776861745f746f5f736179a568656c6c6f');
    expect(codec.encodeCall(['Hi', 'Bob'])).toBe('82a46172677392a24869a3426f62a66b776172677380');
    const dated = '82a4617267739381b95f5f63657265616c5f6c617a65725f696e7374616e63655f5f92a46461746593cd07e4021d81b95f5f63657265616c5f6c617a65725f696e7374616e63655f5f92a86461746574696d659296cd07e4021d0d0e0fc081b95f5f63657265616c5f6c617a65725f696e7374616e63655f5f92a373657493010203a66b776172677380';
    const args = [new PyDate(2020, 2, 29), new PyDateTime(2020, 2, 29, 13, 14, 15), new Set([1, 2, 3])];
    expect(codec.encodeCall(args, {})).toBe(dated);
    expect(codec.decodeCall(dated)).toStrictEqual({ args, kwargs: {} });
  });

  it('names the argument that cannot be sent', () => {
    const codec = new Codec();
    expect(() => codec.encodeCall([{ a: [1, new Map([[2, 'x']])] }], {})).toThrow(
      /cannot encode args\[0\]\.a\[1\]: a dict key must be a string \(the server's msgpack refuses other keys\), got the number 2 in a Map/,
    );
    expect(() => codec.encodeCall([], { 'odd key': () => 1 })).toThrow(/cannot encode kwargs\["odd key"\]: a function has no Python equivalent/);
    expect(() => codec.encodeCall('x' as unknown as unknown[], {})).toThrow(/cannot encode args: expected an array of arguments, got the string "x"/);
    expect(() => codec.encodeCall([], [] as unknown as Record<string, unknown>)).toThrow(/cannot encode kwargs: expected a plain object/);
    expect(() => codec.encodeCall([Symbol('s')], {})).toThrow(/cannot encode args\[0\]: a symbol has no Python equivalent/);
  });

  it('checks the shape of a call it reads', () => {
    const codec = new Codec();
    expect(() => codec.decodeCall(codec.encode({ args: [] }))).toThrow(/the payload has no "kwargs" dict/);
    expect(() => codec.decodeCall(codec.encode(['x']))).toThrow(/the payload has no "args" list/);
  });
});

describe('Codec: refusals', () => {
  it('refuses keys reserved for cereal tags, which the server would read as a tagged object', () => {
    expect(() => hexOf({ __cereal_lazer_instance__: ['Computer', { id: 1 }] })).toThrow(/reserved/);
    expect(() => hexOf(new Map([['__cereal_lazer_class__', 'X']]))).toThrow(/reserved/);
  });

  it('refuses cycles and absurd depth', () => {
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(() => hexOf(cycle)).toThrow(/nested deeper than 512 levels \(is there a cycle\?\)/);
    expect(() => decoded(`${'91'.repeat(600)}c0`)).toThrow(/nested deeper than 512 levels/);
  });

  it('refuses class instances nobody registered, naming the class', () => {
    expect(() => hexOf([new Point(1, 2)])).toThrow(/cannot encode value\[0\]: a Point has no Python equivalent; register its type with client\.codec\.register\(name, \{ test, encode, decode \}\)/);
  });

  it.each([
    ['zz', /cannot decode the payload: "z" at index 0 of the hex string is not a hex digit/],
    ['0g', /"g" at index 1 of the hex string is not a hex digit/],
    ['c', /the hex string has an odd length \(1\)/],
    ['', /cannot decode the payload: it is empty/],
    ['92', /cannot decode the payload: it is truncated \(its 1 bytes end inside a value\)/],
    ['a56865', /it is truncated/],
    ['cb3ff8', /it is truncated/],
    ['0000', /cannot decode the payload: bytes follow the value/],
    ['c1', /cannot decode the payload: it is not valid msgpack \(Unrecognized type byte: 0xc1\)/],
    ['d40100', /msgpack extension types are not part of cereal-lazer's format/],
    ['d6ff00000000', /msgpack extension types are not part of cereal-lazer's format/],
    ['8101a178', /a dict key must be a string, got an int \(1\)/],
    ['81cb3ff8000000000000a178', /a dict key must be a string, got a float \(1\.5\)/],
    ['81c40100a178', /a dict key must be a string, got bytes/],
  ])('refuses the bad payload %j with a CodecError that says why', (hex, message) => {
    let error: unknown;
    try {
      decoded(hex);
    } catch (caught) {
      error = caught;
    }
    expect(CodecError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses a non-string payload', () => {
    expect(() => new Codec().decode(42 as unknown as string)).toThrow(/cannot decode the payload: expected a hex string, got number/);
  });

  it('accepts upper-case hex, as the server does', () => {
    expect(decoded('A568656C6C6F')).toBe('hello');
  });

  it('refuses a "__proto__" key from the server without touching any prototype', () => {
    // {"__proto__": {"polluted": true}}
    expect(() => decoded('81a95f5f70726f746f5f5f81a8706f6c6c75746564c3')).toThrow(/a dict key is "__proto__", which the client refuses/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses malformed tags', () => {
    const instance = '81b95f5f63657265616c5f6c617a65725f696e7374616e63655f5f';
    expect(() => decoded(`${instance}a178`)).toThrow(/an instance tag must hold \[TYPE_NAME, PAYLOAD\], not the string "x"/);
    expect(() => decoded(`${instance}93a178c0c0`)).toThrow(/an instance tag must hold/);
    expect(() => decoded(`${instance}9201c0`)).toThrow(/an instance tag must hold/);
    expect(() => decoded('81b65f5f63657265616c5f6c617a65725f636c6173735f5f01')).toThrow(/a class tag must hold a class name, not the number 1/);
  });

  it('keeps working after a failure, in both directions', () => {
    const codec = new Codec();
    expect(() => codec.encode([1, 'two', () => 3])).toThrow(CodecError);
    expect(codec.encode([1, 'two'])).toBe('9201a374776f');
    expect(() => codec.decode('9301a374776f')).toThrow(/truncated/);
    expect(codec.decode('9201a374776f')).toEqual([1, 'two']);
  });

  it('refuses an unknown time zone option', () => {
    expect(() => new Codec({ timeZone: 'Nowhere/Special' })).toThrow(/unknown time zone "Nowhere\/Special"/);
  });
});
