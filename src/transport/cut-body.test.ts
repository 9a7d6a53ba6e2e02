/**
 * Real sockets on loopback: servers that accept and never answer, that send headers and stall
 * the body, and that cut the body short (Content-Length promised, connection dropped). With the
 * platform's fetch and with cross-fetch, every request ends with a NetworkError; none hangs.
 */
import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import crossFetch from 'cross-fetch';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstValueFrom, of } from 'rxjs';
import { NetworkError } from '../errors.js';
import { fetchOf } from './default-fetch.js';
import { HttpClient, type FetchLike } from './http.js';

const TIMEOUT_MS = 5_000;
const BODY = '{"num_results": 2, "objects": [{"id": 1, "name": "Alice"}, {"id": 2, "name": "Bob"}], "page": 1, "total_pages": 1}';

interface Loopback {
  readonly url: string;
  /** Resolves when the server has the request (or, for the silent one, the connection). */
  readonly arrived: Promise<void>;
  close(): Promise<void>;
}

const open: Loopback[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(open.splice(0).map((server) => server.close()));
});

function listening(server: Server, arrived: Promise<void>, sockets: Set<Socket>): Promise<Loopback> {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const loopback: Loopback = {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/person`,
        arrived,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      };
      open.push(loopback);
      resolve(loopback);
    });
  });
}

/** Accepts the connection, reads nothing, answers nothing. */
function silentServer(): Promise<Loopback> {
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const server = createNetServer(() => arrive());
  return listening(server, arrived, new Set());
}

/** An HTTP server whose handler does `respond` with the response. */
function httpServer(respond: (response: ServerResponse) => void): Promise<Loopback> {
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const server = createHttpServer((_request, response) => {
    respond(response);
    arrive();
  });
  return listening(server, arrived, new Set());
}

const headersThenHalf = (response: ServerResponse) => {
  response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(BODY.length) });
  response.write(BODY.slice(0, BODY.length / 2));
  // The bytes must leave before the socket is destroyed, or it is a plain reset.
  setImmediate(() => response.socket?.destroy());
};

const headersThenStall = (response: ServerResponse) => {
  response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(BODY.length) });
  response.write(BODY.slice(0, 10));
};

const clientWith = (fetch: FetchLike | undefined) => new HttpClient({ fetch: fetchOf(fetch), authHeaders: () => of({}), timeoutMs: TIMEOUT_MS, retry: { attempts: 1 } });
const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

/**
 * Fails at the deadline, and not before it. Time is faked once the request has reached the
 * server, and, when `what` is about the body, once the client has the headers.
 */
async function expectDeadline(server: Loopback, fetch: FetchLike | undefined, what: RegExp): Promise<void> {
  const base: FetchLike = fetch ?? ((input, init) => globalThis.fetch(input, init));
  let headersCame!: () => void;
  const headers = new Promise<void>((resolve) => (headersCame = resolve));
  const watched: FetchLike = (input, init) => base(input, init).then((response) => (headersCame(), response));
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const result = failureOf(firstValueFrom(clientWith(watched).request({ method: 'GET', url: server.url })));
  await server.arrived;
  if (what.source.includes('the headers came')) await headers;
  let settled = false;
  void result.then(() => (settled = true));
  await vi.advanceTimersByTimeAsync(TIMEOUT_MS - 1);
  expect(settled).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  const error = (await result) as NetworkError;
  expect(error).toBeInstanceOf(NetworkError);
  expect(error.timedOut).toBe(true);
  expect(error.message).toMatch(what);
}

describe.each([
  ['the platform fetch (default)', undefined],
  ['cross-fetch', crossFetch as FetchLike],
])('with %s', (_name, fetch) => {
  it('a server that accepts and never answers: NetworkError at the deadline', async () => {
    await expectDeadline(await silentServer(), fetch, /no complete answer within 5000 ms \(no headers came\)/);
  });

  it('headers, then a body that stalls: NetworkError at the deadline', async () => {
    await expectDeadline(await httpServer(headersThenStall), fetch, /the headers came, the body did not finish/);
  });
});

describe('a body cut short (Content-Length sent, half the body, connection dropped)', () => {
  it('the platform fetch (default) notices the cut itself: NetworkError at once, not the deadline', async () => {
    const server = await httpServer(headersThenHalf);
    // Fake timers that nobody advances: the deadline cannot be what ends this request.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const error = (await failureOf(firstValueFrom(clientWith(undefined).request({ method: 'GET', url: server.url })))) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.timedOut).toBe(false);
    expect(error.message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/api\/person failed: /);
  });

  it('cross-fetch (node-fetch) would wait for ever for the rest of the body: the deadline ends it', async () => {
    await expectDeadline(await httpServer(headersThenHalf), crossFetch as FetchLike, /the headers came, the body did not finish/);
  });
});
