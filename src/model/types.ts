import type { Observable } from 'rxjs';
import type { SaveEvent } from '../save/save-event.js';

/** The options of the page-by-page reads and the progress they report (defined with the reader). */
export type { IterateOptions, ReadProgress, StreamOptions } from '../read/read-options.js';

/**
 * The type-level description of one model. `flask-restless-rx codegen` writes one per model from a
 * server's datamodel; without it the client is typed by `DynamicSchema` and every field is `unknown`.
 */
export interface ModelShape {
  /** Column name -> TypeScript type (see the README's type mapping). */
  attributes: object;
  /** Names of attributes the client refuses to assign (hybrids, association proxies). */
  readOnly?: string;
  /** Relation name -> target model name and whether it is to-many. */
  relations: { [name: string]: { model: string; many: boolean } };
  /** Method name -> the server method's signature. */
  methods: { [name: string]: (...args: never[]) => unknown };
  /** Python @property name -> whether it can be assigned (codegen writes it; optional for hand-written schemas). */
  properties?: { [name: string]: { settable: boolean } };
  /**
   * The named entity type of the model (codegen's `interface Person`), so that hovers and errors
   * say `Person` instead of spelling out its members; without it the entity type is computed.
   */
  entity?: object;
}

/** All models of a server by class name. */
export type SchemaShape = { [model: string]: ModelShape };

/** The schema of a client built without generated types: any model, any field. */
export type DynamicSchema = {
  [model: string]: {
    attributes: { [field: string]: unknown };
    relations: { [name: string]: { model: string; many: boolean } };
    methods: { [name: string]: (...args: never[]) => unknown };
  };
};

/** The names an entity's `load`, `call` and `property$` accept (any string without a schema). */
export interface EntityNames {
  relations: string;
  methods: string;
  properties: string;
  /** Method name -> signature, for the arity of `call`'s positional arguments (none known: any). */
  signatures: object;
}

/** `call`'s positional arguments: at most the method's parameters, any of them left to `kwargs`. */
export type CallArguments<Signatures, K> = K extends keyof Signatures
  ? Signatures[K] extends (...args: infer A) => unknown
    ? Readonly<Partial<A>>
    : readonly unknown[]
  : readonly unknown[];

/** The operations every entity has, whatever its model. */
export interface EntityApi<Self, Names extends EntityNames = EntityNames> {
  /** Emits this entity now and after every change to it (a load, an edit, a save); completes when it is deleted. */
  readonly $: Observable<Self>;
  /** True until the server has created it. */
  readonly isNew: boolean;
  /** True while it has changes the server has not seen. */
  readonly isDirty: boolean;
  /** The names of the fields changed and not yet saved. */
  readonly dirtyFields: readonly string[];
  /** The permanent local id: stable from creation on, before and after the server assigns a key. */
  readonly lid: string;
  /** The error of this entity's last failed save, or undefined. */
  readonly saveError: unknown;
  /**
   * True when its create may or may not have reached the server (the answer was lost, cut short or
   * unusable): no save sends it again by itself. Its `saveError` has `outcome: 'unknown'`.
   */
  readonly inDoubt: boolean;
  /** Saves this entity and the unsaved entities it needs (nothing else), as a stream of events. */
  save(): Observable<SaveEvent>;
  /** Deletes it at once (no save needed); a new entity is just dropped. */
  delete(): Observable<void>;
  /**
   * Calls a server method of this row by name, with positional and keyword arguments; a cold
   * observable of the decoded result. Arguments are checked against the datamodel's signature
   * before anything is sent (`ValidationError`); an exception on the server is an `RpcError`.
   */
  call<K extends Names['methods']>(method: K, args?: CallArguments<Names['signatures'], K>, kwargs?: Readonly<Record<string, unknown>>): Observable<unknown>;
  /** Reads a server @property of this row (GET /api/property/...); a cold observable of its value. */
  property$(name: Names['properties']): Observable<unknown>;
  /** Loads a relation that the response did not include; emits its value and completes. */
  load(relation: Names['relations']): Observable<unknown>;
  /** Discards unsaved changes and reloads the entity from the server. */
  refresh(): Observable<Self>;
  /** The entity's columns as a plain object (what `JSON.stringify` writes). */
  toJSON(): Record<string, unknown>;
}

type RelationValue<S extends SchemaShape, R> = R extends { model: infer T; many: infer Many }
  ? T extends keyof S
    ? Many extends true
      ? Entity<S, T>[] | undefined
      : Entity<S, T> | null | undefined
    : unknown
  : unknown;

type Methods<M extends ModelShape> = {
  [K in keyof M['methods']]: M['methods'][K] extends (...args: infer A) => infer R ? (...args: A) => Observable<R> : never;
};

type PropertyNames<M extends ModelShape, Settable extends boolean> = {
  [K in keyof M['properties']]-?: M['properties'][K] extends { settable: Settable } ? K : never;
}[keyof M['properties']];

/** @properties: read-only ones cannot be assigned; their values are not typed by the datamodel. */
type Properties<M extends ModelShape> = { readonly [K in PropertyNames<M, false>]: unknown } & { [K in PropertyNames<M, true>]: unknown };

/** Read-only columns (hybrids, proxies) as readonly members. */
type Attributes<M extends ModelShape> = {
  readonly [K in keyof M['attributes'] & ReadOnlyNames<M>]: M['attributes'][K];
} & {
  [K in Exclude<keyof M['attributes'], ReadOnlyNames<M>>]: M['attributes'][K];
};

type ReadOnlyNames<M extends ModelShape> = M['readOnly'] extends string ? M['readOnly'] : never;

/** The names `load`, `call` and `property$` of a model's entities accept. */
export interface NamesOf<M extends ModelShape> extends EntityNames {
  relations: keyof M['relations'] & string;
  methods: keyof M['methods'] & string;
  /** A hand-written schema that lists no properties leaves any name allowed (the datamodel decides). */
  properties: M extends { properties: object } ? keyof M['properties'] & string : string;
  signatures: M['methods'];
}

/**
 * The members of an entity of model `M`, computed from the schema: columns, relations, properties,
 * methods and the entity API. Codegen's named interfaces (`interface Person`) extend it.
 */
export type EntityOf<S extends SchemaShape, M extends keyof S> = Attributes<S[M]> & {
  [R in keyof S[M]['relations']]: RelationValue<S, S[M]['relations'][R]>;
} & Properties<S[M]> & Methods<S[M]> & EntityApi<Entity<S, M>, NamesOf<S[M]>>;

/** An entity of model `M`: its columns, relations and remote methods as properties, plus the entity API. */
export type Entity<S extends SchemaShape, M extends keyof S> = string extends keyof S
  ? DynamicEntity
  : S[M] extends { entity: infer Named extends object } ? Named : EntityOf<S, M>;

/** An entity of a client without generated types. */
export type DynamicEntity = EntityApi<DynamicEntity> & { [field: string]: unknown };

/** The values `Model.create()` accepts: any subset of the columns that can be written, and relations. */
export type CreateValues<S extends SchemaShape, M extends keyof S> = string extends keyof S
  ? { [field: string]: unknown }
  : { [A in Exclude<keyof S[M]['attributes'], ReadOnlyNames<S[M]>>]?: S[M]['attributes'][A] } & {
      [R in keyof S[M]['relations']]?: RelationValue<S, S[M]['relations'][R]>;
    } & { [P in PropertyNames<S[M], true>]?: unknown };
