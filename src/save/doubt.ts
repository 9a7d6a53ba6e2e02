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
