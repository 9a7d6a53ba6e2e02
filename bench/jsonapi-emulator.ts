/**
 * JSON:API emulator benchmark (printed, never asserted): the emulator alone, called in-process
 * through msw's `getResponse`, beside the classic emulator on the same rows in one run. For N
 * rows (5,000 and 50,000): every page of the collection (page size 100, each row with its to-one
 * linkage) and N creates (one POST each), in µs per row. The same per-row cost at both sizes
 * means linear; the ratio is what the JSON:API documents cost beyond the classic ones.
 * Run: npx tsx bench/jsonapi-emulator.ts
 */
import { getResponse } from 'msw';
import { createClassicEmulator, createJsonApiEmulator } from '../src/testing/index.js';
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
const BASE = 'http://bench.local';
const PAGE = 100;
const OWNERS = 100;

function rows(count: number) {
  return {
    Owner: Array.from({ length: OWNERS }, (_, index) => ({ id: index + 1, name: `owner ${index + 1}` })),
    Item: Array.from({ length: count }, (_, index) => ({ id: index + 1, name: `item ${index}`, owner_id: (index % OWNERS) + 1 })),
  };
}

type Call = (path: string, init?: RequestInit) => Promise<Response>;

function caller(handlers: Parameters<typeof getResponse>[0]): Call {
  return async (path, init) => (await getResponse(handlers, new Request(`${BASE}${path}`, init))) ?? new Response(null, { status: 599 });
}

async function readAll(call: Call, count: number, pageQuery: (page: number) => string): Promise<number> {
  const start = performance.now();
  for (let page = 1; page <= Math.ceil(count / PAGE); page++) {
    const response = await call(`/api/item?${pageQuery(page)}`, { headers: { Accept: 'application/vnd.api+json' } });
    if (response.status !== 200) throw new Error(`page ${page}: ${response.status}`);
    await response.text();
  }
  return ((performance.now() - start) * 1000) / count;
}

async function createAll(call: Call, count: number, body: (index: number) => string, contentType: string): Promise<number> {
  const start = performance.now();
  for (let index = 0; index < count; index++) {
    const response = await call('/api/item', { method: 'POST', headers: { 'Content-Type': contentType, Accept: 'application/vnd.api+json' }, body: body(index) });
    if (response.status !== 201) throw new Error(`POST ${index}: ${response.status} ${await response.text()}`);
  }
  return ((performance.now() - start) * 1000) / count;
}

async function main(): Promise<void> {
  console.log('JSON:API emulator vs classic emulator, µs per row (lower is better)');
  console.log('rows     | read classic | read jsonapi | ratio | create classic | create jsonapi | ratio');
  for (const count of [5_000, 50_000]) {
    const classic = caller(createClassicEmulator({ baseUrl: BASE, datamodel, rows: rows(count), maxPageSize: PAGE }).handlers);
    const jsonapi = caller(createJsonApiEmulator({ baseUrl: BASE, datamodel, rows: rows(count), maxPageSize: PAGE }).handlers);
    const readClassic = await readAll(classic, count, (page) => `page=${page}&results_per_page=${PAGE}`);
    const readJsonApi = await readAll(jsonapi, count, (page) => `page[number]=${page}&page[size]=${PAGE}`);
    const creates = Math.min(count, 5_000);
    const createClassic = await createAll(classic, creates, (index) => JSON.stringify({ name: `new ${index}`, owner_id: 1 }), 'application/json');
    const createJsonApi = await createAll(jsonapi, creates, (index) => JSON.stringify({ data: { type: 'item', attributes: { name: `new ${index}` }, relationships: { owner: { data: { type: 'owner', id: '1' } } } } }), 'application/vnd.api+json');
    const f = (n: number): string => n.toFixed(1).padStart(12);
    result({ measure: `JSON:API emulator beside the classic one, ${count.toLocaleString('en')} rows (per row)`, result: `reads ${(readJsonApi / readClassic).toFixed(2)} x, creates ${(createJsonApi / createClassic).toFixed(2)} x the classic emulator's cost` });
    console.log(`${String(count).padEnd(8)} | ${f(readClassic)} | ${f(readJsonApi)} | ${(readJsonApi / readClassic).toFixed(2).padStart(5)} | ${f(createClassic).padStart(14)} | ${f(createJsonApi).padStart(14)} | ${(createJsonApi / createClassic).toFixed(2)}`);
  }
}

await main();
