import { CodecError } from '../../errors.js';
import { checkTimeZone } from '../../schema/time-zone.js';
import { CodecFault } from './codec-fault.js';
import { ValueDecoder } from './decode-value.js';
import { ValueEncoder } from './encode-value.js';
import { bytesToHex, hexToBytes } from './hex.js';
import type { ModelResolver } from './model-resolver.js';
import { TypeRegistry, type TypeCodec } from './type-registry.js';

/** Options of a `Codec`; the client passes its own. */
export interface CodecOptions {
  /**
   * Throw a `CodecError` for an instance of a class the client does not know, instead of
   * decoding it to an `EmulatedObject`. Default `false`.
   */
  readonly strict?: boolean;
  /** Turns model instances into the client's entities and back; without it they are emulated. */
  readonly models?: ModelResolver;
  /** The IANA zone of the server's naive datetimes; a JS `Date` is sent as its wall clock there. Default `'UTC'`. */
  readonly timeZone?: string;
}

/** A decoded RPC request payload. */
export interface RpcCall {
  readonly args: unknown[];
  readonly kwargs: Record<string, unknown>;
}

/**
 * The RPC payload codec: cereal-lazer's format (msgpack, then hex, with tagged instances and
 * classes; docs/protocol/classic/cereal-lazer.md), byte-for-byte as the Python stack writes it.
 * Pure, and one per client: registrations live on the instance.
 *
 * | Python on the wire              | decoded as                                   | sent from                                                          |
 * | ------------------------------- | -------------------------------------------- | ------------------------------------------------------------------ |
 * | None                            | `null`                                       | `null`, `undefined` (a dict entry set to `undefined` is left out)  |
 * | bool                            | `boolean`                                    | `boolean`                                                          |
 * | int                             | `number`; `bigint` beyond +-(2^53 - 1)       | a safe-integer `number`; a `bigint` (up to 64 bits)                |
 * | float (always float64)          | `number` (`2.0` reads as `2`)                | any other `number` (`1.5`, `-0`, `NaN`, `1e300`); `PyFloat` for `2.0` |
 * | str                             | `string`                                     | `string` (a lone surrogate becomes U+FFFD)                         |
 * | bytes                           | `Uint8Array` (a copy)                        | `Uint8Array`, any other `ArrayBufferView`, `ArrayBuffer`           |
 * | list, tuple                     | `Array`                                      | `Array`                                                            |
 * | dict (str keys)                 | plain object, server order                   | plain or null-prototype object; `Map` with string keys only        |
 * | set                             | `Set`                                        | `Set` of hashables (no arrays, objects, sets inside)               |
 * | date                            | `PyDate`                                     | `PyDate`                                                           |
 * | datetime, naive                 | `PyDateTime` with `timeZone: null`           | `PyDateTime`; a JS `Date` (its wall clock in `timeZone`)           |
 * | datetime, aware                 | `PyDateTime` with the zone name as sent      | `PyDateTime` whose zone pytz knows (not `'UTC+02:00'`)             |
 * | class (not an instance)         | `PyClass`                                    | `PyClass`                                                          |
 * | instance of a registered type   | what its `decode` returns                    | a value its `test` accepts                                         |
 * | model instance (`Computer`)     | `models.decodeInstance(name, dict)`          | what `models.encodeInstance` describes                             |
 * | instance of an unknown class    | `EmulatedObject` (`strict`: a `CodecError`)  | an `EmulatedObject` goes back as it came                           |
 *
 * Datetimes travel to the second with a zone NAME (see `PyDateTime` for what is lost). Anything
 * else (functions, symbols, class instances nobody registered) is a `CodecError` naming where it
 * was, as are non-string dict keys, which the server's msgpack would refuse.
 *
 * @example
 * const codec = new Codec();
 * codec.encodeCall(['hello'], {}); // '82a46172677391a568656c6c6fa66b776172677380'
 * codec.decode('a568656c6c6f'); // 'hello'
 */
export class Codec {
  readonly #registry = new TypeRegistry();
  readonly #encoder: ValueEncoder;
  readonly #decoder: ValueDecoder;

  constructor(options: CodecOptions = {}) {
    const timeZone = options.timeZone ?? 'UTC';
    try {
      checkTimeZone(timeZone);
    } catch (error) {
      throw new CodecError(`unknown time zone ${JSON.stringify(timeZone)}`, { cause: error });
    }
    this.#encoder = new ValueEncoder({ registry: this.#registry, models: options.models, timeZone });
    this.#decoder = new ValueDecoder({ registry: this.#registry, models: options.models, strict: options.strict ?? false });
  }

  /**
   * Teaches the codec a type, in both directions, under the Python type name the server uses.
   * The name may not be empty, `__proto__`, `constructor`, `prototype` or a built-in one.
   *
   * @example codec.register('Point', { test: (v) => v instanceof Point, encode: (p: Point) => [p.x, p.y], decode: (d) => new Point(...(d as [number, number])) })
   */
  register<T>(name: string, type: TypeCodec<T>): void {
    this.#registry.register(name, type as TypeCodec<unknown>);
  }

  /** `value` as a hex payload (a property value, or any single value). */
  encode(value: unknown): string {
    try {
      return bytesToHex(this.#encoder.encode(value));
    } catch (error) {
      throw failure('encode', error, 'value');
    }
  }

  /** The payload of a method call: `{"args": [...], "kwargs": {...}}`. */
  encodeCall(args: readonly unknown[], kwargs: Readonly<Record<string, unknown>> = {}): string {
    try {
      return bytesToHex(this.#encoder.encodeCall(args, kwargs));
    } catch (error) {
      throw failure('encode', error, '');
    }
  }

  /** The value of a hex payload (a method's return value, a property's value). */
  decode(hex: string): unknown {
    try {
      return this.#decoder.decode(hexToBytes(hex));
    } catch (error) {
      throw failure('decode', error, 'payload');
    }
  }

  /** A method call payload, checked to be `{"args": [...], "kwargs": {...}}` (for emulating a server). */
  decodeCall(hex: string): RpcCall {
    const call = this.decode(hex);
    const { args, kwargs } = (typeof call === 'object' && call !== null ? call : {}) as Partial<Record<string, unknown>>;
    if (!Array.isArray(args)) throw new CodecError('cannot decode the call: the payload has no "args" list');
    if (typeof kwargs !== 'object' || kwargs === null || Object.getPrototypeOf(kwargs) !== Object.prototype) {
      throw new CodecError('cannot decode the call: the payload has no "kwargs" dict');
    }
    return { args, kwargs: kwargs as Record<string, unknown> };
  }
}

/** The one place internal faults become the public error, with where the value was. */
function failure(direction: 'encode' | 'decode', error: unknown, root: string): CodecError {
  if (error instanceof CodecError) return error;
  if (error instanceof CodecFault) {
    const where = error.where(root);
    const subject = error.path.length > 0 ? where : direction === 'encode' ? 'the value' : 'the payload';
    return new CodecError(`cannot ${direction} ${subject}: ${error.reason}`, {
      ...(error.path.length > 0 ? { field: where } : {}),
      ...(error.cause === undefined ? {} : { cause: error.cause }),
    });
  }
  // Not expected (e.g. a stack overflow in a user hook): keep it as the cause.
  const message = error instanceof Error ? error.message : String(error);
  return new CodecError(`cannot ${direction} ${direction === 'encode' ? 'the value' : 'the payload'}: ${message}`, { cause: error });
}
