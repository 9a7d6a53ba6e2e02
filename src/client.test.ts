import { describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { recordedDatamodel } from '../mocks/datamodel.js';
import { connect } from './client.js';
import { DatamodelError, ValidationError } from './errors.js';
import type { FetchLike } from './transport/http.js';

const answering = (status: number, body: string, type = 'application/json'): { fetch: FetchLike; urls: string[] } => {
  const urls: string[] = [];
  return {
    urls,
    fetch: async (url) => {
      urls.push(url);
      return new Response(body, { status, headers: { 'Content-Type': type } });
    },
  };
};

describe('connect', () => {
  it('loads the datamodel from <root>/api/flask-restless-datamodel, also when the url ends in /api', async () => {
    for (const url of ['http://h:5000', 'http://h:5000/', 'http://h:5000/api', 'http://h:5000/api/']) {
      const server = answering(200, JSON.stringify(recordedDatamodel));
      const client = await connect({ url, fetch: server.fetch });
      expect(server.urls).toEqual(['http://h:5000/api/flask-restless-datamodel']);
      expect(client.url).toBe('http://h:5000');
    }
  });

  it('takes a datamodel without loading it', async () => {
    const server = answering(500, '');
    const client = await connect({ url: 'http://h', datamodel: recordedDatamodel, fetch: server.fetch });
    expect(server.urls).toEqual([]);
    expect(client.models['Person']?.name).toBe('Person');
  });

  it('turns a datamodel document that cannot be read into a DatamodelError', async () => {
    await expect(connect({ url: 'http://h', fetch: answering(200, '<html>hello</html>', 'text/html').fetch })).rejects.toBeInstanceOf(DatamodelError);
    await expect(connect({ url: 'http://h', fetch: answering(200, '{"Person": {"collection_name": "person"}}').fetch })).rejects.toThrow(/Person: pk_name/);
  });

  it('refuses bad options before sending anything', async () => {
    const server = answering(200, JSON.stringify(recordedDatamodel));
    await expect(connect({ url: 'localhost:5000', fetch: server.fetch })).rejects.toBeInstanceOf(ValidationError);
    await expect(connect({ url: 'http://h', dialect: 'nonsense' as 'jsonapi', fetch: server.fetch })).rejects.toBeInstanceOf(ValidationError);
    await expect(connect({ url: 'http://h', timeZone: 'Mars/Olympus', fetch: server.fetch })).rejects.toBeInstanceOf(ValidationError);
    await expect(connect({ url: 'http://h', concurrency: 0, fetch: server.fetch })).rejects.toBeInstanceOf(ValidationError);
    expect(server.urls).toEqual([]);
  });

  it('two clients live side by side without sharing entities', async () => {
    const body = JSON.stringify({ num_results: 1, objects: [{ id: 1, name: 'Tag', articles: [] }], page: 1, total_pages: 1 });
    const a = await connect({ url: 'http://a', datamodel: recordedDatamodel, fetch: answering(200, body).fetch });
    const b = await connect({ url: 'http://b', datamodel: recordedDatamodel, fetch: answering(200, body).fetch });
    const [tagA] = await firstValueFrom(a.models['Tag']!.all());
    const [tagB] = await firstValueFrom(b.models['Tag']!.all());
    expect(tagA).not.toBe(tagB);
    tagA!['name'] = 'changed';
    expect(tagB!['name']).toBe('Tag');
  });

  it('new entities start with empty relations and are validated like assignments', async () => {
    const client = await connect({ url: 'http://h', datamodel: recordedDatamodel, fetch: answering(500, '').fetch });
    const { Person, Computer } = client.models;
    const maurice = Person!.create({ name: 'Maurice' });
    expect(maurice.isNew).toBe(true);
    expect(maurice['computers']).toEqual([]);
    expect(maurice.dirtyFields).toEqual(['name']);
    const beast = Computer!.create({ name: 'TheBeast', vendor: 'Pear', owner: maurice });
    expect(beast['owner']).toBe(maurice);
    expect(() => Computer!.create({ owner: beast })).toThrow(ValidationError);
    expect(() => Person!.create({ name: 42 })).toThrow(/Person.name/);
    expect(() => Person!.create({ nope: 1 })).toThrow(ValidationError);
    expect(beast).toBeInstanceOf(Computer!);
    expect(beast).not.toBeInstanceOf(Person!);
    expect(JSON.stringify(maurice)).toBe('{"name":"Maurice"}');
  });
});
