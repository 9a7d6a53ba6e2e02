import { ValidationError } from '../../errors.js';
import type { Condition, FieldOp, QueryExpression, WireValue } from '../../query/expression.js';

const WIRE_OPS: Record<FieldOp, string> = {
  eq: '==', ne: '!=', gt: '>', ge: '>=', lt: '<', le: '<=',
  in: 'in', notIn: 'not_in', isNull: 'is_null', isNotNull: 'is_not_null', like: 'like', ilike: 'ilike',
};

/** Options that change what a search asks for. */
export interface EncodeOptions {
  /** Ask for exactly one row (`single: true`): the server answers the bare object, 404 or 400. */
  readonly single?: boolean;
}

/** The `q` document of a classic Flask-Restless search, or undefined when there is nothing to say. */
export function encodeQuery(expression: QueryExpression, options: EncodeOptions = {}): Record<string, WireValue> | undefined {
  const q: Record<string, WireValue> = {};
  if (expression.filters.length > 0) q['filters'] = expression.filters.map(encodeCondition);
  if (expression.orderBy.length > 0) {
    q['order_by'] = expression.orderBy.map((key) => ({ field: key.field.split('.').join('__'), direction: key.direction }));
  }
  if (expression.limit !== undefined) q['limit'] = expression.limit;
  if (expression.offset !== undefined) q['offset'] = expression.offset;
  if (options.single) q['single'] = true;
  return Object.keys(q).length > 0 ? q : undefined;
}

/** One condition in the server's filter syntax. */
export function encodeCondition(condition: Condition): WireValue {
  switch (condition.kind) {
    case 'field': {
      const filter: Record<string, WireValue> = { name: condition.field, op: WIRE_OPS[condition.op] };
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
      return unreachable(condition);
  }
}

function unreachable(value: never): never {
  throw new ValidationError(`Unknown condition ${JSON.stringify(value)}`);
}
