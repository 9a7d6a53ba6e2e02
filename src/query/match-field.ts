/**
 * One operator applied to one column value, with the server's semantics (SQLAlchemy 1.4 on
 * SQLite). There is no negation in the classic filter language, so a comparison that SQL leaves
 * NULL (a NULL column, a NULL inside a NOT IN list) simply does not match: the result is boolean.
 */
import type { ColumnType } from '../schema/datamodel.js';
import type { CompareOp, FieldOp, WireValue } from './expression.js';
import { affinityOf, boundValue, storedValue } from './normalize.js';
import type { Operand, SqlValue } from './sqlite.js';
import { compareOperands, sqlLike } from './sqlite.js';

/** A column value as the evaluator sees it: one value, or the set an association proxy yields. */
export type ColumnValue =
  | { readonly kind: 'scalar'; readonly value: SqlValue }
  | { readonly kind: 'set'; readonly values: readonly SqlValue[] };

/**
 * Reads a record's wire value in a column of this type. An array in a non-JSON column is the
 * values an association proxy collects over related rows (`Article.tag_names`), and is matched
 * as SQLAlchemy matches a proxy: "some related row satisfies it".
 */
export function columnValue(raw: WireValue, type: ColumnType): ColumnValue {
  if (Array.isArray(raw) && type !== 'json') return { kind: 'set', values: raw.map((item) => storedValue(item, type)) };
  return { kind: 'scalar', value: storedValue(raw, type) };
}

/** `column op value`. `value` is ignored by isNull/isNotNull and must be a list for in/notIn. */
export function matchField(column: ColumnValue, type: ColumnType, op: FieldOp, value: WireValue, parseDates: boolean): boolean {
  if (column.kind === 'scalar') return matchScalar(column.value, type, op, value, parseDates);
  const values = column.values;
  switch (op) {
    // A proxy is NULL when no related row exists, or when one holds NULL (SQLAlchemy ORs both).
    case 'isNull':
      return values.length === 0 || values.includes(null);
    // `~proxy.in_(list)` negates the EXISTS: no related row is in the list.
    case 'notIn':
      return asList(value).length === 0 || !values.some((item) => inList(item, type, asList(value), parseDates) === true);
    case 'eq':
      if (value === null) return values.length === 0 || values.includes(null);
      return values.some((item) => matchScalar(item, type, op, value, parseDates));
    default:
      return values.some((item) => matchScalar(item, type, op, value, parseDates));
  }
}

/** `column op otherColumn` within one record; a proxy on the left matches when one of its values does. */
export function matchFields(left: ColumnValue, leftType: ColumnType, op: CompareOp, right: SqlValue, rightType: ColumnType): boolean {
  const rightOperand: Operand = { value: right, affinity: affinityOf(rightType) };
  const test = (value: SqlValue): boolean => holds(op, compareOperands({ value, affinity: affinityOf(leftType) }, rightOperand));
  return left.kind === 'scalar' ? test(left.value) : left.values.some(test);
}

function matchScalar(stored: SqlValue, type: ColumnType, op: FieldOp, value: WireValue, parseDates: boolean): boolean {
  switch (op) {
    case 'isNull':
      return stored === null;
    case 'isNotNull':
      return stored !== null;
    case 'in':
      return inList(stored, type, asList(value), parseDates) === true;
    case 'notIn': {
      // SQLAlchemy compiles an empty NOT IN to true, even for NULL.
      const list = asList(value);
      return list.length === 0 || inList(stored, type, list, parseDates) === false;
    }
    case 'like':
    case 'ilike': {
      const pattern = boundValue(value, type, false);
      return pattern !== undefined && sqlLike(stored, pattern) === true;
    }
    case 'eq':
    case 'ne':
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le': {
      // SQLAlchemy turns `== None` into IS NULL and `!= None` into IS NOT NULL.
      if (value === null && (op === 'eq' || op === 'ne')) return op === 'eq' ? stored === null : stored !== null;
      const bound = boundValue(value, type, parseDates);
      if (bound === undefined) return false;
      return holds(op, compareOperands({ value: stored, affinity: affinityOf(type) }, { value: bound, affinity: 'none' }));
    }
    default: {
      const unhandled: never = op;
      return unhandled;
    }
  }
}

/** SQL `x IN (list)`: true, false, or NULL (no match, but x or a list item was NULL). */
function inList(stored: SqlValue, type: ColumnType, list: readonly WireValue[], parseDates: boolean): boolean | null {
  // SQLAlchemy renders an empty IN as an always-false expression, NULL or not.
  if (list.length === 0) return false;
  let unknown = stored === null;
  const left: Operand = { value: stored, affinity: affinityOf(type) };
  for (const item of list) {
    const bound = boundValue(item, type, parseDates);
    if (bound === undefined) continue;
    const order = compareOperands(left, { value: bound, affinity: 'none' });
    if (order === null) unknown = true;
    else if (order === 0) return true;
  }
  return unknown ? null : false;
}

function holds(op: CompareOp, order: number | null): boolean {
  if (order === null) return false;
  switch (op) {
    case 'eq':
      return order === 0;
    case 'ne':
      return order !== 0;
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
    default: {
      const unhandled: never = op;
      return unhandled;
    }
  }
}

function asList(value: WireValue): readonly WireValue[] {
  return Array.isArray(value) ? value : [];
}
