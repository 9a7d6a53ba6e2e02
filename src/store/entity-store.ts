import { Observable, Subject, filter, mergeMap, from } from 'rxjs';
import type { Datamodel, ModelDef } from '../schema/datamodel.js';
import { EntityState, type EntityStatus, type PrimaryKey } from './entity-state.js';
import type { StoreEvent, StoreEventType } from './store-events.js';
import { Journal, restore, type BatchKind } from './journal.js';
import { EvictedIndex } from './evicted-index.js';
import { Retention, type RetentionOptions } from './retention.js';
import { writable } from './writable.js';
import { DirtySet } from './dirty-set.js';

/** Everything one batch changed, by kind. `changed` lists every entity whose values moved. */
export interface StoreBatch {
  readonly created: ReadonlySet<EntityState>;
  readonly updated: ReadonlySet<EntityState>;
  readonly deleted: ReadonlySet<EntityState>;
  readonly loaded: ReadonlySet<EntityState>;
  readonly evicted: ReadonlySet<EntityState>;
  readonly changed: ReadonlySet<EntityState>;
  /** Who caused the batch, when the caller said (a live list ignores the batches of its own loads). */
  readonly origin: object | undefined;
}

interface MutableBatch {
  created: Set<EntityState>;
  updated: Set<EntityState>;
  deleted: Set<EntityState>;
  loaded: Set<EntityState>;
  evicted: Set<EntityState>;
  changed: Set<EntityState>;
  origin: object | undefined;
}

/** Makes the public objects of entities; the model layer supplies it. */
export interface EntityFactory {
  create(state: EntityState): object;
  /** Re-shapes an existing object after its model was refined to a polymorphic subclass. */
  reshape(state: EntityState): void;
}

/**
 * The identity map: one `EntityState` (and one public object) per row, keyed by the root model of
 * its polymorphic family and its primary key, plus every entity by its local id. All writes go
 * through `transaction`, which notifies observers once per batch.
 */
export class EntityStore {
  readonly datamodel: Datamodel;
  readonly #factory: EntityFactory;
  readonly #byKey = new Map<string, Map<RowKey, EntityState>>();
  readonly #bySeq = new Map<number, EntityState>();
  /** root model -> to-many relation -> states that loaded that list (see listHolders). */
  readonly #listHolders = new Map<string, Map<string, Set<EntityState>>>();
  /** Keys of rows this client deleted, with the deletion count at that moment (see `deletedSince`). */
  readonly #deletedAt = new Map<string, number>();
  #deletions = 0;
  /** Every entity this store ever made (deleted and evicted ones too): entities belong to one client. */
  readonly #batches = new Subject<StoreBatch>();
  #current: MutableBatch | undefined;
  /** One journal per open transaction, innermost last. */
  readonly #journals: Journal[] = [];
  #depth = 0;
  /** Open `hold`s: while any is, batches without an origin gather into one, published at the last release. */
  #holds = 0;
  #nextLid = 1;
  /** Which entities may be let go of, and when (see retention.ts). */
  readonly #retention: Retention;
  /** Evicted entities the app may still hold: a load of their row takes them back. */
  readonly #evicted = new EvictedIndex();
  /** Every entity that may be pending (see `pending`), and some that no longer are (pruned by `pending`). */
  readonly #dirty = new DirtySet();

  /** One emission per batch; live queries and `entity.$` listen here. */
  readonly batches$: Observable<StoreBatch> = this.#batches.asObservable();

  /** The public store events, one per kind of change in a batch. */
  readonly changes$: Observable<StoreEvent>;

  /** Without `retention`, nothing is ever evicted (`gcTimeMs: Infinity`). */
  constructor(datamodel: Datamodel, factory: EntityFactory, retention: RetentionOptions = { gcTimeMs: Infinity }) {
    this.datamodel = datamodel;
    this.#factory = factory;
    this.#retention = new Retention({ entities: () => this.#bySeq.values(), evict: (states) => this.#evict(states), prune: () => this.#evicted.prune() }, retention);
    const order: StoreEventType[] = ['created', 'loaded', 'updated', 'deleted', 'evicted'];
    this.changes$ = this.batches$.pipe(
      mergeMap((batch) => from(order.map((type): StoreEvent => ({ type, entities: [...batch[type]].map((state) => state.entity) })))),
      filter((event) => event.entities.length > 0),
    );
  }

  /**
   * Runs `work` as one batch: observers hear of everything it changed once, when it ends. When
   * `work` throws, everything it changed is undone and nothing of it is announced: an answer is
   * applied whole or not at all.
   */
  transaction<T>(work: () => T, origin?: object): T {
    // A batch of a given origin is announced on its own (a live list recognizes its own loads by it):
    // what a hold gathered so far goes out first.
    if (this.#depth === 0 && origin !== undefined) this.#publish();
    this.#depth += 1;
    this.#current ??= { created: new Set(), updated: new Set(), deleted: new Set(), loaded: new Set(), evicted: new Set(), changed: new Set(), origin };
    const journal = new Journal();
    this.#journals.push(journal);
    let failed = true;
    try {
      const result = work();
      failed = false;
      return result;
    } finally {
      this.#journals.pop();
      if (failed) this.#rollback(journal);
      else {
        const outer = this.#journals.at(-1);
        if (outer) journal.handTo(outer);
      }
      this.#depth -= 1;
      if (this.#depth === 0 && (this.#holds === 0 || this.#current?.origin !== undefined)) this.#publish();
    }
  }

  /**
   * Until the returned release is called, the batches of transactions (without an origin) gather
   * into one, announced once at the release: a save level applies each answer as it arrives, and
   * observers (live lists) pay once per level instead of once per answer. Releasing twice is harmless.
   */
  hold(): () => void {
    this.#holds += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds -= 1;
      if (this.#holds === 0 && this.#depth === 0) this.#publish();
    };
  }

  #publish(): void {
    const batch = this.#current;
    this.#current = undefined;
    if (batch && hasContent(batch)) this.#batches.next(batch);
  }

  /** Records a change of `state` in the current batch (a batch of its own outside a transaction). */
  mark(state: EntityState, type: StoreEventType, changed: boolean): void {
    const batch = this.#current;
    if (!batch) {
      this.transaction(() => this.mark(state, type, changed));
      return;
    }
    this.#journals.at(-1)?.noteMark(state, () => this.#batchKindsOf(state));
    // A change to an evicted entity the app still holds (an edit, an inverse link, a load) brings
    // it back: a pending edit must be in the store for the next save to see it.
    if (this.#isEvicted(state)) this.#readopt(state);
    this.#retention.touch(state);
    batch[type].add(state);
    if (changed) {
      writable(state).version += 1;
      batch.changed.add(state);
    }
  }

  /** The entity of a row, if the store has it (or had it, evicted, and the app still holds it: then it is back). */
  find(model: ModelDef, pk: PrimaryKey): EntityState | undefined {
    const found = this.#byKey.get(model.root)?.get(rowKeyOf(pk));
    if (found) return found;
    const revived = this.#evicted.byKey(slotOf(model.root, pk));
    if (revived) this.#readopt(revived);
    return revived;
  }

  /** How many rows this client has deleted so far: a read notes it when its request goes out. */
  get deletions(): number {
    return this.#deletions;
  }

  /** Records that the row of `state` was deleted by this client (called by detach). */
  tombstone(state: EntityState): void {
    if (state.pk === undefined) return;
    this.#deletions += 1;
    this.#deletedAt.set(`${state.model.root}\u0000${keyOf(state.pk)}`, this.#deletions);
  }

  /**
   * True when this client deleted the row after the moment `since` (a value of `deletions`): an
   * answer to a request sent before the delete still carries the row, and must not bring it back.
   */
  deletedSince(model: ModelDef, pk: PrimaryKey, since: number): boolean {
    return (this.#deletedAt.get(`${model.root}\u0000${keyOf(pk)}`) ?? 0) > since;
  }

  /** True when this store made `state`: an entity of another client is never mixed into this one. */
  owns(state: EntityState): boolean {
    // Only this store's states carry its journaling hook.
    return writable(state).beforeChange === this.#touch;
  }

  /** Finds the row's entity or makes an empty one for it (a load fills it in). */
  obtain(model: ModelDef, pk: PrimaryKey): { state: EntityState; isNew: boolean } {
    const existing = this.find(model, pk);
    if (existing) return { state: existing, isNew: false };
    const state = this.#create(model, pk, 'clean');
    this.index(state);
    return { state, isNew: true };
  }

  /** A new entity the server does not have yet: its relations are known to be empty (null, []). */
  createNew(model: ModelDef): EntityState {
    const state = this.#create(model, undefined, 'new');
    const { server } = writable(state);
    for (const relation of model.relations.values()) {
      if (!relation.proxy) server.set(relation.name, relation.many ? Object.freeze([]) : null);
    }
    return state;
  }

  /** Indexes an entity by its primary key (after a load, or when a create answers). */
  index(state: EntityState): void {
    if (state.pk === undefined) return;
    let table = this.#byKey.get(state.model.root);
    if (!table) {
      table = new Map();
      this.#byKey.set(state.model.root, table);
    }
    table.set(rowKeyOf(state.pk), state);
    // A key the database gave again (SQLite reuses the highest id) is a new row: no longer deleted.
    this.#deletedAt.delete(`${state.model.root}\u0000${keyOf(state.pk)}`);
  }

  /** A row first seen through its parent's collection turns out to be a subclass row: same object, new shape. */
  refine(state: EntityState, model: ModelDef): void {
    this.#touch(state);
    writable(state).model = model;
    this.#factory.reshape(state);
  }

  /** Forgets an entity (after a delete): not even an app that still holds it gets it back from a load. */
  forget(state: EntityState): void {
    this.#drop(state);
    this.#evicted.remove(state, slotOfState(state));
  }

  /**
   * A subscription (a live list holding it, an `entity.$` observer) references `state`: it is not
   * evicted until the matching `release`. An evicted entity the app still held comes back.
   */
  retain(state: EntityState): void {
    if (this.#isEvicted(state)) this.#readopt(state);
    this.#retention.retain(state);
  }

  /** The end of one `retain`: after the last, `gcTimeMs` later, `state` may be evicted. */
  release(state: EntityState): void {
    this.#retention.release(state);
  }

  /** Evicts now what has been unreferenced for `gcTimeMs` (it also runs on its own timer). */
  sweep(): void {
    this.#retention.sweep();
  }

  /** Every entity of a model's polymorphic family. */
  *family(model: ModelDef): IterableIterator<EntityState> {
    const table = this.#byKey.get(model.root);
    if (table) yield* table.values();
    for (const state of this.#bySeq.values()) {
      if (state.pk === undefined && state.model.root === model.root) yield state;
    }
  }

  /** True while anything listens to the store (live lists, entity observables). */
  get observed(): boolean {
    return this.#batches.observed;
  }

  /** Entities with work for a save: new ones and saved ones with unsaved changes. */
  *pending(): IterableIterator<EntityState> {
    // The dirty set, not a scan of the store: its cost follows the entities changed since the last call.
    yield* this.#dirty.pending((state) => this.#bySeq.get(state.seq) === state);
  }

  /** How many entities the store holds. */
  get size(): number {
    return this.#bySeq.size;
  }

  /** How many evicted entities are still indexed weakly (held by the app, or not yet collected). */
  get evictedHeld(): number {
    return this.#evicted.size;
  }

  /** Drops the store's strong references; the entity lives on only where the app holds it. */
  #evict(states: readonly EntityState[]): void {
    this.transaction(() => {
      const batch = this.#current as MutableBatch;
      for (const state of states) {
        this.#drop(state);
        this.#evicted.add(state, slotOfState(state));
        batch.evicted.add(state);
      }
    });
  }

  /**
   * The entities of a model family that may hold a loaded `relation` list (a superset: each caller
   * checks the list itself), so that finding who lists a row does not scan the whole family.
   */
  listHolders(model: ModelDef, relation: string): Iterable<EntityState> {
    return this.#listHolders.get(model.root)?.get(relation) ?? [];
  }

  #noteListHolder(state: EntityState, relation: string): void {
    if (!state.model.relations.get(relation)?.many) return;
    let byRelation = this.#listHolders.get(state.model.root);
    if (!byRelation) this.#listHolders.set(state.model.root, (byRelation = new Map()));
    let holders = byRelation.get(relation);
    if (!holders) byRelation.set(relation, (holders = new Set()));
    holders.add(state);
  }

  /** Indexes the loaded lists of a state that comes (back) into the store without passing its field maps' hook. */
  #noteListsOf(state: EntityState): void {
    for (const [field, value] of state.server) if (Array.isArray(value)) this.#noteListHolder(state, field);
  }

  #drop(state: EntityState): void {
    for (const holders of this.#listHolders.get(state.model.root)?.values() ?? []) holders.delete(state);
    if (state.pk !== undefined) {
      const table = this.#byKey.get(state.model.root);
      const key = rowKeyOf(state.pk);
      if (table?.get(key) === state) table.delete(key);
    }
    this.#bySeq.delete(state.seq);
    this.#dirty.drop(state);
    this.#retention.forget(state);
  }

  #isEvicted(state: EntityState): boolean {
    return this.#bySeq.get(state.seq) !== state && this.#evicted.has(state);
  }

  /** An evicted entity is needed again: it takes its place in the identity map, as if never gone. */
  #readopt(state: EntityState): void {
    this.#evicted.remove(state, slotOfState(state));
    this.#bySeq.set(state.seq, state);
    this.#dirty.moved(state, this.#nextLid - 1);
    this.index(state);
    this.#noteListsOf(state);
    this.#retention.touch(state);
  }

  #create(model: ModelDef, pk: PrimaryKey | undefined, status: EntityStatus): EntityState {
    const state = new EntityState(this.#nextLid++, model, pk, status);
    const target = writable(state);
    target.entity = this.#factory.create(state);
    target.beforeChange = this.#touch;
    this.#bySeq.set(state.seq, state);
    if (status === 'new') this.#dirty.note(state);
    this.#journals.at(-1)?.created.add(state);
    return state;
  }

  /** Journals a state before a change inside a transaction (its field maps call this). */
  readonly #touch = (state: EntityState, part?: 'local' | 'list', field?: string): void => {
    if (part === 'list') {
      // Told after the change (not a journaling call): a server to-many list was loaded.
      if (field !== undefined) this.#noteListHolder(state, field);
      return;
    }
    if (part === 'local') this.#dirty.note(state);
    const journal = this.#journals.at(-1);
    if (!journal) return;
    journal.touch(state, () => this.#batchKindsOf(state));
  };

  #batchKindsOf(state: EntityState): readonly BatchKind[] {
    return BATCH_KINDS.filter((kind) => this.#current?.[kind].has(state) === true);
  }

  /** Undoes a failed transaction: states back as they were, states it made forgotten, its marks dropped. */
  #rollback(journal: Journal): void {
    const batch = this.#current;
    for (const [state, snapshot] of journal.before) {
      const reshaped = state.model !== snapshot.model;
      restore(state, snapshot);
      if (reshaped) this.#factory.reshape(state);
      if (state.status !== 'deleted' && !this.#bySeq.has(state.seq)) {
        this.#bySeq.set(state.seq, state);
        this.#dirty.moved(state, this.#nextLid - 1);
        this.index(state);
      }
      // Restored values bypass the field maps' hook: their lists are indexed again.
      this.#noteListsOf(state);
      // Restoring bypasses the field maps' hook: the state may be pending again.
      this.#dirty.note(state);
    }
    // Marks made by this transaction go too (a row merged with no change is still announced as loaded).
    if (batch) {
      for (const [state, kinds] of journal.inBatch) for (const kind of BATCH_KINDS) if (!kinds.includes(kind)) batch[kind].delete(state);
    }
    for (const state of journal.created) {
      this.forget(state);
      if (batch) for (const kind of BATCH_KINDS) batch[kind].delete(state);
    }
  }
}

type RowKey = string | number;

/**
 * The identity map's key of a primary key: the same for two keys exactly when `keyOf` is. An integer
 * stays a number (a string of each of 100,000 keys would cost 24 bytes a row), and a string that is
 * one written the canonical way becomes that number.
 */
function rowKeyOf(pk: PrimaryKey): RowKey {
  if (typeof pk === 'number') return Number.isSafeInteger(pk) ? pk : String(pk);
  const number = Number(pk);
  return Number.isSafeInteger(number) && String(number) === pk ? number : pk;
}

/** Primary keys from JSON may be 1 or "1" for the same row; the map key is their string form. */
export function keyOf(pk: PrimaryKey): string {
  return typeof pk === 'number' ? String(pk) : pk;
}

const BATCH_KINDS: readonly BatchKind[] = ['created', 'updated', 'deleted', 'loaded', 'evicted', 'changed'];
/** One string per row across the store's tables: the evicted index's key. */
function slotOf(root: string, pk: PrimaryKey): string {
  return `${root}\u0000${keyOf(pk)}`;
}

function slotOfState(state: EntityState): string | undefined {
  return state.pk === undefined ? undefined : slotOf(state.model.root, state.pk);
}

function hasContent(batch: MutableBatch): boolean {
  return batch.created.size + batch.updated.size + batch.deleted.size + batch.loaded.size + batch.evicted.size > 0;
}
