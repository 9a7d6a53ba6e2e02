import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordedDatamodel } from '../mocks/datamodel.js';
import { connect, type ConnectOptions } from './client.js';
import { ValidationError } from './errors.js';
import type { FetchLike } from './transport/http.js';

const urls: string[] = [];
const fetch: FetchLike = async (url) => {
  urls.push(url);
  return new Response(JSON.stringify(recordedDatamodel), { status: 200, headers: { 'Content-Type': 'application/json' } });
};
const refusal = (options: Partial<ConnectOptions>) => connect({ url: 'http://h', fetch, ...options } as ConnectOptions).then(() => undefined, (error: unknown) => error);

afterEach(() => {
  urls.length = 0;
  vi.unstubAllGlobals();
});

describe('connect() options are checked before anything is sent', () => {
  it.each([
    [{ retry: { attempts: -1 } }, /retry\.attempts must be a whole number >= 1.*got -1/],
    [{ retry: { attempts: 1.5 } }, /retry\.attempts/],
    [{ retry: { attempts: 0 } }, /retry\.attempts/],
    [{ retry: { baseDelayMs: Number.NaN } }, /retry\.baseDelayMs .*got NaN/],
    [{ retry: { maxDelayMs: -5 } }, /retry\.maxDelayMs/],
    [{ retry: { maxDelayMs: Infinity } }, /retry\.maxDelayMs/],
    [{ timeoutMs: 0 }, /timeoutMs must be .* > 0/],
    [{ timeoutMs: Number.NaN }, /timeoutMs/],
    [{ timeoutMs: Infinity }, /timeoutMs/],
    [{ timeoutMs: 2 ** 31 }, /timeoutMs .*at most 2147483647/],
    [{ dialect: 'nonsense' }, /dialect must be 'classic' or 'jsonapi', got "nonsense"/],
    [{ fetch: 'fetch' }, /fetch must be a function/],
  ])('%j is a ValidationError naming the option', async (options, message) => {
    const error = await refusal(options as Partial<ConnectOptions>);
    expect(error).toBeInstanceOf(ValidationError);
    expect(String(error)).toMatch(message);
    expect(urls).toEqual([]);
  });

  it('accepts the limits themselves', async () => {
    await expect(connect({ url: 'http://h', fetch, retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 }, timeoutMs: 1, dialect: 'classic' })).resolves.toBeDefined();
  });
});

describe('connect({ url }) with a relative url', () => {
  it('is refused where there is no page to resolve it against (Node), saying an absolute url is needed', async () => {
    for (const url of ['/api', '/']) {
      const error = await refusal({ url });
      expect(error).toBeInstanceOf(ValidationError);
      expect(String(error)).toMatch(/needs an absolute http\(s\) url/);
    }
    expect(urls).toEqual([]);
  });

  it("is resolved against the page in a browser (globalThis.location)", async () => {
    vi.stubGlobal('location', { href: 'https://app.example.com/people/list?tab=1' });
    const api = await connect({ url: '/api', fetch });
    expect(api.url).toBe('https://app.example.com');
    expect(urls).toEqual(['https://app.example.com/api/flask-restless-datamodel']);
    const root = await connect({ url: '/', fetch });
    expect(root.url).toBe('https://app.example.com');
    expect(String(await refusal({ url: 'ftp://files.example.com' }))).toMatch(/needs an http\(s\) url/);
  });
});

describe('client.models', () => {
  it('an unknown model name is a ValidationError naming the known models', async () => {
    const client = await connect({ url: 'http://h', datamodel: recordedDatamodel, fetch });
    const models = client.models as Record<string, unknown>;
    expect(() => models['Nope']).toThrow(ValidationError);
    expect(() => models['Nope']).toThrow(/client\.models has no model "Nope"; the server's datamodel has Article, Computer, Employee, Manager, Person, Tag, TypeZoo/);
    expect(models['Person']).toBeDefined();
  });

  it('still behaves as a plain object for promises, JSON, inspection, symbols and `in`', async () => {
    const client = await connect({ url: 'http://h', datamodel: recordedDatamodel, fetch });
    const models = client.models as Record<string | symbol, unknown>;
    await expect(Promise.resolve(client.models)).resolves.toBe(client.models);
    expect(models['then']).toBeUndefined();
    expect(models['toJSON']).toBeUndefined();
    expect(models[Symbol.iterator]).toBeUndefined();
    expect(models['$$typeof']).toBeUndefined();
    expect('Nope' in client.models).toBe(false);
    expect(Object.keys(client.models)).toContain('Person');
    expect(inspect(client.models)).toContain('Person');
    expect(() => JSON.stringify(client.models)).not.toThrow();
    expect(client.models).toEqual(client.models);
    expect(Object.isFrozen(client.models)).toBe(true);
  });
});
