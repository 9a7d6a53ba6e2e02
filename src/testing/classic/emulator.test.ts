import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors.js';
import { recordedDatamodel, recordedDatamodelBody } from '../../../mocks/datamodel.js';
import { createSeededEmulator } from '../../../mocks/emulator.js';
import { seedColumnProxies, seedRows } from '../../../mocks/seed.js';
import { createClassicEmulator } from '../index.js';

const BASE = 'http://127.0.0.1:5077';
const emulator = createSeededEmulator(BASE);
const other = createClassicEmulator({ baseUrl: 'http://other.test/sub', datamodel: recordedDatamodel, rows: { Person: [{ id: 7, name: 'Olga' }] }, pageSize: 2 });
const server = setupServer(...emulator.handlers, ...other.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => emulator.db.reset());
afterAll(() => server.close());

async function get(path: string, init?: RequestInit) {
  const response = await fetch(path.startsWith('http') ? path : `${BASE}${path}`, init);
  return { response, status: response.status, body: await response.text(), header: (name: string) => response.headers.get(name) };
}

const search = (q: unknown, collection = 'person') => get(`/api/${collection}?q=${encodeURIComponent(JSON.stringify(q))}`);
const PAGE_500 = /<title>500 Internal Server Error<\/title>/;

describe('the datamodel endpoint (docs/protocol/classic/datamodel.md)', () => {
  it('serves the document as json.dumps wrote it, without Vary', async () => {
    const { status, body, header } = await get('/api/flask-restless-datamodel');
    expect([status, body, header('content-length'), header('vary')]).toEqual([200, recordedDatamodelBody, '4372', null]);
  });

  it('parses q first: valid JSON is ignored, invalid JSON is a 400', async () => {
    expect((await get('/api/flask-restless-datamodel?q=%7B%7D')).body).toBe(recordedDatamodelBody);
    const bad = await get('/api/flask-restless-datamodel?q=%7Bnot+json');
    expect([bad.status, bad.response.statusText, bad.body, bad.header('vary')]).toEqual([400, 'BAD REQUEST', '{"message":"Unable to decode data"}\n', 'Accept']);
  });

  it('fails on an id (HTML 500) and does not exist without the prefix (HTML 404)', async () => {
    expect((await get('/api/flask-restless-datamodel/1')).body).toMatch(PAGE_500);
    const missing = await get('/flask-restless-datamodel');
    expect([missing.status, missing.header('content-length')]).toEqual([404, '207']);
  });
});

describe('HTTP details', () => {
  it('wraps any Flask-Restless answer in JSONP when callback is given, keeping its headers', async () => {
    const { body, header } = await get('/api/person?q=%7B%22filters%22%3A%5B%7B%22name%22%3A%22id%22%2C%22op%22%3A%22%3D%3D%22%2C%22val%22%3A4%7D%5D%7D&callback=cb');
    expect(body).toBe(
      'cb({"data": {"num_results": 1, "objects": [{"birth_date": null, "computers": [], "id": 4, "name": "Dave"}], "page": 1, "total_pages": 1}, ' +
        `"meta": {"Content-Type": "application/javascript", "Link": [{"rel": "last", "url": "${BASE}/api/person?page=1&results_per_page=10"}], "status": 200}})`,
    );
    expect(header('content-type')).toBe('application/json');
    expect((await get('/api/person/999?callback=cb')).body).toBe('cb({"data": null, "meta": {"Content-Type": "application/javascript", "status": 404}})');
    // An error dict's meta says 200 (probed on the reference server): only a missing row's carries its status.
    expect((await get('/api/person?callback=cb&q=%7Bbad')).body).toBe('cb({"data": {"message": "Unable to decode data"}, "meta": {"Content-Type": "application/javascript", "status": 200}})');
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const { status, body, header } = await get('/api/person', { method: 'HEAD' });
    expect([status, body, header('content-length'), header('link')]).toEqual([200, '', '655', `<${BASE}/api/person?page=1&results_per_page=10>; rel="last"`]);
  });

  it('answers 405 with Allow for verbs a rule does not route', async () => {
    for (const [method, path, allow] of [
      ['POST', '/api/person/1', 'GET, DELETE, PUT, HEAD, PATCH, OPTIONS'],
      ['DELETE', '/api/person', 'GET, HEAD, POST, OPTIONS'],
      ['DELETE', '/api/person/2/computers', 'GET, HEAD, OPTIONS'],
    ] as const) {
      const { status, header } = await get(path, { method });
      expect([status, header('allow')]).toEqual([405, allow]);
    }
  });

  it('is a 404 page for a trailing slash and for paths outside the rules', async () => {
    expect((await get('/api/person/')).status).toBe(404);
    expect((await get('/api/person/1/computers/3/extra')).status).toBe(404);
    expect((await get('/elsewhere')).status).toBe(404);
  });

  it('says plainly what it does not emulate (501): function evaluation, a date it cannot vouch for', async () => {
    const evaluation = await get('/api/eval/person?q=%7B%7D');
    expect([evaluation.status, JSON.parse(evaluation.body)]).toEqual([501, { message: 'flask-restless-rx emulator: function evaluation (/api/eval/person) is not emulated' }]);
    const write = await get('/api/type_zoo', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a_date": "1999"}' });
    expect(write.status).toBe(501);
    expect(JSON.parse(write.body)).toEqual({ message: expect.stringContaining('the date "1999" for TypeZoo.a_date') as unknown });
  });
});

describe('relation sub-resources', () => {
  it('answer 404 null for an empty to-one, a missing item or a missing parent', async () => {
    for (const path of ['/api/compjutahs/4/owner', '/api/person/1/computers/99', '/api/person/99/bogus']) {
      const { status, body } = await get(path);
      expect([status, body]).toEqual([404, 'null\n']);
    }
  });

  it('page a to-many without a Link header, and fail on a non-integer page', async () => {
    const { body, header } = await get('/api/person/1/computers?results_per_page=1&page=2');
    expect(JSON.parse(body)).toMatchObject({ num_results: 2, page: 2, total_pages: 2, objects: [{ id: 2 }] });
    expect(header('link')).toBeNull();
    expect((await get('/api/person/1/computers?page=x')).body).toMatch(PAGE_500);
  });

  it('serve a to-one with its own relations and a many-to-many from either side', async () => {
    expect(JSON.parse((await get('/api/compjutahs/3/owner')).body)).toMatchObject({ id: 2, computers: [{ id: 3 }] });
    expect(JSON.parse((await get('/api/tag/1/articles')).body)).toMatchObject({ num_results: 2, objects: [{ id: 1, tags: [{ id: 1 }, { id: 2 }, { id: 3 }] }, { id: 2 }] });
  });
});

describe('searches beyond the recordings', () => {
  it('counts the joined rows of a to-many order_by but returns each object once per page', async () => {
    const page = JSON.parse((await search({ order_by: [{ field: 'computers__vendor' }] })).body);
    expect(page.num_results).toBe(3);
    expect(page.objects.map((person: { id: number }) => person.id)).toEqual([1, 2]);
  });

  it('fails an order_by through a link table when the query runs: HTML 500, or 400 with single', async () => {
    expect((await search({ order_by: [{ field: 'tags__name' }] }, 'article')).body).toMatch(PAGE_500);
    expect((await search({ order_by: [{ field: 'tags__name' }], single: true }, 'article')).body).toBe('{"message":"Unable to construct query"}\n');
  });

  it('compares nested datetimes as text, so a T-form equality matches nothing there', async () => {
    const top = JSON.parse((await search({ filters: [{ name: 'purchase_time', op: '==', val: '2020-05-01T10:30:00' }] }, 'compjutahs')).body);
    const nested = JSON.parse((await search({ filters: [{ or: [{ name: 'purchase_time', op: '==', val: '2020-05-01T10:30:00' }] }] }, 'compjutahs')).body);
    expect([top.num_results, nested.num_results]).toEqual([1, 0]);
  });

  it('applies limit "0" (a truthy string) as LIMIT 0', async () => {
    expect(JSON.parse((await search({ limit: '0' })).body)).toEqual({ num_results: 0, objects: [], page: 1, total_pages: 0 });
  });

  it('answers 501 for a date form it cannot vouch for', async () => {
    expect((await search({ filters: [{ name: 'birth_date', op: '<', val: '1999' }] })).status).toBe(501);
  });

  it('groups by a column, keeping the first row of each group', async () => {
    const page = JSON.parse((await search({ group_by: [{ field: 'vendor' }] }, 'compjutahs')).body);
    expect(page.objects.map((computer: { id: number }) => computer.id)).toEqual([1, 2, 4]);
  });
});

describe('the database', () => {
  it('serves inserted rows, canonicalized as the server stores them, and resets to the seed', async () => {
    const row = emulator.db.insert('Person', { name: 'Zoë', birth_date: '31 Dec 1999' });
    expect(row).toEqual({ id: 6, name: 'Zoë', birth_date: '1999-12-31' });
    expect((await get('/api/person/6')).body).toBe('{"birth_date":"1999-12-31","computers":[],"id":6,"name":"Zo\\u00eb"}\n');
    emulator.db.reset();
    expect((await get('/api/person/6')).status).toBe(404);
  });

  it('stores a subclass row in its parent table, with its identity', async () => {
    emulator.db.insert('Manager', { id: 4, name: 'Ivy', reports: 0 });
    expect(emulator.db.rows('Employee').map((row) => row['type'])).toEqual(['employee', 'employee', 'manager', 'manager']);
    expect(JSON.parse((await get('/api/manager')).body).num_results).toBe(2);
    expect(() => emulator.db.insert('Manager', { id: 5, name: 'Jo', type: 'employee' })).toThrow(ValidationError);
  });

  it('links many-to-many rows and follows them from both sides', () => {
    emulator.db.insert('Tag', { id: 4, name: 'orm', articles: [2] });
    expect(emulator.db.related('Article', 2, 'tags')).toEqual([{ id: 1, name: 'python' }, { id: 4, name: 'orm' }]);
    emulator.db.update('Article', 2, { tags: [4] });
    expect(emulator.db.related('Tag', 1, 'articles')).toEqual([{ id: 1, title: 'Intro to Flask-Restless' }]);
    emulator.db.update('Article', 2, { id: 20 });
    expect(emulator.db.related('Tag', 4, 'articles')).toEqual([{ id: 20, title: 'SQLAlchemy tips' }]);
  });

  it('nulls the children foreign key on delete, as the ORM does', () => {
    expect(emulator.db.delete('Person', 1)).toBe(true);
    expect(emulator.db.get('Computer', 1)).toMatchObject({ owner_id: null });
    expect(emulator.db.delete('Person', 1)).toBe(false);
  });

  it('refuses rows the server could not hold, naming model and field', () => {
    expect(() => emulator.db.insert('Person', { id: 9, shoe_size: 42 })).toThrow(/Person has no column or relation "shoe_size"/);
    expect(() => emulator.db.insert('Person', { id: 1, name: 'Again' })).toThrow(/already has a row with id 1/);
    expect(() => emulator.db.insert('Computer', { id: 9, owner: 1 })).toThrow(/set Computer.owner_id instead/);
    expect(() => emulator.db.insert('Computer', { id: 9, owner_name: 'Bob' })).toThrow(/association proxy/);
    expect(() => emulator.db.insert('TypeZoo', { id: 2, a_boolean: 'yes' })).toThrow(/boolean column/);
    expect(() => emulator.db.rows('Nope')).toThrow(/no model "Nope"/);
  });

  it('fails to serialize what the server cannot (an Interval): HTML 500', async () => {
    emulator.db.insert('TypeZoo', { id: 2, an_interval: 60 });
    expect((await get('/api/type_zoo/2')).body).toMatch(PAGE_500);
    expect((await get('/api/type_zoo')).body).toMatch(PAGE_500);
  });
});

describe('createClassicEmulator', () => {
  it('keeps emulators apart and honours a base path and the page size', async () => {
    const { body, header } = await get('http://other.test/sub/api/person');
    expect(JSON.parse(body).objects).toEqual([{ birth_date: null, computers: [], id: 7, name: 'Olga' }]);
    expect(header('link')).toBe('<http://other.test/sub/api/person?page=1&results_per_page=2>; rel="last"');
  });

  it('checks its options', () => {
    const make = (extra: object) => () => createClassicEmulator({ baseUrl: BASE, datamodel: recordedDatamodel, ...extra });
    expect(make({ baseUrl: 'localhost:5000' })).toThrow(/http\(s\) URL/);
    expect(make({ pageSize: 0 })).toThrow(/pageSize must be a positive integer/);
    expect(make({ columnProxies: { Computer: { owner_name: 'owner' } } })).toThrow(/relation.column/);
    expect(make({ rows: { Nobody: [] } })).toThrow(/no model "Nobody"/);
    expect(make({ rows: seedRows, columnProxies: seedColumnProxies })).not.toThrow();
  });
});
