import { ProtocolError } from '../errors.js';
import type { RowReader } from './row-reader.js';
import { CastError, type ColumnCodec } from '../schema/column-codec.js';
import type { ModelDef, RelationDef } from '../schema/datamodel.js';
import { stateOf, type EntityState, type PrimaryKey } from './entity-state.js';
import type { EntityStore } from './entity-store.js';
import { linkInverse } from './inverse.js';
import { sameValue } from './same-value.js';
import { isKindOf } from '../schema/family.js';
import { keyColumnOf, sameKey, settleKeyPlaceholders } from './foreign-keys.js';
import { writable } from './writable.js';

/** What ingestion needs besides the store. */
export interface IngestContext {
  readonly store: EntityStore;
  /** The dialect's reading of a raw row (the wire's row serialization). */
  readonly rows: RowReader;
  /** The server's column formats (its time zone bound). */
  readonly codec: ColumnCodec;
  readonly url?: string;
  /**
   * True for a row this client deleted after the request of this answer went out: the answer is
   * older than the delete, so the row is left out (a nested one reads as gone) instead of coming back.
   */
  readonly deleted?: (model: ModelDef, pk: PrimaryKey) => boolean;
}

/** True when `record` is a row `context` says was deleted after its answer was sent. */
export function isDeletedRow(context: IngestContext, model: ModelDef, record: unknown): boolean {
  if (context.deleted === undefined) return false;
  const pk = context.rows.keyOf(model, record);
  return pk !== undefined && context.deleted(model, pk);
}

/**
 * Loads one raw row (as the dialect's `rows` reads it) into the store and returns its entity. Runs inside a store transaction. Fields the user changed and has not saved are left as
 * they are; nested related objects are loaded too (they carry columns only, so their own
 * relations stay unknown).
 */
export function ingest(context: IngestContext, model: ModelDef, record: unknown): EntityState {
  const { store } = context;
  const { model: concrete, pk, columns, relations } = context.rows.read(model, record, context.url);
  const { state, isNew } = store.obtain(concrete, pk);
  if (concrete !== state.model && isKindOf(store.datamodel, concrete, state.model.name)) store.refine(state, concrete);
  let changed = isNew;
  for (const [field, attribute] of state.model.attributes) {
    if (!Object.hasOwn(columns, field)) continue;
    let value: unknown;
    try {
      value = context.codec.read(attribute.type, columns[field]);
    } catch (error) {
      if (!(error instanceof CastError)) throw error;
      throw new ProtocolError(`${state.model.name}.${field} from the server: ${error.message}`, record, { model: state.model.name, field });
    }
    if (setServer(state, field, value)) changed = true;
  }
  for (const relation of state.model.relations.values()) {
    if (!Object.hasOwn(relations, relation.name)) continue;
    if (ingestRelation(context, state, relation, relations[relation.name])) changed = true;
  }
  if (followKeyColumns(store, state, columns, relations)) changed = true;
  if (settleKeyPlaceholders(state)) changed = true;
  store.mark(state, 'loaded', changed);
  return state;
}

/**
 * A row that carries a foreign key but not its relation (a nested row, a row of a list) says who the
 * related row is now. When that is another row than the one the store had, the relation follows the
 * key (to the store's entity of it, or unknown when the store has none), and so does the other side:
 * the previous owner's loaded list no longer holds this row, the new owner's gains it.
 */
export function followKeyColumns(store: EntityStore, state: EntityState, columns: Readonly<Record<string, unknown>>, relations: Readonly<Record<string, unknown>>): boolean {
  let changed = false;
  for (const relation of state.model.relations.values()) {
    const column = keyColumnOf(state.model, relation);
    if (column === undefined || Object.hasOwn(relations, relation.name) || !Object.hasOwn(columns, column)) continue;
    const previous = state.server.get(relation.name);
    if (previous === undefined) continue;
    const key = state.server.get(column);
    if (sameKey(previous === null ? null : stateOf(previous)?.pk, key)) continue;
    const target = key === null ? null : typeof key === 'number' || typeof key === 'string' ? store.find(relation.targetModel, key)?.entity : undefined;
    if (target === undefined) writable(state).server.delete(relation.name);
    else writable(state).server.set(relation.name, target);
    if (!relation.proxy) linkInverse(store, state, relation, target ?? null, previous);
    if (!state.local.has(relation.name)) changed = true;
  }
  return changed;
}

/**
 * Loads one wire object in a transaction of its own: when it turns out unusable (a ProtocolError),
 * everything it merged so far is undone and false is returned, so a caller that can do without the
 * answer's values (a write the 2xx says was applied) keeps its own changes.
 */
export function ingestWhole(context: IngestContext, model: ModelDef, record: unknown): boolean {
  try {
    context.store.transaction(() => ingest(context, model, record));
    return true;
  } catch (error) {
    if (ProtocolError.is(error)) return false;
    throw error;
  }
}

function ingestRelation(context: IngestContext, state: EntityState, relation: RelationDef, value: unknown): boolean {
  const target = relation.targetModel;
  const previous = state.server.get(relation.name);
  let next: object | null | readonly object[];
  if (value === null) {
    next = null;
  } else if (Array.isArray(value)) {
    const entities = value.filter((item) => !isDeletedRow(context, target, item)).map((item) => ingest(context, target, item).entity);
    next = Array.isArray(previous) && sameItems(previous, entities) ? (previous as readonly object[]) : Object.freeze(entities);
  } else {
    next = isDeletedRow(context, target, value) ? null : ingest(context, target, value).entity;
  }
  if (state.server.has(relation.name) && sameValue(previous, next)) return false;
  const visible = setServer(state, relation.name, next);
  // The other side follows the server's value even when an unsaved edit of this side hides it
  // (a new article whose POST carried its saved tags, before the link of its new tags is sent).
  if (!relation.proxy) linkInverse(context.store, state, relation, next, previous);
  return visible;
}

/** Sets a server value; true when it differs from what was there. */
export function setServer(state: EntityState, field: string, value: unknown): boolean {
  const had = state.server.has(field);
  if (had && sameValue(state.server.get(field), value)) return false;
  const { server, local } = writable(state);
  server.set(field, value);
  // A load that brings the value the user typed makes that field clean again.
  if (local.has(field) && sameValue(local.get(field), value)) local.delete(field);
  return !state.local.has(field);
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}
