/**
 * Responses exactly as the classic server sends them (recorded in docs/protocol/classic/):
 * Werkzeug's upper-case status texts, Flask-Restless JSON (compact, sorted keys, a trailing
 * newline, `Vary: Accept`, JSONP when `callback` is given), and Flask's HTML error pages.
 */
import { HttpResponse } from 'msw';
import type { PyValue } from '../../query/python-json.js';
import { FLASK_DUMPS, FLASK_JSONIFY, pyDumps } from '../../query/python-json.js';

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'CREATED',
  204: 'NO CONTENT',
  400: 'BAD REQUEST',
  404: 'NOT FOUND',
  405: 'METHOD NOT ALLOWED',
  408: 'REQUEST TIMEOUT',
  409: 'CONFLICT',
  415: 'UNSUPPORTED MEDIA TYPE',
  429: 'TOO MANY REQUESTS',
  500: 'INTERNAL SERVER ERROR',
  501: 'NOT IMPLEMENTED',
  502: 'BAD GATEWAY',
  503: 'SERVICE UNAVAILABLE',
  504: 'GATEWAY TIMEOUT',
};

const HTML = 'text/html; charset=utf-8';

const PAGES = {
  400: ['400 Bad Request', 'Bad Request', 'The browser (or proxy) sent a request that this server could not understand.'],
  404: ['404 Not Found', 'Not Found', 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.'],
  405: ['405 Method Not Allowed', 'Method Not Allowed', 'The method is not allowed for the requested URL.'],
  500: [
    '500 Internal Server Error',
    'Internal Server Error',
    'The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.',
  ],
} as const;

/** Allowed methods per route, in the order Werkzeug lists them (recorded). */
export const ALLOW = {
  collection: 'GET, HEAD, POST, OPTIONS',
  instance: 'GET, DELETE, PUT, HEAD, PATCH, OPTIONS',
  relation: 'GET, HEAD, OPTIONS',
  readOnly: 'GET, HEAD, OPTIONS',
  method: 'POST, OPTIONS',
  property: 'GET, HEAD, POST, OPTIONS',
} as const;

/**
 * A Flask-Restless view's answer: `jsonify(body)` with `Vary: Accept`, or, when the request has a
 * non-empty `callback` parameter, `callback({"data": body, "meta": {...}})` (the Content-Type
 * stays application/json, as recorded).
 */
export function restlessResponse(request: Request, status: number, body: PyValue, headers: Readonly<Record<string, string>> = {}): Response {
  const callback = new URL(request.url).searchParams.get('callback');
  // Only the `{_STATUS: 404}` answers of a missing row put their status in meta; error dicts say 200.
  const metaStatus = body === null ? status : 200;
  const text = callback ? `${callback}(${pyDumps({ data: body, meta: jsonpMeta(metaStatus, headers) }, FLASK_DUMPS)})` : `${pyDumps(body, FLASK_JSONIFY)}\n`;
  return respond(status, text, { 'Content-Type': 'application/json', ...headers, Vary: 'Accept' });
}

/** The datamodel: raw `json.dumps` text, sent through `abort()` (no `Vary`, no JSONP). */
export function rawJsonResponse(text: string): Response {
  return respond(200, text, { 'Content-Type': 'application/json' });
}

/** Flask's HTML error page. */
export function htmlErrorResponse(status: 400 | 404 | 405 | 500, allow?: string): Response {
  const [title, heading, description] = PAGES[status];
  const text = `<!doctype html>\n<html lang=en>\n<title>${title}</title>\n<h1>${heading}</h1>\n<p>${description}</p>\n`;
  return respond(status, text, { 'Content-Type': HTML, ...(allow === undefined ? {} : { Allow: allow }) });
}

/** Flask's automatic OPTIONS answer. */
export function optionsResponse(allow: string): Response {
  return respond(200, '', { 'Content-Type': HTML, Allow: allow });
}

/** What the emulator does not do (yet): a 501 that names it, never a made-up server answer. */
export function notEmulatedResponse(what: string): Response {
  return respond(501, `${pyDumps({ message: `flask-restless-rx emulator: ${what} is not emulated` }, FLASK_JSONIFY)}\n`, { 'Content-Type': 'application/json' });
}

/** The same response without its body, as Werkzeug answers HEAD. */
export function withoutBody(response: Response): Response {
  return new HttpResponse(null, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** A response with Werkzeug's status text and the Content-Length of `text` in UTF-8. */
export function respond(status: number, text: string, headers: Readonly<Record<string, string>>): Response {
  const length = String(new TextEncoder().encode(text).length);
  return new HttpResponse(text, { status, statusText: STATUS_TEXT[status] ?? '', headers: { ...headers, 'Content-Length': length } });
}

/** JSONP `meta`: the headers (Link parsed into a list) plus the status. */
function jsonpMeta(status: number, headers: Readonly<Record<string, string>>): Record<string, PyValue> {
  const meta: Record<string, PyValue> = { 'Content-Type': 'application/javascript' };
  for (const [name, value] of Object.entries(headers)) meta[name] = name === 'Link' ? parseLinks(value) : value;
  meta['status'] = status;
  return meta;
}

/** Flask-Restless's `_link_to_json`: `<url>; rel="next", ...` -> `[{"url": ..., "rel": ...}]`. */
function parseLinks(value: string): PyValue {
  return value.split(',').map((part) => {
    const [url = '', ...params] = part.split(';');
    const link: Record<string, string> = { url: url.replace(/^[<> '"]+|[<> '"]+$/g, '') };
    for (const param of params) {
      const [key, val, ...extra] = param.split('=');
      if (key === undefined || val === undefined || extra.length > 0) break;
      link[key.replace(/^[ '"]+|[ '"]+$/g, '')] = val.replace(/^[ '"]+|[ '"]+$/g, '');
    }
    return link;
  });
}
