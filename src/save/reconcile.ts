/**
 * Settles creates in doubt by looking their rows up. The datamodel does not say which columns are
 * unique, so the user names the columns that identify a row (`naturalKeys`); a create of such a
 * model whose POST may or may not have made the row is searched for by those values: one match is
 * the row (the entity adopts its key, nothing is sent), none means it was never created (it is an
 * ordinary new entity again and the save sends it), several mean the values do not identify a row
 * (it stays in doubt).
 */
import { Observable, catchError, from, map, mergeMap, of, reduce } from 'rxjs';
import { ValidationError } from '../errors.js';
import type { ModelDef } from '../schema/datamodel.js';
import type { EntityStore } from '../store/entity-store.js';
import type { EntityState, PrimaryKey } from '../store/entity-state.js';
import { ingestWhole, type IngestContext } from '../store/ingest.js';
import { recordKey } from '../store/entity-writes.js';
import type { Doubts } from './doubt.js';

export interface ReconcileContext {
  readonly store: EntityStore;
  readonly doubts: Doubts;
  readonly setError: (state: EntityState, error: unknown) => void;
  /** The columns that identify a row of `model`, when the user named them. */
  readonly naturalKeys: (model: ModelDef) => readonly string[] | undefined;
  /** Up to two rows whose columns equal `values`, read without loading them into the store. */
  readonly lookup: (model: ModelDef, values: Readonly<Record<string, unknown>>) => Observable<readonly unknown[]>;
  readonly ingest: Omit<IngestContext, 'url'>;
  readonly concurrency: number;
}

/** What `client.reconcile()` found. */
export interface ReconcileResult {
  /** Found on the server: now saved entities with the row's key (no POST was sent). */
  readonly adopted: readonly object[];
  /** Not on the server: no longer in doubt; a save sends them (their saveError stays until it succeeds). */
  readonly absent: readonly object[];
  /**
   * Still in doubt: their model has no natural keys, a key column is not set, several rows match,
   * the row is already another entity of the store, or the lookup failed.
   */
  readonly inDoubt: readonly object[];
}

export type Verdict = 'adopted' | 'absent' | 'inDoubt';

/** What reconciling one entity found, and, when it stays in doubt, why (a failed lookup's error). */
export interface Settlement {
  readonly verdict: Verdict;
  readonly error?: unknown;
}

/** Reconciles the entities of `states` that are in doubt; the others are left alone. */
export function reconcile(states: readonly EntityState[], context: ReconcileContext): Observable<ReconcileResult> {
  const doubtful = states.filter((state) => context.doubts.has(state) && state.status === 'new');
  const empty: { adopted: object[]; absent: object[]; inDoubt: object[] } = { adopted: [], absent: [], inDoubt: [] };
  if (doubtful.length === 0) return of(empty);
  return from(doubtful).pipe(
    mergeMap((state) => settle(state, context).pipe(map(({ verdict }) => ({ state, verdict }))), context.concurrency),
    reduce((result, { state, verdict }) => {
      result[verdict].push(state.entity);
      return result;
    }, empty),
  );
}

/** Reconciles one entity (in doubt or not: one that is not is left alone, as `inDoubt: false` shows). */
export function settle(state: EntityState, context: ReconcileContext): Observable<Settlement> {
  const keys = context.naturalKeys(state.model);
  if (keys === undefined) return of({ verdict: 'inDoubt' });
  const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of keys) {
    const value = state.read(key);
    if (value === undefined) return of({ verdict: 'inDoubt', error: new ValidationError(`This ${state.model.name} has no value for its natural key ${key}: its row cannot be looked up`, { model: state.model.name, field: key }) });
    values[key] = value;
  }
  return context.lookup(state.model, values).pipe(
    map((rows): Settlement => {
      // The doubt may have been settled meanwhile (a delete, a resend).
      if (!context.doubts.has(state) || state.status !== 'new') return { verdict: 'inDoubt' };
      if (rows.length === 0) {
        // No longer in doubt; its saveError stays the error of its last failed save until one succeeds.
        context.doubts.delete(state);
        return { verdict: 'absent' };
      }
      return { verdict: rows.length === 1 ? adopt(state, rows[0], context) : 'inDoubt' };
    }),
    // A failed lookup settles nothing: the entity stays in doubt, with its error.
    catchError((error: unknown) => of<Settlement>({ verdict: 'inDoubt', error })),
  );
}

/** The row exists: the entity becomes it (the key beside its lid, the row's values merged). */
function adopt(state: EntityState, row: unknown, context: ReconcileContext): Verdict {
  const { store } = context;
  // The dialect reads the key (a JSON:API row is a resource, its id a string).
  const pk = context.ingest.rows.keyOf(state.model, row);
  if (typeof pk !== 'number' && typeof pk !== 'string') return 'inDoubt';
  // Another object already stands for this row (a read loaded it meanwhile): one object per row
  // wins over adoption, so this one stays in doubt for the user to drop.
  if (store.find(state.model, pk as PrimaryKey) !== undefined) return 'inDoubt';
  store.transaction(() => {
    recordKey(store, state, pk);
    // The row's values when they can be read; the adoption stands either way (the row exists).
    ingestWhole(context.ingest, state.model, row);
    context.doubts.delete(state);
    context.setError(state, undefined);
    store.mark(state, 'created', true);
  });
  return 'adopted';
}

