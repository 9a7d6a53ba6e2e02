import { describe, expect, it } from 'vitest';
import { Codec } from './codec.js';
import { EMULATED, isEmulated, type EmulatedObject } from './emulated-object.js';
import { PyDate } from './py-date.js';

const decoded = (hex: string): unknown => new Codec().decode(hex);

describe('Codec: emulated objects', () => {
  class Bag {}
  /** What cereal-lazer's serialize_naively=True sends for a Bag, made by a codec playing the server. */
  function naiveBag(): string {
    const server = new Codec();
    server.register('Bag', {
      test: (value) => value instanceof Bag,
      encode: () => ({
        class_name: 'Bag',
        callable: ['add'],
        attributes: { size: server.encode(2), since: server.encode(new PyDate(2020, 1, 2)), constructor: server.encode('c') },
        raisers: { broken: ['boom', 'ValueError'] },
        iterable: [server.encode('a'), server.encode(1)],
      }),
      decode: () => new Bag(),
    });
    return server.encode(new Bag());
  }

  it('reads attributes, lists methods that throw how to register, raises recorded errors and iterates', () => {
    const bag = new Codec().decode(naiveBag()) as EmulatedObject;
    expect({ ...bag }).toStrictEqual({ size: 2, since: new PyDate(2020, 1, 2), constructor: 'c' });
    expect(bag[EMULATED].methods).toEqual(['add']);
    expect(() => (bag['add'] as () => unknown)()).toThrow(/Bag\.add\(\) cannot run in the client: Bag is a server class the client does not know\. Register it with client\.codec\.register\('Bag'/);
    expect(() => bag['broken']).toThrow(/reading Bag\.broken raised ValueError on the server: boom/);
    expect([...(bag as Iterable<unknown>)]).toEqual(['a', 1]);
    expect(bag[EMULATED].items).toEqual(['a', 1]);
    expect(`${String(bag)}`).toBe('<emulated Bag>');
    expect(Object.isFrozen(bag)).toBe(true);
  });

  it('emulates what cereal-lazer 0.1.6 itself sends in naive mode (an iterable Basket with a raising property)', () => {
    // Cereal(serialize_naively=True).dumps(basket), recorded with msgpack 1.0.3.
    const hex =
      '81b95f5f63657265616c5f6c617a65725f696e7374616e63655f5f92a64261736b657485aa636c6173735f6e616d65a64261736b6574a863616c6c61626c6591a3616464aa6174747269627574657383a65f6974656d73ac393261333635363736373033a56f776e6572a86133343136653665a573696e6365d94e383162393566356636333635373236353631366335663663363137613635373235663639366537333734363136653633363535663566393261343634363137343635393363643037653430313032a77261697365727381a662726f6b656e92a86e6f207072696365aa56616c75654572726f72a86974657261626c6592a86133363536373637a23033';
    const basket = new Codec().decode(hex) as EmulatedObject;
    expect(basket[EMULATED].className).toBe('Basket');
    expect({ ...basket }).toStrictEqual({ _items: ['egg', 3], owner: 'Ann', since: new PyDate(2020, 1, 2) });
    expect([...(basket as Iterable<unknown>)]).toEqual(['egg', 3]);
    expect(() => basket['broken']).toThrow('reading Basket.broken raised ValueError on the server: no price');
    expect(() => (basket['add'] as (item: string) => void)('milk')).toThrow(/Basket\.add\(\) cannot run in the client/);
    expect(new Codec().encode(basket)).toBe(hex);
  });

  it('sends an emulated object back as it came', () => {
    const hex = naiveBag();
    expect(new Codec().encode(new Codec().decode(hex))).toBe(hex);
  });

  it('refuses it in strict mode, saying where it was', () => {
    expect(() => new Codec({ strict: true }).decode(new Codec().encode([1, new Codec().decode(naiveBag())]))).toThrow(
      /cannot decode payload\[1\]: an instance of 'Bag', a class the client does not know \(strict mode\)/,
    );
  });

  it('emulates a non-dict payload with no attributes, keeping the payload', () => {
    const value = decoded(`81b95f5f63657265616c5f6c617a65725f696e7374616e63655f5f92a7446563696d616ca3312e35`) as EmulatedObject;
    expect(value[EMULATED]).toStrictEqual({ className: 'Decimal', payload: '1.5', methods: [], items: undefined });
    expect(Object.keys(value)).toEqual([]);
    expect(isEmulated({})).toBe(false);
  });

  it('says which attribute of a naive description is broken', () => {
    const server = new Codec();
    server.register('Bag', {
      test: (value) => value instanceof Bag,
      encode: () => ({ class_name: 'Bag', callable: [], attributes: { size: 'zz' }, raisers: {} }),
      decode: () => new Bag(),
    });
    expect(() => new Codec().decode(server.encode(new Bag()))).toThrow(/cannot decode payload\.size: "z" at index 0 of the hex string is not a hex digit/);
  });
});
