import { describe, expect, it } from 'vitest';
import { bundleApp, downloaded, inputsOf } from '../../bench/bundle-measure.js';

// An app that reads and saves must not download the remote engine before its first remote call.
// esbuild puts a whole file in the chunk shared by the start and the lazy engine as soon as both
// reach it, so one small import of an engine file from the core drags that file into the start.
describe('the browser bundle of an app that reads and saves', () => {
  it('downloads none of the remote engine (codec, msgpack, RPC routes, model hook) at start', async () => {
    const app = await bundleApp('bench/bundle-apps/reads-and-saves.ts');
    const atStart = [...inputsOf(app, downloaded(app))];
    const rpc = atStart.filter((input) => input.includes('src/rpc/') || input.includes('@msgpack'));
    // The start's own RPC code: the loader, the argument check, property URLs, type names.
    const core = ['codec/cereal-tags', 'codec/type-registry', 'own-arguments', 'remote-loader', 'remote-target'];
    // Public classes src/index.ts exports (values an app passes to a method): index.ts reaches them.
    const exported = ['codec/emulated-object', 'codec/py-class', 'codec/py-date', 'codec/py-datetime'];
    const expected = [...core, ...exported].map((name) => `src/rpc/${name}.ts`);
    expect(rpc.sort()).toEqual(expected.sort());
  });

  it('downloads the bearer token logic only when a client with bearer auth sends its first request', async () => {
    const app = await bundleApp('bench/bundle-apps/reads-and-saves.ts');
    const atStart = inputsOf(app, downloaded(app));
    expect(atStart.has('src/transport/auth.ts')).toBe(true);
    expect(atStart.has('src/transport/bearer-session.ts')).toBe(false);
    expect(inputsOf(app, downloaded(app, ['bearer-session'])).has('src/transport/bearer-session.ts')).toBe(true);
  });
});
