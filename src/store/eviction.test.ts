/**
 * Eviction (`gcTimeMs`): what nothing references leaves the store, what something references
 * stays, and an evicted entity the app still holds is the same object when its row comes back.
 * Time is fake: sweeps run on the store's own timer.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { filter, firstValueFrom, lastValueFrom } from 'rxjs';
import { recordedDatamodel } from '../../mocks/datamodel.js';
import { referenceEmulator, REFERENCE_URL } from '../../test/support/reference-emulator.js';
import type { ClassicEmulator } from '../testing/index.js';
import { connect, INTERNALS, type Client } from '../client.js';
import { ValidationError } from '../errors.js';
import type { DynamicEntity } from '../model/types.js';
import type { ModelHandle } from '../model/model-handle.js';
import type { StoreEvent } from './store-events.js';
import type { EntityStore } from './entity-store.js';

const GC = 60_000;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

interface Setup {
  readonly emulator: ClassicEmulator;
  readonly client: Client;
  readonly store: EntityStore;
  readonly Person: ModelHandle;
  readonly Computer: ModelHandle;
  /** Every entity of every `evicted` event so far, in order. */
  readonly evicted: object[];
}

/** `'default'`: the option left out. */
async function setup(gcTimeMs: number | 'default' = GC): Promise<Setup> {
  const { emulator, fetch } = referenceEmulator();
  const client = await connect({ url: REFERENCE_URL, datamodel: recordedDatamodel, fetch, ...(gcTimeMs === 'default' ? {} : { gcTimeMs }) });
  const store = (client as unknown as Record<symbol, { store: EntityStore }>)[INTERNALS]!.store;
  const evicted: object[] = [];
  client.changes$.pipe(filter((event: StoreEvent) => event.type === 'evicted')).subscribe((event) => evicted.push(...event.entities));
  return { emulator, client, store, Person: client.models['Person']!, Computer: client.models['Computer']!, evicted };
}

const names = (entities: readonly object[]) => entities.map((entity) => (entity as DynamicEntity)['name']).sort();

/** A short-lived read: the list is taken and the subscription ends. 3 people and their 3 computers. */
const loadPeople = (s: Setup) => firstValueFrom(s.Person.all());

describe('gcTimeMs: unreferenced entities are evicted', () => {
  it('after gcTimeMs and not before (at the latest 1.5 x gcTimeMs), once, with an evicted event', async () => {
    const s = await setup();
    const people = await loadPeople(s);
    expect(s.store.size).toBe(6);
    await vi.advanceTimersByTimeAsync(GC - 1);
    expect(s.store.size).toBe(6);
    expect(s.evicted).toEqual([]);
    await vi.advanceTimersByTimeAsync(GC / 2 + 1);
    expect(s.store.size).toBe(0);
    expect(names(s.evicted)).toEqual(['Alice', 'Bob', 'Carol', 'alice-desktop', 'alice-laptop', 'bob-box']);
    expect(s.evicted).toEqual(expect.arrayContaining(people));
    await vi.advanceTimersByTimeAsync(10 * GC);
    expect(s.evicted).toHaveLength(6);
  });

  it('defaults to 5 minutes', async () => {
    const s = await setup('default');
    await loadPeople(s);
    await vi.advanceTimersByTimeAsync(5 * 60_000 - 1);
    expect(s.store.size).toBe(6);
    await vi.advanceTimersByTimeAsync(2.5 * 60_000 + 1);
    expect(s.store.size).toBe(0);
  });

  it('gcTimeMs: 0 evicts at the next turn of the event loop; Infinity never, and sets no timer', async () => {
    const now = await setup(0);
    await loadPeople(now);
    await vi.advanceTimersByTimeAsync(0);
    expect(now.store.size).toBe(0);
    // One more sweep, to prune what the garbage collector takes of the evicted; then no timer.
    await vi.advanceTimersByTimeAsync(1);
    expect(vi.getTimerCount()).toBe(0);
    const never = await setup(Infinity);
    await loadPeople(never);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(100 * GC);
    expect(never.store.size).toBe(6);
    expect(never.evicted).toEqual([]);
  });

  it('the clock restarts when a row is loaded again', async () => {
    const s = await setup();
    await loadPeople(s);
    await vi.advanceTimersByTimeAsync(GC);
    await loadPeople(s);
    await vi.advanceTimersByTimeAsync(GC - 1);
    expect(s.store.size).toBe(6);
    await vi.advanceTimersByTimeAsync(GC / 2 + 1);
    expect(s.store.size).toBe(0);
  });

  it('what a subscription held until a moment ago gets the full gcTimeMs from then (also what it reached)', async () => {
    const s = await setup();
    const [, bob] = (await loadPeople(s)) as DynamicEntity[];
    await vi.advanceTimersByTimeAsync(GC / 2 + 10_000);
    // Bob has been unreferenced for 40 s; now his computer is observed for 10 s, and Bob through it.
    const box = (bob!['computers'] as DynamicEntity[])[0]!;
    const observer = box.$.subscribe();
    await vi.advanceTimersByTimeAsync(10_000);
    observer.unsubscribe();
    await vi.advanceTimersByTimeAsync(GC - 1);
    expect(names(s.evicted)).toEqual(['Alice', 'Carol', 'alice-desktop', 'alice-laptop']);
    await vi.advanceTimersByTimeAsync(GC / 2 + 1);
    expect(names(s.evicted)).toEqual(['Alice', 'Bob', 'Carol', 'alice-desktop', 'alice-laptop', 'bob-box']);
  });

  it('refuses a gcTimeMs that is not a number of milliseconds >= 0', async () => {
    for (const gcTimeMs of [-1, Number.NaN, '1000' as unknown as number, -Infinity]) {
      await expect(connect({ url: 'http://fake', datamodel: recordedDatamodel, gcTimeMs })).rejects.toBeInstanceOf(ValidationError);
    }
  });
});

describe('gcTimeMs: what is referenced stays', () => {
  it('a live list keeps its members and what their relations reach; after it ends they go', async () => {
    const s = await setup();
    const subscription = s.Person.all().subscribe();
    await vi.advanceTimersByTimeAsync(10 * GC);
    expect(s.store.size).toBe(6);
    expect(s.evicted).toEqual([]);
    subscription.unsubscribe();
    await vi.advanceTimersByTimeAsync(GC - 1);
    expect(s.store.size).toBe(6);
    await vi.advanceTimersByTimeAsync(GC / 2 + 1);
    expect(s.store.size).toBe(0);
  });

  it('a row that leaves a live list is released; one that stays is not', async () => {
    const s = await setup();
    const list$ = s.Person.query.filter((p) => p['name']!.ne('Robert')).all();
    const emissions: object[][] = [];
    const subscription = list$.subscribe((people) => emissions.push(people));
    await vi.advanceTimersByTimeAsync(0);
    // All 3 match at first; renaming Bob makes him leave.
    const [alice, bob] = emissions.at(-1) as DynamicEntity[];
    bob!['name'] = 'Robert';
    await lastValueFrom(s.client.save());
    expect(emissions.at(-1)).not.toContain(bob);
    await vi.advanceTimersByTimeAsync(2 * GC);
    expect(s.evicted).toContain(bob);
    expect(s.evicted).not.toContain(alice);
    expect(s.evicted).not.toContain((alice!['computers'] as object[])[0]);
    subscription.unsubscribe();
  });

  it('Model.get() and entity.$ observers keep their entity and its relations (Alice and her computers)', async () => {
    const s = await setup();
    const alice$ = s.Person.get(1).subscribe();
    await vi.advanceTimersByTimeAsync(0);
    await loadPeople(s);
    await vi.advanceTimersByTimeAsync(2 * GC);
    expect(names(s.evicted)).toEqual(['Bob', 'Carol', 'bob-box']);
    const alice = await firstValueFrom(s.Person.get(1));
    const observer = alice.$.subscribe();
    alice$.unsubscribe();
    await vi.advanceTimersByTimeAsync(2 * GC);
    expect(s.store.size).toBe(3);
    observer.unsubscribe();
    await vi.advanceTimersByTimeAsync(2 * GC);
    expect(s.store.size).toBe(0);
  });

  it('query.one() and query.first() observers keep their entity', async () => {
    const s = await setup();
    const one = s.Person.query.filterBy({ name: 'Bob' }).one().subscribe();
    const first = s.Computer.query.first().subscribe();
    await vi.advanceTimersByTimeAsync(2 * GC);
    expect(s.store.size).toBeGreaterThan(0);
    one.unsubscribe();
    first.unsubscribe();
    await vi.advanceTimersByTimeAsync(2 * GC);
    expect(s.store.size).toBe(0);
  });

  it('new entities, entities with unsaved changes and what their unsaved values reach stay until saved', async () => {
    const s = await setup();
    const [, bob, carol] = (await loadPeople(s)) as DynamicEntity[];
    bob!['name'] = 'Robert';
    const laptop = s.Computer.create({ name: 'carol-laptop', owner: carol });
    await vi.advanceTimersByTimeAsync(10 * GC);
    // Bob (dirty) and his computer; the new laptop and Carol (its unsaved owner).
    expect(names(s.evicted)).toEqual(['Alice', 'alice-desktop', 'alice-laptop']);
    expect([...s.store.pending()].map((state) => state.entity)).toEqual(expect.arrayContaining([bob, laptop]));
    await lastValueFrom(s.client.save());
    await vi.advanceTimersByTimeAsync(GC - 1);
    expect(s.evicted).not.toContain(bob);
    await vi.advanceTimersByTimeAsync(GC);
    expect(s.evicted).toEqual(expect.arrayContaining([bob, carol, laptop]));
    expect(s.store.size).toBe(0);
  });

  it('no timer runs while there is nothing to collect', async () => {
    const s = await setup();
    expect(vi.getTimerCount()).toBe(0);
    const subscription = s.Person.all().subscribe();
    await vi.advanceTimersByTimeAsync(GC);
    // Everything is referenced: the sweep found nothing to wait for.
    expect(vi.getTimerCount()).toBe(0);
    subscription.unsubscribe();
    await vi.advanceTimersByTimeAsync(2 * GC);
    expect(s.store.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('gcTimeMs: an evicted entity the app still holds', () => {
  it('is the same object when its row is read again, with the fresh values', async () => {
    const s = await setup();
    const [alice] = (await loadPeople(s)) as DynamicEntity[];
    const laptop = (alice!['computers'] as DynamicEntity[])[0]!;
    await vi.advanceTimersByTimeAsync(2 * GC);
    expect(s.evicted).toContain(alice);
    expect(alice!['name']).toBe('Alice');
    s.emulator.db.update('Person', 1, { name: 'Alicia' });
    const again = await firstValueFrom(s.Person.all());
    expect(again[0]).toBe(alice);
    expect(alice!['name']).toBe('Alicia');
    expect((alice!['computers'] as DynamicEntity[])[0]).toBe(laptop);
    expect(await firstValueFrom(s.Computer.get(1))).toBe(laptop);
    expect(s.store.size).toBe(6);
  });

  it('comes back when it is observed, edited or saved: an edit is never lost', async () => {
    const s = await setup();
    const [alice, bob] = (await loadPeople(s)) as DynamicEntity[];
    await vi.advanceTimersByTimeAsync(2 * GC);
    expect(s.store.size).toBe(0);
    bob!['name'] = 'Robert';
    expect([...s.store.pending()].map((state) => state.entity)).toEqual([bob]);
    await lastValueFrom(s.client.save());
    expect(s.emulator.db.get('Person', 2)?.['name']).toBe('Robert');
    const changes: object[] = [];
    const observer = alice!.$.subscribe((entity) => changes.push(entity));
    await vi.advanceTimersByTimeAsync(10 * GC);
    expect(s.evicted.filter((entity) => entity === alice)).toHaveLength(1);
    alice!['name'] = 'Al';
    expect(changes).toEqual([alice, alice]);
    observer.unsubscribe();
  });

  it('a deleted entity is not brought back by a later read', async () => {
    const s = await setup();
    const [, , carol] = (await loadPeople(s)) as DynamicEntity[];
    await vi.advanceTimersByTimeAsync(2 * GC);
    await lastValueFrom(carol!.delete(), { defaultValue: undefined });
    s.emulator.db.insert('Person', { id: 3, name: 'Carol again', birth_date: '2000-12-01' });
    const again = await firstValueFrom(s.Person.get(3));
    expect(again).not.toBe(carol);
    expect(again['name']).toBe('Carol again');
  });
});

describe('gcTimeMs: memory', () => {
  it('an evicted entity nobody holds is garbage collected; its row then gets a new object', async () => {
    // Real time: finalizers run between turns of the real event loop.
    vi.useRealTimers();
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const s = await setup(0);
    let people: object[] | undefined = await loadPeople(s);
    const bob = new WeakRef(people[1]!);
    const lid = (people[1] as DynamicEntity).lid;
    people = undefined;
    s.store.sweep();
    expect(s.store.size).toBe(0);
    s.evicted.length = 0;
    for (let turn = 0; turn < 20 && bob.deref() !== undefined; turn += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      collectGarbage();
    }
    expect(bob.deref()).toBeUndefined();
    s.store.sweep();
    expect(s.store.evictedHeld).toBe(0);
    const again = await firstValueFrom(s.Person.get(2));
    expect(again['name']).toBe('Bob');
    expect(again.lid).not.toBe(lid);
  });
});
