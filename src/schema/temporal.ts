/**
 * Dates and times as the classic server reads and stores them.
 *
 * The server parses date filter values with python-dateutil and drops any UTC offset without
 * converting (`04:05:06+02:00` becomes `04:05:06`); SQLite then stores dates as `YYYY-MM-DD`,
 * datetimes as `YYYY-MM-DD HH:MM:SS.ffffff` and times as `HH:MM:SS.ffffff` (SQLAlchemy's
 * storage formats), and comparisons happen on those strings. GET bodies carry Python's
 * `isoformat()`: `YYYY-MM-DDTHH:MM:SS`, with `.ffffff` only when there are microseconds.
 *
 * `parseTimestamp` accepts the dateutil forms a client plausibly sends (ISO 8601 in its usual
 * variants, `YYYYMMDD`, `MM/DD/YYYY`, `YYYY/MM/DD`, `31 Dec 1999`, `Dec 31, 1999`, HTTP dates);
 * dateutil accepts more (a bare year, fuzzy text), which this module reports as unparsable.
 */

/** A calendar date and wall-clock time; an offset, when the text had one, is already dropped. */
export interface Timestamp {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
}

/** A wall-clock time of day. */
export type TimeOfDay = Pick<Timestamp, 'hour' | 'minute' | 'second' | 'microsecond'>;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY = '(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+)?';
const TIME = '(?:[T\\s]\\s*(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?)?';
const ZONE = '\\s*(?:z|utc|gmt|[+-]\\d{2}(?::?\\d{2})?)?';

/** Each form yields [year, month, day] group indexes (a month name in place of a number is fine). */
interface Form {
  readonly pattern: RegExp;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly time: number;
}

const FORMS: readonly Form[] = [
  { pattern: new RegExp(`^(\\d{4})-(\\d{1,2})-(\\d{1,2})${TIME}${ZONE}$`, 'i'), year: 1, month: 2, day: 3, time: 4 },
  { pattern: new RegExp(`^(\\d{4})/(\\d{1,2})/(\\d{1,2})${TIME}${ZONE}$`, 'i'), year: 1, month: 2, day: 3, time: 4 },
  { pattern: new RegExp(`^(\\d{1,2})/(\\d{1,2})/(\\d{4})${TIME}${ZONE}$`, 'i'), year: 3, month: 1, day: 2, time: 4 },
  { pattern: new RegExp(`^${WEEKDAY}(\\d{1,2})[\\s-]+${MONTH}[\\s,-]+(\\d{4})${TIME}${ZONE}$`, 'i'), year: 3, month: 2, day: 1, time: 4 },
  { pattern: new RegExp(`^${WEEKDAY}${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${TIME}${ZONE}$`, 'i'), year: 3, month: 1, day: 2, time: 4 },
];

const COMPACT = new RegExp(`^(\\d{4})(\\d{2})(\\d{2})(?:T?(\\d{2})(\\d{2})(\\d{2})?(?:[.,](\\d+))?)?${ZONE}$`, 'i');

/** Parses a date or datetime the way the server's dateutil does; `undefined` when it cannot. */
export function parseTimestamp(text: string): Timestamp | undefined {
  const trimmed = text.trim();
  const compact = COMPACT.exec(trimmed);
  if (compact) {
    return build(compact[1], compact[2], compact[3], compact[4], compact[5], compact[6], compact[7]);
  }
  for (const form of FORMS) {
    const match = form.pattern.exec(trimmed);
    if (!match) continue;
    const t = form.time;
    return build(match[form.year], match[form.month], match[form.day], match[t], match[t + 1], match[t + 2], match[t + 3]);
  }
  return undefined;
}

/** Parses `HH:MM[:SS[.ffffff]]`, the form Python's `time.isoformat()` writes. */
export function parseTimeOfDay(text: string): TimeOfDay | undefined {
  const match = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/.exec(text.trim());
  if (!match) return undefined;
  const time = clock(match[1], match[2], match[3], match[4]);
  return time;
}

/** SQLite's storage form of a date: `YYYY-MM-DD`. */
export function storageDate(t: Timestamp): string {
  return `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}`;
}

/** SQLite's storage form of a datetime: `YYYY-MM-DD HH:MM:SS.ffffff`. */
export function storageDatetime(t: Timestamp): string {
  return `${storageDate(t)} ${storageTime(t)}`;
}

/** SQLite's storage form of a time: `HH:MM:SS.ffffff`. */
export function storageTime(t: TimeOfDay): string {
  return `${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}.${pad(t.microsecond, 6)}`;
}

/** Python's `datetime.isoformat()`: microseconds only when there are some, never an offset. */
export function isoDatetime(t: Timestamp): string {
  return `${storageDate(t)}T${isoTime(t)}`;
}

/** Python's `time.isoformat()`. */
export function isoTime(t: TimeOfDay): string {
  const base = `${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}`;
  return t.microsecond === 0 ? base : `${base}.${pad(t.microsecond, 6)}`;
}

/** The UTC calendar date and time of an instant, as SQLite's CURRENT_DATE/CURRENT_TIMESTAMP see it. */
export function utcTimestamp(instant: Date): Timestamp {
  return {
    year: instant.getUTCFullYear(),
    month: instant.getUTCMonth() + 1,
    day: instant.getUTCDate(),
    hour: instant.getUTCHours(),
    minute: instant.getUTCMinutes(),
    second: instant.getUTCSeconds(),
    microsecond: 0,
  };
}

function build(
  year: string | undefined,
  month: string | undefined,
  day: string | undefined,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
  fraction: string | undefined,
): Timestamp | undefined {
  const y = Number(year);
  const m = monthNumber(month);
  const d = Number(day);
  if (!Number.isInteger(y) || y < 1 || m === undefined || m < 1 || m > 12) return undefined;
  if (!Number.isInteger(d) || d < 1 || d > daysInMonth(y, m)) return undefined;
  const time = hour === undefined ? { hour: 0, minute: 0, second: 0, microsecond: 0 } : clock(hour, minute, second, fraction);
  return time === undefined ? undefined : { year: y, month: m, day: d, ...time };
}

function clock(hour: string | undefined, minute: string | undefined, second: string | undefined, fraction: string | undefined): TimeOfDay | undefined {
  const h = Number(hour ?? 0);
  const min = Number(minute ?? 0);
  const s = Number(second ?? 0);
  if (h > 23 || min > 59 || s > 59) return undefined;
  // dateutil keeps the first six fraction digits (microseconds) and drops the rest.
  const microsecond = fraction === undefined ? 0 : Number(fraction.slice(0, 6).padEnd(6, '0'));
  return { hour: h, minute: min, second: s, microsecond };
}

function monthNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  const index = MONTHS.indexOf(text.slice(0, 3).toLowerCase());
  return index < 0 ? undefined : index + 1;
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
