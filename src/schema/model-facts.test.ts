import { describe, expect, it } from 'vitest';
import { recordedDatamodel } from '../../mocks/datamodel.js';
import { seedSchema } from '../../mocks/seed.js';
import { connect } from '../client.js';
import { ValidationError } from '../errors.js';
import type { DynamicEntity } from '../model/types.js';
import type { SchemaFacts } from './model-facts.js';

const offline = (schema: unknown) => connect({ url: 'http://h', datamodel: recordedDatamodel, schema: schema as SchemaFacts });

describe('connect({ schema })', () => {
  it('refuses a model or column the datamodel does not have, and a column that is not an enum, at connect()', async () => {
    for (const [schema, message] of [
      [{ Zoo: { enums: { an_enum: ['red'] } } }, /no model "Zoo"/],
      [{ TypeZoo: { enums: { a_colour: ['red'] } } }, /TypeZoo.a_colour is not an enum column/],
      [{ TypeZoo: { enums: { a_string: ['red'] } } }, /TypeZoo.a_string is not an enum column/],
      [{ TypeZoo: { enums: { an_enum: 'red' } } }, /list of strings/],
      [{ TypeZoo: { enums: { an_enum: ['red', 3] } } }, /list of strings/],
      [{ TypeZoo: { enum: { an_enum: ['red'] } } }, /"enum", which is not a fact/],
      [{ TypeZoo: null }, /must be an object/],
    ] as const) {
      const error = await offline(schema).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toMatch(message);
    }
  });

  it("takes the emulator's schema object as it is (the client uses its enums)", async () => {
    const client = await offline(seedSchema);
    const zoo = client.models['TypeZoo']!.create({ an_enum: 'red' });
    expect(() => {
      zoo['an_enum'] = 'purple';
    }).toThrow(/one of red, green, blue/);
  });

  it('without it, any string is taken for an enum column (the datamodel does not list the values)', async () => {
    const client = await offline(undefined);
    expect(client.models['TypeZoo']!.create({ an_enum: 'purple' })['an_enum']).toBe('purple');
  });

  it('copies the lists: changing the option object afterwards changes nothing', async () => {
    const colours = ['red', 'green', 'blue'];
    const client = await offline({ TypeZoo: { enums: { an_enum: colours } } });
    colours.push('purple');
    expect(() => client.models['TypeZoo']!.create({ an_enum: 'purple' })).toThrow(ValidationError);
  });

  it("a subclass follows its parent's enums (one table)", async () => {
    const datamodel = structuredClone(recordedDatamodel) as unknown as Record<string, { attributes: Record<string, string> }>;
    datamodel['Employee']!.attributes['grade'] = 'enum';
    datamodel['Manager']!.attributes['grade'] = 'enum';
    const client = await connect({ url: 'http://h', datamodel, schema: { Employee: { enums: { grade: ['junior', 'senior'] } } } });
    const manager = client.models['Manager']!.create({ grade: 'senior' }) as DynamicEntity;
    expect(() => {
      manager['grade'] = 'boss';
    }).toThrow(/Manager.grade: the enum takes one of junior, senior/);
    expect(() => client.models['Manager']!.query.filter((m) => m['grade']!.eq('boss'))).toThrow(ValidationError);
  });
});
