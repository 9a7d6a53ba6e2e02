/**
 * Streaming memory benchmark (printed, never asserted): peak heap while a slow consumer goes
 * through 200,000 rows read from the emulator (flask-restless-rx/testing, in-process), pulled with
 * `for await (const row of query.iterate())` against pushed with `for await (const row of
 * eachValueFrom(query.stream()))` (rxjs-for-await), side by side in one run.
 *
 * The consumer is slower than the server: it waits for a timer (about 1 ms) every 100 rows. The heap is
 * sampled after a full garbage collection every 5,000 rows (above the heap before the read).
 * The client is made with `gcTimeMs: 0`, as an export script would be (README "Node scripts"),
 * so that the store lets go of rows the loop has passed; with the default gcTimeMs the store keeps
 * every row for 5 minutes whichever way they are read (also printed, for 50,000 rows).
 * Run: node --expose-gc --import tsx bench/stream-memory.ts (part of npm run bench)
 */
import { getResponse } from 'msw';
import { eachValueFrom } from 'rxjs-for-await';
import { connect, type DynamicEntity, type FetchLike } from '../src/index.js';
import { createClassicEmulator } from '../src/testing/index.js';
import { result } from './result.js';

const ROWS = Number(process.env['STREAM_ROWS'] ?? 200_000);
const SAMPLE_EVERY = 5_000;
const PAUSE_EVERY = 100;
const URL_BASE = 'http://bench.local';

const collectGarbage = (globalThis as { gc?: () => void }).gc;
if (!collectGarbage) throw new Error('Run with node --expose-gc (npm run bench does)');

const datamodel = {
  Row: {
    pk_name: 'id', collection_name: 'row', url_prefix: '/api',
    attributes: { id: 'integer', name: 'unicode', note: 'unicode' },
    relations: {}, properties: {}, methods: {},
  },
};

function emulatorFetch(count: number): FetchLike {
  const rows = Array.from({ length: count }, (_, index) => ({ id: index + 1, name: `row ${index + 1}`, note: `a note of some length for row ${index + 1}, as an export would carry` }));
  const emulator = createClassicEmulator({ baseUrl: URL_BASE, datamodel, rows: { Row: rows } });
  return async (input, init) => (await getResponse(emulator.handlers, new Request(input, init))) ?? new Response(null, { status: 599 });
}

function heapNow(): number {
  collectGarbage!();
  return process.memoryUsage().heapUsed;
}

type Way = 'iterate()' | 'eachValueFrom(stream())';

async function run(way: Way, count: number, gcTimeMs: number | undefined): Promise<{ peakMb: number; seconds: number; rows: number }> {
  const fetch = emulatorFetch(count);
  const client = await connect({ url: URL_BASE, datamodel, fetch, pageSize: 100, ...(gcTimeMs === undefined ? {} : { gcTimeMs }) });
  const query = client.models['Row']!.query.orderBy({ id: 'asc' });
  const baseline = heapNow();
  let peak = 0;
  let rows = 0;
  const started = performance.now();
  const source: AsyncIterable<DynamicEntity> = way === 'iterate()' ? query.iterate({ readAhead: 1 }) : eachValueFrom(query.stream());
  for await (const row of source) {
    if (row['id'] === undefined) throw new Error('a row without its id');
    rows += 1;
    if (rows % PAUSE_EVERY === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    if (rows % SAMPLE_EVERY === 0) peak = Math.max(peak, heapNow() - baseline);
  }
  const seconds = (performance.now() - started) / 1000;
  return { peakMb: peak / 1e6, seconds, rows };
}

const mb = (value: number) => `${value.toFixed(1)} MB`;
console.log(`Streaming ${ROWS.toLocaleString('en')} rows from the emulator to a slow consumer (a ~1 ms wait every ${PAUSE_EVERY} rows), peak heap above the start`);
const pulled = await run('iterate()', ROWS, 0);
const pushed = await run('eachValueFrom(stream())', ROWS, 0);
console.log(`| way (gcTimeMs: 0) | rows | peak heap | time |`);
console.log(`| iterate({ readAhead: 1 }) | ${pulled.rows} | ${mb(pulled.peakMb)} | ${pulled.seconds.toFixed(1)} s |`);
console.log(`| eachValueFrom(stream()) | ${pushed.rows} | ${mb(pushed.peakMb)} | ${pushed.seconds.toFixed(1)} s |`);
result({ measure: `peak heap iterating ${pulled.rows.toLocaleString('en')} rows with a slow consumer: iterate() vs eachValueFrom(stream())`, result: `${mb(pulled.peakMb)} vs ${mb(pushed.peakMb)} (${(pushed.peakMb / pulled.peakMb).toFixed(1)} x less)` });
console.log(`peak heap, pushed / pulled: ${(pushed.peakMb / pulled.peakMb).toFixed(1)} x`);

const SMALL = Math.min(ROWS, 50_000);
const pulledDefault = await run('iterate()', SMALL, undefined);
const pushedDefault = await run('eachValueFrom(stream())', SMALL, undefined);
console.log(`With the default gcTimeMs (5 minutes), ${SMALL.toLocaleString('en')} rows: iterate() ${mb(pulledDefault.peakMb)}, eachValueFrom(stream()) ${mb(pushedDefault.peakMb)} (the store holds every row either way)`);
