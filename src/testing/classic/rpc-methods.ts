/**
 * `POST <api>/method/<collection>/<pk>/<name>`: flask-restless-datamodel's `run_object_method`,
 * step by step (docs/protocol/classic/rpc.md): no row is `{}` before the body is even read; the body and the payload are
 * decoded outside the `try` (HTML pages); inside it, the arguments are bound, the implementation
 * runs and its result is encoded, and any exception becomes `500 {"message": "Class: text"}`. The
 * session is then committed (`commitOnMethodReturn`) or rolled back; after an exception, always
 * rolled back (Flask-SQLAlchemy discards the session at the end of the request).
 */
import { ValidationError } from '../../errors.js';
import type { ModelDef } from '../../schema/datamodel.js';
import type { EmulatorContext } from './context.js';
import { PythonError, pythonMessage } from './python-error.js';
import { abortOf, abortResponse, HtmlAbort, NotEmulated } from './rpc-abort.js';
import { bindArguments } from './rpc-binding.js';
import { callArguments, decodePayload, readJson } from './rpc-payload.js';
import { noRowResponse, payloadResponse, rpcErrorResponse } from './rpc-responses.js';
import { EmulatorSession } from './rpc-session.js';

/** The answer to a method call on `model`'s row `id` (the route exists: the datamodel lists `name`). */
export async function callMethod(request: Request, model: ModelDef, id: string, name: string, ctx: EmulatorContext): Promise<Response> {
  const stored = ctx.db.find(model, id);
  if (stored === undefined) return noRowResponse();
  const session = new EmulatorSession(ctx);
  const self = session.adopt(stored);
  let params: unknown;
  try {
    const body = await readJson(request);
    if (typeof body !== 'object' || body === null || Array.isArray(body) || !Object.hasOwn(body, 'payload')) throw new HtmlAbort(500, "KeyError: 'payload' (or the body is not a dict)");
    params = decodePayload((body as Record<string, unknown>)['payload'], session, ctx);
  } catch (error) {
    return respondToAbort(error);
  }
  const found = ctx.rpc.implementations.method(stored.model, name);
  const signature = found === undefined ? undefined : ctx.rpc.implementations.signature(found, name, model);
  if (found === undefined || signature === undefined) {
    return abortResponse(new NotEmulated(`${stored.model.name}.${name}() without an implementation (give one in the emulator's methods option)`));
  }
  const qualname = `${found.definedOn.name}.${name}`;
  let result: unknown;
  try {
    const { args, kwargs } = callArguments(params);
    result = found.implementation(self, bindArguments(qualname, signature, args, kwargs), session.api);
  } catch (error) {
    session.rollback();
    const abort = abortOf(error);
    return abort === undefined ? rpcErrorResponse(pythonMessage(error)) : abortResponse(abort);
  }
  if (typeof result === 'object' && result !== null && typeof (result as { then?: unknown }).then === 'function') {
    session.rollback();
    throw new ValidationError(`${qualname}: an emulated method must return its result, not a promise`, { model: found.definedOn.name, field: name });
  }
  let flushed = true;
  try {
    session.flush();
  } catch {
    flushed = false;
    // A change the database refuses: Python would not have flushed it before the rollback, or its
    // commit would have failed, which the view ignores. Either way the row keeps its old values.
    session.rollback();
  }
  let hex: string;
  try {
    hex = session.encodeResult(result, `${qualname}()`);
  } catch (error) {
    session.rollback();
    if (PythonError.is(error)) return rpcErrorResponse(pythonMessage(error));
    return respondToAbort(error);
  }
  if (ctx.rpc.commitOnMethodReturn && flushed) session.commit();
  else session.rollback();
  return payloadResponse(hex);
}

/** An abort's response; anything else is not the server's answer but a failure of the emulator's user. */
function respondToAbort(error: unknown): Response {
  const abort = abortOf(error);
  if (abort === undefined) throw error;
  return abortResponse(abort);
}
