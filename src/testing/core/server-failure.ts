/**
 * The two ways a request ends before the view has an answer, thrown from deep inside a handler
 * (the database session, a codec hook) and turned into a response by the dialect that serves it:
 * - `HtmlAbort`: the server raised outside the view's `try` (bad hex, undecodable payload, a
 *   NULL identity key at flush, a body that is not JSON): Flask's HTML error page;
 * - `NotEmulated`: the server would answer, but the emulator cannot say what (a 501 naming it).
 * They live in the core because the database session throws them; the pages are the dialect's.
 */

/** Flask's HTML error page for an exception the view does not catch. */
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
