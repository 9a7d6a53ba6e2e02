/**
 * The jsonapi dialect on the recordings' reference app of Flask-Restless-NG 3.3.0
 * (startNgServer({ app: 'ref' })): the association-object proxy beside its association objects
 * (relationships.md), an association table, and single-table polymorphism (polymorphism.md), as a
 * user of `connect({ dialect: 'jsonapi' })` meets them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { connect, ValidationError, type Client, type DynamicEntity } from '../../src/index.js';
import { startNgServer, type NgServer } from '../server/ng/ng-server.js';

const JSONAPI = 'application/vnd.api+json';
let server: NgServer;
let requests: string[];

beforeAll(async () => {
  server = await startNgServer({ app: 'ref' });
}, 180_000);
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  await server.reset();
  requests = [];
});

function client(): Promise<Client> {
  return connect({
    url: server.url,
    dialect: 'jsonapi',
    fetch: (input, init) => {
      requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      return fetch(input, init);
    },
  });
}

async function relationshipsOf(path: string): Promise<Record<string, { data: Array<{ id: string; type: string }> }>> {
  const body = (await (await fetch(`${server.url}${path}`, { headers: { Accept: JSONAPI } })).json()) as { data: { relationships: Record<string, { data: Array<{ id: string; type: string }> }> } };
  return body.data.relationships;
}

describe('association proxies on NG', () => {
  it('an association-object model loads its association objects and its proxy beside them; the proxy is never written', async () => {
    const { Article2, ArticleTag, Tag } = (await client()).models;
    const article = await firstValueFrom(Article2!.get(1));
    const links = article['articletags'] as DynamicEntity[];
    expect(links.map((link) => [link['id'], link['note']])).toEqual([[1, 'first link'], [2, 'second link']]);
    expect(links[0]).toBeInstanceOf(ArticleTag!);
    const tags = article['tags'] as DynamicEntity[];
    expect(tags.map((tag) => tag['id'])).toEqual([1, 2]);
    expect(tags[0]).toBeInstanceOf(Tag!);
    expect(() => {
      article['tags'] = [];
    }).toThrow(ValidationError);
    expect(article.isDirty).toBe(false);
  });

  it('an association table: members load, and a new member is linked through /relationships/ after its own POST', async () => {
    const client_ = await client();
    const { Article, Tag } = client_.models;
    const articles = await firstValueFrom(Article!.all());
    expect(articles.map((article) => (article['tags'] as DynamicEntity[]).map((tag) => tag['name']))).toEqual([['foo', 'bar'], ['baz']]);
    const first = articles[0]!;
    const added = Tag!.create({ name: 'brand-new' });
    first['tags'] = [...(first['tags'] as DynamicEntity[]), added];
    requests = [];
    await lastValueFrom(client_.save());
    expect(requests.filter((request) => !request.startsWith('GET'))).toEqual(['POST /api/tag', 'POST /api/article/1/relationships/tags']);
    const stored = await relationshipsOf('/api/article/1');
    expect(stored['tags']!.data.map((tag) => tag.id)).toEqual(['1', '2', String(added['id'])]);
  });
});

describe('polymorphism on NG', () => {
  it('a superclass collection gives each row as an entity of its own model, saved at its own endpoint', async () => {
    const { Employee, Manager } = (await client()).models;
    const staff = await firstValueFrom(Employee!.all());
    expect(staff.map((employee) => [employee['name'], employee instanceof Manager!])).toEqual([['Erin', false], ['Mallory', true], ['Frank', false]]);
    const mallory = staff[1]!;
    mallory['name'] = 'Mallory M.';
    requests = [];
    await lastValueFrom(mallory.save());
    expect(requests).toEqual(['PATCH /api/manager/2']);
    expect((await firstValueFrom(Manager!.get(2)))['name']).toBe('Mallory M.');
  });
});
