/**
 * Memory benchmark (printed, never asserted): a long-running app reads rows it has not seen
 * before through short-lived subscriptions (`firstValueFrom(query.all())`): 1,000 entities (500
 * people with one computer each) every 30 seconds, up to 100,000 entities (50 minutes). At 10k,
 * 25k, 50k and 100k the heap is measured after a full garbage collection and a sweep, once with the default
 * gcTimeMs (5 minutes) and once with gcTimeMs: Infinity, side by side.
 *
 * The 50 minutes are simulated: the store's clock (performance.now) is moved forward 30 s per
 * read, and the sweeps its timer would run (every gcTimeMs / 2) are run at those moments.
 * Run: node --expose-gc --import tsx bench/memory.ts (part of npm run bench)
 */
import { firstValueFrom } from 'rxjs';
import { connect, type FetchLike } from '../src/index.js';
import { INTERNALS } from '../src/client.js';
import type { EntityStore } from '../src/store/entity-store.js';
import { recordedDatamodel } from '../mocks/datamodel.js';
import { result } from './result.js';

const PER_READ = 1_000;
const MILESTONES = [10_000, 25_000, 50_000, 100_000, 200_000];
const DEFAULT_GC_TIME_MS = 5 * 60_000;
const READ_EVERY_MS = 30_000;

const collectGarbage = (globalThis as { gc?: () => void }).gc;
if (!collectGarbage) throw new Error('Run with node --expose-gc (npm run bench does)');

// The store's clock, moved forward instead of waiting.
let skewMs = 0;
const realNow = performance.now.bind(performance);
Object.defineProperty(performance, 'now', { configurable: true, value: () => realNow() + skewMs });

/** Answers every collection read with the next 500 people (each with one computer): rows never seen before. */
function freshRowsServer(entitiesPerRead = PER_READ): FetchLike {
  let nextId = 1;
  return async () => {
    const objects = Array.from({ length: entitiesPerRead / 2 }, () => {
      const id = nextId++;
      return {
        id,
        name: `Person ${id}`,
        birth_date: '1990-01-15',
        computers: [{ id, name: `pc-${id}`, owner_id: id, purchase_time: '2020-05-01T10:30:00', vendor: 'Pear' }],
      };
    });
    return new Response(JSON.stringify({ num_results: objects.length, objects, page: 1, total_pages: 1 }), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
}

async function settledHeap(): Promise<number> {
  for (let round = 0; round < 3; round += 1) {
    // Finalizers (the evicted index's cleanup) run between turns of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage!();
  }
  return process.memoryUsage().heapUsed;
}

interface Point {
  readonly loaded: number;
  readonly held: number;
  readonly heapMb: number;
}

async function run(gcTimeMs: number | undefined, milestones = MILESTONES): Promise<Point[]> {
  const baseline = await settledHeap();
  const client = await connect({ url: 'http://bench.local', datamodel: recordedDatamodel, fetch: freshRowsServer(), ...(gcTimeMs === undefined ? {} : { gcTimeMs }) });
  const store = (client as unknown as Record<symbol, { store: EntityStore }>)[INTERNALS]!.store;
  const Person = client.models['Person']!;
  const points: Point[] = [];
  let loaded = 0;
  let sinceSweep = 0;
  for (const milestone of milestones) {
    while (loaded < milestone) {
      await firstValueFrom(Person.all());
      loaded += PER_READ;
      skewMs += READ_EVERY_MS;
      sinceSweep += READ_EVERY_MS;
      // What the store's timer does (it would fire on its own, in real time).
      if (sinceSweep >= DEFAULT_GC_TIME_MS / 2) {
        store.sweep();
        sinceSweep = 0;
      }
    }
    // A sweep after a full collection prunes the evicted index of what the collection took (a
    // running app's own sweeps do that after its own collections).
    await settledHeap();
    store.sweep();
    points.push({ loaded, held: store.size, heapMb: ((await settledHeap()) - baseline) / 2 ** 20 });
  }
  return points;
}

// Warm-up: compiled code and the engine's caches are not what is measured.
await run(undefined, [10_000]);
await run(Infinity, [10_000]);
const bounded = await run(undefined);
const growing = await run(Infinity);
console.log(`memory: 1,000 new entities read every ${READ_EVERY_MS / 1000} s through short-lived subscriptions; heap after gc() + sweep, above the empty client`);
console.log('  loaded   | default gcTimeMs (5 min): in store, heap | gcTimeMs Infinity: in store, heap | heap ratio');
bounded.forEach((point, index) => {
  result({ measure: `heap after reading ${point.loaded.toLocaleString('en')} entities over time (short-lived reads)`, result: `${point.heapMb.toFixed(1)} MB with the default gcTimeMs vs ${growing[index]!.heapMb.toFixed(1)} MB with Infinity` });
  const other = growing[index]!;
  const cell = (p: Point) => `${String(p.held).padStart(7)}, ${p.heapMb.toFixed(1).padStart(6)} MB`;
  console.log(`  ${String(point.loaded).padStart(7)}  | ${cell(point).padStart(40)} | ${cell(other).padStart(33)} | ${(other.heapMb / Math.max(point.heapMb, 0.1)).toFixed(0).padStart(6)} x`);
});

// Cost of one sweep with everything referenced (a live list of 100,000 entities): nothing to evict, all to mark.
{
  const client = await connect({ url: 'http://bench.local', datamodel: recordedDatamodel, fetch: freshRowsServer(100_000) });
  const store = (client as unknown as Record<symbol, { store: EntityStore }>)[INTERNALS]!.store;
  const list$ = client.models['Person']!.all();
  const subscription = list$.subscribe();
  await firstValueFrom(list$);
  const times: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    const start = realNow();
    store.sweep();
    times.push(realNow() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`sweep over ${store.size.toLocaleString('en')} referenced entities (live lists): ${times[2]!.toFixed(1)} ms median of 5 (runs at most twice per gcTimeMs / 2)`);
  subscription.unsubscribe();
}
