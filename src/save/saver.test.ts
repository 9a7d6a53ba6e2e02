import { describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { gate } from '../../test/support/fake-server.js';
import { harness, ofType, runSave, start, type Harness } from '../../test/support/save-harness.js';
import { ValidationError } from '../errors.js';

/** Lets the fake server's answers and the queue's promises run. */
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

const routes = (h: Harness) => h.server.writes().map((write) => write.route);

describe('overlapping saves never send the same entity twice', () => {
  it('client.save() twice at once: the second starts after the first and finds nothing left', async () => {
    const h = await harness();
    const maurice = h.model('Person').create({ name: 'Maurice' });
    h.model('Computer').create({ name: 'TheBeast', owner: maurice });
    const first = start(h.client.save());
    const second = start(h.client.save());
    const [a, b] = await Promise.all([first.done, second.done]);
    expect([a.error, b.error]).toEqual([undefined, undefined]);
    expect(routes(h)).toEqual(['POST /api/compjutahs']);
    expect(b.events).toEqual([{ type: 'planned', levels: [] }, { type: 'completed', created: 0, updated: 0, failed: 0, skipped: 0 }]);
  });

  it('entity.save() and client.save() at once: each entity is created once', async () => {
    const h = await harness();
    const maurice = h.model('Person').create({ name: 'Maurice' });
    const beast = h.model('Computer').create({ name: 'TheBeast', owner: maurice });
    const roy = h.model('Person').create({ name: 'Roy' });
    const held = gate();
    // Maurice rides in beast's POST (nest.ts).
    h.server.script('POST /api/compjutahs', { hold: held.promise });
    const own = start(beast.save());
    const all = start(h.client.save());
    await tick();
    expect(routes(h)).toEqual(['POST /api/compjutahs']);
    held.open();
    const [a, b] = await Promise.all([own.done, all.done]);
    expect(ofType(a.events, 'created').map((event) => event.entity)).toEqual([maurice, beast]);
    expect(ofType(b.events, 'created').map((event) => event.entity)).toEqual([roy]);
    expect(routes(h)).toEqual(['POST /api/compjutahs', 'POST /api/person']);
    expect(h.server.rows('Person').map((row) => row['name'])).toEqual(['Alice', 'Bob', 'Carol', 'Maurice', 'Roy']);
  });

  it('a save given up while it waits does not let the next one start beside the running one', async () => {
    const h = await harness();
    h.model('Person').create({ name: 'Zoe' });
    const held = gate();
    h.server.script('POST /api/person', { hold: held.promise });
    const running = start(h.client.save());
    await tick();
    const abandoned = start(h.client.save());
    await tick();
    abandoned.unsubscribe();
    const next = start(h.client.save());
    await tick();
    expect(routes(h)).toEqual(['POST /api/person']);
    held.open();
    await Promise.all([running.done, next.done]);
    expect(routes(h)).toEqual(['POST /api/person']);
    expect(h.server.rows('Person').filter((row) => row['name'] === 'Zoe')).toHaveLength(1);
  });

  it('a save is cold: nothing is sent until it is subscribed, and each subscription saves what is pending then', async () => {
    const h = await harness();
    const save$ = h.client.save();
    h.model('Person').create({ name: 'Zoe' });
    await tick();
    expect(routes(h)).toEqual([]);
    await runSave(save$);
    h.model('Person').create({ name: 'Zed' });
    await runSave(save$);
    expect(h.server.writes().map((write) => write.body)).toEqual([{ name: 'Zoe' }, { name: 'Zed' }]);
  });
});

describe('delete', () => {
  it('of a new entity sends nothing, and what referred to it no longer does', async () => {
    const h = await harness();
    const alice = await firstValueFrom(h.model('Person').get(1));
    const maurice = h.model('Person').create({ name: 'Maurice' });
    const beast = h.model('Computer').create({ name: 'TheBeast', owner: maurice });
    const spare = h.model('Computer').create({ name: 'spare', owner: alice });
    expect(alice.isDirty).toBe(true);
    await firstValueFrom(maurice.delete(), { defaultValue: undefined });
    await firstValueFrom(spare.delete(), { defaultValue: undefined });
    expect(beast['owner']).toBeNull();
    expect(alice.isDirty).toBe(false);
    await runSave(h.client.save());
    expect(h.server.writes()).toEqual([{ route: 'POST /api/compjutahs', body: { name: 'TheBeast' } }]);
    expect(h.server.rows('Person').map((row) => row['name'])).not.toContain('Maurice');
  });

  it('while the entity is being created waits for the create, then deletes the row', async () => {
    const h = await harness();
    const zoe = h.model('Person').create({ name: 'Zoe' });
    const held = gate();
    h.server.script('POST /api/person', { hold: held.promise });
    const save = start(h.client.save());
    await tick();
    const deleted = firstValueFrom(zoe.delete(), { defaultValue: undefined });
    await tick();
    expect(routes(h)).toEqual(['POST /api/person']);
    held.open();
    await Promise.all([save.done, deleted]);
    expect(routes(h)).toEqual(['POST /api/person', `DELETE /api/person/${String(zoe['id'])}`]);
    expect(h.server.rows('Person').map((row) => row['name'])).not.toContain('Zoe');
    expect(await firstValueFrom(h.model('Person').all())).not.toContain(zoe);
  });

  it('while the entity is being updated goes after the update, and leaves no ghost of the row', async () => {
    const h = await harness();
    const bob = await firstValueFrom(h.model('Person').get(2));
    bob['name'] = 'Robert';
    const held = gate();
    h.server.script('PUT /api/person/2', { hold: held.promise });
    const save = start(h.client.save());
    await tick();
    const deleted = firstValueFrom(bob.delete(), { defaultValue: undefined });
    await tick();
    expect(routes(h)).toEqual(['PUT /api/person/2']);
    held.open();
    await Promise.all([save.done, deleted]);
    expect(routes(h)).toEqual(['PUT /api/person/2', 'DELETE /api/person/2']);
    const people = await firstValueFrom(h.model('Person').all());
    expect(people.map((person) => person['name'])).toEqual(['Alice', 'Carol']);
  });
});

it('a create refused by validation leaves nothing behind for the next save', async () => {
  const h = await harness();
  const maurice = await firstValueFrom(h.model('Person').get(1));
  expect(() => h.model('Computer').create({ name: 'ok', owner: maurice, vendor: 42 })).toThrow(ValidationError);
  const { events } = await runSave(h.client.save());
  expect(h.server.writes()).toEqual([]);
  expect(events.at(-1)).toMatchObject({ type: 'completed', created: 0 });
  expect((maurice['computers'] as unknown[]).map((computer) => (computer as Record<string, unknown>)['name'])).toEqual(['alice-laptop', 'alice-desktop']);
  expect(maurice.isDirty).toBe(false);
});
