/**
 * Responses exactly as Flask-Restless-NG 3.3.0 sends them (docs/protocol/jsonapi/): Werkzeug's
 * upper-case status texts; JSON:API documents as `json.dumps` writes them (`", "`/`": "`
 * separators, sorted keys, non-ASCII escaped, no trailing newline) with
 * `Content-Type: application/vnd.api+json`; error documents with all eight keys; and Flask's own
 * HTML pages for unknown URLs, 405s and every unhandled exception (500).
 */
import { HttpResponse } from 'msw';
import type { PyValue } from '../../query/python-json.js';
import { FLASK_DUMPS, pyDumps } from '../../query/python-json.js';
import { byteLength } from './byte-length.js';

export const JSONAPI = 'application/vnd.api+json';
const HTML = 'text/html; charset=utf-8';

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'CREATED',
  204: 'NO CONTENT',
  400: 'BAD REQUEST',
  403: 'FORBIDDEN',
  404: 'NOT FOUND',
  405: 'METHOD NOT ALLOWED',
  406: 'NOT ACCEPTABLE',
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

const PAGES: Readonly<Record<number, readonly [string, string, string]>> = {
  404: ['404 Not Found', 'Not Found', 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.'],
  405: ['405 Method Not Allowed', 'Method Not Allowed', 'The method is not allowed for the requested URL.'],
  500: [
    '500 Internal Server Error',
    'Internal Server Error',
    'The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.',
  ],
};

/** Werkzeug's `Allow` header per route, in the order it was recorded (errors.md #29 to #34). */
export const ALLOW = {
  collection: 'GET, POST, HEAD, OPTIONS',
  resource: 'DELETE, GET, PATCH, HEAD, OPTIONS',
  readOnly: 'GET, HEAD, OPTIONS',
} as const;

/** A JSON:API document (or a 204 without body, which keeps the Content-Type). */
export function documentResponse(status: number, document: PyValue | undefined, headers: Readonly<Record<string, string>> = {}): Response {
  const init = { status, statusText: statusText(status), headers: { 'Content-Type': JSONAPI, ...headers } };
  if (document === undefined) return new HttpResponse(null, init);
  const text = pyDumps(document, FLASK_DUMPS);
  return new HttpResponse(text, { ...init, headers: { ...init.headers, 'Content-Length': String(byteLength(text)) } });
}

/** One error object as NG writes it: every key present, `status` a string (or null where NG leaves it out). */
export interface ErrorSpec {
  readonly detail: string;
  readonly title?: string | null;
  /** `false`: the `status` key is null (the missing-linkage 404s). */
  readonly withStatus?: boolean;
}

/** `{"errors": [...], "jsonapi": {"version": "1.0"}}` with the given status. */
export function errorResponse(status: number, errors: ErrorSpec | readonly ErrorSpec[]): Response {
  const list = Array.isArray(errors) ? (errors as readonly ErrorSpec[]) : [errors as ErrorSpec];
  const objects = list.map((error) => ({
    code: null,
    detail: error.detail,
    id: null,
    links: null,
    meta: null,
    source: null,
    status: error.withStatus === false ? null : String(status),
    title: error.title ?? null,
  }));
  return documentResponse(status, { errors: objects, jsonapi: JSONAPI_VERSION });
}

export const JSONAPI_VERSION = { version: '1.0' } as const;

/** Flask's HTML error page (404, 405 with `Allow`, 500). */
export function htmlPage(status: 404 | 405 | 500, headers: Readonly<Record<string, string>> = {}): Response {
  const [title, heading, text] = PAGES[status] ?? ['', '', ''];
  const body = `<!doctype html>\n<html lang=en>\n<title>${title}</title>\n<h1>${heading}</h1>\n<p>${text}</p>\n`;
  return new HttpResponse(body, { status, statusText: statusText(status), headers: { 'Content-Type': HTML, ...headers, 'Content-Length': String(byteLength(body)) } });
}

/** Flask's automatic OPTIONS answer: an empty HTML response with `Allow`. */
export function optionsResponse(allow: string): Response {
  return new HttpResponse('', { status: 200, statusText: 'OK', headers: { 'Content-Type': HTML, Allow: allow, 'Content-Length': '0' } });
}

/** The answer of a `{ kind: 'status' }` fault, framed as a JSON:API error document unless a body is given. */
export function statusAnswer(status: number, body: string, headers: Readonly<Record<string, string>>): Response {
  if (body !== '') return new HttpResponse(body, { status, statusText: statusText(status), headers: { 'Content-Type': JSONAPI, ...headers } });
  const response = errorResponse(status, { detail: statusText(status) });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function statusText(status: number): string {
  return STATUS_TEXT[status] ?? '';
}
