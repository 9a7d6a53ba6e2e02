import { DecodeError, Decoder } from '@msgpack/msgpack';
import { CodecError } from '../../errors.js';
import { BUILT_IN_TYPES, CLASS_KEY, INSTANCE_KEY, MAX_DEPTH } from './cereal-tags.js';
import { CodecFault, describe, within } from './codec-fault.js';
import { emulate } from './emulate.js';
import { hexToBytes } from './hex.js';
import type { ModelResolver } from './model-resolver.js';
import { PyClass } from './py-class.js';
import { PyDate } from './py-date.js';
import { PyDateTime } from './py-datetime.js';
import type { TypeRegistry } from './type-registry.js';

/** What the decoder needs from its codec. */
export interface DecoderContext {
  readonly registry: TypeRegistry;
  readonly models: ModelResolver | undefined;
  /** Refuse instances of unknown classes instead of emulating them. */
  readonly strict: boolean;
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * msgpack bytes -> JS values: `@msgpack/msgpack` reads the bytes, then one walk does what
 * cereal-lazer's `object_hook` does (innermost first: a tag's payload is decoded before the tag)
 * and narrows 64-bit ints to numbers when they are safe. The walk mutates only the fresh tree the
 * decoder just built. Throws `CodecFault`s; `Codec` turns them into `CodecError`s.
 */
export class ValueDecoder {
  readonly #context: DecoderContext;
  // useBigInt64: a uint64 beyond 2^53 (a Python int) must not silently lose digits.
  readonly #msgpack = new Decoder({ useBigInt64: true, mapKeyConverter: stringKey });

  constructor(context: DecoderContext) {
    this.#context = context;
  }

  decode(bytes: Uint8Array, depth = 0): unknown {
    let tree: unknown;
    try {
      tree = this.#msgpack.decode(bytes);
    } catch (error) {
      throw msgpackFault(error, bytes.length);
    }
    return this.#revive(tree, depth);
  }

  #revive(value: unknown, depth: number): unknown {
    if (typeof value === 'bigint') return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value;
    if (typeof value !== 'object' || value === null) return value;
    if (depth >= MAX_DEPTH) throw new CodecFault(`nested deeper than ${MAX_DEPTH} levels`);
    if (Array.isArray(value)) {
      // One try around the loop, not one per item: the index says where a failure was.
      let i = 0;
      try {
        for (; i < value.length; i++) {
          const item: unknown = value[i];
          if ((typeof item === 'object' && item !== null) || typeof item === 'bigint') value[i] = this.#revive(item, depth + 1);
        }
      } catch (error) {
        throw within(error, i);
      }
      return value;
    }
    if (Object.getPrototypeOf(value) !== Object.prototype) {
      // A plain copy: no view keeping the whole payload's buffer alive, and no Node Buffer.
      if (value instanceof Uint8Array) return new Uint8Array(value);
      throw new CodecFault('msgpack extension types are not part of cereal-lazer\'s format');
    }
    const record = value as Record<string, unknown>;
    // cereal's object_hook: a map that contains a tag key is the tagged value; other keys are ignored.
    if (Object.hasOwn(record, INSTANCE_KEY)) return this.#instance(record[INSTANCE_KEY], depth);
    if (Object.hasOwn(record, CLASS_KEY)) return classReference(record[CLASS_KEY]);
    const keys = Object.keys(record);
    let i = 0;
    try {
      for (; i < keys.length; i++) {
        const item = record[keys[i]!];
        if ((typeof item === 'object' && item !== null) || typeof item === 'bigint') record[keys[i]!] = this.#revive(item, depth + 1);
      }
    } catch (error) {
      throw within(error, keys[i]!);
    }
    return record;
  }

  #instance(tag: unknown, depth: number): unknown {
    if (!Array.isArray(tag) || tag.length !== 2 || typeof tag[0] !== 'string') {
      throw new CodecFault(`an instance tag must hold [TYPE_NAME, PAYLOAD], not ${describe(tag)}`);
    }
    const name: string = tag[0];
    const payload = this.#revive(tag[1], depth + 1);
    if (BUILT_IN_TYPES.has(name)) return builtIn(name, payload);
    const { registry, models, strict } = this.#context;
    const registered = registry.get(name);
    if (registered) return hook(() => registered.decode(payload), `the decode of registered type '${name}'`);
    if (models && hook(() => models.isModel(name), `models.isModel('${name}')`)) {
      if (!isRecord(payload)) throw new CodecFault(`a ${name} instance must carry a dict, not ${describe(payload)}`);
      return hook(() => models.decodeInstance(name, payload), `models.decodeInstance('${name}')`);
    }
    if (strict) {
      throw new CodecFault(
        `an instance of '${name}', a class the client does not know (strict mode); ` +
          `register it with client.codec.register('${name}', { test, encode, decode })`,
      );
    }
    return emulate(name, payload, (hex, attribute) => {
      try {
        return this.decode(hexToBytes(hex), depth + 1);
      } catch (error) {
        throw within(error, attribute);
      }
    });
  }
}

/** cereal's own registrations (`date`, `datetime`, `set`), read strictly: a bad one is a fault, not a guess. */
function builtIn(name: string, payload: unknown): unknown {
  try {
    switch (name) {
      case 'date':
        if (isIntArray(payload, 3)) return new PyDate(payload[0]!, payload[1]!, payload[2]!);
        throw new CodecFault(`a date must carry [Y, M, D], not ${describe(payload)}`);
      case 'datetime': {
        const [fields, zone] = Array.isArray(payload) && payload.length === 2 ? payload : [];
        if (isIntArray(fields, 6) && (zone === null || typeof zone === 'string')) {
          return new PyDateTime(fields[0]!, fields[1]!, fields[2]!, fields[3]!, fields[4]!, fields[5]!, zone);
        }
        throw new CodecFault(`a datetime must carry [[Y, M, D, h, m, s], zone or null], not ${describe(payload)}`);
      }
      default:
        if (Array.isArray(payload)) return new Set(payload);
        throw new CodecFault(`a set must carry an array, not ${describe(payload)}`);
    }
  } catch (error) {
    if (error instanceof CodecError) throw new CodecFault(error.message, error);
    throw error;
  }
}

function classReference(name: unknown): PyClass {
  if (typeof name !== 'string' || name === '') throw new CodecFault(`a class tag must hold a class name, not ${describe(name)}`);
  return new PyClass(name);
}

/** Python's msgpack >= 1.0 refuses non-string keys (`strict_map_key`); so does the client. */
function stringKey(key: unknown): string {
  if (typeof key === 'string') return key;
  const kind = typeof key === 'number' ? (Number.isInteger(key) ? 'an int' : 'a float') : key instanceof Uint8Array ? 'bytes' : describe(key);
  throw new CodecFault(`a dict key must be a string, got ${kind} (${key instanceof Uint8Array ? 'binary' : String(key)})`);
}

function msgpackFault(error: unknown, size: number): CodecFault {
  if (error instanceof CodecFault) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RangeError && message.startsWith('Extra ')) {
    return new CodecFault(`bytes follow the value (${message})`, error);
  }
  if (error instanceof RangeError) {
    return new CodecFault(size === 0 ? 'it is empty' : `it is truncated (its ${size} bytes end inside a value)`, error);
  }
  if (error instanceof DecodeError && message.includes('__proto__')) {
    return new CodecFault('a dict key is "__proto__", which the client refuses (it would reach Object.prototype)', error);
  }
  return new CodecFault(`it is not valid msgpack (${message})`, error);
}

/** Runs a user hook; what it throws becomes a fault that keeps it as the cause. */
function hook<T>(run: () => T, what: string): T {
  try {
    return run();
  } catch (error) {
    throw new CodecFault(`${what} threw: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}

function isIntArray(value: unknown, length: number): value is number[] {
  return Array.isArray(value) && value.length === length && value.every((item) => Number.isInteger(item));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
