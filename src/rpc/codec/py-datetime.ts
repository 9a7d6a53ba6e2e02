import { CodecError } from '../../errors.js';
import { instantToWallTime, wallTimeToInstant, type WallTime } from '../../schema/time-zone.js';
import { checkCalendarDay, pad } from './py-date.js';

const OFFSET_NAME = /^UTC([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A Python `datetime.datetime` as cereal-lazer carries it: wall-clock fields to the second and a
 * time zone NAME, or `null` for a naive datetime. This is exactly what the wire holds, so it
 * round-trips exactly; a JS Date could not say "naive", nor keep the zone name.
 *
 * What the wire loses, whatever the client does: microseconds (cereal sends `timetuple()[:6]`)
 * and the offset (only `str(tzinfo)` travels). The server rebuilds the zone with
 * `pytz.timezone(name)`, so
 * - `'UTC'` (and naive) values mean on the server what they mean here;
 * - another zone (`'Europe/Brussels'`) keeps its wall clock, but pytz attaches the zone's first
 *   historical offset (Brussels: LMT +00:18), so on the server it is a different instant;
 * - a name pytz does not know is refused by the encoder, since the server would answer an HTML 500.
 *
 * @example new PyDateTime(2018, 1, 1, 12, 0, 0, 'UTC') // sent as [[2018, 1, 1, 12, 0, 0], "UTC"]
 */
export class PyDateTime {
  /** The zone name the server sent or will receive; `null` for a naive datetime. */
  readonly timeZone: string | null;

  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour: number = 0,
    readonly minute: number = 0,
    readonly second: number = 0,
    timeZone: string | null = null,
  ) {
    checkCalendarDay('datetime', year, month, day);
    checkClock(hour, 23, 'hour');
    checkClock(minute, 59, 'minute');
    checkClock(second, 59, 'second');
    if (timeZone !== null && (typeof timeZone !== 'string' || timeZone === '')) {
      throw new CodecError('datetime: the time zone must be a non-empty name or null (naive)');
    }
    this.timeZone = timeZone;
    Object.freeze(this);
  }

  /** An aware datetime: the wall clock `timeZone` shows at `date` (milliseconds dropped). */
  static fromDate(date: Date, timeZone = 'UTC'): PyDateTime {
    const wall = wallTimeOf(date, timeZone);
    return new PyDateTime(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second, timeZone);
  }

  /** A naive datetime: the wall clock `timeZone` shows at `date`, without the zone. */
  static naiveFromDate(date: Date, timeZone = 'UTC'): PyDateTime {
    const wall = wallTimeOf(date, timeZone);
    return new PyDateTime(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second, null);
  }

  /** True when there is no time zone. */
  get naive(): boolean {
    return this.timeZone === null;
  }

  /**
   * The instant: in the datetime's own zone (with that zone's real offset, not pytz's LMT one),
   * or, when naive, in `naiveTimeZone` (pass the client's `timeZone` option).
   * Python's `UTC+02:00` style names of fixed offsets are understood too.
   */
  toDate(naiveTimeZone = 'UTC'): Date {
    const zone = this.timeZone ?? naiveTimeZone;
    if (zone === 'UTC') return new Date(this.#asUtc());
    const offset = OFFSET_NAME.exec(zone);
    if (offset) {
      const seconds = Number(offset[2]) * 3600 + Number(offset[3]) * 60 + Number(offset[4] ?? 0);
      return new Date(this.#asUtc() - (offset[1] === '-' ? -1 : 1) * seconds * 1000);
    }
    try {
      return wallTimeToInstant({
        year: this.year, month: this.month, day: this.day,
        hour: this.hour, minute: this.minute, second: this.second, millisecond: 0,
      }, zone);
    } catch (error) {
      throw new CodecError(`datetime ${this.toString()}: unknown time zone ${JSON.stringify(zone)}`, { cause: error });
    }
  }

  /** The fields read as UTC; `setUTCFullYear` because `Date.UTC` maps years 0-99 to 1900-1999. */
  #asUtc(): number {
    const date = new Date(0);
    date.setUTCFullYear(this.year, this.month - 1, this.day);
    date.setUTCHours(this.hour, this.minute, this.second, 0);
    return date.getTime();
  }

  /** `YYYY-MM-DDTHH:MM:SS`, then `[zone]` when aware. */
  toString(): string {
    const text = `${pad(this.year, 4)}-${pad(this.month, 2)}-${pad(this.day, 2)}T${pad(this.hour, 2)}:${pad(this.minute, 2)}:${pad(this.second, 2)}`;
    return this.timeZone === null ? text : `${text}[${this.timeZone}]`;
  }
}

function checkClock(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new CodecError(`datetime: ${what} ${String(value)} is not 0..${max}`);
}

function wallTimeOf(date: Date, timeZone: string): WallTime {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new CodecError('PyDateTime.fromDate needs a valid Date');
  try {
    return instantToWallTime(date, timeZone);
  } catch (error) {
    throw new CodecError(`datetime: unknown time zone ${JSON.stringify(timeZone)}`, { cause: error });
  }
}
