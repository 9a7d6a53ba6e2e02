import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordedDatamodel } from '../../mocks/datamodel.js';
import { connect } from '../client.js';
import { fetchOf } from './default-fetch.js';

const ok = () => new Response('{}', { status: 200 });
const datamodel = () => new Response(JSON.stringify(recordedDatamodel), { status: 200, headers: { 'Content-Type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the fetch the client calls', () => {
  it("calls a user's fetch as a plain function bound to globalThis, so an unbound window.fetch works", async () => {
    // What a browser's fetch does when called on anything but the window (or undefined).
    const windowFetch = function (this: unknown) {
      if (this !== globalThis && this !== undefined) throw new TypeError("Failed to execute 'fetch' on 'Window': Illegal invocation");
      return Promise.resolve(datamodel());
    };
    const options = { fetch: windowFetch };
    // The way a naive client would call it: as a method of the options object.
    expect(() => options.fetch()).toThrow(/Illegal invocation/);
    const client = await connect({ url: 'http://x', fetch: windowFetch });
    expect(Object.keys(client.models)).toContain('Person');
  });

  it('defaults to the global fetch, looked up at each call (so msw or a spy installed later is used)', async () => {
    const fetch = fetchOf(undefined);
    const spy = vi.fn(async () => ok());
    vi.stubGlobal('fetch', spy);
    await fetch('http://x/a', { method: 'GET' });
    expect(spy).toHaveBeenCalledWith('http://x/a', { method: 'GET' });
  });

  it('falls back to cross-fetch only where there is no global fetch', async () => {
    vi.stubGlobal('fetch', undefined);
    const fetch = fetchOf(undefined);
    // cross-fetch's own fetch: it rejects an invalid URL in its own words.
    await expect(fetch('not a url')).rejects.toThrow(/Only absolute URLs are supported/);
  });
});
