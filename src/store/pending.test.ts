/**
 * `store.pending()` answers from a dirty set the store keeps, not from a scan of every entity: it
 * must still be exactly what a scan would find, in the identity map's order, also after a
 * transaction that failed and was undone.
 */
import { describe, expect, it } from 'vitest';
import { extendedDatamodel } from '../../test/support/extended-datamodel.js';
import { parseDatamodel } from '../schema/parse-datamodel.js';
import { detach } from './detach.js';
import { discardEdits, edit } from './entity-writes.js';
import { EntityStore } from './entity-store.js';
import type { EntityState } from './entity-state.js';

function setup() {
  const datamodel = parseDatamodel(extendedDatamodel);
  const store = new EntityStore(datamodel, { create: () => ({}), reshape: () => undefined });
  const person = datamodel.models.get('Person');
  if (!person) throw new RangeError('Person');
  const pending = () => [...store.pending()].map((state) => state.lid);
  const fail = (work: () => void) => expect(() => store.transaction(() => {
    work();
    throw new Error('the answer was unusable');
  })).toThrow('unusable');
  const load = (pk: number): EntityState => store.transaction(() => store.obtain(person, pk).state);
  return { store, person, pending, fail, load };
}

describe('store.pending()', () => {
  it('lists new entities and edited saved ones in the order they entered the store, not the order of the edits', () => {
    const { store, person, pending, load } = setup();
    const [first, second] = [load(1), load(2)];
    const created = store.createNew(person);
    edit(store, second, 'name', 'Two');
    edit(store, first, 'name', 'One');
    expect(pending()).toEqual([first.lid, second.lid, created.lid]);
    discardEdits(store, first);
    expect(pending()).toEqual([second.lid, created.lid]);
  });

  it('a rolled-back transaction that undid an edit leaves the entity pending, even when pending() was asked inside it', () => {
    const { store, pending, fail, load } = setup();
    const saved = load(1);
    edit(store, saved, 'name', 'Edited');
    fail(() => {
      discardEdits(store, saved);
      expect(pending()).toEqual([]);
    });
    expect(pending()).toEqual([saved.lid]);
    expect(saved.read('name')).toBe('Edited');
  });

  it('a rolled-back delete puts the entity back in the identity map, after those already there', () => {
    const { store, person, pending, fail, load } = setup();
    const saved = load(1);
    edit(store, saved, 'name', 'Edited');
    const created = store.createNew(person);
    expect(pending()).toEqual([saved.lid, created.lid]);
    fail(() => {
      detach(store, saved);
      expect(pending()).toEqual([created.lid]);
    });
    expect(pending()).toEqual([created.lid, saved.lid]);
  });

  it('an entity made by a rolled-back transaction is not pending', () => {
    const { store, person, pending, fail } = setup();
    fail(() => {
      store.createNew(person);
      expect(pending()).toHaveLength(1);
    });
    expect(pending()).toEqual([]);
  });

  it('an entity deleted for good is no longer pending', () => {
    const { store, person, pending } = setup();
    const created = store.createNew(person);
    const kept = store.createNew(person);
    detach(store, created);
    expect(pending()).toEqual([kept.lid]);
  });
});
