import { Observable, catchError, defer, finalize, of, retry, share, switchMap, tap, throwError, timer } from 'rxjs';
import type { HttpWire } from './http-wire.js';
import { AuthError, HttpError, NetworkError } from '../errors.js';
import { delayFor, type RetryOptions } from './retry.js';
import { emitLog, loggableUrl, type RequestLogRecord, type RequestOutcome } from './request-log.js';

/** The fetch signature the client needs (the platform's fetch, cross-fetch, or a test double). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Headers that authenticate a request. */
export type AuthHeaders = Readonly<Record<string, string>>;

/** How long a request may take, headers and body, unless `timeoutMs` says otherwise. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** One HTTP exchange to make. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  /** Serialized as JSON, labelled with the dialect's content type. */
  readonly json?: unknown;
  /** A pre-encoded body with its own content type (the bearer-auth form POST). */
  readonly form?: URLSearchParams;
  readonly headers?: Readonly<Record<string, string>>;
  /** Skip the auth headers (used by the auth request itself). */
  readonly anonymous?: boolean;
  /** This request's deadline, headers and body, instead of the client's `timeoutMs`. */
  readonly timeoutMs?: number;
}

/** A 2xx answer: parsed JSON when the body is JSON, the text otherwise, null when empty. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

export interface HttpClientOptions {
  readonly fetch: FetchLike;
  /** Headers to add to every request; an observable so that a token can be fetched lazily. */
  readonly authHeaders?: () => Observable<AuthHeaders>;
  /**
   * Called when a request sent with `stale` headers was answered 401: fresh headers for ONE replay
   * (it must emit once or error), or undefined when there is no way to get any (a fixed token).
   */
  readonly reauthenticate?: (stale: AuthHeaders) => Observable<AuthHeaders> | undefined;
  /** GETs are idempotent: transient failures are retried with backoff (see transport/retry). */
  readonly retry?: RetryOptions;
  /** The deadline of every request, headers and body, in ms (default 30,000). */
  readonly timeoutMs?: number;
  /** The dialect's headers, body type and error bodies (default: plain JSON, errors as HttpError). */
  readonly wire?: HttpWire;
  /** Receives one record per send (see request-log.ts); never headers or bodies. */
  readonly logger?: (record: RequestLogRecord) => void;
}

/** HTTP with JSON bodies and no knowledge of a server's error documents. */
const PLAIN_JSON: HttpWire = {
  headers: {},
  contentType: 'application/json',
  errorFor: (status, body, context) => new HttpError(status, body, context),
};

/**
 * The only place that calls `fetch`. Every request is a cold observable: nothing is sent until
 * subscription, and unsubscribing aborts the request. Identical GETs in flight share one request.
 * Every request has a deadline, and a 401 gets one new login and one replay.
 */
export class HttpClient {
  readonly #options: HttpClientOptions;
  readonly #inflight = new Map<string, Observable<HttpResponse>>();

  constructor(options: HttpClientOptions) {
    this.#options = options;
  }

  /** Sends `request`; emits its response once and completes, or errors with a typed error. */
  request(request: HttpRequest): Observable<HttpResponse> {
    if (request.method !== 'GET' || request.headers !== undefined) return this.#send(request);
    const key = request.url;
    // Looked up at subscription time: a GET for a URL already in flight joins that request.
    return defer(() => {
      let shared = this.#inflight.get(key);
      if (!shared) {
        const leave = (): void => {
          if (this.#inflight.get(key) === entry) this.#inflight.delete(key);
        };
        const entry: Observable<HttpResponse> = this.#send(request).pipe(
          // Leaves the map as the answer arrives, BEFORE share hands it out: a subscriber's reaction
          // may ask for the same URL at once, and joining now would give it only the completion, an
          // empty answer (a reference check passed without a count).
          tap({ next: leave }),
          // Runs when the request ends or its last subscriber leaves (which aborts it).
          finalize(leave),
          share({ resetOnError: true, resetOnComplete: true, resetOnRefCountZero: true }),
        );
        this.#inflight.set(key, entry);
        shared = entry;
      }
      return shared;
    });
  }

  /** How many distinct GETs are in flight (for tests of sharing and teardown). */
  get inflightCount(): number {
    return this.#inflight.size;
  }

  #send(request: HttpRequest): Observable<HttpResponse> {
    // One counter per request, shared by its retries and its 401 replay, so the log numbers them.
    return defer(() => {
      const attempts = { count: 0 };
      const sent = request.anonymous ? this.#fetch(request, {}, attempts) : this.#authenticated(request, attempts);
      if (request.method !== 'GET') return sent;
      const options = this.#options.retry ?? {};
      return sent.pipe(
        retry({
          delay: (error: unknown, attempt: number) => {
            const delay = delayFor(attempt, error, options);
            return delay === undefined ? throwError(() => error) : timer(delay);
          },
        }),
      );
    });
  }

  /** The request with the auth headers; on a 401, one new login and one replay. */
  #authenticated(request: HttpRequest, attempts: { count: number }): Observable<HttpResponse> {
    const headers$ = defer(() => this.#options.authHeaders?.() ?? of({}));
    return headers$.pipe(
      switchMap((headers) =>
        this.#fetch(request, headers, attempts).pipe(
          catchError((error: unknown) => {
            if (!isUnauthorized(error)) return throwError(() => error);
            const renewed = this.#options.reauthenticate?.(headers);
            if (renewed === undefined) {
              const why = Object.keys(headers).length === 0
                ? ': the server wants credentials; give connect() an `auth` option'
                : ': the server refused the credentials, and these cannot be renewed (a fixed token, a password, fixed headers)';
              return throwError(() => refusal(request, why));
            }
            // Replaying is safe even for a POST: a 401 is the server refusing the request before
            // acting on it, so the first one changed nothing and the replay cannot apply it twice.
            return renewed.pipe(
              switchMap((fresh) => this.#fetch(request, fresh, attempts)),
              catchError((second: unknown) => throwError(() => (isUnauthorized(second) ? refusal(request, ' again after a new login: the server refuses these credentials') : second))),
            );
          }),
        ),
      ),
    );
  }

  #fetch(request: HttpRequest, authHeaders: AuthHeaders, attempts: { count: number }): Observable<HttpResponse> {
    return new Observable<HttpResponse>((subscriber) => {
      attempts.count += 1;
      const attempt = attempts.count;
      const started = Date.now();
      let logged = false;
      const log = (outcome: RequestOutcome, status?: number): void => {
        if (logged) return;
        logged = true;
        emitLog(this.#options.logger, (): RequestLogRecord => ({ kind: 'request', method: request.method, url: loggableUrl(request.url), status, durationMs: Date.now() - started, attempt, outcome }));
      };
      const controller = new AbortController();
      const wire = this.#options.wire ?? PLAIN_JSON;
      const headers: Record<string, string> = { ...wire.headers, ...authHeaders, ...request.headers };
      let body: string | URLSearchParams | undefined;
      if (request.json !== undefined) {
        headers['Content-Type'] = wire.contentType;
        body = JSON.stringify(request.json);
      } else if (request.form !== undefined) {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        body = request.form;
      }
      const context = { method: request.method, url: request.url };
      const timeoutMs = request.timeoutMs ?? this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      let headersCame = false;
      // Once the answer is read (or the fetch failed) there is nothing left to abort: aborting a
      // settled request costs a fifth of a save's client time for nothing.
      let settled = false;
      // Our own timer, not only the signal: a fetch that ignores the AbortSignal (or a body
      // stream that never ends, as node-fetch's does when the connection drops mid-body) must
      // not keep the caller, and the write queue behind it, waiting for ever. No `cause` with
      // an error code: nothing says the server did not get the request.
      const deadline = setTimeout(() => {
        const what = headersCame ? 'the headers came, the body did not finish' : 'no headers came';
        log('timeout');
        subscriber.error(new NetworkError(`${request.method} ${request.url}: no complete answer within ${timeoutMs} ms (${what})`, { ...context, timedOut: true }));
      }, timeoutMs);
      this.#options
        .fetch(request.url, { method: request.method, headers, signal: controller.signal, ...(body === undefined ? {} : { body }) })
        .then(async (response) => {
          headersCame = true;
          const parsed = await readBody(response);
          settled = true;
          if (subscriber.closed) return;
          log(response.ok ? 'ok' : 'http-error', response.status);
          if (response.ok) {
            subscriber.next({ status: response.status, headers: response.headers, body: parsed });
            subscriber.complete();
            return;
          }
          const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
          subscriber.error(wire.errorFor(response.status, parsed, retryAfterMs === undefined ? context : { ...context, retryAfterMs }));
        })
        .catch((cause: unknown) => {
          settled = true;
          if (controller.signal.aborted || subscriber.closed) return;
          log('network-error');
          const reason = cause instanceof Error ? cause.message : String(cause);
          subscriber.error(new NetworkError(`${request.method} ${request.url} failed: ${reason}`, { ...context, cause }));
        });
      return () => {
        clearTimeout(deadline);
        if (!settled) {
          log('aborted');
          controller.abort();
        }
      };
    });
  }
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof HttpError && error.status === 401;
}

/**
 * The AuthError of a request the server kept refusing. Built from the request alone: the 401's
 * body is left out (a server may echo what it was sent), and so are the headers (the token).
 */
function refusal(request: HttpRequest, why: `: ${string}` | ` ${string}`): AuthError {
  return new AuthError(`${request.method} ${request.url} answered 401${why}`, { method: request.method, url: request.url, status: 401 });
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.length === 0) return null;
  const type = response.headers.get('Content-Type') ?? '';
  // The RPC endpoints answer JSON labelled text/html, so JSON-looking text is tried as JSON too.
  if (type.includes('json') || /^\s*[[{"]|^\s*null\s*$/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
