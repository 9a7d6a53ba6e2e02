import type { EntityState } from './entity-state.js';

/**
 * Entities the store has evicted, held weakly: by row key and by local id. The store no longer
 * keeps them alive, but while the app still holds one (in a variable, a component, a relation of
 * another entity it holds), a later load of that row finds it here and brings it back, so "one
 * object per row" holds for whoever still has it. Once nothing holds it, the garbage collector
 * takes it, and the next `prune` drops its (small) entries.
 *
 * Why prune instead of a FinalizationRegistry: unregistering (needed when an entity comes back)
 * takes an unregister token, and V8's table of tokens never shrinks: measured, it grew to 4 MB
 * over 300,000 evictions while never more than 10,000 were registered at once. A prune is one
 * pass over what was evicted and not yet collected, done with each sweep (which is a pass over
 * the store anyway).
 */
export class EvictedIndex {
  readonly #byKey = new Map<string, WeakRef<EntityState>>();
  readonly #bySeq = new Map<number, WeakRef<EntityState>>();

  /** `key` identifies the row within the store (root model and primary key); undefined for a row without one. */
  add(state: EntityState, key: string | undefined): void {
    const ref = new WeakRef(state);
    this.#bySeq.set(state.seq, ref);
    if (key !== undefined) this.#byKey.set(key, ref);
  }

  /** The evicted, still-living entity of a row key. */
  byKey(key: string): EntityState | undefined {
    return this.#byKey.get(key)?.deref();
  }

  /** The evicted, still-living entity of a local id's number. */
  bySeq(seq: number): EntityState | undefined {
    return this.#bySeq.get(seq)?.deref();
  }

  /** True when `state` is evicted and indexed here. */
  has(state: EntityState): boolean {
    return this.#bySeq.get(state.seq)?.deref() === state;
  }

  /** Forgets an entity: it was taken back, or deleted. */
  remove(state: EntityState, key: string | undefined): void {
    if (this.#bySeq.get(state.seq)?.deref() === state) this.#bySeq.delete(state.seq);
    if (key !== undefined && this.#byKey.get(key)?.deref() === state) this.#byKey.delete(key);
  }

  /** Drops the entries of entities the garbage collector has taken. */
  prune(): void {
    for (const [seq, ref] of this.#bySeq) if (ref.deref() === undefined) this.#bySeq.delete(seq);
    for (const [key, ref] of this.#byKey) if (ref.deref() === undefined) this.#byKey.delete(key);
  }

  /** Entries of evicted entities that are still alive, or collected since the last prune. */
  get size(): number {
    return this.#bySeq.size;
  }
}
