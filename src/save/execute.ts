import { EMPTY, Observable, concat, concatMap, defer, filter, from, ignoreElements, mergeMap, of, throwError, timer, catchError, map, tap } from 'rxjs';
import { HttpError, NotFoundError, ProtocolError, SaveError } from '../errors.js';
import { detach } from '../store/detach.js';
import type { EntityStore } from '../store/entity-store.js';
import type { EntityState, PrimaryKey } from '../store/entity-state.js';
import { ingestWhole, type IngestContext } from '../store/ingest.js';
import { forgetServerValues, recordKey, settleLinks, settleProperty, settleSent } from '../store/entity-writes.js';
import { sameValue } from '../store/same-value.js';
import type { HttpClient, HttpResponse } from '../transport/http.js';
import type { RetryOptions } from '../transport/retry.js';
import type { Operation } from './operation.js';
import { requestFor, type WriteRequest } from './payload.js';
import { verifyReferences } from './verify-references.js';
import type { Plan } from './plan.js';
import type { SaveEvent } from './save-event.js';
import { writeDelayFor, type RetryPolicy } from './write-retry.js';
import type { Dialect, WireWrite } from '../dialect/dialect.js';
import type { ColumnCodec } from '../schema/column-codec.js';
import { unknownOutcomeError, type Doubts } from './doubt.js';
import { doubtAll, failNested, recordNestedKeys, settleNested } from './nested-outcome.js';
import { listChanges } from './collect.js';

/** What running a plan needs. */
export interface ExecuteContext {
  readonly http: HttpClient;
  readonly store: EntityStore;
  /** The wire: write requests, answers, what a failure says about the outcome. */
  readonly dialect: Dialect;
  readonly codec: ColumnCodec;
  readonly concurrency: number;
  readonly retry: RetryOptions;
  readonly ingest: Omit<IngestContext, 'url'>;
  /** Records the error of an entity's last failed save (cleared by a successful one). */
  readonly setError: (state: EntityState, error: unknown) => void;
  readonly errorOf: (state: EntityState) => unknown;
  /** Settable server @properties go through the RPC property route. */
  readonly properties: PropertyWriter;
  /**
   * New entities whose POST may have created the row (the answer was lost): never POSTed again by
   * a save, except by `entity.save()` of that very entity called after the doubt was known
   * (`resend`), the user's explicit decision.
   */
  readonly doubts: Doubts;
  readonly resend?: EntityState;
  /** Entities this save created so far: rows known to exist, whose keys need no check. */
  readonly fresh?: Set<EntityState>;
  /**
   * To-many relations of saved rows that a PUT whose outcome is unknown may have changed: the
   * client does not know the server's list, and the classic server fails on removing a link that is
   * not there, so the relation is read again before its next change is sent.
   */
  readonly uncertain?: WeakMap<EntityState, Set<string>>;
  /** Reads a relation of a saved row again (its server value in the store becomes the server's). */
  readonly reloadRelation: (state: EntityState, relation: string) => Observable<unknown>;
}

/** Writes one server @property of a saved row. */
export interface PropertyWriter {
  url(state: EntityState, name: string): string;
  write(state: EntityState, name: string, value: unknown): Observable<void>;
}

/**
 * Runs a plan: levels in order, the operations of a level concurrently (bounded), as a stream of
 * events. A failed operation's entity stays pending and dirty with the error attached; what
 * depends on it is skipped; independent work completes. If anything failed, the stream errors
 * with a SaveError after `completed`. Unsubscribing aborts the requests in flight.
 */
export function execute(plan: Plan, context: ExecuteContext): Observable<SaveEvent> {
  return defer(() => {
    const failed = new Map<string, EntityState>();
    const withFresh: ExecuteContext = { ...context, fresh: new Set() };
    const counts = { created: 0, updated: 0, failed: 0, skipped: 0 };
    const failures: Array<{ entity: unknown; error: unknown }> = [];
    const planned: SaveEvent = {
      type: 'planned',
      levels: plan.levels.map((level) => level.map((operation) => ({ kind: operation.kind, entity: operation.state.entity, fields: fieldsOf(operation) }))),
    };
    const run = (operation: Operation): Observable<SaveEvent> => {
      // An earlier save left this create in doubt: it is not sent, and it is not a new failure of
      // this save (its error stays as it was); what needs it waits, as for a failure.
      const doubt = operation.kind === 'create' && operation.state !== context.resend && context.doubts.has(operation.state);
      if (doubt) {
        failed.set(operation.id, operation.state);
        counts.skipped += 1;
        return of<SaveEvent>({ type: 'skipped', entity: operation.state.entity, because: operation.state.entity });
      }
      const blocker = (plan.dependencies.get(operation.id) ?? []).map((id) => failed.get(id)).find((state) => state !== undefined);
      if (blocker) {
        failed.set(operation.id, operation.state);
        counts.skipped += 1;
        context.setError(operation.state, new SaveError(`This ${operation.state.model.name} was not sent: it needs a ${blocker.model.name} that could not be saved`, [{ entity: blocker.entity, error: context.errorOf(blocker) }], { model: operation.state.model.name }));
        return of({ type: 'skipped', entity: operation.state.entity, because: blocker.entity });
      }
      return send(operation, withFresh).pipe(
        tap((event) => {
          if (event.type === 'created') counts.created += 1;
          if (event.type === 'updated') counts.updated += 1;
          if (event.type === 'failed') {
            failed.set(operation.id, operation.state);
            counts.failed += 1;
            failures.push({ entity: event.entity, error: event.error });
          }
        }),
      );
    };
    // Each level's answers reach observers of the store as one batch, when the level ends.
    const levels = from(plan.levels).pipe(concatMap((level) => defer(() => heldBy(context.store, from(level).pipe(mergeMap(run, context.concurrency))))));
    const end = defer(() => {
      const completed: SaveEvent = { type: 'completed', ...counts };
      if (failures.length === 0) return of(completed);
      const message = `${failures.length} of the save's operations failed (${counts.skipped} skipped): ${failures.map((failure) => describe(failure.error)).join('; ')}`;
      return concat(of(completed), throwError(() => new SaveError(message, failures)));
    });
    return concat(of(planned), levels, end);
  });
}

/** `source` with the store's batches held until it ends (completes, fails or is unsubscribed). */
function heldBy<T>(store: EntityStore, source: Observable<T>): Observable<T> {
  const release = store.hold();
  // Released before the end is passed on (not in finalize, which runs after the next level began).
  return source.pipe(tap({ complete: release, error: release, finalize: release }));
}

/** One operation's request with its retries, then its result applied to the store. */
function send(operation: Operation, context: ExecuteContext): Observable<SaveEvent> {
  if (operation.kind === 'property') return sendProperty(operation, context);
  const stale = uncertainLists(operation, context);
  if (stale.length > 0) {
    const reload = context.reloadRelation;
    const uncertain = context.uncertain?.get(operation.state);
    // The reloads' values are for the store; only the operation's events go out.
    const reloads = from(stale).pipe(concatMap((relation) => reload(operation.state, relation).pipe(tap({ complete: () => uncertain?.delete(relation) }))), ignoreElements());
    return concat(reloads, defer(() => send(operation, context))).pipe(
      catchError((error: unknown) => {
        context.setError(operation.state, error);
        return of<SaveEvent>({ type: 'failed', entity: operation.state.entity, error });
      }),
    );
  }
  let request: WriteRequest;
  try {
    request = requestFor(operation, context.dialect, context.codec, { datamodel: context.store.datamodel, ...(context.fresh === undefined ? {} : { fresh: context.fresh }) });
  } catch (error) {
    context.setError(operation.state, error);
    return of<SaveEvent>({ type: 'failed', entity: operation.state.entity, error }).pipe(failNested(operation, context));
  }
  if (request.next !== undefined && request.next.length > 0) return sendSteps(operation, request, context);
  return sendRequest(operation, request, context);
}

/** One request of an operation with its retries, then its answer applied to the store. */
function sendRequest(operation: Operation, request: WriteRequest, context: ExecuteContext): Observable<SaveEvent> {
  const { state } = operation;
  const { outcomes } = context.dialect;
  const creates = operation.kind === 'create';
  const attempt = (number: number): Observable<SaveEvent> =>
    concat(
      of<SaveEvent>({ type: 'request', method: request.method, url: request.url, entity: state.entity, attempt: number }),
      doubtIfCancelled(context.http.request({ method: request.method, url: request.url, ...(request.json === undefined ? {} : { json: request.json }) }), () => {
        if (creates) doubtAll(operation, request.url, 'the save was cancelled while the request was in flight', undefined, context);
      }).pipe(concatMap((response) => apply(operation, request, response, context))),
    );
  // A write the dialect says is not idempotent (a create; a classic PUT adding or removing links)
  // is retried only when it certainly was not applied; an update's relation is then read again
  // before the next try (markUncertain).
  const retryAs: RetryPolicy = creates || !request.idempotent ? 'create' : 'idempotent';
  const sent = withRetries(retryAs, state, context, attempt, (error) => {
    if (creates && outcomes.inDoubt(error)) return doubtAll(operation, request.url, outcomes.inDoubtBecause(error), error, context);
    if (!creates && error instanceof HttpError && error.status === 404) return gone(state, request.method, request.url, error, context);
    if (!creates && outcomes.inDoubt(error)) markUncertain(operation, request, context);
    return error;
  });
  // Rows named by key alone are checked first. A failed check fails the write without sending it
  // (so a POST is not in doubt); `sent` itself never errors: its failures are `failed` events.
  return concat(verifyReferences(request.references, state, context.http, context.dialect), sent, defer(() => ignoredByCreate(operation, request, context))).pipe(
    catchError((error: unknown) => {
      context.setError(state, error);
      return of<SaveEvent>({ type: 'failed', entity: state.entity, error });
    }),
    failNested(operation, context),
  );
}

/**
 * A write the dialect sends as several requests (a JSON:API update: PATCH, then `/relationships/`
 * POST and DELETE requests), one after the other. Each settles what it applied: a linking request
 * its adds or removes, the others the changed fields no linking request names; so a later failure
 * leaves the store true to the earlier 2xx answers. The first failure stops the rest, whose changes
 * stay unsaved with the error. Only the last request reports the operation as `updated`.
 */
function sendSteps(operation: Operation, request: WriteRequest, context: ExecuteContext): Observable<SaveEvent> {
  const { next = [], ...head } = request;
  const steps: WireWrite[] = [head, ...next];
  const linked = new Set(steps.flatMap((step) => (step.link === undefined ? [] : [step.link.relation])));
  let stopped = false;
  return concat(
    ...steps.map((step, index) =>
      defer(() => {
        if (stopped) return EMPTY;
        const sent = step.link === undefined ? new Map([...request.sent].filter(([field]) => !linked.has(field))) : new Map<string, unknown>();
        const part = step.link === undefined ? operation : linkPart(operation, step.link);
        return sendRequest(part, { ...step, sent, references: index === 0 ? request.references : [], nestedSent: new Map() }, context).pipe(
          tap((event) => {
            if (event.type === 'failed') stopped = true;
          }),
          filter((event) => event.type !== 'updated' || index === steps.length - 1),
        );
      }),
    ),
  );
}

/** The part of an operation one linking request applies: its adds or its removes of one relation. */
function linkPart(operation: Operation, link: NonNullable<WireWrite['link']>): Operation {
  const { add, remove } = operation.kind === 'link' ? operation : listChanges(operation.state, link.relation);
  return { kind: 'link', id: operation.id, state: operation.state, relation: link.relation, add: link.change === 'add' ? add : [], remove: link.change === 'remove' ? remove : [] };
}

/** The to-many relations of an update or link operation that a lost answer left uncertain. */
function uncertainLists(operation: Operation, context: ExecuteContext): string[] {
  if (operation.kind !== 'update' && operation.kind !== 'link') return [];
  const uncertain = context.uncertain?.get(operation.state);
  if (uncertain === undefined || uncertain.size === 0) return [];
  const fields = operation.kind === 'link' ? [operation.relation] : operation.fields;
  return fields.filter((field) => uncertain.has(field));
}

/**
 * A PUT whose outcome is unknown may or may not have been applied. Its fields stay unsaved (they are
 * sent again: a PUT is idempotent); what the server holds for them is no longer known, so an edit
 * back to the old value is still a change to send. A to-many list is read again before its next
 * change is sent.
 */
function markUncertain(operation: Operation, request: WriteRequest, context: ExecuteContext): void {
  const { state } = operation;
  const fields = operation.kind === 'link' ? [operation.relation] : [...request.sent.keys()];
  context.store.transaction(() => {
    for (const field of fields) {
      if (state.model.relations.get(field)?.many) {
        const set = context.uncertain?.get(state) ?? new Set<string>();
        set.add(field);
        context.uncertain?.set(state, set);
      }
    }
    forgetServerValues(context.store, state, fields);
  });
}

/**
 * The classic server's POST ignores columns it cannot set at creation (association proxies), and
 * its answer does not carry them; its PUT applies them. Such fields are still unsaved after the
 * create, so they are sent right away by an update, never dropped.
 */
function ignoredByCreate(operation: Operation, request: WriteRequest, context: ExecuteContext): Observable<SaveEvent> {
  const { state } = operation;
  if (operation.kind !== 'create' || state.status !== 'clean') return EMPTY;
  // Sent, still the value that was sent, and absent from the answer (a field edited meanwhile waits for the next save).
  const fields = [...request.sent].filter(([field, value]) => state.model.attributes.has(field) && !state.server.has(field) && state.local.has(field) && sameValue(state.local.get(field), value)).map(([field]) => field);
  if (fields.length === 0) return EMPTY;
  return send({ kind: 'update', id: `update:${state.lid}`, state, fields }, context);
}

/**
 * A PUT answered 404: someone deleted the row. The entity leaves the store as a deleted one (every
 * list, every relation) instead of failing every later save; its values stay readable on the
 * object, so the user can create it again from them.
 */
function gone(state: EntityState, method: string, url: string, cause: HttpError, context: ExecuteContext): NotFoundError {
  const error = new NotFoundError(cause.body, {
    method,
    url,
    model: state.model.name,
    cause,
    message: `${state.model.name} ${String(state.pk)} no longer exists on the server (someone deleted it), so its changes could not be saved. It was removed from the store; its values are still readable on the object (toJSON()), to create it again with ${state.model.name}.create() if you want to keep them.`,
  });
  detach(context.store, state);
  return error;
}

/**
 * A property write: the value is read when it is sent, and settled only if it was not changed
 * again meanwhile. Setting a property is idempotent, so it is retried like a PUT.
 */
function sendProperty(operation: Extract<Operation, { kind: 'property' }>, context: ExecuteContext): Observable<SaveEvent> {
  const { state, name } = operation;
  const value = state.read(name);
  const attempt = (number: number): Observable<SaveEvent> =>
    concat(
      defer(() => of<SaveEvent>({ type: 'request', method: 'POST', url: context.properties.url(state, name), entity: state.entity, attempt: number })),
      context.properties.write(state, name, value).pipe(
        map(() =>
          context.store.transaction((): SaveEvent => {
            settleProperty(context.store, state, name, value);
            context.setError(state, undefined);
            return { type: 'updated', entity: state.entity };
          }),
        ),
      ),
    );
  return withRetries('idempotent', state, context, attempt, (error) => error);
}

/**
 * Runs `attempt(1)`, and again after each failure the write retry policy of `method` allows, with
 * a `retrying` event before the wait. The last failure becomes the entity's error (as `report`
 * words it) and a `failed` event.
 */
function withRetries(
  policy: RetryPolicy,
  state: EntityState,
  context: ExecuteContext,
  attempt: (number: number) => Observable<SaveEvent>,
  report: (error: unknown) => unknown,
): Observable<SaveEvent> {
  const run = (number: number): Observable<SaveEvent> =>
    attempt(number).pipe(
      catchError((error: unknown) => {
        const delay = writeDelayFor(context.dialect.outcomes, policy, number, error, context.retry);
        if (delay !== undefined) {
          return concat(of<SaveEvent>({ type: 'retrying', entity: state.entity, attempt: number + 1, delayMs: delay, error }), timer(delay).pipe(concatMap(() => EMPTY)), defer(() => run(number + 1)));
        }
        const reported = report(error);
        context.setError(state, reported);
        return of<SaveEvent>({ type: 'failed', entity: state.entity, error: reported });
      }),
    );
  return run(1);
}

/**
 * Applies a successful answer: a 2xx means the server applied the write. A create records the
 * row's key (an answer without one leaves the create in doubt: the row exists, which one is
 * unknown); the sent fields become clean; the server's values are merged when the answer is usable.
 */
function apply(operation: Operation, request: WriteRequest, response: HttpResponse, context: ExecuteContext): SaveEvent[] {
  const { state } = operation;
  const { store } = context;
  const body = response.body;
  const { writes, rows } = context.dialect;
  const row = writes.answer(body);
  const pk = row === undefined ? undefined : rows.keyOf(state.model, row);
  if (operation.kind === 'create' && pk === undefined) {
    throw new ProtocolError(`${request.method} ${request.url} answered ${response.status} without the new row's key "${state.model.pk}"`, body, { method: request.method, url: request.url, model: state.model.name });
  }
  return store.transaction(() => {
    if (operation.kind === 'create') {
      // The database just gave this key to a new row: an entity still holding it stands for a row
      // someone else deleted (SQLite reuses the highest id). It leaves the store, as after a delete,
      // so that one key never names two objects.
      const stale = store.find(state.model, pk as PrimaryKey);
      if (stale !== undefined && stale !== state) detach(store, stale);
      recordKey(store, state, pk as PrimaryKey);
      context.doubts.delete(state);
      context.fresh?.add(state);
    }
    // Entities created inside this POST take their keys before the answer's nested objects load.
    const made = recordNestedKeys(operation, request, row, context);
    // The answer first: it moves the other side of relations (a parent's list gains its new child).
    // An answer that cannot be read changes nothing but the fields that were sent.
    const merged = row !== undefined && ingestWhole({ ...context.ingest, url: request.url }, state.model, row);
    const answered = merged ? rows.read(state.model, row, request.url).columns : undefined;
    for (const [field, value] of request.sent) {
      // A create's answer lacks what its POST ignored: that field stays unsaved (ignoredByCreate).
      if (answered !== undefined && operation.kind === 'create' && state.model.attributes.has(field) && !Object.hasOwn(answered, field)) continue;
      // A field changed again while the request was out stays dirty with the newer value.
      settleSent(store, state, field, value, merged, operation.kind === 'create' ? 'create' : 'update');
    }
    if (!merged && operation.kind === 'link') settleLinks(store, state, operation.relation, operation.add, operation.remove);
    context.setError(state, undefined);
    const type = operation.kind === 'create' ? 'created' : 'updated';
    store.mark(state, type, true);
    return [...settleNested(operation, made, request, merged, context), { type, entity: state.entity }];
  });
}

/**
 * Calls `onCancel` when the subscriber leaves before `source` answered: for a POST, the request
 * may have reached the server, so its outcome is unknown.
 */
function doubtIfCancelled<T>(source: Observable<T>, onCancel: () => void): Observable<T> {
  return new Observable<T>((subscriber) => {
    let answered = false;
    const subscription = source.subscribe({
      next: (value) => {
        answered = true;
        subscriber.next(value);
      },
      error: (error: unknown) => {
        answered = true;
        subscriber.error(error);
      },
      complete: () => {
        answered = true;
        subscriber.complete();
      },
    });
    return () => {
      subscription.unsubscribe();
      if (!answered) onCancel();
    };
  });
}

function fieldsOf(operation: Operation): readonly string[] {
  if (operation.kind === 'property') return [operation.name];
  return operation.kind === 'link' ? [operation.relation] : operation.fields;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
