/**
 * The emulator's answer to a request as the network delivers it: the request is logged, a fault
 * rule may answer instead of the server or drop the connection, and `latencyMs` delays every
 * answer. A request the server applies is applied when it arrives; only its answer is late (a
 * client that gives up waiting does not undo it, as with a real server). Delays use msw's
 * `delay`; a dropped connection is `HttpResponse.error()`; a refused one throws a Node-like
 * error (`code` and `errno`), which msw's interceptors hand to the client's fetch as its error.
 * A cut body is a stream that errors after its first half; a stall waits for the request's abort.
 */
import { HttpResponse, delay } from 'msw';
import type { EmulatedServer } from './emulated-server.js';
import type { ConnectionErrorCode, Fault, FaultList } from './faults.js';
import { isApplied } from './faults.js';
import { garbled, truncated } from './faulty-responses.js';
import type { LoggedRequest } from './request-log.js';

/** What `serve` needs besides the server itself. */
export interface Network {
  readonly faults: FaultList;
  record(entry: LoggedRequest): void;
  readonly latencyMs: number;
  /**
   * What stands in front of the server (the `auth` option): a Response answers instead of it (a
   * login, a 401; such a request is not applied), undefined lets the request through.
   */
  readonly gate?: (request: Request) => Promise<Response | undefined>;
}

export async function serve(request: Request, server: EmulatedServer, network: Network): Promise<Response> {
  const url = new URL(request.url);
  const body = request.body === null ? undefined : await request.clone().text();
  const fault = network.faults.take(request.method, url.pathname);
  const reaches = isApplied(fault);
  // The emulated login gate (the `auth` option) answers 401 for a request without a valid token: it is not applied.
  const gated = reaches && network.gate !== undefined ? await network.gate(request) : undefined;
  const applied = reaches && gated === undefined;
  network.record({ method: request.method.toUpperCase(), url: request.url, body, applied });
  if (fault?.kind === 'network' && !fault.applied && fault.code !== undefined) throw new EmulatedConnectionError(fault.code, url);
  const response = gated ?? (applied ? await server.answer(request) : undefined);
  if (fault?.kind === 'stall') {
    await network.faults.stallUntilReleased(request.signal);
    return HttpResponse.error();
  }
  const wait = network.latencyMs + (fault?.kind === 'delay' ? fault.ms : 0);
  if (wait > 0) await delay(wait);
  if (fault?.kind === 'status') return statusResponse(fault, server);
  if (fault?.kind === 'network' || response === undefined) return HttpResponse.error();
  if (fault?.kind === 'truncate') return truncated(response);
  if (fault?.kind === 'garble') return garbled(response, fault.as);
  return response;
}

/**
 * The error of a connection the emulator refused (a `{ kind: 'network', applied: false, code }`
 * fault): what Node's fetch would reject with. The handler throws it, and msw's interceptors hand
 * an error with `code` and `errno` to the client as is (the global fetch rejects with it,
 * node-fetch/cross-fetch wraps it in a FetchError with the same `code`). msw 2.15 also prints it
 * with an "unhandled exception" notice on stderr; a `server.events` listener does not silence that
 * in this version, so tests that want a quiet output stub `console.error` around such requests.
 */
export class EmulatedConnectionError extends Error {
  override readonly name = 'EmulatedConnectionError';
  readonly code: ConnectionErrorCode;
  readonly errno: number;
  readonly syscall: string;

  constructor(code: ConnectionErrorCode, url: URL) {
    const lookup = code !== 'ECONNREFUSED';
    super(lookup ? `getaddrinfo ${code} ${url.hostname}` : `connect ECONNREFUSED ${url.host}`);
    this.code = code;
    this.errno = ERRNO[code];
    this.syscall = lookup ? 'getaddrinfo' : 'connect';
  }
}

const ERRNO: Readonly<Record<ConnectionErrorCode, number>> = { ECONNREFUSED: -111, ENOTFOUND: -3008, EAI_AGAIN: -3001 };

function statusResponse(fault: Extract<Fault, { kind: 'status' }>, server: EmulatedServer): Response {
  const headers = fault.headers ?? {};
  // 204, 205 and 304 cannot carry a body.
  if (fault.status === 204 || fault.status === 205 || fault.status === 304) return new HttpResponse(null, { status: fault.status, headers });
  return server.statusAnswer(fault.status, fault.body ?? '', headers);
}
