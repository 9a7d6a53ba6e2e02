/**
 * Reading an RPC request as flask-restless-datamodel does, outside its `try` (so every failure here
 * is an HTML page): `request.get_json()` (Werkzeug 2.2: not JSON, or no JSON Content-Type, is a
 * 400 page), `bytes.fromhex` (ASCII whitespace between bytes is fine), then cereal-lazer's `loads`
 * through the emulator's codec, with what Python's `Cereal` does differently from the client's:
 * an unknown class tag is its bare payload (a dict), an unknown class reference its bare name, and
 * a zone pytz does not know fails. Then, inside the `try`, `params["args"]`/`params["kwargs"]`.
 */
import { BUILT_IN_TYPES } from '../../rpc/codec/cereal-tags.js';
import { pythonTypeName } from './python-type.js';
import { CodecError } from '../../errors.js';
import { EMULATED, isEmulated } from '../../rpc/codec/emulated-object.js';
import { PyClass } from '../../rpc/codec/py-class.js';
import { PyDateTime } from '../../rpc/codec/py-datetime.js';
import { isServerTimeZone } from '../../rpc/codec/server-time-zone.js';
import type { EmulatorContext } from './context.js';
import { PythonError } from './python-error.js';
import { abortOf, HtmlAbort, NotEmulated } from './rpc-abort.js';
import type { EmulatorSession } from './rpc-session.js';

/** A method call's positional and keyword arguments, as Python would spread them. */
export interface CallArguments {
  readonly args: readonly unknown[];
  readonly kwargs: Readonly<Record<string, unknown>>;
}

/** `request.get_json()`. */
export async function readJson(request: Request): Promise<unknown> {
  const mimetype = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const isJson = mimetype === 'application/json' || (mimetype.startsWith('application/') && mimetype.endsWith('+json'));
  if (!isJson) throw new HtmlAbort(400, `the Content-Type ${JSON.stringify(mimetype)} is not JSON`);
  const text = await request.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HtmlAbort(400, 'the body is not JSON');
  }
}

/** `cr().loads(hex)`: the value a hex payload holds, as the server's Python sees it. */
export function decodePayload(hex: unknown, session: EmulatorSession, ctx: EmulatorContext): unknown {
  if (typeof hex !== 'string') throw new HtmlAbort(500, `TypeError: fromhex() argument must be str, not ${hex === null ? 'None' : typeof hex}`);
  let value: unknown;
  try {
    value = session.codec.decode(fromHex(hex));
  } catch (error) {
    throw abortOf(error) ?? new HtmlAbort(500, error instanceof CodecError ? error.message : String(error));
  }
  return pythonView(value, ctx);
}

/** `params["args"]`, `params["kwargs"]` and their spreading, with the TypeErrors Python raises. */
export function callArguments(params: unknown): CallArguments {
  if (!isDict(params)) throw new PythonError('TypeError', notSubscriptable(params));
  if (!Object.hasOwn(params, 'args')) throw new PythonError('KeyError', "'args'");
  if (!Object.hasOwn(params, 'kwargs')) throw new PythonError('KeyError', "'kwargs'");
  const { args, kwargs } = params;
  // Python's messages here name the method's module, which the datamodel does not publish.
  if (!isDict(kwargs)) throw new NotEmulated('an RPC payload whose "kwargs" is not a dict');
  if (Array.isArray(args)) return { args, kwargs };
  if (typeof args === 'string' || args instanceof Uint8Array) return { args: [...args], kwargs };
  throw new NotEmulated('an RPC payload whose "args" is not a list');
}

/** Python's `bytes.fromhex` rules (ASCII whitespace only between bytes), as the bare hex the codec reads. */
function fromHex(text: string): string {
  if (!/^(?:[\t\n\v\f\r ]*[0-9A-Fa-f]{2})*[\t\n\v\f\r ]*$/.test(text)) throw new HtmlAbort(500, 'ValueError: non-hexadecimal number found in fromhex() arg');
  return text.replace(/[\t\n\v\f\r ]/g, '');
}

/** What the server's `Cereal().loads` holds where the client's codec decodes differently. */
function pythonView(value: unknown, ctx: EmulatorContext): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (isEmulated(value)) return pythonView(value[EMULATED].payload, ctx);
  if (value instanceof PyClass) return ctx.datamodel.models.has(value.name) || BUILT_IN_TYPES.has(value.name) ? value : value.name;
  if (value instanceof PyDateTime) {
    if (value.timeZone !== null && !isServerTimeZone(value.timeZone)) throw new HtmlAbort(500, `pytz.exceptions.UnknownTimeZoneError: '${value.timeZone}'`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => pythonView(item, ctx));
  if (value instanceof Set) return new Set([...value].map((item) => pythonView(item, ctx)));
  if (isDict(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, pythonView(item, ctx)]));
  return value;
}

/** `params["args"]` on something that is not a dict: CPython's message for its type. */
function notSubscriptable(value: unknown): string {
  if (typeof value === 'string') return "string indices must be integers, not 'str'";
  if (Array.isArray(value)) return 'list indices must be integers or slices, not str';
  if (value instanceof Uint8Array) return 'byte indices must be integers or slices, not str';
  const name = pythonTypeName(value);
  // The message names datetime's types with their module.
  const type = name === 'datetime' || name === 'date' ? `datetime.${name}` : name;
  if (type === undefined) throw new NotEmulated('an RPC payload that is neither a dict nor a built-in value');
  return `'${type}' object is not subscriptable`;
}


function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
