/**
 * The Flask-Restless-NG test server (test/server/ng/) as the TypeScript side sees it: it starts
 * from the tests, serves the classic-structured datamodel that the client's parser accepts, speaks
 * JSON:API with the classic seed data, and resets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatamodel } from '../../src/schema/parse-datamodel.js';
import { startNgServer, type NgServer } from '../server/ng/ng-server.js';

const JSONAPI = 'application/vnd.api+json';

let server: NgServer;
beforeAll(async () => {
  server = await startNgServer();
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

async function getJson(path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}${path}`, { headers: { Accept: JSONAPI } });
  return { status: response.status, body: await response.json() };
}

describe('the NG test server', () => {
  it('serves a datamodel the client parses, with the classic models and collection names', async () => {
    const response = await fetch(`${server.url}/api/flask-restless-datamodel`);
    expect(response.headers.get('content-type')).toBe('application/json');
    const datamodel = parseDatamodel(await response.json());
    const collections = Object.fromEntries([...datamodel.models].map(([name, model]) => [name, model.collection]));
    expect(collections).toEqual({
      Person: 'person', Employee: 'employee', Computer: 'compjutahs', Manager: 'manager',
      Tag: 'tag', Article: 'article', TypeZoo: 'type_zoo',
    });
    expect(datamodel.models.get('Person')?.methods.size).toBe(0);
  });

  it('answers JSON:API documents whose types are the datamodel collection names', async () => {
    const { status, body } = await getJson('/api/person/1');
    expect(status).toBe(200);
    expect(body).toEqual({
      data: {
        attributes: { birth_date: '1990-01-15', name: 'Alice' },
        id: '1',
        relationships: { computers: { data: [{ id: '1', type: 'compjutahs' }, { id: '2', type: 'compjutahs' }] } },
        type: 'person',
      },
      jsonapi: { version: '1.0' },
    });
  });

  it('reset() brings a deleted row back', async () => {
    const deleted = await fetch(`${server.url}/api/person/5`, { method: 'DELETE', headers: { Accept: JSONAPI } });
    expect(deleted.status).toBe(204);
    expect((await getJson('/api/person/5')).status).toBe(404);
    await server.reset();
    expect((await getJson('/api/person/5')).status).toBe(200);
  });
});
