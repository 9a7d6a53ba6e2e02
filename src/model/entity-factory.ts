import { Observable } from 'rxjs';
import type { SaveEvent } from '../save/save-event.js';
import { ValidationError } from '../errors.js';
import type { ColumnFacts } from '../schema/model-facts.js';
import type { Datamodel, ModelDef } from '../schema/datamodel.js';
import type { EntityFactory, EntityStore } from '../store/entity-store.js';
import { STATE, type EntityState } from '../store/entity-state.js';
import { assignField } from './assign.js';
import { relationList } from './relation-list.js';

/** What entity objects need from the client they belong to. */
export interface EntityRuntime {
  readonly store: EntityStore;
  readonly datamodel: Datamodel;
  /** The checks of column values beyond their type (enum values from the `schema` option, the zone). */
  readonly columns: ColumnFacts;
  loadRelation(state: EntityState, relation: string): Observable<unknown>;
  refresh(state: EntityState): Observable<object>;
  save(state: EntityState): Observable<SaveEvent>;
  remove(state: EntityState): Observable<void>;
  saveError(state: EntityState): unknown;
  /** True while the entity's create is in doubt. */
  inDoubt(state: EntityState): boolean;
  /** Calls a server method of the row (arguments checked against the datamodel first). */
  call(state: EntityState, method: string, args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): Observable<unknown>;
  /** Reads a server @property of the row. */
  readProperty(state: EntityState, name: string): Observable<unknown>;
  /** Why the codec cannot send `value` (a property's new value), or undefined. */
  unencodable(value: unknown): unknown;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Builds one prototype per model, with an accessor per column and relation, over a shared base
 * that carries the entity API. Instances hold nothing but their state (under a symbol), so reads
 * go straight to the store and an entity costs one small object.
 */
export function createEntityFactory(runtime: EntityRuntime): EntityFactory {
  const base = createBase(runtime);
  const prototypes = new Map<string, object>();
  for (const model of runtime.datamodel.models.values()) prototypes.set(model.name, createPrototype(model, base, runtime));
  const prototypeOf = (model: ModelDef): object => {
    const found = prototypes.get(model.name);
    if (!found) throw new ValidationError(`Unknown model ${model.name}`, { model: model.name });
    return found;
  };
  return {
    create(state) {
      const entity = Object.create(prototypeOf(state.model)) as object;
      Object.defineProperty(entity, STATE, { value: state });
      return entity;
    },
    reshape(state) {
      Object.setPrototypeOf(state.entity, prototypeOf(state.model));
    },
  };
}

/** A value made once per entity and name, kept as long as the entity lives. */
function perEntity<V>(): (state: EntityState, name: string, make: () => V) => V {
  const values = new WeakMap<EntityState, Map<string, V>>();
  return (state, name, make) => {
    let byName = values.get(state);
    if (!byName) {
      byName = new Map();
      values.set(state, byName);
    }
    let value = byName.get(name);
    if (value === undefined) {
      value = make();
      byName.set(name, value);
    }
    return value;
  };
}

const lists = perEntity<unknown[]>();
const methods = perEntity<(...args: unknown[]) => Observable<unknown>>();

/** One tracked array per entity and relation, so that a kept reference stays current. */
function listOf(runtime: EntityRuntime, state: EntityState, field: string): unknown[] {
  return lists(state, field, () => relationList(state, field, (value) => assignField(runtime, state, field, value)));
}

/** One function per entity and method, so that `maurice.speak === maurice.speak`. */
function boundMethod(runtime: EntityRuntime, state: EntityState, name: string): (...args: unknown[]) => Observable<unknown> {
  // Named after the server method, so stack traces and the console say `speak`.
  return methods(state, name, () => ({ [name]: (...args: unknown[]) => runtime.call(state, name, args, {}) })[name] as (...args: unknown[]) => Observable<unknown>);
}

function stateOfThis(self: unknown): EntityState {
  return (self as { [STATE]: EntityState })[STATE];
}

function createPrototype(model: ModelDef, base: object, runtime: EntityRuntime): object {
  const constructor = { [model.name]: function () {} }[model.name] as (...args: never[]) => void;
  const proto = Object.create(base) as object;
  const descriptors: PropertyDescriptorMap = {
    constructor: { value: constructor, writable: true, configurable: true },
    [Symbol.toStringTag]: { value: model.name, configurable: true },
  };
  for (const field of [...model.attributes.keys(), ...model.relations.keys()]) {
    const many = model.relations.get(field)?.many === true;
    descriptors[field] = {
      enumerable: true,
      configurable: true,
      get(this: unknown) {
        const state = stateOfThis(this);
        if (!many || !Array.isArray(state.read(field))) return state.read(field);
        return listOf(runtime, state, field);
      },
      set(this: unknown, value: unknown) {
        assignField(runtime, stateOfThis(this), field, value);
      },
    };
  }
  for (const name of model.properties.keys()) {
    descriptors[name] = {
      enumerable: false,
      configurable: true,
      // A @property is not part of a row's body: this reads the value assigned here (saved or
      // not); `property$(name)` asks the server.
      get(this: unknown) {
        return stateOfThis(this).read(name);
      },
      set(this: unknown, value: unknown) {
        assignField(runtime, stateOfThis(this), name, value);
      },
    };
  }
  for (const name of model.methods.keys()) {
    descriptors[name] = {
      enumerable: false,
      configurable: true,
      // Bound to its entity, so `const { speak } = maurice` and callbacks work as users expect.
      get(this: unknown) {
        return boundMethod(runtime, stateOfThis(this), name);
      },
    };
  }
  Object.defineProperties(proto, descriptors);
  constructor.prototype = proto;
  return proto;
}

/** The entity API shared by every model, over a guard that refuses assignments to unknown fields. */
function createBase(runtime: EntityRuntime): object {
  const guard = new Proxy(Object.prototype, {
    set(_target, property, _value, receiver: unknown) {
      const state = stateOfThis(receiver);
      const name = String(property);
      throw new ValidationError(`${state.model.name} has no field "${name}"; its fields are ${[...state.model.attributes.keys(), ...state.model.relations.keys()].join(', ')}`, { model: state.model.name, field: name });
    },
  });
  const base = Object.create(guard) as object;
  const readOnly = (name: string, get: (state: EntityState, self: object) => unknown): PropertyDescriptor => ({
    configurable: true,
    get(this: object) {
      return get(stateOfThis(this), this);
    },
    set(this: object) {
      throw new ValidationError(`${name} is read-only`, { model: stateOfThis(this).model.name, field: name });
    },
  });
  Object.defineProperties(base, {
    $: readOnly('$', (state, self) => entityChanges(runtime.store, state, self)),
    isNew: readOnly('isNew', (state) => state.status === 'new'),
    isDirty: readOnly('isDirty', (state) => state.status === 'new' || state.local.size > 0),
    dirtyFields: readOnly('dirtyFields', (state) => Object.freeze([...state.local.keys()])),
    lid: readOnly('lid', (state) => state.lid),
    saveError: readOnly('saveError', (state) => runtime.saveError(state)),
    inDoubt: readOnly('inDoubt', (state) => runtime.inDoubt(state)),
    save: {
      configurable: true,
      value(this: object) {
        return runtime.save(stateOfThis(this));
      },
    },
    delete: {
      configurable: true,
      value(this: object) {
        return runtime.remove(stateOfThis(this));
      },
    },
    call: {
      configurable: true,
      value(this: object, method: string, args: readonly unknown[] = [], kwargs: Readonly<Record<string, unknown>> = {}) {
        return runtime.call(stateOfThis(this), method, args, kwargs);
      },
    },
    property$: {
      configurable: true,
      value(this: object, name: string) {
        return runtime.readProperty(stateOfThis(this), name);
      },
    },
    load: {
      configurable: true,
      value(this: object, relation: string) {
        return runtime.loadRelation(stateOfThis(this), relation);
      },
    },
    refresh: {
      configurable: true,
      value(this: object) {
        return runtime.refresh(stateOfThis(this));
      },
    },
    toJSON: {
      configurable: true,
      value(this: object) {
        return plainColumns(stateOfThis(this));
      },
    },
    [INSPECT]: {
      configurable: true,
      value(this: object) {
        const state = stateOfThis(this);
        return { [Symbol.toStringTag]: state.model.name, ...plainColumns(state) };
      },
    },
  });
  return base;
}

/**
 * Emits the entity now and after each batch that changed it; completes when it is deleted. While
 * subscribed it holds the entity in the store (never evicted, see `gcTimeMs`).
 */
function entityChanges(store: EntityStore, state: EntityState, self: object): Observable<object> {
  return new Observable<object>((subscriber) => {
    subscriber.next(self);
    if (state.status === 'deleted') {
      subscriber.complete();
      return undefined;
    }
    store.retain(state);
    const changes = store.batches$.subscribe((batch) => {
      if (batch.deleted.has(state)) subscriber.complete();
      else if (batch.changed.has(state)) subscriber.next(self);
    });
    return () => {
      changes.unsubscribe();
      store.release(state);
    };
  });
}

function plainColumns(state: EntityState): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const field of state.model.attributes.keys()) {
    if (state.isLoaded(field)) result[field] = state.read(field);
  }
  return result;
}
