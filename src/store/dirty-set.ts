import type { EntityState } from './entity-state.js';

/**
 * The entities that may have work for a save, so that `store.pending()` does not scan the whole
 * store (300,000 clean entities and one edit: one check, not 300,000). The store notes every new
 * entity and every entity whose unsaved values changed (or were restored by a rollback); an
 * entity that is no longer pending (saved, deleted, its edit undone) is pruned when `pending`
 * next looks at it.
 *
 * `pending` answers in the order of the store's identity map (the order of a save's requests
 * follows it): an entity's place is its creation (the number of its local id), or, once it came
 * back into the map (evicted and taken back, or restored by a rollback), after everything there
 * before it.
 */
export class DirtySet {
  readonly #candidates = new Set<EntityState>();
  /** Places of entities that re-entered the identity map: [number of the last local id then, tie-breaker]. */
  readonly #movedTo = new Map<EntityState, readonly [number, number]>();
  #moves = 0;

  /** `state` may be pending now. */
  note(state: EntityState): void {
    this.#candidates.add(state);
  }

  /** `state` left the identity map (evicted or forgotten). */
  drop(state: EntityState): void {
    this.#candidates.delete(state);
    this.#movedTo.delete(state);
  }

  /** `state` re-entered the identity map when `lastLid` was the number of the newest local id: it is now last in its order. */
  moved(state: EntityState, lastLid: number): void {
    this.#moves += 1;
    this.#movedTo.set(state, [lastLid, this.#moves]);
  }

  /** The pending entities among those `inStore` accepts, in the identity map's order. */
  pending(inStore: (state: EntityState) => boolean): EntityState[] {
    const found: EntityState[] = [];
    for (const state of this.#candidates) {
      if (inStore(state) && isPending(state)) found.push(state);
      else this.#candidates.delete(state);
    }
    return found.sort((a, b) => this.#compare(a, b));
  }

  #compare(a: EntityState, b: EntityState): number {
    const [baseA, tieA] = this.#placeOf(a);
    const [baseB, tieB] = this.#placeOf(b);
    return baseA - baseB || tieA - tieB;
  }

  #placeOf(state: EntityState): readonly [number, number] {
    return this.#movedTo.get(state) ?? [state.seq, 0];
  }
}

/** New, or saved with unsaved changes. */
function isPending(state: EntityState): boolean {
  return state.status === 'new' || (state.status === 'clean' && state.local.size > 0);
}
