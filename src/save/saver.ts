import { Observable, catchError, concatMap, defer, finalize, from, map, of, switchMap, throwError, timer } from 'rxjs';
import { HttpError, ValidationError, type RestlessError } from '../errors.js';
import { itemUrl } from '../dialect/classic/resources.js';
import type { ModelDef } from '../schema/datamodel.js';
import { detach } from '../store/detach.js';
import type { EntityState } from '../store/entity-state.js';
import { collect, needsOf } from './collect.js';
import { execute, type ExecuteContext } from './execute.js';
import { plan } from './plan.js';
import type { SaveEvent } from './save-event.js';
import { writeDelayFor } from './write-retry.js';

/** What a saver needs from its client. */
export type SaverContext = Omit<ExecuteContext, 'doubts' | 'resend'> & { readonly readOnly: (model: ModelDef) => ReadonlySet<string> };

/**
 * The unit of work of one client. Saves and deletes are queued: each starts only when everything
 * asked for before it has ended, so two overlapping saves never send the same entity twice, and a
 * delete never races the create or update of its entity.
 */
export class Saver {
  readonly #context: SaverContext;
  readonly #doubts = new WeakMap<EntityState, RestlessError>();
  #queue: Promise<void> = Promise.resolve();

  constructor(context: SaverContext) {
    this.#context = context;
  }

  /** Saves every pending change of the store. */
  saveAll(): Observable<SaveEvent> {
    return this.#queued(() => this.#run([...this.#context.store.pending()]));
  }

  /** Saves one entity and the unsaved entities it needs. */
  save(state: EntityState): Observable<SaveEvent> {
    if (state.status === 'deleted') return throwError(() => new ValidationError(`This ${state.model.name} was deleted; it cannot be saved`, { model: state.model.name }));
    return this.#queued(() => this.#run(needsOf(state, this.#context.store.datamodel), state));
  }

  /** Deletes (once the saves before it have ended): a DELETE for a saved entity, nothing to send for a new one. */
  delete(state: EntityState): Observable<void> {
    return this.#queued(() => {
      const { store, http, root, retry } = this.#context;
      if (state.status === 'deleted') return of(undefined);
      if (state.status === 'new' || state.pk === undefined) {
        detach(store, state);
        return of(undefined);
      }
      const url = itemUrl(root, state.model, state.pk);
      const attempt = (number: number): Observable<void> =>
        http.request({ method: 'DELETE', url }).pipe(
          map(() => undefined),
          catchError((error: unknown) => {
            // A retried DELETE that finds nothing means the first one went through.
            if (number > 1 && error instanceof HttpError && error.status === 404) return of(undefined);
            const delay = writeDelayFor('DELETE', number, error, retry);
            return delay === undefined ? throwError(() => error) : timer(delay).pipe(concatMap(() => attempt(number + 1)));
          }),
        );
      return attempt(1).pipe(map(() => detach(store, state)));
    });
  }

  /** `resend`: the entity whose own save() was asked for, which may POST again though in doubt. */
  #run(states: EntityState[], resend?: EntityState): Observable<SaveEvent> {
    const context = this.#context;
    const pending = collect(states, { datamodel: context.store.datamodel, readOnly: context.readOnly });
    return execute(plan(pending), { ...context, doubts: this.#doubts, ...(resend === undefined ? {} : { resend }) });
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
