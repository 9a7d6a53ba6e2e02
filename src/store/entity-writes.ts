import type { RelationDef } from '../schema/datamodel.js';
import { stateOf, type EntityState, type PrimaryKey } from './entity-state.js';
import type { EntityStore } from './entity-store.js';
import { fillKeyPlaceholders, keyColumnOf, sameKey, settleKeyPlaceholders } from './foreign-keys.js';
import { followKeyColumns } from './ingest.js';
import { linkInverse } from './inverse.js';
import { sameValue } from './same-value.js';
import { beforeChange, writable } from './writable.js';

/**
 * The store's operations on one entity, for the layers above it (the model's assignments, reads,
 * saves). Each journals what it changes and announces it in the store's current batch (a batch of
 * its own when none is open), so no caller has to remember to: `EntityState` is read-only outside
 * src/store.
 */

/** The user's value for `field`: an unsaved change, or none when it equals the server's value. */
export function edit(store: EntityStore, state: EntityState, field: string, value: unknown): void {
  store.transaction(() => {
    const before = state.read(field);
    if (state.server.has(field) && sameValue(state.server.get(field), value)) writable(state).local.delete(field);
    else writable(state).ownLocal().set(field, value);
    store.mark(state, 'updated', !sameValue(before, value));
  });
}

/**
 * A value that stays an unsaved change even when it equals the server's last one (a settable
 * property: rows do not carry properties, so what the server holds is not known).
 */
export function editAlwaysSent(store: EntityStore, state: EntityState, field: string, value: unknown): void {
  store.transaction(() => {
    const before = state.read(field);
    writable(state).ownLocal().set(field, value);
    store.mark(state, 'updated', !sameValue(before, value));
  });
}

/**
 * A to-one relation's foreign key column follows the relation's unsaved value: the target's key,
 * null, or, for a new target without a key yet, `undefined` ("unknown until it is created").
 */
export function editKeyColumn(store: EntityStore, state: EntityState, relation: RelationDef, value: unknown): void {
  const column = keyColumnOf(state.model, relation);
  if (column === undefined) return;
  if (value === null) {
    edit(store, state, column, null);
    return;
  }
  const target = stateOf(value);
  if (target) edit(store, state, column, target.pk);
}

/** Drops key placeholders whose partner is no longer an unsaved edit (see foreign-keys.ts). */
export function settleKeys(store: EntityStore, state: EntityState): void {
  store.transaction(() => {
    if (settleKeyPlaceholders(state)) store.mark(state, 'updated', true);
  });
}

/** Every unsaved change is dropped (a refresh): the entity reads as the server has it. */
export function discardEdits(store: EntityStore, state: EntityState): void {
  if (state.local.size === 0) return;
  store.transaction(() => {
    writable(state).local.clear();
    store.mark(state, 'updated', true);
  });
}

/** The server's value of one field, read on its own (a relation from its sub-resource). */
export function loadField(store: EntityStore, state: EntityState, field: string, value: unknown): void {
  store.transaction(() => {
    writable(state).server.set(field, value);
    store.mark(state, 'loaded', true);
  });
}

/**
 * A write whose outcome is unknown: what the server holds for these fields, where they have an
 * unsaved value, is no longer known (an edit back to the old value is still a change to send).
 */
export function forgetServerValues(store: EntityStore, state: EntityState, fields: Iterable<string>): void {
  store.transaction(() => {
    const { server } = writable(state);
    for (const field of fields) if (state.local.has(field)) server.delete(field);
    store.mark(state, 'updated', false);
  });
}

/**
 * A write went through (a 2xx): the value sent is the server's now, and clean unless changed
 * meanwhile. When the answer could not be read (`merged` false), the sent value is recorded the way
 * a row read back would have been: a to-one moves the other side's lists and its key column with
 * it, a key column typed in by hand moves its relation, and an update's to-many becomes the list
 * sent (its diff was applied; keeping the old list would make taking a new member out again look
 * like no change, never sent). A create's to-many is clean only when the server's list says what
 * the user's does: new members are linked by a later request.
 */
export function settleSent(store: EntityStore, state: EntityState, field: string, sent: unknown, merged: boolean, kind: 'create' | 'update' = 'update'): void {
  store.transaction(() => {
    const { server, local } = writable(state);
    const relation = state.model.relations.get(field);
    if (relation?.many) {
      if (!merged && kind === 'update' && Array.isArray(sent)) settleList(store, state, relation, sent);
      if ((merged || kind === 'update') && local.has(field) && sameValue(local.get(field), server.get(field))) local.delete(field);
      return;
    }
    if (!local.has(field) || !sameValue(local.get(field), sent)) return;
    local.delete(field);
    if (merged) {
      if (!server.has(field)) server.set(field, sent);
      return;
    }
    if (relation === undefined) {
      server.set(field, sent);
      followKeyColumns(store, state, { [field]: sent }, {});
      return;
    }
    const previous = server.get(field);
    server.set(field, sent);
    if (!relation.proxy) linkInverse(store, state, relation, sent as object | null, previous);
    const column = keyColumnOf(state.model, relation);
    const key = sent === null ? null : stateOf(sent)?.pk;
    if (column === undefined || key === undefined) return;
    server.set(column, key);
    if (local.has(column) && sameKey(local.get(column), key)) local.delete(column);
  });
}

/** Links added and removed went through though the answer could not be read: the server's list follows. */
export function settleLinks(store: EntityStore, state: EntityState, field: string, add: readonly EntityState[], remove: readonly EntityState[]): void {
  const relation = state.model.relations.get(field);
  if (relation === undefined) return;
  store.transaction(() => {
    const { server, local } = writable(state);
    const removed = new Set<object>(remove.map((member) => member.entity));
    const after = ((server.get(field) as readonly object[] | undefined) ?? []).filter((member) => !removed.has(member));
    for (const member of add) if (!after.includes(member.entity)) after.push(member.entity);
    settleList(store, state, relation, after);
    if (local.has(field) && sameValue(local.get(field), after)) local.delete(field);
  });
}

/** Records `list` as the server's value of a to-many, the other side of each member following. */
function settleList(store: EntityStore, state: EntityState, relation: RelationDef, list: readonly unknown[]): void {
  const { server } = writable(state);
  const previous = server.get(relation.name);
  const next = [...list] as object[];
  server.set(relation.name, next);
  if (!relation.proxy) linkInverse(store, state, relation, next, previous);
}

/** A property write went through: the value sent is the server's now (and clean, unless changed meanwhile). */
export function settleProperty(store: EntityStore, state: EntityState, name: string, sent: unknown): void {
  store.transaction(() => {
    const { server, local } = writable(state);
    if (local.has(name) && sameValue(local.get(name), sent)) local.delete(name);
    server.set(name, sent);
    store.mark(state, 'updated', true);
  });
}

/**
 * A new entity's row exists with `pk` (its create answered, or reconciling found it): the key is
 * recorded beside the permanent local id (every reference already holds this object, nothing is
 * re-keyed), the entity is saved, and unsaved foreign keys that waited for this row take its key.
 */
export function recordKey(store: EntityStore, state: EntityState, pk: PrimaryKey): void {
  store.transaction(() => {
    beforeChange(state);
    const target = writable(state);
    target.pk = pk;
    target.status = 'clean';
    store.index(state);
    fillKeyPlaceholders(store.pending(), state, (other) => store.mark(other, 'updated', true));
  });
}
