import { CodecFault } from './codec-fault.js';

/**
 * Layer 1 of the wire format: lower-case hex, two digits per byte, no prefix or separators
 * (Python's `bytes.hex()`). Node's `Buffer` does it natively and 2.5x faster, so it is used when
 * present; the portable versions serve browsers (and are tested against it).
 */

interface HexBuffer {
  from(data: ArrayBufferLike, offset: number, length: number): { toString(encoding: 'hex'): string };
  from(data: string, encoding: 'hex'): Uint8Array;
}

const NodeBuffer = (globalThis as { Buffer?: HexBuffer }).Buffer;

const DIGITS = '0123456789abcdef';
/** Byte -> its two ASCII digits as one 16-bit unit, in the platform's byte order. */
const PAIRS = new Uint16Array(256);
const VALUES = new Int8Array(128).fill(-1);
{
  const pairBytes = new Uint8Array(PAIRS.buffer);
  for (let byte = 0; byte < 256; byte++) {
    pairBytes[byte * 2] = DIGITS.charCodeAt(byte >> 4);
    pairBytes[byte * 2 + 1] = DIGITS.charCodeAt(byte & 15);
  }
  for (let digit = 0; digit < 16; digit++) {
    VALUES[DIGITS.charCodeAt(digit)] = digit;
    VALUES[DIGITS.toUpperCase().charCodeAt(digit)] = digit;
  }
}
const ascii = new TextDecoder();

/** `Uint8Array [0x00, 0xff]` -> `'00ff'`. */
export function bytesToHex(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
  return portableBytesToHex(bytes);
}

/**
 * `'00FF'` or `'00ff'` -> `Uint8Array [0x00, 0xff]`. Stricter than Python's `bytes.fromhex`
 * (no whitespace between bytes): the server never sends any, and a stray character is far more
 * likely a truncated or mangled body than formatting.
 */
export function hexToBytes(hex: string): Uint8Array {
  if (typeof hex !== 'string') throw new CodecFault(`expected a hex string, got ${typeof hex}`);
  if (hex.length % 2 !== 0) throw new CodecFault(`the hex string has an odd length (${hex.length}), so it is truncated or mangled`);
  if (NodeBuffer) {
    // Buffer stops at the first non-hex pair, so a short result means a bad digit: find it.
    const bytes = NodeBuffer.from(hex, 'hex');
    // A plain view, so nothing downstream ever hands a Node Buffer to the user.
    if (bytes.length * 2 === hex.length) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  }
  return portableHexToBytes(hex);
}

/** `bytesToHex` without `Buffer`: one table lookup per byte, then one `TextDecoder` call. */
export function portableBytesToHex(bytes: Uint8Array): string {
  const out = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = PAIRS[bytes[i]!]!;
  return ascii.decode(out);
}

/** `hexToBytes` without `Buffer` (and the validation for both). */
export function portableHexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw new CodecFault(`the hex string has an odd length (${hex.length}), so it is truncated or mangled`);
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0, j = 0; j < hex.length; i++, j += 2) {
    const high = digitAt(hex, j);
    const low = digitAt(hex, j + 1);
    if ((high | low) < 0) {
      const at = high < 0 ? j : j + 1;
      throw new CodecFault(`${JSON.stringify(hex.charAt(at))} at index ${at} of the hex string is not a hex digit`);
    }
    bytes[i] = (high << 4) | low;
  }
  return bytes;
}

function digitAt(hex: string, index: number): number {
  const code = hex.charCodeAt(index);
  return code < 128 ? VALUES[code]! : -1;
}
