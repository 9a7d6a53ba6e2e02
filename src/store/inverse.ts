import type { ModelDef, RelationDef } from '../schema/datamodel.js';
import { stateOf, type EntityState } from './entity-state.js';
import { sameValue } from './same-value.js';
import type { EntityStore } from './entity-store.js';
import { keyColumnOf, sameKey } from './foreign-keys.js';
import { edit, editKeyColumn } from './entity-writes.js';
import { writable } from './writable.js';

/**
 * Keeping the other side of a relation in step, once for both kinds of change: the server's values
 * (a load) and the user's (an edit). `owner.relation` went from `before` to `after`; each entity that
 * left is unlinked from `owner` on its inverse side, each that arrived is linked. The two sides differ
 * only in what linking writes (see `serverSide` and `editSide`).
 */
interface InverseSide {
  link(other: EntityState, inverse: RelationDef, owner: EntityState): void;
  unlink(other: EntityState, inverse: RelationDef, owner: EntityState): void;
}

function syncInverse(owner: EntityState, inverse: RelationDef, before: readonly object[], after: readonly object[], side: InverseSide): void {
  for (const entity of before) {
    const other = after.includes(entity) ? undefined : stateOf(entity);
    if (other) side.unlink(other, inverse, owner);
  }
  for (const entity of after) {
    const other = before.includes(entity) ? undefined : stateOf(entity);
    if (other) side.link(other, inverse, owner);
  }
}

/**
 * The server just sent `value` for `owner.relation`: the other side's server values follow, so that
 * after loading Person 1 with its computers, each computer's `owner` is Person 1, and after loading a
 * computer whose owner changed, both owners' loaded `computers` lists agree. A side the user changed
 * and has not saved keeps reading as the user's value.
 */
export function linkInverse(store: EntityStore, owner: EntityState, relation: RelationDef, value: object | null | readonly object[], previous: unknown): void {
  const inverse = relation.inverse;
  if (!inverse) return;
  // The previous value was not known (never loaded, or let go when the row's key moved): some loaded
  // list of the other side may still hold this row, so every one that does is looked at (rare).
  const before = previous === undefined && !relation.many && inverse.many ? holdersOf(store, relation.targetModel, inverse, owner.entity) : toList(previous);
  syncInverse(owner, inverse, before, toList(value), serverSide(store, relation));
}

/**
 * The user changed `owner.relation` from `previous` to `next`: the other side follows, as the Python
 * client's typed lists do. After `jen.computers.push(laptop)`, `laptop.owner === jen` and laptop's
 * old owner no longer lists it; after `laptop.owner = jen`, jen's loaded `computers` includes it.
 * Sides not loaded stay unknown.
 */
export function followEdit(store: EntityStore, owner: EntityState, relation: RelationDef, previous: unknown, next: unknown): void {
  const inverse = relation.inverse;
  if (!inverse || inverse.proxy) return;
  syncInverse(owner, inverse, toList(previous), toList(next), editSide(store));
}

/** Linking on the server's side: the other entity's server values change. */
function serverSide(store: EntityStore, relation: RelationDef): InverseSide {
  return {
    link(state, inverse, ownerState) {
      const owner = ownerState.entity;
      const { server } = writable(state);
      const current = server.get(inverse.name);
      if (inverse.many) {
        // An edited list follows even when the loaded one already says so (or was never loaded).
        const followed = !relation.many && followInList(state, inverse, owner, relation, true);
        if (!Array.isArray(current) || current.includes(owner)) {
          if (followed) settle(store, state, inverse.name);
          return;
        }
        server.set(inverse.name, Object.freeze([...(current as object[]), owner]));
      } else {
        if (current === owner) return;
        server.set(inverse.name, owner);
        // Its key column says the same (the server set it when it linked the two).
        const column = keyColumnOf(state.model, inverse);
        const key = ownerState.pk;
        if (column !== undefined && key !== undefined) {
          server.set(column, key);
          settle(store, state, column);
        }
      }
      settle(store, state, inverse.name);
    },
    unlink(state, inverse, ownerState) {
      const owner = ownerState.entity;
      const { server } = writable(state);
      const current = server.get(inverse.name);
      if (inverse.many) {
        const followed = !relation.many && followInList(state, inverse, owner, relation, false);
        if (!Array.isArray(current) || !current.includes(owner)) {
          if (followed) settle(store, state, inverse.name);
          return;
        }
        server.set(inverse.name, Object.freeze((current as object[]).filter((item) => item !== owner)));
      } else {
        if (current !== owner) return;
        // The server says it is no longer this owner's; who owns it now is unknown until it is read,
        // and so is its key column.
        server.delete(inverse.name);
        const column = keyColumnOf(state.model, inverse);
        if (column !== undefined && sameKey(server.get(column), ownerState.pk)) {
          server.delete(column);
          settle(store, state, column);
        }
      }
      settle(store, state, inverse.name);
    },
  };
}

/** Linking on the user's side: the other entity gets unsaved values (edits), as if the user made them. */
function editSide(store: EntityStore): InverseSide {
  return {
    link(other, inverse, ownerState) {
      const owner = ownerState.entity;
      if (inverse.many) {
        const current = other.read(inverse.name);
        if (Array.isArray(current) && !current.includes(owner)) edit(store, other, inverse.name, Object.freeze([...(current as object[]), owner]));
        return;
      }
      const oldOwner = other.read(inverse.name);
      if (oldOwner === owner) return;
      edit(store, other, inverse.name, owner);
      editKeyColumn(store, other, inverse, owner);
      // The child leaves its previous parent's loaded list.
      const back = inverse.backref === undefined ? undefined : stateOf(oldOwner);
      if (back && inverse.backref !== undefined) {
        const list = back.read(inverse.backref);
        if (Array.isArray(list) && list.includes(other.entity)) edit(store, back, inverse.backref, Object.freeze((list as object[]).filter((item) => item !== other.entity)));
      }
    },
    unlink(other, inverse, ownerState) {
      const owner = ownerState.entity;
      if (inverse.many) {
        const current = other.read(inverse.name);
        if (Array.isArray(current) && current.includes(owner)) edit(store, other, inverse.name, Object.freeze((current as object[]).filter((item) => item !== owner)));
        return;
      }
      if (other.read(inverse.name) !== owner) return;
      edit(store, other, inverse.name, null);
      editKeyColumn(store, other, inverse, null);
    },
  };
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
  writable(state).ownLocal().set(inverse.name, Object.freeze(present ? [...(local as object[]), member] : (local as object[]).filter((item) => item !== member)));
  return true;
}

/**
 * The server's side was updated. A user's unsaved value still wins for reading, but once the
 * server agrees with it (a save of the other side went through) the field is clean again.
 */
function settle(store: EntityStore, state: EntityState, field: string): void {
  if (state.local.has(field)) {
    if (!sameValue(state.local.get(field), state.server.get(field))) return;
    writable(state).local.delete(field);
    store.mark(state, 'updated', false);
    return;
  }
  store.mark(state, 'loaded', true);
}

/** Entities of `model` whose loaded `inverse` list holds `member`. */
function holdersOf(store: EntityStore, model: ModelDef, inverse: RelationDef, member: object): object[] {
  const holders: object[] = [];
  for (const state of store.listHolders(model, inverse.name)) {
    const list = state.server.get(inverse.name);
    if (Array.isArray(list) && list.includes(member)) holders.push(state.entity);
  }
  return holders;
}

function toList(value: unknown): readonly object[] {
  if (Array.isArray(value)) return value as object[];
  return typeof value === 'object' && value !== null ? [value] : [];
}
