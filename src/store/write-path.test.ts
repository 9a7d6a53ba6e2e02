/**
 * One write path into the store: outside src/store an entity's state is read-only (types), only
 * store files reach the writable view, and a change that moves several entities (an edit, its
 * foreign key, both sides of the relation) is announced in one batch.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { harness, type DynamicEntity } from '../../test/support/save-harness.js';
import type { StoreEvent } from './store-events.js';
import { stateOf, type EntityState } from './entity-state.js';
import type { EntityStore, StoreBatch } from './entity-store.js';
import { INTERNALS } from '../client.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('one write path into the store', () => {
  it('only files of src/store import the writable view of an entity', () => {
    const importers = sourceFiles(SRC)
      .filter((path) => /from '[^']*writable\.js'/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(SRC, path).split('\\').join('/'));
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((path) => !path.startsWith('store/'))).toEqual([]);
  });

  it('an entity state is read-only to its readers (checked by the type checker)', () => {
    const writeOutsideTheStore = (state: EntityState) => {
      // @ts-expect-error the server's values change only through the store's operations
      state.server.set('name', 'x');
      // @ts-expect-error the user's values too
      state.local.delete('name');
      // @ts-expect-error a key is recorded by the store (recordKey)
      state.pk = 1;
      // @ts-expect-error a status too (detach, recordKey)
      state.status = 'clean';
    };
    expect(typeof writeOutsideTheStore).toBe('function');
  });

  it('an edit that moves a computer to another owner is announced once, with every entity it changed', async () => {
    const { client, model } = await harness();
    const alice = await firstValueFrom(model('Person').get(1));
    const box = await firstValueFrom(model('Computer').get(3));
    const bob = box['owner'] as DynamicEntity;
    await firstValueFrom(model('Person').get(2));
    const events: StoreEvent[] = [];
    const subscription = client.changes$.subscribe((event) => events.push(event));
    box['owner'] = alice;
    subscription.unsubscribe();
    expect(events).toHaveLength(1);
    expect(events[0]?.type).toBe('updated');
    expect(new Set(events[0]?.entities)).toEqual(new Set([box, alice, bob]));
    expect(box['owner_id']).toBe(1);
  });
});

describe('store.hold: one announcement for many transactions', () => {
  async function storeOf() {
    const { client, model } = await harness();
    const store = (client as unknown as Record<symbol, { store: EntityStore }>)[INTERNALS]!.store;
    return { store, model };
  }

  it('batches made while held are announced once, at the last release', async () => {
    const { store, model } = await storeOf();
    const batches: StoreBatch[] = [];
    const subscription = store.batches$.subscribe((batch) => batches.push(batch));
    const outer = store.hold();
    const inner = store.hold();
    const jen = model('Person').create({ name: 'Jen' });
    const roy = model('Person').create({ name: 'Roy' });
    inner();
    expect(batches).toHaveLength(0);
    outer();
    outer();
    subscription.unsubscribe();
    expect(batches).toHaveLength(1);
    expect([...(batches[0]?.changed ?? [])].map((state) => state.entity)).toEqual([jen, roy]);
  });

  it('a batch with an origin (a live list\'s own load) is announced on its own, after what was held so far', async () => {
    const { store, model } = await storeOf();
    const batches: StoreBatch[] = [];
    const subscription = store.batches$.subscribe((batch) => batches.push(batch));
    const release = store.hold();
    const jen = model('Person').create({ name: 'Jen' });
    const origin = {};
    const roy = model('Person').create({ name: 'Roy' });
    store.transaction(() => store.mark(stateOf(roy)!, 'loaded', true), origin);
    release();
    subscription.unsubscribe();
    expect(batches.map((batch) => batch.origin)).toEqual([undefined, origin]);
    expect([...(batches[0]?.changed ?? [])].map((state) => state.entity)).toEqual([jen, roy]);
  });
});
