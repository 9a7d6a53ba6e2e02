/**
 * Error answers of Flask-Restless-NG (docs/protocol/jsonapi/errors.md): a JSON:API error document
 * `{"errors": [{code, detail, id, links, meta, source, status, title}], "jsonapi": ...}` whose
 * `status` is a string, or null (write#39), and whose `title` is set for database errors only;
 * Flask's own answers (unknown URL, 405, every 500) are HTML pages, kept as a short excerpt.
 */
import { HttpError, NotFoundError, type ErrorContext } from '../../errors.js';

/** One entry of an error document, as far as the client reads it. */
export interface JsonApiErrorEntry {
  readonly status: string | undefined;
  readonly title: string | undefined;
  readonly detail: string | undefined;
}

/** The most characters of an HTML page kept in an error's message. */
const EXCERPT_LENGTH = 200;
/** The most entries of an error document named in a message (a document can list one per missing id). */
const MAX_ENTRIES = 5;

/** The entries of a JSON:API error document, or undefined when `body` is not one. */
export function errorEntriesOf(body: unknown): JsonApiErrorEntry[] | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const errors = (body as Record<string, unknown>)['errors'];
  if (!Array.isArray(errors)) return undefined;
  return errors.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null && !Array.isArray(entry)).map((entry) => ({
    status: textOf(entry['status']),
    title: textOf(entry['title']),
    detail: textOf(entry['detail']),
  }));
}

/** The server's explanation: each entry's title and detail, or an excerpt of an HTML page. */
export function serverMessageOf(body: unknown): string | undefined {
  const entries = errorEntriesOf(body);
  if (entries !== undefined) {
    const said = entries.map((entry) => [entry.title, entry.detail].filter((part) => part !== undefined).join(': ')).filter((text) => text.length > 0);
    if (said.length === 0) return undefined;
    const more = said.length > MAX_ENTRIES ? ` (and ${said.length - MAX_ENTRIES} more)` : '';
    return said.slice(0, MAX_ENTRIES).join('; ') + more;
  }
  return typeof body === 'string' ? htmlExcerpt(body) : undefined;
}

/**
 * The typed error of a non-2xx answer. A GET of a missing resource (404, errors#17) is a
 * NotFoundError; a 409 whose detail says the types differ (errors#61, #62) names what happened,
 * which the client's own writes never cause (each entity goes to the endpoint of its own type).
 */
export function jsonapiErrorFor(status: number, body: unknown, context: ErrorContext & { method: string; url: string; retryAfterMs?: number }): HttpError {
  let serverMessage = serverMessageOf(body);
  if (status === 409 && serverMessage !== undefined && /expected type .* but got type/.test(serverMessage)) {
    serverMessage = `the server refused the resource's type (${serverMessage}): a resource must be written to the endpoint of its own type`;
  }
  const described = serverMessage === undefined ? context : { ...context, serverMessage };
  if (status === 404 && context.method === 'GET' && errorEntriesOf(body) !== undefined) return new NotFoundError(body, described);
  return new HttpError(status, body, described);
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** The readable text of an HTML error page: its title and first words, tags and spaces squeezed out. */
export function htmlExcerpt(html: string): string | undefined {
  const text = html
    .slice(0, 20_000)
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length === 0) return undefined;
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text;
}
