import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { setupServer } from 'msw/node';
import { CodecError, connect, type DynamicEntity } from '../index.js';
import { createSeededEmulator } from '../../mocks/emulator.js';
import { recordedDatamodel } from '../../mocks/datamodel.js';

// A server whose models have no settable @property: connect() does not load the RPC code, the
// first remote call does (remote-loader.ts).
const URL = 'http://lazy-rpc.test';
const withoutSettableProperties = JSON.parse(JSON.stringify(recordedDatamodel, (key, value: unknown) =>
  key === 'properties' && typeof value === 'object' && value !== null
    ? Object.fromEntries(Object.keys(value).map((name) => [name, false]))
    : value,
)) as unknown;

class Point {
  constructor(readonly x: number, readonly y: number) {}
}

const emulator = createSeededEmulator(URL);
const server = setupServer(...emulator.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

async function alice(): Promise<DynamicEntity> {
  const client = await connect({ url: URL, datamodel: withoutSettableProperties });
  return firstValueFrom(client.models['Person']!.get(1));
}

describe('remote methods loaded on first use', () => {
  it('calls a method on a client that has not loaded the codec yet', async () => {
    const person = await alice();
    expect(await firstValueFrom(person.call('speak', ['hi'], {}))).toBe('Errr... uh... ehm... hi?');
  });

  it('applies a type registered before the codec was loaded to the arguments of the first call', async () => {
    const client = await connect({ url: URL, datamodel: withoutSettableProperties });
    client.codec.register('Point', {
      test: (value) => value instanceof Point,
      encode: (point: Point) => [point.x, point.y],
      decode: (data) => new Point(...(data as [number, number])),
    });
    const person = await firstValueFrom(client.models['Person']!.get(1));
    const echoed = (await firstValueFrom(person.call('echo', [new Point(1, 2)], {}))) as { first: unknown };
    // Unregistered, a Point cannot be encoded (CodecError, nothing sent); registered, it travels as
    // its encoded form and the emulator's echo() answers with that form.
    expect(echoed.first).toEqual([1, 2]);
  });

  it('refuses a bad type name where it is registered, before anything is loaded', async () => {
    const client = await connect({ url: URL, datamodel: withoutSettableProperties });
    expect(() => client.codec.register('__proto__', { test: () => false, encode: () => null, decode: () => null })).toThrow(CodecError);
  });
});

describe('remote methods whose code cannot be downloaded', () => {
  afterEach(() => {
    vi.doUnmock('./remote-engine.js');
    vi.resetModules();
  });

  it('a call fails with a NetworkError saying nothing was sent, and the next call loads the code', async () => {
    vi.doMock('./remote-engine.js', () => {
      throw new TypeError('Failed to fetch dynamically imported module: /assets/remote-engine.js');
    });
    const { connect: connectFresh, NetworkError } = await import('../index.js');
    const client = await connectFresh({ url: URL, datamodel: withoutSettableProperties });
    const person = await firstValueFrom(client.models['Person']!.get(1));
    const error = await firstValueFrom(person.call('speak', ['hi'], {})).then(() => undefined, (failure: unknown) => failure);
    expect(NetworkError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(/^remote methods and properties: their code could not be loaded \(.+\); nothing was sent$/);
    vi.doUnmock('./remote-engine.js');
    expect(await firstValueFrom(person.call('speak', ['hi'], {}))).toBe('Errr... uh... ehm... hi?');
  });
});
