import { describe, expect, it } from 'vitest';
import { Codec } from './codec.js';
import type { ModelResolver } from './model-resolver.js';

describe('Codec: model instances', () => {
  class Entity {
    constructor(
      readonly model: string,
      readonly id: number | undefined,
      readonly values: Record<string, unknown> = {},
    ) {}
  }
  const models: ModelResolver = {
    isModel: (name) => new Map([['Computer', true]]).get(name) === true,
    decodeInstance: (name, dict) => new Entity(name, dict['id'] as number, dict),
    encodeInstance: (value) =>
      value instanceof Entity ? { name: value.model, fields: value.id === undefined ? value.values : { id: value.id } } : undefined,
  };

  it('turns every model instance of a list into an entity (recorded all_computers answer)', () => {
    const hex = '9281b95f5f63657265616c5f6c617a65725f696e7374616e63655f5f92a8436f6d707574657286a2696401a46e616d65ac616c6963652d6c6170746f70a676656e646f72a450656172ad70757263686173655f74696d65b3323032302d30352d30315431303a33303a3030a86f776e65725f696401a56f776e657283a2696401a46e616d65a5416c696365aa62697274685f64617465aa313939302d30312d313581b95f5f63657265616c5f6c617a65725f696e7374616e63655f5f92a8436f6d707574657286a2696402a46e616d65ad616c6963652d6465736b746f70a676656e646f72a444756c6cad70757263686173655f74696d65b3323032312d30372d31345430383a30303a3035a86f776e65725f696401a56f776e657283a2696401a46e616d65a5416c696365aa62697274685f64617465aa313939302d30312d3135';
    const computers = new Codec({ models }).decode(hex) as Entity[];
    expect(computers.map((computer) => computer.id)).toEqual([1, 2]);
    expect(computers[1]!.values['owner']).toStrictEqual({ id: 1, name: 'Alice', birth_date: '1990-01-15' });
  });

  it('sends a saved entity by its primary key and a new one by its fields', () => {
    const codec = new Codec({ models });
    expect(codec.encodeCall([new Entity('Computer', 3)], {})).toBe(
      '82a4617267739181b95f5f63657265616c5f6c617a65725f696e7374616e63655f5f92a8436f6d707574657281a2696403a66b776172677380',
    );
    expect(codec.encodeCall([new Entity('Computer', undefined, { name: 'virtual', vendor: 'V' })], {})).toBe(
      '82a4617267739181b95f5f63657265616c5f6c617a65725f696e7374616e63655f5f92a8436f6d707574657282a46e616d65a77669727475616ca676656e646f72a156a66b776172677380',
    );
  });

  it('refuses a model instance without a dict, and a resolver answer without one', () => {
    const tag = '81b95f5f63657265616c5f6c617a65725f696e7374616e63655f5f92a8436f6d707574657201';
    expect(() => new Codec({ models }).decode(tag)).toThrow(/a Computer instance must carry a dict, not the number 1/);
    const broken: ModelResolver = { ...models, encodeInstance: () => ({ name: 'Computer', fields: null as unknown as Record<string, unknown> }) };
    expect(() => new Codec({ models: broken }).encode(new Entity('Computer', 1))).toThrow(/models\.encodeInstance returned no fields object for Computer/);
  });

  it('prefers a registered type to the resolver for the same name', () => {
    const codec = new Codec({ models });
    codec.register('Computer', { test: () => false, encode: () => null, decode: () => 'registered' });
    expect(codec.decode(new Codec({ models }).encode(new Entity('Computer', 1)))).toBe('registered');
  });
});
