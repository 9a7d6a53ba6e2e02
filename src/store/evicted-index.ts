import type { EntityState } from './entity-state.js';

/** What the finalizer needs to clean up after a collected entity: never the entity itself. */
interface Slots {
  readonly lid: string;
  readonly key: string | undefined;
}

/**
 * Entities the store has evicted, held weakly: by row key and by local id. The store no longer
 * keeps them alive, but while the app still holds one (in a variable, a component, a relation of
 * another entity it holds), a later load of that row finds it here and brings it back, so "one
 * object per row" holds for whoever still has it. Once nothing holds it, the garbage collector
 * takes it and the finalizer drops its (small) entries.
 */
export class EvictedIndex {
  readonly #byKey = new Map<string, WeakRef<EntityState>>();
  readonly #byLid = new Map<string, WeakRef<EntityState>>();
  readonly #registry = new FinalizationRegistry<Slots>((slots) => this.#dropDead(slots));

  /** `key` identifies the row within the store (root model and primary key); undefined for a row without one. */
  add(state: EntityState, key: string | undefined): void {
    const ref = new WeakRef(state);
    this.#byLid.set(state.lid, ref);
    if (key !== undefined) this.#byKey.set(key, ref);
    // The state is its own unregister token: held weakly, like the target.
    this.#registry.register(state, { lid: state.lid, key }, state);
  }

  /** The evicted, still-living entity of a row key. */
  byKey(key: string): EntityState | undefined {
    return this.#byKey.get(key)?.deref();
  }

  /** The evicted, still-living entity of a local id. */
  byLid(lid: string): EntityState | undefined {
    return this.#byLid.get(lid)?.deref();
  }

  /** True when `state` is evicted and indexed here. */
  has(state: EntityState): boolean {
    return this.#byLid.get(state.lid)?.deref() === state;
  }

  /** Forgets an entity: it was taken back, or deleted. */
  remove(state: EntityState, key: string | undefined): void {
    if (this.#byLid.get(state.lid)?.deref() === state) this.#byLid.delete(state.lid);
    if (key !== undefined && this.#byKey.get(key)?.deref() === state) this.#byKey.delete(key);
    this.#registry.unregister(state);
  }

  /** Entries whose entity is still alive or not yet finalized. */
  get size(): number {
    return this.#byLid.size;
  }

  #dropDead(slots: Slots): void {
    // Only if the entry still points at the dead entity: a slot may have been refilled since.
    if (this.#byLid.get(slots.lid)?.deref() === undefined) this.#byLid.delete(slots.lid);
    if (slots.key !== undefined && this.#byKey.get(slots.key)?.deref() === undefined) this.#byKey.delete(slots.key);
  }
}
