import { type Observable, defer, from, of, switchMap } from 'rxjs';
import { AuthError, ValidationError } from '../errors.js';
import { base64OfUtf8 } from './base64.js';
import type { BearerSession } from './bearer-session.js';
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
  // The token logic loads on the first request (bearer-session.ts): an app without bearer auth,
  // the usual browser app, never downloads it. The request waits for it as it waits for a token.
  let loading: Promise<BearerSession> | undefined;
  const session = defer(() => {
    loading ??= import('./bearer-session.js').then(
      ({ BearerSession }) => new BearerSession(auth, http, auth.authUrl ?? defaultAuthUrl),
      (error: unknown) => {
        loading = undefined; // a chunk that failed to download may load on the next request
        // An AuthError, not a NetworkError: nothing was sent, so a create must not look in doubt.
        throw new AuthError(`bearerAuth(): the code that obtains the token could not be loaded (${String(error)}); nothing was sent`, { cause: error });
      },
    );
    return from(loading);
  });
  // Whether a 401 can be answered is known from the option itself, so it stays synchronous.
  const canRenew = auth.refreshToken !== undefined || (auth.username !== undefined && auth.password !== undefined);
  return {
    authHeaders: () => session.pipe(switchMap((bearer) => bearer.headers())),
    ...(canRenew ? { reauthenticate: (stale: AuthHeaders) => session.pipe(switchMap((bearer) => bearer.renew(stale) ?? of(stale))) } : {}), // renew() is defined exactly when canRenew
  };
}

function fixed(headers: AuthHeaders): Authentication {
  return { authHeaders: () => of(headers) };
}
