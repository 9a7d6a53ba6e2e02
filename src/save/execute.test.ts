import { describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { harness, ofType, runSave, type DynamicEntity } from '../../test/support/save-harness.js';
import { ProtocolError, SaveError } from '../errors.js';

describe('the events of a save', () => {
  it('planned, then a request before each result, then completed with the counts', async () => {
    const h = await harness();
    const maurice = h.model('Person').create({ name: 'Maurice' });
    const beast = h.model('Computer').create({ name: 'TheBeast', owner: maurice });
    const { events, error } = await runSave(h.client.save());
    expect(error).toBeUndefined();
    expect(events).toEqual([
      {
        type: 'planned',
        // Maurice travels inside beast's POST (nest.ts): one step, one request, two creates.
        levels: [[{ kind: 'create', entity: beast, fields: ['name', 'owner'] }]],
      },
      { type: 'request', method: 'POST', url: 'http://fake/api/compjutahs', entity: beast, attempt: 1 },
      { type: 'created', entity: maurice },
      { type: 'created', entity: beast },
      { type: 'completed', created: 2, updated: 0, failed: 0, skipped: 0 },
    ]);
  });

  it('updates and links are reported as updated', async () => {
    const h = await harness();
    const bob = await firstValueFrom(h.model('Person').get(2));
    bob['name'] = 'Robert';
    const fresh = h.model('Tag').create({ name: 'fresh' });
    const article = h.model('Article').create({ title: 'New', tags: [fresh] });
    const { events } = await runSave(h.client.save());
    expect(ofType(events, 'planned')[0]?.levels.map((level) => level.map((step) => [step.kind, step.entity, step.fields]))).toEqual([
      [
        ['update', bob, ['name']],
        ['create', fresh, ['name']],
        ['create', article, ['title']],
      ],
      [['link', article, ['tags']]],
    ]);
    expect(ofType(events, 'updated').map((event) => event.entity)).toEqual([bob, article]);
    expect(ofType(events, 'request').map((event) => `${event.method} ${event.url}`)).toEqual([
      'PUT http://fake/api/person/2',
      'POST http://fake/api/tag',
      'POST http://fake/api/article',
      `PUT http://fake/api/article/${String(article['id'])}`,
    ]);
    expect(events.at(-1)).toEqual({ type: 'completed', created: 2, updated: 2, failed: 0, skipped: 0 });
  });

  it('store listeners hear of the created entities, and live lists show them with their keys', async () => {
    const h = await harness();
    const lists: DynamicEntity[][] = [];
    const subscription = h.model('Person').all().subscribe((list) => lists.push(list));
    await new Promise<void>((resolve) => setTimeout(resolve, 5));
    const kinds: string[] = [];
    const changes = h.client.changes$.subscribe((event) => kinds.push(event.type));
    const zoe = h.model('Person').create({ name: 'Zoe' });
    await runSave(h.client.save());
    expect(kinds).toContain('created');
    expect(lists.at(-1)).toContain(zoe);
    expect(lists.at(-1)?.filter((person) => person === zoe)).toHaveLength(1);
    expect(zoe['id']).toBe(4);
    subscription.unsubscribe();
    changes.unsubscribe();
  });
});

describe('answers the pipeline cannot use', () => {
  it('a create answered without the new key fails that entity, which stays new', async () => {
    const h = await harness();
    const zoe = h.model('Person').create({ name: 'Zoe' });
    h.server.script('POST /api/person', { status: 201, body: { name: 'Zoe' } });
    const { events, error } = await runSave(h.client.save());
    expect(error).toBeInstanceOf(SaveError);
    expect(ofType(events, 'failed')[0]?.error).toBeInstanceOf(ProtocolError);
    expect(String(zoe.saveError)).toContain('without the new row\'s key "id"');
    expect(zoe.isNew).toBe(true);
    expect(zoe.dirtyFields).toEqual(['name']);
  });
});

