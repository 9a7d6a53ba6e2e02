import type { ColumnCodec } from '../schema/column-codec.js';
import { stateOf, type EntityState } from '../store/entity-state.js';
import type { RecordAccess, WireValue } from './expression.js';

/**
 * Lets the evaluator read entities of the store: current values (unsaved edits included, since
 * that is what the user sees) in wire form, and related entities as far as they are loaded.
 */
export function storeAccess(codec: ColumnCodec): RecordAccess<EntityState> {
  return {
    value(state, field): WireValue | undefined {
      if (!state.isLoaded(field)) return undefined;
      const attribute = state.model.attributes.get(field);
      if (!attribute) return undefined;
      return codec.write(attribute.type, state.read(field));
    },
    related(state, relation) {
      if (!state.isLoaded(relation)) return undefined;
      const value = state.read(relation);
      if (value === null) return null;
      if (Array.isArray(value)) {
        const states = value.map(stateOf);
        return states.every((item) => item !== undefined) ? (states as EntityState[]) : undefined;
      }
      return stateOf(value);
    },
  };
}
