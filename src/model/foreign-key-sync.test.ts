/**
 * A to-one relation and its foreign key column never disagree, whichever of them the user sets,
 * and what a save sends follows from that (the reference datamodel: Computer.owner / owner_id).
 */
import { describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { harness, runSave, type DynamicEntity } from '../../test/support/save-harness.js';

const list = (entity: DynamicEntity, relation: string) => entity[relation] as DynamicEntity[];

describe('a to-one and its foreign key', () => {
  it('c.owner = null, = another saved person, = a new person: the key follows', async () => {
    const { client, server, model } = await harness();
    const box = await firstValueFrom(model('Computer').get(3));
    const alice = await firstValueFrom(model('Person').get(1));
    box['owner'] = null;
    expect(box['owner_id']).toBeNull();
    box['owner'] = alice;
    expect(box['owner_id']).toBe(1);
    const maurice = model('Person').create({ name: 'Maurice' });
    box['owner'] = maurice;
    // Not known until Maurice is created (never the previous owner's key).
    expect(box['owner_id']).toBeUndefined();
    const { error } = await runSave(client.save());
    expect(error).toBeUndefined();
    expect(box['owner_id']).toBe(maurice['id']);
    expect(box.isDirty).toBe(false);
    expect(server.row('Computer', 3)?.['owner_id']).toBe(maurice['id']);
  });

  it('c.owner_id = n picks the entity of n when the store has it, and both lists follow', async () => {
    const { client, server, model } = await harness();
    const alice = await firstValueFrom(model('Person').get(1));
    const box = await firstValueFrom(model('Computer').get(3));
    const bob = box['owner'] as DynamicEntity;
    await firstValueFrom(model('Person').get(2));
    expect(list(bob, 'computers')).toContain(box);
    box['owner_id'] = 1;
    expect(box['owner']).toBe(alice);
    expect(list(alice, 'computers')).toContain(box);
    expect(list(bob, 'computers')).not.toContain(box);
    await runSave(client.save());
    expect(server.writes()).toEqual([{ route: 'PUT /api/compjutahs/3', body: { owner_id: 1 } }]);
    expect(box.isDirty).toBe(false);
    expect(alice.isDirty).toBe(false);
    expect(bob.isDirty).toBe(false);
  });

  it('c.owner_id = n for a row the store does not have: the relation is unknown until the save brings it', async () => {
    const { client, server, model } = await harness();
    const box = await firstValueFrom(model('Computer').get(3));
    box['owner_id'] = 3;
    expect(box['owner']).toBeUndefined();
    const { error } = await runSave(client.save());
    expect(error).toBeUndefined();
    expect(server.writes()).toEqual([{ route: 'PUT /api/compjutahs/3', body: { owner_id: 3 } }]);
    expect((box['owner'] as DynamicEntity)['name']).toBe('Carol');
    expect(box.isDirty).toBe(false);
  });

  it('c.owner_id = null clears the relation; setting the old key back makes both clean again', async () => {
    const { model } = await harness();
    const box = await firstValueFrom(model('Computer').get(3));
    const bob = box['owner'];
    box['owner_id'] = null;
    expect(box['owner']).toBeNull();
    box['owner_id'] = 2;
    expect(box['owner']).toBe(bob);
    expect(box.isDirty).toBe(false);
  });

  it("taking a child out of its parent's list clears its key", async () => {
    const { client, server, model } = await harness();
    const alice = await firstValueFrom(model('Person').get(1));
    const laptop = list(alice, 'computers')[0]!;
    list(alice, 'computers').splice(0, 1);
    expect(laptop['owner']).toBeNull();
    expect(laptop['owner_id']).toBeNull();
    await runSave(client.save());
    expect(server.row('Computer', laptop['id'] as number)?.['owner_id']).toBeNull();
  });
});

describe('deleting the target of a to-one', () => {
  it("clears the key of every entity that pointed at it, though the target's list was never loaded", async () => {
    const { client, server, model } = await harness();
    const box = await firstValueFrom(model('Computer').get(3));
    const bob = box['owner'] as DynamicEntity;
    expect(bob['computers']).toBeUndefined();
    await firstValueFrom(bob.delete(), { defaultValue: undefined });
    expect(box['owner']).toBeNull();
    expect(box['owner_id']).toBeNull();
    expect(box.isDirty).toBe(false);
    box['vendor'] = 'Robot';
    await runSave(client.save());
    expect(server.writes().at(-1)).toEqual({ route: 'PUT /api/compjutahs/3', body: { vendor: 'Robot' } });
  });

  it('clears an unsaved assignment of it, so that a save never sends its key', async () => {
    const { client, server, model } = await harness();
    const carol = await firstValueFrom(model('Person').get(3));
    const box = await firstValueFrom(model('Computer').get(3));
    box['owner'] = carol;
    await firstValueFrom(carol.delete(), { defaultValue: undefined });
    expect(box['owner']).toBeNull();
    expect(box['owner_id']).toBeNull();
    expect(() => {
      box['owner'] = carol;
    }).toThrow(/was deleted/);
    await runSave(client.save());
    const sent = server.writes().filter((write) => write.route.startsWith('PUT'));
    expect(sent).toEqual([{ route: 'PUT /api/compjutahs/3', body: { owner_id: null } }]);
  });
});
