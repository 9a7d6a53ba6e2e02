/**
 * The classic server's error bodies: `{"message": ...}` (or `{"validation_errors": {...}}` when a
 * column was refused) on a JSON error, Flask's HTML page on a 500, and `null` for a missing row.
 */
import { HttpError, MultipleResultsError, NoResultError, NotFoundError, type ErrorContext } from '../../errors.js';

/** The `message` (or `validation_errors`) a Flask-Restless error body carries. */
export function serverMessageOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['message', 'validation_errors'] as const) {
    const value = record[key];
    if (typeof value === 'string') return value;
    if (value !== undefined && value !== null) return JSON.stringify(value);
  }
  return undefined;
}

/** The typed error of a non-2xx answer: a GET of a missing row is answered 404 with a `null` body. */
export function classicErrorFor(status: number, body: unknown, context: ErrorContext & { method: string; url: string; retryAfterMs?: number }): HttpError {
  const serverMessage = serverMessageOf(body);
  const described = serverMessage === undefined ? context : { ...context, serverMessage };
  if (status === 404 && context.method === 'GET' && body === null) return new NotFoundError(body, described);
  return new HttpError(status, body, described);
}

/** What a failed `single: true` search means: the server says so in its message (a 404 or a 400). */
export function singleMiss(error: unknown): 'none' | 'many' | undefined {
  const message = HttpError.is(error) || NotFoundError.is(error) ? (error.serverMessage ?? serverMessageOf(error.body)) : undefined;
  if (message === 'No result found') return 'none';
  if (message === 'Multiple results found') return 'many';
  return undefined;
}

export { MultipleResultsError, NoResultError };
