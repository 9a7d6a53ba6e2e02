import type { FetchLike } from './http.js';

/**
 * The fetch the client calls.
 *
 * A user's fetch is always called as a plain function with `this` bound to globalThis: a browser's
 * `window.fetch` called on anything but the window (as `options.fetch(...)` would) throws
 * "Illegal invocation". Without one, the platform's fetch (browsers, Node 18+, Deno, Bun), looked
 * up at each call so that what patches it later (msw, a test spy) is used; cross-fetch only where
 * there is no global fetch, loaded then and only then.
 */
export function fetchOf(user: FetchLike | undefined): FetchLike {
  if (user !== undefined) return (input, init) => Reflect.apply(user, globalThis, [input, init]) as Promise<Response>;
  if (typeof globalThis.fetch === 'function') return (input, init) => globalThis.fetch(input, init);
  let ponyfill: Promise<FetchLike> | undefined;
  return async (input, init) => {
    ponyfill ??= import('cross-fetch').then((module) => module.default as FetchLike);
    return (await ponyfill)(input, init);
  };
}
