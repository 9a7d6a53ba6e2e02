/**
 * Settles creates in doubt by looking their rows up. The datamodel does not say which columns are
 * unique, so the user names the columns that identify a row (`naturalKeys`); a create of such a
 * model whose POST may or may not have made the row is searched for by those values: one match is
 * the row (the entity adopts its key, nothing is sent), none means it was never created (it is an
 * ordinary new entity again and the save sends it), several mean the values do not identify a row
 * (it stays in doubt).
 */
import { Observable, catchError, concat, defer, from, map, mergeMap, of, toArray } from 'rxjs';
import { ProtocolError, ValidationError } from '../errors.js';
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
  // A create whose POST carried others goes first: its row names theirs (adopting them too), while
  // adopting one of them first would load its row's lists, and with them this row as another object.
  const carriers = doubtful.filter((state) => context.doubts.nestedIn(state).length > 0);
  const rest = doubtful.filter((state) => !carriers.includes(state));
  const settleAll = (states: readonly EntityState[]) => from(states).pipe(mergeMap((state) => settle(state, context), context.concurrency));
  return concat(settleAll(carriers), defer(() => settleAll(rest.filter((state) => context.doubts.has(state) && state.status === 'new')))).pipe(
    toArray(),
    // Told by where each ended, not by its own lookup: settling one create can settle those that
    // rode in the same POST (nest.ts), whatever their own lookup said or whether they had one.
    map(() => {
      for (const state of doubtful) empty[verdictOf(state, context)].push(state.entity);
      return empty;
    }),
  );
}

/** Where reconciling left an entity that was in doubt. */
function verdictOf(state: EntityState, context: ReconcileContext): Verdict {
  if (context.doubts.has(state) || state.status === 'deleted') return 'inDoubt';
  return state.status === 'new' ? 'absent' : 'adopted';
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
        // Not the creates that rode in the same POST (nest.ts): someone may have deleted this row
        // since, and theirs may exist; each is settled by its own lookup.
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
  // Created inside its POST: the row's nested object says which row each is. When another object
  // already stands for one of them, adopting this row would point it at that object while the
  // entity still names the new one: both stay in doubt.
  const nested = context.doubts.nestedIn(state).map((each) => ({ state: each.state, pk: nestedKey(state.model, row, each.relation, each.state.model, context) }));
  if (nested.some((each) => each.pk !== undefined && each.state.status === 'new' && store.find(each.state.model, each.pk) !== undefined)) return 'inDoubt';
  store.transaction(() => {
    recordKey(store, state, pk);
    // Before the row loads, so that its nested objects load into these entities.
    for (const each of nested) adoptNested(each.state, each.pk, context);
    // The row's values when they can be read; the adoption stands either way (the row exists).
    ingestWhole(context.ingest, state.model, row);
    context.doubts.delete(state);
    context.setError(state, undefined);
    store.mark(state, 'created', true);
  });
  return 'adopted';
}

/** The key of the row nested in `row` as `relation` (a create that rode in its POST), when the row says it. */
function nestedKey(model: ModelDef, row: unknown, relation: string, target: ModelDef, context: ReconcileContext): PrimaryKey | undefined {
  try {
    const relations = context.ingest.rows.read(model, row).relations;
    const nested = Object.hasOwn(relations, relation) ? relations[relation] : undefined;
    return nested === undefined || nested === null ? undefined : context.ingest.rows.keyOf(target, nested);
  } catch (error) {
    if (ProtocolError.is(error)) return undefined;
    throw error;
  }
}

/** A create that rode in an adopted row's POST exists too: it adopts its row (when it is known and no other object has it). */
function adoptNested(state: EntityState, pk: PrimaryKey | undefined, context: ReconcileContext): void {
  const { store } = context;
  if (pk === undefined || state.status !== 'new' || !context.doubts.has(state) || store.find(state.model, pk) !== undefined) return;
  recordKey(store, state, pk);
  context.doubts.delete(state);
  context.setError(state, undefined);
  store.mark(state, 'created', true);
}
