/**
 * A client's bearer token: the login, the user's `refreshToken()`, and renewal after a 401.
 * Loaded by `authentication()` (auth.ts) on the first request of a client with bearer auth.
 */
import { type Observable, catchError, defer, from, map, of, shareReplay, tap, throwError } from 'rxjs';
import { AuthError, HttpError, RestlessError } from '../errors.js';
import type { BearerAuth } from './auth.js';
import type { AuthHeaders, HttpClient } from './http.js';

/** One token being obtained (`token` unset) or obtained. */
interface TokenEntry {
  readonly token$: Observable<string>;
  token: string | undefined;
}

/**
 * The current bearer token of a client. Concurrent requests share one login; requests that got a
 * 401 with the same stale token share one renewal; a failed login is forgotten, so the next
 * request tries again.
 */
export class BearerSession {
  readonly #auth: BearerAuth;
  readonly #http: () => HttpClient;
  readonly #authUrl: string;
  #current: TokenEntry | undefined;

  constructor(auth: BearerAuth, http: () => HttpClient, authUrl: string) {
    this.#auth = auth;
    this.#http = http;
    this.#authUrl = authUrl;
    if (auth.token !== undefined) this.#current = { token$: defer(() => checked(auth.token)), token: auth.token };
  }

  headers(): Observable<AuthHeaders> {
    return defer(() => (this.#current ??= this.#entry(this.#firstSource())).token$).pipe(map(bearer));
  }

  /** New headers after a 401 on a request sent with `stale`, or undefined when nothing can renew a token. */
  renew(stale: AuthHeaders): Observable<AuthHeaders> | undefined {
    const source = this.#renewSource();
    if (source === undefined) return undefined;
    return defer(() => {
      const current = this.#current;
      // Another request already replaced the token that got the 401, or is replacing it: share that.
      if (current !== undefined && (current.token === undefined || bearer(current.token)['Authorization'] !== stale['Authorization'])) return current.token$;
      const entry = this.#entry(source);
      this.#current = entry;
      return entry.token$;
    }).pipe(map(bearer));
  }

  #firstSource(): () => Observable<string> {
    if (this.#auth.username !== undefined && this.#auth.password !== undefined) return () => this.#login();
    return this.#renewSource() ?? (() => throwError(() => new AuthError('bearerAuth() has no way to obtain a token')));
  }

  #renewSource(): (() => Observable<string>) | undefined {
    const refresh = this.#auth.refreshToken;
    if (refresh !== undefined) return () => refreshed(refresh);
    if (this.#auth.username !== undefined && this.#auth.password !== undefined) return () => this.#login();
    return undefined;
  }

  #entry(source: () => Observable<string>): TokenEntry {
    const entry: TokenEntry = {
      token: undefined,
      token$: defer(source).pipe(
        tap({
          next: (token) => {
            entry.token = token;
          },
          error: () => {
            if (this.#current === entry) this.#current = undefined;
          },
        }),
        // Kept for every later request; not cancelled when the request that started it is.
        shareReplay({ bufferSize: 1, refCount: false }),
      ),
    };
    return entry;
  }

  /** POST username and password as a form; the answer's `access_token` is the token. */
  #login(): Observable<string> {
    const url = this.#authUrl;
    const where = { method: 'POST', url };
    const form = new URLSearchParams({ username: this.#auth.username ?? '', password: this.#auth.password ?? '' });
    return this.#http()
      .request({ method: 'POST', url, anonymous: true, form })
      .pipe(
        catchError((error: unknown) => {
          // The answer's body is left out of every error: a server may echo what it was sent.
          if (error instanceof HttpError && error.status >= 400 && error.status < 500) {
            return throwError(() => new AuthError(`POST ${url} refused the login (${error.status})`, { ...where, status: error.status }));
          }
          if (error instanceof HttpError) return throwError(() => new HttpError(error.status, null, where));
          return throwError(() => error);
        }),
        map((response) => {
          const body = response.body;
          const token = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['access_token'] : undefined;
          if (typeof token !== 'string') throw new AuthError(`POST ${url} answered ${response.status} without an access_token`, where);
          return checkedToken(token, `the access_token POST ${url} answered`);
        }),
      );
  }
}

/** A token from the user's `refreshToken()`; its failure is an AuthError unless it is already one of ours. */
function refreshed(refresh: () => Promise<string>): Observable<string> {
  return defer(() => from(refresh())).pipe(
    catchError((cause: unknown) => throwError(() => (RestlessError.isRestlessError(cause) ? cause : new AuthError('bearerAuth(): refreshToken() failed', { cause })))),
    map((token) => checkedToken(token, 'the token refreshToken() returned')),
  );
}

function checked(token: string | undefined): Observable<string> {
  return of(checkedToken(token, 'the token given to bearerAuth()'));
}

/**
 * A token must be a header value; otherwise fetch would fail with a message that quotes it. The
 * error says what is wrong, never what the token is.
 */
function checkedToken(token: unknown, what: string): string {
  if (typeof token !== 'string' || token.length === 0) throw new AuthError(`${what} is not a non-empty string`);
  if (!/^[\x21-\x7e]+$/.test(token)) throw new AuthError(`${what} cannot be sent in a header (only printable ASCII without spaces can)`);
  return token;
}

function bearer(token: string): AuthHeaders {
  return { Authorization: `Bearer ${token}` };
}
