import { ValidationError } from '../errors.js';
import { unaddressableKey } from '../dialect/classic/resources.js';
import type { EntityState } from '../store/entity-state.js';
import type { RemoteTarget } from './rpc-outcome.js';

/**
 * The route of a method or property of the entity's row, which must be saved (`what` says why,
 * for the ValidationError). Kept apart from the codec: a save needs property URLs without it.
 */
export function remoteTarget(
  apiBase: string,
  state: EntityState,
  kind: RemoteTarget['kind'],
  name: string,
  method: RemoteTarget['method'],
  what: string,
): RemoteTarget {
  const pk = addressOf(state, what);
  const url = `${apiBase}/${kind}/${encodeURIComponent(state.model.collection)}/${encodeURIComponent(String(pk))}/${encodeURIComponent(name)}`;
  return { model: state.model.name, pk, kind, name, url, method };
}

/** Where a property of the entity's row is read and written. */
export function propertyUrl(apiBase: string, state: EntityState, name: string): string {
  return remoteTarget(apiBase, state, 'property', name, 'POST', `address its property ${name}`).url;
}

/** The row's key, or a ValidationError: there is no row to call on until the entity is saved. */
function addressOf(state: EntityState, what: string): string | number {
  const where = { model: state.model.name };
  if (state.status === 'deleted') throw new ValidationError(`${state.model.name} ${String(state.pk)} was deleted; cannot ${what}`, where);
  if (state.pk === undefined) throw new ValidationError(`This ${state.model.name} is not saved yet; save it before you ${what}`, where);
  const problem = unaddressableKey(state.pk);
  if (problem !== undefined) throw new ValidationError(`${state.model.name} ${String(state.pk)}: ${problem}`, where);
  return state.pk;
}
