import type { EntityState, PrimaryKey } from '../store/entity-state.js';
import type { EntityStore } from '../store/entity-store.js';
import { fillKeyPlaceholders } from '../store/foreign-keys.js';

/**
 * A new entity's row exists with `pk` (its create answered, or reconciling found it): the key is
 * recorded beside the permanent local id (every reference already holds this object, nothing is
 * re-keyed), the entity is saved, and unsaved foreign keys that waited for this row take its key.
 * Runs inside a store transaction.
 */
export function recordKey(store: EntityStore, state: EntityState, pk: PrimaryKey): void {
  state.pk = pk;
  state.status = 'clean';
  store.index(state);
  fillKeyPlaceholders(store.pending(), state, (other) => store.mark(other, 'updated', true));
}
