import { ValidationError } from '../errors.js';
import { checkColumn } from '../schema/column-codec.js';
import type { ModelDef, RelationDef } from '../schema/datamodel.js';
import { isKindOf } from '../schema/family.js';
import { stateOf, type EntityState } from '../store/entity-state.js';
import type { EntityRuntime } from './entity-factory.js';
import { relationsOfKey, sameKey } from '../store/foreign-keys.js';
import { edit, editAlwaysSent, editKeyColumn, settleKeys } from '../store/entity-writes.js';
import { followEdit } from '../store/inverse.js';

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
    // Only hybrids are read-only columns. A column association proxy (`Computer.owner_name`) is
    // listed by the datamodel as an ordinary column and the server's PUT writes it through.
    if (attribute.readOnly) throw new ValidationError(`${model.name}.${field} is read-only (a hybrid property)`, where);
    if (field === model.pk && state.status !== 'new') {
      throw new ValidationError(`${model.name}.${field} is the primary key of a saved row; it cannot be changed`, where);
    }
    const problem = checkColumn(attribute.type, value, runtime.columns.rules(model, field));
    if (problem !== undefined) throw new ValidationError(`${model.name}.${field}: ${problem}`, where);
    if (field === model.discriminator && model.parent !== undefined && model.identity !== undefined && value !== model.identity) {
      // The server would commit the row under the other identity, then fail re-reading it as this
      // subclass (docs/protocol/classic/write.md #101): an HTML 500 for a row that exists.
      throw new ValidationError(`${model.name}.${field} is the polymorphic identity of ${model.name} rows ("${model.identity}"); got ${JSON.stringify(value)}`, where);
    }
    const relations = relationsOfKey(model, field);
    if (relations.length === 0) {
      edit(runtime.store, state, field, value);
      return;
    }
    runtime.store.transaction(() => {
      edit(runtime.store, state, field, value);
      for (const relation of relations) followKey(runtime, state, relation, value);
      settleKeys(runtime.store, state);
    });
    return;
  }
  const relation = model.relations.get(field);
  if (relation) {
    if (relation.proxy) throw new ValidationError(`${model.name}.${field} is an association proxy; it is read-only`, where);
    const next = relation.many ? checkList(runtime, model, relation, value) : checkOne(runtime, model, relation, value);
    runtime.store.transaction(() => {
      const previous = state.read(field);
      edit(runtime.store, state, field, next);
      editKeyColumn(runtime.store, state, relation, next);
      followEdit(runtime.store, state, relation, previous, next);
      settleKeys(runtime.store, state);
    });
    return;
  }
  if (model.properties.has(field)) {
    if (model.properties.get(field) !== true) throw new ValidationError(`${model.name}.${field} is a read-only property of the server's model`, where);
    assignProperty(runtime, state, field, value);
    return;
  }
  throw new ValidationError(`${model.name} has no field "${field}"`, where);
}

/**
 * Records a new value of a settable server @property: it is sent by the next save through the
 * property route (after the row exists). The value must be one the RPC codec can send. Unlike a
 * column it is always dirty: rows do not carry properties, so the server's value is not known.
 */
function assignProperty(runtime: EntityRuntime, state: EntityState, name: string, value: unknown): void {
  const where = { model: state.model.name, field: name };
  const problem = runtime.unencodable(value);
  if (problem !== undefined) {
    throw new ValidationError(`${state.model.name}.${name}: the value cannot be sent to the server (${problem instanceof Error ? problem.message : String(problem)})`, { ...where, cause: problem });
  }
  editAlwaysSent(runtime.store, state, name, value);
}

function checkOne(runtime: EntityRuntime, model: ModelDef, relation: RelationDef, value: unknown): object | null {
  if (value === null) return null;
  const target = stateOf(value);
  const where = { model: model.name, field: relation.name };
  if (!target || !belongsTo(runtime, target.model, relation.target)) {
    throw new ValidationError(`${model.name}.${relation.name} takes a ${relation.target} entity or null`, where);
  }
  // Another client's entity has its own store: linking it here would mix two identity maps.
  if (!runtime.store.owns(target)) throw new ValidationError(`${model.name}.${relation.name}: this ${target.model.name} belongs to another client`, where);
  if (target.status === 'deleted') throw new ValidationError(`${model.name}.${relation.name}: ${target.model.name} ${String(target.pk)} was deleted`, where);
  return value as object;
}

function checkList(runtime: EntityRuntime, model: ModelDef, relation: RelationDef, value: unknown): readonly object[] {
  if (!Array.isArray(value)) throw new ValidationError(`${model.name}.${relation.name} takes an array of ${relation.target} entities`, { model: model.name, field: relation.name });
  for (const item of value) checkOne(runtime, model, relation, item);
  return Object.freeze([...new Set(value as object[])]);
}

/**
 * The user assigned a foreign key column directly (`c.owner_id = 7`): the relation follows. It
 * becomes the entity of row 7 when the store has it (and that entity's loaded list gains `c`), null
 * for null, and otherwise unknown (`undefined`, not loaded) until the save's answer brings it.
 */
function followKey(runtime: EntityRuntime, state: EntityState, relation: RelationDef, key: unknown): void {
  const previous = state.read(relation.name);
  if (previous !== undefined && sameKey(previous === null ? null : stateOf(previous)?.pk, key)) return;
  const found = key === null ? null : typeof key === 'number' || typeof key === 'string' ? runtime.store.find(relation.targetModel, key) : undefined;
  const next = found === null ? null : found !== undefined && found.status !== 'deleted' && belongsTo(runtime, found.model, relation.target) ? found.entity : undefined;
  edit(runtime.store, state, relation.name, next);
  followEdit(runtime.store, state, relation, previous, next);
}

/** True when `model` is `target` or one of its polymorphic subclasses. */
export function belongsTo(runtime: EntityRuntime, model: ModelDef, target: string): boolean {
  return isKindOf(runtime.datamodel, model, target);
}
