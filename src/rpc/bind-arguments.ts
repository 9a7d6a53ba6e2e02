/**
 * Python's argument binding, checked before a call leaves: the server binds `{args, kwargs}` to the
 * method's signature only after loading the row, and answers a mismatch with a 500 TypeError
 * (rpc.md #30, #31). Checking against the datamodel's signature here turns that round trip into a
 * `ValidationError` that names the argument, raised when the call is made.
 */
import { ValidationError } from '../errors.js';
import type { MethodDef } from '../schema/datamodel.js';

/** Where a call is bound, for error messages: `Person.speak`. */
export interface CallSite {
  readonly model: string;
  readonly method: MethodDef;
}

/**
 * Checks `args` and `kwargs` against `method` as Python would bind them: positionals fill the
 * required names, then the defaulted ones, then `*args`; keywords fill any named parameter not
 * already filled, then `**kwargs`; every required name must end up filled.
 *
 * @throws ValidationError naming the missing, unexpected or doubly given argument.
 */
export function checkArguments(site: CallSite, args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): void {
  const { method } = site;
  const where = { model: site.model, field: method.name };
  const named = [...method.args, ...method.kwargs];
  const signature = `${site.model}.${method.name}(${describeSignature(method)})`;
  if (args.length > named.length && method.argsvar === null) {
    const takes = named.length === method.args.length ? `${named.length}` : `from ${method.args.length} to ${named.length}`;
    throw new ValidationError(`${signature} takes ${takes} positional argument${named.length === 1 ? '' : 's'} but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`, where);
  }
  const filled = new Set(named.slice(0, args.length));
  for (const key of Object.keys(kwargs)) {
    if (named.includes(key)) {
      if (filled.has(key)) throw new ValidationError(`${signature} got multiple values for argument "${key}"`, where);
      filled.add(key);
    } else if (method.kwargsvar === null) {
      throw new ValidationError(`${signature} got an unexpected keyword argument "${key}"`, where);
    }
  }
  const missing = method.args.filter((name) => !filled.has(name));
  if (missing.length > 0) {
    const list = missing.map((name) => `"${name}"`).join(', ');
    throw new ValidationError(`${signature} is missing ${missing.length} required argument${missing.length === 1 ? '' : 's'}: ${list}`, where);
  }
}

/** `what_to_say`, `prefix=..., suffix=...`, `first, second=..., *args, **kwargs`. */
export function describeSignature(method: MethodDef): string {
  return [
    ...method.args,
    ...method.kwargs.map((name) => `${name}=...`),
    ...(method.argsvar === null ? [] : [`*${method.argsvar}`]),
    ...(method.kwargsvar === null ? [] : [`**${method.kwargsvar}`]),
  ].join(', ');
}
