/**
 * The typed query builder a model handle hands out. It lives with the model handles, not in
 * query/, because its types name the public entity types (model/types.ts); what it builds on (the
 * expression, criteria, field references, the runner port) is in query/, a layer below.
 */
import type { Observable } from 'rxjs';
import { ValidationError } from '../errors.js';
import type { ModelDef } from '../schema/datamodel.js';
import type { Entity, SchemaShape, DynamicSchema } from './types.js';
import { Criterion } from '../query/criterion.js';
import type { QueryExpression, OrderBy, Condition } from '../query/expression.js';
import type { FieldRef, RefContext } from '../query/field-refs.js';
import { fieldsOf, type RelationOps } from '../query/fields-proxy.js';
import type { QueryRunner } from '../query/query-runner.js';
import type { IterateOptions, PagedReads, StreamOptions } from '../read/read-options.js';

/** The filter-side view of a model: a FieldRef per column, relation operations plus paths per relation. */
export type Fields<S extends SchemaShape, M extends keyof S> = string extends keyof S
  ? DynamicFields
  : { readonly [A in keyof S[M]['attributes']]-?: FieldRef<FilterValue<NonNullable<S[M]['attributes'][A]>>> } & {
      readonly [R in keyof S[M]['relations']]-?: S[M]['relations'][R]['model'] extends infer T extends keyof S
        ? RelationOps<Fields<S, T>, Entity<S, T>> & Fields<S, T>
        : never;
    };

/** What a filter compares a column with: a date or datetime column also takes a date string ('1986-01-01'), as the run time does. */
export type FilterValue<T> = T extends Date ? Date | string : T;

/** filterBy's argument: columns with their filter values, relations with an entity (or null). */
export type FilterByValues<S extends SchemaShape, M extends keyof S> = string extends keyof S
  ? { readonly [field: string]: unknown }
  : { readonly [A in keyof S[M]['attributes']]?: FilterValue<NonNullable<S[M]['attributes'][A]>> | null } & {
      readonly [R in keyof S[M]['relations']]?: S[M]['relations'][R]['model'] extends infer T extends keyof S ? Entity<S, T> | null : never;
    };

type ToOneRelations<S extends SchemaShape, M extends keyof S> = {
  [R in keyof S[M]['relations']]-?: S[M]['relations'][R]['many'] extends true ? never : R;
}[keyof S[M]['relations']] & string;

/**
 * Any name, untyped: a column, a relation and a path at once. An interface (not a type alias) ends
 * the recursion, which TypeScript 7 (tsgo) otherwise cuts short after one level.
 */
export interface DynamicFields {
  readonly [field: string]: DynamicField;
}
type DynamicField = FieldRef & RelationOps<DynamicFields, object> & DynamicFields;

/** Sort keys: `{ name: 'asc' }`, or a dotted path to a related column (`{ 'owner.name': 'desc' }`). */
export type OrderSpec<S extends SchemaShape, M extends keyof S> = string extends keyof S
  ? { readonly [path: string]: 'asc' | 'desc' }
  : { readonly [K in (keyof S[M]['attributes'] & string) | `${ToOneRelations<S, M>}.${string}`]?: 'asc' | 'desc' };

/**
 * An immutable query over one model, like SQLAlchemy's: every call returns a new query, and
 * nothing is sent until one of the reading methods' observables is subscribed.
 * @example Person.query.filter(p => p.name.like('M%')).orderBy({ name: 'asc' }).limit(3).all()
 */
export class Query<S extends SchemaShape = DynamicSchema, M extends keyof S & string = string> {
  readonly #model: ModelDef;
  readonly #context: RefContext;
  readonly #runner: QueryRunner & PagedReads;
  readonly #expression: QueryExpression;

  /** @internal */
  constructor(model: ModelDef, context: RefContext, runner: QueryRunner & PagedReads, expression?: QueryExpression) {
    this.#model = model;
    this.#context = context;
    this.#runner = runner;
    this.#expression = expression ?? { model: model.name, filters: [], orderBy: [] };
  }

  /** The query as plain data (what the dialects and the evaluator read). */
  get expression(): QueryExpression {
    return this.#expression;
  }

  /** Adds conditions (ANDed), each a Criterion or a function of the model's fields. */
  filter(...conditions: Array<Criterion | ((fields: Fields<S, M>) => Criterion)>): Query<S, M> {
    const compiled: Condition[] = conditions.map((condition) => {
      const built = typeof condition === 'function' ? condition(fieldsOf(this.#context, this.#model, this.#model) as Fields<S, M>) : condition;
      if (!Criterion.is(built)) throw new ValidationError(`filter() takes conditions such as p => p.name.eq('Bob')`, { model: this.#model.name });
      return built.compile();
    });
    return this.#with({ filters: [...this.#expression.filters, ...compiled] });
  }

  /** Adds equality conditions, one per key; an entity value compares the foreign key. */
  filterBy(values: FilterByValues<S, M>): Query<S, M> {
    const fields = fieldsOf(this.#context, this.#model, this.#model) as Record<string, { eq(value: unknown): Criterion }>;
    const criteria = Object.entries(values as Record<string, unknown>).map(([name, value]) => {
      const ref = fields[name];
      if (!ref) throw new ValidationError(`${this.#model.name} has no field "${name}"`, { model: this.#model.name, field: name });
      return ref.eq(value);
    });
    return this.filter(...criteria);
  }

  /** Sort keys, applied in the order given (replacing earlier ones). */
  orderBy(spec: OrderSpec<S, M>): Query<S, M> {
    const orderBy: OrderBy[] = Object.entries(spec as Record<string, unknown>).map(([field, direction]) => {
      if (direction !== 'asc' && direction !== 'desc') {
        throw new ValidationError(`orderBy: the direction of ${field} must be 'asc' or 'desc'`, { model: this.#model.name, field });
      }
      this.#checkPath(field);
      return { field, direction };
    });
    return this.#with({ orderBy });
  }

  /** At most `count` rows. */
  limit(count: number): Query<S, M> {
    return this.#with({ limit: checkCount('limit', count, this.#model) });
  }

  /** Skips the first `count` rows. */
  offset(count: number): Query<S, M> {
    return this.#with({ offset: checkCount('offset', count, this.#model) });
  }

  /** Every matching row, in order: a live list that follows the store until unsubscribed. */
  all(): Observable<Entity<S, M>[]> {
    return this.#runner.all(this.#expression) as Observable<Entity<S, M>[]>;
  }

  /** The first row in order, or null. */
  first(): Observable<Entity<S, M> | null> {
    return this.#runner.first(this.#expression) as Observable<Entity<S, M> | null>;
  }

  /** The last row in order (the order reversed; by primary key when none is given), or null. */
  last(): Observable<Entity<S, M> | null> {
    const orderBy: OrderBy[] = (this.#expression.orderBy.length > 0 ? this.#expression.orderBy : [{ field: this.#model.pk, direction: 'asc' as const }])
      .map((key) => ({ field: key.field, direction: key.direction === 'asc' ? 'desc' : 'asc' }));
    return this.#runner.first({ ...this.#expression, orderBy }) as Observable<Entity<S, M> | null>;
  }

  /** Exactly one row: NoResultError when there is none, MultipleResultsError when there are more. */
  one(): Observable<Entity<S, M>> {
    return this.#runner.one(this.#expression, false) as Observable<Entity<S, M>>;
  }

  /** One row or null: MultipleResultsError when there are more. */
  oneOrNone(): Observable<Entity<S, M> | null> {
    return this.#runner.one(this.#expression, true) as Observable<Entity<S, M> | null>;
  }

  /** How many rows match (limit and offset applied, as the server counts). */
  count(): Observable<number> {
    return this.#runner.count(this.#expression);
  }

  /**
   * The rows one at a time, page after page, each page asked for when the one before has come;
   * not live. Pushed: a subscriber slower than the server gets the rows queued up (see `iterate`).
   * @example Person.query.stream({ onProgress: ({ loaded, total }) => console.log(`${loaded}/${total}`) })
   */
  stream(options?: StreamOptions): Observable<Entity<S, M>> {
    return this.#runner.stream(this.#expression, options) as Observable<Entity<S, M>>;
  }

  /**
   * The rows for `for await`, pulled: a page is asked for only when the loop is within `readAhead`
   * pages of it (default 1), so memory stays flat however slow the loop. Leaving the loop aborts
   * the requests on their way; a failure rejects with the library's typed error. Not live.
   * @example for await (const p of Person.query.orderBy({ id: 'asc' }).iterate({ readAhead: 2 })) console.log(p.name);
   */
  iterate(options?: IterateOptions): AsyncGenerator<Entity<S, M>, void, undefined> {
    return this.#runner.iterate(this.#expression, options) as AsyncGenerator<Entity<S, M>, void, undefined>;
  }

  /** `for await (const p of query)`: `iterate()` with its defaults. */
  [Symbol.asyncIterator](): AsyncIterator<Entity<S, M>> {
    return this.iterate();
  }

  #with(changes: Partial<QueryExpression>): Query<S, M> {
    return new Query<S, M>(this.#model, this.#context, this.#runner, { ...this.#expression, ...changes });
  }

  #checkPath(path: string): void {
    let model = this.#model;
    const parts = path.split('.');
    for (const [index, part] of parts.entries()) {
      const last = index === parts.length - 1;
      if (last && model.attributes.has(part)) return;
      const relation = model.relations.get(part);
      const next = relation && !last && !relation.many ? relation.targetModel : undefined;
      if (!next) throw new ValidationError(`orderBy: ${this.#model.name} has no column "${path}" (a path may only cross to-one relations)`, { model: this.#model.name, field: path });
      model = next;
    }
  }
}

function checkCount(what: string, count: number, model: ModelDef): number {
  if (!Number.isInteger(count) || count < 0) throw new ValidationError(`${what}() takes a whole number >= 0, got ${String(count)}`, { model: model.name });
  return count;
}
