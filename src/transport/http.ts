import { Observable, defer, finalize, of, retry, share, switchMap, throwError, timer } from 'rxjs';
import { HttpError, NetworkError, NotFoundError } from '../errors.js';
import { delayFor, type RetryOptions } from './retry.js';

/** The fetch signature the client needs (cross-fetch, the global fetch, or a test double). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** One HTTP exchange to make. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  /** Serialized as JSON with `Content-Type: application/json` (the classic server needs that header). */
  readonly json?: unknown;
  /** A pre-encoded body with its own content type (the bearer-auth form POST). */
  readonly form?: URLSearchParams;
  readonly headers?: Readonly<Record<string, string>>;
  /** Skip the auth headers (used by the auth request itself). */
  readonly anonymous?: boolean;
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
  readonly authHeaders: () => Observable<Readonly<Record<string, string>>>;
  /** GETs are idempotent: transient failures are retried with backoff (see transport/retry). */
  readonly retry?: RetryOptions;
}

/**
 * The only place that calls `fetch`. Every request is a cold observable: nothing is sent until
 * subscription, and unsubscribing aborts the request. Identical GETs in flight share one request.
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
        const entry: Observable<HttpResponse> = this.#send(request).pipe(
          // Runs when the request ends or its last subscriber leaves (which aborts it).
          finalize(() => {
            if (this.#inflight.get(key) === entry) this.#inflight.delete(key);
          }),
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
    const headers$ = request.anonymous ? of({}) : defer(() => this.#options.authHeaders());
    const sent = headers$.pipe(switchMap((authHeaders) => this.#fetch(request, authHeaders)));
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
  }

  #fetch(request: HttpRequest, authHeaders: Readonly<Record<string, string>>): Observable<HttpResponse> {
    return new Observable<HttpResponse>((subscriber) => {
      const controller = new AbortController();
      const headers: Record<string, string> = { Accept: 'application/json', ...authHeaders, ...request.headers };
      let body: string | URLSearchParams | undefined;
      if (request.json !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(request.json);
      } else if (request.form !== undefined) {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        body = request.form;
      }
      const context = { method: request.method, url: request.url };
      this.#options
        .fetch(request.url, { method: request.method, headers, signal: controller.signal, ...(body === undefined ? {} : { body }) })
        .then(async (response) => {
          const parsed = await readBody(response);
          if (response.ok) {
            subscriber.next({ status: response.status, headers: response.headers, body: parsed });
            subscriber.complete();
            return;
          }
          const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
          subscriber.error(
            response.status === 404 && request.method === 'GET' && parsed === null
              ? new NotFoundError(parsed, context)
              : new HttpError(response.status, parsed, retryAfterMs === undefined ? context : { ...context, retryAfterMs }),
          );
        })
        .catch((cause: unknown) => {
          if (controller.signal.aborted) return;
          const reason = cause instanceof Error ? cause.message : String(cause);
          subscriber.error(new NetworkError(`${request.method} ${request.url} failed: ${reason}`, { ...context, cause }));
        });
      return () => {
        controller.abort();
      };
    });
  }
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
