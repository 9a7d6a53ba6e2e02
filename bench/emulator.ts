/**
 * Emulator benchmark (printed, never asserted): the same client work against the msw emulator of
 * flask-restless-rx/testing and against a constant-time stub server, side by side in one run.
 * The ratio is what the emulator adds; it must not grow with the table (per-row cost at 5,000 and
 * 50,000 rows shows whether reads and saves are linear).
 * 1. `all()` of N rows (each with its owner, a to-one, serialized as the server does);
 * 2. `all()` of the owners (each with its to-many items: the inverse foreign key);
 * 3. a save of N new rows (one POST each) on a table that already holds N rows;
 * 4. the emulator alone, without a client: every page of N rows, and N POSTs, in µs per row (the
 *    same per-row cost at 5,000 and 50,000 rows means linear: before the undo journal and the kept
 *    search order, a 50,000-row read took 21.5 s and a 5,000-entity save 48 s).
 * The emulator is called in-process through msw's `getResponse` (no interception), so both sides
 * pay the same client and Response costs.
 * Run: npx tsx bench/emulator.ts
 */
import { getResponse } from 'msw';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { connect, type FetchLike } from '../src/index.js';
import { createClassicEmulator } from '../src/testing/index.js';
import { pagedServer } from './paged-server.js';
import { result } from './result.js';

const datamodel = {
  Owner: {
    pk_name: 'id', collection_name: 'owner', url_prefix: '/api',
    attributes: { id: 'integer', name: 'unicode' },
    relations: { items: { foreign_model: 'Item', relation_type: 'ONETOMANY', backref: 'owner' } },
    properties: {}, methods: {},
  },
  Item: {
    pk_name: 'id', collection_name: 'item', url_prefix: '/api',
    attributes: { id: 'integer', name: 'unicode', owner_id: 'integer' },
    relations: { owner: { foreign_model: 'Owner', relation_type: 'MANYTOONE', backref: 'items', local_column: 'owner_id' } },
    properties: {}, methods: {},
  },
};
const URL_BASE = 'http://bench.local';
const OWNERS = 100;
const PAGE = 100;

function seed(count: number) {
  const owners = Array.from({ length: OWNERS }, (_, index) => ({ id: index + 1, name: `owner ${index + 1}` }));
  // Shuffled ids: the table is not stored in key order, as after deletes and explicit keys.
  const items = Array.from({ length: count }, (_, index) => ({ id: ((index * 7919) % count) + 1, name: `item ${index}`, owner_id: (index % OWNERS) + 1 }));
  return { owners, items };
}

function emulatorFetch(count: number): FetchLike {
  const { owners, items } = seed(count);
  const emulator = createClassicEmulator({ baseUrl: URL_BASE, datamodel, rows: { Owner: owners, Item: items }, maxPageSize: PAGE });
  return async (input, init) => (await getResponse(emulator.handlers, new Request(input, init))) ?? new Response(null, { status: 599 });
}

/** The stub: the same pages, precomputed in the server's shape, answered in constant time. */
function stubReadFetch(count: number, collection: 'item' | 'owner'): FetchLike {
  const { owners, items } = seed(count);
  const ownerById = new Map(owners.map((owner) => [owner.id, owner]));
  const sortedItems = [...items].sort((a, b) => a.id - b.id);
  const rows =
    collection === 'item'
      ? sortedItems.map((item) => ({ ...item, owner: ownerById.get(item.owner_id) ?? null }))
      : owners.map((owner) => ({ ...owner, items: sortedItems.filter((item) => item.owner_id === owner.id) }));
  return pagedServer({ rows, latencyMs: 0, maxPageSize: PAGE, datamodel }).fetch;
}

function stubSaveFetch(): FetchLike {
  let next = 1_000_000;
  return async (input, init) => {
    if (new URL(input).pathname.endsWith('/flask-restless-datamodel')) return json(200, datamodel);
    const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
    return json(201, { ...body, id: next++, owner: null });
  };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

async function timeRead(fetch: FetchLike, model: 'Item' | 'Owner', expected: number): Promise<number> {
  const client = await connect({ url: URL_BASE, fetch, concurrency: 4, pageSize: PAGE });
  const start = performance.now();
  const list = await firstValueFrom(client.models[model]!.all());
  const ms = performance.now() - start;
  if (list.length !== expected) throw new Error(`expected ${expected} ${model} rows, got ${list.length}`);
  return ms;
}

async function timeSave(fetch: FetchLike, count: number): Promise<number> {
  const client = await connect({ url: URL_BASE, fetch, concurrency: 4 });
  for (let index = 0; index < count; index += 1) client.models['Item']!.create({ name: `new ${index}` });
  const start = performance.now();
  await lastValueFrom(client.save());
  return performance.now() - start;
}

function line(what: string, count: number, emulated: number, stub: number): void {
  const perRow = (ms: number) => `${((ms * 1000) / count).toFixed(1)} µs/row`;
  result({ measure: `emulator: ${what}`, result: `${(emulated / stub).toFixed(2)} x a constant-time stub server`, target: '<= 1.5 x' });
  console.log(`${what.padEnd(44)} emulator ${emulated.toFixed(0).padStart(6)} ms (${perRow(emulated)})  stub ${stub.toFixed(0).padStart(6)} ms (${perRow(stub)})  = ${(emulated / stub).toFixed(2)} x the stub`);
}

/** The emulator alone: every page of `count` rows, then `count` POSTs; ms each. */
async function emulatorAlone(count: number): Promise<{ read: number; posts: number }> {
  const fetch = emulatorFetch(count);
  let start = performance.now();
  for (let page = 1; page <= Math.ceil(count / PAGE); page += 1) await (await fetch(`${URL_BASE}/api/item?page=${page}&results_per_page=${PAGE}`)).text();
  const read = performance.now() - start;
  start = performance.now();
  for (let index = 0; index < count; index += 1) {
    const response = await fetch(`${URL_BASE}/api/item`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: `new ${index}`, owner_id: 1 }) });
    if (response.status !== 201) throw new Error(`POST answered ${response.status}`);
  }
  return { read, posts: performance.now() - start };
}

const sizes = (process.env['EMULATOR_BENCH_SIZES'] ?? '5000,50000').split(',').map(Number);
await timeRead(emulatorFetch(1000), 'Item', 1000); // warm-up (JIT)
await timeRead(stubReadFetch(1000, 'item'), 'Item', 1000);
for (const count of sizes) {
  line(`all() of ${count.toLocaleString('en')} items`, count, await timeRead(emulatorFetch(count), 'Item', count), await timeRead(stubReadFetch(count, 'item'), 'Item', count));
  line(`all() of ${OWNERS} owners over ${count.toLocaleString('en')} items`, count, await timeRead(emulatorFetch(count), 'Owner', OWNERS), await timeRead(stubReadFetch(count, 'owner'), 'Owner', OWNERS));
  const saved = Math.min(count, 5000);
  line(`save of ${saved.toLocaleString('en')} new items (table ${count.toLocaleString('en')})`, saved, await timeSave(emulatorFetch(count), saved), await timeSave(stubSaveFetch(), saved));
}
for (const count of sizes) {
  const { read, posts } = await emulatorAlone(count);
  const perRow = (ms: number) => `${((ms * 1000) / count).toFixed(1)} µs/row`;
  console.log(`emulator alone, ${count.toLocaleString('en')} rows: every page ${read.toFixed(0)} ms (${perRow(read)}), ${count.toLocaleString('en')} POSTs ${posts.toFixed(0)} ms (${perRow(posts)})`);
}
