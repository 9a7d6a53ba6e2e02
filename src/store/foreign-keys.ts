import type { ModelDef, RelationDef } from '../schema/datamodel.js';
import { stateOf, type EntityState } from './entity-state.js';
import { writable } from './writable.js';

/**
 * A to-one relation and its foreign key column (`Computer.owner` and `owner_id`) always say the
 * same thing. When one of them is set to something the other cannot say yet, the other holds an
 * unsaved `undefined` ("not known until the server says"):
 * - `c.owner = newPerson`: `owner_id` is unknown until newPerson is created;
 * - `c.owner_id = 7` with row 7 not in the store: `owner` is unknown (not loaded) until the save's
 *   answer brings it.
 * Such a placeholder gives way to the server's value as soon as its partner is no longer an
 * unsaved edit (the save went through, or the user reverted the partner).
 */

/** The to-one relations whose foreign key is `column` (usually one). */
export function relationsOfKey(model: ModelDef, column: string): RelationDef[] {
  return [...model.relations.values()].filter((relation) => !relation.many && !relation.proxy && relation.localColumn === column);
}

/** The foreign key column of a to-one relation, when the model has it as a column. */
export function keyColumnOf(model: ModelDef, relation: RelationDef): string | undefined {
  if (relation.many || relation.proxy || relation.localColumn === undefined) return undefined;
  return model.attributes.has(relation.localColumn) ? relation.localColumn : undefined;
}

/** Drops placeholders whose partner is no longer an unsaved edit; true when any was dropped. */
export function settleKeyPlaceholders(state: EntityState): boolean {
  let changed = false;
  const { local, server } = writable(state);
  for (const relation of state.model.relations.values()) {
    const column = keyColumnOf(state.model, relation);
    if (column === undefined) continue;
    if (isPlaceholder(state, relation.name) && !state.local.has(column)) {
      local.delete(relation.name);
      changed = true;
    }
    if (isPlaceholder(state, column) && !state.local.has(relation.name)) {
      local.delete(column);
      changed = true;
    }
    // The server's key is a column, in every row; a related object it no longer matches (an answer
    // that did not carry the relation after the key changed) is not known any more.
    const related = state.server.get(relation.name);
    const key = state.server.get(column);
    if (related !== undefined && state.server.has(column) && !sameKey(related === null ? null : stateOf(related)?.pk, key)) {
      server.delete(relation.name);
      if (!state.local.has(relation.name)) changed = true;
    }
  }
  return changed;
}

/** Keys from JSON may be 1 or "1" for the same row. */
export function sameKey(a: unknown, b: unknown): boolean {
  if (a === null || b === null || a === undefined || b === undefined) return a === b;
  return String(a) === String(b);
}

/** An unsaved `undefined`: a value that follows its partner's once the server has it. */
export function isPlaceholder(state: EntityState, field: string): boolean {
  return state.local.has(field) && state.local.get(field) === undefined;
}

/**
 * `target` was just created (or adopted): unsaved to-ones that point at it held `undefined` for their
 * key column ("not known until the server says"); they now say its key, still unsaved.
 */
export function fillKeyPlaceholders(pending: Iterable<EntityState>, target: EntityState, mark: (state: EntityState) => void): void {
  if (target.pk === undefined) return;
  for (const state of pending) {
    for (const relation of state.model.relations.values()) {
      const column = keyColumnOf(state.model, relation);
      if (column === undefined || !isPlaceholder(state, column) || state.local.get(relation.name) !== target.entity) continue;
      writable(state).ownLocal().set(column, target.pk);
      mark(state);
    }
  }
}
