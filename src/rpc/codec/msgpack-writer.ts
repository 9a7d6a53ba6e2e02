/**
 * Layer 2: msgpack bytes exactly as the server's msgpack-python 1.0.3 `packb` writes them
 * (smallest int encoding, str8 for 32-255 byte strings, bin types for bytes, float64 for every
 * float).
 *
 * Why not `@msgpack/msgpack`'s `Encoder`: it decides float-or-int from the number alone, so it can
 * never write an integral float64 (`2.0` -> `cb4000000000000000`, needed for Python floats that
 * happen to be whole) nor `-0.0`, and it writes every bigint as a full 8-byte int. The writer is
 * small; the decoder side still uses `@msgpack/msgpack`.
 */

const INITIAL_SIZE = 2048;
/** A buffer grown past this is dropped after the call rather than kept for the codec's lifetime. */
const RETAINED_SIZE = 1 << 20;
/** Strings up to this length are written by a JS loop; longer ones by `TextEncoder.encodeInto`. */
const SHORT_STRING = 48;
const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);
const utf8 = new TextEncoder();

/** An append-only msgpack byte buffer; `take()` returns the bytes and resets it. */
export class MsgpackWriter {
  #bytes = new Uint8Array(INITIAL_SIZE);
  #view = new DataView(this.#bytes.buffer);
  #pos = 0;

  /** The bytes written since the last `take()`; valid until the next write. */
  take(): Uint8Array {
    const written = this.#bytes.subarray(0, this.#pos);
    this.#pos = 0;
    if (this.#bytes.length > RETAINED_SIZE) {
      this.#bytes = new Uint8Array(INITIAL_SIZE);
      this.#view = new DataView(this.#bytes.buffer);
    }
    return written;
  }

  /** Forgets a partly written value (after an encoding failure). */
  reset(): void {
    this.#pos = 0;
  }

  nil(): void {
    this.#ensure(1);
    this.#bytes[this.#pos++] = 0xc0;
  }

  bool(value: boolean): void {
    this.#ensure(1);
    this.#bytes[this.#pos++] = value ? 0xc3 : 0xc2;
  }

  /** A safe integer, in the smallest encoding (Python's rule). */
  int(value: number): void {
    this.#ensure(9);
    const bytes = this.#bytes;
    const view = this.#view;
    const pos = this.#pos;
    if (value >= 0) {
      if (value < 0x80) {
        bytes[pos] = value;
        this.#pos = pos + 1;
      } else if (value < 0x100) {
        bytes[pos] = 0xcc;
        bytes[pos + 1] = value;
        this.#pos = pos + 2;
      } else if (value < 0x10000) {
        bytes[pos] = 0xcd;
        view.setUint16(pos + 1, value);
        this.#pos = pos + 3;
      } else if (value < 0x100000000) {
        bytes[pos] = 0xce;
        view.setUint32(pos + 1, value);
        this.#pos = pos + 5;
      } else {
        bytes[pos] = 0xcf;
        view.setUint32(pos + 1, Math.floor(value / 0x100000000));
        view.setUint32(pos + 5, value >>> 0);
        this.#pos = pos + 9;
      }
    } else if (value >= -0x20) {
      bytes[pos] = value & 0xff;
      this.#pos = pos + 1;
    } else if (value >= -0x80) {
      bytes[pos] = 0xd0;
      view.setInt8(pos + 1, value);
      this.#pos = pos + 2;
    } else if (value >= -0x8000) {
      bytes[pos] = 0xd1;
      view.setInt16(pos + 1, value);
      this.#pos = pos + 3;
    } else if (value >= -0x80000000) {
      bytes[pos] = 0xd2;
      view.setInt32(pos + 1, value);
      this.#pos = pos + 5;
    } else {
      bytes[pos] = 0xd3;
      view.setBigInt64(pos + 1, BigInt(value));
      this.#pos = pos + 9;
    }
  }

  /** False when the value does not fit msgpack's 64-bit ints (Python's packb raises too). */
  bigint(value: bigint): boolean {
    if (value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) {
      this.int(Number(value));
      return true;
    }
    if (value > UINT64_MAX || value < INT64_MIN) return false;
    this.#ensure(9);
    if (value > 0n) {
      this.#bytes[this.#pos] = 0xcf;
      this.#view.setBigUint64(this.#pos + 1, value);
    } else {
      this.#bytes[this.#pos] = 0xd3;
      this.#view.setBigInt64(this.#pos + 1, value);
    }
    this.#pos += 9;
    return true;
  }

  float64(value: number): void {
    this.#ensure(9);
    this.#bytes[this.#pos] = 0xcb;
    this.#view.setFloat64(this.#pos + 1, value);
    this.#pos += 9;
  }

  /** UTF-8; a lone surrogate becomes U+FFFD, as `TextEncoder` (and `fetch`) would make it. */
  str(value: string): void {
    const length = value.length;
    if (length <= SHORT_STRING) {
      this.#ensure(2 + length * 3);
      let ascii = true;
      for (let i = 0; i < length; i++) {
        if (value.charCodeAt(i) >= 0x80) {
          ascii = false;
          break;
        }
      }
      const byteLength = ascii ? length : utf8Length(value);
      this.#strHeader(byteLength);
      if (ascii) {
        const bytes = this.#bytes;
        const pos = this.#pos;
        for (let i = 0; i < length; i++) bytes[pos + i] = value.charCodeAt(i);
      } else {
        utf8.encodeInto(value, this.#bytes.subarray(this.#pos));
      }
      this.#pos += byteLength;
      return;
    }
    // Long strings: encode behind the widest header their length allows, then move them back
    // if the real byte length needs a narrower one (one memmove instead of a counting pass).
    const maxBytes = length * 3;
    const reserved = headerSize(maxBytes);
    this.#ensure(reserved + maxBytes);
    const start = this.#pos;
    const { written } = utf8.encodeInto(value, this.#bytes.subarray(start + reserved));
    const needed = headerSize(written);
    if (needed !== reserved) this.#bytes.copyWithin(start + needed, start + reserved, start + reserved + written);
    this.#strHeader(written);
    this.#pos += written;
  }

  bin(value: Uint8Array): void {
    const length = value.length;
    this.#ensure(5 + length);
    if (length < 0x100) {
      this.#bytes[this.#pos++] = 0xc4;
      this.#bytes[this.#pos++] = length;
    } else if (length < 0x10000) {
      this.#bytes[this.#pos] = 0xc5;
      this.#view.setUint16(this.#pos + 1, length);
      this.#pos += 3;
    } else {
      this.#bytes[this.#pos] = 0xc6;
      this.#view.setUint32(this.#pos + 1, length);
      this.#pos += 5;
    }
    this.#bytes.set(value, this.#pos);
    this.#pos += length;
  }

  arrayHeader(size: number): void {
    this.#containerHeader(size, 0x90, 0xdc);
  }

  mapHeader(size: number): void {
    this.#containerHeader(size, 0x80, 0xde);
  }

  /** Pre-encoded bytes (the constant cereal tag prefixes). */
  raw(bytes: Uint8Array): void {
    this.#ensure(bytes.length);
    this.#bytes.set(bytes, this.#pos);
    this.#pos += bytes.length;
  }

  #containerHeader(size: number, fix: number, sized16: number): void {
    this.#ensure(5);
    if (size < 16) {
      this.#bytes[this.#pos++] = fix | size;
    } else if (size < 0x10000) {
      this.#bytes[this.#pos] = sized16;
      this.#view.setUint16(this.#pos + 1, size);
      this.#pos += 3;
    } else {
      this.#bytes[this.#pos] = sized16 + 1;
      this.#view.setUint32(this.#pos + 1, size);
      this.#pos += 5;
    }
  }

  #strHeader(byteLength: number): void {
    const bytes = this.#bytes;
    if (byteLength < 32) {
      bytes[this.#pos++] = 0xa0 | byteLength;
    } else if (byteLength < 0x100) {
      bytes[this.#pos++] = 0xd9;
      bytes[this.#pos++] = byteLength;
    } else if (byteLength < 0x10000) {
      bytes[this.#pos] = 0xda;
      this.#view.setUint16(this.#pos + 1, byteLength);
      this.#pos += 3;
    } else {
      bytes[this.#pos] = 0xdb;
      this.#view.setUint32(this.#pos + 1, byteLength);
      this.#pos += 5;
    }
  }

  #ensure(extra: number): void {
    const needed = this.#pos + extra;
    if (needed <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(needed, this.#bytes.length * 2));
    grown.set(this.#bytes.subarray(0, this.#pos));
    this.#bytes = grown;
    this.#view = new DataView(grown.buffer);
  }
}

function headerSize(byteLength: number): number {
  return byteLength < 32 ? 1 : byteLength < 0x100 ? 2 : byteLength < 0x10000 ? 3 : 5;
}

/** UTF-8 byte length with `TextEncoder`'s handling of lone surrogates (3 bytes of U+FFFD). */
function utf8Length(value: string): number {
  let length = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x80) length += 1;
    else if (code < 0x800) length += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      length += 4;
      i++;
    } else length += 3;
  }
  return length;
}
