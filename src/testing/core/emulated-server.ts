/**
 * The seam between the emulator's dialect-neutral core and a dialect (classic today): a dialect
 * builds an `EmulatedServer` from its database and request context, and the core serves it
 * through msw with the network around it — the request log, fault rules, latency and the
 * optional login gate. The core knows nothing of URLs, bodies or status texts beyond this.
 *
 * @example
 * const network = createNetwork({ latencyMs: options.latencyMs, auth: options.auth, loginPath: '/api/auth' });
 * const server: EmulatedServer = { answer: (request) => dispatch(request, ctx), statusAnswer: respond };
 * const handler = serverHandler(baseUrlOf(options.baseUrl), server, network);
 */
import type { HttpHandler } from 'msw';
import { http } from 'msw';
import { ValidationError } from '../../errors.js';
import type { EmulatorAuth, EmulatorAuthOptions } from './emulator-auth.js';
import { TokenAuthority } from './emulator-auth.js';
import { FaultList } from './faults.js';
import type { RequestLog } from './request-log.js';
import { createRequestLog } from './request-log.js';
import type { Network } from './serve.js';
import { serve } from './serve.js';

/** What a dialect hands the core: the server's own answers. */
export interface EmulatedServer {
  /** The server's answer to a request that reaches it (the request is applied). */
  answer(request: Request): Promise<Response>;
  /** The answer of a `{ kind: 'status' }` fault, framed as this server frames its answers. */
  statusAnswer(status: number, body: string, headers: Readonly<Record<string, string>>): Response;
}

/** The network in front of one emulated server, and what a test reads and steers of it. */
export interface EmulatedNetwork {
  readonly network: Network;
  readonly faults: FaultList;
  readonly requests: RequestLog;
  readonly auth: EmulatorAuth | undefined;
}

/** Builds the request log, the fault list, the latency and the login gate (at `loginPath`). */
export function createNetwork(options: { readonly latencyMs: number | undefined; readonly auth: EmulatorAuthOptions | undefined; readonly loginPath: string }): EmulatedNetwork {
  const faults = new FaultList();
  const { log, record } = createRequestLog();
  const latencyMs = options.latencyMs ?? 0;
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new ValidationError(`latencyMs must be a number of milliseconds >= 0, got ${String(options.latencyMs)}`);
  const auth = options.auth === undefined ? undefined : new TokenAuthority(options.auth, options.loginPath);
  const network: Network = { faults, record, latencyMs, ...(auth === undefined ? {} : { gate: (request: Request) => auth.answer(request) }) };
  return { network, faults, requests: log, auth };
}

/** The msw handler that serves `server` for every URL under `base`. */
export function serverHandler(base: URL, server: EmulatedServer, network: Network): HttpHandler {
  return http.all(
    ({ request }) => isUnder(new URL(request.url), base),
    ({ request }) => serve(request, server, network),
  );
}

/** The `baseUrl` option, checked: an absolute http(s) URL without query or fragment. */
export function baseUrlOf(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(`baseUrl must be an absolute URL such as "http://localhost:5000", got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ValidationError(`baseUrl must be an http(s) URL such as "http://localhost:5000", got ${JSON.stringify(text)}`);
  if (url.search !== '' || url.hash !== '') throw new ValidationError(`baseUrl must not have a query or a fragment, got ${JSON.stringify(text)}`);
  return url;
}

function isUnder(url: URL, base: URL): boolean {
  const path = base.pathname.replace(/\/+$/, '');
  return url.origin === base.origin && url.pathname.startsWith(`${path}/`);
}
