/**
 * The JavaScript side of emulated model methods and properties: the shapes a test passes to
 * `createClassicEmulator` (`methods`, `properties`), checked against the datamodel when the
 * emulator is made, and looked up per call as Python looks them up: on the row's own class first,
 * then up its polymorphic parents (a Manager row calls Employee's `work`).
 */
import { ValidationError } from '../../errors.js';
import type { WireValue } from '../../query/expression.js';
import type { Datamodel, MethodDef, ModelDef } from '../../schema/datamodel.js';
import type { RpcArguments } from './rpc-binding.js';

/**
 * A row as an implementation sees it: its columns in wire form (as a GET body carries them: dates
 * as ISO strings), without relations. Assigning a column changes the emulated database (rolled
 * back after a method call unless `commitOnMethodReturn`); other keys are ignored, as plain Python
 * attributes would be. Returning it from a method sends the model instance.
 */
export type RpcRow = Record<string, WireValue>;

/** The emulated SQLAlchemy session of one call: other rows, related rows, and what a value is. */
export interface RpcSession {
  /** `Model.query.get(id)`: the row of `model` (or of a subclass) with this primary key, or null. */
  get(model: string, id: WireValue): RpcRow | null;
  /** Every row of `model` (subclasses included), in table order. */
  all(model: string): RpcRow[];
  /** A to-one relation of `row`: the related row or null (`computer.owner`). */
  toOne(row: RpcRow, relation: string): RpcRow | null;
  /** A to-many relation of `row`, in table order (`person.computers`). */
  toMany(row: RpcRow, relation: string): RpcRow[];
  /** The class name of a row (`'Computer'`, `'Manager'`), or undefined for any other value. */
  modelOf(value: unknown): string | undefined;
}

/**
 * A model method: receives the row, the call's arguments bound by parameter name (see
 * `RpcArguments`), and the session; returns the value to send back (anything the codec encodes,
 * rows included). It must be synchronous. Throw a `PythonError` to raise a given Python exception.
 *
 * @example (self, { what_to_say }) => `Errr... uh... ehm... ${String(what_to_say)}?`
 */
export type MethodImplementation = (self: RpcRow, args: RpcArguments, session: RpcSession) => unknown;

/** A Python `@property`: `get` answers GET; `set` (settable properties only) answers POST, then commits. */
export interface PropertyImplementation {
  get(self: RpcRow, session: RpcSession): unknown;
  set?(self: RpcRow, value: unknown, session: RpcSession): void;
}

/** Method implementations per model class name, then per method name. */
export type RpcMethods = Readonly<Record<string, Readonly<Record<string, MethodImplementation>>>>;

/** Property implementations per model class name, then per property name. */
export type RpcProperties = Readonly<Record<string, Readonly<Record<string, PropertyImplementation>>>>;

/** An implementation found for a row, with the class that defines it (its `__qualname__` prefix). */
export interface Found<T> {
  readonly implementation: T;
  readonly definedOn: ModelDef;
}

/** The emulator's registry of implementations, checked against the datamodel. */
export class RpcImplementations {
  readonly #datamodel: Datamodel;
  readonly #methods: RpcMethods;
  readonly #properties: RpcProperties;

  constructor(datamodel: Datamodel, methods: RpcMethods = {}, properties: RpcProperties = {}) {
    this.#datamodel = datamodel;
    this.#methods = methods;
    this.#properties = properties;
    this.#check();
  }

  /** The method Python would run for `name` on a row of class `rowModel`. */
  method(rowModel: ModelDef, name: string): Found<MethodImplementation> | undefined {
    return this.#find(this.#methods, rowModel, name);
  }

  /** The property Python would run for `name` on a row of class `rowModel`. */
  property(rowModel: ModelDef, name: string): Found<PropertyImplementation> | undefined {
    return this.#find(this.#properties, rowModel, name);
  }

  /** The signature of `name` where it is defined, else as the URL's model lists it. */
  signature(found: Found<unknown>, name: string, urlModel: ModelDef): MethodDef | undefined {
    return found.definedOn.methods.get(name) ?? urlModel.methods.get(name);
  }

  #find<T>(table: Readonly<Record<string, Readonly<Record<string, T>>>>, rowModel: ModelDef, name: string): Found<T> | undefined {
    for (let model: ModelDef | undefined = rowModel; model !== undefined; model = model.parent === undefined ? undefined : this.#datamodel.models.get(model.parent)) {
      const own = Object.hasOwn(table, model.name) ? table[model.name] : undefined;
      const implementation = own !== undefined && Object.hasOwn(own, name) ? own[name] : undefined;
      if (implementation !== undefined) return { implementation, definedOn: model };
    }
    return undefined;
  }

  /** Typos and mismatches surface when the emulator is made, not as a puzzling 404 later. */
  #check(): void {
    for (const [modelName, methods] of Object.entries(this.#methods)) {
      const model = this.#model('methods', modelName);
      for (const [name, implementation] of Object.entries(methods)) {
        const site = { model: modelName, field: name };
        if (!model.methods.has(name)) throw new ValidationError(`methods: the datamodel lists no method ${modelName}.${name} (it has: ${[...model.methods.keys()].join(', ') || 'none'})`, site);
        if (typeof implementation !== 'function') throw new ValidationError(`methods: ${modelName}.${name} must be a function (self, args, session) => result`, site);
      }
    }
    for (const [modelName, properties] of Object.entries(this.#properties)) {
      const model = this.#model('properties', modelName);
      for (const [name, implementation] of Object.entries(properties)) {
        const site = { model: modelName, field: name };
        const settable = model.properties.get(name);
        if (settable === undefined) throw new ValidationError(`properties: the datamodel lists no property ${modelName}.${name} (it has: ${[...model.properties.keys()].join(', ') || 'none'})`, site);
        if (typeof implementation?.get !== 'function') throw new ValidationError(`properties: ${modelName}.${name} needs get(self, session)`, site);
        if (implementation.set !== undefined && (typeof implementation.set !== 'function' || !settable)) {
          throw new ValidationError(`properties: ${modelName}.${name} ${settable ? 'set must be a function (self, value, session)' : 'is read-only in the datamodel, so it cannot have set'}`, site);
        }
      }
    }
  }

  #model(option: string, name: string): ModelDef {
    const model = this.#datamodel.models.get(name);
    if (model === undefined) throw new ValidationError(`${option}: the datamodel has no model "${name}"`, { model: name });
    return model;
  }
}
