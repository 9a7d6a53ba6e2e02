import { bytesToBase64 } from '../schema/base64.js';

/**
 * Base64 of a string's UTF-8 bytes, with what browsers and Node both have: `Buffer` does not exist
 * in a browser, and `btoa` alone refuses characters beyond Latin-1.
 */
export function base64OfUtf8(text: string): string {
  return bytesToBase64(new TextEncoder().encode(text));
}
