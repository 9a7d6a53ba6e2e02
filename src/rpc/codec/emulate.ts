/**
 * Builds the `EmulatedObject` (emulated-object.ts) an instance of an unknown server class decodes
 * to. Only the codec (the remote engine's chunk) imports this file.
 */
import { CodecError } from '../../errors.js';
import { EMULATED, type EmulatedInfo, type EmulatedObject } from './emulated-object.js';

/** What cereal-lazer's `serialize_naively=True` sends instead of an object it cannot convert. */
interface NaiveDescription {
  readonly class_name: string;
  readonly callable: readonly string[];
  readonly attributes: Readonly<Record<string, string>>;
  readonly raisers: Readonly<Record<string, unknown>>;
  readonly iterable?: readonly string[];
}

type Inspect = (value: unknown, options: unknown) => string;

/** No prototype methods an attribute could shadow; only symbol-keyed hooks for printing. */
const PROTOTYPE: object = Object.freeze(
  Object.create(null, {
    [Symbol.toStringTag]: { value: 'EmulatedObject' },
    [Symbol.toPrimitive]: {
      value(this: EmulatedObject): string {
        return `<emulated ${this[EMULATED].className}>`;
      },
    },
    // Node's console shows `EmulatedBasket { owner: 'Ann' }`, like Python's `EmulatedBasket`.
    [Symbol.for('nodejs.util.inspect.custom')]: {
      value(this: EmulatedObject, _depth: number, options: unknown, inspect: Inspect): string {
        return `Emulated${this[EMULATED].className} ${inspect({ ...this }, options)}`;
      },
    },
  }) as object,
);

/**
 * Builds the emulation of `className` from its decoded payload. `decodeHex` decodes one nested
 * cereal hex string of a naive description (attributes and items are sent that way).
 */
export function emulate(
  className: string,
  payload: unknown,
  decodeHex: (hex: string, name: string | number) => unknown,
): EmulatedObject {
  const target = Object.create(PROTOTYPE) as Record<PropertyKey, unknown>;
  const naive = isNaiveDescription(payload) ? payload : undefined;
  let items: unknown[] | undefined;
  if (naive) {
    for (const name of Object.keys(naive.attributes)) define(target, name, decodeHex(naive.attributes[name]!, name));
    for (const name of naive.callable) {
      Object.defineProperty(target, name, { value: methodStub(className, name), configurable: true });
    }
    for (const name of Object.keys(naive.raisers)) {
      Object.defineProperty(target, name, { get: raiser(className, name, naive.raisers[name]), configurable: true });
    }
    if (naive.iterable) {
      const decoded = naive.iterable.map((hex, index) => decodeHex(hex, index));
      items = decoded;
      Object.defineProperty(target, Symbol.iterator, { value: () => decoded[Symbol.iterator]() });
    }
  } else if (isRecord(payload)) {
    for (const name of Object.keys(payload)) define(target, name, payload[name]);
  }
  const info: EmulatedInfo = Object.freeze({
    className,
    payload,
    methods: Object.freeze(naive ? [...naive.callable] : []),
    items: items && Object.freeze(items),
  });
  Object.defineProperty(target, EMULATED, { value: info });
  return Object.freeze(target) as unknown as EmulatedObject;
}

function define(target: object, name: string, value: unknown): void {
  // defineProperty, not assignment: a server-sent `__proto__` must stay a plain attribute.
  // Configurable until the final freeze, so a method or raiser of the same name replaces it.
  Object.defineProperty(target, name, { value, enumerable: true, configurable: true });
}

function methodStub(className: string, method: string): () => never {
  return () => {
    throw new CodecError(
      `${className}.${method}() cannot run in the client: ${className} is a server class the client does not know. ` +
        `Register it with client.codec.register('${className}', { test, encode, decode }) to decode it into your own type.`,
    );
  };
}

function raiser(className: string, name: string, recorded: unknown): () => never {
  const [message, exception] = Array.isArray(recorded) ? recorded : [];
  return () => {
    throw new CodecError(
      `reading ${className}.${name} raised ${typeof exception === 'string' ? exception : 'an exception'} on the server` +
        (typeof message === 'string' && message !== '' ? `: ${message}` : ''),
    );
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function isNaiveDescription(value: unknown): value is NaiveDescription {
  if (!isRecord(value)) return false;
  const { class_name, callable, attributes, raisers, iterable } = value;
  return (
    typeof class_name === 'string' &&
    Array.isArray(callable) && callable.every((name) => typeof name === 'string') &&
    isRecord(attributes) && Object.values(attributes).every((hex) => typeof hex === 'string') &&
    isRecord(raisers) &&
    (iterable === undefined || (Array.isArray(iterable) && iterable.every((hex) => typeof hex === 'string')))
  );
}
