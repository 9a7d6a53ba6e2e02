/**
 * How Flask-Restless 0.17's write views answer (docs/protocol/classic/write.md, and probes of the reference server): the
 * view's dict through `jsonify` with `Vary: Accept`; a 201 with its `Location`; a 204 with no body
 * and no Content-Length. With a `callback` parameter the body is JSONP whose `meta.status` is 200
 * except for the `{_STATUS: 404}` answers of a missing row, and whose meta carries no Location:
 * mimerender sets the status and headers of a view's tuple outside `jsonpify`.
 */
import { HttpResponse } from 'msw';
import type { PyValue } from '../../query/python-json.js';
import { FLASK_DUMPS, FLASK_JSONIFY, pyDumps } from '../../query/python-json.js';
import { DatabaseError } from '../core/database-error.js';
import { respond } from './responses.js';
import { abortOf, abortResponse } from './rpc-abort.js';

/** A view's answer: `body` with `status` (`metaStatus` is what JSONP's meta says). */
export function viewResponse(request: Request, status: number, body: PyValue, headers: Readonly<Record<string, string>> = {}, metaStatus = 200): Response {
  const callback = new URL(request.url).searchParams.get('callback');
  const meta = { 'Content-Type': 'application/javascript', status: metaStatus };
  const text = callback ? `${callback}(${pyDumps({ data: body, meta }, FLASK_DUMPS)})` : `${pyDumps(body, FLASK_JSONIFY)}\n`;
  return respond(status, text, { 'Content-Type': 'application/json', ...headers, Vary: 'Accept' });
}

/** `return {}, 204`: Werkzeug drops the body and its length. */
export function noContentResponse(): Response {
  return new HttpResponse(null, { status: 204, statusText: 'NO CONTENT', headers: { 'Content-Type': 'application/json', Vary: 'Accept' } });
}

/** The answer to a failed write, or undefined for an error that is not a server failure (a bug). */
export function failureResponse(request: Request, error: unknown): Response | undefined {
  if (error instanceof DatabaseError) return viewResponse(request, 400, { message: error.name });
  const abort = abortOf(error);
  return abort === undefined ? undefined : abortResponse(abort);
}
