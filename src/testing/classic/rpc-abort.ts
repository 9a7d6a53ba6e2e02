/**
 * The two ways an RPC request ends before a Python answer exists, thrown from deep inside the
 * decoding (the codec's model hook included) and turned into a response by the RPC handlers:
 * - `HtmlAbort`: the server raised outside the view's `try` (bad hex, undecodable payload, a
 *   model argument with an unknown field, a body that is not JSON): Flask's HTML error page;
 * - `NotEmulated`: the server would answer, but the emulator cannot say what (a 501 naming it).
 */
import { HtmlAbort, NotEmulated } from '../core/server-failure.js';
import { htmlErrorResponse, notEmulatedResponse } from './responses.js';

export { HtmlAbort, NotEmulated };

/** The marker an error carries itself or as its cause (the codec wraps what its hooks throw). */
export function abortOf(error: unknown): HtmlAbort | NotEmulated | undefined {
  const cause = error instanceof Error ? error.cause : undefined;
  for (const candidate of [error, cause]) if (candidate instanceof HtmlAbort || candidate instanceof NotEmulated) return candidate;
  return undefined;
}

/** The response an abort stands for. */
export function abortResponse(abort: HtmlAbort | NotEmulated): Response {
  return abort instanceof HtmlAbort ? htmlErrorResponse(abort.status) : notEmulatedResponse(abort.what);
}
