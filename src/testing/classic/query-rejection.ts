/**
 * How the classic server refuses a search, in the terms it answers with. Flask-Restless 0.17
 * catches some failures (a JSON 400 with a fixed message) and lets others escape (Flask's HTML 500
 * page); which one a client gets depends on where in the server's code the input breaks, so the
 * decoder records it precisely. `detail` is the Python exception the server would log, for
 * humans; it is never part of a response.
 */

export type QueryRejection =
  /** `q` is not JSON: 400 `{"message":"Unable to decode data"}`. */
  | { readonly kind: 'undecodable'; readonly detail: string }
  /** A search problem the server catches: 400 `{"message":"Unable to construct query"}`. */
  | { readonly kind: 'unconstructable'; readonly detail: string }
  /** An exception the server does not catch: Flask's HTML 500 page. */
  | { readonly kind: 'server-error'; readonly detail: string }
  /** Valid input whose server behaviour the emulator cannot reproduce (it says so instead of guessing). */
  | { readonly kind: 'unsupported'; readonly detail: string };

/**
 * Thrown inside the decoder to unwind to its entry point, which returns the rejection as data.
 * Never escapes the decoder.
 */
export class Refusal {
  readonly rejection: QueryRejection;
  constructor(rejection: QueryRejection) {
    this.rejection = rejection;
  }
}

/** A search problem the server catches (400 "Unable to construct query"). */
export function unconstructable(detail: string): Refusal {
  return new Refusal({ kind: 'unconstructable', detail });
}

/** An uncaught exception on the server (HTML 500). */
export function serverError(detail: string): Refusal {
  return new Refusal({ kind: 'server-error', detail });
}

/** Something the emulator cannot reproduce faithfully. */
export function unsupported(detail: string): Refusal {
  return new Refusal({ kind: 'unsupported', detail });
}
