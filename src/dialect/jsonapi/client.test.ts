/**
 * The jsonapi dialect through connect(): recorded NG bodies (docs/protocol/jsonapi/) in, entities
 * with relations out; the requests as NG insists on them.
 */
import { firstValueFrom, lastValueFrom, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ngDatamodel } from '../../../test/support/ng-datamodel.js';
import { ngFetch, type FakeAnswer } from '../../../test/support/ng-fake-fetch.js';
import { recordedBody } from '../../../test/support/recorded-jsonapi.js';
import { connect } from '../../client.js';
import { ProtocolError, RpcError } from '../../errors.js';

const URL_ROOT = 'http://127.0.0.1:5001';
const client = (routes: Record<string, FakeAnswer | FakeAnswer[]>) => {
  const server = ngFetch(routes);
  return { server, connecting: connect({ url: URL_ROOT, dialect: 'jsonapi', datamodel: ngDatamodel, fetch: server.fetch }) };
};

describe('the jsonapi dialect through connect()', () => {
  it('loads the datamodel from the classic path with the JSON:API Accept header when none is given', async () => {
    const server = ngFetch({ 'GET /api/flask-restless-datamodel': { status: 200, body: ngDatamodel } });
    await connect({ url: URL_ROOT, dialect: 'jsonapi', fetch: server.fetch });
    expect(server.sent.map((request) => [request.url, request.headers['accept']])).toEqual([[`${URL_ROOT}/api/flask-restless-datamodel`, 'application/vnd.api+json']]);
  });

  it('normalizes a compound document: linkage becomes relations, included resources entities (read#53)', async () => {
    const { server, connecting } = client({ 'GET /api/computer': { status: 200, body: recordedBody('read', 53) } });
    const { Computer } = (await connecting).models;
    const computers = await firstValueFrom(Computer!.all());
    expect(computers.map((computer) => computer['name'])).toEqual(['alice-laptop', 'alice-desktop', 'bob-laptop', 'spare']);
    const alice = computers[0]!['owner'] as Record<string, unknown>;
    expect(alice['name']).toBe('Alice');
    expect(computers[1]!['owner']).toBe(alice);
    expect((computers[2]!['owner'] as Record<string, unknown>)['name']).toBe('Bob');
    expect(computers[3]!['owner']).toBeNull();
    // The key column NG leaves out of attributes comes from the linkage (README fact 2).
    expect(computers[0]!['owner_id']).toBe(1);
    expect(computers[3]!['owner_id']).toBeNull();
    expect(computers[1]!['purchase_time']).toEqual(new Date('2019-01-01T08:00:00.123Z'));
    expect(server.sent[0]!.headers['accept']).toBe('application/vnd.api+json');
    expect(server.sent[0]!.url).toBe(`${URL_ROOT}/api/computer?include=owner&page%5Bnumber%5D=1&page%5Bsize%5D=10`);
  });

  it('follows linkage that goes round without looping (read#56, include=owner.computers)', async () => {
    const { connecting } = client({ 'GET /api/computer/1': { status: 200, body: recordedBody('read', 56) } });
    const { Computer } = (await connecting).models;
    const laptop = await firstValueFrom(Computer!.get(1));
    const alice = laptop['owner'] as Record<string, unknown>;
    const owned = alice['computers'] as Array<Record<string, unknown>>;
    expect(owned[0]).toBe(laptop);
    expect(owned[1]!['name']).toBe('alice-desktop');
  });

  it("turns a superclass collection into entities of each resource's own type (polymorphism#1)", async () => {
    const { connecting } = client({ 'GET /api/employee': { status: 200, body: recordedBody('polymorphism', 1) } });
    const { Employee, Manager } = (await connecting).models;
    const staff = await firstValueFrom(Employee!.all());
    expect(staff.map((employee) => employee['name'])).toEqual(['Erin', 'Mallory', 'Frank']);
    expect(staff[1]).toBeInstanceOf(Manager!);
    expect(staff[1]!['level']).toBe(3);
    expect(staff[0]).not.toBeInstanceOf(Manager!);
  });

  it('reads every page by building page URLs, never following links (read#5, README fact 4)', async () => {
    const page = (ids: number[]) => ({ status: 200, body: { data: ids.map((id) => ({ type: 'person', id: String(id), attributes: { name: `p${id}` } })), links: { next: 'http://evil.test/api/person?page[number]=2' }, meta: { total: 5 }, jsonapi: { version: '1.0' } } });
    const server = ngFetch({
      'GET /api/person?include=computers&page%5Bnumber%5D=1&page%5Bsize%5D=2': page([1, 2]),
      'GET /api/person?include=computers&page%5Bnumber%5D=2&page%5Bsize%5D=2': page([3, 4]),
      'GET /api/person?include=computers&page%5Bnumber%5D=3&page%5Bsize%5D=2': page([5]),
    });
    const { Person } = (await connect({ url: URL_ROOT, dialect: 'jsonapi', datamodel: ngDatamodel, fetch: server.fetch, pageSize: 2 })).models;
    expect((await firstValueFrom(Person!.all())).map((person) => person['name'])).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(server.sent.every((request) => request.url.startsWith(URL_ROOT))).toBe(true);
  });

  it('loads a to-many relation from its related collection, paged like any collection (read#62)', async () => {
    const { server, connecting } = client({ 'GET /api/person/1': { status: 200, body: recordedBody('read', 3) }, 'GET /api/person/1/computers': { status: 200, body: recordedBody('read', 62) } });
    const { Person } = (await connecting).models;
    const alice = await firstValueFrom(Person!.get(1));
    const computers = (await lastValueFrom((alice as unknown as { load(name: string): Observable<unknown> }).load('computers'))) as Array<Record<string, unknown>>;
    expect(computers.map((computer) => computer['name'])).toEqual(['alice-laptop', 'alice-desktop']);
    expect(computers[0]!['owner']).toBe(alice);
    expect(server.sent.map((request) => request.url.slice(URL_ROOT.length))).toEqual(['/api/person/1?include=computers', '/api/person/1/computers?page%5Bnumber%5D=1&page%5Bsize%5D=10']);
  });

  it('counts with meta.total of a one-row page', async () => {
    const { server, connecting } = client({ 'GET /api/person': { status: 200, body: { data: [{ type: 'person', id: '1' }], meta: { total: 5 }, links: {}, jsonapi: { version: '1.0' } } } });
    const { Person } = (await connecting).models;
    expect(await lastValueFrom(Person!.query.count())).toBe(5);
    expect(server.sent[0]!.url).toBe(`${URL_ROOT}/api/person?page%5Bnumber%5D=1&page%5Bsize%5D=1`);
  });

  it('a page whose second resource cannot be read merges and announces nothing (read#1 with a bad date)', async () => {
    const page = recordedBody('read', 1) as { data: Array<{ attributes: Record<string, unknown> }> };
    const { connecting } = client({
      'GET /api/person/1': { status: 200, body: recordedBody('read', 3) },
      'GET /api/person': { status: 200, body: { ...page, data: page.data.map((resource, index) => (index === 0 ? { ...resource, attributes: { ...resource.attributes, name: 'Mallory' } } : index === 1 ? { ...resource, attributes: { ...resource.attributes, birth_date: 'not a date' } } : resource)) } },
    });
    const connected = await connecting;
    const alice = await firstValueFrom(connected.models.Person!.get(1));
    const events: unknown[] = [];
    connected.changes$.subscribe((event) => events.push(event));
    const error = await firstValueFrom(connected.models.Person!.all()).catch((caught: unknown) => caught);
    expect(ProtocolError.is(error)).toBe(true);
    expect(alice['name']).toBe('Alice');
    expect(events).toEqual([]);
  });

  it('a remote method or property is an RpcError naming it, and nothing is sent: NG has no RPC route', async () => {
    const { server, connecting } = client({ 'GET /api/person/1': { status: 200, body: recordedBody('read', 3) } });
    const { Person } = (await connecting).models;
    const alice = await firstValueFrom(Person!.get(1));
    const greet = (alice as unknown as Record<string, (greeting: string) => Observable<unknown>>)['greet']!;
    const called = await firstValueFrom(greet.call(alice, 'Hi')).catch((error: unknown) => error);
    expect(RpcError.is(called)).toBe(true);
    expect(String(called)).toMatch(/Person\.greet: the 'jsonapi' dialect \(Flask-Restless-NG\) has no RPC routes/);
    const read = await firstValueFrom(alice.property$('name_upper')).catch((error: unknown) => error);
    expect(RpcError.is(read)).toBe(true);
    expect(server.sent).toHaveLength(1);
  });
});
