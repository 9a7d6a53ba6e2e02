/**
 * The classic server sends datetimes as naive wall-clock strings (`2020-05-01T10:30:00`) and drops
 * any offset it is sent. The client's `timeZone` option says which zone those wall clocks are in;
 * these two functions convert between such wall clocks and instants (JS Dates).
 */

/** Calendar and clock fields of a wall-clock time; `micro` keeps what a JS Date cannot. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      // The era tells year 1 BC (Python's and ISO's year 0) from year 1, which `year` alone does not.
      era: 'short',
      year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a RangeError for a zone name Intl does not know, so a bad option fails at connect(). */
export function checkTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

function isUtc(timeZone: string): boolean {
  return timeZone === 'UTC' || timeZone === 'Etc/UTC';
}

/** The wall clock shown in `timeZone` at the instant `date`. */
export function instantToWallTime(date: Date, timeZone: string): WallTime {
  if (isUtc(timeZone)) {
    return {
      year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(),
      hour: date.getUTCHours(), minute: date.getUTCMinutes(), second: date.getUTCSeconds(),
      millisecond: date.getUTCMilliseconds(),
    };
  }
  const parts: Record<string, number> = {};
  let beforeChrist = false;
  for (const part of formatterFor(timeZone).formatToParts(date)) {
    if (part.type === 'era') beforeChrist = part.value === 'BC';
    else if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const year = parts['year'] ?? 0;
  return {
    year: beforeChrist ? 1 - year : year, month: parts['month'] ?? 1, day: parts['day'] ?? 1,
    hour: parts['hour'] ?? 0, minute: parts['minute'] ?? 0, second: parts['second'] ?? 0,
    millisecond: date.getUTCMilliseconds(),
  };
}

/** The instant at which `timeZone` shows the wall clock `wall` (the earlier one in a DST overlap). */
export function wallTimeToInstant(wall: WallTime, timeZone: string): Date {
  const asUtc = utcEpochMs(wall);
  if (isUtc(timeZone)) return new Date(asUtc);
  // Two passes settle the offset across a DST change.
  let guess = asUtc - offsetAt(asUtc, timeZone);
  guess = asUtc - offsetAt(guess, timeZone);
  return new Date(guess);
}

function offsetAt(epochMs: number, timeZone: string): number {
  const wall = instantToWallTime(new Date(epochMs), timeZone);
  return utcEpochMs(wall) - epochMs;
}

/** `Date.UTC` of the fields, except that years 0-99 stay themselves (`Date.UTC` makes them 1900-1999). */
export function utcEpochMs(wall: WallTime): number {
  const date = new Date(0);
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  return date.setUTCHours(wall.hour, wall.minute, wall.second, wall.millisecond);
}
