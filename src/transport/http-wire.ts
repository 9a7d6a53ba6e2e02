/**
 * The HTTP layer's port to the dialect: the headers and error bodies of one protocol. Declared
 * here, by its caller, so the transport does not depend on the dialect (see dialect/dialect.ts).
 */
import type { ErrorContext, HttpError } from '../errors.js';

/** The dialect's side of every HTTP exchange. */
export interface HttpWire {
  /** Headers every request carries (the media type the server answers with). */
  readonly headers: Readonly<Record<string, string>>;
  /** The Content-Type of a JSON request body. */
  readonly contentType: string;
  /** The typed error of a non-2xx answer; `body` is parsed JSON, the text, or null. */
  errorFor(status: number, body: unknown, context: ErrorContext & { method: string; url: string; retryAfterMs?: number }): HttpError;
}
