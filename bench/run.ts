/**
 * Benchmarks of reading (printed, never asserted):
 * 1. records/second of loading a 10,000-row collection into the store;
 * 2. the paged `all()` wall time divided by the round-trip time of one page, with simulated latency
 *    (the seed client reads 10 rows a request, one request at a time: N pages cost N round trips).
 * Run: npm run bench
 */
import { firstValueFrom } from 'rxjs';
import { connect, type FetchLike } from '../src/index.js';
import { recordedDatamodel } from '../mocks/datamodel.js';
import { pagedServer } from './paged-server.js';
import { result } from './result.js';

const ROWS = 10_000;
const LATENCY_MS = 20;

function people(count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, index) => ({
    id: index + 1,
    name: `Person ${index + 1}`,
    birth_date: '1990-01-15',
    computers: [{ id: index + 1, name: `pc-${index + 1}`, owner_id: index + 1, purchase_time: '2020-05-01T10:30:00', vendor: 'Pear' }],
  }));
}

async function timeAll(latencyMs: number, concurrency: number, pageSize?: number, rows = ROWS): Promise<{ ms: number; requests: number }> {
  const server = pagedServer({ rows: people(rows), latencyMs, datamodel: recordedDatamodel });
  const client = await connect({ url: 'http://bench.local', fetch: server.fetch, concurrency, ...(pageSize === undefined ? {} : { pageSize }) });
  const before = server.requests();
  const start = performance.now();
  const list = await firstValueFrom(client.models['Person']!.all());
  const ms = performance.now() - start;
  if (list.length !== rows) throw new Error(`expected ${rows} rows, got ${list.length}`);
  return { ms, requests: server.requests() - before };
}

// 1. Store throughput: no latency, so the time is parsing, casting and the identity map.
const warm = await timeAll(0, 8);
const runs = [await timeAll(0, 8), await timeAll(0, 8), await timeAll(0, 8)].map((run) => run.ms).sort((a, b) => a - b);
const median = runs[1]!;
result({ measure: `load ${ROWS.toLocaleString('en')} rows (+1 nested each) into the store`, result: `${Math.round(ROWS / (median / 1000)).toLocaleString('en')} records/s` });
console.log(`load ${ROWS} rows (with 1 nested computer each) into the store: ${median.toFixed(0)} ms median of 3 (warm-up ${warm.ms.toFixed(0)} ms) = ${Math.round(ROWS / (median / 1000)).toLocaleString('en')} records/s`);

// 2. Paging with latency: one page's round trip vs the whole read.
const pageRtt = await (async () => {
  const server = pagedServer({ rows: people(100), latencyMs: LATENCY_MS, datamodel: recordedDatamodel });
  const client = await connect({ url: 'http://bench.local', fetch: server.fetch });
  const start = performance.now();
  await firstValueFrom(client.models['Person']!.all());
  return performance.now() - start;
})();
const small = await timeAll(LATENCY_MS, 4, undefined, 500);
console.log(`paged all(): 500 rows in ${small.requests} requests of 100, concurrency 4, ${LATENCY_MS} ms latency: ${small.ms.toFixed(0)} ms = ${(small.ms / pageRtt).toFixed(1)} x one page's round trip (page 1, then pages 2-5 at once)`);
for (const concurrency of [4, 8, 16]) {
  const paged = await timeAll(LATENCY_MS, concurrency);
  console.log(`paged all(): ${ROWS} rows in ${paged.requests} requests of 100, concurrency ${concurrency}, ${LATENCY_MS} ms latency: ${paged.ms.toFixed(0)} ms = ${(paged.ms / pageRtt).toFixed(1)} x one page's round trip (${pageRtt.toFixed(0)} ms)`);
}
const seedWay = Math.ceil(ROWS / 10) * pageRtt;
const best = await timeAll(LATENCY_MS, 16);
result({ measure: `paged all() of ${ROWS.toLocaleString('en')} rows, concurrency 16, ${LATENCY_MS} ms latency`, result: `${(best.ms / pageRtt).toFixed(1)} x one page's round trip; ${(seedWay / best.ms).toFixed(0)} x faster than the Python client's way` });
console.log(`the seed client's way (10 rows a request, one at a time) would take about ${(seedWay / 1000).toFixed(1)} s = ${(seedWay / best.ms).toFixed(0)} x slower than concurrency 16`);

// 3. Rows that point at their parent (computers, each with its owner nested): every row's to-one is
// set for the first time, and the loaded lists that may hold it are found through the store's index
// of list holders, not a scan of the owner family (which made this quadratic: 3.9 s for 10,000).
{
  const count = 10_000;
  const objects = Array.from({ length: count }, (_, i) => ({ id: i + 1, name: `pc-${i}`, owner_id: i + 1, purchase_time: null, vendor: 'Pear', owner: { id: i + 1, name: `P${i}`, birth_date: null } }));
  const text = JSON.stringify({ num_results: count, objects, page: 1, total_pages: 1 });
  const fetch: FetchLike = async () => new Response(text, { headers: { 'Content-Type': 'application/json' } });
  const client = await connect({ url: 'http://bench.local', datamodel: recordedDatamodel, fetch });
  const start = performance.now();
  await firstValueFrom(client.models['Computer']!.all());
  const ms = performance.now() - start;
  console.log(`load ${count.toLocaleString('en')} computers each with its owner nested: ${ms.toFixed(0)} ms`);
  result({ measure: `load ${count.toLocaleString('en')} rows each with its to-one parent nested`, result: `${ms.toFixed(0)} ms (${Math.round((2 * count) / (ms / 1000)).toLocaleString('en')} records/s)` });
}
