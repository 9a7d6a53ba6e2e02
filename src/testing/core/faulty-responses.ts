/**
 * Answers that arrive damaged: what a dying connection or a meddling proxy delivers in place of
 * the server's answer. The server's status is kept, so a client sees a 2xx it cannot use, which
 * is the case it is least likely to handle.
 */
import type { GarbledBody } from './faults.js';

/**
 * The answer with its headers and the full body's Content-Length, whose body stream errors after
 * the first half: reading it fails (`TypeError: terminated` from Node's fetch), as when the
 * connection drops mid-body.
 */
export async function truncated(response: Response): Promise<Response> {
  // A bodiless answer (204) has nothing to cut: the connection drops before it is complete.
  if (response.body === null || NO_BODY.has(response.status)) return Response.error();
  const bytes = new Uint8Array(await response.arrayBuffer());
  const half = bytes.subarray(0, Math.floor(bytes.length / 2));
  let sent = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent) {
        controller.error(new TypeError('terminated: the connection closed mid-body'));
        return;
      }
      sent = true;
      controller.enqueue(half);
    },
  });
  const headers = new Headers(response.headers);
  headers.set('Content-Length', String(bytes.length));
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

const NO_BODY: ReadonlySet<number> = new Set([204, 205, 304]);

const GARBAGE: Readonly<Record<GarbledBody, { readonly text: string; readonly type: string | undefined }>> = {
  // The server's Content-Type is kept: JSON-labelled garbage.
  text: { text: 'garbled \u0000\u00ff{ not json', type: undefined },
  html: { text: '<!DOCTYPE html>\n<html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>\n', type: 'text/html; charset=utf-8' },
  'empty-object': { text: '{}\n', type: 'application/json' },
};

/** The answer's status, with `as` in place of its body. */
export function garbled(response: Response, as: GarbledBody): Response {
  const garbage = GARBAGE[as];
  const headers = new Headers(response.headers);
  headers.delete('Content-Length');
  if (garbage.type !== undefined) headers.set('Content-Type', garbage.type);
  // A bodiless status (204) cannot carry garbage: it becomes a 200.
  const status = NO_BODY.has(response.status) ? 200 : response.status;
  return new Response(garbage.text, { status, statusText: status === response.status ? response.statusText : 'OK', headers });
}
