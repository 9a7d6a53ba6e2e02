import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors.js';
import { recordedDatamodel } from '../../../mocks/datamodel.js';
import { PyDate } from '../../rpc/codec/py-date.js';
import { PyDateTime } from '../../rpc/codec/py-datetime.js';
import { createClassicEmulator, PythonError, type RpcArguments, type RpcRow } from '../index.js';
import { rpcHarness } from '../../../mocks/rpc-harness.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());


describe('emulated methods: what an implementation receives and returns', () => {
  it('receives the row, the arguments by parameter name and a session; its result is encoded back', async () => {
    const seen: Array<[RpcRow, RpcArguments]> = [];
    const { call } = rpcHarness(server, {
      methods: { Person: { echo: (self, args) => (seen.push([self, args]), { name: self['name'] ?? null, ...args }) } },
    });
    const answer = await call('person/1/echo', [new PyDate(2020, 2, 29), 1.5, 'x'], { flag: true, when: new PyDateTime(2020, 1, 1, 12, 0, 0, 'UTC') });
    expect(answer.value).toEqual({ name: 'Alice', first: new PyDate(2020, 2, 29), second: 1.5, args: ['x'], kwargs: { flag: true, when: new PyDateTime(2020, 1, 1, 12, 0, 0, 'UTC') } });
    expect(answer.text).toMatch(/^\{"payload": "[0-9a-f]+"\}$/);
    expect({ ...seen[0]?.[0] }).toEqual({ id: 1, name: 'Alice', birth_date: '1990-01-15' });
  });

  it('leaves a defaulted parameter that was not passed to the implementation', async () => {
    const { call } = rpcHarness(server, { methods: { Person: { describe: (self, { prefix = 'Person', suffix = '!' }) => `${String(prefix)} ${String(self['name'])}${String(suffix)}` } } });
    expect((await call('person/2/describe', [], { suffix: '?' })).value).toBe('Person Bob?');
  });

  it('answers a call that does not fit the signature with the server\'s TypeError, without calling it', async () => {
    let calls = 0;
    const { call } = rpcHarness(server, { methods: { Person: { greet: () => ++calls } } });
    const answer = await call('person/1/greet', ['Hi']);
    expect([answer.status, answer.text]).toEqual([500, '{"message":"TypeError: Person.greet() missing 1 required positional argument: \'other_name\'"}\n']);
    expect(calls).toBe(0);
  });

  it('sends what an implementation throws as the server does: a PythonError as given, an Error by its name', async () => {
    const { call } = rpcHarness(server, {
      methods: {
        Person: {
          explode: (self) => {
            throw new PythonError('ValueError', `Kaboom from ${String(self['name'])}`);
          },
          nothing: () => {
            throw new RangeError('too far');
          },
          vendors: () => {
            throw 'a string';
          },
        },
      },
    });
    expect((await call('person/1/explode')).message).toBe('ValueError: Kaboom from Alice');
    expect((await call('person/1/nothing')).message).toBe('RangeError: too far');
    expect((await call('person/1/vendors')).message).toBe('Exception: a string');
  });

  it('runs a parent class\'s implementation on a subclass row, and names the defining class in TypeErrors', async () => {
    const { call } = rpcHarness(server, { methods: { Employee: { work: (self) => `${String(self['name'])} works` }, Manager: { manage: (self, { whom }) => `${String(self['name'])} manages ${String(whom)}` } } });
    expect((await call('manager/3/work')).value).toBe('Grace works');
    expect((await call('employee/3/work')).value).toBe('Grace works');
    expect((await call('manager/3/work', [1])).message).toBe('TypeError: Employee.work() takes 1 positional argument but 2 were given');
    expect((await call('employee/3/manage', ['x'])).status).toBe(404);
  });
});

describe('emulated methods: rows and the session', () => {
  it('rolls back what a method changed once it returns (the server\'s default)', async () => {
    const { call, row } = rpcHarness(server, { methods: { Person: { rename: (self, { new_name }) => ((self['name'] = String(new_name)), self['name']) } } });
    expect((await call('person/2/rename', ['Roberto'])).value).toBe('Roberto');
    expect(await row('person/2')).toMatchObject({ name: 'Bob' });
  });

  it('keeps the changes with commitOnMethodReturn, except those of a method that raised', async () => {
    const { call, row } = rpcHarness(server, {
      commitOnMethodReturn: true,
      methods: {
        Person: {
          rename: (self, { new_name }) => ((self['name'] = String(new_name)), self['name']),
          explode: (self) => {
            self['name'] = 'Nobody';
            throw new PythonError('ValueError', 'no');
          },
        },
      },
    });
    await call('person/2/rename', ['Roberto']);
    await call('person/2/explode');
    expect(await row('person/2')).toMatchObject({ name: 'Roberto' });
  });

  it('sends a returned row as a model instance of its concrete class, as GET shows it, with the call\'s changes', async () => {
    const { call, row } = rpcHarness(server, {
      methods: {
        Employee: { myself: (self) => ((self['name'] = 'Grace Hopper'), self) },
        Person: { first_computer: (self, _args, session) => session.toMany(self, 'computers')[0] ?? null },
      },
    });
    expect((await call('employee/3/myself')).value).toEqual({ Manager: { id: 3, name: 'Grace Hopper', type: 'manager', reports: 2 } });
    expect(await row('employee/3')).toMatchObject({ name: 'Grace' });
    expect((await call('person/2/first_computer')).value).toEqual({
      Computer: { id: 3, name: 'bob-box', vendor: 'Pear', purchase_time: '2019-11-02T23:59:59', owner_id: 2, owner: { id: 2, name: 'Bob', birth_date: '1985-06-30' } },
    });
  });

  it('gives one object per row, and reads that see the call\'s own changes (autoflush)', async () => {
    const { call } = rpcHarness(server, {
      methods: {
        Person: {
          summary: (self, _args, session) => {
            const laptop = session.get('Computer', 1);
            if (laptop === null) return null;
            laptop['owner_id'] = 2;
            const bob = session.toOne(laptop, 'owner');
            return {
              same: session.get('Person', 1) === self && session.all('Person')[0] === self,
              owner: bob?.['name'] ?? null,
              bobs: bob === null ? [] : session.toMany(bob, 'computers').map((computer) => computer['name'] ?? null),
              classes: [session.modelOf(self), session.modelOf(laptop), session.modelOf({})],
            };
          },
        },
      },
    });
    expect((await call('person/1/summary')).value).toEqual({ same: true, owner: 'Bob', bobs: ['alice-laptop', 'bob-box'], classes: ['Person', 'Computer', null] });
  });

  it('loads model arguments by primary key: the row, None for a missing one, a new object without one', async () => {
    const received: unknown[] = [];
    const { send } = rpcHarness(server, {
      methods: { Person: { owns: (_self, { computer }, session) => (received.push(computer), session.modelOf(computer) ?? 'not a row') } },
    });
    const body = (value: string) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ payload: value }) });
    const tagged = (name: string, dict: string) => `82a4617267739181b95f5f63657265616c5f6c617a65725f696e7374616e63655f5f92${name}${dict}a66b776172677380`;
    // ["Computer", {"id": 1}], ["Employee", {"id": 3}], ["Computer", {"id": 999}], ["Computer", {"name": "v"}], ["Nope", {"id": 1}]
    const computer = 'a8436f6d7075746572';
    expect((await send('/api/method/person/1/owns', body(tagged(computer, '81a2696401')))).value).toBe('Computer');
    expect((await send('/api/method/person/1/owns', body(tagged('a8456d706c6f796565', '81a2696403')))).value).toBe('Manager');
    expect((await send('/api/method/person/1/owns', body(tagged(computer, '81a26964cd03e7')))).value).toBe('not a row');
    expect((await send('/api/method/person/1/owns', body(tagged(computer, '81a46e616d65a176')))).value).toBe('Computer');
    expect((await send('/api/method/person/1/owns', body(tagged('a44e6f7065', '81a2696401')))).value).toBe('not a row');
    expect(received.map((value) => (typeof value === 'object' && value !== null ? { ...value } : value))).toEqual([
      { id: 1, name: 'alice-laptop', vendor: 'Pear', purchase_time: '2020-05-01T10:30:00', owner_id: 1 },
      { id: 3, name: 'Grace', type: 'manager', reports: 2 },
      null,
      { id: null, name: 'v', vendor: null, purchase_time: null, owner_id: null },
      { id: 1 },
    ]);
    // An unknown field fails while decoding (HTML 500); setting a relation on a new object is not emulated.
    expect((await send('/api/method/person/1/owns', body(tagged(computer, '82a46e616d65a176a5626f67757301')))).text).toMatch(/500 Internal Server Error/);
    expect((await send('/api/method/person/1/owns', body(tagged(computer, '81a56f776e657281a2696401')))).status).toBe(501);
  });

  it('fails as the server does on a returned row it cannot pack (a Numeric column\'s Decimal)', async () => {
    const { call, emulator } = rpcHarness(server, { methods: { TypeZoo: { get_row: (self) => self } } });
    emulator.db.insert('TypeZoo', { id: 2, a_numeric: '1.50' });
    expect((await call('type_zoo/2/get_row')).text).toBe('{"message":"ValueError: recursion limit exceeded."}\n');
  });
});

describe('emulated methods: the request', () => {
  it('answers {} for a missing row without reading the body, and 404 for a method the datamodel does not list', async () => {
    const { send, call } = rpcHarness(server, { methods: { Person: { speak: () => 'hi' } } });
    const missing = await send('/api/method/person/999/speak', { method: 'POST', body: 'not even JSON' });
    expect([missing.status, missing.text]).toEqual([200, '{}\n']);
    expect((await call('person/1/fly')).status).toBe(404);
  });

  it('answers 501 for a listed method nobody implemented', async () => {
    const { call } = rpcHarness(server);
    const answer = await call('person/1/speak', ['x']);
    expect([answer.status, answer.message]).toEqual([501, 'flask-restless-rx emulator: Person.speak() without an implementation (give one in the emulator\'s methods option) is not emulated']);
  });

  it('reads the body as Werkzeug 2.2 and cereal-lazer do', async () => {
    const { send } = rpcHarness(server, { methods: { Person: { speak: (_self, { what_to_say }) => what_to_say } } });
    const post = (body: string, type = 'application/json') => send('/api/method/person/1/speak', { method: 'POST', headers: { 'Content-Type': type }, body });
    // bytes.fromhex takes ASCII whitespace between bytes.
    expect((await post('{"payload": " 82 a4 6172677391a178a66b776172677380\\n"}')).value).toBe('x');
    expect((await post('{"payload": "zz"}')).text).toMatch(/500 Internal Server Error/);
    expect((await post('{"payload": "81a46172677391a178"}')).message).toBe("KeyError: 'kwargs'");
    expect((await post('{"payload": "c0"}')).message).toBe("TypeError: 'NoneType' object is not subscriptable");
    expect((await post('{"payload": "82a46172677305a66b776172677380"}')).status).toBe(501);
    expect((await post('{bad')).text).toMatch(/<title>400 Bad Request<\/title>/);
    expect((await post('{"payload": "82a46172677391a178a66b776172677380"}', 'text/plain')).status).toBe(400);
  });

  it('routes only POST to a method (405 with Allow, OPTIONS answered by Flask)', async () => {
    const { send } = rpcHarness(server, { methods: { Person: { speak: () => 'hi' } } });
    const get = await send('/api/method/person/1/speak', { method: 'GET' });
    expect([get.status, get.text]).toEqual([405, expect.stringContaining('405 Method Not Allowed')]);
    const options = await fetch(`${rpcHarness(server).url}/api/method/person/1/speak`, { method: 'OPTIONS' });
    expect([options.status, options.headers.get('allow')]).toEqual([200, 'POST, OPTIONS']);
  });
});

describe('emulated methods: mistakes of the test', () => {
  it('refuses, when the emulator is made, implementations the datamodel does not list', () => {
    const make = (options: object) => () => createClassicEmulator({ baseUrl: 'http://x.test', datamodel: recordedDatamodel, ...options });
    expect(make({ methods: { Persn: {} } })).toThrow(ValidationError);
    expect(make({ methods: { Person: { fly: () => 1 } } })).toThrow(/no method Person\.fly/);
    expect(make({ methods: { Person: { speak: 'hi' } } })).toThrow(/must be a function/);
    expect(make({ properties: { Person: { shoe_size: { get: () => 1 } } } })).toThrow(/no property Person\.shoe_size/);
    expect(make({ properties: { Person: { name_upper: { get: () => 1, set: () => undefined } } } })).toThrow(/read-only/);
  });

  it('fails loudly (msw\'s 500, not a server answer) on a result no Python value stands for, or a promise', async () => {
    const { call } = rpcHarness(server, { methods: { Person: { nothing: () => () => 1, vendors: async () => 1 } } });
    for (const name of ['nothing', 'vendors']) {
      const answer = await call(`person/1/${name}`);
      expect([answer.status, answer.message]).toEqual([500, expect.stringMatching(name === 'nothing' ? /Person\.nothing\(\) returned a value the emulator cannot send/ : /must return its result, not a promise/)]);
    }
  });
});
