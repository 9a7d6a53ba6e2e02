/**
 * A fetch that loses or spoils chosen answers on the client side, the way a flaky network or a
 * misbehaving proxy would, in front of any server (the emulator or the real one): the request
 * really reaches the server (or, for `lost-before`, never leaves), only the answer is changed.
 */
import type { FetchLike } from '../../src/transport/http.js';

export type Spoil =
  /** The request never leaves; fetch fails without a connection code (the client cannot tell it did not arrive). */
  | 'lost-before'
  /** The server applies the request; the connection dies before the answer arrives. */
  | 'lost-after'
  /** The server applies it; a 500 with an empty body arrives instead of its answer. */
  | 'applied-500-empty'
  /** The server applies it; a 500 with a JSON body arrives instead of its answer. */
  | 'applied-500-json'
  /** The server applies it; its 2xx status arrives with a body cut in the middle of the JSON. */
  | 'truncated-2xx'
  /** The server applies it; its 2xx status arrives with an HTML page as the body. */
  | 'html-2xx'
  /** The server applies it; its 2xx status arrives with a JSON body that lacks the key. */
  | 'keyless-2xx'
  /** The server applies it; then nothing ever arrives (a fetch that ignores its AbortSignal, too). */
  | 'stalled-after';

export interface LossyFetch {
  readonly fetch: FetchLike;
  /** Spoils the next `times` requests of `method` whose path matches. */
  spoil(method: string, path: RegExp, spoil: Spoil, times?: number): void;
  /** Requests seen, as `METHOD /path`. */
  readonly log: string[];
}

export function lossyFetch(base: FetchLike = (input, init) => globalThis.fetch(input, init)): LossyFetch {
  const rules: Array<{ method: string; path: RegExp; spoil: Spoil; remaining: number }> = [];
  const log: string[] = [];
  return {
    log,
    spoil(method, path, spoil, times = 1) {
      rules.push({ method, path, spoil, remaining: times });
    },
    fetch: async (input, init = {}) => {
      const method = (init.method ?? 'GET').toUpperCase();
      const path = new URL(input).pathname;
      log.push(`${method} ${path}`);
      const rule = rules.find((each) => each.remaining > 0 && each.method === method && each.path.test(path));
      if (!rule) return base(input, init);
      rule.remaining -= 1;
      if (rule.spoil === 'lost-before') throw new TypeError('fetch failed');
      const response = await base(input, init);
      if (rule.spoil === 'stalled-after') return new Promise<Response>(() => undefined);
      const text = await response.text();
      switch (rule.spoil) {
        case 'lost-after':
          throw new TypeError('terminated');
        case 'applied-500-empty':
          return new Response('', { status: 500 });
        case 'applied-500-json':
          return new Response('{"message": "Internal error"}', { status: 500, headers: { 'Content-Type': 'application/json' } });
        case 'truncated-2xx':
          return new Response(text.slice(0, Math.floor(text.length / 2)), { status: response.status, headers: { 'Content-Type': 'application/json' } });
        case 'html-2xx':
          return new Response('<!doctype html><title>Welcome</title>', { status: response.status, headers: { 'Content-Type': 'text/html' } });
        case 'keyless-2xx':
          return new Response('{"created": true}', { status: response.status, headers: { 'Content-Type': 'application/json' } });
        default:
          throw new Error(`unknown spoil ${rule.spoil}`);
      }
    },
  };
}
