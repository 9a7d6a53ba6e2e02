/**
 * One condition of the query AST as a Flask-Restless filter object: `{name, op, val}`, `{name, op,
 * field}` to compare two columns, `has`/`any` with a nested filter, and `or`/`and` lists. Classic
 * Flask-Restless 0.17 (inside `?q=`, docs/protocol/classic/read.md) and Flask-Restless-NG (as
 * `filter[objects]`, docs/protocol/jsonapi/read.md #19 to #45) take the same objects.
 */
import { ValidationError } from '../errors.js';
import type { Condition, FieldOp, WireValue } from '../query/expression.js';

const WIRE_OPS: Record<FieldOp, string> = {
  eq: '==', ne: '!=', gt: '>', ge: '>=', lt: '<', le: '<=',
  in: 'in', notIn: 'not_in', isNull: 'is_null', isNotNull: 'is_not_null', like: 'like', ilike: 'ilike',
};

export function encodeCondition(condition: Condition): WireValue {
  switch (condition.kind) {
    case 'field': {
      const filter: Record<string, WireValue> = { name: condition.field, op: WIRE_OPS[condition.op] };
      // is_null and is_not_null take no val.
      if (condition.value !== undefined) filter['val'] = condition.value;
      return filter;
    }
    case 'fields':
      return { name: condition.field, op: WIRE_OPS[condition.op], field: condition.other };
    case 'has':
    case 'any':
      return { name: condition.relation, op: condition.kind, val: encodeCondition(condition.where) };
    case 'and':
      return { and: condition.conditions.map(encodeCondition) };
    case 'or':
      return { or: condition.conditions.map(encodeCondition) };
    default:
      return unknownCondition(condition);
  }
}

function unknownCondition(value: never): never {
  throw new ValidationError(`Unknown condition ${JSON.stringify(value)}`);
}
