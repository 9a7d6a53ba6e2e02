import { type Observable, catchError, defer, from, map, of, shareReplay, tap, throwError } from 'rxjs';
import { AuthError, HttpError, RestlessError, ValidationError } from '../errors.js';
import { base64OfUtf8 } from './base64.js';
import type { AuthHeaders, HttpClient } from './http.js';

/** Bearer authentication: a form POST of username and password, whose `access_token` is then sent. */
export interface BearerAuth {
  readonly kind: 'bearer';
  readonly username?: string;
  readonly password?: string;
  /** Where to POST the credentials; default `<url>/api/auth`. */
  readonly authUrl?: string;
  /** A token obtained elsewhere: no login request is made for the first token. */
  readonly token?: string;
  /**
   * Returns a fresh access token. Used for the first token when neither `token` nor a username
   * and password are given, and after every 401 (then the request is sent once more).
   */
  readonly refreshToken?: () => Promise<string>;
}

/** HTTP Basic authentication. */
export interface BasicAuth {
  readonly kind: 'basic';
  readonly username: string;
  readonly password: string;
}

/** Fixed headers, for any other scheme (an API key, a session cookie). */
export interface HeaderAuth {
  readonly headers: Readonly<Record<string, string>>;
}

/** What the `auth` option of `connect` takes. */
export type AuthOption = BearerAuth | BasicAuth | HeaderAuth;

/**
 * Bearer authentication, as the Python client's default session does it; a 401 triggers one new
 * login (or one `refreshToken()` call) and one replay of the request.
 * @example connect({ url, auth: bearerAuth({ username: 'roy', password: 'hunter2' }) })
 * @example connect({ url, auth: bearerAuth({ refreshToken: () => myIdentityProvider.accessToken() }) })
 */
export function bearerAuth(options: { username?: string; password?: string; authUrl?: string; token?: string; refreshToken?: () => Promise<string> }): BearerAuth {
  const login = options.username !== undefined && options.password !== undefined;
  if (options.token === undefined && options.refreshToken === undefined && !login) {
    throw new ValidationError('bearerAuth() needs a username and a password, a token, or a refreshToken function');
  }
  if (options.refreshToken !== undefined && typeof options.refreshToken !== 'function') {
    throw new ValidationError('bearerAuth(): refreshToken must be a function returning a Promise of the access token');
  }
  return { kind: 'bearer', ...options };
}

/**
 * HTTP Basic authentication.
 * @example connect({ url, auth: basicAuth({ username: 'roy', password: 'hunter2' }) })
 */
export function basicAuth(options: { username: string; password: string }): BasicAuth {
  return { kind: 'basic', ...options };
}

/** What the HTTP client asks of the auth option: the headers now, and new ones after a 401. */
export interface Authentication {
  readonly authHeaders: () => Observable<AuthHeaders>;
  readonly reauthenticate?: (stale: AuthHeaders) => Observable<AuthHeaders> | undefined;
}

/**
 * Turns an auth option into the headers of every request. A bearer token is obtained once, on the
 * first request that needs it, and shared; it is never put into an error or a log line.
 */
export function authentication(auth: AuthOption | undefined, http: () => HttpClient, defaultAuthUrl: string): Authentication {
  if (auth === undefined) return fixed({});
  if ('headers' in auth) return fixed({ ...auth.headers });
  if (auth.kind === 'basic') return fixed({ Authorization: `Basic ${base64OfUtf8(`${auth.username}:${auth.password}`)}` });
  const session = new BearerSession(auth, http, auth.authUrl ?? defaultAuthUrl);
  return { authHeaders: () => session.headers(), reauthenticate: (stale) => session.renew(stale) };
}

function fixed(headers: AuthHeaders): Authentication {
  return { authHeaders: () => of(headers) };
}

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
class BearerSession {
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
