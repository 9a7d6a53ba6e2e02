import { ValidationError } from '../errors.js';
import type { ModelDef, RelationDef } from '../schema/datamodel.js';
import { stateOf } from '../store/entity-state.js';
import { Criterion } from './criterion.js';
import type { Condition } from './expression.js';
import { FieldRef, wrapPath, type RefContext } from './field-refs.js';
import { quantify } from './quantify.js';

/** A condition, or a function building one from the related model's fields. */
export type NestedCondition<F> = Criterion | ((fields: F) => Criterion);

/** The operations of a relation in a filter; its target's fields are reachable through it as a path. */
export interface RelationOps<F, E> {
  /** The related row (to-one) satisfies the condition. On a to-many this means `any`, as the seed README writes it. */
  has(condition: NestedCondition<F>): Criterion;
  /** Some related row (to-many) satisfies the condition. */
  any(condition: NestedCondition<F>): Criterion;
  /** Related to this entity: compares the foreign key (to-one). `eq(null)`: no related row. */
  eq(entity: E | null): Criterion;
  ne(entity: E | null): Criterion;
  isNull(): Criterion;
  isNotNull(): Criterion;
}

/**
 * The object a filter function receives (`p` in `filter(p => p.name.eq('Bob'))`): one property
 * per column and relation of the model; any other name is a ValidationError at build time.
 */
export function fieldsOf(context: RefContext, owner: ModelDef, model: ModelDef, path: readonly RelationDef[] = []): object {
  return new Proxy(Object.create(null) as object, {
    get(_target, property) {
      if (typeof property !== 'string') return undefined;
      const attribute = model.attributes.get(property);
      if (attribute) return new FieldRef(context, owner, path, attribute);
      const relation = model.relations.get(property);
      if (relation) return relationRef(context, owner, path, relation);
      throw new ValidationError(`${model.name} has no field "${property}" to filter on`, { model: model.name, field: property });
    },
  });
}

function relationRef(context: RefContext, owner: ModelDef, path: readonly RelationDef[], relation: RelationDef): object {
  const target = relation.targetModel;
  const fullPath = [...path, relation];
  const targetFields = fieldsOf(context, owner, target, fullPath);
  const nested = (condition: unknown): Condition => {
    const built = typeof condition === 'function' ? (condition as (fields: object) => unknown)(fieldsOf(context, target, target)) : condition;
    if (!Criterion.is(built)) throw new ValidationError(`${owner.name}.${relation.name}: has()/any() need a condition such as c => c.vendor.eq('Pear')`, { model: owner.name, field: relation.name });
    return built.compile();
  };
  const quantified = (condition: unknown): Criterion =>
    Criterion.leaf(wrapPath(path, quantify(relation.many ? 'any' : 'has', relation.name, nested(condition))));
  const byEntity = (op: 'eq' | 'ne', entity: unknown): Criterion => {
    if (relation.many) throw new ValidationError(`${owner.name}.${relation.name} is a to-many relation; use any(c => ...)`, { model: owner.name, field: relation.name });
    if (entity === undefined) throw new ValidationError(`${owner.name}.${relation.name}.${op}(undefined): use isNull() or ${op}(null) for no related row, or leave the condition out`, { model: owner.name, field: relation.name });
    if (entity === null) return op === 'eq' ? ops.isNull() : ops.isNotNull();
    const state = stateOf(entity);
    if (!state) throw new ValidationError(`${owner.name}.${relation.name}.${op}() takes a ${relation.target} entity`, { model: owner.name, field: relation.name });
    if (context.owns !== undefined && !context.owns(state)) throw new ValidationError(`${owner.name}.${relation.name}.${op}(): this ${state.model.name} belongs to another client`, { model: owner.name, field: relation.name });
    if (state.pk === undefined) throw new ValidationError(`${owner.name}.${relation.name}.${op}(): the ${state.model.name} is not saved yet, so it has no key to compare`, { model: owner.name, field: relation.name });
    if (relation.localColumn !== undefined) {
      return Criterion.leaf(wrapPath(path, { kind: 'field', field: relation.localColumn, op, value: state.pk }));
    }
    const where: Condition = { kind: 'field', field: target.pk, op: 'eq', value: state.pk };
    if (op === 'ne') throw new ValidationError(`${owner.name}.${relation.name}.ne(entity) needs a foreign key column, which this relation does not have`, { model: owner.name, field: relation.name });
    return Criterion.leaf(wrapPath(path, { kind: 'has', relation: relation.name, where }));
  };
  const nullness = (op: 'isNull' | 'isNotNull'): Criterion => {
    if (relation.localColumn !== undefined) return Criterion.leaf(wrapPath(path, { kind: 'field', field: relation.localColumn, op }));
    throw new ValidationError(`${owner.name}.${relation.name}.${op}() needs a foreign key column, which this relation does not have`, { model: owner.name, field: relation.name });
  };
  const ops = {
    has: (condition: unknown) => quantified(condition),
    any: (condition: unknown) => quantified(condition),
    eq: (entity: unknown) => byEntity('eq', entity),
    ne: (entity: unknown) => byEntity('ne', entity),
    isNull: () => nullness('isNull'),
    isNotNull: () => nullness('isNotNull'),
  };
  return new Proxy(ops, {
    get(target, property, receiver) {
      if (typeof property === 'string' && Object.hasOwn(target, property)) return Reflect.get(target, property, receiver) as unknown;
      return Reflect.get(targetFields, property) as unknown;
    },
  });
}
