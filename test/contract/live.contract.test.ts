import { describe, expect, it } from 'vitest';
import { firstValueFrom, skip, take, lastValueFrom } from 'rxjs';
import type { DynamicEntity } from '../../src/index.js';
import { INTERNALS } from '../../src/client.js';
import type { EntityStore } from '../../src/store/entity-store.js';
import type { HttpClient } from '../../src/transport/http.js';
import { clientOf, useContractTarget } from './target.js';

const target = useContractTarget();
const names = (entities: readonly DynamicEntity[]) => entities.map((entity) => entity['name']);

/** Counts the requests a client makes, whatever the target. */
function countingFetch() {
  const calls: string[] = [];
  const fetchImpl = (input: string, init?: RequestInit) => {
    calls.push(`${init?.method ?? 'GET'} ${decodeURIComponent(input)}`);
    return fetch(input, init);
  };
  return { calls, fetch: fetchImpl };
}

describe(`live reads (${process.env['CONTRACT_TARGET'] ?? 'emulator'})`, () => {
  it('an edited entity leaves and enters a live filtered list without a request', async () => {
    const counter = countingFetch();
    const { Person } = (await clientOf(target(), { fetch: counter.fetch })).models;
    const list$ = Person!.query.filter((p) => p['name']!.like('A%')).all();
    const emissions: string[][] = [];
    const subscription = list$.subscribe((people) => emissions.push(names(people) as string[]));
    await firstValueFrom(list$.pipe(take(1)));
    await waitFor(() => emissions.length >= 1);
    const before = counter.calls.length;
    const bob = await firstValueFrom(Person!.get(2));
    const afterGet = counter.calls.length;
    bob['name'] = 'Anna';
    expect(emissions.at(-1)).toEqual(['Alice', 'Anna']);
    bob['name'] = 'Bob';
    expect(emissions.at(-1)).toEqual(['Alice']);
    expect(counter.calls.length).toBe(afterGet);
    expect(afterGet - before).toBe(1);
    subscription.unsubscribe();
  });

  it('keeps a live list sorted locally by its orderBy', async () => {
    const { Person } = (await clientOf(target())).models;
    const emissions: string[][] = [];
    const subscription = Person!.query.orderBy({ name: 'asc' }).all().subscribe((people) => emissions.push(names(people) as string[]));
    await waitFor(() => emissions.length >= 1);
    const eve = await firstValueFrom(Person!.get(5));
    eve['name'] = 'Aaron';
    expect(emissions.at(-1)).toEqual(['Aaron', 'Alice', 'Bob', 'Carol', 'Dave']);
    subscription.unsubscribe();
  });

  it('a change to a related row moves a row of a list filtered through the relation', async () => {
    const { Person, Computer } = (await clientOf(target())).models;
    const emissions: string[][] = [];
    const subscription = Person!.query.filter((p) => p['computers']!.any((c) => c['vendor']!.eq('Pear'))).all().subscribe((people) => emissions.push(names(people) as string[]));
    await waitFor(() => emissions.length >= 1);
    expect(emissions.at(-1)).toEqual(['Alice', 'Bob']);
    const box = await firstValueFrom(Computer!.get(3));
    box['vendor'] = 'Dull';
    expect(emissions.at(-1)).toEqual(['Alice']);
    subscription.unsubscribe();
  });

  it('a windowed list refetches instead of guessing', async () => {
    const counter = countingFetch();
    const { Person } = (await clientOf(target(), { fetch: counter.fetch })).models;
    const emissions: string[][] = [];
    const subscription = Person!.query.orderBy({ name: 'asc' }).limit(2).all().subscribe((people) => emissions.push(names(people) as string[]));
    await waitFor(() => emissions.length >= 1);
    const eve = await firstValueFrom(Person!.get(5));
    const requests = counter.calls.length;
    eve['name'] = 'Aaron';
    await waitFor(() => counter.calls.length > requests);
    // The server has not seen the unsaved edit, so the refetched window is unchanged.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(emissions.at(-1)).toEqual(['Alice', 'Bob']);
    subscription.unsubscribe();
  });

  it('entity.$ emits on every change and a list re-emits only when it changed', async () => {
    const { Person } = (await clientOf(target())).models;
    const bob = await firstValueFrom(Person!.get(2));
    const changes = lastValueFrom(bob.$.pipe(skip(1), take(2)));
    bob['name'] = 'Robert';
    bob['birth_date'] = null;
    expect(await changes).toBe(bob);
  });

  it('unsubscribing leaves no listener on the store and no request in flight', async () => {
    const client = await clientOf(target());
    const internals = (client as unknown as Record<symbol, { store: EntityStore; http: HttpClient }>)[INTERNALS]!;
    const { Person } = client.models;
    const subscriptions = Array.from({ length: 20 }, () => Person!.all().subscribe());
    const bob = await firstValueFrom(Person!.get(2));
    const entitySubscription = bob.$.subscribe();
    await waitFor(() => internals.http.inflightCount === 0);
    expect(internals.store.observed).toBe(true);
    subscriptions.forEach((subscription) => subscription.unsubscribe());
    entitySubscription.unsubscribe();
    expect(internals.store.observed).toBe(false);
    expect(internals.http.inflightCount).toBe(0);
  });

  it('shares identical reads in flight and aborts them when the last subscriber leaves', async () => {
    const counter = countingFetch();
    const client = await clientOf(target(), { fetch: counter.fetch });
    const internals = (client as unknown as Record<symbol, { store: EntityStore; http: HttpClient }>)[INTERNALS]!;
    const { Person } = client.models;
    const before = counter.calls.length;
    const [a, b] = await Promise.all([firstValueFrom(Person!.all()), firstValueFrom(Person!.all())]);
    expect(a).toEqual(b);
    expect(counter.calls.length - before).toBe(1);
    const pending = Person!.all().subscribe();
    expect(internals.http.inflightCount).toBe(1);
    pending.unsubscribe();
    expect(internals.http.inflightCount).toBe(0);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('a live list follows its members', () => {
  it('emits a new array of the same objects when a member changes: an edit, then the save; lists without it stay silent', async () => {
    const { Computer } = (await clientOf(target())).models;
    const pear: DynamicEntity[][] = [];
    const others: DynamicEntity[][] = [];
    const pearSubscription = Computer!.query.filterBy({ vendor: 'Pear' }).all().subscribe((list) => pear.push(list));
    const otherSubscription = Computer!.query.filter((c) => c['vendor']!.ne('Pear')).all().subscribe((list) => others.push(list));
    await waitFor(() => pear.length >= 1 && others.length >= 1);
    const [first] = pear.at(-1)!;
    const seenPear = pear.length;
    const seenOthers = others.length;
    first!['name'] = 'renamed in place';
    // One emission for the edit, not one per field or per list.
    expect(pear.length).toBe(seenPear + 1);
    expect(pear.at(-1)).not.toBe(pear.at(-2));
    expect(pear.at(-1)).toEqual(pear.at(-2));
    expect(pear.at(-1)![0]).toBe(first);
    expect(pear.at(-1)![0]!['name']).toBe('renamed in place');
    expect(others.length).toBe(seenOthers);
    await lastValueFrom(first!.save());
    expect(pear.length).toBeGreaterThan(seenPear + 1);
    expect(pear.at(-1)![0]).toBe(first);
    expect(others.length).toBe(seenOthers);
    pearSubscription.unsubscribe();
    otherSubscription.unsubscribe();
  });

  it('leaves a member out of a fresh answer when its unsaved edit no longer matches', async () => {
    const { Computer } = (await clientOf(target())).models;
    const pears = await firstValueFrom(Computer!.query.filterBy({ vendor: 'Pear' }).all());
    const edited = pears[0]!;
    edited['vendor'] = 'Dull';
    const again = await firstValueFrom(Computer!.query.filterBy({ vendor: 'Pear' }).all());
    expect(again).not.toContain(edited);
    expect(again.length).toBe(pears.length - 1);
  });
});

describe('lists indexed by an equality', () => {
  it('an entity edited to meet the equality enters, edited away leaves; the lists of other values stay silent', async () => {
    const { Computer } = (await clientOf(target())).models;
    const pear: DynamicEntity[][] = [];
    const dull: DynamicEntity[][] = [];
    const robot: DynamicEntity[][] = [];
    const subscriptions = [
      Computer!.query.filterBy({ vendor: 'Pear' }).all().subscribe((list) => pear.push(list)),
      Computer!.query.filterBy({ vendor: 'Dull' }).all().subscribe((list) => dull.push(list)),
      Computer!.query.filterBy({ vendor: 'Robot' }).all().subscribe((list) => robot.push(list)),
    ];
    await waitFor(() => pear.length >= 1 && dull.length >= 1 && robot.length >= 1);
    const moved = dull.at(-1)![0]!;
    const seenRobot = robot.length;
    moved['vendor'] = 'Pear';
    expect(pear.at(-1)).toContain(moved);
    expect(dull.at(-1)).not.toContain(moved);
    moved['vendor'] = 'Dull';
    expect(pear.at(-1)).not.toContain(moved);
    expect(dull.at(-1)).toContain(moved);
    expect(robot.length).toBe(seenRobot);
    for (const subscription of subscriptions) subscription.unsubscribe();
  });
});
