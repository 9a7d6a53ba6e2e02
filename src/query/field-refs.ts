import type { EntityState } from '../store/entity-state.js';
import { ValidationError } from '../errors.js';
import { checkFilterValue, type ColumnCodec } from '../schema/column-codec.js';
import type { AttributeDef, Datamodel, ModelDef, RelationDef } from '../schema/datamodel.js';
import type { ColumnFacts, ColumnRules } from '../schema/model-facts.js';
import { loneSurrogateProblem } from '../schema/lone-surrogate.js';
import { Criterion } from './criterion.js';
import { quantify } from './quantify.js';
import type { CompareOp, Condition, FieldOp, WireValue } from './expression.js';

/** What building conditions needs to know. */
export interface RefContext {
  readonly datamodel: Datamodel;
  /** The server's column formats: filter values are written as rows are. */
  readonly codec: ColumnCodec;
  /** What the `schema` option says about columns (enum values); without it, types and ranges are checked. */
  readonly columns?: ColumnFacts;
  /** False for an entity of another client (it cannot be compared against: its keys are another server's). */
  readonly owns?: (state: EntityState) => boolean;
}

const FIELD_REF = Symbol.for('flask-restless-rx.field-ref');

/**
 * A column in a filter: `p.name`, or through relations `p.computers.vendor`. Its operators make
 * conditions; relations along the path become `any` (to-many) or `has` (to-one), as the server needs.
 */
export class FieldRef<T = unknown> {
  readonly [FIELD_REF] = true;
  readonly #context: RefContext;
  readonly #owner: ModelDef;
  readonly #path: readonly RelationDef[];
  readonly #attribute: AttributeDef;

  /** @internal */
  constructor(context: RefContext, owner: ModelDef, path: readonly RelationDef[], attribute: AttributeDef) {
    this.#context = context;
    this.#owner = owner;
    this.#path = path;
    this.#attribute = attribute;
  }

  /** Equal to a value, or to another column of the same row. `eq(null)` means `isNull()`. */
  eq(value: T | FieldRef<T> | null): Criterion { return this.#compare('eq', value); }
  /** Not equal (rows where the column is NULL never match, as in SQL). `ne(null)` means `isNotNull()`. */
  ne(value: T | FieldRef<T> | null): Criterion { return this.#compare('ne', value); }
  gt(value: T | FieldRef<T>): Criterion { return this.#compare('gt', value); }
  ge(value: T | FieldRef<T>): Criterion { return this.#compare('ge', value); }
  lt(value: T | FieldRef<T>): Criterion { return this.#compare('lt', value); }
  le(value: T | FieldRef<T>): Criterion { return this.#compare('le', value); }
  /** One of the values. */
  in(values: readonly T[]): Criterion { return this.#list('in', values); }
  /** None of the values (NULL never matches). */
  notIn(values: readonly T[]): Criterion { return this.#list('notIn', values); }
  isNull(): Criterion { return this.#leaf({ kind: 'field', field: this.#attribute.name, op: 'isNull' }); }
  isNotNull(): Criterion { return this.#leaf({ kind: 'field', field: this.#attribute.name, op: 'isNotNull' }); }
  /** An SQL LIKE pattern (`%` any run, `_` one character); case-insensitive for ASCII on SQLite. */
  like(pattern: string): Criterion { return this.#pattern('like', pattern); }
  /** A case-insensitive SQL LIKE pattern. */
  ilike(pattern: string): Criterion { return this.#pattern('ilike', pattern); }

  /** @internal the column name and the relation path, for `fields` comparisons and orderBy. */
  get location(): { owner: ModelDef; path: readonly RelationDef[]; field: string } {
    return { owner: this.#owner, path: this.#path, field: this.#attribute.name };
  }

  static is(value: unknown): value is FieldRef {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[FIELD_REF] === true;
  }

  #compare(op: CompareOp, value: unknown): Criterion {
    const field = this.#attribute.name;
    if (FieldRef.is(value)) {
      const other = value.location;
      if (other.owner !== this.#owner || other.path.length !== this.#path.length || other.path.some((rel, i) => rel !== this.#path[i])) {
        throw new ValidationError(`${field} can only be compared with a column of the same row`, { model: this.#owner.name, field });
      }
      return this.#leaf({ kind: 'fields', field, op, other: other.field });
    }
    if (value === undefined) throw this.#error(`${op}(undefined): ${UNDEFINED}`);
    if (value === null) {
      if (op === 'eq') return this.isNull();
      if (op === 'ne') return this.isNotNull();
      throw this.#error(`${op}(null) is never true; use isNull() or isNotNull()`);
    }
    return this.#leaf({ kind: 'field', field, op, value: this.#wire(value) });
  }

  #list(op: 'in' | 'notIn', values: readonly unknown[]): Criterion {
    if (!Array.isArray(values)) throw this.#error(`${op}() takes an array`);
    if (values.includes(undefined)) throw this.#error(`${op}() got undefined in its list: ${UNDEFINED}`);
    const wire = values.map((value) => this.#wire(value));
    const type = this.#attribute.type;
    if (type === 'date' || type === 'datetime') {
      // The classic server crashes (HTML 500) on `in` over a date column: send the same test as eq/ne.
      const each = wire.map((value): Condition => ({ kind: 'field', field: this.#attribute.name, op: op === 'in' ? 'eq' : 'ne', value }));
      if (each.length === 1 && each[0]) return this.#leaf(each[0]);
      if (each.length > 1) return this.#leaf({ kind: op === 'in' ? 'or' : 'and', conditions: each });
    }
    return this.#leaf({ kind: 'field', field: this.#attribute.name, op, value: wire });
  }

  #pattern(op: 'like' | 'ilike', pattern: string): Criterion {
    if (typeof pattern !== 'string') throw this.#error(`${op}() takes a string pattern`);
    const problem = loneSurrogateProblem(pattern);
    if (problem !== undefined) throw this.#error(`${op}(): ${problem}`);
    return this.#leaf({ kind: 'field', field: this.#attribute.name, op, value: pattern });
  }

  #wire(value: unknown): WireValue {
    const type = this.#attribute.type;
    const problem = checkFilterValue(type, value, this.#rules());
    if (problem !== undefined) throw this.#error(problem);
    const wire = this.#context.codec.write(type, value);
    return typeof wire === 'string' && (type === 'datetime' || type === 'time') ? storageForm(type, wire) : wire;
  }

  /** The checks beyond the type: the column lives on the last model of the path. */
  #rules(): ColumnRules {
    const last = this.#path.at(-1);
    const model = last === undefined ? this.#owner : last.targetModel;
    return (model && this.#context.columns?.rules(model, this.#attribute.name)) ?? { timeZone: this.#context.codec.timeZone };
  }

  #leaf(condition: Condition): Criterion {
    return Criterion.leaf(wrapPath(this.#path, condition));
  }

  #error(message: string): ValidationError {
    return new ValidationError(`${this.#owner.name}.${[...this.#path.map((rel) => rel.name), this.#attribute.name].join('.')}: ${message}`, { model: this.#owner.name, field: this.#attribute.name });
  }
}

const UNDEFINED = 'use isNull() or eq(null) for NULL, or leave the condition out';

/**
 * The classic server parses date strings only in top-level filters; inside or/and/has/any a value
 * is compared as text with what SQLite stores (`2020-05-01 10:30:00.000000`, times `09:08:07.000000`).
 * Sending that form works in both places (dateutil reads it too).
 */
function storageForm(type: 'datetime' | 'time', wire: string): string {
  if (type === 'time') {
    const match = /^(\d{2}:\d{2})(?::(\d{2}))?(?:\.(\d{1,6}))?$/.exec(wire);
    return match ? `${match[1]}:${match[2] ?? '00'}.${(match[3] ?? '').padEnd(6, '0')}` : wire;
  }
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2}))?(?:\.(\d{1,6}))?)?$/.exec(wire);
  if (!match) return wire;
  return `${match[1]} ${match[2] ?? '00:00'}:${match[3] ?? '00'}.${(match[4] ?? '').padEnd(6, '0')}`;
}

/** Wraps a condition on the last model of a path into has/any steps from the first. */
export function wrapPath(path: readonly RelationDef[], condition: Condition): Condition {
  return path.reduceRight<Condition>((inner, relation) => quantify(relation.many ? 'any' : 'has', relation.name, inner), condition);
}

export type { FieldOp };
