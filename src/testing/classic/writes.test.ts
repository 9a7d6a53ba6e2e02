/**
 * Emulated writes beyond the recordings: each behaviour below was checked on the reference server
 * (test/server, CLASSIC_PEERS=0) with the same requests when it was written; recorded-writes.test.ts
 * covers the recorded ones.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors.js';
import { recordedDatamodel } from '../../../mocks/datamodel.js';
import { createSeededEmulator } from '../../../mocks/emulator.js';
import { seedRows } from '../../../mocks/seed.js';
import { createClassicEmulator } from '../index.js';

const BASE = 'http://writes.test';
const emulator = createSeededEmulator(BASE);
const bare = createClassicEmulator({ baseUrl: 'http://bare.test', datamodel: recordedDatamodel, rows: seedRows });
const server = setupServer(...emulator.handlers, ...bare.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  emulator.db.reset();
  bare.db.reset();
});
afterAll(() => server.close());

async function send(method: string, path: string, body?: unknown, contentType: string | null = 'application/json') {
  const init: RequestInit = { method, headers: contentType === null ? {} : { 'Content-Type': contentType } };
  if (body !== undefined) init.body = new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));
  const response = await fetch(path.startsWith('http') ? path : `${BASE}${path}`, init);
  const text = await response.text();
  return { status: response.status, text, json: (): unknown => JSON.parse(text), header: (name: string) => response.headers.get(name) };
}
const PAGE_500 = /<title>500 Internal Server Error<\/title>/;
const names = (rows: ReadonlyArray<Readonly<Record<string, unknown>>>) => rows.map((row) => row['name']);

describe('relations', () => {
  it('removing a row that is not a child still nulls its key (a dynamic one-to-many)', async () => {
    const response = await send('PATCH', '/api/person/2', { computers: { remove: [{ id: 1 }] } });
    expect(response.status).toBe(200);
    expect(emulator.db.get('Computer', 1)?.['owner_id']).toBeNull();
    expect((await send('DELETE', '/api/person/2/computers/2')).status).toBe(204);
    expect(emulator.db.get('Computer', 2)?.['owner_id']).toBeNull();
  });

  it('fails (HTML 500) on what Python cannot do: removing nothing, removing from a to-one or an unlinked tag, a scalar for a relation', async () => {
    for (const [method, path, body] of [
      ['PATCH', '/api/person/2', { computers: { remove: [{ id: 99 }] } }],
      ['PATCH', '/api/person/2', { computers: { remove: [{ name: 'nonexistent' }] } }],
      ['PATCH', '/api/compjutahs/4', { owner: { remove: [{ id: 2 }] } }],
      ['PATCH', '/api/article/2', { tags: { remove: [{ id: 3 }] } }],
      ['POST', '/api/compjutahs', { name: 'x', owner: 3 }],
      ['POST', '/api/person', { name: 'x', computers: null }],
      ['DELETE', '/api/article/2/tags/3', undefined],
      ['DELETE', '/api/person/99/computers/1', undefined],
    ] as const) {
      expect((await send(method, path, body)).text, `${method} ${path}`).toMatch(PAGE_500);
    }
  });

  it('links a pair twice as an IntegrityError, and keeps nothing of that request', async () => {
    const response = await send('PATCH', '/api/article/1', { title: 'Renamed', tags: { add: [{ id: 1 }] } });
    expect([response.status, response.json()]).toEqual([400, { message: 'IntegrityError' }]);
    expect(emulator.db.get('Article', 1)?.['title']).toBe('Intro to Flask-Restless');
  });

  it('adds to a to-one by setting it, and deletes a removed child marked __delete__', async () => {
    expect(((await send('PATCH', '/api/compjutahs/4', { owner: { add: { id: 2 } } })).json() as { owner_id: number }).owner_id).toBe(2);
    expect((await send('PATCH', '/api/person/2', { computers: { remove: [{ name: 'bob-box', __delete__: 1 }] } })).status).toBe(200);
    expect(emulator.db.get('Computer', 3)).toBeUndefined();
  });

  it('lists an article tags in key order, a tag articles in link order', async () => {
    await send('PATCH', '/api/article/3', { tags: [{ id: 3 }, { id: 1 }] });
    expect(names(emulator.db.related('Article', 3, 'tags') as Array<Record<string, unknown>>)).toEqual(['python', 'rest']);
    await send('PATCH', '/api/tag/2', { articles: { add: [{ id: 3 }] } });
    await send('PATCH', '/api/tag/2', { articles: { remove: [{ id: 1 }] } });
    await send('PATCH', '/api/tag/2', { articles: { add: [{ id: 1 }] } });
    expect((emulator.db.related('Tag', 2, 'articles') as Array<Record<string, unknown>>).map((row) => row['id'])).toEqual([3, 1]);
  });

  it('updates the parent through /<id>/<relation>/<relid> (the rest of the URL is ignored)', async () => {
    expect((await send('PATCH', '/api/person/2/computers/3', { name: 'Bobby' })).json()).toMatchObject({ id: 2, name: 'Bobby' });
  });
});

describe('keys and classes', () => {
  it('moves a row to a new key and leaves its children pointing at the old one', async () => {
    expect((await send('PATCH', '/api/person/1', { id: 100 })).status).toBe(404);
    expect(emulator.db.get('Person', 100)?.['name']).toBe('Alice');
    expect(emulator.db.get('Computer', 1)?.['owner_id']).toBe(1);
  });

  it('answers a changed discriminator with the class the row was loaded as; the next read sees the new one', async () => {
    expect((await send('PATCH', '/api/employee/1', { type: 'manager' })).json()).toEqual({ id: 1, name: 'Erin', type: 'manager' });
    expect((await send('GET', '/api/manager/1')).json()).toEqual({ id: 1, name: 'Erin', reports: null, type: 'manager' });
    expect((await send('PATCH', '/api/manager/3', { type: 'employee' })).status).toBe(404);
  });

  it('refuses keys SQLite cannot take as an IntegrityError and accepts the ones it converts', async () => {
    for (const id of ['abc', 7.5, 1]) expect((await send('POST', '/api/person', { id, name: `p${String(id)}` })).json()).toEqual({ message: 'IntegrityError' });
    expect((await send('POST', '/api/person', { id: '30', name: 'thirty' })).header('location')).toBe(`${BASE}/api/person/30`);
  });
});

describe('values', () => {
  it('stores what SQLite makes of them', async () => {
    const created = (await send('POST', '/api/type_zoo', { a_numeric: 0.125, an_integer: 'abc', a_string: 1.5, a_boolean: 0, a_float: '2.5' })).json();
    expect(created).toMatchObject({ a_numeric: '0.12', an_integer: 'abc', double_integer: 'abcabc', a_string: '1.5', a_boolean: false, a_float: 2.5 });
    expect((await send('POST', '/api/type_zoo', { a_numeric: true })).json()).toMatchObject({ a_numeric: '1.00' });
  });

  it('refuses what SQLAlchemy cannot bind: an HTML 500, or the DBAPI ProgrammingError for a list in a text column', async () => {
    for (const body of [{ a_boolean: 2 }, { a_float: 'abc' }, { an_enum: 5 }, { a_time: '10:00' }, { an_interval: 1.5 }]) expect((await send('POST', '/api/type_zoo', body)).text).toMatch(PAGE_500);
    expect((await send('POST', '/api/type_zoo', { a_string: [1] })).json()).toEqual({ message: 'ProgrammingError' });
  });

  it('evaluates CURRENT_TIMESTAMP in a Date column as today and answers 501 for what it cannot vouch for', async () => {
    expect((await send('POST', '/api/person', { name: 'D', birth_date: 'CURRENT_TIMESTAMP' })).json()).toMatchObject({ birth_date: new Date().toISOString().slice(0, 10) });
    expect((await send('POST', '/api/compjutahs', { name: 'c', purchase_time: 'CURRENT_DATE' })).status).toBe(501);
    expect((await send('POST', '/api/person', '{"name": "N", "birth_date": NaN}')).status).toBe(501);
  });
});

describe('bodies', () => {
  it('takes the JSON content types Werkzeug takes, case-sensitively', async () => {
    expect((await send('POST', '/api/person', { name: 'A' }, 'application/json-patch+json')).status).toBe(201);
    expect((await send('POST', '/api/person', { name: 'B' }, 'application/jsonfoo')).json()).toEqual({ message: 'Unable to decode data' });
    expect((await send('POST', '/api/person', { name: 'C' }, 'APPLICATION/JSON')).status).toBe(415);
    expect((await send('POST', '/api/person', '\ufeff{"name": "BOM"}')).status).toBe(201);
  });

  it('iterates a body that is not an object as field names', async () => {
    expect((await send('POST', '/api/person', '"abc"')).json()).toEqual({ validation_errors: 'Could not determine specific validation errors' });
    expect((await send('PATCH', '/api/person/1', '"abc"')).json()).toEqual({ message: "Model does not have field 'a'" });
    expect((await send('PATCH', '/api/person/999', '["name"]')).status).toBe(404);
    for (const body of ['[1]', '5', '["name"]']) expect((await send('POST', '/api/person', body)).text).toMatch(PAGE_500);
    expect((await send('POST', '/api/person', '[]')).status).toBe(201);
  });

  it('answers JSONP with meta status 200 except for a missing row, and no Location in meta', async () => {
    const created = await send('POST', '/api/person?callback=cb', { name: 'JS' });
    expect([created.status, created.header('location'), created.text]).toEqual([201, `${BASE}/api/person/6`, 'cb({"data": {"birth_date": null, "computers": [], "id": 6, "name": "JS"}, "meta": {"Content-Type": "application/javascript", "status": 200}})']);
    expect((await send('POST', '/api/person?callback=cb', { name: 'Alice' })).text).toContain('"data": {"message": "IntegrityError"}, "meta": {"Content-Type": "application/javascript", "status": 200}');
    expect((await send('PATCH', '/api/person/999?callback=cb', { name: 'x' })).text).toBe('cb({"data": null, "meta": {"Content-Type": "application/javascript", "status": 404}})');
    expect((await send('DELETE', '/api/person/999?callback=cb')).text).toBe('cb({"data": null, "meta": {"Content-Type": "application/javascript", "status": 200}})');
  });
});

describe('the schema option', () => {
  it('is where constraints come from: without it, a duplicate name is accepted', async () => {
    expect((await send('POST', 'http://bare.test/api/person', { name: 'Alice' })).status).toBe(201);
    expect((await send('POST', '/api/person', { name: 'Alice' })).status).toBe(400);
  });

  it('is checked against the datamodel', () => {
    for (const schema of [{ Nobody: {} }, { Person: { unique: ['shoe'] } }, { TypeZoo: { scales: { a_float: 2 } } }, { Person: { identity: 'person' } }]) {
      expect(() => createClassicEmulator({ baseUrl: 'http://x.test', datamodel: recordedDatamodel, schema })).toThrow(ValidationError);
    }
  });

  it('a settable property without an implementation answers 501', async () => {
    const response = await send('PATCH', 'http://bare.test/api/person/5', { nickname: 'Evie' });
    expect([response.status, response.json()]).toEqual([501, { message: "flask-restless-rx emulator: the setter of the @property Person.nickname (give it in the emulator's properties option) is not emulated" }]);
  });
});
