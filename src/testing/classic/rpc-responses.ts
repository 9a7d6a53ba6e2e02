/**
 * The bodies of flask-restless-datamodel's RPC views, as recorded (docs/protocol/classic/rpc.md): a view returns
 * `json.dumps(...)` as a STRING, so successes are `text/html` with `", "` separators; `abort()`
 * sends `jsonify(message=...)` (compact, trailing newline); a missing row is `return {}`.
 */
import { FLASK_JSONIFY, pyDumps } from '../../query/python-json.js';
import { respond } from './responses.js';

const HTML = 'text/html; charset=utf-8';

/** 200 `{"payload": "<hex>"}` as text/html: a method's result or a property's value. */
export function payloadResponse(hex: string): Response {
  return respond(200, `{"payload": "${hex}"}`, { 'Content-Type': HTML });
}

/** 200 `{"message": "success"}` as text/html: a property was set and committed. */
export function propertySetResponse(): Response {
  return respond(200, '{"message": "success"}', { 'Content-Type': HTML });
}

/** 200 `{}`: the row does not exist, so nothing was called. */
export function noRowResponse(): Response {
  return respond(200, '{}\n', { 'Content-Type': 'application/json' });
}

/** 500 `{"message": "<text>"}`: the view's `abort(msg)` for an exception inside its `try`. */
export function rpcErrorResponse(message: string): Response {
  return respond(500, `${pyDumps({ message }, FLASK_JSONIFY)}\n`, { 'Content-Type': 'application/json' });
}
