/**
 * A fault proxy: a Node http server on loopback in front of a real server, that makes chosen
 * requests fail the way networks and gateways do, and logs what it did. Rules are armed for the
 * next matching requests (`arm`), or, with `rate`, faults are drawn per request from a seeded PRNG.
 *
 * @example
 * const proxy = await startFaultProxy({ target: server.url });
 * proxy.arm({ kind: 'drop-after' }, { method: 'POST' });      // forwarded, answer read, socket destroyed
 * const client = await connect({ url: proxy.url });
 * // ...
 * await proxy.close();
 */
import { createServer, request as forward, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Prng } from '../faults/prng.js';

/** What the proxy does with one request. */
export type ProxyAction =
  /** Forwarded and answered as is (an HTML 500 of the server passes through too). */
  | { readonly kind: 'pass' }
  /** The client's connection is destroyed before anything is forwarded. */
  | { readonly kind: 'drop-before' }
  /** Forwarded; the answer is read, then the client's connection is destroyed. */
  | { readonly kind: 'drop-after' }
  /** Forwarded; status, headers and the full Content-Length are sent, then half the body, then the connection is destroyed. */
  | { readonly kind: 'truncate' }
  /** Forwarded; the status stays, the body is replaced: not JSON, an HTML page, or `{}`. */
  | { readonly kind: 'garble'; readonly as: 'text' | 'html' | 'empty-object' }
  /** No answer until the client gives up (or the proxy is disarmed or closed); forwarded first when `applied`. */
  | { readonly kind: 'stall'; readonly applied: boolean }
  /** The proxy answers this itself; forwarded first (its answer thrown away) when `applied`. */
  | { readonly kind: 'status'; readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: string; readonly applied?: boolean };

/** Which requests an armed action is for. */
export interface ProxyMatch {
  readonly method?: string;
  /** Tested against the path with its query string. */
  readonly path?: RegExp;
  /** How many matching requests it serves (default 1). */
  readonly times?: number;
}

/** One request and what the proxy did with it. */
export interface ProxyLogEntry {
  readonly method: string;
  readonly path: string;
  readonly action: ProxyAction['kind'];
  /** Whether the request reached the server. */
  readonly forwarded: boolean;
  /** The server's status, when it answered. */
  readonly upstreamStatus?: number;
}

export interface FaultProxyOptions {
  /** The server behind the proxy, e.g. `http://127.0.0.1:41057`. */
  readonly target: string;
  /** Draws a fault for this share of the requests no armed rule matched (default 0). */
  readonly rate?: number;
  /** The seed of those draws. */
  readonly seed?: number;
  /** The actions drawn from (default: every fault). */
  readonly actions?: readonly ProxyAction[];
}

export interface FaultProxy {
  readonly url: string;
  /** Makes the next matching request(s) meet `action`; `served()` counts those that did. */
  arm(action: ProxyAction, match?: ProxyMatch): { served(): number };
  /** Drops the armed rules and the connections of stalled requests. */
  disarm(): void;
  readonly log: readonly ProxyLogEntry[];
  close(): Promise<void>;
}

const DEFAULT_ACTIONS: readonly ProxyAction[] = [
  { kind: 'drop-before' },
  { kind: 'drop-after' },
  { kind: 'truncate' },
  { kind: 'garble', as: 'text' },
  { kind: 'garble', as: 'html' },
  { kind: 'garble', as: 'empty-object' },
  { kind: 'stall', applied: false },
  { kind: 'status', status: 502 },
  { kind: 'status', status: 503 },
  { kind: 'status', status: 504 },
  { kind: 'status', status: 429, headers: { 'Retry-After': '0' } },
];

const GARBAGE = {
  text: { type: 'application/json', text: 'garbled \u0000{ not json' },
  html: { type: 'text/html; charset=utf-8', text: '<!DOCTYPE html>\n<html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>\n' },
  'empty-object': { type: 'application/json', text: '{}\n' },
} as const;

interface Upstream {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const prng = new Prng(options.seed ?? 1);
  const rate = options.rate ?? 0;
  const actions = options.actions ?? DEFAULT_ACTIONS;
  let rules: Array<{ action: ProxyAction; match: ProxyMatch; remaining: number; served: number }> = [];
  const stalled = new Set<ServerResponse>();
  const log: ProxyLogEntry[] = [];

  const choose = (method: string, path: string): ProxyAction => {
    const rule = rules.find(({ match, remaining }) => remaining > 0 && (match.method === undefined || match.method.toUpperCase() === method) && (match.path === undefined || match.path.test(path)));
    if (rule !== undefined) {
      rule.remaining -= 1;
      rule.served += 1;
      return rule.action;
    }
    return rate > 0 && prng.chance(rate) ? prng.pick(actions) : { kind: 'pass' };
  };

  const send = (incoming: IncomingMessage, body: Buffer): Promise<Upstream> =>
    new Promise((resolve, reject) => {
      const headers = { ...incoming.headers, host: target.host, 'content-length': String(body.length) };
      const outgoing = forward({ host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) }));
        answer.on('error', reject);
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });

  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      void handle(incoming, response, Buffer.concat(chunks)).catch(() => response.socket?.destroy());
    });
  });

  const handle = async (incoming: IncomingMessage, response: ServerResponse, body: Buffer): Promise<void> => {
    const method = (incoming.method ?? 'GET').toUpperCase();
    const path = incoming.url ?? '/';
    const action = choose(method, path);
    const forwards = action.kind === 'pass' || action.kind === 'drop-after' || action.kind === 'truncate' || action.kind === 'garble' || ((action.kind === 'stall' || action.kind === 'status') && action.applied === true);
    const upstream = forwards ? await send(incoming, body) : undefined;
    log.push({ method, path, action: action.kind, forwarded: forwards, ...(upstream === undefined ? {} : { upstreamStatus: upstream.status }) });
    switch (action.kind) {
      case 'drop-before':
      case 'drop-after':
        response.socket?.destroy();
        return;
      case 'stall':
        stalled.add(response);
        response.on('close', () => stalled.delete(response));
        return;
      case 'status': {
        const text = action.body ?? `${action.status}`;
        response.writeHead(action.status, { 'Content-Type': 'text/plain', ...action.headers, 'Content-Length': String(Buffer.byteLength(text)) });
        response.end(text);
        return;
      }
      case 'garble': {
        const garbage = GARBAGE[action.as];
        const status = upstream!.status === 204 ? 200 : upstream!.status;
        response.writeHead(status, { 'Content-Type': garbage.type, 'Content-Length': String(Buffer.byteLength(garbage.text)) });
        response.end(garbage.text);
        return;
      }
      case 'truncate': {
        const { status, headers, body: full } = upstream!;
        if (full.length === 0) {
          response.socket?.destroy();
          return;
        }
        response.writeHead(status, { ...passHeaders(headers), 'Content-Length': String(full.length) });
        response.write(full.subarray(0, Math.floor(full.length / 2)), () => response.socket?.destroy());
        return;
      }
      case 'pass': {
        const { status, headers, body: full } = upstream!;
        response.writeHead(status, { ...passHeaders(headers), 'Content-Length': String(full.length) });
        response.end(full);
        return;
      }
    }
  };

  const disarm = (): void => {
    rules = [];
    for (const response of [...stalled]) response.socket?.destroy();
    stalled.clear();
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arm(action, match = {}) {
      const rule = { action, match, remaining: match.times ?? 1, served: 0 };
      rules.push(rule);
      return { served: () => rule.served };
    },
    disarm,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        disarm();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The server's headers, less those the proxy sets itself. */
function passHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'content-length' || name === 'transfer-encoding' || name === 'connection' || name === 'keep-alive') continue;
    kept[name] = value;
  }
  return kept;
}
