import { describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { extendedDatamodel } from '../../test/support/extended-datamodel.js';
import { harness, ofType, runSave, type DynamicEntity } from '../../test/support/save-harness.js';
import { ValidationError } from '../errors.js';
import { stateOf, type EntityState } from '../store/entity-state.js';
import { needsOf } from './collect.js';

const state = (entity: object): EntityState => {
  const found = stateOf(entity);
  if (!found) throw new TypeError('not an entity');
  return found;
};
const list = (entity: DynamicEntity, relation: string) => entity[relation] as DynamicEntity[];

describe('needsOf: what entity.save() takes along', () => {
  it('the entity and the new entities it refers to, transitively; saved and unrelated ones stay out', async () => {
    const { client, model } = await harness({ datamodel: extendedDatamodel });
    const alice = await firstValueFrom(model('Person').get(1));
    const maurice = model('Person').create({ name: 'Maurice' });
    const beast = model('Computer').create({ name: 'TheBeast', owner: maurice });
    const fan = model('Person').create({ name: 'Fan', favourite: beast });
    const other = model('Computer').create({ name: 'other', owner: alice });
    model('Tag').create({ name: 'unrelated' });
    alice['name'] = 'Alicia';
    expect(needsOf(state(fan), client.datamodel)).toEqual([state(fan), state(beast), state(maurice)]);
    expect(needsOf(state(other), client.datamodel)).toEqual([state(other)]);
  });

  it('a parent and the new children its list holds (their foreign keys carry the list)', async () => {
    const { client, model } = await harness();
    const one = model('Computer').create({ name: 'one' });
    const two = model('Computer').create({ name: 'two' });
    const jen = model('Person').create({ name: 'Jen', computers: [one, two] });
    expect(needsOf(state(jen), client.datamodel)).toEqual([state(jen), state(one), state(two)]);
  });
});

describe('entity.save() saves that entity and what it needs, nothing else', () => {
  it('beast.save() creates maurice (inside beast\'s POST), then beast; roy, an edited row and an unrelated tag stay pending', async () => {
    const { server, model } = await harness();
    const alice = await firstValueFrom(model('Person').get(1));
    const maurice = model('Person').create({ name: 'Maurice' });
    const roy = model('Person').create({ name: 'Roy' });
    const beast = model('Computer').create({ name: 'TheBeast', vendor: 'Pear', owner: maurice });
    const tag = model('Tag').create({ name: 'unrelated' });
    alice['name'] = 'Alicia';
    const { events, error } = await runSave(beast.save());
    expect(error).toBeUndefined();
    expect(ofType(events, 'created').map((event) => event.entity)).toEqual([maurice, beast]);
    expect(server.writes()).toEqual([{ route: 'POST /api/compjutahs', body: { name: 'TheBeast', vendor: 'Pear', owner: { name: 'Maurice' } } }]);
    expect([roy.isNew, tag.isNew, alice.dirtyFields]).toEqual([true, true, ['name']]);
    expect(server.row('Person', 1)?.['name']).toBe('Alice');
  });

  it('a new parent with new children: the parent first, then the children with its key; all clean', async () => {
    const { server, model } = await harness();
    const one = model('Computer').create({ name: 'one' });
    const two = model('Computer').create({ name: 'two' });
    const jen = model('Person').create({ name: 'Jen', computers: [one, two] });
    const { error } = await runSave(jen.save());
    expect(error).toBeUndefined();
    const id = jen['id'] as number;
    expect(server.writes()).toEqual([
      { route: 'POST /api/person', body: { name: 'Jen' } },
      { route: 'POST /api/compjutahs', body: { name: 'one', owner_id: id } },
      { route: 'POST /api/compjutahs', body: { name: 'two', owner_id: id } },
    ]);
    expect((server.row('Person', id)?.['computers'] as unknown[]).length).toBe(2);
    expect([jen.isDirty, one.isDirty, two.isDirty]).toEqual([false, false, false]);
    expect(one['owner']).toBe(jen);
  });

  it('a new child pushed onto a saved parent is created with the parent key; the parent sends nothing', async () => {
    const { server, model } = await harness();
    const carol = await firstValueFrom(model('Person').get(3));
    const laptop = model('Computer').create({ name: 'carol-new' });
    list(carol, 'computers').push(laptop);
    expect(carol.isDirty).toBe(true);
    const { error } = await runSave(carol.save());
    expect(error).toBeUndefined();
    expect(server.writes()).toEqual([{ route: 'POST /api/compjutahs', body: { name: 'carol-new', owner_id: 3 } }]);
    expect([carol.isDirty, laptop.isDirty]).toEqual([false, false]);
  });

  it('a child removed from a saved parent gets a null foreign key; a child moved to another parent, the new key', async () => {
    const { server, model } = await harness();
    const alice = await firstValueFrom(model('Person').get(1));
    const bob = await firstValueFrom(model('Person').get(2));
    const [laptop, desktop] = list(alice, 'computers');
    list(alice, 'computers').splice(list(alice, 'computers').indexOf(desktop!), 1);
    list(bob, 'computers').push(laptop!);
    expect(laptop!['owner']).toBe(bob);
    const { error } = await runSave(alice.save());
    expect(error).toBeUndefined();
    // Concurrent PUTs (the one naming Bob checks first that he still exists): any order.
    expect(server.writes()).toHaveLength(2);
    expect(server.writes()).toEqual(expect.arrayContaining([
      { route: `PUT /api/compjutahs/${String(laptop!['id'])}`, body: { owner_id: 2 } },
      { route: `PUT /api/compjutahs/${String(desktop!['id'])}`, body: { owner_id: null } },
    ]));
    expect(server.row('Computer', desktop!['id'] as number)?.['owner_id']).toBeNull();
    expect([alice.isDirty, bob.isDirty, laptop!.isDirty, desktop!.isDirty]).toEqual([false, false, false, false]);
  });

  it('tag.save() sends the links the tag gained itself when the article is not part of the save', async () => {
    const { client, server, model } = await harness();
    const rest = await firstValueFrom(model('Tag').get(3));
    const plain = await firstValueFrom(model('Article').get(2));
    list(rest, 'articles').push(plain);
    const { error } = await runSave(rest.save());
    expect(error).toBeUndefined();
    expect(server.writes()).toEqual([{ route: 'PUT /api/tag/3', body: { articles: { add: [{ id: 2 }], remove: [] } } }]);
    expect([rest.isDirty, plain.isDirty]).toEqual([false, false]);
    await runSave(client.save());
    expect(server.writes()).toHaveLength(1);
  });

  it('a link made on the tag side is saved even when the article side does not show it (its tags not loaded)', async () => {
    const { client, server, model } = await harness();
    const python = await firstValueFrom(model('Tag').get(1));
    const intro = list(python, 'articles')[0]!;
    const rest = await firstValueFrom(model('Tag').get(3));
    list(rest, 'articles').push(intro);
    const { error } = await runSave(client.save());
    expect(error).toBeUndefined();
    expect(server.writes()).toEqual([{ route: 'PUT /api/tag/3', body: { articles: { add: [{ id: 1 }], remove: [] } } }]);
    expect((server.row('Article', 1)?.['tags'] as Array<{ name: string }>).map((tag) => tag.name).sort()).toEqual(['flask', 'python', 'rest']);
    expect(rest.isDirty).toBe(false);
  });

  it('a clean entity saves nothing; a deleted one refuses', async () => {
    const { server, model } = await harness();
    const bob = await firstValueFrom(model('Person').get(2));
    const { events } = await runSave(bob.save());
    expect(events).toEqual([{ type: 'planned', levels: [] }, { type: 'completed', created: 0, updated: 0, failed: 0, skipped: 0 }]);
    await firstValueFrom(bob.delete(), { defaultValue: undefined });
    const { error } = await runSave(bob.save());
    expect(error).toBeInstanceOf(ValidationError);
    expect(server.writes().map((write) => write.route)).toEqual(['DELETE /api/person/2']);
  });
});
