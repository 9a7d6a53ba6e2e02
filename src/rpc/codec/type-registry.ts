import { CodecError } from '../../errors.js';
import { BUILT_IN_TYPES } from './cereal-tags.js';

/**
 * How one user type travels, registered under the Python type name the server uses for it
 * (cereal-lazer's `Cereal.register(name, type, to_fn, from_fn)`).
 *
 * @example
 * client.codec.register('Point', {
 *   test: (value) => value instanceof Point,
 *   encode: (point: Point) => [point.x, point.y],
 *   decode: (data) => new Point(...(data as [number, number])),
 * });
 */
export interface TypeCodec<T> {
  /**
   * True for the values this entry sends. Asked only about values that are not plain data
   * (arrays, plain objects, strings... are never offered), in registration order, after the
   * built-in types and before the model resolver.
   */
  test(value: unknown): boolean;
  /** The payload to send: any value the codec can encode, registered types included. */
  encode(value: T): unknown;
  /** The value for a payload the server sent; nested tags inside it are already decoded. */
  decode(data: unknown): T;
}

/** Names that would reach `Object.prototype` if anything ever used a plain object as a map. */
const FORBIDDEN = new Set(['', '__proto__', 'constructor', 'prototype']);

/** The user types of one codec, by name. A `Map`, so server-sent names cannot reach a prototype. */
export class TypeRegistry {
  readonly #entries = new Map<string, TypeCodec<unknown>>();

  /** Registering a name again replaces its entry (and keeps its place in the test order). */
  register(name: string, type: TypeCodec<unknown>): void {
    if (typeof name !== 'string' || FORBIDDEN.has(name)) {
      throw new CodecError(`cannot register the type name ${JSON.stringify(name)}: it must be a non-empty name other than __proto__, constructor or prototype`);
    }
    if (BUILT_IN_TYPES.has(name)) {
      throw new CodecError(`cannot register '${name}': it is built in (see Codec for how ${name} values are mapped)`);
    }
    for (const method of ['test', 'encode', 'decode'] as const) {
      if (typeof type?.[method] !== 'function') {
        throw new CodecError(`cannot register '${name}': ${method} must be a function`);
      }
    }
    this.#entries.set(name, type);
  }

  /** The entry for a name the server sent. */
  get(name: string): TypeCodec<unknown> | undefined {
    return this.#entries.get(name);
  }

  /** The first entry whose `test` accepts `value`, with its name. */
  match(value: object): { readonly name: string; readonly type: TypeCodec<unknown> } | undefined {
    for (const [name, type] of this.#entries) {
      if (type.test(value)) return { name, type };
    }
    return undefined;
  }
}
