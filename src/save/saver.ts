import { Observable, ReplaySubject, catchError, concatMap, defer, finalize, from, map, of, share, switchMap, tap, throwError, timer } from 'rxjs';
import { HttpError, ValidationError } from '../errors.js';
import { detach } from '../store/detach.js';
import type { EntityState } from '../store/entity-state.js';
import { collect, needsOf } from './collect.js';
import { Doubts } from './doubt.js';
import { execute, type ExecuteContext } from './execute.js';
import { nest } from './nest.js';
import { plan } from './plan.js';
import { reconcile, settle, type ReconcileContext, type ReconcileResult } from './reconcile.js';
import type { SaveEvent } from './save-event.js';
import { saveLogRecord, type SaveLogRecord } from './save-log.js';
import { emitLog } from '../transport/request-log.js';
import { writeDelayFor } from './write-retry.js';

/** What a saver needs from its client. */
export type SaverContext = Omit<ExecuteContext, 'doubts' | 'resend' | 'uncertain'> & {
  /** Looks in-doubt creates up on the server by their natural keys (see reconcile.ts). */
  readonly reconcile: Omit<ReconcileContext, 'doubts' | 'store' | 'setError'>;
  /** Receives one record per save event (the `logger` option of connect). */
  readonly logger?: (record: SaveLogRecord) => void;
  /** Whether a new to-one target may ride in its owner's POST (nest.ts; `connect({ nestedCreates })`). Default true. */
  readonly nestedCreates?: boolean;
};

/**
 * The unit of work of one client. Saves and deletes are queued: each starts only when everything
 * asked for before it has ended, so two overlapping saves never send the same entity twice, and a
 * delete never races the create or update of its entity. Saves of one entity asked for while one
 * is queued or running share it (a double-clicked Save button sends one request).
 */
export class Saver {
  readonly #context: SaverContext;
  readonly #doubts = new Doubts();
  /** To-many relations a PUT whose outcome is unknown may or may not have changed (see execute.ts). */
  readonly #uncertain = new WeakMap<EntityState, Set<string>>();
  readonly #entitySaves = new Map<EntityState, Observable<SaveEvent>>();
  #queue: Promise<void> = Promise.resolve();

  constructor(context: SaverContext) {
    this.#context = context;
  }

  /** True while the entity's create is in doubt (see Doubts). */
  inDoubt(state: EntityState): boolean {
    return this.#doubts.has(state);
  }

  /** Saves every pending change of the store, after reconciling the creates in doubt it can. */
  saveAll(): Observable<SaveEvent> {
    return this.#queued(() => this.#run(() => [...this.#context.store.pending()]));
  }

  /** Saves one entity and the unsaved entities it needs. */
  save(state: EntityState): Observable<SaveEvent> {
    return defer(() => {
      if (state.status === 'deleted') return throwError(() => new ValidationError(`This ${state.model.name} was deleted; it cannot be saved`, { model: state.model.name }));
      const running = this.#entitySaves.get(state);
      if (running) return running;
      // Only a call made once the doubt is known is the user's decision to send the entity again;
      // a save queued behind the one that lost the answer is not.
      const resend = this.#doubts.has(state) ? state : undefined;
      const shared: Observable<SaveEvent> = this.#queued(() => this.#run(() => needsOf(state, this.#context.store.datamodel), resend)).pipe(
        finalize(() => {
          if (this.#entitySaves.get(state) === shared) this.#entitySaves.delete(state);
        }),
        share({ connector: () => new ReplaySubject<SaveEvent>(), resetOnError: false, resetOnComplete: false, resetOnRefCountZero: true }),
      );
      this.#entitySaves.set(state, shared);
      return shared;
    });
  }

  /** Looks every create in doubt up by its model's natural keys (queued like a save). */
  reconcile(): Promise<ReconcileResult> {
    return new Promise((resolve, reject) => {
      this.#queued(() => this.#reconcile(this.#doubts.entities())).subscribe({ next: resolve, error: reject });
    });
  }

  /** Deletes (once the saves before it have ended): a DELETE for a saved entity, nothing to send for a new one. */
  delete(state: EntityState): Observable<void> {
    // A create in doubt may have made the row: with natural keys it is looked up first, and a row
    // found is deleted on the server too (without them, only the local copy can be dropped).
    return this.#queued(() => {
      if (!this.#doubts.has(state) || this.#context.reconcile.naturalKeys(state.model) === undefined) return this.#deleteNow(state);
      return settle(state, this.#reconcileContext()).pipe(
        switchMap(({ verdict, error }) => {
          if (verdict !== 'inDoubt') return this.#deleteNow(state);
          // The row may exist and cannot be told apart: dropping the local copy would leave it behind.
          return throwError(() => (error !== undefined ? error : new ValidationError(`This ${state.model.name} may have been created, and its natural keys match several rows: which one to delete is unknown. Delete the row on the server, then delete() this entity again after reconcile() finds none.`, { model: state.model.name })));
        }),
      );
    });
  }

  #deleteNow(state: EntityState): Observable<void> {
    const { store, http, dialect, retry } = this.#context;
    if (state.status === 'deleted') return of(undefined);
    if (state.status === 'new' || state.pk === undefined) {
      this.#doubts.delete(state);
      detach(store, state);
      return of(undefined);
    }
    const { method, url } = dialect.writes.delete(state.model, state.pk);
    const attempt = (number: number): Observable<void> =>
      http.request({ method, url }).pipe(
        map(() => undefined),
        catchError((error: unknown) => {
          // The row is gone either way: deleted by this request's earlier attempt, or by someone else.
          if (error instanceof HttpError && error.status === 404) return of(undefined);
          const delay = writeDelayFor(dialect.outcomes, 'delete', number, error, retry);
          return delay === undefined ? throwError(() => error) : timer(delay).pipe(concatMap(() => attempt(number + 1)));
        }),
      );
    return attempt(1).pipe(map(() => detach(store, state)));
  }

  /**
   * Reconciles the doubts among the entities to save, then saves them. `resend`: the entity whose
   * own save() was asked for after its doubt was known, which may POST again.
   */
  #run(states: () => EntityState[], resend?: EntityState): Observable<SaveEvent> {
    const context = this.#context;
    return defer(() => {
      const doubtful = states().filter((state) => this.#doubts.has(state));
      return this.#reconcile(doubtful).pipe(
        switchMap(() => {
          // A new to-one target that nothing else needs travels inside its owner's POST (nest.ts).
          // With natural keys, reconciling decides whether a doubtful create is sent again, never a guess.
          const resendable = resend !== undefined && this.#doubts.has(resend) && context.reconcile.naturalKeys(resend.model) === undefined;
          // Sending it again says its POST made nothing: nor, then, the creates that rode in it (one transaction).
          if (resendable) for (const partner of this.#doubts.partners(resend)) if (partner.status === 'new') this.#doubts.delete(partner);
          const collected = collect(states(), { datamodel: context.store.datamodel });
          const inDoubt = (state: EntityState) => this.#doubts.has(state) && !(resendable && state === resend);
          const pending = context.nestedCreates === false ? collected : nest(collected, { writes: context.dialect.writes, inDoubt });
          return execute(plan(pending), { ...context, doubts: this.#doubts, uncertain: this.#uncertain, ...(resendable ? { resend } : {}) }).pipe(
            // Here, before a save's events are shared: each step is logged once, however many listen.
            tap((event) => emitLog(context.logger, () => saveLogRecord(event))),
          );
        }),
      );
    });
  }

  #reconcile(states: EntityState[]): Observable<ReconcileResult> {
    return reconcile(states, this.#reconcileContext());
  }

  #reconcileContext(): ReconcileContext {
    const { store, setError } = this.#context;
    return { ...this.#context.reconcile, store, setError, doubts: this.#doubts };
  }

  #queued<T>(work: () => Observable<T>): Observable<T> {
    return defer(() => {
      const previous = this.#queue;
      let release: () => void = () => undefined;
      const mine = new Promise<void>((resolve) => {
        release = resolve;
      });
      // The slot ends when this work AND everything before it have ended: a save unsubscribed while
      // it waits must not let the next one start beside a save still running.
      this.#queue = previous.then(() => mine);
      return from(previous).pipe(
        switchMap(work),
        finalize(() => release()),
      );
    });
  }
}
