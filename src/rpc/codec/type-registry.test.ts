import { describe, expect, it } from 'vitest';
import { CodecError } from '../../errors.js';
import { Codec } from './codec.js';
import { EMULATED, isEmulated, type EmulatedObject } from './emulated-object.js';
import { PyDate } from './py-date.js';

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}
const pointType = {
  test: (value: unknown) => value instanceof Point,
  encode: (point: Point) => [point.x, point.y],
  decode: (data: unknown) => new Point(...(data as [number, number])),
};

describe('Codec.register', () => {
  it('sends and reads a registered type under its Python name, nested types decoded first', () => {
    const codec = new Codec();
    codec.register('Point', pointType);
    const hex = codec.encode({ at: new Point(1, 2) });
    expect(hex).toBe('81a2617481b95f5f63657265616c5f6c617a65725f696e7374616e63655f5f92a5506f696e74920102');
    expect(codec.decode(hex)).toStrictEqual({ at: new Point(1, 2) });

    class Stamp {
      constructor(readonly day: PyDate) {}
    }
    const seen: unknown[] = [];
    codec.register('Stamp', { test: () => false, encode: () => null, decode: (data) => seen.push(data) });
    const other = new Codec();
    other.register('Stamp', { test: (value) => value instanceof Stamp, encode: (stamp: Stamp) => [stamp.day], decode: (data) => data });
    codec.decode(other.encode(new Stamp(new PyDate(2020, 1, 2))));
    expect(seen).toStrictEqual([[new PyDate(2020, 1, 2)]]);
  });

  it('keeps registrations per codec', () => {
    const codec = new Codec();
    codec.register('Point', pointType);
    expect(() => new Codec().encode(new Point(1, 2))).toThrow(CodecError);
    expect(isEmulated(new Codec().decode(codec.encode(new Point(1, 2))))).toBe(true);
  });

  it('replaces an entry registered again', () => {
    const codec = new Codec();
    codec.register('Point', pointType);
    codec.register('Point', { ...pointType, encode: (point: Point) => ({ x: point.x, y: point.y }) });
    expect(codec.encode(new Point(1, 2))).toContain('82a17801a17902');
  });

  it.each(['', '__proto__', 'constructor', 'prototype'])('refuses the name %j', (name) => {
    expect(() => new Codec().register(name, pointType)).toThrow(/cannot register the type name .*: it must be a non-empty name other than __proto__, constructor or prototype/);
  });

  it('refuses the built-in names and incomplete entries', () => {
    expect(() => new Codec().register('date', pointType)).toThrow(/cannot register 'date': it is built in/);
    expect(() => new Codec().register('Point', { ...pointType, decode: undefined } as unknown as typeof pointType)).toThrow(/cannot register 'Point': decode must be a function/);
  });

  it('wraps what a hook throws, keeping it as the cause', () => {
    const boom = new RangeError('boom');
    const codec = new Codec();
    codec.register('Point', { ...pointType, encode: () => { throw boom; }, decode: () => { throw boom; } });
    let error: unknown;
    try {
      codec.encode([new Point(1, 2)]);
    } catch (caught) {
      error = caught;
    }
    expect((error as Error).message).toBe("cannot encode value[0]: the encode of registered type 'Point' threw: boom");
    expect((error as Error).cause).toBe(boom);
    const other = new Codec();
    other.register('Point', pointType);
    expect(() => codec.decode(other.encode(new Point(1, 2)))).toThrow(/the decode of registered type 'Point' threw: boom/);
  });

  it('lets a hook call the codec again', () => {
    const codec = new Codec();
    // The payload is itself a hex string, as cereal's naive mode nests them.
    codec.register('Point', {
      test: (value) => value instanceof Point,
      encode: (point: Point) => codec.encode([point.x, point.y]),
      decode: (data) => new Point(...(codec.decode(data as string) as [number, number])),
    });
    expect(codec.encode(new Point(1, 2))).toBe('81b95f5f63657265616c5f6c617a65725f696e7374616e63655f5f92a5506f696e74a6393230313032');
    expect(codec.decode(codec.encode([new Point(1, 2)]))).toStrictEqual([new Point(1, 2)]);
  });

  it('never resolves server-sent type names through a prototype', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const hex = new Codec().encode(new Codec().decode(`81b95f5f63657265616c5f6c617a65725f696e7374616e63655f5f92a44e6f706580`.replace('a44e6f7065', strHex(name))));
      const value = new Codec().decode(hex) as EmulatedObject;
      expect(value[EMULATED].className).toBe(name);
    }
  });
});

function strHex(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return (0xa0 | bytes.length).toString(16) + Buffer.from(bytes).toString('hex');
}
