import type { ModelDef } from '../schema/datamodel.js';
import { FieldValues, type FieldValuesOwner } from './field-values.js';

/** A primary key as the server sends it. */
export type PrimaryKey = string | number;

/** Where an entity is in its life. */
export type EntityStatus = 'new' | 'clean' | 'deleted';

/**
 * What the store knows of one row. Field maps hold TypeScript values (cast from the wire);
 * relations hold entity objects. A field absent from `server` is unknown (never loaded), which is
 * not the same as null.
 *
 * Read-only to everyone but the store: every change goes through one of the store's operations
 * (store/entity-writes.ts, ingest, detach), which journals it and announces it in the store's
 * batch. Store code alone writes through `writable` (store/writable.ts).
 */
export class EntityState implements FieldValuesOwner {
  /** The store's number for this entity, in creation order: the permanent part of its local id. */
  readonly seq: number;
  /** The model the entity was made as (its local id keeps that name if a load refines the model). */
  readonly #madeAs: string;
  readonly model: ModelDef;
  readonly pk: PrimaryKey | undefined;
  readonly status: EntityStatus;
  /** Values as the server last sent them. */
  readonly server: ReadonlyMap<string, unknown> = new FieldValues(this);
  // Made on the first unsaved change: most entities never have one.
  #local: FieldValues | undefined;
  /**
   * Called before either field map changes (the store journals the state, to undo a failed
   * transaction; a change of `local` may make it pending, so the store notes it in its dirty set).
   */
  protected beforeChange: ((state: EntityState, part?: 'local' | 'list', field?: string) => void) | undefined;
  /** Bumped on every change, so observers can tell a change from a repeat. */
  readonly version: number = 0;
  /** The public entity object (set once by the store right after construction). */
  readonly entity!: object;

  constructor(seq: number, model: ModelDef, pk: PrimaryKey | undefined, status: EntityStatus) {
    this.seq = seq;
    this.#madeAs = model.name;
    this.model = model;
    this.pk = pk;
    this.status = status;
  }

  /** The user's unsaved changes; a load never overwrites these. */
  get local(): ReadonlyMap<string, unknown> {
    return this.#local ?? NO_VALUES;
  }

  /** The unsaved values for writing, made when first needed (store code reaches it through `writable`). */
  ownLocal(): FieldValues {
    return (this.#local ??= new FieldValues(this));
  }

  /**
   * The permanent local id (WarpDrive's lid, `Person:12`): never changes, even when the server assigns a
   * key. Made when asked for, so that 100,000 entities do not each keep a string of it.
   */
  get lid(): string {
    return `${this.#madeAs}:${this.seq}`;
  }

  /** The current value: the unsaved one when there is one, else the server's (undefined: not loaded). */
  read(field: string): unknown {
    return this.local.has(field) ? this.local.get(field) : this.server.get(field);
  }

  isLoaded(field: string): boolean {
    return this.local.has(field) || this.server.has(field);
  }

  /** Called by a field map before it changes (so every write is journaled without each writer remembering to). */
  fieldsWillChange(values: FieldValues): void {
    this.beforeChange?.(this, values === this.#local ? 'local' : undefined);
  }

  /** Called by a field map after a field became a list: a loaded server list is indexed by the store. */
  listWasSet(values: FieldValues, key: string): void {
    if (values !== this.#local) this.beforeChange?.(this, 'list', key);
  }
}

/** The unsaved values of an entity that has none: shared, so it must never change. */
const NO_VALUES = new FieldValues({
  fieldsWillChange() {
    throw new TypeError('flask-restless-rx: an unsaved value was written without ownLocal() (a bug in the store)');
  },
});

/** Where the public entity object keeps its state (a symbol: invisible to JSON, spread and keys). */
export const STATE: unique symbol = Symbol('flask-restless-rx.state');

/** The state behind a public entity object, or undefined for anything else. */
export function stateOf(value: unknown): EntityState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const state = (value as { [STATE]?: unknown })[STATE];
  return state instanceof EntityState ? state : undefined;
}
