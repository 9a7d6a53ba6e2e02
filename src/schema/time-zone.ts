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
  for (const part of formatterFor(timeZone).formatToParts(date)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts['year'] ?? 0, month: parts['month'] ?? 1, day: parts['day'] ?? 1,
    hour: parts['hour'] ?? 0, minute: parts['minute'] ?? 0, second: parts['second'] ?? 0,
    millisecond: date.getUTCMilliseconds(),
  };
}

/** The instant at which `timeZone` shows the wall clock `wall` (the earlier one in a DST overlap). */
export function wallTimeToInstant(wall: WallTime, timeZone: string): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  if (isUtc(timeZone)) return new Date(asUtc);
  // Two passes settle the offset across a DST change.
  let guess = asUtc - offsetAt(asUtc, timeZone);
  guess = asUtc - offsetAt(guess, timeZone);
  return new Date(guess);
}

function offsetAt(epochMs: number, timeZone: string): number {
  const wall = instantToWallTime(new Date(epochMs), timeZone);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  return wallAsUtc - epochMs;
}
