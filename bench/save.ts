/**
 * Save benchmark (printed, never asserted): 500 new entities in 3 dependency levels
 * (100 regions <- 200 stores <- 200 shelves), 20 ms simulated latency per request.
 * Prints the wall time divided by the floor (sum over levels of ceil(requests / concurrency) x
 * latency) and by the one-request-at-a-time time of the Python client.
 * Then a save of 1,000 new entities in 2 levels (500 regions <- 500 stores) with a live list open
 * over each model: how many store announcements (`changes$` events) and list emissions it costs.
 * The store publishes one batch per save level, so both stay near the number of levels, not of answers.
 * Run: npx tsx bench/save.ts
 */
import { lastValueFrom } from 'rxjs';
import { connect, type FetchLike } from '../src/index.js';
import { result } from './result.js';

const LATENCY_MS = 20;
const model = (name: string, relations: Record<string, unknown>) => ({
  pk_name: 'id', collection_name: name.toLowerCase(), url_prefix: '/api',
  attributes: { id: 'integer', name: 'unicode', ...(name === 'Region' ? {} : { parent_id: 'integer' }) },
  relations, properties: {}, methods: {},
});
const datamodel = {
  Region: model('Region', { stores: { foreign_model: 'Store', relation_type: 'ONETOMANY', backref: 'parent' } }),
  Store: model('Store', {
    parent: { foreign_model: 'Region', relation_type: 'MANYTOONE', backref: 'stores', local_column: 'parent_id' },
    shelves: { foreign_model: 'Shelf', relation_type: 'ONETOMANY', backref: 'parent' },
  }),
  Shelf: model('Shelf', { parent: { foreign_model: 'Store', relation_type: 'MANYTOONE', backref: 'shelves', local_column: 'parent_id' } }),
};

function server(): FetchLike {
  let next = 1;
  return async (_url, init) => {
    await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
    // The live lists' first read: nothing yet.
    if ((init?.method ?? 'GET') === 'GET') return new Response(JSON.stringify({ num_results: 0, objects: [], page: 1, total_pages: 0 }), { headers: { 'Content-Type': 'application/json' } });
    const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
    return new Response(JSON.stringify({ ...body, id: next++ }), { status: 201, headers: { 'Content-Type': 'application/json' } });
  };
}

async function run(concurrency: number): Promise<number> {
  const client = await connect({ url: 'http://bench.local', datamodel, fetch: server(), concurrency });
  const { Region, Store, Shelf } = client.models;
  const regions = Array.from({ length: 100 }, (_, i) => Region!.create({ name: `r${i}` }));
  const stores = Array.from({ length: 200 }, (_, i) => Store!.create({ name: `s${i}`, parent: regions[i % 100] }));
  Array.from({ length: 200 }, (_, i) => Shelf!.create({ name: `h${i}`, parent: stores[i] }));
  const start = performance.now();
  await lastValueFrom(client.save());
  return performance.now() - start;
}

for (const concurrency of [4, 16, 50]) {
  const ms = await run(concurrency);
  const floor = [100, 200, 200].reduce((sum, n) => sum + Math.ceil(n / concurrency) * LATENCY_MS, 0);
  const sequential = 500 * LATENCY_MS;
  result({ measure: `save of 500 new entities in 3 levels, concurrency ${concurrency}, ${LATENCY_MS} ms latency`, result: `${(ms / floor).toFixed(2)} x the floor` });
  console.log(`save of 500 new entities in 3 levels, concurrency ${concurrency}, ${LATENCY_MS} ms latency: ${ms.toFixed(0)} ms = ${(ms / floor).toFixed(2)} x the floor (${floor} ms), ${(sequential / ms).toFixed(1)} x faster than one request at a time (${sequential} ms)`);
}

/** A 1,000-entity save with a live list open per model: store announcements and list emissions. */
async function announcements(): Promise<{ ms: number; storeEvents: number; listEmissions: number }> {
  const client = await connect({ url: 'http://bench.local', datamodel, fetch: server(), concurrency: 16 });
  const { Region, Store } = client.models;
  let listEmissions = 0;
  const lists = [Region!, Store!].map((handle) => {
    let first = true;
    let ready: () => void = () => undefined;
    const loaded = new Promise<void>((resolve) => (ready = resolve));
    const subscription = handle.query.all().subscribe(() => {
      if (first) {
        first = false;
        ready();
      } else listEmissions += 1;
    });
    return { subscription, loaded };
  });
  await Promise.all(lists.map((list) => list.loaded));
  const regions = Array.from({ length: 500 }, (_, i) => Region!.create({ name: `r${i}` }));
  Array.from({ length: 500 }, (_, i) => Store!.create({ name: `s${i}`, parent: regions[i] }));
  listEmissions = 0;
  let storeEvents = 0;
  const events = client.changes$.subscribe(() => (storeEvents += 1));
  const start = performance.now();
  await lastValueFrom(client.save());
  const ms = performance.now() - start;
  events.unsubscribe();
  for (const list of lists) list.subscription.unsubscribe();
  return { ms, storeEvents, listEmissions };
}

const counted = await announcements();
result({ measure: 'save of 1,000 new entities in 2 levels, 2 live lists open', result: `${counted.storeEvents} store events, ${counted.listEmissions} list emissions` });
console.log(`save of 1,000 new entities in 2 levels with 2 live lists open: ${counted.storeEvents} store events (changes$), ${counted.listEmissions} list emissions, ${counted.ms.toFixed(0)} ms`);
