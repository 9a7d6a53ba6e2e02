/**
 * What happens to the entities created inside their owner's POST (see nest.ts). They share the
 * POST's fate: its answer gives each its key (its nested object); a failure is theirs too; a
 * POST in doubt puts all of them in doubt, recorded together so that reconciling one settles the
 * others (one transaction: all rows exist, or none).
 */
import { Observable, concatMap, from, of } from 'rxjs';
import { ProtocolError } from '../errors.js';
import { detach } from '../store/detach.js';
import type { EntityState, PrimaryKey } from '../store/entity-state.js';
import { recordKey, settleSent } from '../store/entity-writes.js';
import type { Dialect } from '../dialect/dialect.js';
import type { EntityStore } from '../store/entity-store.js';
import { unknownOutcomeError, type Doubts } from './doubt.js';
import type { NestedCreate, Operation } from './operation.js';
import type { WriteRequest } from './payload.js';
import type { SaveEvent } from './save-event.js';

/** What settling nested creates needs of the executor's context. */
export interface NestedContext {
  readonly store: EntityStore;
  readonly dialect: Dialect;
  readonly doubts: Doubts;
  readonly fresh?: Set<EntityState>;
  readonly setError: (state: EntityState, error: unknown) => void;
}

/** The entities nested in an operation's POST. */
export function nestedOf(operation: Operation): readonly NestedCreate[] {
  return operation.kind === 'create' ? (operation.nested ?? []) : [];
}

/**
 * The POST of `operation` may or may not have been applied: its entity and those nested in it are
 * all in doubt, each with its own error. Returns the owner's.
 */
export function doubtAll(operation: Operation, url: string, because: string, cause: unknown, context: NestedContext): ReturnType<typeof unknownOutcomeError> {
  const nested = nestedOf(operation);
  for (const { state } of [...nested, operation]) {
    const error = unknownOutcomeError(state, url, because, cause);
    context.doubts.set(state, error);
    context.setError(state, error);
  }
  context.doubts.together(operation.state, nested);
  return context.doubts.get(operation.state) as ReturnType<typeof unknownOutcomeError>;
}

/**
 * The nested entities' keys, from the answer's nested objects: recorded before the answer is
 * loaded, so its nested object loads into the entity and not into a second object for the row.
 * Call inside the store transaction that records the owner's key. A nested object without a key
 * (an answer cut short of it) leaves that entity in doubt: its row was made, which one is unknown.
 */
export function recordNestedKeys(operation: Operation, request: WriteRequest, row: unknown, context: NestedContext): NestedCreate[] {
  const made: NestedCreate[] = [];
  const relations = nestedOf(operation).length === 0 ? {} : answeredRelations(operation, request, row, context);
  for (const each of nestedOf(operation)) {
    const { state } = each;
    const answered = Object.hasOwn(relations, each.relation) ? relations[each.relation] : undefined;
    const pk = answered === undefined || answered === null ? undefined : context.dialect.rows.keyOf(state.model, answered);
    if (pk === undefined) {
      const cause = new ProtocolError(`${request.method} ${request.url} answered without the key of the new ${state.model.name} it created as "${each.relation}"`, row, { method: request.method, url: request.url, model: state.model.name });
      const error = unknownOutcomeError(state, request.url, 'the answer did not say which row it created', cause);
      context.doubts.set(state, error);
      context.setError(state, error);
      continue;
    }
    adoptKey(context.store, state, pk);
    context.doubts.delete(state);
    context.fresh?.add(state);
    made.push(each);
  }
  return made;
}

/** The relations of the answer's row; none when it cannot be read (the nested entities are then in doubt). */
function answeredRelations(operation: Operation, request: WriteRequest, row: unknown, context: NestedContext): Readonly<Record<string, unknown>> {
  try {
    return context.dialect.rows.read(operation.state.model, row, request.url).relations;
  } catch (error) {
    if (ProtocolError.is(error)) return {};
    throw error;
  }
}

/** A new entity whose row was made with `pk` takes that key (an object still holding it stood for a deleted row). */
export function adoptKey(store: EntityStore, state: EntityState, pk: PrimaryKey): void {
  const stale = store.find(state.model, pk);
  if (stale !== undefined && stale !== state) detach(store, stale);
  recordKey(store, state, pk);
}

/**
 * The sent fields of the nested entities that were made become clean: a `created` event each
 * (before the owner's); one whose key the answer lacked is in doubt: a `failed` event.
 */
export function settleNested(operation: Operation, made: readonly NestedCreate[], request: WriteRequest, merged: boolean, context: NestedContext): SaveEvent[] {
  return nestedOf(operation).map(({ state }): SaveEvent => {
    if (!made.some((each) => each.state === state)) return { type: 'failed', entity: state.entity, error: context.doubts.get(state) };
    for (const [field, value] of request.nestedSent.get(state) ?? []) settleSent(context.store, state, field, value, merged, 'create');
    context.setError(state, undefined);
    context.store.mark(state, 'created', true);
    return { type: 'created', entity: state.entity };
  });
}

/**
 * The owner's failure is the nested entities' too: each gets a `failed` event after the owner's,
 * with its own error when the POST is in doubt (doubtAll), the owner's otherwise.
 */
export function failNested(operation: Operation, context: NestedContext): (source: Observable<SaveEvent>) => Observable<SaveEvent> {
  const nested = nestedOf(operation);
  if (nested.length === 0) return (source) => source;
  return (source) =>
    source.pipe(
      concatMap((event) => {
        if (event.type !== 'failed' || event.entity !== operation.state.entity) return of(event);
        const more = nested.map(({ state }): SaveEvent => {
          const error = context.doubts.get(state) ?? event.error;
          context.setError(state, error);
          return { type: 'failed', entity: state.entity, error };
        });
        return from([event, ...more]);
      }),
    );
}
