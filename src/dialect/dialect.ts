/**
 * The port through which everything that knows the wire passes. The client's reads (src/read), the
 * store's ingestion, the save pipeline (src/save) and the HTTP layer speak to a server only through
 * a `Dialect`; `src/dialect/classic/` implements it for Flask-Restless 0.17, and is the only place
 * that knows that protocol. A JSON:API dialect (Flask-Restless 1.0 / NG) implements the same port.
 *
 * Raw rows (`unknown` below) are opaque outside a dialect: what a dialect's page or answer parser
 * hands out, only the same dialect's `rows` reads. A JSON:API dialect can so hand out a resource
 * object together with its compound document's `included` index, and resolve linkage in `rows`.
 */
import type { QueryExpression, WireValue } from '../query/expression.js';
import type { Datamodel, ModelDef } from '../schema/datamodel.js';
import type { WireColumnRules } from '../schema/model-facts.js';
import type { PrimaryKey } from '../store/entity-state.js';
import type { RowReader } from '../store/row-reader.js';
import type { HttpWire } from '../transport/http-wire.js';

// The ports the lower layers own (they call them, so they declare them): re-exported here so a
// dialect finds its whole contract in one file.
export type { RowReader, WireRow } from '../store/row-reader.js';
export type { HttpWire } from '../transport/http-wire.js';

/** The dialects `connect({ dialect })` accepts. */
export type DialectName = 'classic' | 'jsonapi';

/**
 * A dialect before the server is known: its HTTP side (needed to load the datamodel), and how to
 * make the rest once the root and the datamodel are.
 */
export interface DialectKind {
  readonly name: DialectName;
  readonly http: HttpWire;
  /** Rows asked for per page when `connect({ pageSize })` is not given. */
  readonly pageSize: number;
  create(root: string, datamodel: Datamodel): Dialect;
}

export interface Dialect {
  readonly name: DialectName;
  readonly urls: DialectUrls;
  readonly reads: ReadEncoding;
  readonly rows: RowReader;
  readonly writes: WriteEncoding;
  readonly outcomes: OutcomeRules;
  readonly http: HttpWire;
  /** Whether the server has the method and property routes of flask-restless-datamodel. */
  readonly rpc: RpcSupport;
  /** What values of which column types the server stores and gives back (beyond the defaults). */
  readonly columnRules?: WireColumnRules;
}

/** The remote methods and properties of rows: served, or not (and why, for the error). */
export type RpcSupport = { readonly available: true } | { readonly available: false; readonly why: string };

/** Where resources live. `root` is the server root (scheme, host, port, any path before the models' prefix). */
export interface DialectUrls {
  collection(model: ModelDef): string;
  instance(model: ModelDef, pk: PrimaryKey): string;
  /** The related resource(s) of one relation of a row. */
  relation(model: ModelDef, pk: PrimaryKey, relation: string): string;
  /** Why `pk` cannot address a row in a URL, or undefined when it can. */
  unaddressable(pk: unknown): string | undefined;
}

/** Which page of a paged read: 1-based `number`, `size` rows asked for. */
export interface Paging {
  readonly number: number;
  readonly size: number;
}

/** One page of a collection: its raw rows and what the server says of the whole result. */
export interface Page {
  readonly rows: readonly unknown[];
  /** How many rows match the query in all (classic `num_results`, JSON:API `meta.total`). */
  readonly total: number;
  /** The page this is (1-based; 0 for a count-only answer). */
  readonly number: number;
  /** How many pages the result has, as the server counts them. */
  readonly pages: number;
}

/** A query AST into requests, and answers into pages. */
export interface ReadEncoding {
  /** The URL of page `paging` of `url` (a collection or a to-many relation) filtered by `expression`. */
  page(url: string, expression: QueryExpression | undefined, paging: Paging): string;
  /** The URL that answers how many rows match `expression`, with as little serialized as the server allows. */
  count(url: string, expression: QueryExpression): string;
  /**
   * The URL of the exactly-one-row search of `one()`/`oneOrNone()` (a server without a single-row
   * search can ask for two rows and let `parseSingle` count them).
   */
  single(url: string, expression: QueryExpression): string;
  /** Checks and reads a page answer; `asked` is the page number asked for (a ProtocolError otherwise). */
  parsePage(body: unknown, url: string, asked: number): Page;
  /** What the single-row search answered: its row, no row, or several rows. */
  parseSingle(body: unknown, url: string): { readonly row: unknown } | 'none' | 'many';
  /** The raw row of an instance's answer (GET of one row by key). */
  parseInstance(body: unknown): unknown;
  /** The raw row of a to-one relation's answer, or null when the relation is empty. */
  parseRelated(body: unknown): unknown;
  /** What a failed single-row search means: no row, several rows, or (undefined) a real failure (a server that says so by status). */
  singleMiss(error: unknown): 'none' | 'many' | undefined;
}

/** A saved row named in a write body. */
export interface RowKey {
  readonly model: ModelDef;
  readonly pk: PrimaryKey;
}

/**
 * What one write changes, in the client's terms (values already through the column codec).
 * `toOne` names the target of each to-one sent (null to clear); `toMany` the members a create
 * starts with; `links` the members an update adds to and removes from a to-many.
 */
export interface RowChanges {
  readonly columns: ReadonlyMap<string, WireValue>;
  readonly toOne: ReadonlyMap<string, RowKey | null>;
  readonly toMany: ReadonlyMap<string, readonly RowKey[]>;
  readonly links: ReadonlyMap<string, { readonly add: readonly RowKey[]; readonly remove: readonly RowKey[] }>;
  /** New to-one targets a create makes in the same request (only where `nestsCreate` allowed it), by relation. */
  readonly nested?: ReadonlyMap<string, RowChanges>;
}

/** One write on the wire. */
export interface WireWrite {
  readonly method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly json?: WireValue;
  /**
   * True when sending it twice is the same as sending it once: it may then be retried when its
   * outcome is unknown. (A classic PUT that adds or removes links is not: a link removed twice is
   * a 500 there.)
   */
  readonly idempotent: boolean;
  /** This request only adds (`add`) or removes (`remove`) members of the to-many `relation`. */
  readonly link?: { readonly relation: string; readonly change: 'add' | 'remove' };
  /**
   * Requests that complete the same write, sent one after the other once this one succeeded (a
   * JSON:API update: PATCH, then the `/relationships/` requests). A request with `link` settles
   * those members; one without, the changed fields no linking request names. The first failure
   * stops the rest.
   */
  readonly next?: readonly WireWrite[];
}

/** Write operations into requests, and their answers into raw rows. */
export interface WriteEncoding {
  create(model: ModelDef, changes: RowChanges): WireWrite;
  update(model: ModelDef, pk: PrimaryKey, changes: RowChanges): WireWrite;
  delete(model: ModelDef, pk: PrimaryKey): WireWrite;
  /** The raw row a successful write answered, or undefined when it answered none (a 204). */
  answer(body: unknown): unknown;
  /** True when a to-one to `relation` is sent as the foreign-key column rather than as a reference to the row. */
  sendsKeyColumn(model: ModelDef, relation: string): boolean;
  /**
   * True when a create of `model` can make a new target of the to-one `relation` in the same
   * request (one transaction), and its answer says the target's key. Absent: never.
   */
  nestsCreate?(model: ModelDef, relation: string): boolean;
}

/** What a failed write says about whether the server applied it. */
export interface OutcomeRules {
  /** True when the write certainly changed nothing (so even a create may be sent again). */
  certainlyNotApplied(error: unknown): boolean;
  /** True when it is unknown whether the write was applied. */
  inDoubt(error: unknown): boolean;
  /** Why the outcome of a create is unknown, for the entity's error. */
  inDoubtBecause(error: unknown): string;
}
