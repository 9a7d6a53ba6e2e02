import { ValidationError } from '../errors.js';

/**
 * Names that code other than the user's asks any object for: promise checks (`then`), JSON
 * (`toJSON`), test matchers and pretty-printers (`asymmetricMatch`, `$$typeof`, `nodeType`, ...),
 * and Object.prototype's members. Asking for them must answer undefined, not throw.
 */
const PROBES: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  'then',
  'catch',
  'finally',
  'toJSON',
  'asymmetricMatch',
  'nodeType',
  'nodeName',
  'tagName',
  'inspect',
  'length',
  'prototype',
  'size',
]);

/**
 * `client.models`: the frozen handles, behind a Proxy that turns a misspelt model name
 * (`client.models.Persn.query`) into a ValidationError naming the known models, instead of
 * `undefined` and a bare TypeError one step later. Only plain string names throw: symbols,
 * the probe names above and names starting with `$`, `@` or `_` (framework and library
 * conventions) read as usual, so `await`, JSON, console.log and test matchers keep working.
 */
export function knownModels<T extends object>(handles: T): T {
  const frozen = Object.freeze(handles);
  return new Proxy(frozen, {
    get(target, name, receiver) {
      if (typeof name === 'string' && !(name in target) && !isProbe(name)) {
        const known = Object.keys(target).sort();
        throw new ValidationError(`client.models has no model ${JSON.stringify(name)}; the server's datamodel has ${known.length === 0 ? 'no models' : known.join(', ')}`, { model: name });
      }
      return Reflect.get(target, name, receiver) as unknown;
    },
  });
}

function isProbe(name: string): boolean {
  return PROBES.has(name) || /^[$@_]/.test(name);
}
