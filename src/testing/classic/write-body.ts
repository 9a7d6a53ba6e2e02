/**
 * Reading the body of a POST, PUT or PATCH as Flask-Restless 0.17 does (docs/protocol/classic/write.md #48-#53, #82-#84):
 * no Content-Type at all is an HTML 500 (`None.startswith`), one that does not start with
 * `application/json` is a 415; then Werkzeug's `get_json()` (a JSON mimetype, UTF-8, valid JSON)
 * or 400 "Unable to decode data"; a falsy document (`null`, `[]`, `0`) counts as `{}`. A document
 * that is not an object goes on into code that was written for dicts, and fails there as shown by
 * `nonObjectAnswer`.
 */
import { pyTruthy } from './python-semantics.js';
import type { WireValue } from '../../query/expression.js';
import type { ModelDef } from '../../schema/datamodel.js';
import { hasField } from './field-assignment.js';
import { htmlErrorResponse, notEmulatedResponse } from './responses.js';
import { viewResponse } from './write-responses.js';

export type WriteBody = { readonly ok: true; readonly data: WireValue } | { readonly ok: false; readonly response: Response };

const NEEDS_JSON = 'Request must have "Content-Type: application/json" header';
const UNDECODABLE = 'Unable to decode data';

/** The request's JSON document, or the server's answer when it has none. */
export async function readWriteBody(request: Request): Promise<WriteBody> {
  const contentType = request.headers.get('content-type');
  if (contentType === null) return { ok: false, response: htmlErrorResponse(500) };
  if (!contentType.startsWith('application/json')) return { ok: false, response: viewResponse(request, 415, { message: NEEDS_JSON }) };
  const mimetype = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  const undecodable = { ok: false, response: viewResponse(request, 400, { message: UNDECODABLE }) } as const;
  if (mimetype !== 'application/json' && !/^application\/.+\+json$/.test(mimetype)) return undecodable;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(await request.arrayBuffer());
  } catch {
    return undecodable;
  }
  let data: WireValue;
  try {
    data = JSON.parse(text) as WireValue;
  } catch {
    if (hasPythonOnlyNumbers(text)) return { ok: false, response: notEmulatedResponse('a JSON body with NaN or Infinity (Python reads them)') };
    return undecodable;
  }
  return { ok: true, data: pyTruthy(data) ? data : {} };
}

/**
 * The answer to a document that is not an object: Python iterates it as field names (a list's
 * items, a string's characters; a number cannot be iterated, an HTML 500). A name that is not a
 * field is the usual 400 (a POST's `validation_errors`, a PATCH's message); a non-string item, or
 * getting past the check, fails on the dict methods (HTML 500), after a PATCH's 404 check.
 */
export function nonObjectAnswer(request: Request, data: WireValue, model: ModelDef, view: 'POST' | 'PATCH', exists: () => boolean): Response {
  const names = Array.isArray(data) ? data : typeof data === 'string' ? Array.from(data) : undefined;
  if (names === undefined) return htmlErrorResponse(500);
  for (const name of names) {
    if (typeof name !== 'string') return htmlErrorResponse(500);
    if (hasField(model, name)) continue;
    return view === 'POST' ? viewResponse(request, 400, { validation_errors: 'Could not determine specific validation errors' }) : viewResponse(request, 400, { message: `Model does not have field '${name}'` });
  }
  if (view === 'PATCH' && !exists()) return viewResponse(request, 404, null, {}, 404);
  return htmlErrorResponse(500);
}

/** Whether `text` would parse with NaN, Infinity or -Infinity taken as numbers (Python's json). */
function hasPythonOnlyNumbers(text: string): boolean {
  const outsideStrings = text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  if (!/\b(?:NaN|Infinity)\b/.test(outsideStrings)) return false;
  try {
    JSON.parse(outsideStrings.replace(/-?\bInfinity\b|\bNaN\b/g, '0'));
    return true;
  } catch {
    return false;
  }
}
