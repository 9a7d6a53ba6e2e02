/**
 * Ordering records as the classic server orders rows (SQLite): NULL first ascending and last
 * descending, numbers before text, text by code point, ties in the order the records come in
 * (a stable sort; the server's rows come in primary key order). No `orderBy` means primary key
 * ascending, which is what the server applies when `order_by` is absent.
 *
 * A dotted field (`owner.name`) sorts by a column of the related row. On the server that is an
 * INNER JOIN: rows whose relation is empty vanish from the result, and a to-many path yields a row
 * once per related row. `sortRecords` keeps every record (an empty or unloaded relation sorts as
 * NULL) and refuses to-many paths, which is what a live list needs before it refetches;
 * `sortRecordsJoined` reproduces the join, which is what the emulator needs.
 */
import { ValidationError } from '../errors.js';
import type { ColumnType, Datamodel, ModelDef, RelationDef } from '../schema/datamodel.js';
import type { OrderBy, RecordAccess, WireValue } from './expression.js';
import { storedValue } from './normalize.js';
import type { SqlValue } from './sqlite.js';
import { orderValues } from './sqlite.js';

type SortKey =
  | { readonly kind: 'column'; readonly field: string; readonly type: ColumnType; readonly descending: boolean }
  | { readonly kind: 'related'; readonly relation: RelationDef; readonly field: string; readonly type: ColumnType; readonly descending: boolean };

interface Entry<R> {
  readonly record: R;
  readonly index: number;
  /** The joined related row per relation name (sortRecordsJoined), or what the record holds. */
  readonly joined: ReadonlyMap<string, R | null>;
}

/**
 * The records in server order; every record is kept, an empty related path sorts as NULL.
 * Throws `ValidationError` for an unknown field or a to-many path.
 */
export function sortRecords<R>(records: readonly R[], orderBy: readonly OrderBy[], model: ModelDef, datamodel: Datamodel, access: RecordAccess<R>): R[] {
  const keys = resolveKeys(orderBy, model, datamodel);
  for (const key of keys) {
    if (key.kind === 'related' && key.relation.many) {
      throw new ValidationError(`${model.name}: ordering by the to-many path ${key.relation.name}.${key.field} repeats rows on the server; use sortRecordsJoined`, { model: model.name, field: key.relation.name });
    }
  }
  const entries = records.map((record, index): Entry<R> => {
    const joined = new Map<string, R | null>();
    for (const key of keys) {
      if (key.kind !== 'related') continue;
      const related = access.related(record, key.relation.name);
      joined.set(key.relation.name, related === undefined || related === null || isList(related) ? null : related);
    }
    return { record, index, joined };
  });
  return sortEntries(entries, keys, access).map((entry) => entry.record);
}

/**
 * The rows the server's `ORDER BY` over an inner join yields: records whose related path is empty
 * (or not loaded) are left out, and a to-many path repeats a record once per related row.
 */
export function sortRecordsJoined<R>(records: readonly R[], orderBy: readonly OrderBy[], model: ModelDef, datamodel: Datamodel, access: RecordAccess<R>): R[] {
  const keys = resolveKeys(orderBy, model, datamodel);
  const relations = [...new Set(keys.flatMap((key) => (key.kind === 'related' ? [key.relation.name] : [])))];
  const entries: Entry<R>[] = [];
  records.forEach((record, index) => {
    let combinations: Array<Map<string, R | null>> = [new Map()];
    for (const name of relations) {
      const related = access.related(record, name);
      const rows: readonly R[] = related === undefined || related === null ? [] : isList(related) ? related : [related];
      combinations = combinations.flatMap((partial) => rows.map((row) => new Map(partial).set(name, row)));
    }
    for (const joined of combinations) entries.push({ record, index, joined });
  });
  return sortEntries(entries, keys, access).map((entry) => entry.record);
}

/**
 * The order of records by their own columns, split in two so a caller can keep each record's key
 * between sorts (a live list recomputes it only when the record changed): `keyOf` reads a record's
 * sort values, `compare` orders two keys exactly as `sortRecords` does (0: a tie, which the caller
 * breaks by the records' previous order). Throws `ValidationError` for a dotted (related) field.
 */
export interface ColumnOrder<R> {
  keyOf(record: R): SqlValue[];
  compare(a: readonly SqlValue[], b: readonly SqlValue[]): number;
}

export function columnOrder<R>(orderBy: readonly OrderBy[], model: ModelDef, datamodel: Datamodel, access: RecordAccess<R>): ColumnOrder<R> {
  const keys = resolveKeys(orderBy, model, datamodel);
  const columns = keys.map((key) => {
    if (key.kind !== 'column') throw new ValidationError(`${model.name}: ordering by ${key.relation.name}.${key.field} needs the related row`, { model: model.name, field: key.relation.name });
    return key;
  });
  return {
    keyOf: (record) => columns.map((key) => sortable(access.value(record, key.field), key.type)),
    compare: (a, b) => compareKeys(keys, a, b),
  };
}

function compareKeys(keys: readonly SortKey[], a: readonly SqlValue[], b: readonly SqlValue[]): number {
  for (let i = 0; i < keys.length; i++) {
    const order = orderValues(a[i] ?? null, b[i] ?? null);
    if (order !== 0) return keys[i]?.descending ? -order : order;
  }
  return 0;
}

function sortEntries<R>(entries: readonly Entry<R>[], keys: readonly SortKey[], access: RecordAccess<R>): Entry<R>[] {
  const decorated = entries.map((entry) => ({ entry, values: keys.map((key) => keyValue(entry, key, access)) }));
  decorated.sort((a, b) => compareKeys(keys, a.values, b.values) || a.entry.index - b.entry.index);
  return decorated.map((item) => item.entry);
}

function keyValue<R>(entry: Entry<R>, key: SortKey, access: RecordAccess<R>): SqlValue {
  const holder = key.kind === 'column' ? entry.record : entry.joined.get(key.relation.name);
  if (holder === undefined || holder === null) return null;
  return sortable(access.value(holder, key.field), key.type);
}

function sortable(value: WireValue | undefined, type: ColumnType): SqlValue {
  // A proxy's set of values has no single sort key; the server cannot order by one either.
  if (value === undefined || (Array.isArray(value) && type !== 'json')) return null;
  return storedValue(value, type);
}

function resolveKeys(orderBy: readonly OrderBy[], model: ModelDef, datamodel: Datamodel): SortKey[] {
  const given = orderBy.length > 0 ? orderBy : [{ field: model.pk, direction: 'asc' as const }];
  return given.map((key): SortKey => {
    const descending = key.direction === 'desc';
    const [head = '', field, ...rest] = key.field.split('.');
    if (field === undefined) return { kind: 'column', field: head, type: columnType(model, head), descending };
    const relation = model.relations.get(head);
    if (relation === undefined || rest.length > 0) {
      throw new ValidationError(`${model.name}: cannot order by "${key.field}"; a path is one relation and one of its columns`, { model: model.name, field: key.field });
    }
    const target = relation.targetModel;
    return { kind: 'related', relation, field, type: columnType(target, field), descending };
  });
}

function columnType(model: ModelDef, field: string): ColumnType {
  const attribute = model.attributes.get(field);
  if (attribute === undefined) throw new ValidationError(`${model.name} has no attribute "${field}" to order by`, { model: model.name, field });
  return attribute.type;
}

function isList<R>(value: R | readonly R[]): value is readonly R[] {
  return Array.isArray(value);
}
