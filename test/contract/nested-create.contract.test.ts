/**
 * A new to-one target that nothing else in the save needs is created inside its owner's POST
 * (docs/protocol/classic/write.md #7: the server makes both rows in one transaction and nests the
 * new one, with its key, in the answer), on the emulator and on the real server. Never for a
 * target with a key (#5, #44) nor for one that two entities need. Its failures are both entities'.
 */
import { describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { HttpError, NetworkError, SaveError, type Client, type DynamicEntity, type SaveEvent } from '../../src/index.js';
import type { FetchLike } from '../../src/transport/http.js';
import { lossyFetch } from '../support/lossy-fetch.js';
import { clientOf, skipOnJsonApi, useContractTarget } from './target.js';

const target = useContractTarget();

interface Sent {
  readonly route: string;
  readonly body: unknown;
}

/** A fetch that records every write (route and JSON body), and can answer the next POSTs 503 without passing them on. */
function recording(base: FetchLike = (input, init) => globalThis.fetch(input, init)) {
  const writes: Sent[] = [];
  let refuse = 0;
  const fetch: FetchLike = async (input, init = {}) => {
    const method = (init.method ?? 'GET').toUpperCase();
    if (method !== 'GET') {
      writes.push({ route: `${method} ${new URL(input).pathname}`, body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined });
      if (method === 'POST' && refuse > 0) {
        refuse -= 1;
        // A gateway that never passed the request on: certainly not applied.
        return new Response('{"message": "busy"}', { status: 503, headers: { 'Content-Type': 'application/json' } });
      }
    }
    return base(input, init);
  };
  return { writes, fetch, refuseNextPosts: (times: number) => void (refuse = times) };
}

/** Rows of `model` named `name` on the server, read by a client of its own. */
async function rowsNamed(model: 'Person' | 'Computer', name: string): Promise<DynamicEntity[]> {
  const reader = await clientOf(target());
  return firstValueFrom(reader.models[model]!.query.filterBy({ name }).all());
}

async function saveAll(client: Client): Promise<{ events: SaveEvent[]; error: unknown }> {
  const events: SaveEvent[] = [];
  const error = await new Promise<unknown>((resolve) => client.save().subscribe({ next: (event) => events.push(event), error: resolve, complete: () => resolve(undefined) }));
  return { events, error };
}

const created = (events: readonly SaveEvent[]) => events.filter((event) => event.type === 'created').map((event) => (event as { entity: object }).entity);

describe.skipIf(skipOnJsonApi('a nested create is a classic Flask-Restless feature (write.md #7); JSON:API creates each resource on its own'))('a new owner rides in its computer\'s POST', () => {
  it('one request creates both; the owner gets its key and is the one object of its row', async () => {
    const recorder = recording();
    const client = await clientOf(target(), { fetch: recorder.fetch });
    const { Person, Computer } = client.models;
    const maurice = Person!.create({ name: 'Maurice' });
    const beast = Computer!.create({ name: 'TheBeast', vendor: 'Pear', owner: maurice });
    const events = await lastValueFrom(beast.save().pipe(toArray()));
    expect(recorder.writes).toEqual([{ route: 'POST /api/compjutahs', body: { name: 'TheBeast', vendor: 'Pear', owner: { name: 'Maurice' } } }]);
    expect(created(events)).toEqual([maurice, beast]);
    expect(events.at(-1)).toEqual({ type: 'completed', created: 2, updated: 0, failed: 0, skipped: 0 });
    expect([maurice.isNew, maurice.isDirty, beast.isNew, beast.isDirty]).toEqual([false, false, false, false]);
    const [row] = await rowsNamed('Person', 'Maurice');
    expect(maurice['id']).toBe(row?.['id']);
    expect(beast['owner_id']).toBe(maurice['id']);
    expect(beast['owner']).toBe(maurice);
    expect(await firstValueFrom(Person!.get(maurice['id'] as number))).toBe(maurice);
    expect(await firstValueFrom(Computer!.query.filterBy({ name: 'TheBeast' }).one())).toBe(beast);
    // Saved now: an edit is an ordinary update of its own row.
    maurice['name'] = 'Maurice Moss';
    await lastValueFrom(client.save());
    expect(recorder.writes.at(-1)).toEqual({ route: 'PUT /api/person/' + String(maurice['id']), body: { name: 'Maurice Moss' } });
  });

  it('200 computers each with a new owner: 200 requests, not 400', async () => {
    const recorder = recording();
    const client = await clientOf(target(), { fetch: recorder.fetch });
    const { Person, Computer } = client.models;
    const pairs = Array.from({ length: 200 }, (_, index) => {
      const owner = Person!.create({ name: `owner-${index}` });
      return { owner, computer: Computer!.create({ name: `pc-${index}`, owner }) };
    });
    const { error } = await saveAll(client);
    expect(error).toBeUndefined();
    expect(recorder.writes).toHaveLength(200);
    expect(pairs.every(({ owner, computer }) => !owner.isNew && computer['owner_id'] === owner['id'])).toBe(true);
    expect(new Set(pairs.map(({ owner }) => owner['id'])).size).toBe(200);
  });

  it('a target that two computers need is created on its own, first', async () => {
    const recorder = recording();
    const client = await clientOf(target(), { fetch: recorder.fetch });
    const { Person, Computer } = client.models;
    const jen = Person!.create({ name: 'Jen' });
    Computer!.create({ name: 'jen-1', owner: jen });
    Computer!.create({ name: 'jen-2', owner: jen });
    expect((await saveAll(client)).error).toBeUndefined();
    expect(recorder.writes.map((write) => write.route)).toEqual(['POST /api/person', 'POST /api/compjutahs', 'POST /api/compjutahs']);
    expect(recorder.writes.slice(1).map((write) => (write.body as Record<string, unknown>)['owner_id'])).toEqual([jen['id'], jen['id']]);
  });

  it('a target with a primary key is never nested (the server would look that row up: #5, #44)', async () => {
    const recorder = recording();
    const client = await clientOf(target(), { fetch: recorder.fetch });
    const { Person, Computer } = client.models;
    const keyed = Person!.create({ id: 60, name: 'Sixty' });
    const pc = Computer!.create({ name: 'sixty-pc', owner: keyed });
    await lastValueFrom(pc.save());
    expect(recorder.writes).toEqual([
      { route: 'POST /api/person', body: { id: 60, name: 'Sixty' } },
      { route: 'POST /api/compjutahs', body: { name: 'sixty-pc', owner_id: 60 } },
    ]);
  });

  it('a refused POST fails both; fixed, the next save sends both in one POST again', async () => {
    const recorder = recording();
    const client = await clientOf(target(), { fetch: recorder.fetch });
    const { Person, Computer } = client.models;
    const clash = Person!.create({ name: 'Alice' });
    const pc = Computer!.create({ name: 'clash-pc', owner: clash });
    const { events, error } = await saveAll(client);
    expect(SaveError.is(error)).toBe(true);
    expect(events.filter((event) => event.type === 'failed').map((event) => (event as { entity: object }).entity)).toEqual([pc, clash]);
    expect(events.at(-1)).toMatchObject({ type: 'completed', created: 0, failed: 2 });
    expect(HttpError.is(clash.saveError) && clash.saveError.status).toBe(400);
    expect([clash.isNew, pc.isNew, clash.inDoubt, pc.inDoubt]).toEqual([true, true, false, false]);
    expect(await rowsNamed('Computer', 'clash-pc')).toHaveLength(0);
    clash['name'] = 'Alicia';
    expect((await saveAll(client)).error).toBeUndefined();
    expect(recorder.writes.map((write) => write.route)).toEqual(['POST /api/compjutahs', 'POST /api/compjutahs']);
    expect([clash.isNew, pc.isNew, clash.saveError, pc.saveError]).toEqual([false, false, undefined, undefined]);
  });
});

describe.skipIf(skipOnJsonApi('a nested create is a classic Flask-Restless feature (write.md #7); JSON:API creates each resource on its own'))('connect({ nestedCreates: false })', () => {
  it('POSTs the owner to its own collection (its hooks there see it), then the computer', async () => {
    const recorder = recording();
    const client = await clientOf(target(), { fetch: recorder.fetch, nestedCreates: false });
    const { Person, Computer } = client.models;
    const maurice = Person!.create({ name: 'Maurice' });
    await lastValueFrom(Computer!.create({ name: 'TheBeast', owner: maurice }).save());
    expect(recorder.writes).toEqual([
      { route: 'POST /api/person', body: { name: 'Maurice' } },
      { route: 'POST /api/compjutahs', body: { name: 'TheBeast', owner_id: maurice['id'] } },
    ]);
  });
});

describe.skipIf(skipOnJsonApi('a nested create is a classic Flask-Restless feature (write.md #7); JSON:API creates each resource on its own'))('faults: the POST carries two creates, both share its fate', () => {
  it('a 503 before the server saw it: retried, one row each', async () => {
    const recorder = recording();
    const client = await clientOf(target(), { fetch: recorder.fetch, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    const { Person, Computer } = client.models;
    const owner = Person!.create({ name: 'retried-owner' });
    const pc = Computer!.create({ name: 'retried-pc', owner });
    recorder.refuseNextPosts(1);
    const { events, error } = await saveAll(client);
    expect(error).toBeUndefined();
    expect(events.filter((event) => event.type === 'retrying')).toHaveLength(1);
    expect(created(events)).toEqual([owner, pc]);
    expect(recorder.writes.map((write) => write.route)).toEqual(['POST /api/compjutahs', 'POST /api/compjutahs']);
    expect(await rowsNamed('Person', 'retried-owner')).toHaveLength(1);
    expect(await rowsNamed('Computer', 'retried-pc')).toHaveLength(1);
  });

  it('an answer lost after the server applied it: both in doubt, neither sent again by a save', async () => {
    const lossy = lossyFetch();
    const client = await clientOf(target(), { fetch: lossy.fetch, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    const { Person, Computer } = client.models;
    const owner = Person!.create({ name: 'doubt-owner' });
    const pc = Computer!.create({ name: 'doubt-pc', owner });
    lossy.spoil('POST', /^\/api\/compjutahs$/, 'lost-after');
    const { events, error } = await saveAll(client);
    expect(SaveError.is(error)).toBe(true);
    expect(events.filter((event) => event.type === 'failed').map((event) => (event as { entity: object }).entity)).toEqual([pc, owner]);
    for (const entity of [owner, pc]) {
      expect(entity.inDoubt).toBe(true);
      expect(NetworkError.is(entity.saveError) && entity.saveError.outcome).toBe('unknown');
    }
    expect(String(owner.saveError)).toMatch(/may or may not have created this Person/);
    expect((await saveAll(client)).error).toBeUndefined();
    expect(lossy.log.filter((line) => line.startsWith('POST'))).toEqual(['POST /api/compjutahs']);
    expect(await rowsNamed('Person', 'doubt-owner')).toHaveLength(1);
  });

  it('lost after apply, reconciled by the computer\'s natural keys: both adopted (the row nests the owner\'s key)', async () => {
    const lossy = lossyFetch();
    const client = await clientOf(target(), { fetch: lossy.fetch, naturalKeys: { Computer: ['name'] } });
    const { Person, Computer } = client.models;
    const owner = Person!.create({ name: 'adopted-owner' });
    const pc = Computer!.create({ name: 'adopted-pc', owner });
    lossy.spoil('POST', /^\/api\/compjutahs$/, 'lost-after');
    await saveAll(client);
    expect([owner.inDoubt, pc.inDoubt]).toEqual([true, true]);
    expect(await client.reconcile()).toEqual({ adopted: [owner, pc], absent: [], inDoubt: [] });
    const [row] = await rowsNamed('Person', 'adopted-owner');
    expect([owner.isNew, owner.inDoubt, owner.saveError, owner['id']]).toEqual([false, false, undefined, row?.['id']]);
    expect(pc['owner']).toBe(owner);
    expect(await firstValueFrom(Person!.get(owner['id'] as number))).toBe(owner);
    expect((await saveAll(client)).error).toBeUndefined();
    expect(lossy.log.filter((line) => line.startsWith('POST'))).toEqual(['POST /api/compjutahs']);
  });

  it('lost after apply, both models with natural keys: the computer is looked up first, and both are adopted', async () => {
    const lossy = lossyFetch();
    const client = await clientOf(target(), { fetch: lossy.fetch, naturalKeys: { Person: ['name'], Computer: ['name'] } });
    const { Person, Computer } = client.models;
    const owner = Person!.create({ name: 'both-keys-owner' });
    const pc = Computer!.create({ name: 'both-keys-pc', owner });
    lossy.spoil('POST', /^\/api\/compjutahs$/, 'applied-500-empty');
    await saveAll(client);
    expect([owner.inDoubt, pc.inDoubt]).toEqual([true, true]);
    // Adopting the owner first would load its row's computers, and with them the computer's row as another object.
    expect(await client.reconcile()).toEqual({ adopted: [owner, pc], absent: [], inDoubt: [] });
    expect(pc['owner']).toBe(owner);
    expect(owner['computers']).toEqual([pc]);
  });

  it('lost after apply, and the owner\'s row read meanwhile as another object: reconciling adopts neither (one object per row)', async () => {
    const lossy = lossyFetch();
    const client = await clientOf(target(), { fetch: lossy.fetch, naturalKeys: { Computer: ['name'] } });
    const { Person, Computer } = client.models;
    const owner = Person!.create({ name: 'read-owner' });
    const pc = Computer!.create({ name: 'read-pc', owner });
    lossy.spoil('POST', /^\/api\/compjutahs$/, 'lost-after');
    await saveAll(client);
    const other = await firstValueFrom(Person!.query.filterBy({ name: 'read-owner' }).one());
    expect(other).not.toBe(owner);
    expect(await client.reconcile()).toEqual({ adopted: [], absent: [], inDoubt: [owner, pc] });
    expect([owner.inDoubt, pc.inDoubt, pc['owner']]).toEqual([true, true, owner]);
    // The read brought the computer's row in as another object too; each agrees with its own owner.
    expect(((other['computers'] ?? []) as DynamicEntity[]).every((computer) => computer !== pc && computer['owner'] === other)).toBe(true);
  });

  it('lost before it left, reconciled by natural keys: neither exists, both sent again in one POST', async () => {
    const lossy = lossyFetch();
    const client = await clientOf(target(), { fetch: lossy.fetch, naturalKeys: { Person: ['name'], Computer: ['name'] } });
    const { Person, Computer } = client.models;
    const owner = Person!.create({ name: 'absent-owner' });
    const pc = Computer!.create({ name: 'absent-pc', owner });
    lossy.spoil('POST', /^\/api\/compjutahs$/, 'lost-before');
    await saveAll(client);
    expect([owner.inDoubt, pc.inDoubt]).toEqual([true, true]);
    const { events, error } = await saveAll(client);
    expect(error).toBeUndefined();
    expect(created(events)).toEqual([owner, pc]);
    expect(lossy.log.filter((line) => line.startsWith('POST'))).toEqual(['POST /api/compjutahs', 'POST /api/compjutahs']);
    expect([owner.isNew, pc.isNew, owner.inDoubt, pc.inDoubt]).toEqual([false, false, false, false]);
    expect(await rowsNamed('Computer', 'absent-pc')).toHaveLength(1);
  });
});
