/**
 * Flask-Restless's `strings_to_dates`, which runs over a write's fields before they are set: a
 * Date or DateTime column's string goes through dateutil (`""` becomes null; `CURRENT_DATE`,
 * `CURRENT_TIMESTAMP` and `LOCALTIMESTAMP` become SQL functions evaluated by SQLite), an
 * Interval column's integer becomes a timedelta. Nothing catches its errors: a number for a date
 * or an unreadable date string is an HTML 500 (docs/protocol/classic/write.md #25, #26). Offsets are dropped without
 * conversion (#21). Values it converts come out as `Converted`, the only form a Date, DateTime
 * or Interval column accepts afterwards.
 */
import { pyTypeName } from './convert-dates.js';
import type { WireValue } from '../../query/expression.js';
import { isoDatetime, parseTimestamp, storageDate, utcTimestamp, type Timestamp } from '../../schema/temporal.js';
import type { AttributeDef, ModelDef } from '../../schema/datamodel.js';
import type { EmulatorContext } from './context.js';
import { HtmlAbort, NotEmulated } from './rpc-abort.js';

/** A value `strings_to_dates` converted: the column's stored form (a date, a datetime, seconds). */
export class Converted {
  constructor(readonly stored: WireValue) {}
}

/** `strings_to_dates(model, data)`: a copy of `data` with the values of date and interval columns converted. */
export function stringsToDates(model: ModelDef, data: Readonly<Record<string, unknown>>, ctx: EmulatorContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(data)) {
    const attribute = model.attributes.get(field);
    out[field] = attribute === undefined || attribute.proxy || value === null ? value : convert(value, attribute, model, ctx);
  }
  return out;
}

function convert(value: unknown, attribute: AttributeDef, model: ModelDef, ctx: EmulatorContext): unknown {
  const where = `${model.name}.${attribute.name}`;
  if (attribute.type === 'interval') return typeof value === 'boolean' || (typeof value === 'number' && Number.isInteger(value)) ? new Converted(Number(value)) : value;
  if (attribute.type !== 'date' && attribute.type !== 'datetime') return value;
  if (typeof value !== 'string') throw new HtmlAbort(500, `${where}: AttributeError: '${pyTypeName(value as WireValue)}' object has no attribute 'strip'`);
  if (value.trim() === '') return new Converted(null);
  const date = attribute.type === 'date';
  const now = ctx.now();
  switch (value) {
    case 'CURRENT_DATE':
      // SQLite's CURRENT_DATE in a DATETIME column is a date-only text the server cannot read back.
      if (!date) throw new NotEmulated(`CURRENT_DATE in the DateTime column ${where} (the server stores it, then fails to read the row)`);
      return new Converted(storageDate(utcTimestamp(now)));
    case 'CURRENT_TIMESTAMP':
      return stamp(utcTimestamp(now), date);
    case 'LOCALTIMESTAMP':
      // SQLAlchemy renders it as DATETIME(CURRENT_TIMESTAMP, "localtime"): the server's clock and zone.
      return stamp(local(now), date);
    default:
  }
  const parsed = parseTimestamp(value);
  if (parsed !== undefined) return stamp(parsed, date, true);
  if (/\d/.test(value)) throw new NotEmulated(`the date ${JSON.stringify(value)} for ${where}: dateutil may read it, the emulator cannot tell (use ISO 8601)`);
  throw new HtmlAbort(500, `${where}: dateutil.parser._parser.ParserError: Unknown string format: ${value}`);
}

function stamp(t: Timestamp, date: boolean, keepFraction = false): Converted {
  return new Converted(date ? storageDate(t) : isoDatetime(keepFraction ? t : { ...t, microsecond: 0 }));
}

function local(instant: Date): Timestamp {
  return { year: instant.getFullYear(), month: instant.getMonth() + 1, day: instant.getDate(), hour: instant.getHours(), minute: instant.getMinutes(), second: instant.getSeconds(), microsecond: 0 };
}


