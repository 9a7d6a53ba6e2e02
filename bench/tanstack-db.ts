/**
 * Live lists side by side with @tanstack/db (its incremental live queries; bench devDependency
 * only), the same workload in one run, printed as ratios (never asserted):
 * - 10,000 entities, 100 live queries each with a filter and an order (an equality: one vendor
 *   each, by name; and a range: one band of `owner_id` each, by name descending), one entity
 *   changed (vendor or band, and name: it leaves one list, joins another at a new place): time
 *   until every affected query has its new result;
 * - the same with 1,000 entities changed in one batch;
 * - one list over 100,000 entities ordered by name, one entity renamed.
 * Our side: the store batch is an edit (or 1,000 in one store transaction); every list has emitted
 * when the assignment returns. TanStack's side: a sync transaction of the source collection
 * (begin, write, commit); the time runs until every affected live query holds the new row (its
 * pipeline may finish on a later microtask, which is awaited).
 * Run: npx tsx bench/tanstack-db.ts (also in npm run bench)
 */
import { firstValueFrom, type Subscription } from 'rxjs';
import { BTreeIndex, createCollection, createLiveQueryCollection, eq, gte, lt, type Collection } from '@tanstack/db';
import { connect, type DynamicEntity, type FetchLike } from '../src/index.js';
import { INTERNALS } from '../src/client.js';
import type { EntityStore } from '../src/store/entity-store.js';
import { recordedDatamodel } from '../mocks/datamodel.js';
import { result } from './result.js';

interface Row {
  id: number;
  name: string;
  vendor: string;
  purchase_time: null;
  owner_id: number;
  owner_name: null;
}

const LISTS = 100;
const SINGLE_CHANGES = 300;
const BATCH = 1_000;
const BATCHES = 7;

/** Deterministic names: the same data on both sides. */
let seed = 42;
function nextName(): string {
  seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
  return `n${seed.toString(36).padStart(7, '0')}`;
}

function rowsOf(count: number): Row[] {
  return Array.from({ length: count }, (_, index) => ({ id: index + 1, name: nextName(), vendor: `v${index % LISTS}`, purchase_time: null, owner_id: index % LISTS, owner_name: null }));
}

type Workload = 'equality' | 'range';

/** What a change does to a row: a new list and a new name. */
function changeOf(row: Row, workload: Workload): Partial<Row> {
  const band = (row.owner_id + 1) % LISTS;
  return workload === 'equality' ? { vendor: `v${(Number(row.vendor.slice(1)) + 1) % LISTS}`, name: nextName() } : { owner_id: band, name: nextName() };
}

// ---------------------------------------------------------------- our client

/** A collection endpoint that applies `==`, `>=` and `<` filters (what this bench sends). */
function serverOf(rows: readonly Row[]): FetchLike {
  return async (input) => {
    const q = new URL(input).searchParams.get('q');
    const filters = q === null ? [] : ((JSON.parse(q) as { filters?: Array<{ name: keyof Row; op: string; val: string | number }> }).filters ?? []);
    const objects = rows.filter((row) =>
      filters.every((filter) => {
        const value = row[filter.name] as string | number;
        return filter.op === '==' ? value === filter.val : filter.op === '>=' ? value >= filter.val : value < filter.val;
      }),
    );
    return new Response(JSON.stringify({ num_results: objects.length, objects, page: 1, total_pages: 1 }), { headers: { 'Content-Type': 'application/json' } });
  };
}

interface Side {
  /** Applies `changes` as one batch; resolves when every affected list has its new result. */
  change(changes: ReadonlyArray<{ id: number; values: Partial<Row> }>): Promise<void> | void;
  close(): void;
}

async function ours(rows: readonly Row[], workload: Workload | 'one list'): Promise<Side> {
  const client = await connect({ url: 'http://bench.local', datamodel: recordedDatamodel, fetch: serverOf(rows), gcTimeMs: Infinity });
  const store = (client as unknown as Record<symbol, { store: EntityStore }>)[INTERNALS]!.store;
  const Computer = client.models['Computer']!;
  const byId = new Map((await firstValueFrom(Computer.all())).map((entity) => [entity['id'] as number, entity as DynamicEntity]));
  const queries =
    workload === 'one list'
      ? [Computer.query.orderBy({ name: 'asc' })]
      : Array.from({ length: LISTS }, (_, k) =>
          workload === 'equality'
            ? Computer.query.filterBy({ vendor: `v${k}` }).orderBy({ name: 'asc' })
            : Computer.query.filter((c) => c['owner_id']!.ge(k), (c) => c['owner_id']!.lt(k + 1)).orderBy({ name: 'desc' }),
        );
  const subscriptions: Subscription[] = [];
  for (const query of queries) {
    await new Promise<void>((resolve) => {
      subscriptions.push(query.all().subscribe(() => resolve()));
    });
  }
  return {
    change(changes) {
      store.transaction(() => {
        for (const { id, values } of changes) {
          const entity = byId.get(id)!;
          for (const [field, value] of Object.entries(values)) entity[field] = value;
        }
      });
    },
    close() {
      for (const subscription of subscriptions) subscription.unsubscribe();
    },
  };
}

// ---------------------------------------------------------------- @tanstack/db

type Writer = (changes: ReadonlyArray<{ id: number; values: Partial<Row> }>) => void;

async function theirs(rows: readonly Row[], workload: Workload | 'one list'): Promise<Side> {
  const current = new Map(rows.map((row) => [row.id, { ...row }]));
  let write: Writer = () => {
    throw new Error('the source collection has not started syncing');
  };
  const source = createCollection<Row, number>({
    id: `computers-${workload}`,
    getKey: (row) => row.id,
    startSync: true,
    sync: {
      sync: ({ begin, write: put, commit, markReady }) => {
        begin();
        for (const row of current.values()) put({ type: 'insert', value: row });
        commit();
        markReady();
        write = (changes) => {
          begin();
          for (const { id, values } of changes) {
            const next = { ...current.get(id)!, ...values };
            current.set(id, next);
            put({ type: 'update', value: next });
          }
          commit();
        };
      },
    },
  });
  await source.preload();
  // Indexes on the filtered columns, as TanStack DB recommends (it suggests them otherwise).
  source.createIndex((row) => row.vendor, { indexType: BTreeIndex });
  source.createIndex((row) => row.owner_id, { indexType: BTreeIndex });
  const live: Array<Collection<Row, number>> = [];
  const lists = workload === 'one list' ? 1 : LISTS;
  for (let k = 0; k < lists; k++) {
    const query = createLiveQueryCollection({
      startSync: true,
      query: (q) => {
        const from = q.from({ c: source });
        if (workload === 'one list') return from.orderBy(({ c }) => c.name, 'asc');
        if (workload === 'equality') return from.where(({ c }) => eq(c.vendor, `v${k}`)).orderBy(({ c }) => c.name, 'asc');
        return from.where(({ c }) => gte(c.owner_id, k)).where(({ c }) => lt(c.owner_id, k + 1)).orderBy(({ c }) => c.name, 'desc');
      },
    }) as unknown as Collection<Row, number>;
    await query.preload();
    live.push(query);
  }
  const listOf = (row: Row): Collection<Row, number> => live[workload === 'one list' ? 0 : workload === 'equality' ? Number(row.vendor.slice(1)) : row.owner_id]!;
  return {
    async change(changes) {
      write(changes);
      // Every list a changed row now belongs to holds its new values (the lists it left were updated in the same pass).
      for (const { id } of changes) {
        const row = current.get(id)!;
        while (listOf(row).get(id)?.name !== row.name) await Promise.resolve();
      }
    },
    close() {
      for (const query of live) void query.cleanup();
      void source.cleanup();
    },
  };
}

// ---------------------------------------------------------------- the run

async function timeChanges(side: Side, rows: readonly Row[], workload: Workload | 'one list', batches: number, size: number): Promise<number> {
  const state = new Map(rows.map((row) => [row.id, { ...row }]));
  let pick = 7;
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const changes: Array<{ id: number; values: Partial<Row> }> = [];
    const ids = new Set<number>();
    while (changes.length < size) {
      pick = (pick * 48_271) % 2_147_483_647;
      const id = (pick % rows.length) + 1;
      if (ids.has(id)) continue;
      ids.add(id);
      const row = state.get(id)!;
      const values = workload === 'one list' ? { name: nextName() } : changeOf(row, workload);
      Object.assign(row, values);
      changes.push({ id, values });
    }
    const start = performance.now();
    await side.change(changes);
    samples.push(performance.now() - start);
  }
  // The median: the machine may be shared, and a preempted sample says nothing about either side.
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

async function compare(label: string, entities: number, workload: Workload | 'one list', batches: number, size: number): Promise<void> {
  const rows = rowsOf(entities);
  const us = await ours(rows, workload);
  const them = await theirs(rows, workload);
  // Warm-up on both sides (compilation), then the measured runs, interleaved.
  await timeChanges(us, rows, workload, Math.min(batches, 20), size);
  await timeChanges(them, rows, workload, Math.min(batches, 20), size);
  const oursMs = await timeChanges(us, rows, workload, batches, size);
  const theirsMs = await timeChanges(them, rows, workload, batches, size);
  us.close();
  them.close();
  result({ measure: `live queries beside @tanstack/db: ${label}`, result: `${(oursMs / theirsMs).toFixed(2)} x its time (${oursMs.toFixed(3)} ms vs ${theirsMs.toFixed(3)} ms)`, target: '<= 1 x' });
  console.log(`  ${label.padEnd(62)} ours ${oursMs.toFixed(3).padStart(8)} ms   @tanstack/db ${theirsMs.toFixed(3).padStart(8)} ms   ratio ${(oursMs / theirsMs).toFixed(2)}x`);
}

console.log('live lists vs @tanstack/db 0.15 (median time until every affected list has its new result; ratio = ours / theirs, < 1 is faster)');
console.log('  (ours emits a new array per list; theirs updates a keyed collection, read by key here)');
await compare(`10,000 entities, ${LISTS} lists (equality, by name), 1 change`, 10_000, 'equality', SINGLE_CHANGES, 1);
await compare(`10,000 entities, ${LISTS} lists (range, by name desc), 1 change`, 10_000, 'range', SINGLE_CHANGES, 1);
await compare(`10,000 entities, ${LISTS} lists (equality), ${BATCH.toLocaleString('en')} changes in one batch`, 10_000, 'equality', BATCHES, BATCH);
await compare(`10,000 entities, ${LISTS} lists (range), ${BATCH.toLocaleString('en')} changes in one batch`, 10_000, 'range', BATCHES, BATCH);
await compare('100,000 entities, 1 list by name, 1 change', 100_000, 'one list', SINGLE_CHANGES, 1);
