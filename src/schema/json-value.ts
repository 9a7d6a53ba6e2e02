import { loneSurrogateProblem } from './lone-surrogate.js';

/**
 * Why `value` would not survive the trip through a JSON column, or undefined when it would:
 * `JSON.stringify` silently turns NaN and Infinity into null, drops functions and symbols, makes
 * `undefined` in an array null, a Date a string and a Map `{}`, and throws on cycles and BigInts.
 * So only JSON's own values are taken: null, booleans, finite numbers, well-formed strings,
 * arrays and plain objects of them. A property whose value is `undefined` is left out, as
 * `JSON.stringify` does, which reads back the same.
 */
export function jsonProblem(value: unknown): string | undefined {
  return check(value, '$', new Set());
}

function check(value: unknown, path: string, ancestors: Set<object>): string | undefined {
  switch (typeof value) {
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${at(path)}${String(value)} is not a JSON number`;
    case 'string': {
      const problem = loneSurrogateProblem(value);
      return problem === undefined ? undefined : `${at(path)}${problem}`;
    }
    case 'undefined':
      return `${at(path)}undefined is not a JSON value (JSON.stringify would write null in an array)`;
    case 'bigint':
    case 'function':
    case 'symbol':
      return `${at(path)}a ${typeof value} is not a JSON value`;
    default:
      break;
  }
  if (value === null) return undefined;
  const object = value as object;
  if (ancestors.has(object)) return `${at(path)}a cycle (the value contains itself) cannot be written as JSON`;
  if (Array.isArray(object)) {
    ancestors.add(object);
    for (let i = 0; i < object.length; i++) {
      // A hole reads as undefined; JSON.stringify writes it as null.
      const problem = check(object[i], `${path}[${i}]`, ancestors);
      if (problem !== undefined) return problem;
    }
    ancestors.delete(object);
    return undefined;
  }
  const prototype: unknown = Object.getPrototypeOf(object);
  if (prototype !== Object.prototype && prototype !== null) {
    const name = (object as { constructor?: { name?: unknown } }).constructor?.name;
    const hint = object instanceof Date ? ' (write date.toISOString() to store its text)' : '';
    return `${at(path)}a ${typeof name === 'string' && name !== '' ? name : 'non-plain object'} is not a JSON value: only plain objects and arrays are${hint}`;
  }
  ancestors.add(object);
  for (const [key, item] of Object.entries(object)) {
    const keyProblem = loneSurrogateProblem(key);
    if (keyProblem !== undefined) return `${at(path)}a key: ${keyProblem}`;
    if (item === undefined) continue;
    const problem = check(item, `${path}.${key}`, ancestors);
    if (problem !== undefined) return problem;
  }
  ancestors.delete(object);
  return undefined;
}

function at(path: string): string {
  return path === '$' ? '' : `at ${path}: `;
}
