/**
 * The emulated SQLAlchemy session of one RPC request. It hands implementations one row object per
 * row (an identity map, so `self` and `session.get('Person', 1)` are the same object), writes their
 * column assignments to the emulated database before every read and before the result is
 * serialized (autoflush), and at the end either keeps them (commit) or restores what the rows held
 * before (rollback), as flask-restless-datamodel's views do. It is also the codec's model hook:
 * model arguments are loaded by primary key, and row objects in a result go out as instances.
 */
import { ValidationError } from '../../errors.js';
import type { WireValue } from '../../query/expression.js';
import { Codec } from '../../rpc/codec/codec.js';
import type { EncodedInstance } from '../../rpc/codec/model-resolver.js';
import type { ModelDef } from '../../schema/datamodel.js';
import type { EmulatorContext } from './context.js';
import type { StoredRow } from '../core/db.js';
import { PythonError } from './python-error.js';
import { NotEmulated } from './rpc-abort.js';
import type { RpcRow, RpcSession } from './rpc-implementations.js';
import { instanceDict, transientDict } from './rpc-instance.js';
import { keyToLoad, newObjectValues } from './rpc-model-argument.js';
import { changedColumns, createRow, storedForm } from './rpc-row.js';
import { SerializationFailure } from './serialize.js';
import { keyOf } from '../core/row-keys.js';

interface Tracked {
  readonly model: ModelDef;
  /** The primary key as last written; undefined for a transient (never stored) object. */
  pk: WireValue | undefined;
  /** The columns as last written to the database. */
  flushed: Record<string, unknown>;
}

export class EmulatorSession {
  /** What implementations see as their third argument. */
  readonly api: RpcSession;
  /** A codec whose model hook is this session. */
  readonly codec: Codec;
  readonly #ctx: EmulatorContext;
  readonly #identities = new Map<string, RpcRow>();
  readonly #tracked = new Map<RpcRow, Tracked>();
  /** Rows this session wrote, with the columns they held before. */
  readonly #originals = new Map<Tracked, Record<string, unknown>>();

  constructor(ctx: EmulatorContext) {
    this.#ctx = ctx;
    const models = ctx.datamodel.models;
    this.codec = new Codec({
      models: {
        isModel: (name) => models.has(name),
        decodeInstance: (name, dict) => this.#load(name, dict),
        encodeInstance: (value) => this.#encode(value),
      },
    });
    this.api = {
      get: (model, id) => {
        this.flush();
        const stored = this.#ctx.db.find(this.#model(model), id);
        return stored === undefined ? null : this.adopt(stored);
      },
      all: (model) => {
        this.flush();
        return this.#ctx.db.scan(this.#model(model)).map((stored) => this.adopt(stored));
      },
      toOne: (row, relation) => this.#related(row, relation, false) as RpcRow | null,
      toMany: (row, relation) => this.#related(row, relation, true) as RpcRow[],
      modelOf: (value) => (typeof value === 'object' && value !== null ? this.#tracked.get(value as RpcRow)?.model.name : undefined),
    };
  }

  /** The row object of a stored row: the same object every time within this session. */
  adopt(stored: StoredRow): RpcRow {
    const identity = `${stored.model.root}\u0000${stored.key}`;
    const known = this.#identities.get(identity);
    if (known !== undefined) return known;
    const row = createRow(stored.values);
    this.#identities.set(identity, row);
    this.#tracked.set(row, { model: stored.model, pk: stored.values[stored.model.pk] ?? null, flushed: storedForm(row, Object.keys(stored.values)) });
    return row;
  }

  /**
   * `cr().dumps(result)`. What the server itself fails to pack is re-thrown as the server's error
   * (a `PythonError`, or `NotEmulated`); a value no Python object stands for is the test's mistake,
   * a `ValidationError` naming `where`.
   */
  encodeResult(result: unknown, where: string): string {
    try {
      return this.codec.encode(result);
    } catch (error) {
      const cause = error instanceof Error ? error.cause : undefined;
      // The server's own failures: what msgpack cannot pack, a row it cannot serialize (HTML 500).
      if (PythonError.is(cause) || cause instanceof NotEmulated || cause instanceof SerializationFailure) throw cause;
      throw new ValidationError(`${where} returned a value the emulator cannot send: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  /** Writes every column assignment not written yet (SQLAlchemy's flush). */
  flush(): void {
    for (const [row, tracked] of this.#tracked) {
      if (tracked.pk === undefined) continue;
      const now = storedForm(row, Object.keys(tracked.flushed));
      const changes = changedColumns(now, tracked.flushed);
      if (Object.keys(changes).length === 0) continue;
      if (!this.#originals.has(tracked)) this.#originals.set(tracked, tracked.flushed);
      const stored = this.#ctx.db.update(tracked.model.name, tracked.pk, changes);
      const pk = stored[tracked.model.pk] ?? null;
      if (pk !== tracked.pk) this.#rekey(row, tracked, pk);
      tracked.pk = pk;
      tracked.flushed = now;
    }
  }

  /** Keeps what was written. */
  commit(): void {
    this.flush();
    this.#originals.clear();
  }

  /** Restores every row this session wrote to what it held before the request. */
  rollback(): void {
    for (const [tracked, original] of this.#originals) {
      if (tracked.pk !== undefined) this.#ctx.db.update(tracked.model.name, tracked.pk, original);
    }
    this.#originals.clear();
  }

  #related(row: RpcRow, name: string, many: boolean): RpcRow | null | RpcRow[] {
    const tracked = this.#tracked.get(row);
    if (tracked === undefined) throw new ValidationError(`session.${many ? 'toMany' : 'toOne'}() takes a row object this call received, got ${typeof row}`);
    const relation = tracked.model.relations.get(name);
    const site = { model: tracked.model.name, field: name };
    if (relation === undefined) throw new ValidationError(`${tracked.model.name} has no relation "${name}"`, site);
    if (relation.many !== many) throw new ValidationError(`${tracked.model.name}.${name} is a to-${relation.many ? 'many' : 'one'} relation: use session.${relation.many ? 'toMany' : 'toOne'}()`, site);
    if (relation.proxy) throw new ValidationError(`${tracked.model.name}.${name} is an association proxy, which the emulator does not compute`, site);
    if (tracked.pk === undefined) return many ? [] : null;
    this.flush();
    const stored = this.#ctx.db.find(tracked.model, tracked.pk);
    const related = stored === undefined ? null : this.#ctx.db.relatedRows(stored, name);
    if (Array.isArray(related)) return related.map((each) => this.adopt(each));
    return related === null ? (many ? [] : null) : this.adopt(related);
  }

  #rekey(row: RpcRow, tracked: Tracked, pk: WireValue): void {
    for (const [identity, known] of this.#identities) if (known === row) this.#identities.delete(identity);
    this.#identities.set(`${tracked.model.root}\u0000${keyOf(pk, tracked.model) ?? ''}`, row);
  }

  /** A model argument: its row (or null), or a new object that is never stored. */
  #load(name: string, dict: Record<string, unknown>): RpcRow | null {
    const model = this.#model(name);
    const pk = keyToLoad(model, dict);
    if (pk !== undefined) {
      const stored = this.#ctx.db.find(model, pk);
      return stored === undefined ? null : this.adopt(stored);
    }
    const row = createRow(newObjectValues(model, dict, this.#ctx));
    this.#tracked.set(row, { model, pk: undefined, flushed: {} });
    return row;
  }

  #encode(value: object): EncodedInstance | undefined {
    const tracked = this.#tracked.get(value as RpcRow);
    if (tracked === undefined) return undefined;
    if (tracked.pk === undefined) return { name: tracked.model.name, fields: transientDict(tracked.model, value as RpcRow, this.#ctx) };
    const stored = this.#ctx.db.find(tracked.model, tracked.pk);
    if (stored === undefined) throw new ValidationError(`${tracked.model.name} ${String(tracked.pk)} left the emulated database during the call`);
    return { name: stored.model.name, fields: instanceDict(stored, this.#ctx) };
  }

  #model(name: string): ModelDef {
    const model = this.#ctx.datamodel.models.get(name);
    if (model === undefined) throw new ValidationError(`The datamodel has no model "${name}"`, { model: name });
    return model;
  }
}
