import type { ModelDef, RelationDef } from '../schema/datamodel.js';
import { stateOf, type EntityState } from './entity-state.js';
import { sameValue } from './same-value.js';
import type { EntityStore } from './entity-store.js';
import { keyColumnOf, sameKey } from './foreign-keys.js';

/**
 * Keeps the other side of a relation in step with a side the server just sent, so that after
 * loading Person 1 with its computers, each computer's `owner` is Person 1, and after loading a
 * computer whose owner changed, both owners' loaded `computers` lists agree. The server's side is
 * updated; a side the user changed and has not saved keeps reading as the user's value.
 */
export function linkInverse(
  store: EntityStore,
  owner: EntityState,
  relation: RelationDef,
  value: object | null | readonly object[],
  previous: unknown,
): void {
  if (relation.backref === undefined) return;
  const target = store.datamodel.models.get(relation.target);
  const inverse = target?.relations.get(relation.backref);
  if (!inverse) return;
  // The previous value was not known (never loaded, or let go when the row's key moved): some loaded
  // list of the other side may still hold this row, so every one that does is looked at (rare).
  const before = previous === undefined && !relation.many && inverse.many && target !== undefined ? holdersOf(store, target, inverse, owner.entity) : toList(previous);
  const after = toList(value);
  for (const entity of before) {
    if (!after.includes(entity)) unlink(store, entity, inverse, owner.entity, relation);
  }
  for (const entity of after) {
    if (!before.includes(entity)) link(store, entity, inverse, owner.entity, relation);
  }
}

/**
 * A to-many the user edited holds a whole list of its own, copied from the server's when the edit
 * was made. When the server then moves a member in or out through the member's own to-one, that
 * copy follows too, unless the member's own unsaved value says otherwise (the user's move wins):
 * otherwise the list would keep a computer whose owner is now someone else.
 */
function followInList(state: EntityState, inverse: RelationDef, member: object, relation: RelationDef, present: boolean): boolean {
  const local = state.local.get(inverse.name);
  if (!Array.isArray(local)) return false;
  const memberState = stateOf(member);
  if (memberState?.local.has(relation.name)) return false;
  const listed = local.includes(member);
  if (present === listed) return false;
  state.local.set(inverse.name, Object.freeze(present ? [...(local as object[]), member] : (local as object[]).filter((item) => item !== member)));
  return true;
}

function link(store: EntityStore, entity: object, inverse: RelationDef, owner: object, relation: RelationDef): void {
  const state = stateOf(entity);
  if (!state) return;
  const current = state.server.get(inverse.name);
  if (inverse.many) {
    // An edited list follows even when the loaded one already says so (or was never loaded).
    const followed = !relation.many && followInList(state, inverse, owner, relation, true);
    if (!Array.isArray(current) || current.includes(owner)) {
      if (followed) settle(store, state, inverse.name);
      return;
    }
    state.server.set(inverse.name, Object.freeze([...(current as object[]), owner]));
  } else {
    if (current === owner) return;
    state.server.set(inverse.name, owner);
    // Its key column says the same (the server set it when it linked the two).
    const column = keyColumnOf(state.model, inverse);
    const key = stateOf(owner)?.pk;
    if (column !== undefined && key !== undefined) {
      state.server.set(column, key);
      settle(store, state, column);
    }
  }
  settle(store, state, inverse.name);
}

function unlink(store: EntityStore, entity: object, inverse: RelationDef, owner: object, relation: RelationDef): void {
  const state = stateOf(entity);
  if (!state) return;
  const current = state.server.get(inverse.name);
  if (inverse.many) {
    const followed = !relation.many && followInList(state, inverse, owner, relation, false);
    if (!Array.isArray(current) || !current.includes(owner)) {
      if (followed) settle(store, state, inverse.name);
      return;
    }
    state.server.set(inverse.name, Object.freeze((current as object[]).filter((item) => item !== owner)));
  } else {
    if (current !== owner) return;
    // The server says it is no longer this owner's; who owns it now is unknown until it is read,
    // and so is its key column.
    state.server.delete(inverse.name);
    const column = keyColumnOf(state.model, inverse);
    if (column !== undefined && sameKey(state.server.get(column), stateOf(owner)?.pk)) {
      state.server.delete(column);
      settle(store, state, column);
    }
  }
  settle(store, state, inverse.name);
}

/**
 * The server's side was updated. A user's unsaved value still wins for reading, but once the
 * server agrees with it (a save of the other side went through) the field is clean again.
 */
function settle(store: EntityStore, state: EntityState, field: string): void {
  if (state.local.has(field)) {
    if (!sameValue(state.local.get(field), state.server.get(field))) return;
    state.local.delete(field);
    store.mark(state, 'updated', false);
    return;
  }
  store.mark(state, 'loaded', true);
}

/** Entities of `model` whose loaded `inverse` list holds `member`. */
function holdersOf(store: EntityStore, model: ModelDef, inverse: RelationDef, member: object): object[] {
  const holders: object[] = [];
  for (const state of store.family(model)) {
    const list = state.server.get(inverse.name);
    if (Array.isArray(list) && list.includes(member)) holders.push(state.entity);
  }
  return holders;
}

function toList(value: unknown): readonly object[] {
  if (Array.isArray(value)) return value as object[];
  return typeof value === 'object' && value !== null ? [value] : [];
}
