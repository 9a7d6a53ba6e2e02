/**
 * The check a remote method call makes on its arguments before anything is loaded, encoded or
 * sent. Kept apart from the codec's model hook (entity-resolver.ts), which only the lazily loaded
 * remote engine needs: a bundler that splits by file would otherwise put that hook in the first
 * chunk with this check.
 */
import { ValidationError } from '../errors.js';
import type { EntityStore } from '../store/entity-store.js';
import { stateOf, type EntityState } from '../store/entity-state.js';

/**
 * Refuses, before anything is encoded or sent, a method call whose arguments hold an entity of
 * another client (at any depth of arrays, plain objects, Maps and Sets): its key is another
 * server's row, or another store's view of it.
 */
export function checkOwnArguments(store: EntityStore, state: EntityState, method: string, args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): void {
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    const entity = stateOf(value);
    if (entity !== undefined) {
      if (!store.owns(entity)) throw new ValidationError(`${state.model.name}.${method}(): an argument, a ${entity.model.name}, belongs to another client`, { model: state.model.name, field: method });
      return;
    }
    if (Array.isArray(value) || value instanceof Set) for (const item of value) visit(item);
    else if (value instanceof Map) for (const [key, item] of value) (visit(key), visit(item));
    else if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) for (const item of Object.values(value)) visit(item);
  };
  visit(args);
  visit(kwargs);
}
