/**
 * One contract suite, two servers: every test in test/contract/ runs against the msw emulator
 * (`npm test`) and against the real Flask-Restless server (`npm run test:real`, CONTRACT_TARGET=real).
 * Tests get a fresh seeded server state per file and a fresh client per test.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { connect, type Client, type ConnectOptions } from '../../src/index.js';
import { startRealServer, type RealServer, type RealServerOptions } from '../server/real-server.js';

export interface ContractTarget {
  readonly name: 'emulator' | 'real';
  readonly url: string;
  /** Back to the seed data. */
  reset(): Promise<void>;
  /** Expires every token the server issued (targets started with `auth` only). */
  expireTokens(): Promise<void>;
}

export const TARGET_NAME: 'emulator' | 'real' = process.env['CONTRACT_TARGET'] === 'real' ? 'real' : 'emulator';

/**
 * The dialect dimension: CONTRACT_DIALECT=jsonapi runs the suite over Flask-Restless-NG (the real
 * NG server of test/server/ng/ with CONTRACT_TARGET=real). Tests of what NG cannot do skip with
 * `skipOnJsonApi(why)`.
 */
export const DIALECT: 'classic' | 'jsonapi' = process.env['CONTRACT_DIALECT'] === 'jsonapi' ? 'jsonapi' : 'classic';

/** A reason to skip a test on the jsonapi dialect, or false on classic (for `it.skipIf`). */
export function skipOnJsonApi(_why: string): boolean {
  return DIALECT === 'jsonapi';
}

/**
 * Registers the hooks that start the target for this file and returns an accessor for it.
 * The real server runs with `peers: false` unless asked: the default config's Computer.peers
 * makes most Computer reads fail (tested on its own in peers-bug.contract.test.ts).
 */
export function useContractTarget(options: RealServerOptions = { peers: false }): () => ContractTarget {
  let target: ContractTarget | undefined;
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (TARGET_NAME === 'real' && DIALECT === 'jsonapi') {
      const { startNgServer } = await import('../server/ng/ng-server.js');
      const server = await startNgServer();
      target = { name: 'real', url: server.url, reset: () => server.reset(), expireTokens: () => Promise.reject(new Error('the NG server has no auth')) };
      stop = () => server.stop();
    } else if (DIALECT === 'jsonapi') {
      // The JSON:API emulator serves the classic test server's models and seed as NG does.
      const url = 'http://emulated.test';
      const { setupServer } = await import('msw/node');
      const { createSeededEmulator } = await import('../../mocks/emulator.js');
      const emulator = createSeededEmulator(url, { dialect: 'jsonapi' });
      const server = setupServer(...emulator.handlers);
      server.listen({ onUnhandledRequest: 'error' });
      target = { name: 'emulator', url, reset: async () => emulator.db.reset(), expireTokens: () => Promise.reject(new Error('the NG server has no auth')) };
      stop = async () => server.close();
    } else if (TARGET_NAME === 'real') {
      const server: RealServer = await startRealServer(options);
      target = { name: 'real', url: server.url, reset: () => server.reset(), expireTokens: () => server.expireTokens() };
      stop = () => server.stop();
    } else {
      const url = 'http://emulated.test';
      const { setupServer } = await import('msw/node');
      const { createSeededEmulator } = await import('../../mocks/emulator.js');
      const emulator = createSeededEmulator(url, {
        ...(options.commitOnMethodReturn === undefined ? {} : { commitOnMethodReturn: options.commitOnMethodReturn }),
        ...(options.auth === undefined ? {} : { auth: options.auth }),
      });
      const server = setupServer(...emulator.handlers);
      server.listen({ onUnhandledRequest: 'error' });
      target = {
        name: 'emulator',
        url,
        reset: async () => emulator.db.reset(),
        expireTokens: async () => {
          if (emulator.auth === undefined) throw new Error('the emulator was started without auth');
          emulator.auth.expireAll();
        },
      };
      stop = async () => server.close();
    }
  }, 120_000);
  beforeEach(async () => {
    await target?.reset();
  });
  afterAll(async () => {
    await stop?.();
  });
  return () => {
    if (!target) throw new Error('the contract target is not started');
    return target;
  };
}

/** A fresh client of the target. */
export function clientOf(target: ContractTarget, options: Partial<ConnectOptions> = {}): Promise<Client> {
  return connect({ url: target.url, ...(DIALECT === 'jsonapi' ? { dialect: 'jsonapi' as const } : {}), ...options });
}

/**
 * fetch() past the client, with the headers the target's dialect needs: NG answers Node's default
 * `Accept: *\/*` with 406 and any body not labelled `application/vnd.api+json` with 415.
 */
export function rawFetch(input: string, init: RequestInit = {}): Promise<Response> {
  if (DIALECT !== 'jsonapi') return fetch(input, init);
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/vnd.api+json');
  if (init.body !== undefined) headers.set('Content-Type', 'application/vnd.api+json');
  return fetch(input, { ...init, headers });
}

/**
 * A row as the server holds it, read past the client, in the classic shape: columns, the key as a
 * number, each related row nested with its columns (a JSON:API resource is read with its relations
 * included and flattened; a to-one `x` also gives `x_id`, the contract models' key column names).
 */
export async function rawRow(url: string, path: string): Promise<Record<string, unknown>> {
  const get = async (query: string) => (await (await rawFetch(`${url}${path}${query}`)).json()) as Record<string, unknown>;
  if (DIALECT !== 'jsonapi') return get('');
  const first = (await get(''))['data'] as Record<string, unknown> | null;
  if (first === null || first === undefined) return {};
  const names = Object.keys((first['relationships'] as Record<string, unknown> | undefined) ?? {});
  const document = names.length === 0 ? { data: first } : await get(`?include=${names.join(',')}`);
  const included = (document['included'] as Array<Record<string, unknown>> | undefined) ?? [];
  const key = (id: unknown) => (typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id);
  const columns = (resource: Record<string, unknown>) => ({ id: key(resource['id']), ...((resource['attributes'] as Record<string, unknown> | undefined) ?? {}) });
  const nested = (linkage: Record<string, unknown>) => {
    const found = included.find((resource) => resource['type'] === linkage['type'] && resource['id'] === linkage['id']);
    return found === undefined ? { id: key(linkage['id']) } : columns(found);
  };
  const resource = document['data'] as Record<string, unknown>;
  const row: Record<string, unknown> = columns(resource);
  for (const [name, relationship] of Object.entries((resource['relationships'] as Record<string, { data?: unknown }> | undefined) ?? {})) {
    const data = relationship.data;
    if (Array.isArray(data)) row[name] = data.map((linkage) => nested(linkage as Record<string, unknown>));
    else if (data === null) {
      row[name] = null;
      row[`${name}_id`] = null;
    } else if (typeof data === 'object' && data !== undefined) {
      row[name] = nested(data as Record<string, unknown>);
      row[`${name}_id`] = key((data as Record<string, unknown>)['id']);
    }
  }
  return row;
}
