import { ValidationError } from '../errors.js';
import { Observable, Subscription } from 'rxjs';
import type { ColumnCodec } from '../schema/column-codec.js';
import type { Datamodel, ModelDef } from '../schema/datamodel.js';
import { isKindOf } from '../schema/family.js';
import type { EntityStore, StoreBatch } from '../store/entity-store.js';
import { stateOf, type EntityState } from '../store/entity-state.js';
import { evaluate } from './evaluate.js';
import type { Condition, QueryExpression } from './expression.js';
import { columnOrder, type ColumnOrder } from './sort.js';
import { SortedMembers } from './sorted-members.js';
import { RelatedOwners, relationPaths } from './related-owners.js';
import { storeAccess } from './store-access.js';
import { routerOf, type ListKey, type RoutedList } from './list-router.js';

/** What a live list needs of the reader: one fetch-and-load of the whole result. */
export interface ListSource {
  fetchAll(expression: QueryExpression, origin?: object): Observable<EntityState[]>;
}

/**
 * A query result that stays current. It is fetched once, then kept up to date from the store:
 * every batch that touches the model's entities is checked against the filter locally, with the
 * server's semantics (query/evaluate), so a created, edited or deleted row enters or leaves the
 * list without a request. What cannot be decided locally (a relation not loaded, a column the
 * server never sends), and windows (limit/offset) or related-column sorting, which a local change
 * can shift in ways only the server knows, cause a refetch instead. A list emits a new array only
 * when its members or their order changed, or a member changed.
 *
 * The cost of a batch follows what it touched, not the list's size: the router hands the list only
 * the entities that concern it (list-router.ts), the members stay sorted with their keys cached
 * (sorted-members.ts), and a relation filter re-checks only the owners of changed related rows
 * (related-owners.ts).
 */
export function liveList(source: ListSource, store: EntityStore, datamodel: Datamodel, codec: ColumnCodec, expression: QueryExpression): Observable<object[]> {
  const model = datamodel.models.get(expression.model);
  if (!model) throw new ValidationError(`Unknown model ${expression.model}`, { model: expression.model });
  const access = storeAccess(codec);
  const filter: Condition = { kind: 'and', conditions: expression.filters };
  const windowed = expression.limit !== undefined || expression.offset !== undefined;
  const sortsAcrossRelations = expression.orderBy.some((key) => key.field.includes('.'));
  // Lists the server orders or cuts keep its order as sent and refetch on a change.
  const refetches = windowed || sortsAcrossRelations;
  const related = relatedModels(datamodel, model, expression.filters);
  const paths = relationPaths(datamodel, model, expression.filters);
  // A list that decides membership locally from its own columns can be indexed by an equality.
  const key = refetches || related.size > 0 ? undefined : indexKey(model, expression.filters);
  const router = routerOf(store);

  return new Observable<object[]>((subscriber) => {
    // Members are kept as the entity objects a list emits: an emission is then one array copy.
    let order: ColumnOrder<object> | undefined;
    try {
      const stateOrder = refetches ? undefined : columnOrder(expression.orderBy, model, datamodel, access);
      order = stateOrder && { keyOf: (entity) => stateOrder.keyOf(stateOfMember(entity)), compare: stateOrder.compare };
    } catch (error: unknown) {
      // An order the list cannot follow (an unknown column) fails the subscription, not the call.
      subscriber.error(error);
      return undefined;
    }
    // Undefined until the first answer.
    let members: Members | undefined;
    const relatedOwners = related.size > 0 ? new RelatedOwners(store, model, paths) : undefined;
    let fetching: Subscription | undefined;
    let stale = false;
    const origin = {};

    const emit = () => subscriber.next(members?.list.slice() ?? []);
    /** Members joined and left: the store holds those in a list, the router routes their batches here. */
    const follow = (joinedEntities: readonly object[], leftEntities: readonly object[]) => {
      const joined = joinedEntities.map(stateOfMember);
      const left = leftEntities.map(stateOfMember);
      for (const state of joined) store.retain(state);
      for (const state of left) store.release(state);
      router.members(handle, left, joined);
    };
    // A fresh answer replaces every member; emitted only when the members or their order differ.
    const adopt = (states: EntityState[]) => {
      const before = members?.list ?? [];
      const had = new Set(before);
      const next = order === undefined ? new ServerOrder() : new SortedMembers(order, versionOf);
      next.reset(states.map((state) => state.entity));
      const first = members === undefined;
      members = next;
      follow(
        next.list.filter((state) => !had.has(state)),
        before.filter((state) => !next.has(state)),
      );
      router.index(handle);
      if (first || !sameMembers(before, next.list)) emit();
    };
    // Proportional to the entities the batch touched here, not to the list.
    const memberChanged = (batch: StoreBatch, touched: readonly EntityState[]): boolean => {
      if (members === undefined) return false;
      for (const state of touched) if (batch.changed.has(state) && members.has(state.entity)) return true;
      return false;
    };
    const fetch = () => {
      if (fetching && !fetching.closed) {
        stale = true;
        return;
      }
      stale = false;
      fetching = source.fetchAll(expression, origin).subscribe({
        // The server matched its own values; the list shows what the user sees, so a member whose
        // unsaved edit no longer matches stays out (a window is the server's to decide).
        next: (states) => adopt(states.filter((state) => state.status !== 'deleted' && (windowed || evaluate(filter, state, state.model, datamodel, access) !== false))),
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          // Inside this callback the subscription is not closed yet: forget it before refetching.
          fetching = undefined;
          if (stale) fetch();
        },
      });
    };
    const onBatch = (batch: StoreBatch, concerned: readonly EntityState[] | undefined) => {
      // Before anything returns: the reverse indexes follow every batch, our own loads too.
      relatedOwners?.update(batch);
      // A batch our own fetch produced is already reflected in what that fetch returns.
      if (batch.origin === origin) return;
      const touched = concerned ?? touchedStates(batch, model, related);
      if (touched.length === 0) return;
      const changed = memberChanged(batch, touched);
      if (members === undefined) {
        // The first answer may predate a change made meanwhile; other loads are as current as ours.
        if (batch.created.size + batch.updated.size + batch.deleted.size > 0) stale = true;
        return;
      }
      // `changed`: a member's values moved in this batch. The list then emits a new array of the
      // same entity objects, so views that compare by reference (OnPush, signals, Svelte stores) follow.
      if (!(members instanceof SortedMembers)) {
        if (changed) emit();
        fetch();
        return;
      }
      const verdicts = new Map<object, boolean>();
      for (const state of candidatesOf(batch, touched)) {
        if (verdicts.has(state.entity) || !isKindOf(datamodel, state.model, model.name)) continue;
        if (state.status !== 'clean' || batch.deleted.has(state) || batch.evicted.has(state)) {
          verdicts.set(state.entity, false);
          continue;
        }
        const verdict = evaluate(filter, state, state.model, datamodel, access);
        if (verdict === undefined) {
          if (batch.changed.has(state)) {
            if (changed) emit();
            fetch();
            return;
          }
          continue;
        }
        verdicts.set(state.entity, verdict);
      }
      const { joined, left } = members.apply(verdicts);
      if (joined.length + left.length > 0) follow(joined, left);
      if (changed || joined.length + left.length > 0) emit();
    };
    /** The rows a batch may move: those it touched, and for a relation filter the owners of changed related rows. */
    const candidatesOf = (batch: StoreBatch, touched: readonly EntityState[]): Iterable<EntityState> => {
      if (related.size === 0) return touched;
      const owners = relatedOwners?.ownersOfChanged(batch) ?? 'all';
      if (owners === 'all') return store.family(model);
      return [...touched, ...owners];
    };

    const handle: RoutedList = { root: model.root, roots: new Set([model.root, ...related]), key, onBatch };
    router.add(handle);
    fetch();
    return () => {
      const last = (members?.list ?? []).map(stateOfMember);
      router.remove(handle, last);
      fetching?.unsubscribe();
      for (const state of last) store.release(state);
      members = undefined;
    };
  });
}

type Members = SortedMembers<object> | ServerOrder;

/** The members of a list whose order is the server's (windows, related-column sorts): kept as sent. */
class ServerOrder {
  #list: readonly object[] = [];
  #set = new Set<object>();

  get list(): readonly object[] {
    return this.#list;
  }

  has(entity: object): boolean {
    return this.#set.has(entity);
  }

  reset(entities: readonly object[]): void {
    this.#list = entities;
    this.#set = new Set(entities);
  }
}

/** The state of a member (every member is an entity of the store). */
function stateOfMember(entity: object): EntityState {
  return stateOf(entity) as EntityState;
}

function versionOf(entity: object): number {
  return stateOfMember(entity).version;
}

function sameMembers(a: readonly object[], b: readonly object[]): boolean {
  return a.length === b.length && a.every((state, index) => state === b[index]);
}

const STRING_TYPES: ReadonlySet<string> = new Set(['string', 'unicode', 'text', 'enum']);
const INTEGER_TYPES: ReadonlySet<string> = new Set(['integer', 'biginteger', 'smallinteger']);

/** `column = value` among the ANDed filters, on a column whose values compare as JavaScript primitives. */
function indexKey(model: ModelDef, filters: readonly Condition[]): ListKey | undefined {
  for (const condition of filters) {
    if (condition.kind !== 'field' || condition.op !== 'eq') continue;
    const type = model.attributes.get(condition.field)?.type;
    const value = condition.value;
    if (type === undefined) continue;
    if (typeof value === 'string' && STRING_TYPES.has(type)) return { field: condition.field, value };
    if (typeof value === 'number' && INTEGER_TYPES.has(type)) return { field: condition.field, value };
    if (typeof value === 'boolean' && type === 'boolean') return { field: condition.field, value };
  }
  return undefined;
}

function touchedStates(batch: StoreBatch, model: ModelDef, related: ReadonlySet<string>): EntityState[] {
  const result: EntityState[] = [];
  const consider = (state: EntityState) => {
    if (state.model.root === model.root || related.has(state.model.root)) result.push(state);
  };
  batch.changed.forEach(consider);
  batch.created.forEach(consider);
  batch.deleted.forEach(consider);
  // Evicted entities are never members (members are retained), so an eviction changes no list:
  // it must not refetch windowed lists either.
  return result;
}

/** Models a filter reaches through has/any: a change to one of their rows can move a row of ours. */
function relatedModels(datamodel: Datamodel, model: ModelDef, filters: readonly Condition[]): Set<string> {
  const found = new Set<string>();
  const visit = (condition: Condition, model: ModelDef | undefined) => {
    if (!model) return;
    switch (condition.kind) {
      case 'has':
      case 'any': {
        const target = datamodel.models.get(model.relations.get(condition.relation)?.target ?? '');
        if (target) found.add(target.root);
        visit(condition.where, target);
        return;
      }
      case 'and':
      case 'or':
        condition.conditions.forEach((inner) => visit(inner, model));
        return;
      default:
        return;
    }
  };
  filters.forEach((condition) => visit(condition, model));
  return found;
}
