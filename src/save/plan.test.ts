import { describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { extendedDatamodel } from '../../test/support/extended-datamodel.js';
import { harness, ofType, runSave, type DynamicEntity } from '../../test/support/save-harness.js';
import { parseDatamodel } from '../schema/parse-datamodel.js';
import { EntityState } from '../store/entity-state.js';
import { createId, updateId, type Dependency, type Pending } from './collect.js';
import { plan, type Plan } from './plan.js';

describe('plan (pure): levels', () => {
  const models = parseDatamodel(extendedDatamodel).models;
  let next = 0;
  const entity = (model: string, saved = false) => {
    next += 1;
    const def = models.get(model);
    if (!def) throw new RangeError(model);
    return new EntityState(next, def, saved ? next : undefined, saved ? 'clean' : 'new');
  };
  const on = (target: EntityState, relation?: string): Dependency => (relation === undefined ? { on: createId(target) } : { on: createId(target), relation });
  const create = (state: EntityState, fields: string[], ...dependsOn: Dependency[]): Pending => ({ operation: { kind: 'create', id: createId(state), state, fields, deferred: [] }, dependsOn });
  const update = (state: EntityState, fields: string[], ...dependsOn: Dependency[]): Pending => ({ operation: { kind: 'update', id: updateId(state), state, fields }, dependsOn });
  const ids = (result: Plan) => result.levels.map((level) => level.map((operation) => operation.id));

  it('a chain takes one level per link, in dependency order', () => {
    const person = entity('Person');
    const computer = entity('Computer');
    const fan = entity('Person');
    const result = plan([create(fan, ['name', 'favourite'], on(computer, 'favourite')), create(computer, ['owner'], on(person, 'owner')), create(person, ['name'])]);
    expect(ids(result)).toEqual([[createId(person)], [createId(computer)], [createId(fan)]]);
  });

  it('fan-out: children of one parent share a level; independent work goes in the first', () => {
    const parent = entity('Person');
    const children = [entity('Computer'), entity('Computer'), entity('Computer')];
    const tag = entity('Tag');
    const result = plan([...children.map((child) => create(child, ['owner'], on(parent, 'owner'))), create(parent, ['name']), create(tag, ['name'])]);
    expect(ids(result)).toEqual([[createId(parent), createId(tag)], children.map(createId)]);
    expect(result.dependencies.get(createId(children[0]!))).toEqual([createId(parent)]);
  });

  it('an update of a saved entity waits for the new entity it now refers to', () => {
    const box = entity('Computer', true);
    const person = entity('Person');
    const result = plan([update(box, ['owner'], on(person, 'owner')), create(person, ['name'])]);
    expect(ids(result)).toEqual([[createId(person)], [updateId(box)]]);
  });

  it('a dependency on something outside the plan (saved by an earlier save) does not hold anything back', () => {
    const person = entity('Person');
    const computer = entity('Computer');
    const result = plan([create(computer, ['owner'], on(person, 'owner'))]);
    expect(ids(result)).toEqual([[createId(computer)]]);
    expect(result.dependencies.get(createId(computer))).toEqual([]);
  });

  it('breaks a reference cycle: one to-one leaves the POST and is sent by an update once both exist', () => {
    const person = entity('Person');
    const computer = entity('Computer');
    const result = plan([create(person, ['name', 'favourite'], on(computer, 'favourite')), create(computer, ['name', 'owner'], on(person, 'owner'))]);
    const fixId = `fix:${person.lid}:favourite`;
    expect(ids(result)).toEqual([[createId(person)], [createId(computer)], [fixId]]);
    const [first, , fix] = result.levels.map((level) => level[0]);
    expect(first).toMatchObject({ kind: 'create', fields: ['name'], deferred: ['favourite'] });
    expect(fix).toMatchObject({ kind: 'update', state: person, fields: ['favourite'] });
    expect([...(result.dependencies.get(fixId) ?? [])].sort()).toEqual([createId(computer), createId(person)].sort());
  });

  it('a longer cycle is broken once, by a single deferred reference', () => {
    const [p1, c1, p2, c2] = [entity('Person'), entity('Computer'), entity('Person'), entity('Computer')] as const;
    const result = plan([
      create(p1, ['favourite'], on(c1, 'favourite')),
      create(c1, ['owner'], on(p2, 'owner')),
      create(p2, ['favourite'], on(c2, 'favourite')),
      create(c2, ['owner'], on(p1, 'owner')),
    ]);
    const operations = result.levels.flat();
    expect(operations.filter((operation) => operation.kind === 'update')).toHaveLength(1);
    expect(operations.filter((operation) => operation.kind === 'create')).toHaveLength(4);
    expect(result.levels.at(-1)?.[0]?.kind).toBe('update');
  });

  it('refuses a cycle that no to-one reference can break, naming its operations', () => {
    const a = entity('Tag');
    const b = entity('Article');
    expect(() => plan([create(a, [], on(b)), create(b, [], on(a))])).toThrow(/cycle.*create:Tag/);
  });
});

describe('plan through a save', () => {
  it('people are created before their computers, in two levels, and the computers carry the new keys (a person only one computer needs rides in its POST)', async () => {
    const { client, server, model } = await harness();
    const [Person, Computer] = [model('Person'), model('Computer')];
    const maurice = Person.create({ name: 'Maurice' });
    const roy = Person.create({ name: 'Roy' });
    const beast = Computer.create({ name: 'TheBeast', vendor: 'Pear', owner: maurice });
    Computer.create({ name: 'Server', owner: maurice });
    Computer.create({ name: 'pc', owner: roy });
    const { events, error } = await runSave(client.save());
    expect(error).toBeUndefined();
    const [planned] = ofType(events, 'planned');
    expect(planned?.levels.map((level) => level.map((step) => `${step.kind} ${(step.entity as DynamicEntity)['name'] as string}`))).toEqual([
      ['create Maurice', 'create pc'],
      ['create TheBeast', 'create Server'],
    ]);
    expect(server.writes().map((write) => write.route)).toEqual(['POST /api/person', 'POST /api/compjutahs', 'POST /api/compjutahs', 'POST /api/compjutahs']);
    expect(roy.isNew).toBe(false);
    expect(server.row('Computer', beast['id'] as number)?.['owner_id']).toBe(maurice['id']);
    expect(maurice['computers']).toHaveLength(2);
    expect([maurice, roy, beast].map((entity) => entity.isDirty)).toEqual([false, false, false]);
  });

  it('a reference cycle between new entities is created, then completed by an update: both end up pointing at each other', async () => {
    const { client, server, model } = await harness({ datamodel: extendedDatamodel });
    const maurice = model('Person').create({ name: 'Maurice' });
    const beast = model('Computer').create({ name: 'TheBeast', owner: maurice });
    maurice['favourite'] = beast;
    const { events, error } = await runSave(client.save());
    expect(error).toBeUndefined();
    const personId = maurice['id'] as number;
    const computerId = beast['id'] as number;
    expect(server.writes()).toEqual([
      { route: 'POST /api/person', body: { name: 'Maurice' } },
      { route: 'POST /api/compjutahs', body: { name: 'TheBeast', owner_id: personId } },
      { route: `PUT /api/person/${personId}`, body: { favourite_id: computerId } },
    ]);
    expect(server.row('Person', personId)?.['favourite_id']).toBe(computerId);
    expect(server.row('Computer', computerId)?.['owner_id']).toBe(personId);
    expect(events.at(-1)).toEqual({ type: 'completed', created: 2, updated: 1, failed: 0, skipped: 0 });
    expect(maurice['favourite']).toBe(beast);
    expect(beast['owner']).toBe(maurice);
    expect([maurice.isDirty, beast.isDirty]).toEqual([false, false]);
  });

  describe('many-to-many links between new entities', () => {
    it('are sent once, from the Article side, after both creates', async () => {
      const { client, server, model } = await harness();
      const fresh = model('Tag').create({ name: 'fresh' });
      const article = model('Article').create({ title: 'New', tags: [fresh] });
      const { events, error } = await runSave(client.save());
      expect(error).toBeUndefined();
      const [articleId, tagId] = [article['id'] as number, fresh['id'] as number];
      expect(server.writes()).toEqual([
        { route: 'POST /api/tag', body: { name: 'fresh' } },
        { route: 'POST /api/article', body: { title: 'New' } },
        { route: `PUT /api/article/${articleId}`, body: { tags: { add: [{ id: tagId }], remove: [] } } },
      ]);
      expect(ofType(events, 'planned')[0]?.levels.map((level) => level.map((step) => step.kind))).toEqual([['create', 'create'], ['link']]);
      expect((server.row('Tag', tagId)?.['articles'] as unknown[]).length).toBe(1);
      expect([article.isDirty, fresh.isDirty]).toEqual([false, false]);
      expect(fresh['articles']).toEqual([article]);
    });

    it('are sent from the Article side also when the user linked them from the Tag side', async () => {
      const { client, server, model } = await harness();
      const article = model('Article').create({ title: 'New' });
      const fresh = model('Tag').create({ name: 'fresh', articles: [article] });
      const { error } = await runSave(client.save());
      expect(error).toBeUndefined();
      const links = server.writes().filter((write) => write.route.startsWith('PUT'));
      expect(links).toEqual([{ route: `PUT /api/article/${String(article['id'])}`, body: { tags: { add: [{ id: fresh['id'] }], remove: [] } } }]);
      expect([article.isDirty, fresh.isDirty]).toEqual([false, false]);
    });

    it('a saved tag goes in the POST by key; only the new one waits for the link', async () => {
      const { client, server, model } = await harness();
      const python = await firstValueFrom(model('Tag').get(1));
      const fresh = model('Tag').create({ name: 'fresh' });
      const article = model('Article').create({ title: 'New', tags: [python, fresh] });
      const { error } = await runSave(client.save());
      expect(error).toBeUndefined();
      expect(server.writes()).toEqual([
        { route: 'POST /api/tag', body: { name: 'fresh' } },
        { route: 'POST /api/article', body: { title: 'New', tags: [{ id: 1 }] } },
        { route: `PUT /api/article/${String(article['id'])}`, body: { tags: { add: [{ id: fresh['id'] }], remove: [] } } },
      ]);
      expect([article.isDirty, fresh.isDirty, python.isDirty]).toEqual([false, false, false]);
    });
  });
});
