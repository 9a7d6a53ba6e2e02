/**
 * Writes on the jsonapi dialect through the save pipeline: request bodies as the recorded requests
 * of docs/protocol/jsonapi/write.md and relationships.md, answers as recorded, and the store true
 * to what was applied when a later request of one save fails.
 */
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ngDatamodel } from '../../../test/support/ng-datamodel.js';
import { ngFetch, type FakeAnswer } from '../../../test/support/ng-fake-fetch.js';
import { recordedBody, recordedHtml } from '../../../test/support/recorded-jsonapi.js';
import { connect } from '../../client.js';
import { HttpError, SaveError, ValidationError } from '../../errors.js';

const ROOT = 'http://127.0.0.1:5001';
const MEDIA = 'application/vnd.api+json';
type Entity = Record<string, unknown>;

async function clientWith(routes: Record<string, FakeAnswer | FakeAnswer[]>) {
  const server = ngFetch(routes);
  const client = await connect({ url: ROOT, dialect: 'jsonapi', datamodel: ngDatamodel, fetch: server.fetch, retry: { attempts: 1 } });
  const writes = () => server.sent.filter((request) => request.method !== 'GET').map(({ method, url, body }) => ({ method, path: url.slice(ROOT.length), body }));
  return { client, server, models: client.models as Record<string, { create(values: Entity): Entity & { save(): import('rxjs').Observable<unknown>; delete(): import('rxjs').Observable<unknown> }; get(pk: number): import('rxjs').Observable<Entity & { save(): import('rxjs').Observable<unknown>; delete(): import('rxjs').Observable<unknown> }> }>, writes };
}

const article = { data: { type: 'article', id: '1', attributes: { title: 'On tags' }, relationships: { tags: { data: [{ type: 'tag', id: '1' }, { type: 'tag', id: '2' }] } } }, included: [{ type: 'tag', id: '1', attributes: { name: 'a' } }, { type: 'tag', id: '2', attributes: { name: 'b' } }], jsonapi: { version: '1.0' } };
/** The answer of the reference check a save makes before naming saved rows (a count of the keys it names). */
const counted = (total: number): FakeAnswer => ({ status: 200, body: { data: [], meta: { total }, links: {}, jsonapi: { version: '1.0' } } });
const tag3 = { data: { type: 'tag', id: '3', attributes: { name: 'c' } }, jsonapi: { version: '1.0' } };

describe('jsonapi writes', () => {
  it('creates with a POST of type and attributes, labelled exactly application/vnd.api+json (write#1, errors#41)', async () => {
    const { client, server, models, writes } = await clientWith({ 'POST /api/person': { status: 201, body: recordedBody('write', 1) } });
    const zed = models['Person']!.create({ name: 'Zed', birth_date: new Date('2000-02-03T00:00:00Z') });
    await lastValueFrom(client.save());
    expect(writes()).toEqual([{ method: 'POST', path: '/api/person', body: { data: { type: 'person', attributes: { name: 'Zed', birth_date: '2000-02-03' } } } }]);
    expect(server.sent[0]!.headers['content-type']).toBe(MEDIA);
    expect(server.sent[0]!.headers['accept']).toBe(MEDIA);
    expect(zed['id']).toBe(6);
  });

  it('sends a to-one as linkage of its own type, never as the key column (write#7)', async () => {
    const { client, models, writes } = await clientWith({
      'GET /api/person/2': { status: 200, body: { data: { type: 'person', id: '2', attributes: { name: 'Bob' } }, jsonapi: { version: '1.0' } } },
      'GET /api/person': counted(1),
      'POST /api/computer': { status: 201, body: recordedBody('write', 7) },
    });
    const bob = await firstValueFrom(models['Person']!.get(2));
    const computer = models['Computer']!.create({ name: 'new-1', vendor: 'HP', purchase_time: new Date('2024-01-02T03:04:05Z'), owner: bob });
    await lastValueFrom(client.save());
    expect(writes()[0]!.body).toEqual({ data: { type: 'computer', attributes: { name: 'new-1', vendor: 'HP', purchase_time: '2024-01-02T03:04:05' }, relationships: { owner: { data: { type: 'person', id: '2' } } } } });
    expect(computer['owner']).toBe(bob);
    expect(computer['owner_id']).toBe(2);
  });

  it('updates with a PATCH of the dirty attributes and a string id, answered 204 (write#30, #32)', async () => {
    const { models, writes } = await clientWith({ 'GET /api/person/1': { status: 200, body: recordedBody('read', 3) }, 'PATCH /api/person/1': { status: 204 } });
    const alice = await firstValueFrom(models['Person']!.get(1));
    alice['name'] = 'Alicia';
    await lastValueFrom(alice.save());
    expect(writes()).toEqual([{ method: 'PATCH', path: '/api/person/1', body: { data: { type: 'person', id: '1', attributes: { name: 'Alicia' } } } }]);
    expect(alice['name']).toBe('Alicia');
  });

  it('a PATCH answered 200 with the resource (an onupdate column, write#33) merges the server values', async () => {
    const answered = { data: { type: 'person', id: '1', attributes: { name: 'Alicia', birth_date: '1990-01-03' }, relationships: { computers: { data: [] } } } };
    const { models } = await clientWith({ 'GET /api/person/1': { status: 200, body: recordedBody('read', 3) }, 'PATCH /api/person/1': { status: 200, body: answered } });
    const alice = await firstValueFrom(models['Person']!.get(1));
    alice['name'] = 'Alicia';
    await lastValueFrom(alice.save());
    expect(alice['birth_date']).toEqual(new Date('1990-01-03T00:00:00Z'));
    expect(alice['computers']).toEqual([]);
  });

  it('changes a to-many through its linkage endpoint: POST adds, DELETE removes (relationships#28, #40)', async () => {
    const { models, writes } = await clientWith({
      'GET /api/article/1': { status: 200, body: article },
      'GET /api/tag/3': { status: 200, body: tag3 },
      'GET /api/tag': counted(2),
      'POST /api/article/1/relationships/tags': { status: 204 },
      'DELETE /api/article/1/relationships/tags': { status: 204 },
    });
    const post = await firstValueFrom(models['Article']!.get(1));
    const [a] = post['tags'] as Entity[];
    const c = await firstValueFrom(models['Tag']!.get(3));
    post['tags'] = [a, c];
    await lastValueFrom(post.save());
    expect(writes()).toEqual([
      { method: 'POST', path: '/api/article/1/relationships/tags', body: { data: [{ type: 'tag', id: '3' }] } },
      { method: 'DELETE', path: '/api/article/1/relationships/tags', body: { data: [{ type: 'tag', id: '2' }] } },
    ]);
    expect(post['tags']).toEqual([a, c]);
    expect((post as unknown as { isDirty: boolean }).isDirty).toBe(false);
  });

  it('without a PATCH, a failed removal after an applied addition resends only the removal', async () => {
    const { models, writes } = await clientWith({
      'GET /api/article/1': { status: 200, body: article },
      'GET /api/tag/3': { status: 200, body: tag3 },
      'GET /api/tag': counted(2),
      'POST /api/article/1/relationships/tags': { status: 204 },
      'DELETE /api/article/1/relationships/tags': [{ status: 400, body: recordedBody('relationships', 44) }, { status: 204 }],
    });
    const post = await firstValueFrom(models['Article']!.get(1));
    const [a] = post['tags'] as Entity[];
    const c = await firstValueFrom(models['Tag']!.get(3));
    post['tags'] = [a, c];
    expect(SaveError.is(await lastValueFrom(post.save()).catch((caught: unknown) => caught))).toBe(true);
    await lastValueFrom(post.save());
    expect(writes().map((write) => write.method)).toEqual(['POST', 'DELETE', 'DELETE']);
    expect((post as unknown as { isDirty: boolean }).isDirty).toBe(false);
  });

  it('a failure after an applied request keeps what was applied, and the next save sends only the rest', async () => {
    const { models, writes } = await clientWith({
      'GET /api/article/1': { status: 200, body: article },
      'GET /api/tag/3': { status: 200, body: tag3 },
      'GET /api/tag': counted(2),
      'PATCH /api/article/1': { status: 204 },
      'POST /api/article/1/relationships/tags': { status: 204 },
      'DELETE /api/article/1/relationships/tags': [{ status: 400, body: recordedBody('relationships', 44) }, { status: 204 }],
    });
    const post = await firstValueFrom(models['Article']!.get(1));
    const [a, b] = post['tags'] as Entity[];
    const c = await firstValueFrom(models['Tag']!.get(3));
    post['title'] = 'Tags, again';
    post['tags'] = [a, c];
    const error = await lastValueFrom(post.save()).catch((caught: unknown) => caught);
    expect(SaveError.is(error)).toBe(true);
    expect(writes().map((write) => write.method)).toEqual(['PATCH', 'POST', 'DELETE']);
    expect(post['tags']).toEqual([a, c]);
    // The PATCH and the POST were applied (2xx): the next save neither PATCHes the title nor adds c again.
    await lastValueFrom(post.save());
    expect(writes().slice(3)).toEqual([{ method: 'DELETE', path: '/api/article/1/relationships/tags', body: { data: [{ type: 'tag', id: '2' }] } }]);
    expect(post['tags']).toEqual([a, c]);
    expect(b).toBeDefined();
  });

  it('deletes with a DELETE of the instance (write#53)', async () => {
    const { models, writes } = await clientWith({ 'GET /api/person/1': { status: 200, body: recordedBody('read', 3) }, 'DELETE /api/person/1': { status: 204 } });
    const alice = await firstValueFrom(models['Person']!.get(1));
    await lastValueFrom(alice.delete(), { defaultValue: undefined });
    expect(writes()).toEqual([{ method: 'DELETE', path: '/api/person/1', body: undefined }]);
  });

  it('writes an interval as whole seconds; a fraction is a ValidationError before sending (write#22, read#70)', async () => {
    const answer = { data: { type: 'all_types', id: '2', attributes: { interval_col: 3600.0 } }, jsonapi: { version: '1.0' } };
    const { client, models, writes } = await clientWith({ 'POST /api/all_types': { status: 201, body: answer } });
    expect(() => models['AllTypes']!.create({ interval_col: 1.5 })).toThrow(/whole number of seconds/);
    const row = models['AllTypes']!.create({ interval_col: 3600 });
    await lastValueFrom(client.save());
    expect(writes()).toEqual([{ method: 'POST', path: '/api/all_types', body: { data: { type: 'all_types', attributes: { interval_col: 3600 } } } }]);
    expect(row['interval_col']).toBe(3600);
  });

  it('a LargeBinary value is a ValidationError before anything is sent (write#24)', async () => {
    const { client, models, writes } = await clientWith({});
    models['AllTypes']!.create({ binary_col: new Uint8Array([1, 2]) });
    const error = await lastValueFrom(client.save()).catch((caught: unknown) => caught);
    expect(SaveError.is(error)).toBe(true);
    expect(ValidationError.is((error as SaveError).failures[0]?.error)).toBe(true);
    expect(writes()).toEqual([]);
  });

  it('an HTML 500 on a create leaves it in doubt, not resent (errors#13 page)', async () => {
    const { client, models, writes } = await clientWith({ 'POST /api/person': { status: 500, text: recordedHtml('errors', 13) } });
    models['Person']!.create({ name: 'Zed' });
    const error = (await lastValueFrom(client.save()).catch((caught: unknown) => caught)) as SaveError;
    const cause = error.failures[0]?.error as HttpError;
    expect(cause.outcome).toBe('unknown');
    expect(writes()).toHaveLength(1);
  });
});
