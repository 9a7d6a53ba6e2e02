/**
 * A live list's order after edits, joins and departures is the order a full stable re-sort of the
 * previous list would give (the rule live lists followed before they kept their order
 * incrementally): checked case by case (ties, NULLs, dates, a member moving across the list) and
 * against a reference re-sort over random batches, small and large.
 */
import { describe, expect, it } from 'vitest';
import { firstValueFrom, type Subscription } from 'rxjs';
import { connect, type DynamicEntity, type FetchLike } from '../index.js';
import { INTERNALS } from '../client.js';
import type { EntityStore } from '../store/entity-store.js';
import { recordedDatamodel } from '../../mocks/datamodel.js';
import { prng } from '../../test/support/python-values.js';

interface ComputerRow {
  id: number;
  name: string;
  vendor: string | null;
  purchase_time: string | null;
  owner_id: number | null;
}

interface PersonRow {
  id: number;
  name: string;
  birth_date: null;
  computers: ComputerRow[];
}

/** A server that answers every collection read with all its rows in key order (the list filters and sorts locally). */
function serverOf(computers: ComputerRow[], people: PersonRow[] = []): FetchLike {
  return async (input) => {
    const path = new URL(input).pathname;
    const objects: Array<{ id: number }> = path.includes('person') ? people : computers;
    const one = /\/(\d+)$/.exec(path);
    const body = one ? objects.find((object) => object.id === Number(one[1])) : { num_results: objects.length, objects, page: 1, total_pages: 1 };
    return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
  };
}

async function clientWith(computers: ComputerRow[], people: PersonRow[] = []) {
  const client = await connect({ url: 'http://live.test', datamodel: recordedDatamodel, fetch: serverOf(computers, people), gcTimeMs: Infinity });
  const store = (client as unknown as Record<symbol, { store: EntityStore }>)[INTERNALS]!.store;
  return { client, store, Computer: client.models['Computer']!, Person: client.models['Person']! };
}

/** Subscribes and waits for the first answer; `last()` is the latest emission. */
async function watch(list$: import('rxjs').Observable<DynamicEntity[]>) {
  const emissions: DynamicEntity[][] = [];
  let subscription: Subscription | undefined;
  await new Promise<void>((resolve) => {
    subscription = list$.subscribe((list) => {
      emissions.push(list);
      resolve();
    });
  });
  return { emissions, last: () => emissions.at(-1) ?? [], stop: () => subscription?.unsubscribe() };
}

const ids = (list: readonly DynamicEntity[]) => list.map((entity) => entity['id'] as number);
const row = (id: number, vendor: string | null, purchase_time: string | null = null, name = `pc-${id}`): ComputerRow => ({ id, name, vendor, purchase_time, owner_id: null });

describe('a sorted live list after a change', () => {
  it('breaks ties by the previous order: an entity tied with others lands where it was before', async () => {
    const { Computer } = await clientWith([row(1, 'x'), row(2, 'y'), row(3, 'y'), row(4, 'y')]);
    const list = await watch(Computer.query.orderBy({ vendor: 'asc' }).all());
    const [a, , , d] = await firstValueFrom(Computer.all());
    expect(ids(list.last())).toEqual([1, 2, 3, 4]);
    a!['vendor'] = 'y';
    expect(ids(list.last())).toEqual([1, 2, 3, 4]);
    d!['vendor'] = 'a';
    expect(ids(list.last())).toEqual([4, 1, 2, 3]);
    // Back among its equals: first, because it was first in the previous list.
    d!['vendor'] = 'y';
    expect(ids(list.last())).toEqual([4, 1, 2, 3]);
    d!['vendor'] = 'z';
    d!['vendor'] = 'y';
    expect(ids(list.last())).toEqual([1, 2, 3, 4]);
    list.stop();
  });

  it('puts an entity that joins after the members it ties with', async () => {
    const { Computer } = await clientWith([row(1, 'y'), row(2, 'y'), row(3, 'x', null, 'other-3'), row(4, 'y', null, 'other-4')]);
    const list = await watch(Computer.query.filter((c) => c['name']!.like('pc%')).orderBy({ vendor: 'asc' }).all());
    const everyone = await firstValueFrom(Computer.all());
    expect(ids(list.last())).toEqual([1, 2]);
    everyone[3]!['name'] = 'pc-4';
    everyone[2]!['name'] = 'pc-3';
    expect(ids(list.last())).toEqual([3, 1, 2, 4]);
    list.stop();
  });

  it('orders NULL first ascending and last descending, dates by time', async () => {
    const { Computer } = await clientWith([row(1, 'a', '2021-03-01T10:00:00'), row(2, 'a', null), row(3, 'a', '2020-12-31T23:59:59'), row(4, 'a', '2021-03-01T09:00:00')]);
    const ascending = await watch(Computer.query.orderBy({ purchase_time: 'asc' }).all());
    const descending = await watch(Computer.query.orderBy({ purchase_time: 'desc' }).all());
    expect(ids(ascending.last())).toEqual([2, 3, 4, 1]);
    expect(ids(descending.last())).toEqual([1, 4, 3, 2]);
    const [first, second] = await firstValueFrom(Computer.all());
    second!['purchase_time'] = new Date(Date.UTC(2021, 2, 1, 9, 30));
    first!['purchase_time'] = null;
    expect(ids(ascending.last())).toEqual([1, 3, 4, 2]);
    expect(ids(descending.last())).toEqual([2, 4, 3, 1]);
    ascending.stop();
    descending.stop();
  });

  it('moves an edited entity from one end of the list to the other and back', async () => {
    const rows = Array.from({ length: 50 }, (_, index) => row(index + 1, `v${String(index).padStart(2, '0')}`));
    const { Computer } = await clientWith(rows);
    const list = await watch(Computer.query.orderBy({ vendor: 'desc' }).all());
    const everyone = await firstValueFrom(Computer.all());
    const sorted = ids(list.last());
    expect(sorted[0]).toBe(50);
    everyone[49]!['vendor'] = 'a';
    expect(ids(list.last())).toEqual([...sorted.slice(1), 50]);
    everyone[49]!['vendor'] = 'v49';
    expect(ids(list.last())).toEqual(sorted);
    list.stop();
  });

  it('a batch that moves many members at once gives the same order as a full re-sort', async () => {
    const rows = Array.from({ length: 200 }, (_, index) => row(index + 1, `v${index % 7}`));
    const { Computer, store } = await clientWith(rows);
    const list = await watch(Computer.query.orderBy({ vendor: 'asc', id: 'desc' }).all());
    const everyone = await firstValueFrom(Computer.all());
    store.transaction(() => {
      for (const [index, computer] of everyone.entries()) if (index % 3 === 0) computer['vendor'] = `v${(index * 5) % 7}`;
    });
    const expected = [...everyone].sort((a, b) => String(a['vendor']).localeCompare(String(b['vendor'])) || (b['id'] as number) - (a['id'] as number));
    expect(ids(list.last())).toEqual(ids(expected));
    list.stop();
  });
});

describe('a live list against a full re-sort of its previous order, over random batches', () => {
  // The reference is the rule itself: members that still match keep their previous order, new ones
  // go at the end in the order they were changed, then a stable sort by the list's keys.
  const VENDORS = [null, 'a', 'b', 'c'];
  const TIMES = [null, '2020-01-01T00:00:00', '2020-06-01T12:00:00', '2021-01-01T00:00:00'];
  const vendorOrder = (value: unknown) => (value === null ? -1 : VENDORS.indexOf(value as string));
  const asDate = (text: string | null) => (text === null ? null : new Date(`${text}Z`));
  const timeOf = (value: unknown) => (value === null ? -Infinity : (value as Date).getTime());

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}`, async () => {
      const random = prng(seed);
      const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
      const rows = Array.from({ length: 80 }, (_, index) => row(index + 1, pick(VENDORS), pick(TIMES), random() < 0.8 ? `pc-${index + 1}` : `off-${index + 1}`));
      const { Computer, store } = await clientWith(rows);
      const list = await watch(Computer.query.filter((c) => c['name']!.like('pc%')).orderBy({ vendor: 'asc', purchase_time: 'desc' }).all());
      const everyone = await firstValueFrom(Computer.all());
      const compare = (a: DynamicEntity, b: DynamicEntity) => vendorOrder(a['vendor']) - vendorOrder(b['vendor']) || timeOf(b['purchase_time']) - timeOf(a['purchase_time']);
      for (let step = 0; step < 60; step++) {
        const previous = list.last();
        const size = random() < 0.7 ? 1 + Math.floor(random() * 3) : 10 + Math.floor(random() * 40);
        const changed: DynamicEntity[] = [];
        store.transaction(() => {
          for (let n = 0; n < size; n++) {
            const computer = pick(everyone);
            const what = random();
            if (what < 0.4) computer['vendor'] = pick(VENDORS);
            else if (what < 0.8) computer['purchase_time'] = asDate(pick(TIMES));
            else computer['name'] = random() < 0.5 ? `pc-${String(computer['id'])}` : `off-${String(computer['id'])}`;
            if (!changed.includes(computer)) changed.push(computer);
          }
        });
        const matches = (computer: DynamicEntity) => String(computer['name']).startsWith('pc');
        const next = new Set(previous);
        for (const computer of changed) {
          if (matches(computer)) next.add(computer);
          else next.delete(computer);
        }
        expect(ids(list.last()), `step ${step}`).toEqual(ids([...next].sort(compare)));
      }
      list.stop();
    });
  }
});

describe('a live list filtered through a relation', () => {
  const people: PersonRow[] = [
    { id: 1, name: 'Alice', birth_date: null, computers: [{ ...row(1, 'Pear'), owner_id: 1 }] },
    { id: 2, name: 'Bob', birth_date: null, computers: [{ ...row(2, 'Dull'), owner_id: 2 }, { ...row(3, 'Dull'), owner_id: 2 }] },
    { id: 3, name: 'Carol', birth_date: null, computers: [] },
  ];

  it('follows a change to a related row of an owner (people with a Pear computer)', async () => {
    const { Person, Computer } = await clientWith(people.flatMap((person) => person.computers), people);
    const list = await watch(Person.query.filter((p) => p['computers']!.any((c) => c['vendor']!.eq('Pear'))).orderBy({ name: 'desc' }).all());
    expect(list.last().map((person) => person['name'])).toEqual(['Alice']);
    const box = await firstValueFrom(Computer.get(3));
    box['vendor'] = 'Pear';
    expect(list.last().map((person) => person['name'])).toEqual(['Bob', 'Alice']);
    const laptop = await firstValueFrom(Computer.get(1));
    laptop['vendor'] = 'Dull';
    expect(list.last().map((person) => person['name'])).toEqual(['Bob']);
    list.stop();
  });

  it('follows an owner change when the other side was never loaded (computers whose owner is named A…)', async () => {
    const computers = [
      { ...row(1, 'Pear'), owner_id: 1, owner: { id: 1, name: 'Alice', birth_date: null } },
      { ...row(2, 'Dull'), owner_id: 2, owner: { id: 2, name: 'Bob', birth_date: null } },
    ];
    const { Computer } = await clientWith(computers as ComputerRow[], people);
    const list = await watch(Computer.query.filter((c) => c['owner']!.has((p) => p['name']!.like('A%'))).all());
    expect(ids(list.last())).toEqual([1]);
    const [laptop, box] = await firstValueFrom(Computer.all());
    const alice = laptop!['owner'] as DynamicEntity;
    const bob = box!['owner'] as DynamicEntity;
    bob['name'] = 'Anna';
    expect(ids(list.last())).toEqual([1, 2]);
    // The box moves to Alice; when she is renamed, both her computers leave, and Bob's renaming no longer moves the box.
    bob['name'] = 'Bob';
    expect(ids(list.last())).toEqual([1]);
    box!['owner'] = alice;
    expect(ids(list.last())).toEqual([1, 2]);
    alice['name'] = 'Zoe';
    expect(ids(list.last())).toEqual([]);
    bob['name'] = 'Abe';
    expect(ids(list.last())).toEqual([]);
    alice['name'] = 'Amy';
    expect(ids(list.last())).toEqual([1, 2]);
    list.stop();
  });
});
