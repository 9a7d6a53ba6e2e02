/**
 * Python's argument binding of a bound method, against the signature the datamodel publishes
 * (`args` without defaults, `kwargs` with defaults, `argsvar`, `kwargsvar`), in CPython 3.11's
 * order: keywords first (unexpected, then given twice), then too many positionals, then missing
 * required ones. One binding serves both sides of the wire: the client checks a call before it
 * leaves (the server would bind it only after loading the row, and answer a mismatch with a 500
 * TypeError: docs/protocol/classic/rpc.md #30, #31), and the emulator binds the call it serves.
 */
import { ValidationError } from '../errors.js';
import type { MethodDef } from '../schema/datamodel.js';

/** Why a call does not fit its signature (the first problem CPython would report). */
export type BindingProblem =
  | { readonly kind: 'unexpected-keyword'; readonly name: string }
  | { readonly kind: 'multiple-values'; readonly name: string }
  /** `given` positionals (without `self`) for a signature that takes at most `args` + `kwargs`. */
  | { readonly kind: 'too-many-positional'; readonly given: number }
  | { readonly kind: 'missing'; readonly names: readonly string[] };

/** The arguments bound to the signature, or the problem. */
export type Binding =
  | {
      readonly ok: true;
      /** Each named parameter that received a value, in signature order. */
      readonly named: ReadonlyMap<string, unknown>;
      /** The positionals beyond the named parameters (for `*argsvar`). */
      readonly extraArgs: readonly unknown[];
      /** The keywords no named parameter takes (for `**kwargsvar`), in the order given. */
      readonly extraKwargs: ReadonlyMap<string, unknown>;
    }
  | { readonly ok: false; readonly problem: BindingProblem };

/** Binds `args` and `kwargs` to `method` as CPython binds a bound method (`self` fills the first slot). */
export function bindArguments(method: MethodDef, args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): Binding {
  const names = [...method.args, ...method.kwargs];
  const bound = new Map<string, unknown>();
  names.slice(0, args.length).forEach((name, index) => bound.set(name, args[index]));
  const extraKwargs = new Map<string, unknown>();
  for (const [key, value] of Object.entries(kwargs)) {
    if (key !== 'self' && !names.includes(key)) {
      if (method.kwargsvar === null) return { ok: false, problem: { kind: 'unexpected-keyword', name: key } };
      extraKwargs.set(key, value);
    } else if (key === 'self' || bound.has(key)) {
      return { ok: false, problem: { kind: 'multiple-values', name: key } };
    } else {
      bound.set(key, value);
    }
  }
  if (args.length > names.length && method.argsvar === null) return { ok: false, problem: { kind: 'too-many-positional', given: args.length } };
  const missing = method.args.filter((name) => !bound.has(name));
  if (missing.length > 0) return { ok: false, problem: { kind: 'missing', names: missing } };
  const named = new Map<string, unknown>();
  for (const name of names) if (bound.has(name)) named.set(name, bound.get(name));
  return { ok: true, named, extraArgs: args.slice(names.length), extraKwargs };
}

/** Where a call is checked, for error messages: `Person.speak`. */
export interface CallSite {
  readonly model: string;
  readonly method: MethodDef;
}

/**
 * Checks a call on the client, before anything is sent.
 *
 * @throws ValidationError naming the missing, unexpected or doubly given argument.
 */
export function checkArguments(site: CallSite, args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): void {
  const binding = bindArguments(site.method, args, kwargs);
  if (binding.ok) return;
  const { method } = site;
  const signature = `${site.model}.${method.name}(${describeSignature(method)})`;
  const where = { model: site.model, field: method.name };
  const problem = binding.problem;
  switch (problem.kind) {
    case 'unexpected-keyword':
      throw new ValidationError(`${signature} got an unexpected keyword argument "${problem.name}"`, where);
    case 'multiple-values':
      throw new ValidationError(`${signature} got multiple values for argument "${problem.name}"`, where);
    case 'too-many-positional': {
      const most = method.args.length + method.kwargs.length;
      const takes = method.kwargs.length === 0 ? `${most}` : `from ${method.args.length} to ${most}`;
      throw new ValidationError(`${signature} takes ${takes} positional argument${most === 1 ? '' : 's'} but ${problem.given} ${problem.given === 1 ? 'was' : 'were'} given`, where);
    }
    case 'missing': {
      const list = problem.names.map((name) => `"${name}"`).join(', ');
      throw new ValidationError(`${signature} is missing ${problem.names.length} required argument${problem.names.length === 1 ? '' : 's'}: ${list}`, where);
    }
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
