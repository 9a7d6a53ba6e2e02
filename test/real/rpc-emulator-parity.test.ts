/**
 * The emulator's RPC against the real server on what docs/protocol/classic/rpc.md does not record: every binding
 * TypeError, payloads of every shape, model arguments of every kind, class references, bodies that
 * are not JSON, verbs. Each request goes to both, from the seed, and the answers (status,
 * Content-Type, Allow, Content-Length, body) must be the same bytes.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededEmulator } from '../../mocks/emulator.js';
import { PyClass, PyDate, PyDateTime } from '../../src/index.js';
import { Codec } from '../../src/rpc/codec/codec.js';
import { startRealServer, type RealServer } from '../server/real-server.js';

interface Case {
  readonly path: string;
  readonly method?: string;
  readonly body?: string;
  /** The request's Content-Type when it has a body (null: none); default application/json. */
  readonly type?: string | null;
}

const codec = new Codec();
const call = (path: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}): Case => ({ path: `/api/method/${path}`, body: JSON.stringify({ payload: codec.encodeCall(args, kwargs) }) });
const payload = (path: string, value: unknown): Case => ({ path: `/api/method/${path}`, body: JSON.stringify({ payload: value }) });
/** `["Name", dict]` as an argument, written by hand (the client's codec would not send these). */
const tagged = (name: string, dictHex: string) => `82a4617267739181b95f5f63657265616c5f6c617a65725f696e7374616e63655f5f92${(0xa0 | name.length).toString(16)}${Buffer.from(name).toString('hex')}${dictHex}a66b776172677380`;

const CASES: readonly Case[] = [
  call('person/1/greet'), call('person/1/greet', ['a', 'b', 'c']), call('person/1/describe', [1, 2, 3]), call('person/1/count_computers', [1]),
  call('person/1/speak', ['x'], { what_to_say: 'y' }), call('person/1/speak', [], { self: 1, what_to_say: 'z' }), call('person/1/speak', ['a', 'b'], { loud: 1 }),
  call('person/1/echo'), call('person/1/echo', [1], { first: 2 }), call('person/1/echo', [1, 2, 3], { args: 5, z: 1 }), call('person/1/greet', ['a'], { zz: 1, other_name: 'q' }),
  call('manager/3/work', [1]), call('manager/3/manage'), call('employee/3/work', [1]), call('manager/1/work'), call('employee/3/myself'), call('type_zoo/1/get_row'),
  call('person/4/birth_noon_utc'), call('person/4/birthday_in', [2030]), call('person/1/birthday_in', [2031]),
  call('person/1/echo', [new PyClass('Nope'), new PyClass('date')]), call('person/1/echo', [{ a: [new PyDate(2020, 1, 1)] }, new PyDateTime(2020, 1, 1, 1, 2, 3, 'UTC')], { s: new Set(['a']) }),
  payload('person/1/echo', tagged('Computer', '82a46e616d65a176a676656e646f72a158')), payload('person/1/echo', tagged('Person', '81a46e616d65a176')),
  payload('person/1/owns', tagged('Employee', '81a2696403')), payload('person/1/owns', tagged('Manager', '81a2696401')), payload('person/1/owns', tagged('Computer', '81a2696400')),
  payload('person/1/owns', tagged('Computer', '82a46e616d65a176ad70757263686173655f74696d65a3626164')),
  ...[1, null, 'abc', [1], 1.5, true, new Uint8Array([1]), new Set([1]), new PyDate(2020, 1, 1), { kwargs: {} }, { args: 'a', kwargs: {} }].map((value) => payload('person/1/speak', codec.encode(value))),
  payload('person/1/speak', ' 82a46172677391a568656c6c6fa66b776172677380 '), payload('person/1/speak', '8 2'), payload('person/1/speak', 5), payload('person/1/speak', 'AB'),
  { path: '/api/method/person/1/speak', body: '[1]' }, { path: '/api/method/person/1/speak', body: '{bad' }, { path: '/api/method/person/1/speak', body: '{}', type: null },
  { path: '/api/method/person/1/speak', body: '{}', type: 'text/plain' }, { path: '/api/method/person/999/speak', body: 'garbage' },
  { path: '/api/method/person/1/speak', method: 'OPTIONS' }, { path: '/api/method/person/1/speak', method: 'PUT' }, { path: '/api/method/person/1/speak', method: 'HEAD' },
  { path: '/api/property/person/1/nickname', method: 'PUT' }, { path: '/api/property/person/1/nickname', method: 'OPTIONS' }, { path: '/api/property/person/1/nickname', method: 'HEAD' },
  { path: '/api/property/person/1/name_upper', body: '"zz"' }, { path: '/api/property/person/1/nickname', body: JSON.stringify(codec.encode(5)) }, { path: '/api/property/person/1/nickname', body: '5' },
  { path: '/api/property/person/4/name_upper', method: 'GET' }, { path: '/api/property/employee/3/name_upper', method: 'GET' }, { path: '/api/property/person/1/nickname', body: '{}', type: null },
  { path: '/api/method/person/1', body: '{}' }, { path: '/api/method/person/1/speak/x', body: '{}' },
];

const EMULATED = 'http://emulated.test';
const emulator = createSeededEmulator(EMULATED);
const msw = setupServer(...emulator.handlers);
let real: RealServer;
beforeAll(async () => {
  real = await startRealServer({ peers: false });
  msw.listen({ onUnhandledRequest: 'bypass' });
}, 180_000);
afterAll(async () => {
  msw.close();
  await real?.stop();
});

async function answer(base: string, request: Case): Promise<string> {
  const headers: Record<string, string> = request.body !== undefined && request.type !== null ? { 'Content-Type': request.type ?? 'application/json' } : {};
  const response = await fetch(`${base}${request.path}`, { method: request.method ?? 'POST', headers, ...(request.body === undefined ? {} : { body: request.body }) });
  const line = (name: string) => `${name}: ${response.headers.get(name) ?? '-'}`;
  return [`${response.status} ${response.statusText}`, line('content-type'), line('allow'), line('content-length'), await response.text()].join('\n');
}

describe('the emulator answers RPC requests the recordings do not cover like the real server', () => {
  for (const request of CASES) {
    it(`${request.method ?? 'POST'} ${request.path} ${request.body?.slice(0, 80) ?? ''}`, async () => {
      await real.reset();
      emulator.db.reset();
      expect(await answer(EMULATED, request)).toBe(await answer(real.url, request));
    });
  }
});
