import type { QueryExpression, WireValue } from '../../query/expression.js';
import { encodeCondition } from '../filter-objects.js';

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

