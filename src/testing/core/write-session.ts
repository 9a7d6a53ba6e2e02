/**
 * The SQLAlchemy session of one emulated write: rows are found, created, changed and deleted in
 * the emulated database as the request goes, and `commit()` then does what the INSERTs and
 * UPDATEs would reveal — a primary key SQLite refuses or that is taken, a UNIQUE or NOT NULL
 * violation, a pair linked twice — answering `IntegrityError` and restoring the database as it
 * was before the request (everything a write does is one transaction). New rows take the highest
 * id + 1 at once, as SQLite's rowid does at INSERT time (a deleted top id comes back, docs/protocol/classic/write.md
 * #36). A primary key or discriminator assigned by the request takes effect at commit; links and
 * children keep pointing at the old key, as on SQLite without foreign key enforcement.
 *
 * Rows are referred to by `RowHandle` (family and key), never by object: code that writes through
 * the public database API (a property setter) may replace the stored objects.
 */
import { proxyPath } from './field-kind.js';
import type { WireValue } from '../../query/expression.js';
import { affinityOf, storedValue } from '../../query/normalize.js';
import { orderValues } from '../../query/sqlite.js';
import type { ModelDef } from '../../schema/datamodel.js';
import type { DatabaseContext } from './database-context.js';
import { DatabaseError } from './database-error.js';
import type { DbTransaction, StoredRow } from './db.js';
import { HtmlAbort, NotEmulated } from './server-failure.js';
import { keyOf } from './row-keys.js';

/** A row of the session: its polymorphic family and its key when the request began to use it. */
export class RowHandle {
  constructor(
    readonly root: string,
    readonly key: string,
  ) {}
}

/** `C`: the dialect's request context, which handlers reach through `session.ctx`. */
export class WriteSession<C extends DatabaseContext = DatabaseContext> {
  readonly ctx: C;
  readonly #transaction: DbTransaction;
  readonly #touched = new Map<string, RowHandle>();
  /** New rows whose primary key was taken: they can never be committed. */
  readonly #detached = new Map<string, StoredRow>();
  #violation: string | undefined;

  constructor(ctx: C) {
    this.ctx = ctx;
    this.#transaction = ctx.db.begin();
  }

  /** The stored row behind a handle (undefined once deleted). */
  row(handle: RowHandle): StoredRow | undefined {
    return this.#detached.get(handle.key) ?? this.ctx.db.rowAt(handle.root, handle.key);
  }

  handleOf(row: StoredRow): RowHandle {
    return new RowHandle(row.model.root, row.key);
  }

  /** `query(model).filter(pk == id).first()`. */
  find(model: ModelDef, id: WireValue): RowHandle | undefined {
    const row = this.ctx.db.find(model, id);
    return row === undefined ? undefined : this.handleOf(row);
  }

  /** `model()`: a new row with the class's identity, stored under `pk` (or the next id). */
  create(model: ModelDef, pk: WireValue): RowHandle {
    const values: Record<string, WireValue> = {};
    for (const attribute of model.attributes.values()) if (proxyPath(model, attribute.name, this.ctx.datamodel, this.ctx.proxies) === undefined) values[attribute.name] = null;
    if (model.discriminator !== undefined) values[model.discriminator] = this.ctx.schema.identity(model) ?? null;
    const integerKey = affinityOf(model.attributes.get(model.pk)?.type ?? 'integer') === 'integer';
    // Only an INTEGER PRIMARY KEY is the rowid, which SQLite fills in; another key left NULL is SQLAlchemy's FlushError.
    if (pk === null && !integerKey) throw new HtmlAbort(500, `sqlalchemy.orm.exc.FlushError: a new ${model.name} has a NULL identity key`);
    values[model.pk] = pk ?? this.ctx.db.nextId(model);
    const key = keyOf(values[model.pk] ?? null, model) ?? '';
    const row: StoredRow = { model, key, values };
    if (this.ctx.db.rowAt(model.root, key) !== undefined) {
      const detachedKey = `detached:${String(this.#detached.size)}`;
      this.#detached.set(detachedKey, { ...row, key: detachedKey });
      this.#violation = `UNIQUE constraint failed: ${model.root}.${model.pk}`;
      return new RowHandle(model.root, detachedKey);
    }
    this.ctx.db.putRow(row);
    return this.touch(new RowHandle(model.root, key));
  }

  /** Sets a column to its stored form (see column-value.ts). */
  setColumn(handle: RowHandle, field: string, value: WireValue): void {
    const row = this.row(handle);
    if (row === undefined) return;
    if (this.#detached.has(handle.key)) row.values[field] = value;
    else this.ctx.db.setValue(row, field, value);
    this.touch(handle);
  }

  /** `session.delete(row)`: gone at once, with its links; its children's keys become null. */
  delete(handle: RowHandle): void {
    const row = this.row(handle);
    if (row === undefined) return;
    if (this.#detached.delete(handle.key)) return;
    this.ctx.db.deleteRow(row);
  }

  /** Marks a row for the commit's checks. */
  touch(handle: RowHandle): RowHandle {
    this.#touched.set(`${handle.root}\u0000${handle.key}`, handle);
    return handle;
  }

  /** The flush and COMMIT: primary keys, classes and hybrids settle; constraints are checked. */
  commit(): void {
    try {
      const settled = [...this.#touched.values()].map((handle) => this.#settle(handle)).filter((row): row is StoredRow => row !== undefined);
      if (this.#detached.size > 0) this.#fail(this.#violation ?? 'UNIQUE constraint failed');
      for (const row of settled) this.#checkConstraints(row);
      if (this.ctx.db.links.duplicated()) this.#fail('UNIQUE constraint failed on a link table');
      this.#transaction.commit();
    } catch (error) {
      this.rollback();
      throw error;
    }
  }

  /** Everything back as it was before the request. */
  rollback(): void {
    this.#transaction.rollback();
  }

  /** A touched row's final class, key and hybrid values. */
  #settle(handle: RowHandle): StoredRow | undefined {
    const row = this.ctx.db.rowAt(handle.root, handle.key);
    if (row === undefined) return undefined;
    const model = this.#classOf(row);
    const pkType = model.attributes.get(model.pk)?.type ?? 'integer';
    const pk = row.values[model.pk] ?? null;
    if (affinityOf(pkType) === 'integer' && !(typeof pk === 'number' && Number.isSafeInteger(pk))) this.#fail('datatype mismatch');
    const key = keyOf(pk, model);
    if (key === undefined) return this.#fail(`NOT NULL constraint failed: ${model.root}.${model.pk}`);
    if (key !== row.key && this.ctx.db.rowAt(model.root, key) !== undefined) this.#fail(`UNIQUE constraint failed: ${model.root}.${model.pk}`);
    for (const [name, compute] of this.ctx.schema.hybrids(model)) this.ctx.db.setValue(row, name, compute(structuredClone(row.values)));
    const settled: StoredRow = { model, key, values: row.values };
    // Stored anew (last in insertion order, as before); the old slot goes only when the key moved.
    if (key !== row.key) this.ctx.db.dropRow(row.model.root, row.key);
    this.ctx.db.putRow(settled);
    return settled;
  }

  /** The class the discriminator names; an identity the server cannot load is not reproduced. */
  #classOf(row: StoredRow): ModelDef {
    const root = this.ctx.datamodel.models.get(row.model.root) ?? row.model;
    const discriminator = root.discriminator;
    if (discriminator === undefined) return row.model;
    const identity = row.values[discriminator] ?? null;
    const named = typeof identity === 'string' ? root.identities.get(identity) : undefined;
    const model = named === undefined ? undefined : this.ctx.datamodel.models.get(named);
    if (model !== undefined) return model;
    const rootIdentity = this.ctx.schema.identity(root);
    // Without the schema's identity the emulator cannot tell the base's own from a stray value.
    if (rootIdentity === undefined || identity === rootIdentity) return root;
    throw new NotEmulated(`the polymorphic identity ${JSON.stringify(identity)} for ${root.name} (the server stores it, then fails to load the row)`);
  }

  #checkConstraints(row: StoredRow): void {
    for (const column of this.ctx.schema.notNull(row.model)) if ((row.values[column] ?? null) === null) this.#fail(`NOT NULL constraint failed: ${row.model.root}.${column}`);
    for (const columns of this.ctx.schema.unique(row.model)) {
      const mine = columns.map((column) => this.#stored(row, column));
      if (mine.some((value) => value === null)) continue;
      // O(rows) per constrained write: only models the `schema` option gives UNIQUE columns pay it.
      const clash = this.ctx.db.familyRows(row.model.root).some((other) => other.key !== row.key && columns.every((column, index) => this.#stored(other, column) !== null && orderValues(this.#stored(other, column), mine[index] ?? null) === 0));
      if (clash) this.#fail(`UNIQUE constraint failed: ${columns.map((column) => `${row.model.root}.${column}`).join(', ')}`);
    }
  }

  #stored(row: StoredRow, column: string): ReturnType<typeof storedValue> {
    const type = row.model.attributes.get(column)?.type ?? (this.ctx.datamodel.models.get(row.model.root) ?? row.model).attributes.get(column)?.type ?? 'string';
    return storedValue(row.values[column] ?? null, type);
  }

  #fail(detail: string): never {
    throw new DatabaseError('IntegrityError', detail);
  }
}
