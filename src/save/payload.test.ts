import { describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { extendedDatamodel } from '../../test/support/extended-datamodel.js';
import { harness, nestedObjects, runSave, type DynamicEntity } from '../../test/support/save-harness.js';
import { ValidationError } from '../errors.js';

const list = (entity: DynamicEntity, relation: string) => entity[relation] as DynamicEntity[];

describe('request bodies', () => {
  it('an update sends only the fields that changed', async () => {
    const { client, server, model } = await harness();
    const box = await firstValueFrom(model('Computer').get(3));
    const alice = await firstValueFrom(model('Person').get(1));
    box['vendor'] = 'Robot';
    alice['name'] = 'Alicia';
    alice['birth_date'] = alice['birth_date'];
    const bob = await firstValueFrom(model('Person').get(2));
    bob['name'] = 'Robert';
    bob['name'] = 'Bob';
    expect(bob.isDirty).toBe(false);
    const { error } = await runSave(client.save());
    expect(error).toBeUndefined();
    expect(server.writes()).toEqual([
      { route: 'PUT /api/compjutahs/3', body: { vendor: 'Robot' } },
      { route: 'PUT /api/person/1', body: { name: 'Alicia' } },
    ]);
  });

  it('a create sends the fields the user gave, not the empty relations it starts with', async () => {
    const { client, server, model } = await harness();
    model('Person').create({ name: 'Zoe' });
    model('Computer').create({ name: 'zoe-pc', vendor: 'Pear', purchase_time: null });
    await runSave(client.save());
    expect(server.writes().map((write) => write.body)).toEqual([{ name: 'Zoe' }, { name: 'zoe-pc', vendor: 'Pear', purchase_time: null }]);
  });

  it('a to-one with a foreign key column is sent as that column, once, even with both edited', async () => {
    const { client, server, model } = await harness();
    const box = await firstValueFrom(model('Computer').get(3));
    const carol = await firstValueFrom(model('Person').get(3));
    box['owner'] = carol;
    expect(box.dirtyFields).toEqual(expect.arrayContaining(['owner', 'owner_id']));
    const laptop = await firstValueFrom(model('Computer').get(1));
    laptop['owner'] = null;
    await runSave(client.save());
    // Concurrent PUTs (the one naming Carol checks first that she still exists): any order.
    expect(server.writes()).toHaveLength(2);
    expect(server.writes()).toEqual(expect.arrayContaining([
      { route: 'PUT /api/compjutahs/3', body: { owner_id: 3 } },
      { route: 'PUT /api/compjutahs/1', body: { owner_id: null } },
    ]));
    expect([box.isDirty, laptop.isDirty]).toEqual([false, false]);
    expect(server.row('Computer', 3)?.['owner']).toMatchObject({ id: 3, name: 'Carol' });
  });

  it('a to-one without a foreign key column is sent as a key-only object (or null)', async () => {
    const { client, server, model } = await harness({ datamodel: extendedDatamodel });
    const carol = await firstValueFrom(model('Person').get(3));
    const maurice = model('Person').create({ name: 'Maurice' });
    const byCarol = model('Article').create({ title: 'by Carol', author: carol });
    const byMaurice = model('Article').create({ title: 'by Maurice', author: maurice });
    const { error } = await runSave(client.save());
    expect(error).toBeUndefined();
    expect(server.writes()).toEqual([
      { route: 'POST /api/person', body: { name: 'Maurice' } },
      { route: 'POST /api/article', body: { title: 'by Carol', author: { id: 3 } } },
      { route: 'POST /api/article', body: { title: 'by Maurice', author: { id: maurice['id'] } } },
    ]);
    byCarol['author'] = null;
    await runSave(client.save());
    expect(server.writes().at(-1)).toEqual({ route: `PUT /api/article/${String(byCarol['id'])}`, body: { author: null } });
    expect(byMaurice['author']).toBe(maurice);
  });

  it('to-many edits of a saved entity are sent as add/remove of key-only objects', async () => {
    const { client, server, model } = await harness();
    const intro = await firstValueFrom(model('Article').get(1));
    const rest = await firstValueFrom(model('Tag').get(3));
    const tags = list(intro, 'tags');
    tags.splice(tags.findIndex((tag) => tag['name'] === 'flask'), 1);
    tags.push(rest);
    await runSave(client.save());
    expect(server.writes()).toEqual([{ route: 'PUT /api/article/1', body: { tags: { add: [{ id: 3 }], remove: [{ id: 2 }] } } }]);
    expect((server.row('Article', 1)?.['tags'] as Array<{ name: string }>).map((tag) => tag.name).sort()).toEqual(['python', 'rest']);
    expect([intro.isDirty, rest.isDirty]).toEqual([false, false]);
  });

  it('never sends a related object with its key and other fields (the server would write them to that row)', async () => {
    const { client, server, model } = await harness({ datamodel: extendedDatamodel });
    const [Person, Computer, Tag, Article] = ['Person', 'Computer', 'Tag', 'Article'].map(model) as [ReturnType<typeof model>, ReturnType<typeof model>, ReturnType<typeof model>, ReturnType<typeof model>];
    const carol = await firstValueFrom(Person.get(3));
    const python = await firstValueFrom(Tag.get(1));
    carol['name'] = 'Caroline';
    python['name'] = 'Python';
    const maurice = Person.create({ name: 'Maurice', computers: [Computer.create({ name: 'a' })] });
    const beast = Computer.create({ name: 'TheBeast', owner: carol });
    maurice['favourite'] = beast;
    Article.create({ title: 'New', author: carol, tags: [python, Tag.create({ name: 'fresh' })] });
    const box = await firstValueFrom(Computer.get(3));
    box['owner'] = maurice;
    const { error } = await runSave(client.save());
    expect(error).toBeUndefined();
    const writes = server.writes();
    expect(writes.length).toBeGreaterThan(6);
    const offending = writes.flatMap((write) => nestedObjects(write.body)).filter((object) => 'id' in object && Object.keys(object).length > 1);
    expect(offending).toEqual([]);
    expect(server.row('Person', 3)?.['name']).toBe('Caroline');
  });

  it('hybrids are never sent; a column association proxy, which no row carries, is an ordinary column', async () => {
    const { client, server, model } = await harness();
    server.seed('TypeZoo', { id: 1, a_string: 'x', an_integer: 2, double_integer: 4 });
    const zoo = await firstValueFrom(model('TypeZoo').get(1));
    expect(zoo['double_integer']).toBe(4);
    expect(() => {
      zoo['double_integer'] = 8;
    }).toThrow(ValidationError);
    zoo['an_integer'] = 3;
    // Assigned before any row was read, then a full row without owner_name arrives: the edit stays.
    const laptop = await firstValueFrom(model('Computer').get(1));
    laptop['owner_name'] = 'Mallory';
    await firstValueFrom(model('Computer').all());
    expect(laptop.dirtyFields).toEqual(['owner_name']);
    const { error } = await runSave(client.save());
    expect(error).toBeUndefined();
    expect(server.writes()).toEqual([
      { route: 'PUT /api/type_zoo/1', body: { an_integer: 3 } },
      { route: 'PUT /api/compjutahs/1', body: { owner_name: 'Mallory' } },
    ]);
  });

  it('a polymorphic subclass is created through its own collection, without the discriminator', async () => {
    const { client, server, model } = await harness();
    const ivy = model('Manager').create({ name: 'Ivy', reports: 4 });
    await runSave(client.save());
    expect(server.writes()).toEqual([{ route: 'POST /api/manager', body: { name: 'Ivy', reports: 4 } }]);
    expect(ivy['type']).toBe('manager');
    expect(ivy).toBeInstanceOf(model('Employee'));
  });

  it("datetimes go as the server's naive wall time in its zone", async () => {
    const { client, server, model } = await harness({ timeZone: 'Europe/Brussels' });
    model('Computer').create({ name: 'dated', purchase_time: new Date('2020-05-01T10:30:00Z') });
    await runSave(client.save());
    expect(server.writes()[0]?.body).toEqual({ name: 'dated', purchase_time: '2020-05-01T12:30:00' });
  });
});

describe('values changed in place after they were assigned', () => {
  it('are checked again when sent: a cycle put into a JSON value fails the entity with a ValidationError, nothing is sent', async () => {
    const h = await harness({ datamodel: extendedDatamodel });
    const zoo = h.model('TypeZoo').create({ a_json: { list: [1, 2] } });
    (zoo['a_json'] as Record<string, unknown>)['self'] = zoo['a_json'];
    const run = await runSave(h.client.save());
    expect(zoo.saveError).toBeInstanceOf(ValidationError);
    expect(String(zoo.saveError)).toMatch(/TypeZoo\.a_json/);
    expect(zoo.inDoubt).toBe(false);
    expect(run.error).toBeDefined();
    expect(h.server.writes()).toEqual([]);
  });
});
