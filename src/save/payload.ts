import { ValidationError } from '../errors.js';
import { checkColumn, writeColumn } from '../schema/column-codec.js';
import type { WireValue } from '../query/expression.js';
import { collectionUrl, itemUrl } from '../dialect/classic/resources.js';
import { stateOf, type EntityState } from '../store/entity-state.js';
import { listChanges } from './collect.js';
import type { RowOperation } from './operation.js';

/** A write request and the values it sends, to tell afterwards which fields it made clean. */
export interface WriteRequest {
  readonly method: 'POST' | 'PUT';
  readonly url: string;
  readonly json: Record<string, WireValue>;
  readonly sent: ReadonlyMap<string, unknown>;
  /** Saved rows the body names by key alone: the server creates them if they were deleted meanwhile. */
  readonly references: readonly EntityState[];
}

/**
 * The request of an operation, built when it is sent (keys created by earlier levels are known
 * then). Related rows are referenced by foreign key columns where the model has them, otherwise
 * by key-only objects (`{"id": 3}`): never a key together with other fields, which the classic
 * server would apply to that other row, and never a key the server did not give us.
 */
export function requestFor(operation: RowOperation, root: string, timeZone: string): WriteRequest {
  const { state } = operation;
  const json: Record<string, WireValue> = {};
  const sent = new Map<string, unknown>();
  const references: EntityState[] = [];
  const reference = (target: EntityState, owner: EntityState, field: string): Record<string, WireValue> => {
    const saved = keyOf(target, owner, field);
    references.push(saved);
    return { [saved.model.pk]: saved.pk as WireValue };
  };
  const fields = operation.kind === 'link' ? [] : operation.fields;
  for (const field of fields) {
    const value = state.read(field);
    sent.set(field, value);
    const attribute = state.model.attributes.get(field);
    if (attribute) {
      // Checked again when sent: a Date or a JSON value is mutable, and may have been changed in
      // place since it was assigned (a cycle, a year 10000) into something the server cannot store.
      const problem = checkColumn(attribute.type, value);
      if (problem !== undefined) throw new ValidationError(`${state.model.name}.${field}: ${problem}`, { model: state.model.name, field });
      json[field] = writeColumn(attribute.type, value, timeZone);
      continue;
    }
    const relation = state.model.relations.get(field);
    if (!relation) continue;
    if (!relation.many) {
      const target = value === null ? null : keyOf(stateOf(value), state, field);
      if (relation.localColumn !== undefined && state.model.attributes.has(relation.localColumn)) {
        json[relation.localColumn] = target === null ? null : target.pk;
      } else {
        json[field] = target === null ? null : reference(target, state, field);
      }
      continue;
    }
    const { add, remove } = listChanges(state, field);
    if (operation.kind === 'create') {
      json[field] = add.filter((item) => item.pk !== undefined).map((item) => reference(item, state, field));
    } else {
      json[field] = { add: add.map((item) => reference(item, state, field)), remove: remove.map((item) => reference(item, state, field)) };
    }
  }
  if (operation.kind === 'link') {
    json[operation.relation] = {
      add: operation.add.map((item) => reference(item, state, operation.relation)),
      remove: operation.remove.map((item) => reference(item, state, operation.relation)),
    };
  }
  if (operation.kind === 'create') return { method: 'POST', url: collectionUrl(root, state.model), json, sent, references };
  if (state.pk === undefined) throw new ValidationError(`${state.model.name} has no key to update`, { model: state.model.name });
  return { method: 'PUT', url: itemUrl(root, state.model, state.pk), json, sent, references };
}

function keyOf(target: EntityState | undefined, owner: EntityState, field: string): EntityState & { pk: string | number } {
  if (!target || target.pk === undefined) {
    throw new ValidationError(`${owner.model.name}.${field} refers to a ${target?.model.name ?? 'row'} that is not saved`, { model: owner.model.name, field });
  }
  return target as EntityState & { pk: string | number };
}
