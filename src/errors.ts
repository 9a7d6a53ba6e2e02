/**
 * The typed error family. Every error the library raises is a `RestlessError` with a stable
 * `code`; checks use the static `is()` guards, which rely on a `Symbol.for` brand so they keep
 * working when two copies of the package end up in one bundle (as Apollo's do).
 */

const BRAND = Symbol.for('flask-restless-rx.error');
/** The codes of an error's class and of every class it extends (so `HttpError.is` accepts a NotFoundError). */
const LINEAGE = Symbol.for('flask-restless-rx.error-lineage');

/** The stable codes of the error family, one per class. */
export type ErrorCode =
  | 'HTTP_ERROR'
  | 'NOT_FOUND'
  | 'NO_RESULT'
  | 'MULTIPLE_RESULTS'
  | 'VALIDATION_ERROR'
  | 'SAVE_ERROR'
  | 'RPC_ERROR'
  | 'DATAMODEL_ERROR'
  | 'CODEC_ERROR'
  | 'NETWORK_ERROR'
  | 'PROTOCOL_ERROR'
  | 'AUTH_ERROR';

/** Where an error happened, as far as it is known. */
export interface ErrorContext {
  method?: string;
  url?: string;
  model?: string;
  field?: string;
  cause?: unknown;
  /** `'unknown'` when the request may or may not have been applied by the server (see `RestlessError.outcome`). */
  outcome?: 'unknown';
}

/** Base class of every error this library raises. */
export class RestlessError extends Error {
  declare readonly [BRAND]: true;
  readonly code: ErrorCode;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly model: string | undefined;
  readonly field: string | undefined;
  /**
   * `'unknown'` when a write may or may not have been applied (its answer was lost, cut short or
   * unusable): whatever the class of the error, the client never sends that write again by itself.
   */
  readonly outcome: 'unknown' | undefined;

  constructor(code: ErrorCode, message: string, context: ErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    Object.defineProperty(this, BRAND, { value: true });
    Object.defineProperty(this, LINEAGE, { value: lineageOf(new.target, code) });
    this.code = code;
    this.method = context.method;
    this.url = context.url;
    this.model = context.model;
    this.field = context.field;
    this.outcome = context.outcome;
  }

  /** True for any error of this family, even from another copy of the package. */
  static isRestlessError(value: unknown): value is RestlessError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/** Each class's own code, so `is()` can accept subclasses across copies of the package. */
const CLASS_CODE = Symbol('flask-restless-rx.class-code');

function lineageOf(target: unknown, code: ErrorCode): readonly ErrorCode[] {
  const codes: ErrorCode[] = [code];
  for (let current = target as { [CLASS_CODE]?: ErrorCode } | null; current; current = Object.getPrototypeOf(current) as typeof current) {
    const own = Object.hasOwn(current, CLASS_CODE) ? current[CLASS_CODE] : undefined;
    if (own !== undefined && !codes.includes(own)) codes.push(own);
  }
  return Object.freeze(codes);
}

/**
 * The `is()` of a class: true for its instances and its subclasses' instances, also when they come
 * from another copy of the package (the codes travel on the error, not the prototype).
 */
function guard<T extends RestlessError>(code: ErrorCode) {
  return (value: unknown): value is T => {
    if (!RestlessError.isRestlessError(value)) return false;
    const lineage = (value as unknown as Record<symbol, unknown>)[LINEAGE];
    return Array.isArray(lineage) ? lineage.includes(code) : value.code === code;
  };
}

/** Declares the code a class stands for (read by `lineageOf` when an instance is built). */
function classCode(target: object, code: ErrorCode): void {
  Object.defineProperty(target, CLASS_CODE, { value: code });
}

/** A non-2xx answer. `body` is the parsed JSON body, or the raw text when it is not JSON (Flask's HTML 500 page). */
export class HttpError extends RestlessError {
  override readonly name: string = 'HttpError';
  readonly status: number;
  readonly body: unknown;
  /** The value of a Retry-After header, in milliseconds, when the server sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(
    status: number,
    body: unknown,
    context: ErrorContext & { retryAfterMs?: number; serverMessage?: string } = {},
    code: ErrorCode = 'HTTP_ERROR',
  ) {
    super(code, `${context.method ?? 'GET'} ${context.url ?? ''} answered ${status}${describeBody(context.serverMessage, body)}`, context);
    this.status = status;
    this.body = body;
    this.retryAfterMs = context.retryAfterMs;
    this.serverMessage = context.serverMessage;
  }

  /** The server's own explanation, as the dialect read it from the error body, when it gave one. */
  readonly serverMessage: string | undefined;

  static is = guard<HttpError>('HTTP_ERROR');
}

/** A 404 for a single resource (the row does not exist). */
export class NotFoundError extends HttpError {
  override readonly name: string = 'NotFoundError';
  /** `context.message` replaces the generic "answered 404" text (an RPC's `{}` answer says more). */
  constructor(body: unknown, context: ErrorContext & { message?: string; serverMessage?: string } = {}) {
    super(404, body, context, 'NOT_FOUND');
    if (context.message !== undefined) this.message = context.message;
  }
  static override is = guard<NotFoundError>('NOT_FOUND');
}

/** `one()` found nothing. */
export class NoResultError extends RestlessError {
  override readonly name: string = 'NoResultError';
  constructor(message: string, context: ErrorContext = {}) {
    super('NO_RESULT', message, context);
  }
  static is = guard<NoResultError>('NO_RESULT');
}

/** `one()` or `oneOrNone()` found more than one row. */
export class MultipleResultsError extends RestlessError {
  override readonly name: string = 'MultipleResultsError';
  constructor(message: string, context: ErrorContext = {}) {
    super('MULTIPLE_RESULTS', message, context);
  }
  static is = guard<MultipleResultsError>('MULTIPLE_RESULTS');
}

/** Bad input caught before anything is sent: an unknown field, a read-only assignment, a wrong argument count. */
export class ValidationError extends RestlessError {
  override readonly name: string = 'ValidationError';
  constructor(message: string, context: ErrorContext = {}) {
    super('VALIDATION_ERROR', message, context);
  }
  static is = guard<ValidationError>('VALIDATION_ERROR');
}

/** The datamodel the server published (or that was passed in) cannot be used. */
export class DatamodelError extends RestlessError {
  override readonly name: string = 'DatamodelError';
  constructor(message: string, context: ErrorContext = {}) {
    super('DATAMODEL_ERROR', message, context);
  }
  static is = guard<DatamodelError>('DATAMODEL_ERROR');
}

/** The request never got an answer: DNS, refused connection, reset, abort by timeout. */
export class NetworkError extends RestlessError {
  override readonly name: string = 'NetworkError';
  /** True when the client gave up waiting (`timeoutMs`): the request may still have reached the server. */
  readonly timedOut: boolean;
  constructor(message: string, context: ErrorContext & { timedOut?: boolean } = {}) {
    super('NETWORK_ERROR', message, context);
    this.timedOut = context.timedOut === true;
  }
  static is = guard<NetworkError>('NETWORK_ERROR');
}

/** The server answered 2xx with something that is not what the protocol promises. */
export class ProtocolError extends RestlessError {
  override readonly name: string = 'ProtocolError';
  readonly body: unknown;
  constructor(message: string, body: unknown, context: ErrorContext = {}) {
    super('PROTOCOL_ERROR', message, context);
    this.body = body;
  }
  static is = guard<ProtocolError>('PROTOCOL_ERROR');
}

/** A value could not be encoded or decoded by the RPC codec. */
export class CodecError extends RestlessError {
  override readonly name: string = 'CodecError';
  constructor(message: string, context: ErrorContext = {}) {
    super('CODEC_ERROR', message, context);
  }
  static is = guard<CodecError>('CODEC_ERROR');
}

/** A remote method raised, or the server could not run it. */
export class RpcError extends RestlessError {
  override readonly name: string = 'RpcError';
  readonly serverMessage: string | undefined;
  constructor(message: string, serverMessage: string | undefined, context: ErrorContext = {}) {
    super('RPC_ERROR', message, context);
    this.serverMessage = serverMessage;
  }
  static is = guard<RpcError>('RPC_ERROR');
}

/** One or more entities could not be saved; each failure is listed with its entity. */
export class SaveError extends RestlessError {
  override readonly name: string = 'SaveError';
  readonly failures: ReadonlyArray<{ readonly entity: unknown; readonly error: unknown }>;
  constructor(message: string, failures: ReadonlyArray<{ entity: unknown; error: unknown }>, context: ErrorContext = {}) {
    super('SAVE_ERROR', message, context);
    this.failures = failures;
  }
  static is = guard<SaveError>('SAVE_ERROR');
}

function describeBody(message: string | undefined, body: unknown): string {
  if (message !== undefined) return `: ${message}`;
  if (typeof body === 'string' && /<title>([^<]*)<\/title>/i.test(body)) {
    return `: ${/<title>([^<]*)<\/title>/i.exec(body)?.[1] ?? ''} (HTML page)`;
  }
  return '';
}

/** An authentication failed: the login was refused, or a 401 persisted after one re-login. Never carries a credential. */
export class AuthError extends RestlessError {
  override readonly name: string = 'AuthError';
  /** The HTTP status of the refusal, when there was one. */
  readonly status: number | undefined;
  constructor(message: string, context: ErrorContext & { status?: number } = {}) {
    super('AUTH_ERROR', message, context);
    this.status = context.status;
  }
  static is = guard<AuthError>('AUTH_ERROR');
}

classCode(HttpError, 'HTTP_ERROR');
classCode(NotFoundError, 'NOT_FOUND');
classCode(NoResultError, 'NO_RESULT');
classCode(MultipleResultsError, 'MULTIPLE_RESULTS');
classCode(ValidationError, 'VALIDATION_ERROR');
classCode(DatamodelError, 'DATAMODEL_ERROR');
classCode(NetworkError, 'NETWORK_ERROR');
classCode(ProtocolError, 'PROTOCOL_ERROR');
classCode(CodecError, 'CODEC_ERROR');
classCode(RpcError, 'RPC_ERROR');
classCode(SaveError, 'SAVE_ERROR');
classCode(AuthError, 'AUTH_ERROR');
