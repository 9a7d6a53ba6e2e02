/**
 * An in-memory classic collection endpoint with a simulated round-trip latency, for benchmarks:
 * it answers `GET <root>/api/<collection>?page=&results_per_page=` like Flask-Restless 0.17
 * (capped page size, the {num_results, objects, page, total_pages} envelope).
 */
import type { FetchLike } from '../src/index.js';

export interface PagedServer {
  readonly fetch: FetchLike;
  readonly requests: () => number;
}

export function pagedServer(options: { rows: ReadonlyArray<Record<string, unknown>>; latencyMs: number; maxPageSize?: number; datamodel: unknown }): PagedServer {
  let requests = 0;
  const max = options.maxPageSize ?? 100;
  const fetchImpl: FetchLike = async (input) => {
    requests += 1;
    const url = new URL(input);
    await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    if (url.pathname.endsWith('/flask-restless-datamodel')) return json(options.datamodel);
    const requested = Number(url.searchParams.get('results_per_page') ?? 10);
    const size = Math.min(requested > 0 ? requested : 10, max);
    const page = Number(url.searchParams.get('page') ?? 1);
    const total = Math.ceil(options.rows.length / size);
    const objects = page >= 1 ? options.rows.slice((page - 1) * size, page * size) : [];
    return json({ num_results: options.rows.length, objects, page, total_pages: total });
  };
  return { fetch: fetchImpl, requests: () => requests };
}

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
}
