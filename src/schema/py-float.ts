import { CodecError } from '../errors.js';

/**
 * A Python `float` whose value happens to be whole. A plain JS number that is a safe integer goes
 * as a Python `int`; wrap it to send `2.0` (`cb4000000000000000`) to a method that checks
 * `isinstance(x, float)` or must not do integer division. Decoding never produces one: a float
 * from the server is a plain number (`2.0` reads as `2`).
 *
 * @example codec.encode(new PyFloat(2)) // 'cb4000000000000000'
 */
export class PyFloat {
  constructor(readonly value: number) {
    if (typeof value !== 'number') throw new CodecError(`PyFloat needs a number, got ${typeof value}`);
    Object.freeze(this);
  }

  valueOf(): number {
    return this.value;
  }

  toString(): string {
    return Number.isInteger(this.value) ? this.value.toFixed(1) : String(this.value);
  }
}
