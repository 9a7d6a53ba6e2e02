import { CodecFault } from './codec-fault.js';

/**
 * Layer 1 of the wire format: lower-case hex, two digits per byte, no prefix or separators
 * (Python's `bytes.hex()`). Written without `Buffer` so the codec runs in browsers; the output goes
 * through one `TextDecoder` call instead of a million string concatenations.
 */

const DIGITS = '0123456789abcdef';
const PAIRS = new Uint8Array(512);
const VALUES = new Int8Array(128).fill(-1);
for (let byte = 0; byte < 256; byte++) {
  PAIRS[byte * 2] = DIGITS.charCodeAt(byte >> 4);
  PAIRS[byte * 2 + 1] = DIGITS.charCodeAt(byte & 15);
}
for (let digit = 0; digit < 16; digit++) {
  VALUES[DIGITS.charCodeAt(digit)] = digit;
  VALUES[DIGITS.toUpperCase().charCodeAt(digit)] = digit;
}
const ascii = new TextDecoder();

/** `Uint8Array [0x00, 0xff]` -> `'00ff'`. */
export function bytesToHex(bytes: Uint8Array): string {
  const out = new Uint8Array(bytes.length * 2);
  for (let i = 0, j = 0; i < bytes.length; i++, j += 2) {
    const at = bytes[i]! * 2;
    out[j] = PAIRS[at]!;
    out[j + 1] = PAIRS[at + 1]!;
  }
  return ascii.decode(out);
}

/**
 * `'00FF'` or `'00ff'` -> `Uint8Array [0x00, 0xff]`. Stricter than Python's `bytes.fromhex`
 * (no whitespace between bytes): the server never sends any, and a stray character is far more
 * likely a truncated or mangled body than formatting.
 */
export function hexToBytes(hex: string): Uint8Array {
  if (typeof hex !== 'string') throw new CodecFault(`expected a hex string, got ${typeof hex}`);
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
