import type { ColumnType } from './datamodel.js';
import type { WireValue } from './wire-value.js';
import { parseTimestamp } from './temporal.js';
import { bytesToBase64, base64ToBytes } from './base64.js';
import { jsonProblem } from './json-value.js';
import { loneSurrogateProblem } from './lone-surrogate.js';
import type { ColumnRules } from './model-facts.js';
import { instantToWallTime, utcEpochMs, wallTimeToInstant } from './time-zone.js';

/**
 * Casting between the classic server's JSON column values and the TypeScript values entities hold.
 *
 * | column type                         | TypeScript          | wire                              |
 * | ----------------------------------- | ------------------- | --------------------------------- |
 * | integer, biginteger, smallinteger   | number              | number                            |
 * | float                               | number              | number                            |
 * | numeric                             | string (exact)      | "12.34" (the server sends strings) |
 * | string, unicode, text, enum         | string              | string                            |
 * | boolean                             | boolean             | true / false                      |
 * | date                                | Date (UTC midnight) | "YYYY-MM-DD"                      |
 * | datetime                            | Date (an instant)   | naive "YYYY-MM-DDTHH:MM:SS[.ffffff]" in `timeZone` |
 * | time                                | string "HH:MM:SS"   | "HH:MM:SS"                        |
 * | interval                            | number (seconds)    | number of seconds                 |
 * | json                                | unknown (as parsed) | any JSON                          |
 * | largebinary                         | Uint8Array          | base64 string                     |
 * | hybrid                              | unknown (read-only) | as the server computes it         |
 *
 * Every type admits null.
 */
export type ColumnValue = string | number | boolean | Date | Uint8Array | null | unknown;

/** What a cast failed on: the caller turns it into a typed error naming the model and field. */
export class CastError extends Error {}

const DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?/;

/** Wire value -> TypeScript value, for values read from the server. */
export function readColumn(type: ColumnType, wire: unknown, timeZone: string): ColumnValue {
  if (wire === null || wire === undefined) return null;
  switch (type) {
    case 'integer':
    case 'biginteger':
    case 'smallinteger':
    case 'float':
    case 'interval':
      return typeof wire === 'number' ? wire : Number(wire);
    case 'numeric':
      return typeof wire === 'string' ? wire : String(wire);
    case 'string':
    case 'unicode':
    case 'text':
    case 'unicodetext':
    case 'enum':
    case 'time':
      return typeof wire === 'string' ? wire : String(wire);
    case 'boolean':
      return wire === true || wire === 1 || wire === 'true';
    case 'date': {
      const match = typeof wire === 'string' ? DATE.exec(wire) : null;
      if (!match) throw new CastError(`expected a date "YYYY-MM-DD", got ${JSON.stringify(wire)}`);
      return new Date(utcEpochMs({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]), hour: 0, minute: 0, second: 0, millisecond: 0 }));
    }
    case 'datetime': {
      const match = typeof wire === 'string' ? DATETIME.exec(wire) : null;
      if (!match) throw new CastError(`expected a datetime "YYYY-MM-DDTHH:MM:SS", got ${JSON.stringify(wire)}`);
      return wallTimeToInstant({
        year: Number(match[1]), month: Number(match[2]), day: Number(match[3]),
        hour: Number(match[4]), minute: Number(match[5]), second: Number(match[6] ?? 0),
        millisecond: Math.floor(Number((match[7] ?? '0').padEnd(6, '0')) / 1000),
      }, timeZone);
    }
    case 'largebinary':
      if (typeof wire !== 'string') return wire;
      try {
        return base64ToBytes(wire);
      } catch {
        throw new CastError(`expected base64 text, got ${JSON.stringify(wire.slice(0, 40))}`);
      }
    case 'json':
    case 'hybrid':
      return wire;
    default:
      return unreachable(type);
  }
}

/** TypeScript value -> wire value, for filters and (later) writes. */
export function writeColumn(type: ColumnType, value: unknown, timeZone: string): WireValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'date':
      if (value instanceof Date) return value.toISOString().slice(0, 10);
      return String(value);
    case 'datetime': {
      if (!(value instanceof Date)) return String(value);
      const wall = instantToWallTime(value, timeZone);
      const base = `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`;
      return wall.millisecond === 0 ? base : `${base}.${pad(wall.millisecond * 1000, 6)}`;
    }
    case 'numeric':
      return typeof value === 'number' ? String(value) : (value as string);
    case 'largebinary':
      return value instanceof Uint8Array ? bytesToBase64(value) : (value as WireValue);
    default:
      return value as WireValue;
  }
}

/** Python's `date` and `datetime` hold years 1 to 9999; the classic server answers others with an HTML 500. */
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

/**
 * Why `value` cannot be assigned to a column of `type`, or undefined when it can: the value must
 * have the column's TypeScript type AND be one the server can store and give back unchanged.
 */
export function checkColumn(type: ColumnType, value: unknown, rules: ColumnRules = {}): string | undefined {
  if (value === null) return undefined;
  const wrongType = (): string => `a ${type} column takes ${EXPECTED[type]}, got ${describeValue(value)}`;
  switch (type) {
    case 'integer':
    case 'biginteger':
    case 'smallinteger':
      if (typeof value !== 'number' || !Number.isInteger(value)) return wrongType();
      // SQLite would store up to 2**63 - 1, but beyond 2**53 a JavaScript number is not exact:
      // the row would hold another number than the one written, and read back as yet another.
      return Number.isSafeInteger(value) ? undefined : `a ${type} column takes an integer of at most ±(2**53 - 1) (a JavaScript number is not exact beyond), got ${String(value)}`;
    case 'float':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : wrongType();
    case 'interval':
      if (typeof value !== 'number' || !Number.isFinite(value)) return wrongType();
      // Flask-Restless-NG reads an integer number of seconds (a float is a 400, write#22).
      if (rules.intervalSeconds === true) return Number.isSafeInteger(value) ? undefined : `Flask-Restless-NG takes an interval as a whole number of seconds, got ${String(value)}`;
      // Flask-Restless 0.17 commits the row, then cannot serialize its timedelta: the answer and
      // every later read of the row (and of any list holding it) is an HTML 500.
      return 'the classic server stores an interval but cannot send it back: the row could never be read again (HTML 500); only null can be written';
    case 'numeric':
      return (typeof value === 'string' && /^[+-]?\d+(\.\d+)?$/.test(value)) || (typeof value === 'number' && Number.isFinite(value)) ? undefined : wrongType();
    case 'string':
    case 'unicode':
    case 'text':
    case 'unicodetext':
    case 'enum': {
      if (typeof value !== 'string') return wrongType();
      const problem = loneSurrogateProblem(value);
      if (problem !== undefined) return problem;
      const allowed = type === 'enum' ? rules.enumValues : undefined;
      return allowed === undefined || allowed.includes(value) ? undefined : `the enum takes one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`;
    }
    case 'time':
      return typeof value === 'string' && TIME.test(value) ? undefined : wrongType();
    case 'boolean':
      return typeof value === 'boolean' ? undefined : wrongType();
    case 'date':
    case 'datetime': {
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) return wrongType();
      // A date is written as its UTC calendar day, a datetime as its wall clock in the server's zone.
      const year = type === 'date' ? value.getUTCFullYear() : instantToWallTime(value, rules.timeZone ?? 'UTC').year;
      return year >= MIN_YEAR && year <= MAX_YEAR ? undefined : yearProblem(type, year);
    }
    case 'largebinary':
      return value instanceof Uint8Array ? undefined : wrongType();
    case 'json':
    case 'hybrid':
      return jsonProblem(value);
    default:
      return unreachable(type);
  }
}

/**
 * Why `value` cannot be compared with a column of `type` in a filter, or undefined when it can:
 * as `checkColumn`, except that dates and datetimes may also be named by a date string the server
 * reads (ISO 8601 and the other forms of schema/temporal), and `undefined` is no value at all.
 */
export function checkFilterValue(type: ColumnType, value: unknown, rules: ColumnRules = {}): string | undefined {
  if (value === undefined) return 'undefined is not a value to compare with: use isNull() or eq(null) for NULL, or leave the condition out';
  if ((type === 'date' || type === 'datetime') && typeof value === 'string') {
    // The forms parseTimestamp reads have four-digit years from 1, so the range needs no check.
    return parseTimestamp(value) === undefined ? `${JSON.stringify(value)} is not a real date (years 1 to 9999, written as YYYY-MM-DD[THH:MM:SS])` : undefined;
  }
  // Only writing an interval breaks the row; comparing with one is a number like any other.
  if (type === 'interval') return typeof value === 'number' && Number.isFinite(value) ? undefined : checkColumn(type, value, rules);
  // A hybrid's type is not published: a Date stays comparable (sent as ISO text, as before).
  if (type === 'hybrid' && value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date cannot be compared' : undefined;
  return checkColumn(type === 'hybrid' ? 'json' : type, value, rules);
}

/** `HH:MM[:SS[.ffffff]]`, hours 0-23, minutes and seconds 0-59: what Python's `time` holds. */
const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?$/;

function yearProblem(type: 'date' | 'datetime', year: number): string {
  return `a ${type} column takes years ${MIN_YEAR} to ${MAX_YEAR} (Python's ${type} range), got year ${year}`;
}

const EXPECTED: Record<ColumnType, string> = {
  integer: 'an integer', biginteger: 'an integer', smallinteger: 'an integer', float: 'a finite number',
  interval: 'a finite number of seconds', numeric: 'a decimal string ("12.34") or a finite number', string: 'a string', unicode: 'a string',
  text: 'a string', unicodetext: 'a string', enum: 'a string', time: 'a "HH:MM:SS[.ffffff]" string (hours 00-23, minutes and seconds 00-59)', boolean: 'a boolean',
  date: 'a valid Date', datetime: 'a valid Date', largebinary: 'a Uint8Array', json: 'any JSON value', hybrid: 'nothing (read-only)',
};

function describeValue(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : 'a Date';
  if (value === undefined) return 'undefined (null is the empty value)';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return `${typeof value} ${typeof value === 'symbol' ? value.description ?? '' : String(value)}`;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function unreachable(value: never): never {
  throw new CastError(`unknown column type ${String(value)}`);
}

/**
 * The column codec of one server: its value formats with its time zone bound once (connect() makes
 * it from the `timeZone` option), so that reading, writing, filtering and live queries agree on
 * how a datetime is written without each being handed the zone.
 */
export interface ColumnCodec {
  /** The IANA zone the server's naive datetimes are in. */
  readonly timeZone: string;
  /** Wire value -> TypeScript value (a CastError when it is not one of `type`). */
  read(type: ColumnType, wire: unknown): ColumnValue;
  /** TypeScript value -> wire value. */
  write(type: ColumnType, value: unknown): WireValue;
}

export function columnCodec(timeZone: string): ColumnCodec {
  return {
    timeZone,
    read: (type, wire) => readColumn(type, wire, timeZone),
    write: (type, value) => writeColumn(type, value, timeZone),
  };
}
