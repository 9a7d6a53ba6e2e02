import { type Observable, defer, map, of, shareReplay } from 'rxjs';
import { ProtocolError } from '../errors.js';
import type { HttpClient } from './http.js';

/** Bearer authentication: a form POST of username and password, whose `access_token` is then sent. */
export interface BearerAuth {
  readonly kind: 'bearer';
  readonly username?: string;
  readonly password?: string;
  /** Where to POST the credentials; default `<url>/api/auth`. */
  readonly authUrl?: string;
  /** A token obtained elsewhere: no request is made. */
  readonly token?: string;
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
 * Bearer authentication, as the Python client's default session does it.
 * @example connect({ url, auth: bearerAuth({ username: 'roy', password: 'hunter2' }) })
 */
export function bearerAuth(options: { username?: string; password?: string; authUrl?: string; token?: string }): BearerAuth {
  return { kind: 'bearer', ...options };
}

/**
 * HTTP Basic authentication.
 * @example connect({ url, auth: basicAuth({ username: 'roy', password: 'hunter2' }) })
 */
export function basicAuth(options: { username: string; password: string }): BasicAuth {
  return { kind: 'basic', ...options };
}

/**
 * Turns an auth option into the headers of every request. The bearer token is requested once,
 * on the first request that needs it, and shared; it is never put into an error or a log line.
 */
export function authHeaders(auth: AuthOption | undefined, http: () => HttpClient, defaultAuthUrl: string): () => Observable<Readonly<Record<string, string>>> {
  if (auth === undefined) return () => of({});
  if ('headers' in auth) {
    const headers = { ...auth.headers };
    return () => of(headers);
  }
  if (auth.kind === 'basic') {
    const encoded = Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64');
    const headers = { Authorization: `Basic ${encoded}` };
    return () => of(headers);
  }
  if (auth.token !== undefined) {
    const headers = { Authorization: `Bearer ${auth.token}` };
    return () => of(headers);
  }
  const url = auth.authUrl ?? defaultAuthUrl;
  const token$ = defer(() =>
    http().request({
      method: 'POST',
      url,
      anonymous: true,
      form: new URLSearchParams({ username: auth.username ?? '', password: auth.password ?? '' }),
    }),
  ).pipe(
    map((response) => {
      const body = response.body;
      const token = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['access_token'] : undefined;
      if (typeof token !== 'string') {
        // The body may hold secrets of its own: say what is missing, not what came.
        throw new ProtocolError(`POST ${url} answered without an access_token`, undefined, { method: 'POST', url });
      }
      return { Authorization: `Bearer ${token}` } as Readonly<Record<string, string>>;
    }),
    // shareReplay resets on error: a failed login is tried again by the next request, a token is kept.
    shareReplay({ bufferSize: 1, refCount: false }),
  );
  return () => token$;
}
