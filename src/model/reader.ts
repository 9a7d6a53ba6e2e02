import { EMPTY, Observable, catchError, concatMap, defer, expand, from, map, mergeMap, of, switchMap, throwError, toArray } from 'rxjs';
import { HttpError, MultipleResultsError, NoResultError, NotFoundError, ProtocolError, ValidationError, serverMessageOf } from '../errors.js';
import { collectionUrl, itemUrl, unaddressableKey, parseCollectionPage, relationUrl, searchUrl, type CollectionPage } from '../dialect/classic/resources.js';
import { encodeQuery } from '../dialect/classic/encode-query.js';
import type { QueryExpression, WireValue } from '../query/expression.js';
import type { QueryRunner } from '../query/query.js';
import type { Datamodel, ModelDef } from '../schema/datamodel.js';
import type { EntityStore } from '../store/entity-store.js';
import { discardEdits, loadField } from '../store/entity-writes.js';
import type { EntityState, PrimaryKey } from '../store/entity-state.js';
import { ingest, isDeletedRow, type IngestContext } from '../store/ingest.js';
import type { HttpClient } from '../transport/http.js';
import { liveList } from '../query/live-list.js';
import { checkPageCounts } from './page-counts.js';

/** What reading needs from the client. */
export interface ReaderOptions {
  readonly http: HttpClient;
  readonly store: EntityStore;
  readonly datamodel: Datamodel;
  /** The server root (scheme, host, port and any path before the models' url_prefix). */
  readonly root: string;
  readonly timeZone: string;
  /** Rows asked for per page; the server caps it at its maximum (classic default 100). */
  readonly pageSize: number;
  /** Pages fetched at once after the first. */
  readonly concurrency: number;
}

/**
 * Turns reads into requests and responses into entities of the store. `all()` reads page 1, then
 * every other page concurrently (bounded by `concurrency`), and loads the rows in order in one
 * store batch; N pages cost about two round trips.
 */
export class Reader implements QueryRunner {
  readonly #options: ReaderOptions;

  constructor(options: ReaderOptions) {
    this.#options = options;
  }

  /** One request-and-load of every matching row, in the server's order. */
  fetchAll(expression: QueryExpression, origin?: object): Observable<EntityState[]> {
    const model = this.#model(expression.model);
    const base = collectionUrl(this.#options.root, model);
    return defer(() => {
      const since = this.#options.store.deletions;
      return this.#allRows(base, encodeQuery(expression)).pipe(map((rows) => distinct(this.#load(model, rows, base, origin, since))));
    });
  }

  all(expression: QueryExpression): Observable<object[]> {
    return liveList(this, this.#options.store, this.#options.datamodel, this.#options.timeZone, expression);
  }

  first(expression: QueryExpression): Observable<object | null> {
    const model = this.#model(expression.model);
    const url = searchUrl(collectionUrl(this.#options.root, model), encodeQuery({ ...expression, limit: 1 }), { page: 1, pageSize: 1 });
    return this.#page(url, 1).pipe(
      map((page) => this.#load(model, page.objects.slice(0, 1), url)[0]?.entity ?? null),
      switchMap((entity) => followEntity(entity)),
    );
  }

  one(expression: QueryExpression, orNone: boolean): Observable<object | null> {
    const model = this.#model(expression.model);
    const url = searchUrl(collectionUrl(this.#options.root, model), encodeQuery(expression, { single: true }));
    return this.#options.http.request({ method: 'GET', url }).pipe(
      map((response) => this.#load(model, [response.body], url)[0]?.entity ?? null),
      catchError((error: unknown) => {
        const message = HttpError.is(error) || NotFoundError.is(error) ? serverMessageOf(error.body) : undefined;
        if (message === 'No result found') return orNone ? of(null) : throwError(() => new NoResultError(`No ${model.name} matches the query`, { model: model.name, url, cause: error }));
        if (message === 'Multiple results found') return throwError(() => new MultipleResultsError(`More than one ${model.name} matches the query`, { model: model.name, url, cause: error }));
        return throwError(() => error);
      }),
      switchMap((entity) => followEntity(entity)),
    );
  }

  count(expression: QueryExpression): Observable<number> {
    const model = this.#model(expression.model);
    // page=0 answers num_results with no objects: nothing is serialized, so rows the server
    // cannot serialize (Computer.peers, Interval values) do not break a count.
    const url = searchUrl(collectionUrl(this.#options.root, model), encodeQuery(expression), { page: 0, pageSize: 1 });
    return this.#page(url, 0).pipe(map((page) => page.numResults));
  }

  stream(expression: QueryExpression): Observable<object> {
    const model = this.#model(expression.model);
    const base = collectionUrl(this.#options.root, model);
    const q = encodeQuery(expression);
    const fetchPage = (number: number) =>
      this.#page(searchUrl(base, q, { page: number, pageSize: this.#options.pageSize }), number).pipe(map((page) => ({ number, page })));
    return defer(() => {
      // A row inserted or deleted between two page reads shifts the rows after it: the same row can
      // come again at the top of the next page. Each entity is yielded once.
      const yielded = new Set<string>();
      const since = this.#options.store.deletions;
      return fetchPage(1).pipe(
        expand(({ number, page }) => (number < page.totalPages ? fetchPage(number + 1) : EMPTY), 1),
        concatMap(({ page }) => from(this.#load(model, page.objects, base, undefined, since).filter((state) => !yielded.has(state.lid) && yielded.add(state.lid)).map((state) => state.entity))),
      );
    });
  }

  /** GET one row by primary key; NotFoundError when the server has none. Follows the entity afterwards. */
  get(model: ModelDef, pk: PrimaryKey): Observable<object> {
    return this.fetchOne(model, pk).pipe(switchMap((state) => followEntity(state.entity) as Observable<object>));
  }

  /** GET one row by primary key and load it; completes. */
  fetchOne(model: ModelDef, pk: PrimaryKey): Observable<EntityState> {
    const problem = unaddressableKey(pk);
    if (problem !== undefined) return throwError(() => new ValidationError(`${model.name}.get(${JSON.stringify(pk)}): ${problem}`, { model: model.name, field: model.pk }));
    const url = itemUrl(this.#options.root, model, pk);
    return this.#options.http.request({ method: 'GET', url }).pipe(
      catchError((error: unknown) =>
        throwError(() => (NotFoundError.is(error) ? new NotFoundError(error.body, { method: 'GET', url, model: model.name, cause: error }) : error)),
      ),
      map((response) => {
        const state = this.#load(model, [response.body], url)[0] as EntityState;
        if (String(state.pk) !== String(pk)) {
          throw new ProtocolError(`GET ${url} answered ${model.name} ${String(state.pk)} instead of ${String(pk)}`, response.body, { method: 'GET', url, model: model.name });
        }
        return state;
      }),
    );
  }

  /** Up to `limit` rows matching `expression`, as the server sent them: nothing is loaded into the store. */
  peek(expression: QueryExpression, limit: number): Observable<readonly unknown[]> {
    const model = this.#model(expression.model);
    const url = searchUrl(collectionUrl(this.#options.root, model), encodeQuery({ ...expression, limit }), { page: 1, pageSize: limit });
    return this.#page(url, 1).pipe(map((page) => page.objects));
  }

  /** Loads one relation of a saved entity from its sub-resource; emits the relation's value. */
  loadRelation(state: EntityState, name: string): Observable<unknown> {
    const relation = state.model.relations.get(name);
    if (!relation) return throwError(() => new ValidationError(`${state.model.name} has no relation "${name}"`, { model: state.model.name, field: name }));
    if (state.pk === undefined) return of(state.read(name) ?? (relation.many ? [] : null));
    const target = this.#model(relation.target);
    const url = relationUrl(this.#options.root, state.model, state.pk, name);
    if (!relation.many) {
      return this.#options.http.request({ method: 'GET', url }).pipe(
        map((response) => {
          const related = response.body === null ? null : (this.#load(target, [response.body], url)[0]?.entity ?? null);
          loadField(this.#options.store, state, name, related);
          return state.read(name);
        }),
      );
    }
    const since = this.#options.store.deletions;
    return this.#allRows(url, undefined).pipe(
      map((rows) => {
        const store = this.#options.store;
        return store.transaction(() => {
          const entities = distinct(this.#load(target, rows, url, undefined, since)).map((loaded) => loaded.entity);
          loadField(store, state, name, Object.freeze(entities));
          return state.read(name);
        });
      }),
    );
  }

  /** Re-reads an entity, discarding its unsaved changes. */
  refresh(state: EntityState): Observable<object> {
    if (state.pk === undefined) return throwError(() => new ValidationError(`This ${state.model.name} is not saved yet; there is nothing to refresh it from`, { model: state.model.name }));
    const store = this.#options.store;
    return this.fetchOne(state.model, state.pk).pipe(
      map(() => {
        discardEdits(store, state);
        return state.entity;
      }),
    );
  }

  /**
   * Every row of a paged resource: page 1, then the other pages concurrently (bounded), in order.
   * When a later page says there are more pages than page 1 did (rows were inserted meanwhile),
   * those are read too, so that a row pushed onto a new last page is not lost. Rows can still come
   * twice (a row shifted from one page onto the next); the callers keep each entity once.
   */
  #allRows(base: string, q: Record<string, WireValue> | undefined): Observable<unknown[]> {
    const pageSize = this.#options.pageSize;
    const page = (number: number) => this.#page(searchUrl(base, q, { page: number, pageSize }), number).pipe(map((result) => ({ number, result })));
    const range = (from_: number, to: number): Observable<Array<{ number: number; result: CollectionPage }>> =>
      from(Array.from({ length: Math.max(0, to - from_ + 1) }, (_, index) => from_ + index)).pipe(mergeMap(page, this.#options.concurrency), toArray());
    const rest = (done: number, pages: Array<{ number: number; result: CollectionPage }>): Observable<Array<{ number: number; result: CollectionPage }>> => {
      const total = pages.reduce((most, entry) => Math.max(most, entry.result.totalPages), 0);
      if (total <= done) return of(pages);
      return range(done + 1, total).pipe(switchMap((more) => rest(total, [...pages, ...more])));
    };
    return page(1).pipe(
      switchMap((first) => rest(1, [first])),
      map((pages) => pages.sort((a, b) => a.number - b.number).flatMap((entry) => entry.result.objects)),
    );
  }

  #page(url: string, asked: number): Observable<CollectionPage> {
    return this.#options.http.request({ method: 'GET', url }).pipe(map((response) => checkPageCounts(parseCollectionPage(response.body, url), url, asked)));
  }

  /**
   * Loads rows in one store batch. `since` (the store's deletion count when the request went out)
   * leaves out rows this client deleted while the answer was on its way, so that a live list whose
   * read was in flight during a delete does not bring the deleted row back as a new entity.
   */
  #load(model: ModelDef, records: readonly unknown[], url: string, origin?: object, since?: number): EntityState[] {
    const store = this.#options.store;
    const context: IngestContext = {
      store,
      timeZone: this.#options.timeZone,
      url,
      ...(since === undefined ? {} : { deleted: (rowModel: ModelDef, pk: PrimaryKey) => store.deletedSince(rowModel, pk, since) }),
    };
    return store.transaction(() => records.filter((record) => !isDeletedRow(context, model, record)).map((record) => ingest(context, model, record)), origin);
  }

  #model(name: string): ModelDef {
    const model = this.#options.datamodel.models.get(name);
    if (!model) throw new ValidationError(`Unknown model ${name}`, { model: name });
    return model;
  }
}

/** Each entity once, where it first came (a row shifted between two page reads comes twice). */
function distinct(states: readonly EntityState[]): EntityState[] {
  return [...new Set(states)];
}

/** An entity observable that follows the entity (emits on change, completes on delete); null stays null. */
function followEntity(entity: object | null): Observable<object | null> {
  if (entity === null) return of(null);
  return (entity as { $: Observable<object> }).$;
}
