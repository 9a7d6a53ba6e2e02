import type { ColumnType } from './datamodel.js';
import type { WireValue } from '../query/expression.js';
import { instantToWallTime, wallTimeToInstant } from './time-zone.js';

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
      return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
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
      return typeof wire === 'string' ? Uint8Array.from(Buffer.from(wire, 'base64')) : wire;
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
      return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : (value as WireValue);
    default:
      return value as WireValue;
  }
}

/** Why `value` cannot be assigned to a column of `type`, or undefined when it can. */
export function checkColumn(type: ColumnType, value: unknown): string | undefined {
  if (value === null) return undefined;
  const ok = (() => {
    switch (type) {
      case 'integer':
      case 'biginteger':
      case 'smallinteger':
        return typeof value === 'number' && Number.isInteger(value);
      case 'float':
      case 'interval':
        return typeof value === 'number' && Number.isFinite(value);
      case 'numeric':
        return (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) || (typeof value === 'number' && Number.isFinite(value));
      case 'string':
      case 'unicode':
      case 'text':
      case 'unicodetext':
      case 'enum':
        return typeof value === 'string';
      case 'time':
        return typeof value === 'string' && /^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/.test(value);
      case 'boolean':
        return typeof value === 'boolean';
      case 'date':
      case 'datetime':
        return value instanceof Date && !Number.isNaN(value.getTime());
      case 'largebinary':
        return value instanceof Uint8Array;
      case 'json':
      case 'hybrid':
        return value !== undefined;
      default:
        return unreachable(type);
    }
  })();
  return ok ? undefined : `a ${type} column takes ${EXPECTED[type]}, got ${describeValue(value)}`;
}

const EXPECTED: Record<ColumnType, string> = {
  integer: 'an integer', biginteger: 'an integer', smallinteger: 'an integer', float: 'a number',
  interval: 'a number of seconds', numeric: 'a decimal string or a number', string: 'a string', unicode: 'a string',
  text: 'a string', unicodetext: 'a string', enum: 'a string', time: 'a "HH:MM:SS" string', boolean: 'a boolean',
  date: 'a Date', datetime: 'a Date', largebinary: 'a Uint8Array', json: 'any JSON value', hybrid: 'nothing (read-only)',
};

function describeValue(value: unknown): string {
  if (value instanceof Date) return 'an invalid Date';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${String(value)}`;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function unreachable(value: never): never {
  throw new CastError(`unknown column type ${String(value)}`);
}
