/**
 * `filter[objects]` as Flask-Restless-NG 3.3.0 reads it (docs/protocol/jsonapi/read.md #19 to #45,
 * errors.md #1 to #11): a JSON list of filter objects, ANDed; each is `{name, op, val}`,
 * `{name, op, field}`, `{or: [...]}` or `{and: [...]}`, and `has`/`any` take a nested filter
 * object. A name the model does not have is `Invalid filter object: No such field "x"`; any other
 * failure is the generic `Unable to construct query`. The result is a predicate over stored rows.
 */
import type { Condition, WireValue } from '../../query/expression.js';
import { evaluate } from '../../query/evaluate.js';
import type { ModelDef } from '../../schema/datamodel.js';
import type { StoredRow } from '../core/db.js';
import type { JsonApiContext } from './context.js';
import { failWith } from './request-failure.js';
import { errorResponse } from './responses.js';
import { relatedOf } from './related-rows.js';

export type RowPredicate = (row: StoredRow) => boolean;

const BINARY: ReadonlyMap<string, 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'in' | 'notIn' | 'like' | 'ilike' | 'notLike'> = new Map([
  ...['==', 'eq', 'equals', 'equal_to'].map((name) => [name, 'eq'] as const),
  ...['!=', 'ne', 'neq', 'not_equal_to', 'does_not_equal'].map((name) => [name, 'ne'] as const),
  ...['>', 'gt'].map((name) => [name, 'gt'] as const),
  ...['<', 'lt'].map((name) => [name, 'lt'] as const),
  ...['>=', 'ge', 'gte', 'geq'].map((name) => [name, 'ge'] as const),
  ...['<=', 'le', 'lte', 'leq'].map((name) => [name, 'le'] as const),
  ['in', 'in'],
  ['not_in', 'notIn'],
  ['like', 'like'],
  ['ilike', 'ilike'],
  ['not_like', 'notLike'],
]);

/** The filters of a `filter[objects]` parameter (undefined: none given), or a failure answer. */
export function decodeFilters(parameter: string | null, model: ModelDef, ctx: JsonApiContext): { readonly predicate: RowPredicate; readonly parsed: WireValue } | undefined {
  if (parameter === null) return undefined;
  let parsed: WireValue;
  try {
    parsed = JSON.parse(parameter) as WireValue;
  } catch {
    return failWith(errorResponse(400, { detail: 'Unable to decode filter objects as JSON list' }));
  }
  if (!Array.isArray(parsed)) return unconstructable();
  const predicates = parsed.map((item) => decodeOne(item, model, ctx));
  return { predicate: (row) => predicates.every((predicate) => predicate(row)), parsed };
}

function decodeOne(item: WireValue, model: ModelDef, ctx: JsonApiContext): RowPredicate {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return unconstructable();
  const junction = Object.hasOwn(item, 'or') ? 'or' : Object.hasOwn(item, 'and') ? 'and' : undefined;
  if (junction !== undefined) {
    const members = item[junction];
    if (!Array.isArray(members)) return unconstructable();
    const inner = members.map((member) => decodeOne(member, model, ctx));
    return junction === 'or' ? (row) => inner.some((predicate) => predicate(row)) : (row) => inner.every((predicate) => predicate(row));
  }
  const name = item['name'];
  const op = item['op'];
  if (typeof name !== 'string') return unconstructable();
  const attribute = model.attributes.get(name);
  const relation = model.relations.get(name);
  if (attribute === undefined && relation === undefined) {
    return failWith(errorResponse(400, { detail: `Invalid filter object: No such field "${name}"` }));
  }
  if (typeof op !== 'string') return unconstructable();
  if (op === 'has' || op === 'any') {
    if (relation === undefined || relation.many !== (op === 'any')) return unconstructable();
    const inner = decodeOne(item['val'] ?? null, relation.targetModel, ctx);
    return (row) => {
      const related = relatedOf(row, name, ctx);
      const rows = related === null ? [] : Array.isArray(related) ? related : [related];
      return rows.some(inner);
    };
  }
  if (attribute === undefined) return unconstructable();
  if (op === 'is_null' || op === 'is_not_null') return leaf({ kind: 'field', field: name, op: op === 'is_null' ? 'isNull' : 'isNotNull' }, model, ctx);
  const binary = BINARY.get(op);
  if (binary === undefined) return unconstructable();
  const other = item['field'];
  if (typeof other === 'string' && other !== '') {
    if (!model.attributes.has(other)) return unconstructable();
    if (binary === 'in' || binary === 'notIn' || binary === 'like' || binary === 'ilike' || binary === 'notLike') return unconstructable();
    return leaf({ kind: 'fields', field: name, op: binary, other }, model, ctx);
  }
  const value = item['val'] ?? null;
  if (value === null) return unconstructable();
  if (binary === 'in' || binary === 'notIn') {
    if (!Array.isArray(value)) return unconstructable();
    return leaf({ kind: 'field', field: name, op: binary, value }, model, ctx);
  }
  if (binary === 'notLike') {
    const like = leaf({ kind: 'field', field: name, op: 'like', value }, model, ctx);
    const present = leaf({ kind: 'field', field: name, op: 'isNotNull' }, model, ctx);
    return (row) => present(row) && !like(row);
  }
  return leaf({ kind: 'field', field: name, op: binary, value }, model, ctx);
}

function leaf(condition: Condition, model: ModelDef, ctx: JsonApiContext): RowPredicate {
  return (row) => evaluate(condition, row, model, ctx.datamodel, ctx.access, { temporal: 'server' }) === true;
}

function unconstructable(): never {
  return failWith(errorResponse(400, { detail: 'Unable to construct query' }));
}
