/**
 * Base64 of a string's UTF-8 bytes, with what browsers and Node both have (TextEncoder and btoa):
 * `Buffer` does not exist in a browser, and `btoa` alone refuses characters beyond Latin-1.
 */
export function base64OfUtf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
