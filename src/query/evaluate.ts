/**
 * The local evaluator of the filter language. It answers "does this record match?" exactly as the
 * classic server would (SQLAlchemy 1.4 on SQLite), so live queries and the msw emulator agree with
 * the real server and with each other.
 *
 * The answer is three-valued: `undefined` means "cannot tell locally" (a relation the record does
 * not have loaded, a column it does not carry, such as an association proxy absent from GET
 * bodies); the caller refetches. `and`/`or` follow Kleene logic: false AND unknown is false,
 * true OR unknown is true.
 *
 * Server semantics worth knowing (each is recorded in docs/protocol/classic/):
 * - a comparison with NULL does not match, so `ne` and `notIn` leave NULL rows out;
 * - `in []` matches nothing and `notIn []` matches everything;
 * - `like`/`ilike` are SQL patterns (`%`, `_`), case-insensitive for ASCII letters only;
 *   `eq` on strings is case-sensitive;
 * - values are compared after SQLite's type conversions (see `normalize.ts`): `"2"` equals 2 in
 *   an integer column; date strings are read as dates where the server parses them (see
 *   `TemporalMode`); a time is stored as `HH:MM:SS.ffffff`, so `eq "09:08:07"` does not match;
 * - an array value in a non-JSON column is an association proxy's values: it matches when one of
 *   them does (`tag_names eq "flask"`), and `notIn`/`isNull` follow SQLAlchemy's proxy rules;
 * - `isNull`/`isNotNull` on a relation name test that the relation is empty (the server accepts
 *   `{"name": "owner", "op": "is_null"}`).
 */
import { ValidationError } from '../errors.js';
import type { Datamodel, ModelDef, RelationDef } from '../schema/datamodel.js';
import type { Condition, RecordAccess, WireValue } from './expression.js';
import { columnValue, matchField, matchFields } from './match-field.js';
import { storedValue } from './normalize.js';

/**
 * How date and datetime filter values are read.
 * - `server` (default): as the server reads them. It runs the values of TOP-LEVEL filters through
 *   dateutil (`2020-01-01` and `2020-01-01T00:00:00` are then the same instant), and compares
 *   values nested in `or`/`and`/`has`/`any` as raw text with the stored form
 *   (`2020-05-01 10:30:00.000000`), so a nested `eq` on a datetime written with a `T` matches
 *   nothing there. The root condition counts as the top-level filter list when it is an `and`
 *   (its members are the top-level filters), or is itself top-level when it is a field condition.
 * - `verbatim`: never parse; for callers that converted top-level values already (the emulator's
 *   decoder does, exactly as the server does).
 */
export type TemporalMode = 'server' | 'verbatim';

/** How the evaluator reads filter values. */
export interface EvaluateOptions {
  readonly temporal?: TemporalMode;
}

interface Context<R> {
  readonly datamodel: Datamodel;
  readonly access: RecordAccess<R>;
}

/**
 * Whether `record` (a row of `model`) satisfies `condition`; `undefined` when it cannot be told
 * from what the record carries. Throws `ValidationError` for a condition the server would refuse
 * (an unknown field, `has` on a to-many relation).
 *
 * @example
 * evaluate({ kind: 'field', field: 'name', op: 'like', value: 'a%' }, alice, Person, datamodel, access); // true
 */
export function evaluate<R>(
  condition: Condition,
  record: R,
  model: ModelDef,
  datamodel: Datamodel,
  access: RecordAccess<R>,
  options: EvaluateOptions = {},
): boolean | undefined {
  const ctx: Context<R> = { datamodel, access };
  const topLevel = (options.temporal ?? 'server') === 'server';
  if (condition.kind === 'and') return every(condition.conditions, (inner) => evaluateIn(ctx, inner, record, model, topLevel));
  return evaluateIn(ctx, condition, record, model, topLevel);
}

/** `topLevel`: the condition is one of the top-level filters, whose date values the server parses. */
function evaluateIn<R>(ctx: Context<R>, condition: Condition, record: R, model: ModelDef, topLevel = false): boolean | undefined {
  switch (condition.kind) {
    case 'field':
      return evaluateField(ctx, condition, record, model, topLevel);
    case 'fields': {
      const leftType = attribute(model, condition.field).type;
      const rightType = attribute(model, condition.other).type;
      const left = ctx.access.value(record, condition.field);
      const right = ctx.access.value(record, condition.other);
      if (left === undefined || right === undefined) return undefined;
      if (Array.isArray(right) && rightType !== 'json') {
        throw new ValidationError(`${model.name}.${condition.other}: an association proxy cannot be the right side of a column comparison`, { model: model.name, field: condition.other });
      }
      return matchFields(columnValue(left, leftType), leftType, condition.op, storedValue(right, rightType), rightType);
    }
    case 'has': {
      const relation = relationOf(model, condition.relation, false);
      const related = ctx.access.related(record, condition.relation);
      if (related === undefined) return undefined;
      if (related === null) return false;
      if (isList(related)) throw new ValidationError(`${model.name}.${condition.relation}: the record holds a list for a to-one relation`, { model: model.name, field: condition.relation });
      return evaluateIn(ctx, condition.where, related, relation.targetModel);
    }
    case 'any': {
      const relation = relationOf(model, condition.relation, true);
      const related = ctx.access.related(record, condition.relation);
      if (related === undefined) return undefined;
      if (related === null || !isList(related)) throw new ValidationError(`${model.name}.${condition.relation}: the record does not hold a list for a to-many relation`, { model: model.name, field: condition.relation });
      const targetModel = relation.targetModel;
      return some(related, (item) => evaluateIn(ctx, condition.where, item, targetModel));
    }
    case 'and':
      return every(condition.conditions, (inner) => evaluateIn(ctx, inner, record, model));
    case 'or':
      return some(condition.conditions, (inner) => evaluateIn(ctx, inner, record, model));
    default: {
      const unhandled: never = condition;
      return unhandled;
    }
  }
}

function evaluateField<R>(ctx: Context<R>, condition: Extract<Condition, { kind: 'field' }>, record: R, model: ModelDef, topLevel: boolean): boolean | undefined {
  const { field, op } = condition;
  const relation = model.attributes.has(field) ? undefined : model.relations.get(field);
  if (relation !== undefined) {
    if (op !== 'isNull' && op !== 'isNotNull') {
      throw new ValidationError(`${model.name}.${field} is a relation: only isNull/isNotNull compare it directly (use has/any)`, { model: model.name, field });
    }
    const related = ctx.access.related(record, field);
    if (related === undefined) return undefined;
    const empty = related === null || (isList(related) && related.length === 0);
    return op === 'isNull' ? empty : !empty;
  }
  const type = attribute(model, field).type;
  const value = operandOf(condition, model);
  const raw = ctx.access.value(record, field);
  if (raw === undefined) return undefined;
  return matchField(columnValue(raw, type), type, op, value, topLevel);
}

function operandOf(condition: Extract<Condition, { kind: 'field' }>, model: ModelDef): WireValue {
  const { op, value, field } = condition;
  if (op === 'isNull' || op === 'isNotNull') return null;
  if (value === undefined) throw new ValidationError(`${model.name}.${field} ${op} needs a value`, { model: model.name, field });
  if ((op === 'in' || op === 'notIn') && !Array.isArray(value)) {
    throw new ValidationError(`${model.name}.${field} ${op} needs a list of values`, { model: model.name, field });
  }
  return value;
}

/** Kleene AND over lazily evaluated operands: a false short-circuits, unknown is remembered. */
function every<T>(operands: readonly T[], evaluateOne: (operand: T) => boolean | undefined): boolean | undefined {
  let unknown = false;
  for (const operand of operands) {
    const result = evaluateOne(operand);
    if (result === false) return false;
    if (result === undefined) unknown = true;
  }
  return unknown ? undefined : true;
}

/** Kleene OR: a true short-circuits, unknown is remembered. */
function some<T>(operands: readonly T[], evaluateOne: (operand: T) => boolean | undefined): boolean | undefined {
  let unknown = false;
  for (const operand of operands) {
    const result = evaluateOne(operand);
    if (result === true) return true;
    if (result === undefined) unknown = true;
  }
  return unknown ? undefined : false;
}

function attribute(model: ModelDef, field: string) {
  const found = model.attributes.get(field);
  if (found === undefined) throw new ValidationError(`${model.name} has no attribute "${field}"`, { model: model.name, field });
  return found;
}

function relationOf(model: ModelDef, name: string, many: boolean): RelationDef {
  const relation = model.relations.get(name);
  if (relation === undefined) throw new ValidationError(`${model.name} has no relation "${name}"`, { model: model.name, field: name });
  if (relation.many !== many) {
    const use = relation.many ? 'any' : 'has';
    throw new ValidationError(`${model.name}.${name} is a ${relation.many ? 'to-many' : 'to-one'} relation: use ${use}`, { model: model.name, field: name });
  }
  return relation;
}

function isList<R>(value: R | readonly R[]): value is readonly R[] {
  return Array.isArray(value);
}
