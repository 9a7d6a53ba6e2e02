import { CodecError } from '../../errors.js';

/**
 * A Python `datetime.date`: a calendar day with no time and no zone. A class rather than a JS
 * `Date` at UTC midnight because the codec must tell a date from a datetime when it sends one
 * (a JS Date always goes as a datetime), and because a calendar day has no instant to get wrong
 * across zones. Round-trips exactly; `toDate()`/`fromDate()` convert to the library's convention
 * for date columns (a Date at 00:00 UTC).
 *
 * @example new PyDate(2018, 1, 1) // sent as 81b9...92a46461746593cd07e20101
 */
export class PyDate {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {
    checkCalendarDay('date', year, month, day);
    Object.freeze(this);
  }

  /** The calendar day of `date` in UTC (how the library holds date columns). */
  static fromDate(date: Date): PyDate {
    if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new CodecError('PyDate.fromDate needs a valid Date');
    return new PyDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
  }

  /** 00:00 UTC of this day. */
  toDate(): Date {
    const date = new Date(0);
    date.setUTCFullYear(this.year, this.month - 1, this.day);
    return date;
  }

  /** `YYYY-MM-DD`, as Python's `date.isoformat()`. */
  toString(): string {
    return `${pad(this.year, 4)}-${pad(this.month, 2)}-${pad(this.day, 2)}`;
  }
}

/** Throws a CodecError unless the fields are a day Python's `date` accepts (years 1 to 9999). */
export function checkCalendarDay(what: string, year: number, month: number, day: number): void {
  if (!Number.isInteger(year) || year < 1 || year > 9999) throw new CodecError(`${what}: year ${String(year)} is outside Python's 1..9999`);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new CodecError(`${what}: month ${String(month)} is not 1..12`);
  if (!Number.isInteger(day) || day < 1 || day > daysIn(year, month)) {
    throw new CodecError(`${what}: day ${String(day)} does not exist in ${pad(year, 4)}-${pad(month, 2)}`);
  }
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Zero-padded digits, as Python's isoformat writes them. */
export function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
