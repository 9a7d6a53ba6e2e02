import { describe, expect, it } from 'vitest';
import { filter, firstValueFrom, lastValueFrom } from 'rxjs';
import type { DynamicEntity } from '../../src/index.js';
import { clientOf, useContractTarget } from './target.js';

const target = useContractTarget();

describe(`eviction (${process.env['CONTRACT_TARGET'] ?? 'emulator'})`, () => {
  it('evicted rows read again are the objects the app still holds, with the server values; an edit of one is saved', async () => {
    // gcTimeMs 0: the store lets go of unreferenced rows at the next turn of the event loop.
    const client = await clientOf(target(), { gcTimeMs: 0 });
    const { Person } = client.models;
    const evicted = firstValueFrom(client.changes$.pipe(filter((event) => event.type === 'evicted')));
    const people = await firstValueFrom(Person!.all());
    expect((await evicted).entities).toEqual(expect.arrayContaining(people));

    const again = await firstValueFrom(Person!.all());
    expect(again).toHaveLength(people.length);
    again.forEach((person, index) => expect(person).toBe(people[index]));
    const bob = people[1] as DynamicEntity;
    expect(await firstValueFrom(Person!.query.filterBy({ name: 'Bob' }).one())).toBe(bob);
    expect((bob['computers'] as DynamicEntity[]).map((computer) => computer['name'])).toEqual(['bob-box']);

    await firstValueFrom(client.changes$.pipe(filter((event) => event.type === 'evicted' && event.entities.includes(bob))));
    bob['name'] = 'Robert';
    await lastValueFrom(client.save());
    const fresh = await clientOf(target());
    expect((await firstValueFrom(fresh.models['Person']!.get(2)))['name']).toBe('Robert');
  });
});
