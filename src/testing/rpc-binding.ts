/**
 * Python's argument binding for an emulated method call: `getattr(row, name)(*args, **kwargs)`
 * against the signature the datamodel publishes (`args` without defaults, `kwargs` with defaults,
 * `argsvar`, `kwargsvar`), in CPython 3.11's order and with its exact TypeError messages (rpc.md
 * #30, #31; the others checked on the reference server): keywords first (unexpected, then already
 * given), then too many positionals, then missing required ones.
 *
 * The datamodel does not carry default values, so a defaulted parameter that was not passed is
 * simply absent: the implementation supplies the default (`({ suffix = '!' }) => ...`).
 */
import type { MethodDef } from '../schema/datamodel.js';
import { PythonError } from './python-error.js';

/**
 * The arguments of one call, by parameter name: each named parameter that received a value, the
 * `*args` name with the extra positionals (always an array when the signature has one), and the
 * `**kwargs` name with the extra keywords (always an object when it has one).
 */
export type RpcArguments = Readonly<Record<string, unknown>>;

/**
 * Binds `args`/`kwargs` to `method` as CPython binds a bound method (`self` is the first slot).
 * `qualname` is the function's `__qualname__`, e.g. `Person.speak` or, for an inherited method,
 * the class that defines it (`Employee.work`).
 *
 * @throws PythonError('TypeError', ...) with CPython's message when they do not fit.
 */
export function bindArguments(qualname: string, method: MethodDef, args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): RpcArguments {
  const names = ['self', ...method.args, ...method.kwargs];
  const bound = new Map<string, unknown>();
  names.slice(1, 1 + args.length).forEach((name, index) => bound.set(name, args[index]));
  const given = 1 + args.length;
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(kwargs)) {
    if (!names.includes(key)) {
      if (method.kwargsvar === null) throw typeError(`${qualname}() got an unexpected keyword argument '${key}'`);
      extra[key] = value;
    } else if (key === 'self' || bound.has(key)) {
      throw typeError(`${qualname}() got multiple values for argument '${key}'`);
    } else {
      bound.set(key, value);
    }
  }
  if (given > names.length && method.argsvar === null) {
    const takes = method.kwargs.length > 0 ? `from ${1 + method.args.length} to ${names.length}` : `${names.length}`;
    const plural = method.kwargs.length > 0 || names.length !== 1 ? 's' : '';
    throw typeError(`${qualname}() takes ${takes} positional argument${plural} but ${given} were given`);
  }
  const missing = method.args.filter((name) => !bound.has(name));
  if (missing.length > 0) {
    throw typeError(`${qualname}() missing ${missing.length} required positional argument${missing.length === 1 ? '' : 's'}: ${naturalList(missing.map((name) => `'${name}'`))}`);
  }
  const out: Record<string, unknown> = {};
  for (const name of names.slice(1)) if (bound.has(name)) out[name] = bound.get(name);
  if (method.argsvar !== null) out[method.argsvar] = args.slice(names.length - 1);
  if (method.kwargsvar !== null) out[method.kwargsvar] = extra;
  return out;
}

/** CPython's `format_missing`: `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`. */
function naturalList(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' and ');
  return `${items.slice(0, -1).join(', ')}, and ${items.at(-1) ?? ''}`;
}

function typeError(message: string): PythonError {
  return new PythonError('TypeError', message);
}
