/**
 * The two ways an RPC request ends before a Python answer exists, thrown from deep inside the
 * decoding (the codec's model hook included) and turned into a response by the RPC handlers:
 * - `HtmlAbort`: the server raised outside the view's `try` (bad hex, undecodable payload, a
 *   model argument with an unknown field, a body that is not JSON): Flask's HTML error page;
 * - `NotEmulated`: the server would answer, but the emulator cannot say what (a 501 naming it).
 */
import { htmlErrorResponse, notEmulatedResponse } from './responses.js';

/** Flask's HTML error page for an exception the RPC view does not catch. */
export class HtmlAbort {
  constructor(
    readonly status: 400 | 500,
    /** What the server's log would say, for whoever debugs a test. */
    readonly detail: string,
  ) {}
}

/** A request the emulator does not reproduce: answered 501, never with a made-up server answer. */
export class NotEmulated {
  constructor(readonly what: string) {}
}

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
