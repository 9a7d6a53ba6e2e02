import { CodecError } from '../../errors.js';

/**
 * A reference to a Python class (not an instance): cereal's `{"__cereal_lazer_class__": NAME}`.
 * The client cannot hold the class itself, so both directions use its name; the Python client
 * decodes an unregistered one to the bare string, which would be indistinguishable from a `str`.
 *
 * @example codec.encode(new PyClass('SomeObject')) // '81b65f5f...aa536f6d654f626a656374'
 */
export class PyClass {
  constructor(readonly name: string) {
    if (typeof name !== 'string' || name === '') throw new CodecError('PyClass needs a non-empty class name');
    Object.freeze(this);
  }

  toString(): string {
    return `<class '${this.name}'>`;
  }
}
