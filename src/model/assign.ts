import { ValidationError } from '../errors.js';
import { checkColumn } from '../schema/column-codec.js';
import type { ModelDef, RelationDef } from '../schema/datamodel.js';
import { sameValue } from '../store/ingest.js';
import { stateOf, type EntityState } from '../store/entity-state.js';
import type { EntityRuntime } from './entity-factory.js';

/**
 * Validates and records the user's assignment of `value` to `field`: the value becomes an unsaved
 * change (or, when it equals what the server has, the field is clean again). Bad input never
 * reaches the store: an unknown or read-only field, a value of the wrong type, an entity of the
 * wrong model are each a `ValidationError` naming the model and field.
 */
export function assignField(runtime: EntityRuntime, state: EntityState, field: string, value: unknown): void {
  const model = state.model;
  const where = { model: model.name, field };
  if (state.status === 'deleted') throw new ValidationError(`${model.name} ${String(state.pk)} was deleted; it cannot be changed`, where);
  const attribute = model.attributes.get(field);
  if (attribute) {
    if (attribute.readOnly || runtime.readOnlyFields(model).has(field)) {
      throw new ValidationError(`${model.name}.${field} is read-only (${attribute.type === 'hybrid' ? 'a hybrid property' : 'an association proxy the server does not serve'})`, where);
    }
    if (field === model.pk && state.status !== 'new') {
      throw new ValidationError(`${model.name}.${field} is the primary key of a saved row; it cannot be changed`, where);
    }
    const problem = checkColumn(attribute.type, value);
    if (problem !== undefined) throw new ValidationError(`${model.name}.${field}: ${problem}`, where);
    record(runtime, state, field, value);
    return;
  }
  const relation = model.relations.get(field);
  if (relation) {
    if (relation.proxy) throw new ValidationError(`${model.name}.${field} is an association proxy; it is read-only`, where);
    record(runtime, state, field, relation.many ? checkList(runtime, model, relation, value) : checkOne(runtime, model, relation, value));
    return;
  }
  throw new ValidationError(`${model.name} has no field "${field}"`, where);
}

function record(runtime: EntityRuntime, state: EntityState, field: string, value: unknown): void {
  runtime.store.transaction(() => {
    const before = state.read(field);
    if (state.server.has(field) && sameValue(state.server.get(field), value)) state.local.delete(field);
    else state.local.set(field, value);
    runtime.store.mark(state, 'updated', !sameValue(before, value));
  });
}

function checkOne(runtime: EntityRuntime, model: ModelDef, relation: RelationDef, value: unknown): object | null {
  if (value === null) return null;
  const target = stateOf(value);
  if (!target || !belongsTo(runtime, target.model, relation.target)) {
    throw new ValidationError(`${model.name}.${relation.name} takes a ${relation.target} entity or null`, { model: model.name, field: relation.name });
  }
  return value as object;
}

function checkList(runtime: EntityRuntime, model: ModelDef, relation: RelationDef, value: unknown): readonly object[] {
  if (!Array.isArray(value)) throw new ValidationError(`${model.name}.${relation.name} takes an array of ${relation.target} entities`, { model: model.name, field: relation.name });
  for (const item of value) checkOne(runtime, model, relation, item);
  return Object.freeze([...new Set(value as object[])]);
}

/** True when `model` is `target` or one of its polymorphic subclasses. */
export function belongsTo(runtime: EntityRuntime, model: ModelDef, target: string): boolean {
  let current: ModelDef | undefined = model;
  while (current) {
    if (current.name === target) return true;
    current = current.parent === undefined ? undefined : runtime.datamodel.models.get(current.parent);
  }
  return false;
}
