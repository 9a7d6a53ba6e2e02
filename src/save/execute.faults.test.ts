/**
 * Fault injection: what a save does when the network or the server fails it. Time is fake, so
 * the delays between attempts are measured exactly; Math.random is pinned to fix the jitter.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { gate, type Reply } from '../../test/support/fake-server.js';
import { extendedDatamodel } from '../../test/support/extended-datamodel.js';
import { harness, ofType, start, type Harness, type HarnessOptions, type SaveRun } from '../../test/support/save-harness.js';
import { HttpError, NotFoundError, SaveError } from '../errors.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Runs a save with fake time flowing until it ends. */
async function finish(save: ReturnType<typeof start>): Promise<SaveRun> {
  await vi.runAllTimersAsync();
  return save.done;
}

/** Lets answered requests reach the pipeline, without moving time. */
const flush = () => vi.advanceTimersByTimeAsync(0);

const TRANSIENT: ReadonlyArray<[string, Reply]> = [
  ['a connection dropped after sending', { fail: 'dropped' }],
  ['a refused connection', { fail: 'refused' }],
  ['408', { status: 408 }],
  ['429', { status: 429 }],
  ['502', { status: 502, body: '<title>502 Bad Gateway</title>' }],
  ['503', { status: 503 }],
  ['504', { status: 504 }],
];

async function editedAlice(options: HarnessOptions = {}) {
  const h = await harness({ retry: { baseDelayMs: 100, ...options.retry } });
  const alice = await firstValueFrom(h.model('Person').get(1));
  alice['name'] = 'Alicia';
  return { ...h, alice };
}

const puts = (h: Harness, path = '/api/person/1') => h.server.requests.filter((request) => request.method === 'PUT' && request.path === path);
const gaps = (times: readonly number[]) => times.slice(1).map((time, index) => time - times[index]!);

describe('updates (PUT) are retried after transient failures', () => {
  it.each(TRANSIENT)('%s: sent again with backoff, and the entity ends clean', async (_name, fault) => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const h = await editedAlice();
    h.server.script('PUT /api/person/1', fault, fault);
    const { events, error } = await finish(start(h.client.save()));
    expect(error).toBeUndefined();
    expect(puts(h)).toHaveLength(3);
    expect(puts(h).every((request) => JSON.stringify(request.body) === '{"name":"Alicia"}')).toBe(true);
    // Jitter pinned to its floor: half of 100 ms, then half of 200 ms.
    expect(ofType(events, 'retrying').map((event) => [event.attempt, event.delayMs])).toEqual([
      [2, 50],
      [3, 100],
    ]);
    expect(gaps(puts(h).map((request) => request.at))).toEqual([50, 100]);
    expect(ofType(events, 'request').map((event) => event.attempt)).toEqual([1, 2, 3]);
    expect(h.server.row('Person', 1)?.['name']).toBe('Alicia');
    expect(h.alice.isDirty).toBe(false);
    expect(events.at(-1)).toEqual({ type: 'completed', created: 0, updated: 1, failed: 0, skipped: 0 });
  });

  it('doubles the delay each time, jitter on top, up to maxDelayMs; gives up after `attempts`', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const h = await editedAlice({ retry: { attempts: 5, baseDelayMs: 100, maxDelayMs: 300 } });
    h.server.script('PUT /api/person/1', ...Array.from({ length: 6 }, (): Reply => ({ status: 503 })));
    const { events, error } = await finish(start(h.client.save()));
    expect(puts(h)).toHaveLength(5);
    expect(gaps(puts(h).map((request) => request.at))).toEqual([100, 200, 300, 300]);
    expect(ofType(events, 'retrying').map((event) => event.delayMs)).toEqual([100, 200, 300, 300]);
    expect(error).toBeInstanceOf(SaveError);
    const [failed] = ofType(events, 'failed');
    expect((failed?.error as HttpError).status).toBe(503);
    expect(h.alice.dirtyFields).toEqual(['name']);
  });

  it('jitter spreads the delay between half the ceiling and the ceiling', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const h = await editedAlice();
    h.server.script('PUT /api/person/1', { status: 503 }, { status: 503 });
    const { events } = await finish(start(h.client.save()));
    expect(ofType(events, 'retrying').map((event) => event.delayMs)).toEqual([75, 150]);
  });

  it('waits as long as Retry-After says (in seconds), whatever the backoff', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const h = await editedAlice();
    h.server.script('PUT /api/person/1', { status: 429, retryAfter: '2' }, { status: 503, retryAfter: '0' });
    const { events, error } = await finish(start(h.client.save()));
    expect(error).toBeUndefined();
    expect(gaps(puts(h).map((request) => request.at))).toEqual([2000, 0]);
    expect(ofType(events, 'retrying').map((event) => event.delayMs)).toEqual([2000, 0]);
  });

  it.each([400, 409, 500])('%i is not retried: one request, the entity stays dirty with the error', async (status) => {
    const h = await editedAlice();
    h.server.script('PUT /api/person/1', { status, body: { message: `no (${status})` } });
    const { events, error } = await finish(start(h.client.save()));
    expect(puts(h)).toHaveLength(1);
    expect(ofType(events, 'retrying')).toEqual([]);
    expect(error).toBeInstanceOf(SaveError);
    expect((h.alice.saveError as HttpError).status).toBe(status);
    expect(String(h.alice.saveError)).toContain(`no (${status})`);
    expect(h.alice.dirtyFields).toEqual(['name']);
    expect(h.server.row('Person', 1)?.['name']).toBe('Alice');
  });

  it('404: the row was deleted elsewhere; a NotFoundError, the entity leaves the store, and no later save sends it again', async () => {
    const h = await editedAlice();
    const everyone = await firstValueFrom(h.model('Person').all());
    expect(everyone).toContain(h.alice);
    h.server.script('PUT /api/person/1', { status: 404, body: { message: 'No result found' } });
    const { events, error } = await finish(start(h.client.save()));
    expect(error).toBeInstanceOf(SaveError);
    expect(h.alice.saveError).toBeInstanceOf(NotFoundError);
    expect(NotFoundError.is(h.alice.saveError)).toBe(true);
    expect(String(h.alice.saveError)).toMatch(/Person 1 no longer exists on the server.*values are still readable/);
    expect(ofType(events, 'failed').map((event) => event.entity)).toEqual([h.alice]);
    // Gone from the store and from every list; its unsaved value is still readable, to create it again.
    expect(await firstValueFrom(h.model('Person').all())).not.toContain(h.alice);
    expect(h.alice['name']).toBe('Alicia');
    const again = await finish(start(h.client.save()));
    expect(again.error).toBeUndefined();
    expect(puts(h)).toHaveLength(1);
  });
});

describe('creates (POST) are retried only when the server certainly created nothing', () => {
  it.each<[string, Reply]>([
    ['408', { status: 408 }],
    ['429', { status: 429, retryAfter: '1' }],
    ['503', { status: 503 }],
    ['a refused connection', { fail: 'refused' }],
  ])('%s: sent again, and exactly one row is created', async (_name, fault) => {
    const h = await harness({ retry: { baseDelayMs: 100 } });
    const zoe = h.model('Person').create({ name: 'Zoe' });
    h.server.script('POST /api/person', fault);
    const before = h.server.count('Person');
    const { events, error } = await finish(start(h.client.save()));
    expect(error).toBeUndefined();
    expect(h.server.requests.filter((request) => request.method === 'POST')).toHaveLength(2);
    expect(ofType(events, 'retrying')).toHaveLength(1);
    expect(h.server.count('Person')).toBe(before + 1);
    expect(zoe.isNew).toBe(false);
    expect(h.server.row('Person', zoe['id'] as number)?.['name']).toBe('Zoe');
  });

  it.each<[string, Reply, number]>([
    ['a connection dropped after sending', { fail: 'dropped' }, 1],
    ['502', { status: 502 }, 0],
    ['504', { status: 504 }, 0],
  ])('%s: never sent again; the entity stays new and dirty, with an error saying the row may exist', async (_name, fault, rowsCreated) => {
    const h = await harness({ retry: { attempts: 5, baseDelayMs: 100 } });
    const zoe = h.model('Person').create({ name: 'Zoe' });
    h.server.script('POST /api/person', fault);
    const before = h.server.count('Person');
    const { events, error } = await finish(start(h.client.save()));
    expect(h.server.writes()).toEqual([{ route: 'POST /api/person', body: { name: 'Zoe' } }]);
    expect(h.server.count('Person')).toBe(before + rowsCreated);
    expect(ofType(events, 'retrying')).toEqual([]);
    expect(zoe.isNew).toBe(true);
    expect(zoe.dirtyFields).toEqual(['name']);
    expect(String(zoe.saveError)).toMatch(/may or may not have created this Person.*not sent again/);
    expect(events.slice(-2).map((event) => event.type)).toEqual(['failed', 'completed']);
    expect(events.at(-1)).toEqual({ type: 'completed', created: 0, updated: 0, failed: 1, skipped: 0 });
    expect(error).toBeInstanceOf(SaveError);
    expect((error as SaveError).failures).toEqual([{ entity: zoe, error: zoe.saveError }]);
  });
});

describe('a POST in doubt is never sent again by a save', () => {
  it('a later client.save() skips it without a request (and without failing again on it), skips what needs it, and saves the rest', async () => {
    const h = await harness();
    const zoe = h.model('Person').create({ name: 'Zoe' });
    h.server.script('POST /api/person', { fail: 'dropped' });
    await finish(start(h.client.save()));
    expect(zoe.inDoubt).toBe(true);
    const doubt = zoe.saveError;
    const laptop = h.model('Computer').create({ name: 'zoe-laptop', owner: zoe });
    const tag = h.model('Tag').create({ name: 'independent' });
    const again = await finish(start(h.client.save()));
    expect(again.error).toBeUndefined();
    expect(ofType(again.events, 'failed')).toEqual([]);
    expect(ofType(again.events, 'skipped')).toEqual([
      { type: 'skipped', entity: zoe, because: zoe },
      { type: 'skipped', entity: laptop, because: zoe },
    ]);
    expect(tag.isNew).toBe(false);
    expect(zoe.saveError).toBe(doubt);
    expect(zoe.inDoubt).toBe(true);
    expect(h.server.writes().filter((write) => write.route === 'POST /api/person')).toHaveLength(1);
    // The dropped POST was applied: the user checks, finds the row, and drops the local copy.
    expect(h.server.rows('Person').filter((row) => row['name'] === 'Zoe')).toHaveLength(1);
    await firstValueFrom(zoe.delete(), { defaultValue: undefined });
    expect(laptop['owner']).toBeNull();
  });

  it('an HTML 500 answer to a POST is in doubt too (the classic server can fail after writing the row)', async () => {
    const h = await harness();
    const zoe = h.model('Person').create({ name: 'Zoe' });
    h.server.script('POST /api/person', { status: 500, body: '<!doctype html><title>500 Internal Server Error</title>' });
    await finish(start(h.client.save()));
    expect(String(zoe.saveError)).toMatch(/failed with 500 \(its HTML error page\).*may or may not have created this Person/);
    expect(zoe.inDoubt).toBe(true);
    await finish(start(h.client.save()));
    expect(h.server.writes().filter((write) => write.route === 'POST /api/person')).toHaveLength(1);
    const resent = await finish(start(zoe.save()));
    expect(resent.error).toBeUndefined();
    expect(zoe.isNew).toBe(false);
  });
});

describe('a failure loses nothing', () => {
  it('the failed entity and what depends on it stay pending and dirty; independent work completes', async () => {
    const h = await harness({ datamodel: extendedDatamodel });
    const bob = await firstValueFrom(h.model('Person').get(2));
    bob['name'] = 'Robert';
    const clash = h.model('Person').create({ name: 'Alice' });
    const child = h.model('Computer').create({ name: 'child', owner: clash });
    const grandchild = h.model('Person').create({ name: 'fan', favourite: child });
    const article = h.model('Article').create({ title: 'by clash', author: clash });
    const independent = h.model('Tag').create({ name: 'independent' });
    h.server.script('POST /api/person', { status: 400, body: { message: 'IntegrityError: UNIQUE constraint failed: person.name' } });
    const { events, error } = await finish(start(h.client.save()));

    expect(ofType(events, 'failed')).toEqual([{ type: 'failed', entity: clash, error: clash.saveError }]);
    expect(ofType(events, 'skipped')).toEqual([
      { type: 'skipped', entity: child, because: clash },
      { type: 'skipped', entity: article, because: clash },
      { type: 'skipped', entity: grandchild, because: child },
    ]);
    expect(events.at(-1)).toEqual({ type: 'completed', created: 1, updated: 1, failed: 1, skipped: 3 });
    expect(error).toBeInstanceOf(SaveError);
    expect((error as SaveError).message).toContain('IntegrityError');
    expect((error as SaveError).failures.map((failure) => failure.entity)).toEqual([clash]);

    expect([independent.isNew, bob.isDirty]).toEqual([false, false]);
    expect([clash, child, grandchild, article].map((entity) => entity.isNew)).toEqual([true, true, true, true]);
    expect(clash.dirtyFields).toContain('name');
    expect(child['owner']).toBe(clash);
    expect(String(clash.saveError)).toContain('IntegrityError');
    // A skipped entity says why, and points at the failure it waits for.
    expect(child.saveError).toBeInstanceOf(SaveError);
    expect(String(child.saveError)).toContain('needs a Person that could not be saved');
    expect((child.saveError as SaveError).failures).toEqual([{ entity: clash, error: clash.saveError }]);
    expect((grandchild.saveError as SaveError).failures[0]?.entity).toBe(child);

    clash['name'] = 'Alicia';
    const retry = await finish(start(h.client.save()));
    expect(retry.error).toBeUndefined();
    expect([clash, child, grandchild, article].map((entity) => entity.isNew)).toEqual([false, false, false, false]);
    expect(clash.saveError).toBeUndefined();
    expect(h.server.row('Computer', child['id'] as number)?.['owner_id']).toBe(clash['id']);
    expect(h.server.writes().filter((write) => write.route === 'POST /api/tag')).toHaveLength(1);
  });

  it('a field assigned while its PUT is in flight stays dirty; the answer does not overwrite it', async () => {
    const h = await editedAlice();
    const held = gate();
    h.server.script('PUT /api/person/1', { hold: held.promise });
    const save = start(h.client.save());
    await flush();
    expect(puts(h)).toHaveLength(1);
    h.alice['name'] = 'Ali';
    h.alice['birth_date'] = new Date('1990-02-02T00:00:00Z');
    held.open();
    const { error } = await finish(save);
    expect(error).toBeUndefined();
    expect(h.alice['name']).toBe('Ali');
    expect([...h.alice.dirtyFields].sort()).toEqual(['birth_date', 'name']);
    await finish(start(h.client.save()));
    expect(puts(h).map((request) => request.body)).toEqual([{ name: 'Alicia' }, { name: 'Ali', birth_date: '1990-02-02' }]);
    expect(h.alice.isDirty).toBe(false);
  });

  it("the answer brings the server's other values without clobbering a field edited meanwhile", async () => {
    const h = await harness();
    const box = await firstValueFrom(h.model('Computer').get(3));
    box['vendor'] = 'Robot';
    const held = gate();
    h.server.script('PUT /api/compjutahs/3', { hold: held.promise });
    const save = start(h.client.save());
    await flush();
    box['name'] = 'robot-box';
    // Someone else changes the row on the server before it answers.
    h.server.seed('Computer', { id: 3, name: 'renamed-elsewhere', vendor: 'Pear', owner_id: 2, purchase_time: '2024-01-02T03:04:05' });
    held.open();
    await finish(save);
    expect(box['vendor']).toBe('Robot');
    expect(box['name']).toBe('robot-box');
    expect(box['purchase_time']).toEqual(new Date('2024-01-02T03:04:05Z'));
    expect(box.dirtyFields).toEqual(['name']);
  });

  it('a field assigned while its entity is being created stays dirty and is sent by the next save', async () => {
    const h = await harness();
    const zoe = h.model('Person').create({ name: 'Zoe' });
    const held = gate();
    h.server.script('POST /api/person', { hold: held.promise });
    const save = start(h.client.save());
    await flush();
    zoe['name'] = 'Zoë';
    held.open();
    await finish(save);
    expect(zoe.isNew).toBe(false);
    expect(zoe['name']).toBe('Zoë');
    expect(zoe.dirtyFields).toEqual(['name']);
    await finish(start(h.client.save()));
    expect(h.server.writes().map((write) => write.route)).toEqual(['POST /api/person', `PUT /api/person/${String(zoe['id'])}`]);
    expect(h.server.row('Person', zoe['id'] as number)?.['name']).toBe('Zoë');
  });

  it('a field assigned during the backoff stays dirty: the retry sends what the first attempt sent', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const h = await editedAlice();
    h.server.script('PUT /api/person/1', { status: 503 });
    const save = start(h.client.save());
    await flush();
    h.alice['name'] = 'Ali';
    await finish(save);
    expect(puts(h).map((request) => request.body)).toEqual([{ name: 'Alicia' }, { name: 'Alicia' }]);
    expect(h.alice.dirtyFields).toEqual(['name']);
    expect(h.alice['name']).toBe('Ali');
  });
});

describe('unsubscribing mid-save', () => {
  it('aborts what is in flight and leaves the rest pending; POSTs cut off are in doubt until their entity is saved on purpose', async () => {
    const h = await harness();
    const maurice = h.model('Person').create({ name: 'Maurice' });
    const roy = h.model('Person').create({ name: 'Roy' });
    // The owners are saved first: new ones would ride in their computers' POSTs (nest.ts).
    expect((await finish(start(h.client.save()))).error).toBeUndefined();
    const beast = h.model('Computer').create({ name: 'TheBeast', owner: maurice });
    const pc = h.model('Computer').create({ name: 'pc', owner: roy });
    const never = gate();
    h.server.script('POST /api/compjutahs', { hold: never.promise }, { hold: never.promise });
    const save = start(h.client.save());
    await flush();
    const inFlight = h.server.requests.filter((request) => request.path === '/api/compjutahs');
    expect(inFlight).toHaveLength(2);
    const seen = save.run.events.length;
    save.unsubscribe();
    expect(inFlight.map((request) => request.signal?.aborted)).toEqual([true, true]);
    await flush();
    expect(save.run.events).toHaveLength(seen);
    expect([maurice.isNew, roy.isNew, beast.isNew, pc.isNew]).toEqual([false, false, true, true]);
    expect(beast.dirtyFields).toEqual(expect.arrayContaining(['name', 'owner']));
    expect(String(beast.saveError)).toMatch(/cancelled while the request was in flight.*may or may not have created this Computer/);

    // The aborted POSTs may have reached the server: a save does not send them again.
    const again = await finish(start(h.client.save()));
    expect(ofType(again.events, 'skipped').map((event) => event.entity)).toEqual([beast, pc]);
    expect(again.error).toBeUndefined();
    expect(h.server.requests.filter((request) => request.path === '/api/compjutahs')).toHaveLength(2);

    // Saving the entity itself is the user's decision to send it again.
    const resent = await finish(start(beast.save()));
    expect(resent.error).toBeUndefined();
    expect(ofType(resent.events, 'created').map((event) => event.entity)).toEqual([beast]);
    expect(beast.saveError).toBeUndefined();
    expect(pc.isNew).toBe(true);
    expect(h.server.writes().filter((write) => write.route === 'POST /api/person')).toHaveLength(2);
    // The aborted POSTs were never answered (this fake applies a held request when it answers).
    expect(h.server.rows('Computer').filter((row) => row['name'] === 'TheBeast')).toHaveLength(1);
    expect(h.server.row('Computer', beast['id'] as number)?.['owner_id']).toBe(maurice['id']);
  });

  it('during a backoff, stops the retries', async () => {
    const h = await editedAlice();
    h.server.script('PUT /api/person/1', { status: 503 });
    const save = start(h.client.save());
    await flush();
    expect(ofType(save.run.events, 'retrying')).toHaveLength(1);
    save.unsubscribe();
    await vi.runAllTimersAsync();
    expect(puts(h)).toHaveLength(1);
    expect(h.alice.dirtyFields).toEqual(['name']);
    await finish(start(h.client.save()));
    expect(puts(h)).toHaveLength(2);
    expect(h.alice.isDirty).toBe(false);
  });
});

describe('deletes', () => {
  it('are retried; a retry that finds the row gone means the first one went through', async () => {
    const h = await harness({ retry: { baseDelayMs: 100 } });
    const bob = await firstValueFrom(h.model('Person').get(2));
    const box = await firstValueFrom(h.model('Computer').get(3));
    h.server.script('DELETE /api/person/2', { fail: 'dropped' });
    h.server.script('DELETE /api/compjutahs/3', { status: 503 }, { status: 504 });
    const done = Promise.all([firstValueFrom(bob.delete(), { defaultValue: undefined }), firstValueFrom(box.delete(), { defaultValue: undefined })]);
    await vi.runAllTimersAsync();
    await done;
    const deletes = h.server.requests.filter((request) => request.method === 'DELETE').map((request) => request.path);
    expect(deletes.filter((path) => path === '/api/person/2')).toHaveLength(2);
    expect(deletes.filter((path) => path === '/api/compjutahs/3')).toHaveLength(3);
    expect([h.server.row('Person', 2), h.server.row('Computer', 3)]).toEqual([undefined, undefined]);
    expect(await firstValueFrom(h.model('Person').all())).not.toContain(bob);
  });

  it('are not retried on 400, and the entity stays', async () => {
    const h = await harness();
    const bob = await firstValueFrom(h.model('Person').get(2));
    h.server.script('DELETE /api/person/2', { status: 400 });
    const failure = firstValueFrom(bob.delete(), { defaultValue: undefined }).catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    expect(((await failure) as HttpError).status).toBe(400);
    expect(h.server.requests.filter((request) => request.method === 'DELETE')).toHaveLength(1);
    expect(await firstValueFrom(h.model('Person').all())).toContain(bob);
  });

  it('are sent again after a 500 (the outcome is unknown, and a DELETE is idempotent); a 500 every time fails, and the entity stays', async () => {
    const h = await harness({ retry: { attempts: 3 } });
    const bob = await firstValueFrom(h.model('Person').get(2));
    h.server.script('DELETE /api/person/2', { status: 500 }, { status: 500 }, { status: 500 });
    const failure = firstValueFrom(bob.delete(), { defaultValue: undefined }).catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    expect(((await failure) as HttpError).status).toBe(500);
    expect(h.server.requests.filter((request) => request.method === 'DELETE')).toHaveLength(3);
    expect(await firstValueFrom(h.model('Person').all())).toContain(bob);
  });
});

describe('concurrency', () => {
  it('never has more than `concurrency` requests of a level in flight', async () => {
    const h = await harness({ concurrency: 2 });
    const gates = Array.from({ length: 5 }, () => gate());
    h.server.script('POST /api/tag', ...gates.map((g): Reply => ({ hold: g.promise })));
    for (let i = 0; i < 5; i += 1) h.model('Tag').create({ name: `t${i}` });
    const save = start(h.client.save());
    const sent = () => h.server.requests.filter((request) => request.path === '/api/tag').length;
    await flush();
    expect(sent()).toBe(2);
    gates[1]!.open();
    await flush();
    expect(sent()).toBe(3);
    for (const g of gates) g.open();
    const { events } = await finish(save);
    expect(sent()).toBe(5);
    expect(events.at(-1)).toMatchObject({ type: 'completed', created: 5 });
  });
});
