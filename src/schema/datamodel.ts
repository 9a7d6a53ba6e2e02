/**
 * The datamodel as flask-restless-datamodel publishes it (GET `<url>/api/flask-restless-datamodel`),
 * and the validated, frozen model definitions the rest of the library is built from.
 */

/** SQLAlchemy type names as the datamodel lowercases them, plus `hybrid` for hybrid properties. */
export type ColumnType =
  | 'integer'
  | 'biginteger'
  | 'smallinteger'
  | 'float'
  | 'numeric'
  | 'string'
  | 'unicode'
  | 'text'
  | 'unicodetext'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'time'
  | 'interval'
  | 'json'
  | 'largebinary'
  | 'enum'
  | 'hybrid';

export type RelationType = 'MANYTOONE' | 'ONETOMANY' | 'ONETOONE' | 'MANYTOMANY';

/** A relation as the datamodel describes it. */
export interface RawRelation {
  foreign_model: string;
  relation_type: RelationType;
  backref?: string | null;
  local_column?: string | null;
  is_proxy?: boolean;
}

/** A method as the datamodel describes it: required positionals, defaulted names, *args, **kwargs. */
export interface RawMethod {
  args: string[];
  kwargs: string[];
  argsvar: string | null;
  kwargsvar: string | null;
}

/** One model of the datamodel, keyed by its class name. */
export interface RawModel {
  pk_name: string;
  collection_name: string;
  url_prefix?: string;
  attributes: Record<string, string>;
  relations?: Record<string, RawRelation>;
  properties?: Record<string, boolean>;
  methods?: Record<string, RawMethod>;
  polymorphic?: { on: string; identities: Record<string, string> } | { parent: string; identity: string };
}

/** The whole document: one entry per model plus the `FlaskRestlessDatamodel` meta entry. */
export type RawDatamodel = Record<string, unknown>;

/** A validated attribute. */
export interface AttributeDef {
  readonly name: string;
  readonly type: ColumnType;
  /** Hybrids and proxies cannot be written through the API's POST, so the client never sends them. */
  readonly readOnly: boolean;
  /** Column association proxies are listed by the datamodel but absent from GET bodies. */
  readonly proxy: boolean;
}

/** A validated relation. */
export interface RelationDef {
  readonly name: string;
  readonly target: string;
  readonly type: RelationType;
  readonly many: boolean;
  readonly backref: string | undefined;
  readonly localColumn: string | undefined;
  readonly proxy: boolean;
  // Facts resolved once when the datamodel is parsed, so that no reader of a relation looks them up again.
  /** The model the relation points at. */
  readonly targetModel: ModelDef;
  /** The relation of the target model named by `backref` (it points back here), when there is one. */
  readonly inverse: RelationDef | undefined;
  /** A to-many whose other side is a to-one holding a foreign key column: the children's keys say it, the parent never sends it. */
  readonly carriedByChildren: boolean;
  /**
   * Of the two sides of a relation linked through a link table, exactly one sends link changes (so a
   * link is never sent twice): the side whose `root.name` sorts first, or a side without an inverse.
   */
  readonly sendsLinks: boolean;
}

/** A validated method signature. */
export interface MethodDef {
  readonly name: string;
  readonly args: readonly string[];
  readonly kwargs: readonly string[];
  readonly argsvar: string | null;
  readonly kwargsvar: string | null;
}

/** A validated model: what the store, the query builder, the dialects and the emulator read. */
export interface ModelDef {
  readonly name: string;
  readonly pk: string;
  readonly collection: string;
  readonly urlPrefix: string;
  readonly attributes: ReadonlyMap<string, AttributeDef>;
  readonly relations: ReadonlyMap<string, RelationDef>;
  /** Python @properties: name -> settable. */
  readonly properties: ReadonlyMap<string, boolean>;
  readonly methods: ReadonlyMap<string, MethodDef>;
  /** The root of the polymorphic family (itself when not polymorphic): the identity map's key space. */
  readonly root: string;
  /** For a polymorphic family: the discriminator column (set on every member). */
  readonly discriminator: string | undefined;
  /** This model's own polymorphic identity, when known. */
  readonly identity: string | undefined;
  /** identity -> model name, for every member of the family (set on every member). */
  readonly identities: ReadonlyMap<string, string>;
  readonly parent: string | undefined;
}

/** All models of one server, by class name. */
export interface Datamodel {
  readonly models: ReadonlyMap<string, ModelDef>;
  readonly serverVersion: string | undefined;
  /** The exact document this was built from, so the emulator and codegen can reuse it. */
  readonly raw: RawDatamodel;
}
