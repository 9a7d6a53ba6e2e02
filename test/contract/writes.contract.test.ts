/**
 * The save pipeline against both targets (the emulator with `npm test`, the real server with
 * `npm run test:real`): the seed README's scenarios (C is for Crayon, U, D), then the traps
 * recorded in docs/protocol/classic/write.md, one test each. For the traps the server sets (a nested object with a key
 * AND other fields updates that other row; a key that does not exist creates a row), the tests
 * show the server's behaviour with a raw request, then capture every body the client sends (a
 * wrapping `fetch`) and check that none of them can spring it.
 */
import { describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { HttpError, NotFoundError, SaveError, ValidationError, type DynamicEntity, type SaveEvent } from '../../src/index.js';
import { DIALECT, TARGET_NAME, clientOf, rawFetch, rawRow, skipOnJsonApi, useContractTarget } from './target.js';

const target = useContractTarget();

interface SentBody {
  readonly method: string;
  readonly url: string;
  readonly body: unknown;
}

/** A fetch that records every write's method, path and JSON body before sending it. */
function recording() {
  const bodies: SentBody[] = [];
  const fetchImpl = async (input: string, init?: RequestInit) => {
    if (init?.method && init.method !== 'GET') bodies.push({ method: init.method, url: input.replace(target().url, ''), body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
    return fetch(input, init);
  };
  return { bodies, fetch: fetchImpl };
}

async function raw(path: string): Promise<Record<string, unknown>> {
  return rawRow(target().url, path);
}

async function rawWrite(method: string, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${target().url}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** Related objects in a body that carry a key and anything else (the server would write the rest to that row). */
function keyWithOtherFields(body: unknown, depth = 0): unknown[] {
  if (Array.isArray(body)) return body.flatMap((item) => keyWithOtherFields(item, depth + 1));
  if (typeof body !== 'object' || body === null) return [];
  const own = depth > 0 && 'id' in body && Object.keys(body).length > 1 ? [body] : [];
  return [...own, ...Object.values(body).flatMap((value) => keyWithOtherFields(value, depth + 1))];
}

/** Every key-only reference (`{"id": 7}`) in a body: a row the server would create if it were gone. */
function keyReferences(body: unknown, depth = 0): unknown[] {
  if (Array.isArray(body)) return body.flatMap((item) => keyReferences(item, depth + 1));
  if (typeof body !== 'object' || body === null) return [];
  const own = depth > 0 && 'id' in body ? [(body as { id: unknown }).id] : [];
  return [...own, ...Object.values(body).flatMap((value) => keyReferences(value, depth + 1))];
}

describe(`C is for Crayon (${TARGET_NAME})`, () => {
  it('client.save() creates people before their computers, in two levels (on classic Roy, whom only one computer needs, inside its POST)', async () => {
    const client = await clientOf(target(), { url: `${target().url}/api` });
    const { Person, Computer } = client.models;
    const maurice = Person!.create({ name: 'Maurice' });
    const roy = Person!.create({ name: 'Roy' });
    const beast = Computer!.create({ name: 'TheBeast', vendor: 'Pear', owner: maurice });
    Computer!.create({ name: 'Server', vendor: 'Pingu', owner: maurice });
    Computer!.create({ name: 'pc', vendor: 'Doors', owner: roy });
    const events = await lastValueFrom(client.save().pipe(toArray()));
    const planned = events.find((event) => event.type === 'planned') as Extract<SaveEvent, { type: 'planned' }>;
    // Classic nests Roy in pc's POST (one operation); JSON:API has no nested create, so pc waits for Roy.
    expect(planned.levels.map((level) => level.length)).toEqual(DIALECT === 'jsonapi' ? [2, 3] : [2, 2]);
    expect(events.at(-1)).toEqual({ type: 'completed', created: 5, updated: 0, failed: 0, skipped: 0 });
    expect(maurice.isNew).toBe(false);
    expect(maurice.isDirty).toBe(false);
    expect(beast['owner']).toBe(maurice);
    const stored = await raw(`/api/compjutahs/${String(beast['id'])}`);
    expect((stored['owner'] as Record<string, unknown>)['name']).toBe('Maurice');
    expect(maurice['computers']).toHaveLength(2);
  });

  it('beast.save() saves maurice first and nothing else', async () => {
    const client = await clientOf(target());
    const { Person, Computer } = client.models;
    const maurice = Person!.create({ name: 'Maurice' });
    const roy = Person!.create({ name: 'Roy' });
    const beast = Computer!.create({ name: 'TheBeast', vendor: 'Pear', owner: maurice });
    const created = (await lastValueFrom(beast.save().pipe(toArray()))).filter((event) => event.type === 'created').map((event) => (event as { entity: DynamicEntity }).entity);
    expect(created).toEqual([maurice, beast]);
    expect(roy.isNew).toBe(true);
  });

  it('a parent created with a list of new children', async () => {
    const client = await clientOf(target());
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
    const client = await clientOf(target());
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
    const client = await clientOf(target(), { fetch: recorder.fetch });
    const { Manager, Employee } = client.models;
    const ivy = Manager!.create({ name: 'Ivy', reports: 4 });
    await lastValueFrom(client.save());
    expect(recorder.bodies[0]).toEqual({
      method: 'POST',
      url: '/api/manager',
      body: DIALECT === 'jsonapi' ? { data: { type: 'manager', attributes: { name: 'Ivy', reports: 4 } } } : { name: 'Ivy', reports: 4 },
    });
    const staff = await firstValueFrom(Employee!.all());
    expect(staff).toContain(ivy);
  });

  it('refuses a subclass row with another identity, which the server would commit and then fail on (#101)', async () => {
    const recorder = recording();
    const client = await clientOf(target(), { fetch: recorder.fetch });
    expect(() => client.models['Manager']!.create({ name: 'Lou', type: 'employee' })).toThrow(ValidationError);
    await lastValueFrom(client.save());
    expect(recorder.bodies).toEqual([]);
  });
});

describe('U is for you and me', () => {
  it('sends only the dirty field, and a live list sees the change', async () => {
    const recorder = recording();
    const client = await clientOf(target(), { fetch: recorder.fetch });
    const { Computer } = client.models;
    const emissions: unknown[][] = [];
    const subscription = Computer!.query.filter((c) => c['vendor']!.eq('Robot')).all().subscribe((list) => emissions.push(list));
    const box = await firstValueFrom(Computer!.get(3));
    box['vendor'] = 'Robot';
    await lastValueFrom(box.save());
    expect(recorder.bodies).toEqual([
      DIALECT === 'jsonapi'
        ? { method: 'PATCH', url: '/api/compjutahs/3', body: { data: { type: 'compjutahs', id: '3', attributes: { vendor: 'Robot' } } } }
        : { method: 'PUT', url: '/api/compjutahs/3', body: { vendor: 'Robot' } },
    ]);
    expect((await raw('/api/compjutahs/3'))['vendor']).toBe('Robot');
    expect(emissions.at(-1)).toEqual([box]);
    subscription.unsubscribe();
  });

  it('removing a child from a list nulls its owner on the server', async () => {
    const client = await clientOf(target());
    const { Person } = client.models;
    const bob = await firstValueFrom(Person!.get(2));
    const box = (bob['computers'] as DynamicEntity[])[0]!;
    (bob['computers'] as DynamicEntity[]).splice(0, 1);
    await lastValueFrom(bob.save());
    expect((await raw(`/api/compjutahs/${String(box['id'])}`))['owner_id']).toBeNull();
    expect(box.isDirty).toBe(false);
  });

  it('links new tags to a new article (create, create, then link)', async () => {
    const client = await clientOf(target());
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
    const client = await clientOf(target());
    const { Person } = client.models;
    const emissions: DynamicEntity[][] = [];
    let listed: () => void = () => undefined;
    const firstAnswer = new Promise<void>((resolve) => {
      listed = resolve;
    });
    const subscription = Person!.all().subscribe((list) => {
      emissions.push(list);
      listed();
    });
    const eve = await firstValueFrom(Person!.get(5));
    // The list's first answer must have arrived: the assertion below is about what follows it.
    await firstAnswer;
    await lastValueFrom(eve.delete(), { defaultValue: undefined });
    expect((await rawFetch(`${target().url}/api/person/5`)).status).toBe(404);
    expect(emissions.at(-1)?.map((p) => p['name'])).toEqual(['Alice', 'Bob', 'Carol', 'Dave']);
    subscription.unsubscribe();
  });

  it('a unique violation fails that entity with the server message; dependents are skipped, independents saved', async () => {
    const client = await clientOf(target());
    const { Person, Computer, Tag } = client.models;
    const clash = Person!.create({ name: 'Alice' });
    const child = Computer!.create({ name: 'child-of-clash', owner: clash });
    // Two children need it: it is sent on its own (one child alone would carry it in its POST).
    const sibling = Computer!.create({ name: 'sibling-of-clash', owner: clash });
    const independent = Tag!.create({ name: 'independent' });
    const events: SaveEvent[] = [];
    const error = await new Promise<unknown>((resolve) => client.save().subscribe({ next: (event) => events.push(event), error: resolve, complete: () => resolve(undefined) }));
    expect(error).toBeInstanceOf(SaveError);
    expect((error as SaveError).message).toContain('IntegrityError');
    expect(events.filter((event) => event.type === 'skipped')).toEqual([
      { type: 'skipped', entity: child, because: clash },
      { type: 'skipped', entity: sibling, because: clash },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'completed', created: 1, failed: 1, skipped: 2 });
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

describe.skipIf(skipOnJsonApi("the classic server's own traps, set up with classic requests (docs/protocol/classic/write.md)"))('the recorded write traps (docs/protocol/classic/write.md)', () => {
  it('a related object with a key AND other fields renames that row (#5): the client only ever sends keys', async () => {
    const trap = await rawWrite('POST', '/api/compjutahs', { name: 'carol-pc', owner: { id: 3, name: 'Caroline' } });
    expect(trap.status).toBe(201);
    expect((await raw('/api/person/3'))['name']).toBe('Caroline');
    await target().reset();

    const recorder = recording();
    const client = await clientOf(target(), { fetch: recorder.fetch });
    const { Person, Computer, Article, Tag } = client.models;
    const carol = await firstValueFrom(Person!.get(3));
    const python = await firstValueFrom(Tag!.get(1));
    carol['name'] = 'Caroline';
    python['name'] = 'py';
    const pc = Computer!.create({ name: 'carol-pc', owner: carol });
    const article = Article!.create({ title: 'Tagged', tags: [python] });
    (carol['computers'] as DynamicEntity[]).push(Computer!.create({ name: 'carol-too' }));
    await lastValueFrom(client.save());
    expect(recorder.bodies.length).toBeGreaterThan(0);
    expect(recorder.bodies.flatMap((sent) => keyWithOtherFields(sent.body))).toEqual([]);
    // Carol and the tag were renamed by their own PUTs, nothing else.
    expect(recorder.bodies).toContainEqual({ method: 'PUT', url: '/api/person/3', body: { name: 'Caroline' } });
    expect(recorder.bodies).toContainEqual({ method: 'PUT', url: '/api/tag/1', body: { name: 'py' } });
    expect((await raw('/api/person/3'))['name']).toBe('Caroline');
    expect((await raw('/api/tag/1'))['name']).toBe('py');
    expect([pc.isNew, article.isNew]).toEqual([false, false]);
  });

  it('a key that does not exist creates a row with it (#44): the client never sends one for a to-one, nor a dead foreign key', async () => {
    const trap = await rawWrite('POST', '/api/compjutahs', { name: 'ghost-pc', owner: { id: 77 } });
    expect(trap.status).toBe(201);
    expect((await raw('/api/person/77'))['computers']).toHaveLength(1);
    await target().reset();

    const recorder = recording();
    const client = await clientOf(target(), { fetch: recorder.fetch });
    const { Person, Computer } = client.models;
    const dave = await firstValueFrom(Person!.get(4));
    // Someone else deletes Dave; this client still holds him.
    expect((await rawWrite('DELETE', '/api/person/4', undefined)).status).toBe(204);
    const pc = Computer!.create({ name: 'daves-pc', owner: dave });
    // owner_id 4 would be stored as is (SQLite does not enforce the key), pointing at nothing, and
    // the next Person to get id 4 would own it: the client checks the row first and sends nothing.
    const error = await lastValueFrom(pc.save()).catch((caught: unknown) => caught);
    expect(SaveError.is(error)).toBe(true);
    expect(pc.saveError).toBeInstanceOf(NotFoundError);
    expect(String(pc.saveError)).toMatch(/Person 4 no longer exists on the server/);
    expect(pc.inDoubt).toBe(false);
    expect(recorder.bodies).toEqual([]);
    expect((await rawFetch(`${target().url}/api/person/4`)).status).toBe(404);
  });

  it('a key that does not exist creates a row with it (#44): nor for a one-to-many (the child is updated)', async () => {
    const recorder = recording();
    const client = await clientOf(target(), { fetch: recorder.fetch });
    const { Person, Computer } = client.models;
    const bob = await firstValueFrom(Person!.get(2));
    const orphan = await firstValueFrom(Computer!.get(4));
    // Someone else deletes the orphan computer; this client still holds it and gives it to Bob.
    expect((await rawWrite('DELETE', '/api/compjutahs/4', undefined)).status).toBe(204);
    (bob['computers'] as DynamicEntity[]).push(orphan);
    await lastValueFrom(bob.save()).catch(() => undefined);
    expect(recorder.bodies).toEqual([{ method: 'PUT', url: '/api/compjutahs/4', body: { owner_id: 2 } }]);
    expect((await rawFetch(`${target().url}/api/compjutahs/4`)).status).toBe(404);
  });

  // A many-to-many link can only be sent as a key-only object, which the server's get_or_create
  // turns into a NEW empty row when the key is gone: the client counts the rows it names first.
  it('a key that does not exist creates a row with it (#44): nor for a many-to-many link to a row deleted meanwhile', async () => {
    const recorder = recording();
    const client = await clientOf(target(), { fetch: recorder.fetch });
    const { Tag, Article } = client.models;
    const rest = await firstValueFrom(Tag!.get(3));
    const untagged = await firstValueFrom(Article!.get(3));
    // Someone else deletes article 3; this client still holds it and tags it.
    expect((await rawWrite('DELETE', '/api/article/3', undefined)).status).toBe(204);
    (rest['articles'] as DynamicEntity[]).push(untagged);
    const error = await lastValueFrom(rest.save()).catch((caught: unknown) => caught);
    expect(recorder.bodies).toEqual([]);
    expect((await rawFetch(`${target().url}/api/article/3`)).status).toBe(404);
    expect(error).toBeInstanceOf(SaveError);
    expect(rest.saveError).toBeInstanceOf(NotFoundError);
    expect(String(rest.saveError)).toContain('Article 3 no longer exists on the server');
    expect(rest.dirtyFields).toEqual(['articles']);
  });

  it('POST skips association proxies and @properties where PUT applies them (#11, #12, #46, #69, #73): the client sends them after the row exists', async () => {
    const posted = await rawWrite('POST', '/api/person', { name: 'Prop', nickname: 'P' });
    expect(posted.body).toMatchObject({ name: 'Prop' });
    expect(await rawWrite('PUT', `/api/person/${String((posted.body as { id: number }).id)}`, { nickname: 'P' })).toMatchObject({ status: 200, body: { name: 'P' } });
    expect(await rawWrite('POST', '/api/article', { title: 'Proxy', tag_names: ['python'] })).toMatchObject({ status: 201, body: { tags: [] } });
    await target().reset();

    const recorder = recording();
    const client = await clientOf(target(), { fetch: recorder.fetch });
    const { Person, Article } = client.models;
    const prop = Person!.create({ name: 'Prop' });
    prop['nickname'] = 'P';
    await lastValueFrom(prop.save());
    expect(recorder.bodies.map((sent) => `${sent.method} ${sent.url}`)).toEqual(['POST /api/person', `POST /api/property/person/${String(prop['id'])}/nickname`]);
    expect(recorder.bodies[0]?.body).toEqual({ name: 'Prop' });
    expect((await raw(`/api/person/${String(prop['id'])}`))['name']).toBe('P');
    // A column proxy is not served in bodies, so the client refuses to write it rather than lose it.
    const article = Article!.create({ title: 'Proxy' });
    expect(() => {
      article['tag_names'] = ['python'];
    }).toThrow(ValidationError);
  });

  it('datetime offsets are dropped without conversion (#21): the client sends UTC wall clock, so the instant survives', async () => {
    const trap = await rawWrite('POST', '/api/compjutahs', { name: 'T1', purchase_time: '2020-02-03T04:05:06+02:00' });
    expect(trap.body).toMatchObject({ purchase_time: '2020-02-03T04:05:06' });

    const recorder = recording();
    const client = await clientOf(target(), { fetch: recorder.fetch });
    const instant = new Date('2021-06-30T22:15:01.250Z');
    const pc = client.models['Computer']!.create({ name: 'tz-pc', purchase_time: instant });
    await lastValueFrom(pc.save());
    const sent = (recorder.bodies[0]?.body as Record<string, unknown>)['purchase_time'];
    expect(sent).toMatch(/^2021-06-30T22:15:01(\.25(0{0,4}))?$/);
    const fresh = await clientOf(target());
    const again = await firstValueFrom(fresh.models['Computer']!.get(pc['id'] as number));
    expect(again['purchase_time']).toEqual(instant);
  });

  it('a constraint violation is 400 {"message": "IntegrityError"} with no detail (#40): the client reports it on the entity', async () => {
    expect(await rawWrite('POST', '/api/person', { name: 'Alice' })).toEqual({ status: 400, body: { message: 'IntegrityError' } });
    expect(await rawWrite('PUT', '/api/person/5', { name: 'Alice' })).toEqual({ status: 400, body: { message: 'IntegrityError' } });

    const client = await clientOf(target());
    const eve = await firstValueFrom(client.models['Person']!.get(5));
    eve['name'] = 'Alice';
    const error = await lastValueFrom(eve.save()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SaveError);
    expect(eve.saveError).toBeInstanceOf(HttpError);
    expect(eve.saveError).toMatchObject({ status: 400, body: { message: 'IntegrityError' } });
    expect(eve.dirtyFields).toContain('name');
    expect((await raw('/api/person/5'))['name']).toBe('Eve');
  });
});
