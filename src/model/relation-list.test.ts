import { describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { recordedDatamodel } from '../../mocks/datamodel.js';
import { connect } from '../client.js';
import { ValidationError } from '../errors.js';
import type { DynamicEntity } from './types.js';

const PEOPLE = {
  num_results: 2,
  page: 1,
  total_pages: 1,
  objects: [
    { id: 1, name: 'Alice', birth_date: null, computers: [{ id: 1, name: 'laptop', owner_id: 1, vendor: 'Pear', purchase_time: null }] },
    { id: 2, name: 'Jen', birth_date: null, computers: [] },
  ],
};

async function loaded() {
  const client = await connect({
    url: 'http://h',
    datamodel: recordedDatamodel,
    fetch: async () => new Response(JSON.stringify(PEOPLE), { headers: { 'Content-Type': 'application/json' } }),
  });
  const [alice, jen] = (await firstValueFrom(client.models['Person']!.all())) as [DynamicEntity, DynamicEntity];
  const laptop = (alice['computers'] as DynamicEntity[])[0]!;
  return { client, alice, jen, laptop };
}

describe('to-many relations as tracked arrays', () => {
  it('push moves the child: its owner and foreign key follow, its old owner lets go', async () => {
    const { alice, jen, laptop } = await loaded();
    const jensComputers = jen['computers'] as DynamicEntity[];
    jensComputers.push(laptop);
    expect(laptop['owner']).toBe(jen);
    expect(laptop['owner_id']).toBe(2);
    expect(alice['computers']).toEqual([]);
    expect(jensComputers).toHaveLength(1);
    expect(jen['computers']).toBe(jensComputers);
    expect(Array.isArray(jensComputers)).toBe(true);
    expect(laptop.dirtyFields).toEqual(['owner', 'owner_id']);
  });

  it('assigning the to-one updates both loaded lists', async () => {
    const { alice, jen, laptop } = await loaded();
    laptop['owner'] = jen;
    expect(jen['computers']).toEqual([laptop]);
    expect(alice['computers']).toEqual([]);
    laptop['owner'] = null;
    expect(jen['computers']).toEqual([]);
    expect(laptop['owner_id']).toBeNull();
  });

  it('splice and index assignment are tracked; an undo makes the fields clean again', async () => {
    const { alice, laptop } = await loaded();
    const list = alice['computers'] as DynamicEntity[];
    list.splice(0, 1);
    expect(laptop['owner']).toBeNull();
    expect(alice.isDirty).toBe(true);
    list[0] = laptop;
    expect(laptop['owner']).toBe(alice);
    expect(laptop.isDirty).toBe(false);
    expect(alice.isDirty).toBe(false);
  });

  it('new children join a new parent and hold it as owner', async () => {
    const { client } = await loaded();
    const { Person, Computer } = client.models;
    const maurice = Person!.create({ name: 'Maurice' });
    const beast = Computer!.create({ name: 'TheBeast' });
    (maurice['computers'] as DynamicEntity[]).push(beast);
    expect(beast['owner']).toBe(maurice);
    expect(beast['owner_id']).toBeUndefined();
  });

  it('refuses what is not an entity of the right model, changing nothing', async () => {
    const { alice, jen } = await loaded();
    const list = alice['computers'] as unknown[];
    expect(() => list.push(jen)).toThrow(ValidationError);
    expect(() => list.push({ id: 3 })).toThrow(ValidationError);
    expect(list).toHaveLength(1);
    expect(alice.isDirty).toBe(false);
  });
});
