/**
 * Remote calls of a row's Python methods and properties (flask-restless-datamodel's RPC routes):
 * `POST <api>/method/<collection_name>/<pk>/<name>` with `{"payload": hex}`, and
 * `GET`/`POST <api>/property/<collection_name>/<pk>/<name>`, the POST taking a bare JSON string.
 * Every call is a cold observable: nothing leaves before subscription, unsubscribing aborts, and
 * a method call is never retried (the server may have run it).
 */
import { Observable, catchError, defer, map, throwError } from 'rxjs';
import { ValidationError } from '../errors.js';
import { unaddressableKey } from '../dialect/classic/resources.js';
import type { ModelDef } from '../schema/datamodel.js';
import type { EntityState } from '../store/entity-state.js';
import type { EntityStore } from '../store/entity-store.js';
import type { HttpClient } from '../transport/http.js';
import { checkArguments } from './bind-arguments.js';
import type { Codec } from './codec/codec.js';
import { payloadOf, rpcFailure, type RemoteTarget } from './rpc-outcome.js';

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
      if (method === undefined) {
        const known = [...model.methods.keys()];
        throw new ValidationError(`${model.name} has no method "${name}"; ${known.length > 0 ? `its methods are ${known.join(', ')}` : 'it has no methods'}`, { model: model.name, field: name });
      }
      if (!Array.isArray(args)) throw new ValidationError(`${model.name}.${name}: the positional arguments must be an array`, { model: model.name, field: name });
      if (typeof kwargs !== 'object' || kwargs === null || Array.isArray(kwargs)) {
        throw new ValidationError(`${model.name}.${name}: the keyword arguments must be an object`, { model: model.name, field: name });
      }
      checkArguments({ model: model.name, method }, args, kwargs);
      const pk = this.#addressOf(state, `call ${name}() on it`);
      const payload = this.#options.codec.encodeCall(args, kwargs);
      const target: RemoteTarget = { model: model.name, pk, member: `${name}()`, url: this.#url('method', model, pk, name), method: 'POST' };
      return this.#options.http.request({ method: 'POST', url: target.url, json: { payload } }).pipe(
        catchError((error: unknown) => throwError(() => rpcFailure(error, target))),
        map((response) => this.#decode(payloadOf(response.body, target))),
      );
    });
  }

  /** Reads a server @property of the entity's row; emits its decoded value once. */
  readProperty(state: EntityState, name: string): Observable<unknown> {
    return defer(() => {
      const model = this.#property(state, name);
      const pk = this.#addressOf(state, `read its property ${name}`);
      const target: RemoteTarget = { model: model.name, pk, member: name, url: this.#url('property', model, pk, name), method: 'GET' };
      return this.#options.http.request({ method: 'GET', url: target.url }).pipe(
        catchError((error: unknown) => throwError(() => rpcFailure(error, target))),
        map((response) => this.#decode(payloadOf(response.body, target))),
      );
    });
  }

  /**
   * Sets a settable @property on the row (the server commits at once). The body is the hex
   * payload as a bare JSON string, which is what the property route reads.
   */
  writeProperty(state: EntityState, name: string, value: unknown): Observable<void> {
    return defer(() => {
      const model = this.#property(state, name);
      if (model.properties.get(name) !== true) throw new ValidationError(`${model.name}.${name} is a read-only property`, { model: model.name, field: name });
      const pk = this.#addressOf(state, `set its property ${name}`);
      const target: RemoteTarget = { model: model.name, pk, member: name, url: this.#url('property', model, pk, name), method: 'POST' };
      const payload = this.#options.codec.encode(value);
      return this.#options.http.request({ method: 'POST', url: target.url, json: payload }).pipe(
        catchError((error: unknown) => throwError(() => rpcFailure(error, target))),
        map(() => undefined),
      );
    });
  }

  /** Where a property of the entity's row is read and written. */
  propertyUrl(state: EntityState, name: string): string {
    const pk = this.#addressOf(state, `address its property ${name}`);
    return this.#url('property', state.model, pk, name);
  }

  #property(state: EntityState, name: string): ModelDef {
    const model = state.model;
    if (!model.properties.has(name)) {
      const known = [...model.properties.keys()];
      throw new ValidationError(`${model.name} has no property "${name}"; ${known.length > 0 ? `its properties are ${known.join(', ')}` : 'it has no properties'}`, { model: model.name, field: name });
    }
    return model;
  }

  /** The row's key, or a ValidationError: there is no row to call on until the entity is saved. */
  #addressOf(state: EntityState, what: string): string | number {
    const where = { model: state.model.name };
    if (state.status === 'deleted') throw new ValidationError(`${state.model.name} ${String(state.pk)} was deleted; cannot ${what}`, where);
    if (state.pk === undefined) throw new ValidationError(`This ${state.model.name} is not saved yet; save it before you ${what}`, where);
    const problem = unaddressableKey(state.pk);
    if (problem !== undefined) throw new ValidationError(`${state.model.name} ${String(state.pk)}: ${problem}`, where);
    return state.pk;
  }

  #url(kind: 'method' | 'property', model: ModelDef, pk: string | number, name: string): string {
    return `${this.#options.apiBase}/${kind}/${encodeURIComponent(model.collection)}/${encodeURIComponent(String(pk))}/${encodeURIComponent(name)}`;
  }

  /** Decodes in one store transaction: every row in the result reaches observers as one batch. */
  #decode(hex: string): unknown {
    return this.#options.store.transaction(() => this.#options.codec.decode(hex));
  }
}
