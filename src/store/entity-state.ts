import type { ModelDef } from '../schema/datamodel.js';

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
export class EntityState {
  /** The permanent local id (WarpDrive's lid): never changes, even when the server assigns a key. */
  readonly lid: string;
  readonly model: ModelDef;
  readonly pk: PrimaryKey | undefined;
  readonly status: EntityStatus;
  /** Values as the server last sent them. */
  readonly server: ReadonlyMap<string, unknown> = new FieldMap(() => this.beforeChange?.(this));
  /** The user's unsaved changes; a load never overwrites these. */
  readonly local: ReadonlyMap<string, unknown> = new FieldMap(() => this.beforeChange?.(this, 'local'));
  /**
   * Called before either field map changes (the store journals the state, to undo a failed
   * transaction; a change of `local` may make it pending, so the store notes it in its dirty set).
   */
  protected beforeChange: ((state: EntityState, part?: 'local') => void) | undefined;
  /** Bumped on every change, so observers can tell a change from a repeat. */
  readonly version: number = 0;
  /** The public entity object (set once by the store right after construction). */
  readonly entity!: object;

  constructor(lid: string, model: ModelDef, pk: PrimaryKey | undefined, status: EntityStatus) {
    this.lid = lid;
    this.model = model;
    this.pk = pk;
    this.status = status;
  }

  /** The current value: the unsaved one when there is one, else the server's (undefined: not loaded). */
  read(field: string): unknown {
    return this.local.has(field) ? this.local.get(field) : this.server.get(field);
  }

  isLoaded(field: string): boolean {
    return this.local.has(field) || this.server.has(field);
  }
}

/**
 * A field map that reports each change before making it, so that every write to an entity (a load,
 * an edit, an inverse link, a save's answer) is journaled by the store without each writer having
 * to remember it.
 */
class FieldMap extends Map<string, unknown> {
  readonly #beforeChange: () => void;

  constructor(beforeChange: () => void) {
    super();
    this.#beforeChange = beforeChange;
  }

  override set(key: string, value: unknown): this {
    this.#beforeChange();
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    if (!this.has(key)) return false;
    this.#beforeChange();
    return super.delete(key);
  }

  override clear(): void {
    if (this.size === 0) return;
    this.#beforeChange();
    super.clear();
  }
}

/** Where the public entity object keeps its state (a symbol: invisible to JSON, spread and keys). */
export const STATE: unique symbol = Symbol('flask-restless-rx.state');

/** The state behind a public entity object, or undefined for anything else. */
export function stateOf(value: unknown): EntityState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const state = (value as { [STATE]?: unknown })[STATE];
  return state instanceof EntityState ? state : undefined;
}
