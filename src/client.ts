import { firstValueFrom, type Observable } from 'rxjs';
import crossFetch from 'cross-fetch';
import { DatamodelError, HttpError, ValidationError } from './errors.js';
import type { Datamodel, ModelDef } from './schema/datamodel.js';
import { parseDatamodel } from './schema/parse-datamodel.js';
import { checkTimeZone } from './schema/time-zone.js';
import { EntityStore } from './store/entity-store.js';
import type { StoreEvent } from './store/store-events.js';
import { createEntityFactory, type EntityRuntime } from './model/entity-factory.js';
import { ModelHandle } from './model/model-handle.js';
import { Reader } from './model/reader.js';
import { Saver } from './save/saver.js';
import type { SaveEvent } from './save/save-event.js';
import type { EntityState } from './store/entity-state.js';
import type { DynamicSchema, SchemaShape } from './model/types.js';
import { authHeaders, type AuthOption } from './transport/auth.js';
import { authFromEnvironment } from './transport/environment.js';
import { HttpClient, type FetchLike } from './transport/http.js';
import type { RetryOptions } from './transport/retry.js';
import { Codec } from './rpc/codec/codec.js';
import { entityResolver } from './rpc/entity-resolver.js';
import { Remote } from './rpc/remote.js';

/** Options of `connect`. */
export interface ConnectOptions {
  /** The server root, e.g. `http://localhost:5000`; a URL ending in the API prefix (`.../api`) works too. */
  readonly url: string;
  /** The wire protocol. Only 'classic' (Flask-Restless 0.17 + flask-restless-datamodel) is available in this version. */
  readonly dialect?: 'classic' | 'jsonapi';
  /** The datamodel document, to skip loading it. */
  readonly datamodel?: unknown;
  /** Where the datamodel is, relative to the root (default `/api/flask-restless-datamodel`). */
  readonly datamodelPath?: string;
  /** Credentials; in Node, RESTLESS_CLIENT_* variables fill this in when it is absent. */
  readonly auth?: AuthOption;
  /** The fetch to use (default: cross-fetch). */
  readonly fetch?: FetchLike;
  /** Retries of transient failures (network, 408, 429, 502, 503, 504). */
  readonly retry?: RetryOptions;
  /** Requests in flight at once when reading pages (and, later, per save level). Default 4. */
  readonly concurrency?: number;
  /** Rows asked for per page. Default: as many as the server allows (it caps the request; classic default 100). */
  readonly pageSize?: number;
  /** The IANA zone the server's naive datetimes are in. Default 'UTC'. */
  readonly timeZone?: string;
  /**
   * The RPC codec: `strict: true` makes a value of a Python class the client does not know a
   * `CodecError` instead of an `EmulatedObject`.
   */
  readonly codec?: { readonly strict?: boolean };
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
   * `client.codec.register(name, { test, encode, decode })`.
   */
  readonly codec: Codec;
  /**
   * Saves every pending change (new entities, changed fields), in dependency order, as a cold
   * stream of events; errors with a SaveError after `completed` when something failed.
   */
  save(): Observable<SaveEvent>;
}

/** Asked for when reading pages: the server caps it at its maximum (classic default 100). */
const LARGEST_PAGE = 10_000;
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
  if (typeof options?.url !== 'string' || !/^https?:\/\//.test(options.url)) {
    throw new ValidationError(`connect() needs an http(s) url, got ${JSON.stringify(options?.url)}`);
  }
  if (options.dialect === 'jsonapi') {
    throw new ValidationError("The 'jsonapi' dialect is not available in this version of flask-restless-rx; use 'classic'");
  }
  const timeZone = options.timeZone ?? 'UTC';
  try {
    checkTimeZone(timeZone);
  } catch (cause) {
    throw new ValidationError(`timeZone "${timeZone}" is not a time zone this runtime knows`, { cause });
  }
  const concurrency = positive('concurrency', options.concurrency ?? 4);
  const pageSize = positive('pageSize', options.pageSize ?? LARGEST_PAGE);
  const gcTimeMs = duration('gcTimeMs', options.gcTimeMs ?? DEFAULT_GC_TIME_MS);
  const root = rootOf(options.url);
  let http: HttpClient | undefined;
  const getHttp = () => http as HttpClient;
  const auth = options.auth ?? authFromEnvironment();
  http = new HttpClient({
    fetch: options.fetch ?? (crossFetch as FetchLike),
    authHeaders: authHeaders(auth, getHttp, `${root}${DEFAULT_PREFIX}/auth`),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
  });
  const datamodelPath = options.datamodelPath ?? `${DEFAULT_PREFIX}/${DATAMODEL_NAME}`;
  const datamodel = parseDatamodel(options.datamodel ?? (await loadDatamodel(http, `${root}${datamodelPath}`)));

  // Column association proxies are listed as attributes but never served; they are learned from
  // the first full row and then refused on assignment.
  const proxies = new Map<string, Set<string>>();
  const readOnlyFields = (model: ModelDef): ReadonlySet<string> => proxies.get(model.name) ?? EMPTY;
  const noteAbsent = (model: ModelDef, fields: readonly string[]) => {
    const known = proxies.get(model.name) ?? new Set<string>();
    for (const field of fields) if (field !== model.pk) known.add(field);
    proxies.set(model.name, known);
  };

  let reader: Reader | undefined;
  let saver: Saver | undefined;
  let remote: Remote | undefined;
  const saveErrors = new WeakMap<EntityState, unknown>();
  const runtime: EntityRuntime = {
    get store() {
      return store;
    },
    datamodel,
    timeZone,
    readOnlyFields,
    loadRelation: (state, relation) => (reader as Reader).loadRelation(state, relation),
    refresh: (state) => (reader as Reader).refresh(state),
    save: (state) => (saver as Saver).save(state),
    remove: (state) => (saver as Saver).delete(state),
    saveError: (state) => saveErrors.get(state),
    call: (state, method, args, kwargs) => (remote as Remote).call(state, method, args, kwargs),
    readProperty: (state, name) => (remote as Remote).readProperty(state, name),
    unencodable: (value) => {
      try {
        codec.encode(value);
        return undefined;
      } catch (error) {
        return error;
      }
    },
  };
  // An entity with a save error is kept (even when clean) so the error stays where the app looks.
  const store: EntityStore = new EntityStore(datamodel, createEntityFactory(runtime), { gcTimeMs, isPinned: (state) => saveErrors.has(state) });
  const codec = new Codec({ timeZone, strict: options.codec?.strict === true, models: entityResolver(datamodel, { store, timeZone, noteAbsent }) });
  // The RPC routes sit beside the datamodel (flask-restless-datamodel registers both).
  remote = new Remote({ http, store, codec, apiBase: `${root}${rpcPrefixOf(datamodelPath)}` });
  reader = new Reader({ http, store, datamodel, root, timeZone, pageSize, concurrency, noteAbsent });
  saver = new Saver({
    http,
    store,
    root,
    timeZone,
    concurrency,
    retry: options.retry ?? {},
    ingest: { store, timeZone, noteAbsent },
    readOnly: readOnlyFields,
    properties: {
      url: (state, name) => (remote as Remote).propertyUrl(state, name),
      write: (state, name, value) => (remote as Remote).writeProperty(state, name, value),
    },
    errorOf: (state) => saveErrors.get(state),
    setError: (state, error) => {
      if (error === undefined) saveErrors.delete(state);
      else saveErrors.set(state, error);
    },
  });
  const theSaver = saver;
  const context = { datamodel, timeZone };
  const models: Record<string, ModelHandle<S, string>> = Object.create(null) as Record<string, ModelHandle<S, string>>;
  for (const model of datamodel.models.values()) models[model.name] = new ModelHandle<S, string>(model, runtime, reader, context);
  const client = {
    models: Object.freeze(models) as Client<S>['models'],
    changes$: store.changes$,
    datamodel,
    url: root,
    codec,
    save: () => theSaver.saveAll(),
  };
  Object.defineProperty(client, INTERNALS, { value: { store, http } });
  return Object.freeze(client);
}

const EMPTY: ReadonlySet<string> = new Set();

/** @internal Test-only access to a client's store and HTTP layer (not exported from the package). */
export const INTERNALS = Symbol('flask-restless-rx.internals');

async function loadDatamodel(http: HttpClient, url: string): Promise<unknown> {
  try {
    const response = await firstValueFrom(http.request({ method: 'GET', url }));
    return response.body;
  } catch (cause) {
    if (HttpError.is(cause) || HttpError.isRestlessError(cause)) {
      throw new DatamodelError(`Could not load the datamodel from ${url}: ${(cause as Error).message}`, { url, cause });
    }
    throw cause;
  }
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

/** A number of milliseconds: finite and >= 0, or Infinity. */
function duration(name: string, value: number): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) throw new ValidationError(`${name} must be a number of milliseconds >= 0 (or Infinity), got ${String(value)}`);
  return value;
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new ValidationError(`${name} must be a whole number >= 1, got ${String(value)}`);
  return value;
}
