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
  /**
   * `concerned`: the batch's entities that can move this list (its members, those meeting its
   * key), in batch order; undefined for a list without an index, which looks at the whole batch.
   */
  onBatch(batch: StoreBatch, concerned: readonly EntityState[] | undefined): void;
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
    // An indexed list hears which of the batch's entities concern it (its members, those meeting
    // its key): no other entity can enter or leave it, so it looks at those alone.
    const targets = new Map<RoutedList, EntityState[]>();
    const touchedRoots = new Set<string>();
    const concern = (list: RoutedList, state: EntityState, relevant: boolean) => {
      let states = targets.get(list);
      if (states === undefined) {
        states = [];
        targets.set(list, states);
      }
      if (relevant) states.push(state);
    };
    const consider = (state: EntityState, relevant: boolean): void => {
      touchedRoots.add(state.model.root);
      for (const list of this.#byMember.get(state) ?? []) concern(list, state, relevant);
      const fields = this.#indexed.get(state.model.root);
      if (fields === undefined) return;
      for (const [field, values] of fields) {
        const value = state.read(field);
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
        for (const list of values.get(valueKey(value)) ?? []) concern(list, state, relevant);
      }
    };
    batch.changed.forEach((state) => consider(state, true));
    batch.created.forEach((state) => consider(state, true));
    batch.deleted.forEach((state) => consider(state, true));
    // An eviction changes no list (members are retained), but a list hears of it as before.
    batch.evicted.forEach((state) => consider(state, false));
    const unindexed: RoutedList[] = [];
    for (const list of this.#unindexed) {
      for (const root of list.roots) {
        if (touchedRoots.has(root)) {
          unindexed.push(list);
          break;
        }
      }
    }
    for (const [list, states] of targets) if (this.#lists.has(list) && !this.#unindexed.has(list)) list.onBatch(batch, dedupe(states));
    for (const list of unindexed) if (this.#lists.has(list)) list.onBatch(batch, undefined);
  }
}

/** Each entity once, first occurrence first (a member meeting its key is found twice). */
function dedupe(states: readonly EntityState[]): EntityState[] {
  return states.length < 2 ? [...states] : [...new Set(states)];
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
