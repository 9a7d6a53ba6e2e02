/**
 * The few Python behaviours the classic server applies to request data before SQL is involved.
 * Flask-Restless 0.17 reads `q` and the paging parameters with plain Python (`int()`, `in`,
 * truthiness, iteration), so what it accepts is what these functions accept. They exist so the
 * decoder and the emulator answer exactly as the server does for odd input ("2" as a limit,
 * a dict where a list was expected), without scattering Python trivia through the code.
 */
import type { WireValue } from '../../query/expression.js';

/** Python truthiness of a JSON value: `0`, `""`, `[]`, `{}`, `null` and `false` are falsy. */
export function pyTruthy(value: WireValue | undefined): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return Object.keys(value).length > 0;
}

/** Python's `int(text)` for a string: surrounding whitespace, a sign, and `_` between digits. */
export function pyIntFromString(text: string): number | undefined {
  const match = /^[\s]*([+-]?)(\d(?:_?\d)*)[\s]*$/u.exec(text);
  if (!match) return undefined;
  const digits = (match[2] ?? '').replaceAll('_', '');
  const value = Number.parseInt(digits, 10);
  return match[1] === '-' ? -value : value;
}

/**
 * Python's `int(value)` for a JSON value, as SQLAlchemy's `asint` applies it to `limit` and
 * `offset`: numbers are truncated toward zero, booleans are 0/1, strings must be integer
 * literals; anything else raises (`undefined` here).
 */
export function pyInt(value: WireValue): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value === 'string') return pyIntFromString(value);
  return undefined;
}

/**
 * What `for item in value` yields: list items, dict keys, string characters. `undefined` when
 * Python raises `TypeError` (numbers, booleans, None).
 */
export function pyIterate(value: WireValue | undefined): WireValue[] | undefined {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return Array.from(value);
  if (value !== null && typeof value === 'object') return Object.keys(value);
  return undefined;
}

/**
 * Python's `key in container`: a dict key, a list member, a substring. `undefined` when Python
 * raises `TypeError` (the container is a number, a boolean or None).
 */
export function pyContains(container: WireValue | undefined, key: string): boolean | undefined {
  if (typeof container === 'string') return container.includes(key);
  if (Array.isArray(container)) return container.some((item) => item === key);
  if (container !== null && typeof container === 'object') return Object.hasOwn(container, key);
  return undefined;
}

/** A JSON object (Python dict). */
export function isPyDict(value: WireValue | undefined): value is { [key: string]: WireValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
