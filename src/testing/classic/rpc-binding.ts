/**
 * Python's argument binding for an emulated method call: `getattr(row, name)(*args, **kwargs)`
 * against the signature the datamodel publishes (`args` without defaults, `kwargs` with defaults,
 * `argsvar`, `kwargsvar`), in CPython 3.11's order and with its exact TypeError messages (docs/protocol/classic/rpc.md
 * #30, #31; the others checked on the reference server): keywords first (unexpected, then already
 * given), then too many positionals, then missing required ones.
 *
 * The datamodel does not carry default values, so a defaulted parameter that was not passed is
 * simply absent: the implementation supplies the default (`({ suffix = '!' }) => ...`).
 */
import type { MethodDef } from '../../schema/datamodel.js';
import { bindArguments as bind, type BindingProblem } from '../../rpc/bind-arguments.js';
import { PythonError } from './python-error.js';

/**
 * The arguments of one call, by parameter name: each named parameter that received a value, the
 * `*args` name with the extra positionals (always an array when the signature has one), and the
 * `**kwargs` name with the extra keywords (always an object when it has one).
 */
export type RpcArguments = Readonly<Record<string, unknown>>;

/**
 * Binds `args`/`kwargs` to `method` as CPython binds a bound method (the binding itself is the
 * client's, src/rpc/bind-arguments.ts); a call that does not fit is CPython's TypeError.
 * `qualname` is the function's `__qualname__`, e.g. `Person.speak` or, for an inherited method,
 * the class that defines it (`Employee.work`).
 *
 * @throws PythonError('TypeError', ...) with CPython's message when they do not fit.
 */
export function bindArguments(qualname: string, method: MethodDef, args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): RpcArguments {
  const binding = bind(method, args, kwargs);
  if (!binding.ok) throw typeError(cpythonMessage(qualname, method, binding.problem));
  const out: Record<string, unknown> = {};
  for (const [name, value] of binding.named) out[name] = value;
  if (method.argsvar !== null) out[method.argsvar] = [...binding.extraArgs];
  if (method.kwargsvar !== null) {
    const extra: Record<string, unknown> = {};
    for (const [key, value] of binding.extraKwargs) extra[key] = value;
    out[method.kwargsvar] = extra;
  }
  return out;
}

/** The TypeError text CPython 3.11 gives for `problem` (counts include `self`). */
function cpythonMessage(qualname: string, method: MethodDef, problem: BindingProblem): string {
  switch (problem.kind) {
    case 'unexpected-keyword':
      return `${qualname}() got an unexpected keyword argument '${problem.name}'`;
    case 'multiple-values':
      return `${qualname}() got multiple values for argument '${problem.name}'`;
    case 'too-many-positional': {
      const most = 1 + method.args.length + method.kwargs.length;
      const takes = method.kwargs.length > 0 ? `from ${1 + method.args.length} to ${most}` : `${most}`;
      const plural = method.kwargs.length > 0 || most !== 1 ? 's' : '';
      return `${qualname}() takes ${takes} positional argument${plural} but ${1 + problem.given} were given`;
    }
    case 'missing':
      return `${qualname}() missing ${problem.names.length} required positional argument${problem.names.length === 1 ? '' : 's'}: ${naturalList(problem.names.map((name) => `'${name}'`))}`;
  }
}

/** CPython's `format_missing`: `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`. */
function naturalList(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' and ');
  return `${items.slice(0, -1).join(', ')}, and ${items.at(-1) ?? ''}`;
}

function typeError(message: string): PythonError {
  return new PythonError('TypeError', message);
}
