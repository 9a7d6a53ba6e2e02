/**
 * A value from a request body as NG 3.3.0 stores it in a column (write.md #16 to #29): dates and
 * datetimes parsed (a timezone offset is dropped, not converted; `""` is null;
 * `CURRENT_TIMESTAMP`/`CURRENT_DATE` are the clock's), a time from a datetime string keeps its
 * time, Boolean takes true/false/0/1, Interval an integer number of seconds, Numeric a number or a
 * string, Integer and Text columns whatever SQLite keeps (`"seven"` stays a string). What the
 * database driver refuses is the 400 "Statement Error" (its `detail` here names the Python error
 * only: the server adds the SQL statement and its parameters in an order that is not stable);
 * an Enum value outside the schema's enums is the HTML 500 of the flush, and so is date text the
 * parser cannot read.
 */
import type { WireValue } from '../../query/expression.js';
import type { ColumnType, ModelDef } from '../../schema/datamodel.js';
import { canonicalColumn } from '../core/row-values.js';
import type { JsonApiContext } from './context.js';
import { failWith } from './request-failure.js';
import { errorResponse, htmlPage } from './responses.js';

const ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?(?:\.\d{1,6})?))?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;
const TIME = /^(\d{2}:\d{2}(?::\d{2})?(?:\.\d{1,6})?)$/;

export function columnInput(value: WireValue, type: ColumnType, model: ModelDef, field: string, ctx: JsonApiContext): WireValue {
  if (value === null) return null;
  const site = { model: model.name, field };
  switch (type) {
    case 'date':
    case 'datetime':
    case 'time':
      return temporal(value, type, ctx);
    case 'interval':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      return statementError(`unsupported operand type(s) for +: 'datetime.datetime' and '${pythonType(value)}'`);
    case 'largebinary':
      return statementError(`memoryview: a bytes-like object is required, not '${pythonType(value)}'`);
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 0 || value === 1) return value === 1;
      return statementError(`Not a boolean value: ${pythonRepr(value)}`);
    case 'enum': {
      const values = ctx.schema.enumValues(model, field);
      if (values !== undefined && (typeof value !== 'string' || !values.includes(value))) return failWith(htmlPage(500));
      return canonicalColumn(value, type, site);
    }
    case 'json':
      return value;
    default:
      return canonicalColumn(value, type, site);
  }
}

function temporal(value: WireValue, type: 'date' | 'datetime' | 'time', ctx: JsonApiContext): WireValue {
  if (value === '') return null;
  if (typeof value !== 'string') return statementError(`SQLite ${type === 'time' ? 'Time' : type === 'date' ? 'Date' : 'DateTime'} type only accepts Python ${type} objects as input.`);
  if (value === 'CURRENT_TIMESTAMP' || value === 'CURRENT_DATE') {
    const now = ctx.now().toISOString();
    if (type === 'date' || value === 'CURRENT_DATE') return type === 'time' ? '00:00:00' : type === 'date' ? now.slice(0, 10) : `${now.slice(0, 10)}T00:00:00`;
    return type === 'time' ? now.slice(11, 19) : now.slice(0, 19);
  }
  const iso = ISO.exec(value);
  if (iso !== null) {
    const date = iso[1] ?? '';
    const time = normalTime(iso[2] ?? '00:00:00');
    return type === 'date' ? date : type === 'time' ? time : `${date}T${time}`;
  }
  const clock = TIME.exec(value);
  if (clock !== null && type === 'time') return normalTime(clock[1] ?? '');
  const loose = looseDate(value);
  // dateutil's ParserError is unhandled: Flask's HTML 500 (write.md #26).
  if (loose === undefined) return failWith(htmlPage(500));
  return type === 'date' ? loose.slice(0, 10) : type === 'time' ? loose.slice(11) : loose;
}

/**
 * The forms of dateutil's parser beyond ISO 8601 that JavaScript's own parser also reads
 * (`"March 5 2024"`, `"2024/03/05 7pm"`), as `YYYY-MM-DDTHH:MM:SS`; undefined for anything else
 * (dateutil reads more: such a value answers the HTML 500 where the server may have stored it).
 */
function looseDate(text: string): string | undefined {
  const hours = text.replace(/\b(\d{1,2})\s*(am|pm)\b/i, (_match, hour: string, half: string) => `${String((Number(hour) % 12) + (half.toLowerCase() === 'pm' ? 12 : 0)).padStart(2, '0')}:00:00`);
  const parsed = new Date(hours);
  if (Number.isNaN(parsed.getTime())) return undefined;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${String(parsed.getFullYear())}-${pad(parsed.getMonth() + 1)}-${pad(parsed.getDate())}T${pad(parsed.getHours())}:${pad(parsed.getMinutes())}:${pad(parsed.getSeconds())}`;
}

/** `HH:MM[:SS[.ffffff]]` as Python prints it: seconds always, microseconds only when not zero (6 digits). */
function normalTime(text: string): string {
  const [clock = '', fraction = ''] = text.split('.');
  const [hours = '00', minutes = '00', seconds = '00'] = clock.split(':');
  const micro = fraction.padEnd(6, '0');
  return `${hours}:${minutes}:${seconds}${Number(micro) === 0 ? '' : `.${micro}`}`;
}

function statementError(message: string): never {
  return failWith(errorResponse(400, { detail: `(builtins.TypeError) ${message}`, title: 'Statement Error' }));
}

export function pythonType(value: WireValue): string {
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (Array.isArray(value)) return 'list';
  return value === null ? 'NoneType' : 'dict';
}

/** Python's `repr` of a scalar (what SQLAlchemy's messages quote). */
export function pythonRepr(value: WireValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value.includes("'") && !value.includes('"') ? `"${value}"` : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return JSON.stringify(value);
}
