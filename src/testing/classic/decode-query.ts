/**
 * Reads a classic search (the `q` parameter, as the server receives it) into a `QueryExpression`,
 * accepting exactly what Flask-Restless 0.17 accepts, and refusing the rest the way the server
 * does (see `QueryRejection`). It is the inverse of `encode-query.ts`, plus every legacy and
 * quirky form the server takes: all operator aliases, `rel__field` names, string limits,
 * `disjunction` (ignored), `group_by`, `single`.
 *
 * The server reads `q` in two passes, and where a mistake lands decides the answer: the first pass
 * (top-level date values, see `convert-dates.ts`) is outside its try block (HTML 500), the second
 * (building the query) inside (400), and running the query can fail later still (`failsWhenRun`).
 */
import type { Datamodel, ModelDef } from '../../schema/datamodel.js';
import type { Condition, QueryExpression, WireValue } from '../../query/expression.js';
import { convertTopLevelDates, pyTypeName } from './convert-dates.js';
import { decodeFilter } from './decode-filter.js';
import { decodeGroupBy, decodeOrderBy } from './decode-order.js';
import type { ColumnProxies } from '../core/field-kind.js';
import { isPyDict, pyInt, pyIterate, pyTruthy } from './python-semantics.js';
import type { QueryRejection } from './query-rejection.js';
import { Refusal, serverError, unconstructable } from './query-rejection.js';

/** A search the server accepts. */
export interface DecodedClassicQuery {
  /**
   * Filters, order and window. Date values of top-level filters are already in SQLite's storage
   * form (as the server converts them); evaluate with `temporal: 'verbatim'`. `limit`/`offset` are
   * the integers SQLite receives: a negative limit means none, a negative offset counts as 0.
   */
  readonly expression: QueryExpression;
  /** `single` was truthy: answer one bare object, 404 for none, 400 for several. */
  readonly single: boolean;
  /** Columns of `group_by`: one row per distinct value (the first in primary key order). */
  readonly groupBy: readonly string[];
  /**
   * Set when SQLite will fail once the query runs (a list bound as a value, a join without a foreign
   * key): the server then answers HTML 500 for a collection, 400 "Unable to construct query" for
   * `single` (whose execution is inside its try block).
   */
  readonly failsWhenRun: string | undefined;
}

/** The outcome of decoding. */
export type ClassicQueryDecoding =
  | { readonly ok: true; readonly query: DecodedClassicQuery }
  | { readonly ok: false; readonly rejection: QueryRejection };

/** Everything the decoder needs to know besides the model. */
export interface DecodeOptions {
  /** Which attributes are association proxies onto a column, per model. */
  readonly columnProxies?: ColumnProxies;
  /** The clock behind `CURRENT_DATE`/`CURRENT_TIMESTAMP` values (default: now). */
  readonly now?: () => Date;
}

/**
 * Decodes `q` (the raw query parameter, `null` when absent) for a search on `model`.
 *
 * @example
 * decodeClassicQuery('{"filters":[{"name":"name","op":"==","val":"Bob"}]}', Person, datamodel);
 * // { ok: true, query: { expression: { model: 'Person', filters: [{ kind: 'field', field: 'name', op: 'eq', value: 'Bob' }], ... } } }
 */
export function decodeClassicQuery(q: string | null, model: ModelDef, datamodel: Datamodel, options: DecodeOptions = {}): ClassicQueryDecoding {
  let parsed: WireValue;
  try {
    parsed = JSON.parse(q ?? '{}') as WireValue;
  } catch (error) {
    return { ok: false, rejection: { kind: 'undecodable', detail: `json.decoder.JSONDecodeError: ${String(error)}` } };
  }
  let failsWhenRun: string | undefined;
  const ctx = {
    model,
    datamodel,
    proxies: options.columnProxies ?? {},
    now: options.now ?? (() => new Date()),
    failWhenRun: (detail: string) => {
      failsWhenRun ??= detail;
    },
  };
  try {
    if (!isPyDict(parsed)) throw serverError(`AttributeError: '${pyTypeName(parsed)}' object has no attribute 'get'`);
    const rawFilters = Object.hasOwn(parsed, 'filters') ? (parsed['filters'] ?? null) : [];
    const topLevel = pyIterate(rawFilters);
    if (topLevel === undefined) throw serverError(`TypeError: '${pyTypeName(rawFilters)}' object is not iterable`);
    const converted = convertTopLevelDates(topLevel, ctx);
    const filters = converted.map((item) => decodeFilter(item, model, ctx)).filter((c): c is Condition => c !== null);
    const orderBy = decodeOrderBy(parsed['order_by'], ctx);
    const groupBy = decodeGroupBy(parsed['group_by'], ctx);
    const limit = windowBound(parsed['limit'], 'limit');
    const offset = windowBound(parsed['offset'], 'offset');
    const expression: QueryExpression = {
      model: model.name,
      filters,
      orderBy,
      ...(limit === undefined ? {} : { limit }),
      ...(offset === undefined ? {} : { offset }),
    };
    return { ok: true, query: { expression, single: pyTruthy(parsed['single']), groupBy, failsWhenRun } };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, rejection: error.rejection };
    throw error;
  }
}

/** `if params.limit: query.limit(asint(limit))`: falsy means none, then Python's `int()`. */
function windowBound(value: WireValue | undefined, name: string): number | undefined {
  if (!pyTruthy(value)) return undefined;
  const bound = pyInt(value ?? null);
  if (bound === undefined) throw unconstructable(`ValueError: invalid literal for int() with base 10 (${name} ${JSON.stringify(value)})`);
  return bound;
}
