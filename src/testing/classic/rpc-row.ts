/**
 * The row objects RPC implementations receive: the row's columns as own, writable properties, on a
 * prototype of their own so the codec does not take them for plain dicts (it asks the session,
 * which knows each one's class, to encode them as model instances). What an implementation may
 * assign is turned back into what the emulated database stores.
 */
import type { WireValue } from '../../query/expression.js';
import { PyDate } from '../../rpc/codec/py-date.js';
import { PyDateTime } from '../../rpc/codec/py-datetime.js';
import type { RpcRow } from './rpc-implementations.js';

/** No inherited members an attribute could shadow; a tag for the console. */
const ROW_PROTOTYPE: object = Object.freeze(Object.create(null, { [Symbol.toStringTag]: { value: 'EmulatedRow' } }) as object);

/** A fresh row object holding a copy of `values`. */
export function createRow(values: Readonly<Record<string, WireValue>>): RpcRow {
  const row = Object.create(ROW_PROTOTYPE) as RpcRow;
  // defineProperty, not assignment: a column named `__proto__` stays a column.
  for (const [name, value] of Object.entries(structuredClone(values))) Object.defineProperty(row, name, { value, writable: true, enumerable: true, configurable: true });
  return row;
}

/** The columns of `row` as the database would be asked to store them (`columns` names them). */
export function storedForm(row: RpcRow, columns: Iterable<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of columns) Object.defineProperty(out, name, { value: storable(row[name]), enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * A value assigned to a column, in the form the database takes: a `PyDate` is its ISO day, a
 * `PyDateTime` its wall clock (SQLite keeps no zone, as the server's writes drop offsets); anything
 * else as is (a JS Date is understood by the database).
 */
export function storable(value: unknown): unknown {
  if (value instanceof PyDate) return value.toString();
  if (value instanceof PyDateTime) return new PyDateTime(value.year, value.month, value.day, value.hour, value.minute, value.second).toString();
  return value === undefined ? null : value;
}

/** The columns whose value differs from `before` (compared as JSON, which is how they are stored). */
export function changedColumns(now: Readonly<Record<string, unknown>>, before: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(now)) {
    if (JSON.stringify(value) !== JSON.stringify(before[name] ?? null)) Object.defineProperty(changes, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return changes;
}
