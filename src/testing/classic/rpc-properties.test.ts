import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PythonError, type RpcProperties } from '../index.js';
import { rpcHarness, taggingCodec } from '../../../mocks/rpc-harness.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const nickname: RpcProperties = {
  Person: {
    name_upper: { get: (self) => String(self['name']).toUpperCase() },
    nickname: {
      get: (self) => self['name'] ?? null,
      set: (self, value) => {
        if (value === '') throw new PythonError('ValueError', 'a nickname cannot be empty');
        self['name'] = String(value);
      },
    },
  },
};

const setTo = (value: unknown): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(taggingCodec.encode(value)) });

describe('emulated properties', () => {
  it('answers GET with the value get returns, and keeps nothing it changed', async () => {
    const { send, row } = rpcHarness(server, {
      properties: { Person: { name_upper: { get: (self) => ((self['birth_date'] = null), String(self['name']).toUpperCase()) } } },
    });
    const answer = await send('/api/property/person/1/name_upper', { method: 'GET' });
    expect([answer.status, answer.text, answer.value]).toEqual([200, '{"payload": "a5414c494345"}', 'ALICE']);
    expect(await row('person/1')).toMatchObject({ birth_date: '1990-01-15' });
  });

  it('answers a getter that raises with the HTML 500 page (the server reads properties outside its try)', async () => {
    const { send } = rpcHarness(server, {
      properties: {
        Person: {
          name_upper: {
            get: () => {
              throw new PythonError('AttributeError', 'nope');
            },
          },
        },
      },
    });
    expect((await send('/api/property/person/1/name_upper', { method: 'GET' })).text).toMatch(/<title>500 Internal Server Error<\/title>/);
  });

  it('sets a settable property from a bare JSON string of hex, and commits', async () => {
    const { send, row } = rpcHarness(server, { properties: nickname });
    const answer = await send('/api/property/person/1/nickname', setTo('Ally'));
    expect([answer.status, answer.text]).toEqual([200, '{"message": "success"}']);
    expect(await row('person/1')).toMatchObject({ name: 'Ally' });
    expect((await send('/api/property/person/1/name_upper', { method: 'GET' })).value).toBe('ALLY');
  });

  it('answers a failed set with "Could not set property" and keeps nothing', async () => {
    const { send, row } = rpcHarness(server, { properties: nickname });
    expect((await send('/api/property/person/1/nickname', setTo(''))).text).toBe('{"message":"Could not set property: a nickname cannot be empty"}\n');
    expect((await send('/api/property/person/1/name_upper', setTo('X'))).message).toBe("Could not set property: property 'name_upper' of 'Person' object has no setter");
    expect(await row('person/1')).toMatchObject({ name: 'Alice' });
  });

  it('answers {} for a missing row, 404 for an unlisted property and 501 for one nobody implemented', async () => {
    const { send } = rpcHarness(server, { properties: { Person: { name_upper: { get: () => 'X' } } } });
    expect((await send('/api/property/person/999/name_upper', { method: 'GET' })).text).toBe('{}\n');
    expect((await send('/api/property/person/1/shoe_size', { method: 'GET' })).status).toBe(404);
    expect((await send('/api/property/person/1/nickname', { method: 'GET' })).status).toBe(501);
    expect((await send('/api/property/person/1/nickname', setTo('Ally'))).status).toBe(501);
  });

  it('reads the set\'s body as the server does: a payload object or a non-hex string is an HTML 500, no JSON a 400', async () => {
    const { send } = rpcHarness(server, { properties: nickname });
    const post = (body: string, type = 'application/json') => send('/api/property/person/1/nickname', { method: 'POST', headers: { 'Content-Type': type }, body });
    expect((await post('{"payload": "a4416c6c79"}')).text).toMatch(/500 Internal Server Error/);
    expect((await post('"zz"')).text).toMatch(/500 Internal Server Error/);
    expect((await post('"a4416c6c79"', 'text/plain')).text).toMatch(/400 Bad Request/);
  });

  it('routes GET, HEAD and POST (HEAD goes to the setter, as in Flask), answers OPTIONS, and 405s the rest', async () => {
    const { url } = rpcHarness(server, { properties: nickname });
    const head = await fetch(`${url}/api/property/person/1/nickname`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([400, '']);
    const options = await fetch(`${url}/api/property/person/1/nickname`, { method: 'OPTIONS' });
    expect([options.status, options.headers.get('allow')]).toEqual([200, 'GET, HEAD, POST, OPTIONS']);
    const put = await fetch(`${url}/api/property/person/1/nickname`, { method: 'PUT' });
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'GET, HEAD, POST, OPTIONS']);
  });
});
