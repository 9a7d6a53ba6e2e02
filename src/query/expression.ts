/**
 * The query language as plain data. The builder produces it, `dialect/classic` turns it into `?q=`,
 * `query/evaluate` runs it against records (the live store and the msw emulator alike).
 *
 * Values are wire values (JSON, as the server receives them in `q`): dates are `YYYY-MM-DD`
 * strings, datetimes naive ISO strings, entities are reduced to their primary key. Negation does
 * not exist here: the classic server cannot express it, so the builder compiles `not` away
 * (inverting operators) before a condition is made.
 */

import type { WireValue } from '../schema/wire-value.js';

// Declared in schema/ (the column codec produces wire values); re-exported for the query's users.
export type { WireValue };

/** Comparison operators between a field and a value or another field. */
export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

/** Every operator on a single field. */
export type FieldOp = CompareOp | 'in' | 'notIn' | 'isNull' | 'isNotNull' | 'like' | 'ilike';

/** A condition over one model's rows. */
export type Condition =
  /** `field op value`; `value` is absent for isNull / isNotNull, an array for in / notIn. */
  | { readonly kind: 'field'; readonly field: string; readonly op: FieldOp; readonly value?: WireValue }
  /** `field op otherField` (both columns of the same row). */
  | { readonly kind: 'fields'; readonly field: string; readonly op: CompareOp; readonly other: string }
  /** A to-one relation exists and its target satisfies `where`. */
  | { readonly kind: 'has'; readonly relation: string; readonly where: Condition }
  /** Some row of a to-many relation satisfies `where`. */
  | { readonly kind: 'any'; readonly relation: string; readonly where: Condition }
  | { readonly kind: 'and'; readonly conditions: readonly Condition[] }
  | { readonly kind: 'or'; readonly conditions: readonly Condition[] };

/** One sort key. A dotted path (`owner.name`) sorts by a related row's column. */
export interface OrderBy {
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}

/** A whole query over one model. */
export interface QueryExpression {
  /** The model's class name. */
  readonly model: string;
  /** ANDed together. */
  readonly filters: readonly Condition[];
  readonly orderBy: readonly OrderBy[];
  readonly limit?: number;
  readonly offset?: number;
}

/**
 * How the evaluator reads a record. The store and the emulator hold rows differently; both give
 * wire-form values here so that one evaluator serves both.
 */
export interface RecordAccess<R> {
  /** The wire value of a column, or `undefined` when the record does not carry it (a proxy column). */
  value(record: R, field: string): WireValue | undefined;
  /**
   * The related record(s): a record or null for to-one, an array for to-many, or `undefined`
   * when the relation is not loaded (the evaluator then answers "unknown").
   */
  related(record: R, relation: string): R | null | readonly R[] | undefined;
}
