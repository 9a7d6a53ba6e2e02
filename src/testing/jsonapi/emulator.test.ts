/**
 * The JSON:API emulator as a test author uses it: seeded with the classic test server's models
 * (`createSeededEmulator(url, { dialect: 'jsonapi' })`, what the contract suite runs on), read and
 * written over HTTP, with the network faults and the request log of the emulator core.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordedDatamodel, recordedDatamodelBody } from '../../../mocks/datamodel.js';
import { createSeededEmulator } from '../../../mocks/emulator.js';
import { ValidationError } from '../../errors.js';
import { createJsonApiEmulator } from '../index.js';

const URL_ = 'http://ng.test';
const JSONAPI = 'application/vnd.api+json';
const emulator = createSeededEmulator(URL_, { dialect: 'jsonapi' });
const small = createJsonApiEmulator({ baseUrl: 'http://small.test', datamodel: recordedDatamodel, rows: { Tag: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }, pageSize: 2, maxPageSize: 2 });
const server = setupServer(...emulator.handlers, ...small.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  emulator.db.reset();
  emulator.faults.clear();
  emulator.requests.clear();
});
afterAll(() => server.close());

const get = async (path: string): Promise<{ status: number; body: unknown }> => {
  const response = await fetch(`${URL_}${path}`, { headers: { Accept: JSONAPI } });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
};
const send = (method: string, path: string, document: unknown, contentType = JSONAPI): Promise<Response> =>
  fetch(`${URL_}${path}`, { method, headers: { Accept: JSONAPI, 'Content-Type': contentType }, body: JSON.stringify(document) });

describe('the seeded JSON:API emulator (the classic test server models, served as NG serves them)', () => {
  it('serves the datamodel document as the Python helper does', async () => {
    const response = await fetch(`${URL_}/api/flask-restless-datamodel`);
    expect(await response.text()).toBe(recordedDatamodelBody);
  });

  it('answers a resource with its collection name as type, string ids, linkage, and no foreign key or proxy columns', async () => {
    expect(await get('/api/compjutahs/1')).toEqual({
      status: 200,
      body: {
        data: {
          attributes: { name: 'alice-laptop', purchase_time: '2020-05-01T10:30:00', vendor: 'Pear' },
          id: '1',
          relationships: { owner: { data: { id: '1', type: 'person' } } },
          type: 'compjutahs',
        },
        jsonapi: { version: '1.0' },
      },
    });
  });

  it('lists a polymorphic collection with each row under its own type', async () => {
    const { body } = await get('/api/employee');
    expect((body as { data: Array<{ id: string; type: string }> }).data.map(({ id, type }) => `${type}/${id}`)).toEqual(['employee/1', 'employee/2', 'manager/3']);
  });

  it('filters with filter[objects] and pages with page links that the server writes raw', async () => {
    const filter = encodeURIComponent(JSON.stringify([{ name: 'computers', op: 'any', val: { name: 'vendor', op: '==', val: 'Pear' } }]));
    const { body } = await get(`/api/person?filter[objects]=${filter}&page[size]=1`);
    const document = body as { data: Array<{ id: string }>; links: Record<string, string | null>; meta: { total: number } };
    expect(document.data.map((row) => row.id)).toEqual(['1']);
    expect(document.meta.total).toBe(2);
    expect(document.links['next']).toBe(`${URL_}/api/person?filter[objects]=[{"name":"computers","op":"any","val":{"name":"vendor","op":"==","val":"Pear"}}]&page[size]=1&page[number]=2`);
  });

  it('creates with 201 and Location, updates with 204, deletes with 204, and the rows show it', async () => {
    const created = await send('POST', '/api/person', { data: { type: 'person', attributes: { name: 'Zoe' }, relationships: { computers: { data: [{ type: 'compjutahs', id: '4' }] } } } });
    expect([created.status, created.headers.get('location')]).toEqual([201, `${URL_}/api/person/6`]);
    expect(emulator.db.get('Computer', 4)?.['owner_id']).toBe(6);
    expect((await send('PATCH', '/api/person/6', { data: { type: 'person', id: '6', attributes: { name: 'Zoë' } } })).status).toBe(204);
    expect(emulator.db.get('Person', 6)?.['name']).toBe('Zoë');
    expect((await fetch(`${URL_}/api/person/6`, { method: 'DELETE', headers: { Accept: JSONAPI } })).status).toBe(204);
    expect(emulator.db.get('Person', 6)).toBeUndefined();
  });

  it('refuses a numeric PATCH id and a JSON Content-Type, and applies neither', async () => {
    const numeric = await send('PATCH', '/api/person/1', { data: { type: 'person', id: 1, attributes: { name: 'X' } } });
    expect([numeric.status, ((await numeric.json()) as { errors: Array<{ detail: string }> }).errors[0]?.detail]).toEqual([409, 'ID must be 1, not 1']);
    const json = await send('PATCH', '/api/person/1', { data: { type: 'person', id: '1', attributes: { name: 'X' } } }, 'application/json');
    expect(json.status).toBe(415);
    expect(emulator.db.get('Person', 1)?.['name']).toBe('Alice');
  });

  it('changes a to-many relation through its /relationships/ URL', async () => {
    expect((await send('POST', '/api/person/3/relationships/computers', { data: [{ type: 'compjutahs', id: '1' }] })).status).toBe(204);
    expect((await send('DELETE', '/api/person/3/relationships/computers', { data: [{ type: 'compjutahs', id: '2' }] })).status).toBe(204);
    expect(emulator.db.related('Person', 3, 'computers')).toEqual([expect.objectContaining({ id: 1 })]);
  });

  it('rolls a refused write back entirely (a UNIQUE violation is the 409 Integrity Error)', async () => {
    const response = await send('POST', '/api/person', { data: { type: 'person', attributes: { name: 'Alice' }, relationships: { computers: { data: [{ type: 'compjutahs', id: '4' }] } } } });
    expect(((await response.json()) as { errors: Array<{ title: string }> }).errors[0]?.title).toBe('Integrity Error');
    expect(response.status).toBe(409);
    expect(emulator.db.rows('Person')).toHaveLength(5);
    expect(emulator.db.get('Computer', 4)?.['owner_id']).toBeNull();
  });
});

describe('faults and the request log (the emulator core)', () => {
  it('answers a status fault as a JSON:API error document and does not apply the write', async () => {
    emulator.faults.add({ method: 'POST', path: '/api/person', fault: { kind: 'status', status: 503 } });
    const response = await send('POST', '/api/person', { data: { type: 'person', attributes: { name: 'Zoe' } } });
    expect([response.status, response.headers.get('content-type')]).toEqual([503, JSONAPI]);
    expect(((await response.json()) as { errors: Array<{ status: string }> }).errors[0]?.status).toBe('503');
    expect(emulator.db.rows('Person')).toHaveLength(5);
    expect(emulator.requests.map((request) => [request.method, request.applied])).toEqual([['POST', false]]);
  });

  it('applies the write before a dropped connection when the fault says so', async () => {
    emulator.faults.add({ method: 'DELETE', fault: { kind: 'network', applied: true } });
    await expect(fetch(`${URL_}/api/person/5`, { method: 'DELETE' })).rejects.toThrow();
    expect(emulator.db.get('Person', 5)).toBeUndefined();
  });
});

describe('createJsonApiEmulator options', () => {
  it('refuses a page size that is not a positive integer', () => {
    expect(() => createJsonApiEmulator({ baseUrl: URL_, datamodel: recordedDatamodel, pageSize: 0 })).toThrow(ValidationError);
  });

  it('refuses an API registration or additional attributes of a model the datamodel does not have', () => {
    expect(() => createJsonApiEmulator({ baseUrl: URL_, datamodel: recordedDatamodel, apis: [{ prefix: '/api2', models: { Persn: {} } }] })).toThrow(ValidationError);
    expect(() => createJsonApiEmulator({ baseUrl: URL_, datamodel: recordedDatamodel, additionalAttributes: { Computr: ['owner_name'] } })).toThrow(ValidationError);
  });

  it('uses its page size and maximum', async () => {
    const page = (await (await fetch('http://small.test/api/tag')).json()) as { data: unknown[]; links: { last: string } };
    expect([page.data.length, page.links.last]).toEqual([2, 'http://small.test/api/tag?page[size]=2&page[number]=2']);
    expect((await fetch('http://small.test/api/tag?page[size]=3')).status).toBe(400);
  });
});
