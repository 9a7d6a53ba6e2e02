/**
 * Rows as the classic server serializes them: one flat JSON object per row, columns (foreign keys
 * included) and relations side by side, related rows nested as objects (or lists of objects) that
 * carry their columns only; a polymorphic row names its subclass in its discriminator column.
 */
import { ProtocolError } from '../../errors.js';
import type { Datamodel, ModelDef } from '../../schema/datamodel.js';
import type { PrimaryKey } from '../../store/entity-state.js';
import type { RowReader, WireRow } from '../dialect.js';

export function classicRows(datamodel: Datamodel): RowReader {
  return {
    read(model, raw, url) {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw new ProtocolError(`Expected a ${model.name} object from the server, got ${raw === null ? 'null' : Array.isArray(raw) ? 'a list' : typeof raw}`, raw, url === undefined ? { model: model.name } : { model: model.name, url });
      }
      const row = raw as Record<string, unknown>;
      const pk = row[model.pk];
      if (typeof pk !== 'number' && typeof pk !== 'string') {
        throw new ProtocolError(`A ${model.name} object from the server has no primary key "${model.pk}"`, raw, { model: model.name, field: model.pk });
      }
      // One object for both: the row's own keys are its columns and its relations (no copy).
      const read: WireRow = { model: concreteModel(datamodel, model, row), pk, columns: row, relations: row };
      return read;
    },
    keyOf(model, raw) {
      if (typeof raw !== 'object' || raw === null) return undefined;
      const pk = (raw as Record<string, unknown>)[model.pk];
      return typeof pk === 'number' || typeof pk === 'string' ? (pk as PrimaryKey) : undefined;
    },
  };
}

/** The subclass a polymorphic row belongs to, chosen by its discriminator. */
function concreteModel(datamodel: Datamodel, model: ModelDef, row: Record<string, unknown>): ModelDef {
  if (model.discriminator === undefined) return model;
  const identity = row[model.discriminator];
  if (typeof identity !== 'string') return model;
  const name = model.identities.get(identity);
  const found = name === undefined ? undefined : datamodel.models.get(name);
  if (found) return found;
  // The root's own identity is not listed; a row of it read through the root is the root.
  return datamodel.models.get(model.root) ?? model;
}
