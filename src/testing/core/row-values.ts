/**
 * Column values as the emulated database keeps them: what the real server would hand back after a
 * round trip through SQLAlchemy and SQLite. `"2"` in an integer column is 2, `1` in a boolean
 * column is `true`, `"2020-05-01 10:30"` in a datetime column is `"2020-05-01T10:30:00"`. Values
 * the server could not store (a string in a boolean column) are refused here, with the model and
 * field named, so a mistake in a test's rows shows up where the rows are written.
 */
import { ValidationError } from '../../errors.js';
import type { WireValue } from '../../query/expression.js';
import { toNumeric, toText } from '../../query/sqlite.js';
import { isoDatetime, isoTime, parseTimeOfDay, parseTimestamp, storageDate } from '../../schema/temporal.js';
import type { ColumnType } from '../../schema/datamodel.js';

/** Where a value goes, for error messages. */
export interface ValueSite {
  readonly model: string;
  readonly field: string;
}

/** The value a column of this type holds for `value`; throws `ValidationError` when it cannot hold it. */
export function canonicalColumn(value: unknown, type: ColumnType, site: ValueSite): WireValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return fromDate(value, type, site);
  const wire = jsonValue(value, site);
  switch (type) {
    case 'integer':
    case 'biginteger':
    case 'smallinteger':
    case 'float':
      return typeof wire === 'boolean' ? (wire ? 1 : 0) : typeof wire === 'string' ? toNumeric(wire) : scalarOnly(wire, type, site);
    case 'numeric':
      // The server answers Decimal columns as strings; their scale is not in the datamodel.
      return typeof wire === 'number' ? String(wire) : scalarOnly(wire, type, site);
    case 'boolean':
      if (typeof wire === 'boolean') return wire;
      if (wire === 0 || wire === 1) return wire === 1;
      return refuse(wire, type, site, 'true or false');
    case 'date':
    case 'datetime': {
      const parsed = typeof wire === 'string' ? parseTimestamp(wire) : undefined;
      if (parsed === undefined) return refuse(wire, type, site, type === 'date' ? 'a date such as "2020-01-31"' : 'a datetime such as "2020-01-31T12:00:00"');
      return type === 'date' ? storageDate(parsed) : isoDatetime(parsed);
    }
    case 'time': {
      const parsed = typeof wire === 'string' ? parseTimeOfDay(wire) : undefined;
      return parsed === undefined ? refuse(wire, type, site, 'a time such as "09:30:00"') : isoTime(parsed);
    }
    case 'string':
    case 'unicode':
    case 'text':
    case 'unicodetext':
    case 'enum':
      return typeof wire === 'boolean' ? (wire ? '1' : '0') : toText(scalarOnly(wire, type, site));
    case 'json':
    case 'hybrid':
    case 'interval':
    case 'largebinary':
      return wire;
    default: {
      const unhandled: never = type;
      return unhandled;
    }
  }
}

/** A JSON value, or a `ValidationError` naming what is not one. */
function jsonValue(value: unknown, site: ValueSite): WireValue {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
  } else if (Array.isArray(value)) {
    return value.map((item) => jsonValue(item, site));
  } else if (value === null) {
    return null;
  } else if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: { [key: string]: WireValue } = {};
    for (const [key, item] of Object.entries(value)) out[key] = jsonValue(item, site);
    return out;
  }
  throw new ValidationError(`${site.model}.${site.field}: ${describe(value)} is not a JSON value`, site);
}

function fromDate(value: Date, type: ColumnType, site: ValueSite): WireValue {
  if (Number.isNaN(value.getTime())) throw new ValidationError(`${site.model}.${site.field}: an invalid Date`, site);
  const iso = value.toISOString();
  if (type === 'date') return iso.slice(0, 10);
  if (type === 'datetime') return canonicalColumn(iso.slice(0, 23), type, site);
  throw new ValidationError(`${site.model}.${site.field}: a Date goes only in a date or datetime column, this one is ${type}`, site);
}

function scalarOnly(value: WireValue, type: ColumnType, site: ValueSite): number | string | null {
  if (value === null || typeof value === 'number' || typeof value === 'string') return value;
  return refuse(value, type, site, 'a scalar');
}

function refuse(value: WireValue, type: ColumnType, site: ValueSite, expected: string): never {
  throw new ValidationError(`${site.model}.${site.field}: a ${type} column takes ${expected}, got ${JSON.stringify(value)}`, site);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'number') return String(value);
  return typeof value === 'object' ? `an instance of ${value?.constructor?.name ?? 'an unknown class'}` : typeof value;
}
