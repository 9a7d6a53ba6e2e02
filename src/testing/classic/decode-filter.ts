/**
 * One filter of a classic search, read as Flask-Restless 0.17 builds it (`Filter.from_dictionary`,
 * `QueryBuilder._create_filter`, `_create_operation`, `_sub_operator`). Every failure here happens
 * inside the server's try block, so it is a 400 "Unable to construct query", unless the emulator
 * cannot reproduce the case (`unsupported`).
 *
 * Quirks reproduced on purpose:
 * - `{"name": "rel__field", ...}` at the top level or in `or`/`and` means relation `rel`, field
 *   `field`; inside a nested `has`/`any` object the halves are swapped (`field__rel`), as in the
 *   server's `_sub_operator`.
 * - a plain operator on `rel__field` compares the relation itself: is_null/is_not_null work (the
 *   relation is empty or not), anything else is refused.
 * - `has`/`any` with a bare value means `related.field == value` (legacy form).
 * - `{"or": []}` and `{"and": []}` constrain nothing (SQLAlchemy drops empty junctions).
 * - a Python @property or method compared with `==` matches nothing, with `!=` everything (Python
 *   compares the descriptor object itself).
 */
import type { Datamodel, ModelDef } from '../../schema/datamodel.js';
import type { CompareOp, Condition, FieldOp, WireValue } from '../../query/expression.js';
import { pyTypeName } from './convert-dates.js';
import type { ColumnProxies } from '../core/field-kind.js';
import { classifyField } from '../core/field-kind.js';
import { isPyDict, pyContains, pyIterate, pyTruthy } from './python-semantics.js';
import { unconstructable, unsupported } from './query-rejection.js';

/** What filter construction needs besides the filter. */
export interface FilterContext {
  readonly datamodel: Datamodel;
  readonly proxies: ColumnProxies;
  /** Records a failure SQLite only hits when the query runs (an unbindable value). */
  failWhenRun(detail: string): void;
}

type Operator =
  | { readonly arity: 1; readonly op: 'isNull' | 'isNotNull' | 'asc' | 'desc' }
  | { readonly arity: 2; readonly op: Exclude<FieldOp, 'isNull' | 'isNotNull'> }
  | { readonly arity: 3; readonly op: 'has' | 'any' };

/** The right-hand side: nothing (`val` missing or null), a JSON value, or another column. */
type Argument = { readonly kind: 'none' } | { readonly kind: 'value'; readonly value: WireValue } | { readonly kind: 'column'; readonly name: string };

const OPERATORS: ReadonlyMap<string, Operator> = new Map<string, Operator>([
  ['is_null', { arity: 1, op: 'isNull' }],
  ['is_not_null', { arity: 1, op: 'isNotNull' }],
  ['desc', { arity: 1, op: 'desc' }],
  ['asc', { arity: 1, op: 'asc' }],
  ...['==', 'eq', 'equals', 'equal_to'].map((name) => [name, { arity: 2, op: 'eq' }] as const),
  ...['!=', 'ne', 'neq', 'not_equal_to', 'does_not_equal'].map((name) => [name, { arity: 2, op: 'ne' }] as const),
  ...['>', 'gt'].map((name) => [name, { arity: 2, op: 'gt' }] as const),
  ...['<', 'lt'].map((name) => [name, { arity: 2, op: 'lt' }] as const),
  ...['>=', 'ge', 'gte', 'geq'].map((name) => [name, { arity: 2, op: 'ge' }] as const),
  ...['<=', 'le', 'lte', 'leq'].map((name) => [name, { arity: 2, op: 'le' }] as const),
  ['ilike', { arity: 2, op: 'ilike' }],
  ['like', { arity: 2, op: 'like' }],
  ['in', { arity: 2, op: 'in' }],
  ['not_in', { arity: 2, op: 'notIn' }],
  ['has', { arity: 3, op: 'has' }],
  ['any', { arity: 3, op: 'any' }],
]);

const ALWAYS: Condition = { kind: 'and', conditions: [] };
const NEVER: Condition = { kind: 'or', conditions: [] };
const COMPARE_OPS: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

/** One top-level (or `or`/`and` member) filter; `null` when it is an empty junction. Throws a `Refusal`. */
export function decodeFilter(item: WireValue, model: ModelDef, ctx: FilterContext): Condition | null {
  const hasOr = pyContains(item, 'or');
  if (hasOr === undefined) throw unconstructable(`TypeError: argument of type '${pyTypeName(item)}' is not iterable`);
  const junction = hasOr ? 'or' : pyContains(item, 'and') ? 'and' : undefined;
  if (!isPyDict(item)) throw unconstructable(`AttributeError: '${pyTypeName(item)}' object has no attribute 'get'`);
  if (junction === undefined) return createFilter(item, model, ctx);
  const members = pyIterate(item[junction] ?? null);
  if (members === undefined) throw unconstructable(`TypeError: '${pyTypeName(item[junction] ?? null)}' object is not iterable`);
  const conditions = members.map((member) => decodeFilter(member, model, ctx)).filter((c): c is Condition => c !== null);
  return conditions.length === 0 ? null : { kind: junction, conditions };
}

function createFilter(item: { readonly [key: string]: WireValue }, model: ModelDef, ctx: FilterContext): Condition {
  let fieldname: WireValue = item['name'] ?? null;
  let relation: string | undefined;
  const dotted = dunderName(fieldname);
  if (dotted !== undefined) [relation, fieldname] = splitPair(dotted);
  let argument: Argument = item['val'] === undefined || item['val'] === null ? { kind: 'none' } : { kind: 'value', value: item['val'] };
  const other = item['field'];
  if (pyTruthy(other)) argument = otherColumn(other ?? null, model, ctx);
  return createOperation(model, fieldname, item['op'], argument, relation, ctx);
}

/**
 * `_create_operation`: the attribute is `relation or fieldname`; `fieldname` is what a legacy
 * has/any compares on the related model.
 */
function createOperation(model: ModelDef, fieldname: WireValue, operator: WireValue | undefined, argument: Argument, relation: string | undefined, ctx: FilterContext): Condition {
  const found = typeof operator === 'string' ? OPERATORS.get(operator) : undefined;
  if (found === undefined) throw unconstructable(`KeyError: ${JSON.stringify(operator ?? null)}`);
  const name = relation !== undefined && relation !== '' ? relation : fieldname;
  if (typeof name !== 'string') throw unconstructable(`TypeError: attribute name must be string, not '${pyTypeName(name)}'`);
  const kind = classifyField(model, name, ctx.datamodel, ctx.proxies);
  const where = `${model.name}.${name}`;
  if (kind.kind === 'unknown') throw unconstructable(`AttributeError: type object '${model.name}' has no attribute '${name}'`);
  if (kind.kind === 'relation-proxy' || kind.kind === 'unmapped-proxy') throw unsupported(`${where} is an association proxy the emulator cannot compute`);

  if (found.arity === 1) {
    if (found.op === 'asc' || found.op === 'desc') throw unconstructable(`sqlalchemy.exc.ArgumentError: SQL expression element expected, got a bound method ${found.op}`);
    if (kind.kind === 'python-attribute') return found.op === 'isNull' ? NEVER : ALWAYS;
    return { kind: 'field', field: name, op: found.op };
  }
  if (argument.kind === 'none') throw unconstructable('TypeError: To compare a value to NULL, use the is_null/is_not_null operators.');

  if (found.arity === 3) {
    if (kind.kind !== 'relation') {
      if (kind.kind === 'column-proxy') throw unsupported(`${where}: ${found.op} on an association proxy`);
      throw unconstructable(`AttributeError: ${where} has no attribute '${found.op}'`);
    }
    if (found.op === 'has' && kind.relation.many) throw unconstructable("sqlalchemy.exc.InvalidRequestError: 'has()' not implemented for collections.  Use any().");
    if (found.op === 'any' && !kind.relation.many) throw unconstructable("sqlalchemy.exc.InvalidRequestError: 'any()' not implemented for scalar attributes. Use has().");
    if (argument.kind === 'column') throw unsupported(`${where}: ${found.op} against another column`);
    return { kind: found.op, relation: name, where: subOperator(kind.target, argument.value, fieldname, ctx) };
  }

  switch (kind.kind) {
    case 'relation':
      throw unconstructable(`sqlalchemy.exc.ArgumentError: ${where} is a relationship; compare it with has/any or is_null`);
    case 'python-attribute':
      if (argument.kind === 'column') throw unsupported(`${where}: a Python attribute compared with a column`);
      if (found.op === 'eq') return NEVER;
      if (found.op === 'ne') return ALWAYS;
      throw unconstructable(`TypeError: '${found.op}' not supported on a Python attribute`);
    case 'column':
    case 'column-proxy':
      return compareColumn(name, kind.attribute.type, found.op, argument, ctx);
    default: {
      const unhandled: never = kind;
      return unhandled;
    }
  }
}

function compareColumn(field: string, type: string, op: Exclude<FieldOp, 'isNull' | 'isNotNull'>, argument: Exclude<Argument, { kind: 'none' }>, ctx: FilterContext): Condition {
  if (argument.kind === 'column') {
    if (isCompareOp(op)) return { kind: 'fields', field, op, other: argument.name };
    if (op === 'like' || op === 'ilike') throw unsupported(`${field} ${op} another column`);
    throw unconstructable('sqlalchemy.exc.ArgumentError: IN expression list, SELECT construct, or bound parameter object expected, got a column');
  }
  const value = argument.value;
  if (op === 'in' || op === 'notIn') {
    const items = inList(value);
    items.forEach((item) => checkBindable(item, type, ctx));
    return { kind: 'field', field, op, value: items };
  }
  checkBindable(value, type, ctx);
  return { kind: 'field', field, op, value };
}

/**
 * `_sub_operator`: the inside of has/any. A dict is a filter on the related model (its `field` key
 * is ignored, and `a__b` names relation `b`, field `a`); anything else is `related.fn == value`.
 */
function subOperator(target: ModelDef, argument: WireValue, fn: WireValue, ctx: FilterContext): Condition {
  if (isPyDict(argument)) {
    if (!Object.hasOwn(argument, 'name')) throw unconstructable("KeyError: 'name'");
    if (!Object.hasOwn(argument, 'op')) throw unconstructable("KeyError: 'op'");
    let fieldname: WireValue = argument['name'] ?? null;
    let relation: string | undefined;
    const dotted = dunderName(fieldname);
    // Swapped on purpose: the server's _sub_operator unpacks `fieldname, relation`.
    if (dotted !== undefined) [fieldname, relation] = splitPair(dotted);
    const value = argument['val'];
    const inner: Argument = value === undefined || value === null ? { kind: 'none' } : { kind: 'value', value };
    return createOperation(target, fieldname, argument['op'], inner, relation, ctx);
  }
  if (typeof fn !== 'string') throw unconstructable(`TypeError: attribute name must be string, not '${pyTypeName(fn)}'`);
  const kind = classifyField(target, fn, ctx.datamodel, ctx.proxies);
  switch (kind.kind) {
    case 'column':
    case 'column-proxy':
      checkBindable(argument, kind.attribute.type, ctx);
      return { kind: 'field', field: fn, op: 'eq', value: argument };
    case 'python-attribute':
      return NEVER;
    case 'relation-proxy':
    case 'unmapped-proxy':
      throw unsupported(`${target.name}.${fn} is an association proxy the emulator cannot compute`);
    case 'relation':
      throw unconstructable(`sqlalchemy.exc.ArgumentError: ${target.name}.${fn} is a relationship`);
    case 'unknown':
      throw unconstructable(`AttributeError: type object '${target.name}' has no attribute '${fn}'`);
    default: {
      const unhandled: never = kind;
      return unhandled;
    }
  }
}

function otherColumn(other: WireValue, model: ModelDef, ctx: FilterContext): Argument {
  if (typeof other !== 'string') throw unconstructable(`TypeError: attribute name must be string, not '${pyTypeName(other)}'`);
  const kind = classifyField(model, other, ctx.datamodel, ctx.proxies);
  if (kind.kind === 'unknown') throw unconstructable(`AttributeError: type object '${model.name}' has no attribute '${other}'`);
  if (kind.kind !== 'column') throw unsupported(`${model.name}.${other} is not a column; the emulator compares columns only`);
  return { kind: 'column', name: other };
}

/** `f.in_(value)`: a list, or a dict's keys; a string or a scalar is refused by SQLAlchemy. */
function inList(value: WireValue): WireValue[] {
  if (Array.isArray(value)) return value;
  if (isPyDict(value)) return Object.keys(value);
  throw unconstructable(`sqlalchemy.exc.ArgumentError: IN expression list, SELECT construct, or bound parameter object expected, got ${JSON.stringify(value)}`);
}

/** A list or object can be bound only to a JSON column; SQLite's driver fails on it when the query runs. */
function checkBindable(value: WireValue, type: string, ctx: FilterContext): void {
  if (value !== null && typeof value === 'object' && type !== 'json') {
    ctx.failWhenRun(`sqlite3.ProgrammingError: Error binding parameter - type '${pyTypeName(value)}' is not supported`);
  }
}

/** The name when Python's `'__' in name` holds (it will be split), refusing what the server refuses. */
function dunderName(name: WireValue): string | undefined {
  const dunder = pyContains(name, '__');
  if (dunder === undefined) throw unconstructable(`TypeError: argument of type '${pyTypeName(name)}' is not iterable`);
  if (!dunder) return undefined;
  if (typeof name !== 'string') throw unconstructable(`AttributeError: '${pyTypeName(name)}' object has no attribute 'split'`);
  return name;
}

function splitPair(name: string): [string, string] {
  const parts = name.split('__');
  if (parts.length !== 2) throw unconstructable(`ValueError: too many values to unpack (expected 2)`);
  return [parts[0] ?? '', parts[1] ?? ''];
}

function isCompareOp(op: string): op is CompareOp {
  return COMPARE_OPS.has(op);
}
