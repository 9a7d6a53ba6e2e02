const encoder = new TextEncoder();

/** The UTF-8 length of a body, for its Content-Length (portable: the emulator also runs in a browser's service worker page, where there is no Buffer). */
export function byteLength(text: string): number {
  return encoder.encode(text).length;
}
