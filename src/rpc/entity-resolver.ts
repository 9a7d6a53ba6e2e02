/**
 * The client's side of the codec's model hook: model instances in RPC results become entities of
 * the store (one object per row, merged like any load), and entities passed as arguments travel as
 * the server reads them, `{<pk>: value}` under the model's class name.
 */
import { CodecError } from '../errors.js';
import type { Datamodel } from '../schema/datamodel.js';
import { stateOf } from '../store/entity-state.js';
import { ingest, type IngestContext } from '../store/ingest.js';
import type { EncodedInstance, ModelResolver } from './codec/model-resolver.js';

/**
 * A resolver over the store. Decoding must run inside a store transaction (the RPC layer wraps
 * `decode` in one), so that a result with many rows reaches observers as one batch.
 */
export function entityResolver(datamodel: Datamodel, context: IngestContext): ModelResolver {
  return {
    isModel: (name) => datamodel.models.has(name),
    decodeInstance(name, dict) {
      const model = datamodel.models.get(name);
      if (model === undefined) throw new CodecError(`the server sent an instance of ${JSON.stringify(name)}, which is not a model`);
      const pk = dict[model.pk];
      // A transient object (built by the method, never flushed) has no key: it is not a row, so it
      // stays a plain object instead of entering the store.
      if (pk === null || pk === undefined) return Object.freeze({ ...dict });
      return ingest(context, model, dict).entity;
    },
    encodeInstance(value): EncodedInstance | undefined {
      const state = stateOf(value);
      if (state === undefined) return undefined;
      const label = `${state.model.name} ${state.lid}`;
      if (!context.store.owns(state)) throw new CodecError(`${label} belongs to another client; its key is another server's`, { model: state.model.name });
      if (state.status === 'deleted') throw new CodecError(`${label} was deleted; it cannot be sent to the server`, { model: state.model.name });
      if (state.pk === undefined) {
        // The server would build a transient copy that is rolled back after the call: the user's
        // entity would look sent while nothing of it exists on the server.
        throw new CodecError(`${label} is not saved yet; save it before passing it to a method`, { model: state.model.name });
      }
      return { name: state.model.name, fields: { [state.model.pk]: state.pk } };
    },
  };
}
