/**
 * A fetch that answers the jsonapi dialect's unit tests with recorded NG bodies: routes are
 * `METHOD path` (the query string ignored unless the route names one), answered in order.
 */
import type { FetchLike } from '../../src/transport/http.js';

export interface FakeAnswer {
  readonly status: number;
  readonly body?: unknown;
  /** A text body (an HTML page) instead of JSON. */
  readonly text?: string;
}

export interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

export function ngFetch(routes: Record<string, FakeAnswer | FakeAnswer[]>): { fetch: FetchLike; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const fetch: FetchLike = async (url, init) => {
    const method = init?.method ?? 'GET';
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const text = typeof init?.body === 'string' ? init.body : undefined;
    sent.push({ method, url, headers, body: text === undefined ? undefined : (JSON.parse(text) as unknown) });
    const { pathname, search } = new URL(url);
    const route = routes[`${method} ${pathname}${search}`] ?? routes[`${method} ${pathname}`];
    const answer = Array.isArray(route) ? route.shift() : route;
    if (answer === undefined) return new Response(`no route for ${method} ${url}`, { status: 599 });
    if (answer.text !== undefined) return new Response(answer.text, { status: answer.status, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    if (answer.body === undefined) return new Response(null, { status: answer.status });
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'Content-Type': 'application/vnd.api+json' } });
  };
  return { fetch, sent };
}
