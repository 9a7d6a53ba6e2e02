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
import type { EntityState } from './entity-state.js';

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
