import { Observable, catchError, concatMap, defer, finalize, from, map, of, switchMap, tap, throwError, toArray } from 'rxjs';
import { MultipleResultsError, NoResultError, NotFoundError, ProtocolError, ValidationError } from '../errors.js';
import type { Dialect } from '../dialect/dialect.js';
import type { QueryExpression } from '../query/expression.js';
import type { ColumnCodec } from '../schema/column-codec.js';
import type { QueryRunner } from '../query/query-runner.js';
import type { Datamodel, ModelDef } from '../schema/datamodel.js';
import type { EntityStore } from '../store/entity-store.js';
import { discardEdits, loadField } from '../store/entity-writes.js';
import type { EntityState, PrimaryKey } from '../store/entity-state.js';
import { ingest, isDeletedRow, type IngestContext } from '../store/ingest.js';
import type { HttpClient } from '../transport/http.js';
import { liveList } from '../query/live-list.js';
import { allRows, everyPage, fetchPage, pageByPage, type PageSource } from './paging.js';
import { pagesOnDemand, type PulledPage } from './pages-on-demand.js';
import { iterateSettings, type IterateOptions, type PagedReads, type StreamOptions } from './read-options.js';

/** What reading needs from the client. */
export interface ReaderOptions extends PageSource {
  readonly http: HttpClient;
  readonly store: EntityStore;
  readonly datamodel: Datamodel;
  /** The wire: URLs, query encoding, pages and rows. */
  readonly dialect: Dialect;
  /** The server's column formats (for live lists and loading rows). */
  readonly codec: ColumnCodec;
}

/**
 * Turns reads into requests and responses into entities of the store. `all()` reads page 1, then
 * every other page concurrently (bounded by `concurrency`), loading each page as it arrives; N
 * pages cost about two round trips.
 */
export class Reader implements QueryRunner, PagedReads {
  readonly #options: ReaderOptions;

  constructor(options: ReaderOptions) {
    this.#options = options;
  }

  /**
   * One read of every matching row, in the server's order, emitted once when the last page has
   * come. Each page's rows are loaded into the store as the page arrives (one store batch per
   * page, under `origin`), so a slow read shows its first rows at once and does not pay for all
   * of them at the end; whoever reads the result hears of it once.
   */
  fetchAll(expression: QueryExpression, origin?: object): Observable<EntityState[]> {
    const model = this.#model(expression.model);
    const base = this.#options.dialect.urls.collection(model);
    const store = this.#options.store;
    return defer(() => {
      const since = store.deletions;
      const loaded = new Map<number, EntityState[]>();
      // Rows of the pages already in are held until the result is out, so that a short `gcTimeMs`
      // does not evict them while the last pages are on their way.
      const held = new Set<EntityState>();
      const letGo = () => {
        for (const state of held) store.release(state);
        held.clear();
      };
      return everyPage(this.#options, base, expression).pipe(
        tap(({ number, page }) => {
          const states = this.#load(model, page.rows, base, origin, since);
          loaded.set(number, states);
          for (const state of states) {
            if (held.has(state)) continue;
            held.add(state);
            store.retain(state);
          }
        }),
        toArray(),
        map((pages) => distinct(pages.sort((a, b) => a.number - b.number).flatMap((entry) => loaded.get(entry.number) ?? []))),
        // After the subscriber has taken the result (a live list retains its members first).
        finalize(letGo),
      );
    });
  }

  all(expression: QueryExpression): Observable<object[]> {
    return liveList(this, this.#options.store, this.#options.datamodel, this.#options.codec, expression);
  }

  first(expression: QueryExpression): Observable<object | null> {
    const model = this.#model(expression.model);
    const { urls, reads } = this.#options.dialect;
    const url = reads.page(urls.collection(model), { ...expression, limit: 1 }, { number: 1, size: 1 });
    return fetchPage(this.#options, url, 1).pipe(
      map((page) => this.#load(model, page.rows.slice(0, 1), url)[0]?.entity ?? null),
      switchMap((entity) => followEntity(entity)),
    );
  }

  one(expression: QueryExpression, orNone: boolean): Observable<object | null> {
    const model = this.#model(expression.model);
    const { urls, reads } = this.#options.dialect;
    const url = reads.single(urls.collection(model), expression);
    return this.#options.http.request({ method: 'GET', url }).pipe(
      map((response) => {
        const found = reads.parseSingle(response.body, url);
        if (found === 'none' || found === 'many') throw new SingleMiss(found);
        return this.#load(model, [found.row], url)[0]?.entity ?? null;
      }),
      catchError((error: unknown) => {
        // A 2xx that counted (SingleMiss) has no error worth keeping as the cause; a status does.
        const counted = error instanceof SingleMiss;
        const miss = counted ? error.miss : reads.singleMiss(error);
        const where = counted ? { model: model.name, url } : { model: model.name, url, cause: error };
        if (miss === 'none') return orNone ? of(null) : throwError(() => new NoResultError(`No ${model.name} matches the query`, where));
        if (miss === 'many') return throwError(() => new MultipleResultsError(`More than one ${model.name} matches the query`, where));
        return throwError(() => error);
      }),
      switchMap((entity) => followEntity(entity)),
    );
  }

  count(expression: QueryExpression): Observable<number> {
    const model = this.#model(expression.model);
    const { urls, reads } = this.#options.dialect;
    const url = reads.count(urls.collection(model), expression);
    return fetchPage(this.#options, url, 0).pipe(map((page) => page.total));
  }

  stream(expression: QueryExpression, options: StreamOptions = {}): Observable<object> {
    const model = this.#model(expression.model);
    const base = this.#options.dialect.urls.collection(model);
    return defer(() => {
      // A row inserted or deleted between two page reads shifts the rows after it: the same row can
      // come again at the top of the next page. Each entity is yielded once.
      const yielded = new Set<string>();
      const since = this.#options.store.deletions;
      let loaded = 0;
      return pageByPage(this.#options, base, expression).pipe(
        concatMap((page) => {
          const states = this.#load(model, page.rows, base, undefined, since);
          loaded += page.rows.length;
          options.onProgress?.({ loaded, total: page.total });
          return from(states.filter((state) => !yielded.has(state.lid) && yielded.add(state.lid)).map((state) => state.entity));
        }),
      );
    });
  }

  /**
   * The rows for `for await`, pulled page by page (see `pagesOnDemand`): each page is loaded into
   * the store (one batch) when the loop reaches it. Options are checked here, before any request.
   */
  iterate(expression: QueryExpression, options: IterateOptions = {}): AsyncGenerator<object, void, undefined> {
    const model = this.#model(expression.model);
    const settings = iterateSettings(options, this.#options.pageSize, model.name);
    const store = this.#options.store;
    const pages = pagesOnDemand(this.#options, this.#options.dialect.urls.collection(model), expression, { ...settings, deletions: () => store.deletions });
    return this.#rowsOf(model, pages, options);
  }

  async *#rowsOf(model: ModelDef, pages: AsyncIterable<PulledPage>, options: IterateOptions): AsyncGenerator<object, void, undefined> {
    const base = this.#options.dialect.urls.collection(model);
    // Each entity once (a row inserted or deleted between two page reads shifts the rows after it
    // onto the next page), in memory that stays flat: the entities yielded, weakly (an entity is the
    // same object for as long as anything holds it), and the keys of the last pages, for a row
    // whose entity nothing held any more and the garbage collector took (a short `gcTimeMs`).
    const yielded = new WeakSet<EntityState>();
    const recentKeys: Array<Set<string>> = [];
    const keep = (options.readAhead ?? 1) + 2;
    let loaded = 0;
    for await (const { page, since } of pages) {
      const states = this.#load(model, page.rows, base, undefined, since);
      loaded += page.rows.length;
      options.onProgress?.({ loaded, total: page.total });
      const keys = new Set(states.map((state) => String(state.pk)));
      const fresh = states.filter((state) => !yielded.has(state) && !recentKeys.some((recent) => recent.has(String(state.pk))));
      recentKeys.push(keys);
      if (recentKeys.length > keep) recentKeys.shift();
      for (const state of fresh) {
        if (yielded.has(state)) continue;
        yielded.add(state);
        yield state.entity;
      }
    }
  }

  /** GET one row by primary key; NotFoundError when the server has none. Follows the entity afterwards. */
  get(model: ModelDef, pk: PrimaryKey): Observable<object> {
    return this.fetchOne(model, pk).pipe(switchMap((state) => followEntity(state.entity) as Observable<object>));
  }

  /** GET one row by primary key and load it; completes. */
  fetchOne(model: ModelDef, pk: PrimaryKey): Observable<EntityState> {
    const { urls, reads } = this.#options.dialect;
    const problem = urls.unaddressable(pk);
    if (problem !== undefined) return throwError(() => new ValidationError(`${model.name}.get(${JSON.stringify(pk)}): ${problem}`, { model: model.name, field: model.pk }));
    const url = urls.instance(model, pk);
    return this.#options.http.request({ method: 'GET', url }).pipe(
      catchError((error: unknown) =>
        throwError(() => (NotFoundError.is(error) ? new NotFoundError(error.body, { method: 'GET', url, model: model.name, cause: error }) : error)),
      ),
      map((response) => {
        const state = this.#load(model, [reads.parseInstance(response.body)], url)[0] as EntityState;
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
    const { urls, reads } = this.#options.dialect;
    const url = reads.page(urls.collection(model), { ...expression, limit }, { number: 1, size: limit });
    return fetchPage(this.#options, url, 1).pipe(map((page) => page.rows));
  }

  /** Loads one relation of a saved entity from its sub-resource; emits the relation's value. */
  loadRelation(state: EntityState, name: string): Observable<unknown> {
    const relation = state.model.relations.get(name);
    if (!relation) return throwError(() => new ValidationError(`${state.model.name} has no relation "${name}"`, { model: state.model.name, field: name }));
    if (state.pk === undefined) return of(state.read(name) ?? (relation.many ? [] : null));
    const target = this.#model(relation.target);
    const { urls, reads } = this.#options.dialect;
    const url = urls.relation(state.model, state.pk, name);
    if (!relation.many) {
      return this.#options.http.request({ method: 'GET', url }).pipe(
        map((response) => {
          const row = reads.parseRelated(response.body);
          const related = row === null ? null : (this.#load(target, [row], url)[0]?.entity ?? null);
          loadField(this.#options.store, state, name, related);
          return state.read(name);
        }),
      );
    }
    const since = this.#options.store.deletions;
    return allRows(this.#options, url, undefined).pipe(
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
   * Loads rows in one store batch. `since` (the store's deletion count when the request went out)
   * leaves out rows this client deleted while the answer was on its way, so that a live list whose
   * read was in flight during a delete does not bring the deleted row back as a new entity.
   */
  #load(model: ModelDef, records: readonly unknown[], url: string, origin?: object, since?: number): EntityState[] {
    const store = this.#options.store;
    const context: IngestContext = {
      store,
      rows: this.#options.dialect.rows,
      codec: this.#options.codec,
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

/** A single-row search whose 2xx answer held no row or several (caught right away by `one`). */
class SingleMiss extends Error {
  constructor(readonly miss: 'none' | 'many') {
    super(miss);
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
