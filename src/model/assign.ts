import { ValidationError } from '../errors.js';
import { checkColumn } from '../schema/column-codec.js';
import type { ModelDef, RelationDef } from '../schema/datamodel.js';
import { sameValue } from '../store/same-value.js';
import { isKindOf } from '../schema/family.js';
import { stateOf, type EntityState } from '../store/entity-state.js';
import type { EntityRuntime } from './entity-factory.js';
import { keyColumnOf, relationsOfKey, sameKey, settleKeyPlaceholders } from '../store/foreign-keys.js';

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
      record(runtime, state, field, value);
      return;
    }
    runtime.store.transaction(() => {
      record(runtime, state, field, value);
      for (const relation of relations) followKey(runtime, state, relation, value);
      if (settleKeyPlaceholders(state)) runtime.store.mark(state, 'updated', true);
    });
    return;
  }
  const relation = model.relations.get(field);
  if (relation) {
    if (relation.proxy) throw new ValidationError(`${model.name}.${field} is an association proxy; it is read-only`, where);
    const next = relation.many ? checkList(runtime, model, relation, value) : checkOne(runtime, model, relation, value);
    runtime.store.transaction(() => {
      const previous = state.read(field);
      record(runtime, state, field, next);
      syncForeignKey(runtime, state, relation, next);
      syncInverse(runtime, state, relation, previous, next);
      if (settleKeyPlaceholders(state)) runtime.store.mark(state, 'updated', true);
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
  runtime.store.transaction(() => {
    const before = state.read(name);
    state.local.set(name, value);
    runtime.store.mark(state, 'updated', !sameValue(before, value));
  });
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
 * A to-one relation and its foreign key column say the same thing: the target's key, null, or, for
 * a new target without a key yet, "unknown until it is created" (see store/foreign-keys.ts).
 */
function syncForeignKey(runtime: EntityRuntime, state: EntityState, relation: RelationDef, value: unknown): void {
  const column = keyColumnOf(state.model, relation);
  if (column === undefined) return;
  if (value === null) {
    record(runtime, state, column, null);
    return;
  }
  const target = stateOf(value);
  if (!target) return;
  record(runtime, state, column, target.pk);
}

/**
 * The user assigned a foreign key column directly (`c.owner_id = 7`): the relation follows. It
 * becomes the entity of row 7 when the store has it (and that entity's loaded list gains `c`), null
 * for null, and otherwise unknown (`undefined`, not loaded) until the save's answer brings it.
 */
function followKey(runtime: EntityRuntime, state: EntityState, relation: RelationDef, key: unknown): void {
  const previous = state.read(relation.name);
  if (previous !== undefined && sameKey(previous === null ? null : stateOf(previous)?.pk, key)) return;
  const target = runtime.datamodel.models.get(relation.target);
  const found = key === null ? null : target !== undefined && (typeof key === 'number' || typeof key === 'string') ? runtime.store.find(target, key) : undefined;
  const next = found === null ? null : found !== undefined && found.status !== 'deleted' && belongsTo(runtime, found.model, relation.target) ? found.entity : undefined;
  record(runtime, state, relation.name, next);
  syncInverse(runtime, state, relation, previous, next);
}

/**
 * The other side of a relation follows an edit, as the Python client's typed lists do: after
 * `jen.computers.push(laptop)`, `laptop.owner === jen` and laptop's old owner no longer lists it;
 * after `laptop.owner = jen`, jen's loaded `computers` includes it. Sides not loaded stay unknown.
 */
function syncInverse(runtime: EntityRuntime, state: EntityState, relation: RelationDef, previous: unknown, next: unknown): void {
  if (relation.backref === undefined) return;
  const inverse = runtime.datamodel.models.get(relation.target)?.relations.get(relation.backref);
  if (!inverse || inverse.proxy) return;
  const before = asList(previous);
  const after = asList(next);
  for (const entity of before) if (!after.includes(entity)) unlinkLocal(runtime, entity, inverse, state.entity);
  for (const entity of after) if (!before.includes(entity)) linkLocal(runtime, entity, inverse, state.entity);
}

function linkLocal(runtime: EntityRuntime, entity: object, inverse: RelationDef, owner: object): void {
  const other = stateOf(entity);
  if (!other) return;
  if (inverse.many) {
    const current = other.read(inverse.name);
    if (Array.isArray(current) && !current.includes(owner)) record(runtime, other, inverse.name, Object.freeze([...(current as object[]), owner]));
    return;
  }
  const oldOwner = other.read(inverse.name);
  if (oldOwner === owner) return;
  record(runtime, other, inverse.name, owner);
  syncForeignKey(runtime, other, inverse, owner);
  // The child leaves its previous parent's loaded list.
  const back = inverse.backref === undefined ? undefined : stateOf(oldOwner);
  if (back && inverse.backref !== undefined) {
    const list = back.read(inverse.backref);
    if (Array.isArray(list) && list.includes(entity)) record(runtime, back, inverse.backref, Object.freeze((list as object[]).filter((item) => item !== entity)));
  }
}

function unlinkLocal(runtime: EntityRuntime, entity: object, inverse: RelationDef, owner: object): void {
  const other = stateOf(entity);
  if (!other) return;
  if (inverse.many) {
    const current = other.read(inverse.name);
    if (Array.isArray(current) && current.includes(owner)) record(runtime, other, inverse.name, Object.freeze((current as object[]).filter((item) => item !== owner)));
    return;
  }
  if (other.read(inverse.name) !== owner) return;
  record(runtime, other, inverse.name, null);
  syncForeignKey(runtime, other, inverse, null);
}

function asList(value: unknown): readonly object[] {
  if (Array.isArray(value)) return value as object[];
  return typeof value === 'object' && value !== null ? [value] : [];
}

/** True when `model` is `target` or one of its polymorphic subclasses. */
export function belongsTo(runtime: EntityRuntime, model: ModelDef, target: string): boolean {
  return isKindOf(runtime.datamodel, model, target);
}
