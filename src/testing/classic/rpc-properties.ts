/**
 * `<api>/property/<collection>/<pk>/<name>`: flask-restless-datamodel's `object_property` (docs/protocol/classic/rpc.md
 * #52-#59). GET reads the property and encodes it with no `try` around either (a getter that raises
 * is an HTML 500) and never commits. Any other routed verb (POST, and HEAD, which Flask routes
 * here too) sets it: the body must be a bare JSON string of hex, decoded outside the `try`; inside
 * it, a read-only property or a setter that raises is `500 {"message": "Could not set property:
 * ..."}`, and a successful set is committed.
 */
import { ValidationError } from '../../errors.js';
import type { ModelDef } from '../../schema/datamodel.js';
import type { EmulatorContext } from './context.js';
import { pythonStr } from './python-error.js';
import { abortOf, abortResponse, HtmlAbort, NotEmulated } from './rpc-abort.js';
import type { RpcRow } from './rpc-implementations.js';
import { decodePayload, readJson } from './rpc-payload.js';
import { noRowResponse, payloadResponse, propertySetResponse, rpcErrorResponse } from './rpc-responses.js';
import { EmulatorSession } from './rpc-session.js';

/** The answer to a property request (the route exists: the datamodel lists `name`). */
export async function propertyRequest(request: Request, model: ModelDef, id: string, name: string, ctx: EmulatorContext): Promise<Response> {
  const stored = ctx.db.find(model, id);
  if (stored === undefined) return noRowResponse();
  const session = new EmulatorSession(ctx);
  const self = session.adopt(stored);
  const rowModel = stored.model;
  try {
    if (request.method.toUpperCase() === 'GET') return getProperty(self, rowModel, name, session, ctx);
    const settable = rowModel.properties.get(name) ?? model.properties.get(name) ?? false;
    return await setProperty(request, self, rowModel, name, settable, session, ctx);
  } catch (error) {
    session.rollback();
    const abort = abortOf(error);
    if (abort === undefined) throw error;
    return abortResponse(abort);
  }
}

function getProperty(self: RpcRow, rowModel: ModelDef, name: string, session: EmulatorSession, ctx: EmulatorContext): Response {
  const found = ctx.rpc.implementations.property(rowModel, name);
  if (found === undefined) throw new NotEmulated(`reading ${rowModel.name}.${name} without an implementation (give one in the emulator's properties option)`);
  const where = `${found.definedOn.name}.${name}`;
  let value: unknown;
  try {
    value = found.implementation.get(self, session.api);
    session.flush();
  } catch (error) {
    // `getattr(instance, name)` runs outside the view's try.
    throw new HtmlAbort(500, `reading ${where} raised ${pythonStr(error)}`);
  }
  checkSynchronous(value, where);
  let hex: string;
  try {
    hex = session.encodeResult(value, where);
  } catch (error) {
    if (ValidationError.is(error)) throw error;
    throw abortOf(error) ?? new HtmlAbort(500, `encoding ${where} failed: ${pythonStr(error)}`);
  }
  // Nothing commits a GET: Flask-SQLAlchemy discards the session at the end of the request.
  session.rollback();
  return payloadResponse(hex);
}

async function setProperty(request: Request, self: RpcRow, rowModel: ModelDef, name: string, settable: boolean, session: EmulatorSession, ctx: EmulatorContext): Promise<Response> {
  const value = decodePayload(await readJson(request), session, ctx);
  if (!settable) {
    return rpcErrorResponse(`Could not set property: property '${name}' of '${rowModel.name}' object has no setter`);
  }
  const found = ctx.rpc.implementations.property(rowModel, name);
  const set = found?.implementation.set;
  if (found === undefined || set === undefined) throw new NotEmulated(`setting ${rowModel.name}.${name} without an implementation of its set`);
  let returned: unknown;
  try {
    returned = set.call(found.implementation, self, value, session.api);
  } catch (error) {
    session.rollback();
    return rpcErrorResponse(`Could not set property: ${pythonStr(error)}`);
  }
  checkSynchronous(returned, `${found.definedOn.name}.${name}`);
  try {
    session.commit();
  } catch (error) {
    session.rollback();
    return rpcErrorResponse(`Could not set property: ${pythonStr(error)}`);
  }
  return propertySetResponse();
}

function checkSynchronous(value: unknown, where: string): void {
  if (typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function') {
    throw new ValidationError(`${where}: an emulated property must be synchronous, not return a promise`);
  }
}
