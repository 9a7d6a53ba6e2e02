/**
 * Hands each store batch to the live lists it can concern, so that a change costs in proportion
 * to the lists it touches, not to the lists open: a list hears of a batch when the batch changed
 * one of its members, or an entity whose value for the list's indexed equality (`vendor = 'Pear'`)
 * says it may now belong; lists that cannot be indexed (relation filters, windows, no equality)
 * hear of every batch about their models, as before.
 */
import type { Subscription } from 'rxjs';
import type { EntityStore, StoreBatch } from '../store/entity-store.js';
import type { EntityState } from '../store/entity-state.js';

/** An equality every member of a list satisfies: `field === value` on a column of `root`. */
export interface ListKey {
  readonly field: string;
  readonly value: string | number | boolean;
}

/** One live list, as the router sees it. */
export interface RoutedList {
  /** Polymorphic roots whose changes may concern the list (its model's, and related ones). */
  readonly roots: ReadonlySet<string>;
  /** The list's index, once it holds its first answer (undefined: hears of every batch about its roots). */
  readonly key: ListKey | undefined;
  readonly root: string;
  onBatch(batch: StoreBatch): void;
}

export class ListRouter {
  readonly #store: EntityStore;
  readonly #unindexed = new Set<RoutedList>();
  /** root -> field -> value -> lists. */
  readonly #indexed = new Map<string, Map<string, Map<string, Set<RoutedList>>>>();
  readonly #byMember = new Map<EntityState, Set<RoutedList>>();
  readonly #lists = new Set<RoutedList>();
  #subscription: Subscription | undefined;

  constructor(store: EntityStore) {
    this.#store = store;
  }

  /** Starts routing batches to `list` (unindexed until `index`). */
  add(list: RoutedList): void {
    this.#lists.add(list);
    this.#unindexed.add(list);
    this.#subscription ??= this.#store.batches$.subscribe((batch) => this.#route(batch));
  }

  /** Stops routing to `list`; `members` are its last members (so the member index need not be scanned). */
  remove(list: RoutedList, members: Iterable<EntityState>): void {
    this.#lists.delete(list);
    this.#unindexed.delete(list);
    this.#unindex(list, members);
    if (this.#lists.size === 0) {
      this.#subscription?.unsubscribe();
      this.#subscription = undefined;
    }
  }

  /** From now on `list` hears only of batches that touch its members or its key. */
  index(list: RoutedList): void {
    const key = list.key;
    if (key === undefined || !this.#unindexed.has(list)) return;
    this.#unindexed.delete(list);
    const fields = this.#indexed.get(list.root) ?? new Map<string, Map<string, Set<RoutedList>>>();
    this.#indexed.set(list.root, fields);
    const values = fields.get(key.field) ?? new Map<string, Set<RoutedList>>();
    fields.set(key.field, values);
    const lists = values.get(valueKey(key.value)) ?? new Set<RoutedList>();
    values.set(valueKey(key.value), lists);
    lists.add(list);
  }

  /** Keeps the member index in step with a list's members: `left` no longer are, `joined` now are. */
  members(list: RoutedList, left: Iterable<EntityState>, joined: Iterable<EntityState>): void {
    for (const state of left) {
      const lists = this.#byMember.get(state);
      lists?.delete(list);
      if (lists?.size === 0) this.#byMember.delete(state);
    }
    for (const state of joined) {
      const lists = this.#byMember.get(state) ?? new Set<RoutedList>();
      lists.add(list);
      this.#byMember.set(state, lists);
    }
  }

  #unindex(list: RoutedList, members: Iterable<EntityState>): void {
    const key = list.key;
    if (key !== undefined) this.#indexed.get(list.root)?.get(key.field)?.get(valueKey(key.value))?.delete(list);
    this.members(list, members, []);
  }

  #route(batch: StoreBatch): void {
    const targets = new Set<RoutedList>();
    const touchedRoots = new Set<string>();
    const consider = (state: EntityState): void => {
      touchedRoots.add(state.model.root);
      for (const list of this.#byMember.get(state) ?? []) targets.add(list);
      const fields = this.#indexed.get(state.model.root);
      if (fields === undefined) return;
      for (const [field, values] of fields) {
        const value = state.read(field);
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
        for (const list of values.get(valueKey(value)) ?? []) targets.add(list);
      }
    };
    batch.changed.forEach(consider);
    batch.created.forEach(consider);
    batch.deleted.forEach(consider);
    batch.evicted.forEach(consider);
    for (const list of this.#unindexed) {
      for (const root of list.roots) {
        if (touchedRoots.has(root)) {
          targets.add(list);
          break;
        }
      }
    }
    for (const list of targets) if (this.#lists.has(list)) list.onBatch(batch);
  }
}

function valueKey(value: string | number | boolean): string {
  return `${typeof value}:${String(value)}`;
}

const routers = new WeakMap<EntityStore, ListRouter>();

/** The router of a store (one per store, made on first use). */
export function routerOf(store: EntityStore): ListRouter {
  let router = routers.get(store);
  if (router === undefined) {
    router = new ListRouter(store);
    routers.set(store, router);
  }
  return router;
}
