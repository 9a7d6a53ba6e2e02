/**
 * The save pipeline against the real server: the seed README's scenarios (C is for Crayon,
 * U, D) and the traps recorded in write.md. (They join the contract suite once the emulator
 * learns writes.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { SaveError, connect, type DynamicEntity, type SaveEvent } from '../../src/index.js';
import { startRealServer, type RealServer } from '../server/real-server.js';

let server: RealServer;
beforeAll(async () => {
  server = await startRealServer({ peers: false });
}, 180_000);
beforeEach(async () => {
  await server.reset();
});
afterAll(async () => {
  await server?.stop();
});

function recording() {
  const bodies: Array<{ method: string; url: string; body: unknown }> = [];
  const fetchImpl = async (input: string, init?: RequestInit) => {
    if (init?.method && init.method !== 'GET') bodies.push({ method: init.method, url: input.replace(server.url, ''), body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
    return fetch(input, init);
  };
  return { bodies, fetch: fetchImpl };
}

async function raw(path: string): Promise<Record<string, unknown>> {
  return (await (await fetch(`${server.url}${path}`)).json()) as Record<string, unknown>;
}

describe('C is for Crayon', () => {
  it('client.save() creates people before their computers, in two levels', async () => {
    const client = await connect({ url: `${server.url}/api` });
    const { Person, Computer } = client.models;
    const maurice = Person!.create({ name: 'Maurice' });
    const roy = Person!.create({ name: 'Roy' });
    const beast = Computer!.create({ name: 'TheBeast', vendor: 'Pear', owner: maurice });
    Computer!.create({ name: 'Server', vendor: 'Pingu', owner: maurice });
    Computer!.create({ name: 'pc', vendor: 'Doors', owner: roy });
    const events = await lastValueFrom(client.save().pipe(toArray()));
    const planned = events.find((event) => event.type === 'planned') as Extract<SaveEvent, { type: 'planned' }>;
    expect(planned.levels.map((level) => level.length)).toEqual([2, 3]);
    expect(events.at(-1)).toEqual({ type: 'completed', created: 5, updated: 0, failed: 0, skipped: 0 });
    expect(maurice.isNew).toBe(false);
    expect(maurice.isDirty).toBe(false);
    expect(beast['owner']).toBe(maurice);
    const stored = await raw(`/api/compjutahs/${String(beast['id'])}`);
    expect((stored['owner'] as Record<string, unknown>)['name']).toBe('Maurice');
    expect(maurice['computers']).toHaveLength(2);
  });

  it('beast.save() saves maurice first and nothing else', async () => {
    const client = await connect({ url: server.url });
    const { Person, Computer } = client.models;
    const maurice = Person!.create({ name: 'Maurice' });
    const roy = Person!.create({ name: 'Roy' });
    const beast = Computer!.create({ name: 'TheBeast', vendor: 'Pear', owner: maurice });
    const created = (await lastValueFrom(beast.save().pipe(toArray()))).filter((event) => event.type === 'created').map((event) => (event as { entity: DynamicEntity }).entity);
    expect(created).toEqual([maurice, beast]);
    expect(roy.isNew).toBe(true);
  });

  it('a parent created with a list of new children', async () => {
    const client = await connect({ url: server.url });
    const { Person, Computer } = client.models;
    const one = Computer!.create({ name: 'one' });
    const two = Computer!.create({ name: 'two' });
    const jen = Person!.create({ name: 'Jen', computers: [one, two] });
    await lastValueFrom(jen.save());
    const stored = await raw(`/api/person/${String(jen['id'])}`);
    // Children of one level are created concurrently: their ids, and so the server's order, may vary.
    expect((stored['computers'] as Array<Record<string, unknown>>).map((c) => c['name']).sort()).toEqual(['one', 'two']);
    expect(jen.isDirty).toBe(false);
    expect(one['owner']).toBe(jen);
  });

  it('appending new children to a saved parent, then saving the parent', async () => {
    const client = await connect({ url: server.url });
    const { Person, Computer } = client.models;
    const carol = await firstValueFrom(Person!.get(3));
    (carol['computers'] as DynamicEntity[]).push(Computer!.create({ name: 'carol-new', vendor: 'Pear' }));
    await lastValueFrom(carol.save());
    const stored = await raw('/api/person/3');
    expect((stored['computers'] as Array<Record<string, unknown>>).map((c) => c['name'])).toEqual(['carol-new']);
    expect(carol.isDirty).toBe(false);
  });

  it('saves a polymorphic subclass to its own collection', async () => {
    const recorder = recording();
    const client = await connect({ url: server.url, fetch: recorder.fetch });
    const { Manager, Employee } = client.models;
    const ivy = Manager!.create({ name: 'Ivy', reports: 4 });
    await lastValueFrom(client.save());
    expect(recorder.bodies[0]).toEqual({ method: 'POST', url: '/api/manager', body: { name: 'Ivy', reports: 4 } });
    const staff = await firstValueFrom(Employee!.all());
    expect(staff).toContain(ivy);
  });
});

describe('U is for you and me', () => {
  it('sends only the dirty field, and a live list sees the change', async () => {
    const recorder = recording();
    const client = await connect({ url: server.url, fetch: recorder.fetch });
    const { Computer } = client.models;
    const emissions: unknown[][] = [];
    const subscription = Computer!.query.filter((c) => c['vendor']!.eq('Robot')).all().subscribe((list) => emissions.push(list));
    const box = await firstValueFrom(Computer!.get(3));
    box['vendor'] = 'Robot';
    await lastValueFrom(box.save());
    expect(recorder.bodies).toEqual([{ method: 'PUT', url: '/api/compjutahs/3', body: { vendor: 'Robot' } }]);
    expect((await raw('/api/compjutahs/3'))['vendor']).toBe('Robot');
    expect(emissions.at(-1)).toEqual([box]);
    subscription.unsubscribe();
  });

  it('removing a child from a list nulls its owner on the server', async () => {
    const client = await connect({ url: server.url });
    const { Person } = client.models;
    const bob = await firstValueFrom(Person!.get(2));
    const box = (bob['computers'] as DynamicEntity[])[0]!;
    (bob['computers'] as DynamicEntity[]).splice(0, 1);
    await lastValueFrom(bob.save());
    expect((await raw(`/api/compjutahs/${String(box['id'])}`))['owner_id']).toBeNull();
    expect(box.isDirty).toBe(false);
  });

  it('links new tags to a new article (create, create, then link)', async () => {
    const client = await connect({ url: server.url });
    const { Article, Tag } = client.models;
    const python = await firstValueFrom(Tag!.get(1));
    const fresh = Tag!.create({ name: 'fresh' });
    const article = Article!.create({ title: 'New', tags: [python, fresh] });
    await lastValueFrom(client.save());
    const stored = await raw(`/api/article/${String(article['id'])}`);
    expect((stored['tags'] as Array<Record<string, unknown>>).map((t) => t['name']).sort()).toEqual(['fresh', 'python']);
    expect(article.isDirty).toBe(false);
    expect(fresh.isDirty).toBe(false);
  });
});

describe('D is for delete, and failures lose nothing', () => {
  it('delete is immediate and the entity leaves live lists', async () => {
    const client = await connect({ url: server.url });
    const { Person } = client.models;
    const emissions: DynamicEntity[][] = [];
    const subscription = Person!.all().subscribe((list) => emissions.push(list));
    const eve = await firstValueFrom(Person!.get(5));
    await lastValueFrom(eve.delete(), { defaultValue: undefined });
    expect((await fetch(`${server.url}/api/person/5`)).status).toBe(404);
    expect(emissions.at(-1)?.map((p) => p['name'])).toEqual(['Alice', 'Bob', 'Carol', 'Dave']);
    subscription.unsubscribe();
  });

  it('a unique violation fails that entity with the server message; dependents are skipped, independents saved', async () => {
    const client = await connect({ url: server.url });
    const { Person, Computer, Tag } = client.models;
    const clash = Person!.create({ name: 'Alice' });
    const child = Computer!.create({ name: 'child-of-clash', owner: clash });
    const independent = Tag!.create({ name: 'independent' });
    const events: SaveEvent[] = [];
    const error = await new Promise<unknown>((resolve) => client.save().subscribe({ next: (event) => events.push(event), error: resolve, complete: () => resolve(undefined) }));
    expect(error).toBeInstanceOf(SaveError);
    expect((error as SaveError).message).toContain('IntegrityError');
    expect(events.find((event) => event.type === 'skipped')).toMatchObject({ entity: child, because: clash });
    expect(events.at(-1)).toMatchObject({ type: 'completed', created: 1, failed: 1, skipped: 1 });
    expect(independent.isNew).toBe(false);
    expect(clash.isNew).toBe(true);
    expect(clash.dirtyFields).toContain('name');
    expect(String(clash.saveError)).toContain('IntegrityError');
    clash['name'] = 'Alicia';
    await lastValueFrom(client.save());
    expect(child.isNew).toBe(false);
    expect(clash.saveError).toBeUndefined();
  });
});
