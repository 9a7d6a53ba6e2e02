/**
 * What a column holds after the server writes a value into it: SQLAlchemy's bind processing on
 * SQLite, SQLite's type affinity, and how the value reads back (docs/protocol/classic/write.md #27-#31, #43 and probes of
 * the reference server). `"7"` in an Integer column is 7; `12345` in a Unicode column is
 * `"12345"`; `0.1` in a Numeric(10, 2) column reads back as `"0.10"`. What the server cannot
 * write fails as it does there: a value SQLAlchemy refuses to bind is an HTML 500 (a string for
 * a Boolean or Time, anything for a LargeBinary), a list for a text column is the DBAPI's
 * `ProgrammingError` (400). Date, DateTime and Interval columns take only what `strings_to_dates`
 * converted.
 */
import type { WireValue } from '../../query/expression.js';
import { toNumeric, toText } from '../../query/sqlite.js';
import type { AttributeDef, ModelDef } from '../../schema/datamodel.js';
import type { EmulatorContext } from './context.js';
import { DatabaseError } from '../core/database-error.js';
import { HtmlAbort, NotEmulated } from './rpc-abort.js';
import { Converted } from './strings-to-dates.js';

/** SQLAlchemy's `Numeric` reads back this many decimals when the column declares no scale. */
const DEFAULT_SCALE = 10;

/** The stored (wire form) value of `value` written to `attribute` of `model`; throws the server's failure. */
export function columnValue(value: unknown, attribute: AttributeDef, model: ModelDef, ctx: EmulatorContext): WireValue {
  const where = `${model.name}.${attribute.name}`;
  if (value instanceof Converted) return value.stored;
  if (value === null || value === undefined) return null;
  const refuse = (why: string): never => {
    throw new HtmlAbort(500, `sqlalchemy.exc.StatementError: ${where}: ${why}`);
  };
  const unbindable = (): never => {
    throw new DatabaseError('ProgrammingError', `${where}: Error binding parameter - probably unsupported type`);
  };
  switch (attribute.type) {
    case 'integer':
    case 'biginteger':
    case 'smallinteger':
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'number' || typeof value === 'string') return toNumeric(value);
      return unbindable();
    case 'float':
      return pyFloat(value, where);
    case 'numeric':
      return pyFixed(pyFloat(value, where), ctx.schema.scale(model, attribute.name) ?? DEFAULT_SCALE);
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 0 || value === 1) return value === 1;
      return refuse(typeof value === 'number' ? `ValueError: Value ${String(value)} is not None, True, or False` : `TypeError: Not a boolean value: ${JSON.stringify(value)}`);
    case 'string':
    case 'unicode':
    case 'text':
    case 'unicodetext':
      if (typeof value === 'boolean') return value ? '1' : '0';
      if (typeof value === 'number' || typeof value === 'string') return toText(value);
      return unbindable();
    case 'enum':
      // Any string is stored (SQLite has no CHECK for it); a value outside the enum fails on every read.
      return typeof value === 'string' ? value : refuse(`LookupError: ${JSON.stringify(value)} is not among the defined enum values`);
    case 'json':
      return structuredClone(value as WireValue);
    case 'date':
    case 'datetime':
      return refuse(`TypeError: SQLite ${attribute.type === 'date' ? 'Date' : 'DateTime'} type only accepts Python ${attribute.type} objects as input.`);
    case 'time':
      return refuse('TypeError: SQLite Time type only accepts Python time objects as input.');
    case 'interval':
      return refuse(`TypeError: unsupported operand type(s) for -: '${typeof value}' and 'datetime.datetime'`);
    case 'largebinary':
      return refuse(`TypeError: memoryview: a bytes-like object is required, not '${typeof value === 'string' ? 'str' : typeof value}'`);
    case 'hybrid':
      return refuse(`AttributeError: can't set attribute '${attribute.name}' (a hybrid property without a setter)`);
    default: {
      const unhandled: never = attribute.type;
      return unhandled;
    }
  }
}

/** Python's `float(value)`, as the Float and Numeric bind processors apply it. */
function pyFloat(value: unknown, where: string): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const text = value.trim().replaceAll(/(?<=\d)_(?=\d)/g, '');
    if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(text)) return Number(text);
    if (/^[+-]?(?:inf|infinity|nan)$/i.test(text)) throw new NotEmulated(`${JSON.stringify(value)} for ${where} (what SQLite stores for it)`);
    throw new HtmlAbort(500, `${where}: ValueError: could not convert string to float: ${JSON.stringify(value)}`);
  }
  throw new HtmlAbort(500, `${where}: TypeError: float() argument must be a string or a real number`);
}

/** Python's `'%.Nf' % value`: the exact binary value rounded half to even (0.125 -> "0.12"). */
export function pyFixed(value: number, digits: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(value));
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = exponent === 0 ? fraction : fraction | (1n << 52n);
  const power = (exponent === 0 ? 1 : exponent) - 1075;
  let numerator = mantissa * 10n ** BigInt(digits);
  let denominator = 1n;
  if (power >= 0) numerator <<= BigInt(power);
  else denominator <<= BigInt(-power);
  let quotient = numerator / denominator;
  const twice = 2n * (numerator % denominator);
  if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) quotient += 1n;
  const text = quotient.toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  return digits === 0 ? `${sign}${whole}` : `${sign}${whole}.${text.slice(text.length - digits)}`;
}
