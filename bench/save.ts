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
import { firstValueFrom, lastValueFrom } from 'rxjs';
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

/** The created row as the classic server answers it: a nested new object (a new owner created in its POST) gets its id too. */
function created(body: Record<string, unknown>, nextId: () => number): Record<string, unknown> {
  const row: Record<string, unknown> = { ...body, id: nextId() };
  for (const [field, value] of Object.entries(body)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && !('id' in value)) row[field] = { ...value, id: nextId() };
  }
  return row;
}

function server(): FetchLike {
  let next = 1;
  return async (_url, init) => {
    await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
    // The live lists' first read: nothing yet.
    if ((init?.method ?? 'GET') === 'GET') return new Response(JSON.stringify({ num_results: 0, objects: [], page: 1, total_pages: 0 }), { headers: { 'Content-Type': 'application/json' } });
    const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
    return new Response(JSON.stringify(created(body, () => next++)), { status: 201, headers: { 'Content-Type': 'application/json' } });
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

/**
 * The share of a save's time that live lists cost: 10,000 regions in the store, 10 live lists over
 * them (each a name range, ordered by name), then a save of 1,000 new entities (500 regions <- 500
 * stores, each new region joining a list). The same save with no list open is timed in the same run;
 * list work = the difference. Without latency the save is all client CPU (the hardest case for the
 * share); with 20 ms, as the other figures here.
 */
async function saveWithLists(lists: number, latencyMs: number): Promise<number> {
  let next = 100_000;
  const existing = JSON.stringify({ num_results: 10_000, objects: Array.from({ length: 10_000 }, (_, i) => ({ id: i + 1, name: `r${String(i).padStart(5, '0')}`, stores: [] })), page: 1, total_pages: 1 });
  const fetch: FetchLike = async (_url, init) => {
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if ((init?.method ?? 'GET') === 'GET') return new Response(existing, { headers: { 'Content-Type': 'application/json' } });
    const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
    return new Response(JSON.stringify(created(body, () => next++)), { status: 201, headers: { 'Content-Type': 'application/json' } });
  };
  const client = await connect({ url: 'http://bench.local', datamodel, fetch, concurrency: 16 });
  const { Region, Store } = client.models;
  await firstValueFrom(Region!.all());
  const subscriptions: Array<{ unsubscribe(): void }> = [];
  for (let index = 0; index < lists; index += 1) {
    const list$ = Region!.query.filter((r) => r['name']!.ge(`r${index}`)).orderBy({ name: 'asc' }).all();
    subscriptions.push(list$.subscribe());
    await firstValueFrom(list$);
  }
  const regions = Array.from({ length: 500 }, (_, i) => Region!.create({ name: `r${String(i * 20).padStart(5, '0')}x` }));
  Array.from({ length: 500 }, (_, i) => Store!.create({ name: `s${i}`, parent: regions[i] }));
  const start = performance.now();
  await lastValueFrom(client.save());
  const ms = performance.now() - start;
  for (const subscription of subscriptions) subscription.unsubscribe();
  return ms;
}

await saveWithLists(10, 0); // warm-up
for (const latencyMs of [0, LATENCY_MS]) {
  const withLists: number[] = [];
  const withoutLists: number[] = [];
  for (let run = 0; run < 3; run += 1) {
    withLists.push(await saveWithLists(10, latencyMs));
    withoutLists.push(await saveWithLists(0, latencyMs));
  }
  const mid = (values: number[]) => [...values].sort((a, b) => a - b)[1]!;
  const share = Math.max(0, mid(withLists) - mid(withoutLists)) / mid(withLists);
  console.log(`save of 1,000 new entities (500 POSTs), 10,000 in the store, ${latencyMs} ms latency: ${mid(withLists).toFixed(0)} ms with 10 live lists open, ${mid(withoutLists).toFixed(0)} ms with none (medians of 3): list work ${(share * 100).toFixed(1)} % of the save`);
  result({ measure: `save of 1,000 new entities with 10 live lists open over 10,000, ${latencyMs} ms latency`, result: `list work ${(share * 100).toFixed(1)} % of the save's time`, target: '<= 5 %' });
}
