import type { ModelDef } from '../schema/datamodel.js';
import type { EntityState, EntityStatus, PrimaryKey } from './entity-state.js';
import type { FieldValues } from './field-values.js';

/**
 * An entity's state as the store writes it. Only files of src/store import this module (a test,
 * store/write-path.test.ts, checks it): everywhere else `EntityState` is read-only, so that every
 * change goes through an operation of the store, which journals it and announces it in one batch
 * (nothing can change an entity and forget to tell the live lists).
 */
export interface WritableState {
  readonly lid: string;
  model: ModelDef;
  pk: PrimaryKey | undefined;
  status: EntityStatus;
  readonly server: FieldValues;
  /** The unsaved values: read and delete here; write through `ownLocal()`, which makes them on first use. */
  readonly local: FieldValues;
  ownLocal(): FieldValues;
  beforeChange: ((state: EntityState, part?: 'local' | 'list', field?: string) => void) | undefined;
  version: number;
  entity: object;
}

/** Journals `state` before a change of its key, status or model (its field maps do this on their own). */
export function beforeChange(state: EntityState): void {
  const target = writable(state);
  target.beforeChange?.(state);
}

/** The same object, typed for writing (no copy: a type, not a wrapper, so it costs nothing). */
export function writable(state: EntityState): WritableState {
  return state as unknown as WritableState;
}
