/**
 * Remote calls of a row's Python methods and properties (flask-restless-datamodel's RPC routes):
 * `POST <api>/method/<collection_name>/<pk>/<name>` with `{"payload": hex}`, and
 * `GET`/`POST <api>/property/<collection_name>/<pk>/<name>`, the POST taking a bare JSON string.
 * Every call is a cold observable: nothing leaves before subscription, unsubscribing aborts, and
 * a method call is never retried (the server may have run it).
 */
import { Observable, catchError, defer, map, throwError } from 'rxjs';
import { ValidationError } from '../errors.js';
import type { ModelDef } from '../schema/datamodel.js';
import type { EntityState } from '../store/entity-state.js';
import type { EntityStore } from '../store/entity-store.js';
import type { HttpClient, HttpResponse } from '../transport/http.js';
import { checkArguments } from './bind-arguments.js';
import type { Codec } from './codec/codec.js';
import { payloadOf, rpcFailure, type RemoteTarget } from './rpc-outcome.js';
import { remoteTarget } from './remote-target.js';

export interface RemoteOptions {
  readonly http: HttpClient;
  readonly store: EntityStore;
  readonly codec: Codec;
  /** Where the RPC routes live: the server root plus the datamodel's prefix (`http://host/api`). */
  readonly apiBase: string;
}

/** The RPC side of a client. */
export class Remote {
  readonly #options: RemoteOptions;

  constructor(options: RemoteOptions) {
    this.#options = options;
  }

  /**
   * Calls `name` on the entity's row with positional `args` and keyword `kwargs`; emits the
   * decoded result once. The arguments are checked against the datamodel's signature and encoded
   * before anything is sent, so a `ValidationError` or `CodecError` arrives without a request.
   */
  call(state: EntityState, name: string, args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): Observable<unknown> {
    return defer(() => {
      const model = state.model;
      const method = model.methods.get(name);
      if (method === undefined) throw unknownMember(model, 'method', name, model.methods.keys());
      if (!Array.isArray(args)) throw new ValidationError(`${model.name}.${name}: the positional arguments must be an array`, { model: model.name, field: name });
      if (typeof kwargs !== 'object' || kwargs === null || Array.isArray(kwargs)) {
        throw new ValidationError(`${model.name}.${name}: the keyword arguments must be an object`, { model: model.name, field: name });
      }
      checkArguments({ model: model.name, method }, args, kwargs);
      const target = this.#target(state, 'method', name, 'POST', `call ${name}() on it`);
      const payload = this.#options.codec.encodeCall(args, kwargs);
      return this.#exchange(target, { payload }).pipe(map((response) => this.#decode(payloadOf(response.body, target))));
    });
  }

  /** Reads a server @property of the entity's row; emits its decoded value once. */
  readProperty(state: EntityState, name: string): Observable<unknown> {
    return defer(() => {
      this.#checkProperty(state, name);
      const target = this.#target(state, 'property', name, 'GET', `read its property ${name}`);
      return this.#exchange(target).pipe(map((response) => this.#decode(payloadOf(response.body, target))));
    });
  }

  /**
   * Sets a settable @property on the row (the server commits at once). The body is the hex
   * payload as a bare JSON string, which is what the property route reads.
   */
  writeProperty(state: EntityState, name: string, value: unknown): Observable<void> {
    return defer(() => {
      const model = this.#checkProperty(state, name);
      if (model.properties.get(name) !== true) throw new ValidationError(`${model.name}.${name} is a read-only property`, { model: model.name, field: name });
      const target = this.#target(state, 'property', name, 'POST', `set its property ${name}`);
      return this.#exchange(target, this.#options.codec.encode(value)).pipe(map(() => undefined));
    });
  }

  #checkProperty(state: EntityState, name: string): ModelDef {
    const model = state.model;
    if (!model.properties.has(name)) throw unknownMember(model, 'property', name, model.properties.keys());
    return model;
  }

  #target(state: EntityState, kind: RemoteTarget['kind'], name: string, method: RemoteTarget['method'], what: string): RemoteTarget {
    return remoteTarget(this.#options.apiBase, state, kind, name, method, what);
  }

  /** One RPC request; its failure as what the server's answer means (rpc-outcome). */
  #exchange(target: RemoteTarget, json?: unknown): Observable<HttpResponse> {
    return this.#options.http
      .request({ method: target.method, url: target.url, ...(json === undefined ? {} : { json }) })
      .pipe(catchError((error: unknown) => throwError(() => rpcFailure(error, target))));
  }

  /** Decodes in one store transaction: every row in the result reaches observers as one batch. */
  #decode(hex: string): unknown {
    return this.#options.store.transaction(() => this.#options.codec.decode(hex));
  }
}

/** A ValidationError naming what the model does have. */
function unknownMember(model: ModelDef, kind: 'method' | 'property', name: string, known: Iterable<string>): ValidationError {
  const names = [...known];
  const plural = kind === 'method' ? 'methods' : 'properties';
  return new ValidationError(`${model.name} has no ${kind} "${name}"; ${names.length > 0 ? `its ${plural} are ${names.join(', ')}` : `it has no ${plural}`}`, { model: model.name, field: name });
}
