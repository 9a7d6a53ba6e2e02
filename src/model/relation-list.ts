import type { EntityState } from '../store/entity-state.js';

/** Array methods that change the array: each becomes one validated assignment of the new contents. */
const MUTATORS: ReadonlySet<PropertyKey> = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin']);

/**
 * The array a to-many relation reads as. It always shows the relation's current value (one
 * object per entity and relation, so a reference kept by the user stays current), and its mutating
 * methods and index assignments are tracked: each is applied to a copy, which is then assigned to
 * the relation, validated and with the inverse side following (`jen.computers.push(laptop)` makes
 * `laptop.owner === jen`).
 */
export function relationList(state: EntityState, relation: string, assign: (value: unknown[]) => void): unknown[] {
  const current = (): readonly unknown[] => {
    const value = state.read(relation);
    return Array.isArray(value) ? value : [];
  };
  const mutate = <T>(change: (copy: unknown[]) => T): T => {
    const copy = [...current()];
    const result = change(copy);
    assign(copy);
    return result;
  };
  // The target only mirrors the current value, so that Array.isArray, length and the proxy
  // invariants of a real array hold; every read refreshes it first.
  const mirror: unknown[] = [];
  const sync = () => {
    const value = current();
    mirror.length = value.length;
    value.forEach((item, index) => {
      mirror[index] = item;
    });
  };
  return new Proxy(mirror, {
    get(target, property, receiver) {
      if (MUTATORS.has(property)) {
        return (...args: unknown[]) => mutate((copy) => (Array.prototype[property as 'push'] as (...a: unknown[]) => unknown).apply(copy, args));
      }
      sync();
      return Reflect.get(target, property, receiver) as unknown;
    },
    set(_target, property, value) {
      mutate((copy) => Reflect.set(copy, property, value));
      return true;
    },
    deleteProperty(_target, property) {
      mutate((copy) => Reflect.deleteProperty(copy, property));
      return true;
    },
    has(target, property) {
      sync();
      return Reflect.has(target, property);
    },
    ownKeys(target) {
      sync();
      return Reflect.ownKeys(target);
    },
    getOwnPropertyDescriptor(target, property) {
      sync();
      return Reflect.getOwnPropertyDescriptor(target, property);
    },
  });
}
