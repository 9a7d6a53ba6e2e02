/**
 * A save publishes one store batch per dependency level, not one per server answer: observers
 * (live lists, `client.changes$`) pay once per level and never see half a level applied.
 */
import { describe, expect, it } from 'vitest';
import { harness, runSave, type DynamicEntity } from '../../test/support/save-harness.js';
import type { StoreEvent } from '../store/store-events.js';

describe('one store batch per save level', () => {
  it('six new people (one level) are announced created together, once', async () => {
    const { client, model } = await harness();
    const people = Array.from({ length: 6 }, (_, index) => model('Person').create({ name: `p${index}` }));
    const events: StoreEvent[] = [];
    const subscription = client.changes$.subscribe((event) => events.push(event));
    const { error } = await runSave(client.save());
    subscription.unsubscribe();
    expect(error).toBeUndefined();
    const created = events.filter((event) => event.type === 'created');
    expect(created).toHaveLength(1);
    expect(new Set(created[0]?.entities)).toEqual(new Set(people));
  });

  it('two levels (owners, then their computers) are two announcements, the first before the computers are sent', async () => {
    const { client, model, server } = await harness();
    const owners = Array.from({ length: 3 }, (_, index) => model('Person').create({ name: `o${index}` }));
    // Two computers each: an owner that two creates need is created on its own, in the first level.
    const computers = owners.flatMap((owner, index) => [model('Computer').create({ name: `c${index}`, owner }), model('Computer').create({ name: `d${index}`, owner })]);
    const created: Array<{ entities: readonly object[]; writesSoFar: number }> = [];
    const subscription = client.changes$.subscribe((event) => {
      if (event.type === 'created') created.push({ entities: event.entities, writesSoFar: server.writes().length });
    });
    const { error } = await runSave(client.save());
    subscription.unsubscribe();
    expect(error).toBeUndefined();
    expect(created.map((event) => new Set(event.entities))).toEqual([new Set(owners), new Set(computers)]);
    // The owners' batch went out when their level ended, before any computer's POST.
    expect(created[0]?.writesSoFar).toBe(3);
    expect(computers.every((computer: DynamicEntity) => typeof computer['owner_id'] === 'number')).toBe(true);
  });
});
