/**
 * Base64 over bytes with the platform's `btoa`/`atob` (browsers and Node alike), for LargeBinary
 * columns: Node's `Buffer` must not be reached in a browser. Same output as `Buffer`'s 'base64'.
 */

/** Bytes per `String.fromCharCode` call: few enough for any engine's argument limit. */
const CHUNK = 0x8000;

/** Standard base64 with padding. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let start = 0; start < bytes.length; start += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(start, start + CHUNK));
  }
  return btoa(binary);
}

/**
 * The bytes of base64 text; the URL-safe alphabet, missing padding and whitespace are accepted,
 * as `Buffer` accepts them. Throws a `SyntaxError` (a DOMException) on any other character.
 */
export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text.replace(/[\s=]+/g, '').replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
