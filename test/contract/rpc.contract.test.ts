/**
 * Remote methods and properties against the server (every method kind recorded in docs/protocol/classic/rpc.md):
 * arguments by position and keyword, defaults, *args/**kwargs, model instances both ways,
 * datetimes, dates, sets, dicts, raised exceptions, a missing row, a renamed collection,
 * subclass methods, the session policy, and both kinds of property.
 */
import { describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import {
  CodecError,
  NotFoundError,
  PyDate,
  PyDateTime,
  PyFloat,
  RpcError,
  ValidationError,
  type DynamicEntity,
  type FetchLike,
  type SaveEvent,
} from '../../src/index.js';
import { clientOf, skipOnJsonApi, useContractTarget } from './target.js';

const target = useContractTarget();

/** A fetch that records every request (and its abort signal) before passing it on. */
function recordingFetch() {
  const requests: Array<{ method: string; url: string; body: string | undefined; signal: AbortSignal | undefined }> = [];
  const fetchImpl: FetchLike = (input, init) => {
    requests.push({ method: init?.method ?? 'GET', url: input, body: typeof init?.body === 'string' ? init.body : undefined, signal: init?.signal ?? undefined });
    return fetch(input, init);
  };
  return { requests, fetch: fetchImpl };
}

async function person(id: number, options: Parameters<typeof clientOf>[1] = {}): Promise<DynamicEntity> {
  const client = await clientOf(target(), options);
  return firstValueFrom(client.models['Person']!.get(id));
}

const method = (entity: DynamicEntity, name: string) => entity[name] as (...args: unknown[]) => ReturnType<DynamicEntity['call']>;

describe.skipIf(skipOnJsonApi('Flask-Restless-NG has no method or property routes (the jsonapi dialect makes a call an RpcError, src/dialect/jsonapi/client.test.ts)'))(`model methods (${process.env['CONTRACT_TARGET'] ?? 'emulator'})`, () => {
  it('calls a method with one positional argument as a method of the entity', async () => {
    const alice = await person(1);
    expect(await firstValueFrom(method(alice, 'speak')('hello'))).toBe('Errr... uh... ehm... hello?');
  });

  it('passes the same argument by keyword with call()', async () => {
    const alice = await person(1);
    expect(await firstValueFrom(alice.call('speak', [], { what_to_say: 'hello' }))).toBe('Errr... uh... ehm... hello?');
  });

  it('calls a method without parameters, and one with two positionals', async () => {
    const alice = await person(1);
    expect(await firstValueFrom(method(alice, 'count_computers')())).toBe(2);
    expect(await firstValueFrom(method(alice, 'greet')('Hi', 'Bob'))).toBe('Hi, Bob! I am Alice.');
  });

  it('leaves defaults to the server and overrides one by keyword', async () => {
    const alice = await person(1);
    expect(await firstValueFrom(method(alice, 'describe')())).toBe('Person Alice!');
    expect(await firstValueFrom(alice.call('describe', [], { suffix: '?' }))).toBe('Person Alice?');
  });

  it('binds *args and **kwargs as Python does', async () => {
    const alice = await person(1);
    const echoed = await firstValueFrom(alice.call('echo', [1, 20, 300, 'x'], { k: [true, null] }));
    expect(echoed).toEqual({ first: 1, second: 20, args: [300, 'x'], kwargs: { k: [true, null] } });
  });

  it('round-trips floats, bytes and nested values', async () => {
    const alice = await person(1);
    const echoed = (await firstValueFrom(alice.call('echo', [[1, 2], 1.5, new Uint8Array([0, 255]), new PyFloat(2)], { nested: { a: { b: [1.25] } } }))) as Record<string, unknown>;
    expect(echoed['first']).toEqual([1, 2]);
    expect(echoed['second']).toBe(1.5);
    expect(echoed['args']).toEqual([new Uint8Array([0, 255]), 2]);
    expect(echoed['kwargs']).toEqual({ nested: { a: { b: [1.25] } } });
  });

  it('round-trips dates, naive and UTC datetimes and sets', async () => {
    const alice = await person(1);
    const date = new PyDate(2020, 2, 29);
    const naive = new PyDateTime(2020, 2, 29, 13, 14, 15);
    const utc = new PyDateTime(2020, 2, 29, 13, 14, 15, 'UTC');
    const echoed = (await firstValueFrom(alice.call('echo', [date, naive, new Set([1, 2, 3]), utc]))) as Record<string, unknown>;
    expect(echoed['first']).toEqual(date);
    expect(echoed['second']).toEqual(naive);
    expect(echoed['args']).toEqual([new Set([1, 2, 3]), utc]);
  });

  it('refuses, before sending, values the server cannot decode (a fixed-offset zone, a non-string key)', async () => {
    const { requests, fetch } = recordingFetch();
    const alice = await person(1, { fetch });
    const before = requests.length;
    await expect(firstValueFrom(alice.call('echo', [new PyDateTime(2020, 1, 1, 0, 0, 0, 'UTC+02:00')]))).rejects.toBeInstanceOf(CodecError);
    await expect(firstValueFrom(alice.call('echo', [new Map([[1, 'one']])]))).rejects.toBeInstanceOf(CodecError);
    expect(requests.length).toBe(before);
  });

  it('sends entities by primary key: the server loads the row', async () => {
    const client = await clientOf(target());
    const alice = await firstValueFrom(client.models['Person']!.get(1));
    const laptop = await firstValueFrom(client.models['Computer']!.get(1));
    const bobBox = await firstValueFrom(client.models['Computer']!.get(3));
    expect(await firstValueFrom(alice.call('owns', [laptop]))).toEqual({ arg_type: 'Computer', arg_id: 1, arg_name: 'alice-laptop', owned: true });
    expect(await firstValueFrom(alice.call('owns', [bobBox]))).toEqual({ arg_type: 'Computer', arg_id: 3, arg_name: 'bob-box', owned: false });
  });

  it('refuses an unsaved entity as an argument (the server would see a copy that is rolled back)', async () => {
    const client = await clientOf(target());
    const alice = await firstValueFrom(client.models['Person']!.get(1));
    const virtual = client.models['Computer']!.create({ name: 'virtual', vendor: 'V' });
    await expect(firstValueFrom(alice.call('owns', [virtual]))).rejects.toThrow(/not saved yet/);
  });

  it('returns model instances as the store\'s entities, one object per row', async () => {
    const client = await clientOf(target());
    const { Person, Computer } = client.models;
    const bob = await firstValueFrom(Person!.get(2));
    const first = await firstValueFrom(method(bob, 'first_computer')());
    expect(first).toBe(await firstValueFrom(Computer!.get(3)));
    expect((first as DynamicEntity)['name']).toBe('bob-box');
    expect((first as DynamicEntity)['owner']).toBe(bob);
  });

  it('returns lists of entities and None for no row', async () => {
    const client = await clientOf(target());
    const alice = await firstValueFrom(client.models['Person']!.get(1));
    const computers = (await firstValueFrom(method(alice, 'all_computers')())) as DynamicEntity[];
    expect(computers.map((computer) => computer['name'])).toEqual(['alice-laptop', 'alice-desktop']);
    expect(computers[0]).toBe((alice['computers'] as DynamicEntity[])[0]);
    const carol = await firstValueFrom(client.models['Person']!.get(3));
    expect(await firstValueFrom(method(carol, 'first_computer')())).toBeNull();
  });

  it('decodes naive and aware datetimes, dates, sets, dicts and None', async () => {
    const alice = await person(1);
    expect(await firstValueFrom(method(alice, 'last_purchase')())).toEqual(new PyDateTime(2021, 7, 14, 8, 0, 5));
    const noon = (await firstValueFrom(method(alice, 'birth_noon_utc')())) as PyDateTime;
    expect(noon).toEqual(new PyDateTime(1990, 1, 15, 12, 0, 0, 'UTC'));
    expect(noon.toDate()).toEqual(new Date('1990-01-15T12:00:00Z'));
    expect(await firstValueFrom(method(alice, 'birthday_in')(2030))).toEqual(new PyDate(2030, 1, 15));
    expect(await firstValueFrom(method(alice, 'vendors')())).toEqual(new Set(['Pear', 'Dull']));
    expect(await firstValueFrom(method(alice, 'summary')())).toEqual({ name: 'Alice', computer_names: ['alice-laptop', 'alice-desktop'], n: 2 });
    expect(await firstValueFrom(method(alice, 'nothing')())).toBeNull();
  });

  it('turns an exception raised by the method into an RpcError with the server\'s message', async () => {
    const alice = await person(1);
    const error = await firstValueFrom(method(alice, 'explode')()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).serverMessage).toBe('ValueError: Kaboom from Alice');
  });

  it('checks arguments against the signature before sending anything', async () => {
    const { requests, fetch } = recordingFetch();
    const alice = await person(1, { fetch });
    const before = requests.length;
    await expect(firstValueFrom(method(alice, 'speak')())).rejects.toThrow(/missing 1 required argument: "what_to_say"/);
    await expect(firstValueFrom(alice.call('speak', ['x'], { loudly: true }))).rejects.toThrow(/unexpected keyword argument "loudly"/);
    await expect(firstValueFrom(method(alice, 'speak')('a', 'b'))).rejects.toThrow(/takes 1 positional argument but 2 were given/);
    await expect(firstValueFrom(alice.call('speak', ['x'], { what_to_say: 'y' }))).rejects.toThrow(/multiple values for argument "what_to_say"/);
    await expect(firstValueFrom(alice.call('fly'))).rejects.toBeInstanceOf(ValidationError);
    expect(requests.length).toBe(before);
  });

  it('refuses to call a method of an unsaved entity', async () => {
    const client = await clientOf(target());
    const maurice = client.models['Person']!.create({ name: 'Maurice' });
    await expect(firstValueFrom(method(maurice, 'speak')('hi'))).rejects.toThrow(/not saved yet/);
  });

  it('reports a row that no longer exists as NotFoundError (the method was not called)', async () => {
    const alice = await person(1);
    const eve = await person(5);
    expect((await fetch(`${target().url}/api/person/5`, { method: 'DELETE' })).status).toBe(204);
    const error = await firstValueFrom(method(eve, 'speak')('x')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toMatch(/Person 5 does not exist on the server; speak\(\) was not called/);
    expect(await firstValueFrom(method(alice, 'speak')('x'))).toBe('Errr... uh... ehm... x?');
  });

  it('rolls back what a method changed (the server\'s default session policy)', async () => {
    const client = await clientOf(target());
    const bob = await firstValueFrom(client.models['Person']!.get(2));
    expect(await firstValueFrom(method(bob, 'rename')('Roberto'))).toBe('Roberto');
    const stored = (await (await fetch(`${target().url}/api/person/2`)).json()) as Record<string, unknown>;
    expect(stored['name']).toBe('Bob');
  });

  it('uses the collection name in the URL (Computer is served as compjutahs)', async () => {
    const { requests, fetch } = recordingFetch();
    const client = await clientOf(target(), { fetch });
    const box = await firstValueFrom(client.models['Computer']!.get(3));
    expect(await firstValueFrom(method(box, 'label')())).toBe('bob-box (Pear)');
    expect(requests.at(-1)?.url).toBe(`${target().url}/api/method/compjutahs/3/label`);
    const zoo = await firstValueFrom(client.models['TypeZoo']!.get(1));
    expect(await firstValueFrom(method(zoo, 'get_row')())).toBe(zoo);
    expect(requests.at(-1)?.url).toBe(`${target().url}/api/method/type_zoo/1/get_row`);
  });

  it('calls subclass and inherited methods on a polymorphic row, through its concrete collection', async () => {
    const client = await clientOf(target());
    const grace = await firstValueFrom(client.models['Employee']!.get(3));
    expect(grace instanceof client.models['Manager']!).toBe(true);
    expect(await firstValueFrom(method(grace, 'manage')('the team'))).toBe('Grace manages the team');
    expect(await firstValueFrom(method(grace, 'work')())).toBe('Grace works');
    expect(await firstValueFrom(method(grace, 'myself')())).toBe(grace);
    const erin = await firstValueFrom(client.models['Employee']!.get(1));
    expect(erin['manage']).toBeUndefined();
    expect(await firstValueFrom(method(erin, 'myself')())).toBe(erin);
  });

  it('is cold, and unsubscribing aborts the request', async () => {
    const { requests, fetch } = recordingFetch();
    // The answer is held back while `stalled`, so the request is surely still in flight at the
    // unsubscribe (a request whose answer was read is not aborted: nothing is left to cancel).
    let stalled = true;
    const stalling: FetchLike = (input, init) => {
      const answer = fetch(input, init);
      if (!stalled) return answer;
      answer.catch(() => undefined);
      return new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    };
    stalled = false;
    const alice = await person(1, { fetch: stalling });
    stalled = true;
    const before = requests.length;
    const call = method(alice, 'speak')('hello');
    expect(requests.length).toBe(before);
    const subscription = call.subscribe();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(requests.length).toBe(before + 1);
    subscription.unsubscribe();
    expect(requests.at(-1)?.signal?.aborted).toBe(true);
    stalled = false;
    expect(await lastValueFrom(call)).toBe('Errr... uh... ehm... hello?');
  });
});

describe.skipIf(skipOnJsonApi('Flask-Restless-NG has no method or property routes (the jsonapi dialect makes a call an RpcError, src/dialect/jsonapi/client.test.ts)'))(`server properties (${process.env['CONTRACT_TARGET'] ?? 'emulator'})`, () => {
  it('reads a read-only and a settable property', async () => {
    const alice = await person(1);
    expect(await firstValueFrom(alice.property$('name_upper'))).toBe('ALICE');
    expect(await firstValueFrom(alice.property$('nickname'))).toBe('Alice');
  });

  it('refuses to set a read-only property, and unknown properties', async () => {
    const alice = await person(1);
    expect(() => {
      alice['name_upper'] = 'X';
    }).toThrow(ValidationError);
    expect(alice.isDirty).toBe(false);
    await expect(firstValueFrom(alice.property$('shoe_size'))).rejects.toBeInstanceOf(ValidationError);
  });

  it('saves a settable property through the property route', async () => {
    const { requests, fetch } = recordingFetch();
    const client = await clientOf(target(), { fetch });
    const alice = await firstValueFrom(client.models['Person']!.get(1));
    alice['nickname'] = 'Ally';
    expect(alice.dirtyFields).toEqual(['nickname']);
    expect(alice['nickname']).toBe('Ally');
    const events = await lastValueFrom(alice.save().pipe(toArray()));
    expect(events.at(-1)).toEqual({ type: 'completed', created: 0, updated: 1, failed: 0, skipped: 0 });
    const write = requests.find((request) => request.method === 'POST');
    expect(write?.url).toBe(`${target().url}/api/property/person/1/nickname`);
    expect(write?.body).toBe('"a4416c6c79"');
    expect(alice.isDirty).toBe(false);
    expect(await firstValueFrom(alice.property$('nickname'))).toBe('Ally');
    const stored = (await (await fetch(`${target().url}/api/person/1`)).json()) as Record<string, unknown>;
    expect(stored['name']).toBe('Ally');
  });

  it('sets a property of a new entity once it is created (a POST would ignore it)', async () => {
    const client = await clientOf(target());
    const maurice = client.models['Person']!.create({ name: 'Maurice', nickname: 'Mo' });
    const events = await lastValueFrom(client.save().pipe(toArray()));
    const planned = events[0] as Extract<SaveEvent, { type: 'planned' }>;
    expect(planned.levels.map((level) => level.map((step) => step.kind))).toEqual([['create'], ['property']]);
    expect(events.at(-1)).toEqual({ type: 'completed', created: 1, updated: 1, failed: 0, skipped: 0 });
    const stored = (await (await fetch(`${target().url}/api/person/${String(maurice['id'])}`)).json()) as Record<string, unknown>;
    expect(stored['name']).toBe('Mo');
  });

  it('refuses a property value the codec cannot send, when it is assigned', async () => {
    const alice = await person(1);
    expect(() => {
      alice['nickname'] = () => 'x';
    }).toThrow(ValidationError);
    expect(alice.isDirty).toBe(false);
  });

  it('reports a property of a row that no longer exists as NotFoundError', async () => {
    const eve = await person(5);
    await fetch(`${target().url}/api/person/5`, { method: 'DELETE' });
    await expect(firstValueFrom(eve.property$('name_upper'))).rejects.toBeInstanceOf(NotFoundError);
  });
});
