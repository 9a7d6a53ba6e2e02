/**
 * Nested creates on the real classic server (printed, never asserted): the seed scenario, 200 new
 * computers each with a new owner, saved by the client (each owner rides in its computer's POST,
 * docs/protocol/classic/write.md #7) against a hand-written per-row fetch loop (POST the person,
 * then the computer with its owner_id) at the same concurrency, and against the same loop sending
 * the nested POST by hand (the floor of one request per pair). Runs alternate, medians of 5, the
 * database reset before each.
 * Run: npx tsx bench/nested-save.ts (starts test/server/app.py; needs its venv).
 */
import { lastValueFrom } from 'rxjs';
import { connect, type FetchLike } from '../src/index.js';
import { startRealServer } from '../test/server/real-server.js';
import { result } from './result.js';

const PAIRS = 200;
const CONCURRENCY = 4;
const RUNS = 5;

const server = await startRealServer({ peers: false });

/** Runs `work(i)` for i in [0, count) with at most `concurrency` at a time. */
async function pool(count: number, concurrency: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`POST ${path}: ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

/** The hand-written loop: each pair is two requests in a row, pairs run `CONCURRENCY` at a time. */
async function perRowLoop(): Promise<{ ms: number; requests: number }> {
  let requests = 0;
  const start = performance.now();
  await pool(PAIRS, CONCURRENCY, async (index) => {
    const person = await post('/api/person', { name: `owner-${index}` });
    await post('/api/compjutahs', { name: `pc-${index}`, vendor: 'Pear', owner_id: person['id'] });
    requests += 2;
  });
  return { ms: performance.now() - start, requests };
}

/** The same loop sending the nested POST by hand: one request per pair. */
async function nestedLoop(): Promise<{ ms: number; requests: number }> {
  let requests = 0;
  const start = performance.now();
  await pool(PAIRS, CONCURRENCY, async (index) => {
    await post('/api/compjutahs', { name: `pc-${index}`, vendor: 'Pear', owner: { name: `owner-${index}` } });
    requests += 1;
  });
  return { ms: performance.now() - start, requests };
}

/** The client: create everything, then one `client.save()` (timed from the save). */
async function clientSave(): Promise<{ ms: number; requests: number }> {
  let requests = 0;
  const counting: FetchLike = (input, init) => {
    if ((init?.method ?? 'GET') !== 'GET') requests += 1;
    return globalThis.fetch(input, init);
  };
  const client = await connect({ url: server.url, fetch: counting, concurrency: CONCURRENCY });
  const { Person, Computer } = client.models;
  for (let index = 0; index < PAIRS; index += 1) Computer!.create({ name: `pc-${index}`, vendor: 'Pear', owner: Person!.create({ name: `owner-${index}` }) });
  const start = performance.now();
  await lastValueFrom(client.save());
  return { ms: performance.now() - start, requests };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

try {
  const results = { loop: [] as number[], nested: [] as number[], client: [] as number[] };
  const requests = { loop: 0, nested: 0, client: 0 };
  // Warm-up: the server's first requests and the client's module loading are not measured.
  await server.reset();
  await clientSave();
  for (let run = 0; run < RUNS; run += 1) {
    for (const [name, work] of [['loop', perRowLoop], ['nested', nestedLoop], ['client', clientSave]] as const) {
      await server.reset();
      const { ms, requests: sent } = await work();
      results[name].push(ms);
      requests[name] = sent;
    }
  }
  const [loop, nested, client] = [median(results.loop), median(results.nested), median(results.client)];
  result({ measure: `real classic server: save of ${PAIRS} new computers each with a new owner, concurrency ${CONCURRENCY}`, result: `${requests.client} requests (per-row loop ${requests.loop}); ${(client / loop).toFixed(2)} x the per-row fetch loop's time`, target: '200 requests, <= 0.6 x' });
  console.log(
    `nested creates, real classic server, ${PAIRS} new computers each with a new owner, concurrency ${CONCURRENCY} (median of ${RUNS}): ` +
      `client ${requests.client} requests ${client.toFixed(0)} ms = ${(client / loop).toFixed(2)} x the per-row fetch loop (${requests.loop} requests, ${loop.toFixed(0)} ms), ` +
      `${(client / nested).toFixed(2)} x a hand-written nested-POST loop (${requests.nested} requests, ${nested.toFixed(0)} ms)`,
  );
} finally {
  await server.stop();
}
