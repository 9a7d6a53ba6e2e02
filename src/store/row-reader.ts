/**
 * The store's port for reading raw rows: ingestion calls it, a dialect implements it (see
 * dialect/dialect.ts). Declared here, by its caller, so the store does not depend on the dialect.
 */
import type { ModelDef } from '../schema/datamodel.js';
import type { PrimaryKey } from './entity-state.js';

/**
 * One row in the client's terms. `columns` and `relations` are read with `Object.hasOwn` (a field
 * the answer did not carry is left as the store has it); values are wire values for the column
 * codec, relations raw rows (or null, or arrays of raw rows) for `rows.read` again.
 */
export interface WireRow {
  /** The model the row belongs to (a polymorphic row's own subclass). */
  readonly model: ModelDef;
  readonly pk: PrimaryKey;
  readonly columns: Readonly<Record<string, unknown>>;
  readonly relations: Readonly<Record<string, unknown>>;
}

/** Raw rows into rows. */
export interface RowReader {
  /** Reads a raw row of `model` (or of a subclass); a ProtocolError when it is not one. */
  read(model: ModelDef, raw: unknown, url?: string): WireRow;
  /** The key of a raw row without reading the rest, or undefined. */
  keyOf(model: ModelDef, raw: unknown): PrimaryKey | undefined;
}
