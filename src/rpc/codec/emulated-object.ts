/**
 * What an instance of a class the client does not know decodes to (unless the codec is strict),
 * so an unexpected return type never crashes a call. Like cereal-lazer's naive `Emulated<Name>`:
 * - attributes are readable properties (the payload's keys, or the naive description's
 *   `attributes`, each decoded);
 * - methods the server listed are functions that throw a `CodecError` saying how to register the
 *   class; properties the server recorded as raising throw a `CodecError` naming the exception;
 * - it is iterable when the server sent its items.
 * Everything about the emulation sits under the `EMULATED` symbol, so no attribute the server
 * sends can shadow it, and the object has no prototype methods an attribute could collide with.
 * Encoding it sends back the tag it came from.
 *
 * This file holds only what `flask-restless-rx` exports; the codec's `emulate()` (emulate.ts) is
 * apart, so an app that never calls the server does not download it (esbuild puts a whole file
 * in the start once the package's index reaches it).
 */
export const EMULATED: unique symbol = Symbol.for('flask-restless-rx.emulated');

/** What the codec knows about an emulated instance. */
export interface EmulatedInfo {
  /** The Python class name the server tagged the instance with. */
  readonly className: string;
  /** The tag's payload, decoded: what the Python client's `Cereal().loads` returns for it. */
  readonly payload: unknown;
  /** Public method names the server listed (naive mode); each throws when called. */
  readonly methods: readonly string[];
  /** The items, when the server said the object is iterable (naive mode). */
  readonly items: readonly unknown[] | undefined;
}

/** An instance of a server class the client has no registration for. */
export interface EmulatedObject {
  readonly [EMULATED]: EmulatedInfo;
  readonly [attribute: string]: unknown;
  readonly [Symbol.iterator]?: () => Iterator<unknown>;
}

/** True for the values the codec built for unknown classes. */
export function isEmulated(value: unknown): value is EmulatedObject {
  return typeof value === 'object' && value !== null && EMULATED in value;
}
