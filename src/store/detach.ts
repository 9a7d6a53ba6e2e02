import type { EntityStore } from './entity-store.js';
import { type EntityState } from './entity-state.js';
import { keyOf } from './entity-store.js';
import { sameValue } from './same-value.js';
import { isKindOf } from '../schema/family.js';
import { settleKeyPlaceholders } from './foreign-keys.js';
import { beforeChange, writable } from './writable.js';

/**
 * Takes a deleted entity out of the store: out of every list that holds it, every to-one that
 * pointed at it becomes null together with its foreign key column (SQLAlchemy nulls the children's
 * keys when their parent is deleted, so the server's values say the same), in the server's values
 * and in unsaved ones alike, and it leaves the identity map. Live lists drop it.
 *
 * Every entity of the store is looked at, not only those the deleted one's loaded relations list:
 * a child whose parent's list was never loaded points at it all the same, and a save must never
 * send the key of a deleted row (the database may give that key to the next new row).
 */
export function detach(store: EntityStore, state: EntityState): void {
  store.transaction(() => {
    const key = state.pk === undefined ? undefined : keyOf(state.pk);
    const roots = new Set([...store.datamodel.models.values()].map((model) => model.root));
    for (const root of roots) {
      const model = store.datamodel.models.get(root);
      if (!model) continue;
      for (const other of [...store.family(model)]) {
        if (other === state) continue;
        let changed = false;
        const target = writable(other);
        for (const relation of other.model.relations.values()) {
          if (relation.proxy || !isKindOf(store.datamodel, state.model, relation.target)) continue;
          const column = relation.localColumn !== undefined && other.model.attributes.has(relation.localColumn) ? relation.localColumn : undefined;
          for (const values of [target.server, target.local]) {
            const current = values.get(relation.name);
            if (Array.isArray(current) && current.includes(state.entity)) {
              values.set(relation.name, Object.freeze(current.filter((item) => item !== state.entity)));
              changed = true;
            } else if (current === state.entity) {
              values.set(relation.name, null);
              changed = true;
            }
            const foreignKey = column === undefined ? undefined : values.get(column);
            if (column !== undefined && key !== undefined && (typeof foreignKey === 'number' || typeof foreignKey === 'string') && keyOf(foreignKey) === key) {
              values.set(column, null);
              // The key said "that row" while the relation was not loaded (or, unsaved, not known yet): it is null now too.
              if (values === other.server ? !values.has(relation.name) : values.has(relation.name) && values.get(relation.name) === undefined) values.set(relation.name, null);
              changed = true;
            }
          }
          // An unsaved edit that now says what the server says is no edit any more.
          for (const field of column === undefined ? [relation.name] : [relation.name, column]) {
            if (other.local.has(field) && other.server.has(field) && sameValue(other.local.get(field), other.server.get(field))) target.local.delete(field);
          }
        }
        if (settleKeyPlaceholders(other)) changed = true;
        if (changed) store.mark(other, 'loaded', true);
      }
    }
    beforeChange(state);
    writable(state).status = 'deleted';
    store.tombstone(state);
    store.forget(state);
    store.mark(state, 'deleted', true);
  });
}
