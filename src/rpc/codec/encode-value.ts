import { CodecError } from '../../errors.js';
import { instantToWallTime } from '../../schema/time-zone.js';
import { CLASS_KEY, INSTANCE_KEY, MAX_DEPTH } from './cereal-tags.js';
import { CodecFault, describe, within } from './codec-fault.js';
import { EMULATED, isEmulated } from './emulated-object.js';
import type { ModelResolver } from './model-resolver.js';
import { MsgpackWriter } from './msgpack-writer.js';
import { PyClass } from './py-class.js';
import { PyDate } from './py-date.js';
import { PyDateTime } from './py-datetime.js';
import { PyFloat } from '../../schema/py-float.js';
import { isServerTimeZone } from './server-time-zone.js';
import type { TypeRegistry } from './type-registry.js';

/** What the encoder needs from its codec. */
export interface EncoderContext {
  readonly registry: TypeRegistry;
  readonly models: ModelResolver | undefined;
  /** The zone whose wall clock a JS Date is sent in (as a naive datetime). */
  readonly timeZone: string;
}

const utf8 = new TextEncoder();
/** `{"__cereal_lazer_instance__": [` : fixmap(1), the key, fixarray(2). */
const INSTANCE_PREFIX = Uint8Array.of(0x81, 0xa0 | INSTANCE_KEY.length, ...utf8.encode(INSTANCE_KEY), 0x92);
/** `{"__cereal_lazer_class__": ` : fixmap(1), the key. */
const CLASS_PREFIX = Uint8Array.of(0x81, 0xa0 | CLASS_KEY.length, ...utf8.encode(CLASS_KEY));

/**
 * Walks a JS value and writes it as cereal-lazer would have packed the matching Python value, in
 * one pass (tags are written inline, no intermediate tree). Throws `CodecFault`s; `Codec` turns
 * them into `CodecError`s that say where the value was.
 */
export class ValueEncoder {
  readonly #context: EncoderContext;
  readonly #writer = new MsgpackWriter();
  #busy = false;

  constructor(context: EncoderContext) {
    this.#context = context;
  }

  /** The msgpack bytes of `value`; valid until the next call. */
  encode(value: unknown): Uint8Array {
    // A registered type's encode may call the codec again: give that call its own buffer.
    if (this.#busy) return new ValueEncoder(this.#context).encode(value);
    return this.#run(() => this.#value(value, 0));
  }

  /** The RPC request envelope `{"args": [...], "kwargs": {...}}`, keys in that order. */
  encodeCall(args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): Uint8Array {
    if (this.#busy) return new ValueEncoder(this.#context).encodeCall(args, kwargs);
    return this.#run(() => {
      if (!Array.isArray(args)) throw within(new CodecFault(`expected an array of arguments, got ${describe(args)}`), 'args');
      const plain = typeof kwargs === 'object' && kwargs !== null && isPlain(kwargs);
      if (!plain && !(kwargs instanceof Map)) throw within(new CodecFault(`expected a plain object of keyword arguments, got ${describe(kwargs)}`), 'kwargs');
      const writer = this.#writer;
      writer.mapHeader(2);
      writer.str('args');
      try {
        this.#array(args, 1);
      } catch (error) {
        throw within(error, 'args');
      }
      writer.str('kwargs');
      try {
        if (kwargs instanceof Map) this.#map(kwargs as ReadonlyMap<unknown, unknown>, 1);
        else this.#dict(kwargs, 1);
      } catch (error) {
        throw within(error, 'kwargs');
      }
    });
  }

  #run(write: () => void): Uint8Array {
    this.#busy = true;
    try {
      write();
      return this.#writer.take();
    } catch (error) {
      this.#writer.reset();
      throw error;
    } finally {
      this.#busy = false;
    }
  }

  #value(value: unknown, depth: number): void {
    switch (typeof value) {
      case 'string':
        this.#writer.str(value);
        return;
      case 'number':
        // -0 is a float in Python (-0.0); an int would lose the sign.
        if (Number.isSafeInteger(value) && (value !== 0 || 1 / value > 0)) this.#writer.int(value);
        else this.#writer.float64(value);
        return;
      case 'boolean':
        this.#writer.bool(value);
        return;
      case 'object':
        if (value === null) this.#writer.nil();
        else this.#object(value, depth);
        return;
      case 'undefined':
        this.#writer.nil();
        return;
      case 'bigint':
        if (!this.#writer.bigint(value)) throw new CodecFault(`the int ${value} does not fit in msgpack's 64 bits`);
        return;
      default:
        throw new CodecFault(`${describe(value)} has no Python equivalent`);
    }
  }

  #object(value: object, depth: number): void {
    if (depth >= MAX_DEPTH) throw new CodecFault(`nested deeper than ${MAX_DEPTH} levels (is there a cycle?)`);
    if (Array.isArray(value)) return this.#array(value, depth);
    if (isPlain(value)) return this.#dict(value as Record<string, unknown>, depth);
    if (value instanceof Uint8Array) return this.#writer.bin(value);
    if (value instanceof PyFloat) return this.#writer.float64(value.value);
    if (value instanceof Date) return this.#datetime(naiveWallClock(value, this.#context.timeZone));
    if (value instanceof PyDateTime) return this.#datetime(value);
    if (value instanceof PyDate) return this.#date(value);
    if (value instanceof Set) return this.#set(value, depth);
    if (value instanceof Map) return this.#map(value, depth);
    if (value instanceof PyClass) {
      this.#writer.raw(CLASS_PREFIX);
      return this.#writer.str(value.name);
    }
    if (isEmulated(value)) return this.#tagged(value[EMULATED].className, value[EMULATED].payload, depth);
    if (ArrayBuffer.isView(value)) return this.#writer.bin(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    if (value instanceof ArrayBuffer) return this.#writer.bin(new Uint8Array(value));
    return this.#custom(value, depth);
  }

  /** A registered type, else a model instance, else a clear refusal. */
  #custom(value: object, depth: number): void {
    const match = this.#context.registry.match(value);
    if (match) return this.#tagged(match.name, call(() => match.type.encode(value), `the encode of registered type '${match.name}'`), depth);
    const models = this.#context.models;
    const instance = models && call(() => models.encodeInstance(value), 'models.encodeInstance');
    if (instance) {
      if (typeof instance.name !== 'string' || instance.name === '') throw new CodecFault('models.encodeInstance returned no model name');
      if (typeof instance.fields !== 'object' || instance.fields === null || !isPlain(instance.fields)) {
        throw new CodecFault(`models.encodeInstance returned no fields object for ${instance.name}`);
      }
      return this.#tagged(instance.name, instance.fields, depth);
    }
    throw new CodecFault(
      `${describe(value)} has no Python equivalent; register its type with client.codec.register(name, { test, encode, decode })`,
    );
  }

  #tagged(name: string, payload: unknown, depth: number): void {
    this.#writer.raw(INSTANCE_PREFIX);
    this.#writer.str(name);
    // No path segment: the payload stands where the tagged value stood.
    this.#value(payload, depth + 1);
  }

  #array(value: readonly unknown[], depth: number): void {
    const length = value.length;
    this.#writer.arrayHeader(length);
    for (let i = 0; i < length; i++) {
      try {
        this.#value(value[i], depth + 1);
      } catch (error) {
        throw within(error, i);
      }
    }
  }

  /** Keys whose value is `undefined` are left out, as `JSON.stringify` does (Python then uses its default). */
  #dict(value: Readonly<Record<string, unknown>>, depth: number): void {
    if (Object.hasOwn(value, INSTANCE_KEY) || Object.hasOwn(value, CLASS_KEY)) throw reservedKey();
    this.#entries(Object.entries(value), depth);
  }

  /** Sent as a dict, so its keys must be strings: the server's msgpack (>= 1.0) rejects others. */
  #map(value: ReadonlyMap<unknown, unknown>, depth: number): void {
    for (const key of value.keys()) {
      if (typeof key !== 'string') {
        throw new CodecFault(`a dict key must be a string (the server's msgpack refuses other keys), got ${describe(key)} in a Map`);
      }
      if (key === INSTANCE_KEY || key === CLASS_KEY) throw reservedKey();
    }
    this.#entries([...(value as ReadonlyMap<string, unknown>)], depth);
  }

  /** A dict's entries; an `undefined` value is left out, as JSON does. */
  #entries(entries: ReadonlyArray<readonly [string, unknown]>, depth: number): void {
    const kept = entries.filter(([, item]) => item !== undefined);
    this.#writer.mapHeader(kept.length);
    for (const [key, item] of kept) {
      this.#writer.str(key);
      try {
        this.#value(item, depth + 1);
      } catch (error) {
        throw within(error, key);
      }
    }
  }

  #set(value: ReadonlySet<unknown>, depth: number): void {
    this.#writer.raw(INSTANCE_PREFIX);
    this.#writer.str('set');
    this.#writer.arrayHeader(value.size);
    let index = 0;
    for (const item of value) {
      try {
        if (typeof item === 'object' && item !== null && (Array.isArray(item) || isPlain(item) || item instanceof Set || item instanceof Map)) {
          throw new CodecFault(`a set can only hold hashable values, and ${describe(item)} becomes a Python list, dict or set`);
        }
        this.#value(item, depth + 1);
      } catch (error) {
        throw within(error, index);
      }
      index++;
    }
  }

  #date(value: PyDate): void {
    const writer = this.#writer;
    writer.raw(INSTANCE_PREFIX);
    writer.str('date');
    writer.arrayHeader(3);
    writer.int(value.year);
    writer.int(value.month);
    writer.int(value.day);
  }

  #datetime(value: PyDateTime): void {
    const zone = value.timeZone;
    if (zone !== null && !isServerTimeZone(zone)) {
      throw new CodecFault(
        `the time zone ${JSON.stringify(zone)} is not a name pytz knows, so the server would answer an HTML 500; ` +
          `send UTC fields with 'UTC' (PyDateTime.fromDate(date)) or a naive datetime`,
      );
    }
    const writer = this.#writer;
    writer.raw(INSTANCE_PREFIX);
    writer.str('datetime');
    writer.arrayHeader(2);
    writer.arrayHeader(6);
    writer.int(value.year);
    writer.int(value.month);
    writer.int(value.day);
    writer.int(value.hour);
    writer.int(value.minute);
    writer.int(value.second);
    if (zone === null) writer.nil();
    else writer.str(zone);
  }
}

function isPlain(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A JS Date goes as the naive wall clock of `timeZone`, the zone the server's naive datetimes are in. */
function naiveWallClock(date: Date, timeZone: string): PyDateTime {
  if (Number.isNaN(date.getTime())) throw new CodecFault('an invalid Date cannot be sent');
  // Checked on the UTC year: Intl prints years before 1 AD without a sign, so the zone's would lie.
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) throw new CodecFault(`datetime: year ${year} is outside Python's 1..9999`);
  const wall = instantToWallTime(date, timeZone);
  try {
    return new PyDateTime(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second, null);
  } catch (error) {
    throw new CodecFault(error instanceof CodecError ? error.message : String(error), error);
  }
}

function reservedKey(): CodecFault {
  return new CodecFault(`the dict keys ${INSTANCE_KEY} and ${CLASS_KEY} are reserved: the server would read the dict as a tagged object`);
}

/** Runs a user hook; what it throws becomes a fault that keeps it as the cause. */
function call<T>(hook: () => T, what: string): T {
  try {
    return hook();
  } catch (error) {
    throw new CodecFault(`${what} threw: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}
