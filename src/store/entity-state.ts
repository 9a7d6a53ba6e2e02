import type { ModelDef } from '../schema/datamodel.js';

/** A primary key as the server sends it. */
export type PrimaryKey = string | number;

/** Where an entity is in its life. */
export type EntityStatus = 'new' | 'clean' | 'deleted';

/**
 * What the store knows of one row. Field maps hold TypeScript values (cast from the wire);
 * relations hold entity objects. A field absent from `server` is unknown (never loaded), which is
 * not the same as null.
 */
export class EntityState {
  /** The permanent local id (WarpDrive's lid): never changes, even when the server assigns a key. */
  readonly lid: string;
  model: ModelDef;
  pk: PrimaryKey | undefined;
  status: EntityStatus;
  /** Values as the server last sent them. */
  readonly server: Map<string, unknown> = new FieldMap(() => this.beforeChange?.(this));
  /** The user's unsaved changes; a load never overwrites these. */
  readonly local: Map<string, unknown> = new FieldMap(() => this.beforeChange?.(this));
  /** Called before either field map changes (the store journals the state, to undo a failed transaction). */
  beforeChange: ((state: EntityState) => void) | undefined;
  /** Bumped on every change, so observers can tell a change from a repeat. */
  version = 0;
  /** The public entity object (set once by the store right after construction). */
  entity!: object;

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
