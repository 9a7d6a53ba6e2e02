import { defer, firstValueFrom, throwError, type Observable } from 'rxjs';
import { RpcError, ValidationError } from './errors.js';
import type { Dialect } from './dialect/dialect.js';
import { pickDialect } from './dialect/pick.js';
import type { Datamodel } from './schema/datamodel.js';
import { parseDatamodel } from './schema/parse-datamodel.js';
import { checkTimeZone } from './schema/time-zone.js';
import { ColumnFacts, type SchemaFacts } from './schema/model-facts.js';
import { columnCodec } from './schema/column-codec.js';
import { EntityStore } from './store/entity-store.js';
import type { StoreEvent } from './store/store-events.js';
import { createEntityFactory, type EntityRuntime } from './model/entity-factory.js';
import { ModelHandle } from './model/model-handle.js';
import { knownModels } from './model/known-models.js';
import { Reader } from './read/reader.js';
import { Saver } from './save/saver.js';
import type { Logger } from './save/save-log.js';
import type { ReconcileResult } from './save/reconcile.js';
import type { SaveEvent } from './save/save-event.js';
import type { EntityState } from './store/entity-state.js';
import type { DynamicSchema, SchemaShape } from './model/types.js';
import { authentication, type AuthOption } from './transport/auth.js';
import { absoluteUrl } from './transport/connect-url.js';
import { fetchOf } from './transport/default-fetch.js';
import { authFromEnvironment } from './transport/environment.js';
import { HttpClient, type FetchLike } from './transport/http.js';
import type { RetryOptions } from './transport/retry.js';
import { checkedRetry, checkedTimeout } from './transport/transport-options.js';
import { RemoteLoader, type CodecTypes } from './rpc/remote-loader.js';
import { propertyUrl } from './rpc/remote-target.js';
import { checkOwnArguments } from './rpc/own-arguments.js';

/** Options of `connect`. */
export interface ConnectOptions {
  /**
   * The server root, e.g. `http://localhost:5000`; a URL ending in the API prefix (`.../api`) works
   * too. In a browser a relative URL (`'/api'`) is resolved against the page.
   */
  readonly url: string;
  /**
   * The wire protocol: 'classic' (Flask-Restless 0.17 + flask-restless-datamodel) or 'jsonapi'
   * (Flask-Restless-NG; its datamodel comes from this `datamodel` option or the same path as classic).
   */
  readonly dialect?: 'classic' | 'jsonapi';
  /** The datamodel document, to skip loading it. */
  readonly datamodel?: unknown;
  /** Where the datamodel is, relative to the root (default `/api/flask-restless-datamodel`). */
  readonly datamodelPath?: string;
  /** Credentials; in Node, RESTLESS_CLIENT_* variables fill this in when it is absent. */
  readonly auth?: AuthOption;
  /**
   * The fetch to use, called as a plain function (so `window.fetch` itself works). Default: the
   * platform's global fetch; cross-fetch where there is none.
   */
  readonly fetch?: FetchLike;
  /** Retries of transient failures (network, 408, 429, 502, 503, 504). */
  readonly retry?: RetryOptions;
  /**
   * How long any request (reads, writes, RPC, the login, the datamodel) may take, headers and body,
   * before it fails with a `NetworkError` whose `timedOut` is true. Default 30,000 ms.
   */
  readonly timeoutMs?: number;
  /**
   * Receives one record per HTTP request (`kind: 'request'`) and per save step (`kind: 'save'`);
   * never headers, bodies or credentials. Whatever it throws is ignored.
   */
  readonly logger?: Logger;
  /** Requests in flight at once when reading pages (and, later, per save level). Default 4. */
  readonly concurrency?: number;
  /**
   * Rows asked for per page. Default on classic: as many as the server allows (it caps the request;
   * classic default 100). On 'jsonapi': NG's default of 10, and never more than its maximum of 100.
   */
  readonly pageSize?: number;
  /** The IANA zone the server's naive datetimes are in. Default 'UTC'. */
  readonly timeZone?: string;
  /**
   * The RPC codec: `strict: true` makes a value of a Python class the client does not know a
   * `CodecError` instead of an `EmulatedObject`.
   */
  readonly codec?: { readonly strict?: boolean };
  /**
   * The columns that identify a row, per model (`{ Person: ['name'] }`): the datamodel does not say
   * which columns are unique. A create in doubt of such a model is looked up by them before anything
   * sends it again (see `Client.reconcile`).
   */
  readonly naturalKeys?: Readonly<Record<string, readonly string[]>>;
  /**
   * Create a new to-one target that nothing else in the save needs inside its owner's POST (one
   * request, one transaction; classic only). Default true. `false` POSTs it to its own collection,
   * for a server whose hooks on that collection (Flask-Restless preprocessors) must see it.
   */
  readonly nestedCreates?: boolean;
  /**
   * Facts about the server's tables that the datamodel does not publish, per model class name:
   * `{ TypeZoo: { enums: { an_enum: ['red', 'green', 'blue'] } } }`. An enum value outside its
   * list is then a ValidationError before anything is sent. The emulator's `schema` option takes
   * the same object.
   */
  readonly schema?: SchemaFacts;
  /**
   * How long an entity stays in the store once nothing references it (no live list, `entity.$`
   * or `get()`/`one()`/`first()` observer, no relation of such an entity, no unsaved change):
   * then it is evicted (`changes$` emits `evicted`). `Infinity` keeps everything. Default 5 minutes.
   */
  readonly gcTimeMs?: number;
}

/** A connected client: one model handle per server model over one entity store. */
export interface Client<S extends SchemaShape = DynamicSchema> {
  /** One handle per model, by class name: `client.models.Person`. */
  readonly models: { readonly [M in keyof S & string]: ModelHandle<S, M> };
  /** Store events: created, updated, deleted, loaded, evicted; one event per kind per batch. */
  readonly changes$: Observable<StoreEvent>;
  /** The validated datamodel the client was built from. */
  readonly datamodel: Datamodel;
  /** The server root all URLs are built on. */
  readonly url: string;
  /**
   * The RPC payload codec of this client: register your own Python types with
   * `client.codec.register(name, { test, encode, decode })`. The codec itself is loaded on the
   * first remote call (see remote-loader.ts); registrations made before apply to it.
   */
  readonly codec: CodecTypes;
  /**
   * Saves every pending change (new entities, changed fields), in dependency order, as a cold
   * stream of events; errors with a SaveError after `completed` when something failed.
   */
  save(): Observable<SaveEvent>;
  /**
   * Looks every create in doubt up by its model's `naturalKeys`: one matching row is adopted (no
   * POST), none makes the entity an ordinary new one that the next save sends, several leave it in
   * doubt. Every save does this first for the entities it saves.
   */
  reconcile(): Promise<ReconcileResult>;
}

/**
 * As TanStack Query's gcTime. The store is not a read cache (every read asks the server), so an
 * unreferenced entity is kept only for identity and `changes$`; minutes bound a long-running app's
 * memory by what it loaded lately, while sweeps (one pass over the store each) stay rare.
 */
const DEFAULT_GC_TIME_MS = 5 * 60_000;
const DEFAULT_PREFIX = '/api';
const DATAMODEL_NAME = 'flask-restless-datamodel';

/**
 * Connects to a server: loads its datamodel (unless given) and builds the models from it.
 * @example
 * const client = await connect({ url: 'http://localhost:5000' });
 * const { Person } = client.models;
 */
export async function connect<S extends SchemaShape = DynamicSchema>(options: ConnectOptions): Promise<Client<S>> {
  const url = absoluteUrl(options?.url);
  const kind = await pickDialect(options.dialect);
  if (options.fetch !== undefined && typeof options.fetch !== 'function') throw new ValidationError(`fetch must be a function, got ${typeof options.fetch}`, { field: 'fetch' });
  const retry = checkedRetry(options.retry);
  const timeoutMs = checkedTimeout(options.timeoutMs);
  const timeZone = options.timeZone ?? 'UTC';
  try {
    checkTimeZone(timeZone);
  } catch (cause) {
    throw new ValidationError(`timeZone "${timeZone}" is not a time zone this runtime knows`, { cause });
  }
  const concurrency = positive('concurrency', options.concurrency ?? 4);
  const pageSize = positive('pageSize', options.pageSize ?? kind.pageSize);
  const gcTimeMs = duration('gcTimeMs', options.gcTimeMs ?? DEFAULT_GC_TIME_MS);
  const root = rootOf(url);
  // The parts are built in dependency order: transport, datamodel, dialect, store, then what reads
  // and writes through them. The one edge back (an entity's own methods call the reader, the saver
  // and the remote layer) goes through `runtime`, whose functions run only after connect() returns.
  const auth = options.auth ?? authFromEnvironment();
  const http: HttpClient = new HttpClient({
    fetch: fetchOf(options.fetch),
    ...authentication(auth, () => http, `${root}${DEFAULT_PREFIX}/auth`),
    retry,
    timeoutMs,
    wire: kind.http,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  const datamodelPath = options.datamodelPath ?? `${DEFAULT_PREFIX}/${DATAMODEL_NAME}`;
  const datamodel = parseDatamodel(options.datamodel ?? (await loadDatamodel(http, `${root}${datamodelPath}`)));
  const naturalKeys = naturalKeysOf(datamodel, options.naturalKeys);
  const dialect = kind.create(root, datamodel);
  const columns = new ColumnFacts(datamodel, options.schema, timeZone, dialect.columnRules);
  const codec = columnCodec(timeZone);

  const saveErrors = new WeakMap<EntityState, unknown>();
  const runtime: EntityRuntime = {
    get store() {
      return store;
    },
    datamodel,
    columns,
    loadRelation: (state, relation) => reader.loadRelation(state, relation),
    refresh: (state) => reader.refresh(state),
    save: (state) => saver.save(state),
    remove: (state) => saver.delete(state),
    saveError: (state) => saveErrors.get(state),
    inDoubt: (state) => saver.inDoubt(state),
    call: (state, method, args, kwargs) => defer(() => {
      checkOwnArguments(store, state, method, args, kwargs);
      noRpcRoutes(dialect, state, method);
      return remote.call(state, method, args, kwargs);
    }),
    readProperty: (state, name) => defer(() => {
      noRpcRoutes(dialect, state, name);
      return remote.readProperty(state, name);
    }),
    unencodable: (value) => {
      // Loaded at connect whenever a model has a settable property (the only caller); were it not,
      // the save that sends the value checks it before sending.
      const codec = remote.loaded?.codec;
      try {
        codec?.encode(value);
        return undefined;
      } catch (error) {
        return error;
      }
    },
  };
  // An entity with a save error is kept (even when clean) so the error stays where the app looks.
  const store = new EntityStore(datamodel, createEntityFactory(runtime), { gcTimeMs, isPinned: (state) => saveErrors.has(state) });
  // The RPC routes sit beside the datamodel (flask-restless-datamodel registers both).
  const apiBase = `${root}${rpcPrefixOf(datamodelPath)}`;
  const remote = new RemoteLoader({ http, store, datamodel, columns: codec, rows: dialect.rows, strict: options.codec?.strict === true, apiBase });
  if (dialect.rpc.available && hasSettableProperty(datamodel)) await remote.load();
  const reader = new Reader({ http, store, datamodel, dialect, codec, pageSize, concurrency });
  const context = { datamodel, codec, columns, owns: (state: EntityState) => store.owns(state) };
  const models = new Map<string, ModelHandle<S, string>>();
  for (const model of datamodel.models.values()) models.set(model.name, new ModelHandle<S, string>(model, runtime, reader, context));
  const saver = new Saver({
    http,
    store,
    dialect,
    codec,
    concurrency,
    retry,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    nestedCreates: options.nestedCreates !== false,
    ingest: { store, rows: dialect.rows, codec },
    properties: {
      url: (state, name) => propertyUrl(apiBase, state, name),
      write: (state, name, value) => defer(() => {
        noRpcRoutes(dialect, state, name);
        return remote.writeProperty(state, name, value);
      }),
    },
    reloadRelation: (state, relation) => reader.loadRelation(state, relation),
    reconcile: {
      naturalKeys: (model) => naturalKeys.get(model.name),
      // Built by the model's own query (values cast as filters cast them), read without loading.
      lookup: (model, values) => {
        const handle = models.get(model.name);
        if (handle === undefined) return throwError(() => new ValidationError(`Unknown model ${model.name}`, { model: model.name }));
        return reader.peek(handle.query.filterBy(values as never).expression, 2);
      },
      ingest: { store, rows: dialect.rows, codec },
      concurrency,
    },
    errorOf: (state) => saveErrors.get(state),
    setError: (state, error) => {
      if (error === undefined) saveErrors.delete(state);
      else saveErrors.set(state, error);
    },
  });
  const byName: Record<string, ModelHandle<S, string>> = Object.create(null) as Record<string, ModelHandle<S, string>>;
  for (const [name, handle] of models) byName[name] = handle;
  const client = {
    models: knownModels(byName) as Client<S>['models'],
    changes$: store.changes$,
    datamodel,
    url: root,
    codec: remote,
    save: () => saver.saveAll(),
    reconcile: () => saver.reconcile(),
  };
  Object.defineProperty(client, INTERNALS, { value: { store, http } });
  return Object.freeze(client);
}


/** An RpcError naming `name` when the dialect's server has no method and property routes. */
function noRpcRoutes(dialect: Dialect, state: EntityState, name: string): void {
  if (!dialect.rpc.available) throw new RpcError(`${state.model.name}.${name}: ${dialect.rpc.why}`, undefined, { model: state.model.name, field: name });
}

/** A settable @property is checked with the codec when assigned, synchronously: it must be loaded. */
function hasSettableProperty(datamodel: Datamodel): boolean {
  for (const model of datamodel.models.values()) {
    for (const settable of model.properties.values()) if (settable) return true;
  }
  return false;
}

/** @internal Test-only access to a client's store and HTTP layer (not exported from the package). */
export const INTERNALS = Symbol('flask-restless-rx.internals');

/**
 * The datamodel document. A transport failure rejects as what it is (NetworkError, AuthError,
 * HttpError), so a caller can tell a server that is down or refusing from one that answered
 * something that is not a datamodel (parseDatamodel's DatamodelError).
 */
async function loadDatamodel(http: HttpClient, url: string): Promise<unknown> {
  const response = await firstValueFrom(http.request({ method: 'GET', url }));
  return response.body;
}

/** `http://host:5000/api/` and `http://host:5000` both give `http://host:5000`. */
function rootOf(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith(DEFAULT_PREFIX) ? trimmed.slice(0, -DEFAULT_PREFIX.length) : trimmed;
}

/** `/api/flask-restless-datamodel` gives `/api`; a datamodel elsewhere leaves the RPC routes at the default `/api`. */
function rpcPrefixOf(datamodelPath: string): string {
  const path = datamodelPath.replace(/\/+$/, '');
  return path.endsWith(`/${DATAMODEL_NAME}`) ? path.slice(0, -DATAMODEL_NAME.length - 1) : DEFAULT_PREFIX;
}

/**
 * Checks `naturalKeys` against the datamodel and extends it to subclasses (they share the table):
 * an unknown model or column is a ValidationError at connect, not a failed lookup later.
 */
function naturalKeysOf(datamodel: Datamodel, option: ConnectOptions['naturalKeys']): Map<string, readonly string[]> {
  const result = new Map<string, readonly string[]>();
  if (option === undefined) return result;
  if (typeof option !== 'object' || option === null) throw new ValidationError('naturalKeys must map model names to lists of column names');
  for (const [name, columns] of Object.entries(option)) {
    const model = datamodel.models.get(name);
    if (!model) throw new ValidationError(`naturalKeys: the datamodel has no model "${name}"`, { model: name });
    if (!Array.isArray(columns) || columns.length === 0) throw new ValidationError(`naturalKeys.${name} must be a non-empty list of column names`, { model: name });
    for (const column of columns) {
      const attribute = typeof column === 'string' ? model.attributes.get(column) : undefined;
      if (!attribute || attribute.readOnly || column === model.pk) {
        throw new ValidationError(`naturalKeys.${name}: "${String(column)}" is not a column of ${name} that identifies a row (a stored column other than the primary key)`, { model: name, field: String(column) });
      }
    }
    result.set(name, Object.freeze([...columns]));
  }
  for (const model of datamodel.models.values()) {
    if (result.has(model.name)) continue;
    for (let parent = model.parent; parent !== undefined; parent = datamodel.models.get(parent)?.parent) {
      const inherited = result.get(parent);
      if (inherited) {
        result.set(model.name, inherited);
        break;
      }
    }
  }
  return result;
}

/** A number of milliseconds: finite and >= 0, or Infinity. */
function duration(name: string, value: number): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) throw new ValidationError(`${name} must be a number of milliseconds >= 0 (or Infinity), got ${String(value)}`);
  return value;
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new ValidationError(`${name} must be a whole number >= 1, got ${String(value)}`);
  return value;
}
