import { HttpError, NetworkError, ProtocolError, type RestlessError } from '../errors.js';
import type { EntityState } from '../store/entity-state.js';

/**
 * Creates whose outcome is unknown: the POST may have made the row (its answer was lost, cut short,
 * unusable, or came from a gateway or a crash after the commit). A save never POSTs such an entity
 * again by itself; the user resends it (`entity.save()` called after the doubt is known), drops it
 * (`entity.delete()`), or `reconcile()` looks it up by its natural keys.
 */
export class Doubts {
  readonly #errors = new Map<EntityState, RestlessError>();
  /** Creates made inside an owner's POST that is in doubt (see nest.ts), by owner: all or none exist. */
  readonly #nested = new Map<EntityState, ReadonlyArray<{ readonly relation: string; readonly state: EntityState }>>();

  has(state: EntityState): boolean {
    return this.#errors.has(state);
  }

  get(state: EntityState): RestlessError | undefined {
    return this.#errors.get(state);
  }

  set(state: EntityState, error: RestlessError): void {
    this.#errors.set(state, error);
  }

  delete(state: EntityState): void {
    this.#errors.delete(state);
    // Settled one way or another: what is known of it no longer speaks for the others.
    this.#nested.delete(state);
    for (const [owner, nested] of this.#nested) {
      const rest = nested.filter((each) => each.state !== state);
      if (rest.length === nested.length) continue;
      if (rest.length === 0) this.#nested.delete(owner);
      else this.#nested.set(owner, rest);
    }
  }

  /** Records that one POST of `owner` carried `nested` (one transaction): their rows exist all or none. */
  together(owner: EntityState, nested: ReadonlyArray<{ readonly relation: string; readonly state: EntityState }>): void {
    if (nested.length > 0) this.#nested.set(owner, nested);
  }

  /** The entities nested in `owner`'s doubtful POST, with the relation that carried each. */
  nestedIn(owner: EntityState): ReadonlyArray<{ readonly relation: string; readonly state: EntityState }> {
    return this.#nested.get(owner) ?? [];
  }

  /** The other entities whose rows the same doubtful POST made, or did not make, with this one's. */
  partners(state: EntityState): EntityState[] {
    const own = this.#nested.get(state);
    if (own !== undefined) return own.map((each) => each.state);
    for (const [owner, nested] of this.#nested) {
      if (nested.some((each) => each.state === state)) return [owner, ...nested.map((each) => each.state).filter((other) => other !== state)];
    }
    return [];
  }

  /** Every entity in doubt now. */
  entities(): EntityState[] {
    return [...this.#errors.keys()];
  }
}

/**
 * The error of a create in doubt: of the same class as what happened (a NetworkError for a lost
 * answer or a timeout, an HttpError for a gateway or a 500, a ProtocolError for an unusable 2xx), with
 * `outcome: 'unknown'` and a message that says what the user can do.
 */
export function unknownOutcomeError(state: EntityState, url: string, because: string, cause: unknown): RestlessError {
  const model = state.model.name;
  const message = `POST ${url}: ${because}, so the server may or may not have created this ${model}. It is not sent again by a save (a duplicate create is worse than a failed save): check the server, then call save() on this entity to send it again, or delete() it to drop it (with naturalKeys for ${model}, reconcile() looks it up for you).`;
  const context = { method: 'POST', url, model, outcome: 'unknown' as const, ...(cause === undefined ? {} : { cause }) };
  if (cause instanceof HttpError && !(cause instanceof ProtocolError)) {
    const error = new HttpError(cause.status, cause.body, cause.serverMessage === undefined ? context : { ...context, serverMessage: cause.serverMessage });
    error.message = message;
    return error;
  }
  if (ProtocolError.is(cause)) return new ProtocolError(message, cause.body, context);
  return new NetworkError(message, NetworkError.is(cause) && cause.timedOut ? { ...context, timedOut: true } : context);
}
