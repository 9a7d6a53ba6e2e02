/**
 * The RPC side of a client, loaded on first use. Reads and saves never need the codec and
 * msgpack (about a third of the library), so they stay out of an app's first bundle: the first
 * remote method call or property read loads them with a dynamic import(), which bundlers turn
 * into a separate chunk. Connect loads them up front only when the datamodel has a settable
 * @property, because assigning one checks the value with the codec synchronously.
 */
import { Observable, defer, from, switchMap } from 'rxjs';
import { NetworkError } from '../errors.js';
import type { RowReader } from '../dialect/dialect.js';
import type { ColumnCodec } from '../schema/column-codec.js';
import type { Datamodel } from '../schema/datamodel.js';
import type { EntityState } from '../store/entity-state.js';
import type { EntityStore } from '../store/entity-store.js';
import type { HttpClient } from '../transport/http.js';
import { TypeRegistry, type TypeCodec } from './codec/type-registry.js';
import type { RemoteEngine } from './remote-engine.js';

/** What `client.codec` offers: teaching the RPC codec your own Python types. */
export interface CodecTypes {
  /**
   * Teaches the codec a type, in both directions, under the Python type name the server uses.
   * The name may not be empty, `__proto__`, `constructor`, `prototype` or a built-in one (a
   * `CodecError` at once). Registering a name again replaces its entry.
   */
  register<T>(name: string, type: TypeCodec<T>): void;
}

export interface RemoteLoaderOptions {
  readonly http: HttpClient;
  readonly store: EntityStore;
  readonly datamodel: Datamodel;
  readonly columns: ColumnCodec;
  readonly rows: RowReader;
  readonly strict: boolean;
  readonly apiBase: string;
}

export class RemoteLoader implements CodecTypes {
  readonly #options: RemoteLoaderOptions;
  /** Checks names now, so a bad registration fails where it is made, not at the first call. */
  readonly #names = new TypeRegistry();
  readonly #types = new Map<string, TypeCodec<unknown>>();
  #engine: RemoteEngine | undefined;
  #loading: Promise<RemoteEngine> | undefined;

  constructor(options: RemoteLoaderOptions) {
    this.#options = options;
  }

  register<T>(name: string, type: TypeCodec<T>): void {
    this.#names.register(name, type as TypeCodec<unknown>);
    this.#types.set(name, type as TypeCodec<unknown>);
    this.#engine?.codec.register(name, type);
  }

  /** The engine once loaded (for the synchronous value check of a property assignment). */
  get loaded(): RemoteEngine | undefined {
    return this.#engine;
  }

  load(): Promise<RemoteEngine> {
    this.#loading ??= import('./remote-engine.js').then(
      ({ createRemoteEngine }) => {
        this.#engine = createRemoteEngine({ ...this.#options, types: this.#types });
        return this.#engine;
      },
      (error: unknown) => {
        this.#loading = undefined; // a chunk that failed to download may load on the next try
        // A download that failed: typed like every error of the library; nothing was sent.
        throw new NetworkError(`remote methods and properties: their code could not be loaded (${String(error)}); nothing was sent`, { cause: error });
      },
    );
    return this.#loading;
  }

  call(state: EntityState, method: string, args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): Observable<unknown> {
    return this.#with((engine) => engine.remote.call(state, method, args, kwargs));
  }

  readProperty(state: EntityState, name: string): Observable<unknown> {
    return this.#with((engine) => engine.remote.readProperty(state, name));
  }

  writeProperty(state: EntityState, name: string, value: unknown): Observable<void> {
    return this.#with((engine) => engine.remote.writeProperty(state, name, value));
  }

  /** Cold: nothing is loaded or sent before subscription. */
  #with<T>(use: (engine: RemoteEngine) => Observable<T>): Observable<T> {
    return defer(() => (this.#engine === undefined ? from(this.load()).pipe(switchMap(use)) : use(this.#engine)));
  }
}
