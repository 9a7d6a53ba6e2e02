/**
 * From wire values to the values SQLite compares, by column type.
 *
 * A record's value is normalized as the server's database holds it (`storedValue`): dates and
 * datetimes in SQLAlchemy's SQLite storage form, booleans as 0/1, numeric text as numbers in
 * numeric columns, JSON as its `json.dumps` text. A filter value is normalized as SQLAlchemy binds
 * it next to that column (`boundValue`). Comparing the two with `compareOperands` then gives the
 * server's answer, affinity conversions included (`"2"` equals 2 in an integer column; 5 equals
 * `"5"` in a text column).
 */
import type { ColumnType } from '../schema/datamodel.js';
import type { WireValue } from './expression.js';
import { PYTHON_DEFAULT, pyDumps } from './python-json.js';
import type { Affinity, SqlValue } from './sqlite.js';
import { toNumeric, toText } from './sqlite.js';
import { parseTimeOfDay, parseTimestamp, storageDate, storageDatetime, storageTime } from '../schema/temporal.js';

/** The SQLite affinity of a column of this type (SQLAlchemy's DDL type names decide it). */
export function affinityOf(type: ColumnType): Affinity {
  switch (type) {
    case 'integer':
    case 'biginteger':
    case 'smallinteger':
      return 'integer';
    case 'float':
      return 'real';
    case 'string':
    case 'unicode':
    case 'text':
    case 'unicodetext':
    case 'enum':
      return 'text';
    case 'largebinary':
      return 'blob';
    // DATE, DATETIME, TIME, BOOLEAN, NUMERIC, JSON and Interval's DATETIME fall to NUMERIC.
    case 'numeric':
    case 'boolean':
    case 'date':
    case 'datetime':
    case 'time':
    case 'interval':
    case 'json':
      return 'numeric';
    case 'hybrid':
      return 'none';
    default: {
      const unhandled: never = type;
      return unhandled;
    }
  }
}

/** The value SQLite holds for a record's wire value in a column of this type. */
export function storedValue(value: WireValue | undefined, type: ColumnType): SqlValue {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'date':
      return typeof value === 'string' ? temporalText(value, storageDate) : scalar(value);
    case 'datetime':
      return typeof value === 'string' ? temporalText(value, storageDatetime) : scalar(value);
    case 'time': {
      const time = typeof value === 'string' ? parseTimeOfDay(value) : undefined;
      return time === undefined ? scalar(value) : storageTime(time);
    }
    case 'json':
      return toNumeric(pyDumps(value, PYTHON_DEFAULT));
    default:
      return withAffinity(scalar(value), affinityOf(type));
  }
}

/**
 * The value SQLAlchemy binds for a filter value compared with a column of this type, or
 * `undefined` when it cannot be bound (a list or object outside a JSON column: the server's
 * database driver refuses it). `parseDates` is true where the server runs a date or datetime
 * value through dateutil first (top-level filters only); elsewhere the raw text is compared with
 * the stored form, as on the server.
 */
export function boundValue(value: WireValue, type: ColumnType, parseDates: boolean): SqlValue | undefined {
  if (value === null) return null;
  if (typeof value === 'object') return type === 'json' ? pyDumps(value, PYTHON_DEFAULT) : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && parseDates) {
    if (type === 'date') return temporalText(value, storageDate);
    if (type === 'datetime') return temporalText(value, storageDatetime);
  }
  return value;
}

function temporalText(text: string, format: (t: NonNullable<ReturnType<typeof parseTimestamp>>) => string): string {
  const parsed = parseTimestamp(text);
  return parsed === undefined ? text : format(parsed);
}

function scalar(value: WireValue): SqlValue {
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' || typeof value === 'string') return value;
  return pyDumps(value, PYTHON_DEFAULT);
}

/** The conversion SQLite applies when a value is stored in a column with this affinity. */
function withAffinity(value: SqlValue, affinity: Affinity): SqlValue {
  if (affinity === 'text') return toText(value);
  if (affinity === 'integer' || affinity === 'real' || affinity === 'numeric') return toNumeric(value);
  return value;
}
