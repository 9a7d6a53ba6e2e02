/**
 * What the server's uneven RPC answers mean (docs/protocol/classic/rpc.md): success is
 * `{"payload": hex}` labelled text/html, a row that does not exist is a 200 `{}` (nothing was
 * called), an exception raised by the method is a 500 `{"message": "Class: text"}`, and a call the
 * server could not even read is Flask's HTML 500 page. Each becomes one clear outcome.
 */
import { HttpError, NotFoundError, ProtocolError, RpcError, RestlessError } from '../errors.js';

/** Which remote thing a request was for: a method or a property of one row. */
export interface RemoteTarget {
  readonly model: string;
  readonly pk: string | number;
  readonly kind: 'method' | 'property';
  readonly name: string;
  readonly url: string;
  readonly method: 'GET' | 'POST';
}

/** `speak()` for a method, `nickname` for a property. */
function memberOf(target: RemoteTarget): string {
  return target.kind === 'method' ? `${target.name}()` : target.name;
}

/** The hex payload of a 2xx answer, or the error it stands for. */
export function payloadOf(body: unknown, target: RemoteTarget): string {
  const where = context(target);
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const payload = (body as Record<string, unknown>)['payload'];
    if (typeof payload === 'string') return payload;
    if (Object.keys(body).length === 0) {
      // The server looks the row up first and answers `{}` without calling anything.
      throw new NotFoundError(body, { ...where, message: `${target.model} ${String(target.pk)} does not exist on the server; ${memberOf(target)} was not called` });
    }
  }
  throw new ProtocolError(`The server answered ${target.model} ${String(target.pk)} .${memberOf(target)} without a payload`, body, where);
}

/** The error a failed RPC request stands for. */
export function rpcFailure(error: unknown, target: RemoteTarget): unknown {
  if (!(error instanceof HttpError) || !RestlessError.isRestlessError(error)) return error;
  const where = { ...context(target), cause: error };
  const subject = `${target.model} ${String(target.pk)} .${memberOf(target)}`;
  const serverMessage = messageOf(error.body);
  if (serverMessage !== undefined) return new RpcError(`${subject} failed on the server: ${serverMessage}`, serverMessage, where);
  if (error.status === 404) {
    return new RpcError(`The server has no ${subject} (HTTP 404); the datamodel the client was built from may be out of date`, undefined, where);
  }
  if (error.status === 500) {
    // Decoding happens outside the server's try: an argument it cannot read (a datetime with a
    // fixed offset, a dict with non-string keys, an unknown field on a new model instance) or a
    // body it does not expect ends in Flask's error page.
    return new RpcError(`The server could not process ${subject} (HTML 500): it failed before or outside the call, typically on an argument it cannot decode`, undefined, where);
  }
  return error;
}

function messageOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const message = (body as Record<string, unknown>)['message'];
  return typeof message === 'string' ? message : undefined;
}

function context(target: RemoteTarget) {
  return { method: target.method, url: target.url, model: target.model, field: target.name };
}
