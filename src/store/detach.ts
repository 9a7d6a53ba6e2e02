import type { EntityStore } from './entity-store.js';
import { stateOf, type EntityState } from './entity-state.js';
import { sameValue } from './same-value.js';

/**
 * Takes a deleted entity out of the store: out of every loaded list (server and unsaved values),
 * to-one references to it become null, and it leaves the identity map. Live lists drop it.
 */
export function detach(store: EntityStore, state: EntityState): void {
  store.transaction(() => {
    for (const relation of state.model.relations.values()) {
      if (relation.backref === undefined || relation.proxy) continue;
      const inverse = store.datamodel.models.get(relation.target)?.relations.get(relation.backref);
      if (!inverse) continue;
      const value = state.read(relation.name);
      const related = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
      for (const entity of related) {
        const other = stateOf(entity);
        if (!other) continue;
        for (const values of [other.server, other.local]) {
          const current = values.get(inverse.name);
          if (Array.isArray(current) && current.includes(state.entity)) values.set(inverse.name, Object.freeze(current.filter((item) => item !== state.entity)));
          else if (current === state.entity) values.set(inverse.name, null);
        }
        // An unsaved edit that only added this entity is no edit any more.
        if (other.local.has(inverse.name) && other.server.has(inverse.name) && sameValue(other.local.get(inverse.name), other.server.get(inverse.name))) other.local.delete(inverse.name);
        store.mark(other, 'loaded', true);
      }
    }
    state.status = 'deleted';
    store.forget(state);
    store.mark(state, 'deleted', true);
  });
}
