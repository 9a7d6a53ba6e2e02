import { checkTimeZone } from '../../schema/time-zone.js';

/**
 * Only tz database names survive the trip: the server rebuilds an aware datetime with
 * `pytz.timezone(name)`, which raises for anything else (`'UTC+02:00'`, what Python's `str()` of a
 * fixed-offset tzinfo gives, is an HTML 500). pytz is case-insensitive and knows the old aliases
 * (`US/Eastern`, `EST`, `Etc/GMT+2`), as does `Intl`, which is the closest list a client has.
 * Not caught: a zone newer than the server's pytz release (`Europe/Kyiv` before pytz 2022.2).
 */
const NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

/** True when `pytz.timezone(name)` on the server can read `name`. */
export function isServerTimeZone(name: string): boolean {
  if (!NAME.test(name)) return false;
  try {
    checkTimeZone(name);
    return true;
  } catch {
    return false;
  }
}
