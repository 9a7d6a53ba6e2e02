/**
 * `type(value).__name__` as the emulated server would see it, for the messages Python's own
 * errors carry (`'int' object has no attribute 'strip'`). One mapping for JSON values (a request
 * body, a `q` parameter) and for RPC values decoded by the codec.
 */
import { PyDate } from '../../rpc/codec/py-date.js';
import { PyDateTime } from '../../rpc/codec/py-datetime.js';
import { PyFloat } from '../../schema/py-float.js';

/** The Python type name of a JSON or decoded RPC value; undefined when no built-in type fits. */
export function pythonTypeName(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Uint8Array) return 'bytes';
  if (value instanceof Set) return 'set';
  if (value instanceof PyFloat) return 'float';
  if (value instanceof PyDateTime) return 'datetime';
  if (value instanceof PyDate) return 'date';
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return 'dict';
  return undefined;
}
