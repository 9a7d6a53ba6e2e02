/**
 * Behaviour of the real classic server that the emulator does not reproduce on purpose (it is a
 * server bug or a server configuration): each test shows what the client does with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { HttpError, ProtocolError, RpcError, connect, type DynamicEntity } from '../../src/index.js';
import { startRealServer, type RealServer } from '../server/real-server.js';

let server: RealServer;
beforeAll(async () => {
  // The recorded default configuration: Computer.peers is defined.
  server = await startRealServer({ peers: true });
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

describe('the real server with the seed README\'s Computer.peers proxy', () => {
  it('a computer whose owner has two computers is an HttpError 500 with the HTML page, not a crash', async () => {
    const { Computer } = (await connect({ url: server.url })).models;
    const error = await firstValueFrom(Computer!.get(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(500);
    expect(String((error as HttpError).body)).toContain('Internal Server Error');
    expect((error as HttpError).message).toContain('GET');
    expect((error as HttpError).message).toContain('/api/compjutahs/1');
  });

  it('the computer collection fails the same way, while other reads keep working', async () => {
    const { Computer, Person } = (await connect({ url: server.url })).models;
    await expect(firstValueFrom(Computer!.all())).rejects.toBeInstanceOf(HttpError);
    const bob = await firstValueFrom(Person!.get(2));
    expect(bob['name']).toBe('Bob');
  });

  it('a computer whose owner has one computer reads, and peers is that computer itself', async () => {
    const { Computer } = (await connect({ url: server.url })).models;
    const box = await firstValueFrom(Computer!.get(3));
    expect(box['peers']).toBe(box);
  });

  it('count() still works on that collection: it asks for no rows (page=0)', async () => {
    const { Computer } = (await connect({ url: server.url })).models;
    expect(await lastValueFrom(Computer!.query.count())).toBe(4);
  });

  it('loading a relation sub-resource that fails leaves the entity as it was', async () => {
    const { Person } = (await connect({ url: server.url })).models;
    const alice = await firstValueFrom(Person!.get(1));
    const before = alice['computers'] as DynamicEntity[];
    await expect(lastValueFrom(alice.load('computers'))).rejects.toBeInstanceOf(HttpError);
    expect(alice['computers']).toBe(before);
  });

  it('a method returning such a computer is an RpcError with the server\'s message; others still work', async () => {
    const { Person } = (await connect({ url: server.url })).models;
    const alice = await firstValueFrom(Person!.get(1));
    const error = await firstValueFrom(alice.call('first_computer')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).serverMessage).toBe('MultipleResultsFound: Multiple rows were found when exactly one was required');
    expect(await firstValueFrom(alice.call('count_computers'))).toBe(2);
  });

  it('a method returning a row with a Numeric value is an RpcError (the server cannot pack a Decimal)', async () => {
    const client = await connect({ url: server.url });
    const zoo = client.models['TypeZoo']!.create({ a_string: 's', a_numeric: '1.50' });
    await lastValueFrom(client.save());
    const error = await firstValueFrom(zoo.call('get_row')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    // The recorded server ends the message with "."; pure-Python msgpack on 3.11 leaves it out.
    expect((error as RpcError).serverMessage).toMatch(/^ValueError: recursion limit exceeded\.?$/);
  });

  it('a malformed answer is a ProtocolError naming the URL', async () => {
    const client = await connect({
      url: server.url,
      fetch: async (input, init) => (String(input).includes('/api/person') && !String(input).includes('datamodel') ? new Response('{"objects": "nope"}', { status: 200, headers: { 'Content-Type': 'application/json' } }) : fetch(input, init)),
    });
    const error = await firstValueFrom(client.models['Person']!.all()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).url).toContain('/api/person');
  });
});

describe('column values the real server sends', () => {
  it('Numeric arrives as a string and stays an exact string', async () => {
    // Test setup through the raw API (the client's own writes are the save pipeline's issue).
    const created = await fetch(`${server.url}/api/type_zoo`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ a_numeric: '12.34' }) });
    const { id } = (await created.json()) as { id: number };
    const { TypeZoo } = (await connect({ url: server.url })).models;
    const row = await firstValueFrom(TypeZoo!.get(id));
    expect(row['a_numeric']).toBe('12.34');
  });
});
