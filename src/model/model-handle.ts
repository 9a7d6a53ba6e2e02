import type { Observable } from 'rxjs';
import { ValidationError } from '../errors.js';
import type { ModelDef } from '../schema/datamodel.js';
import type { EntityStore } from '../store/entity-store.js';
import { stateOf, type PrimaryKey } from '../store/entity-state.js';
import { detach } from '../store/detach.js';
import { Query } from './query.js';
import type { RefContext } from '../query/field-refs.js';
import type { CreateValues, DynamicSchema, Entity, SchemaShape } from './types.js';
import type { Reader } from '../read/reader.js';
import { assignField, belongsTo } from './assign.js';
import type { EntityRuntime } from './entity-factory.js';

/**
 * A model of the server, as `client.models.Person`: makes new entities and starts reads.
 * `value instanceof Person` tells whether an entity is a Person (or a subclass of it).
 */
export class ModelHandle<S extends SchemaShape = DynamicSchema, M extends keyof S & string = string> {
  /** The model's class name on the server. */
  readonly name: M;
  /** What the datamodel says of the model. */
  readonly definition: ModelDef;
  readonly #runtime: EntityRuntime & { readonly store: EntityStore };
  readonly #reader: Reader;
  readonly #context: RefContext;

  /** @internal */
  constructor(definition: ModelDef, runtime: EntityRuntime, reader: Reader, context: RefContext) {
    this.name = definition.name as M;
    this.definition = definition;
    this.#runtime = runtime;
    this.#reader = reader;
    this.#context = context;
  }

  /** A new query over this model (immutable; nothing is sent until a read is subscribed). */
  get query(): Query<S, M> {
    return new Query<S, M>(this.definition, this.#context, this.#reader);
  }

  /**
   * A new entity, pending until saved. Values are validated like assignments.
   * @example const maurice = Person.create({ name: 'Maurice' });
   */
  create(values: CreateValues<S, M> = {} as CreateValues<S, M>): Entity<S, M> {
    if (typeof values !== 'object' || values === null) throw new ValidationError(`${this.name}.create() takes an object of field values`, { model: this.name });
    const store = this.#runtime.store;
    return store.transaction(() => {
      const state = store.createNew(this.definition);
      try {
        for (const [field, value] of Object.entries(values as Record<string, unknown>)) {
          if (value !== undefined) assignField(this.#runtime, state, field, value);
        }
      } catch (error) {
        // A refused value must not leave a half-made entity behind for the next save to POST.
        detach(store, state);
        throw error;
      }
      return state.entity as Entity<S, M>;
    });
  }

  /** The row with this primary key; NotFoundError when the server has none. Emits again when it changes. */
  get(id: PrimaryKey): Observable<Entity<S, M>> {
    return this.#reader.get(this.definition, id) as Observable<Entity<S, M>>;
  }

  /** Every row: a live list (see `query.all()`). */
  all(): Observable<Entity<S, M>[]> {
    return this.query.all();
  }

  [Symbol.hasInstance](value: unknown): boolean {
    const state = stateOf(value);
    return state !== undefined && belongsTo(this.#runtime, state.model, this.name);
  }
}
