import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { firstValueFrom, forkJoin, lastValueFrom } from 'rxjs';
import { AuthError, HttpError, NetworkError } from '../errors.js';
import { authentication, bearerAuth, type AuthOption } from './auth.js';
import { HttpClient, type FetchLike } from './http.js';

const PASSWORD = 'hunter2-pw';
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** A server that issues tokens at POST /api/auth and accepts only the ones still valid. */
function tokenServer(options: { loginAnswer?: (form: URLSearchParams) => Response } = {}) {
  const valid = new Set<string>();
  const requests: Array<{ method: string; url: string; token: string | undefined }> = [];
  let issued = 0;
  const fetch: FetchLike = async (url, init = {}) => {
    const method = init.method ?? 'GET';
    if (url.endsWith('/api/auth')) {
      requests.push({ method, url, token: undefined });
      const form = new URLSearchParams(String(init.body));
      if (options.loginAnswer) return options.loginAnswer(form);
      if (form.get('password') !== PASSWORD) return json({ message: `wrong password ${form.get('password') ?? ''}` }, 401);
      issued += 1;
      const token = `s3cret-token-${issued}`;
      valid.add(token);
      return json({ access_token: token });
    }
    const token = (init.headers as Record<string, string>)['Authorization']?.replace(/^Bearer /, '');
    requests.push({ method, url, token });
    return token !== undefined && valid.has(token) ? json({ ok: url }) : json({ message: `token ${token ?? ''} expired` }, 401);
  };
  return {
    fetch,
    requests,
    logins: () => requests.filter((request) => request.url.endsWith('/api/auth')).length,
    expireAll: () => valid.clear(),
    accept: (token: string) => valid.add(token),
  };
}

function client(fetch: FetchLike, auth: AuthOption): HttpClient {
  const http: HttpClient = new HttpClient({ fetch, ...authentication(auth, () => http, 'http://x/api/auth'), retry: { attempts: 1 } });
  return http;
}

const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);
const serialized = (error: unknown) => `${String(error)}\n${JSON.stringify(error)}\n${inspect(error, { depth: 10, showHidden: true })}`;

describe('re-authentication after a 401', () => {
  it('requests that got a 401 with the same stale token share ONE new login, and each is sent once more', async () => {
    const server = tokenServer();
    const http = client(server.fetch, bearerAuth({ username: 'roy', password: PASSWORD }));
    await firstValueFrom(http.request({ method: 'GET', url: 'http://x/api/person' }));
    server.expireAll();
    const results = await lastValueFrom(
      forkJoin([
        http.request({ method: 'GET', url: 'http://x/api/tag' }),
        http.request({ method: 'PUT', url: 'http://x/api/person/1', json: { name: 'A' } }),
        http.request({ method: 'POST', url: 'http://x/api/person', json: { name: 'B' } }),
      ]),
    );
    expect(results.map((result) => result.body)).toEqual([{ ok: 'http://x/api/tag' }, { ok: 'http://x/api/person/1' }, { ok: 'http://x/api/person' }]);
    expect(server.logins()).toBe(2);
    const posts = server.requests.filter((request) => request.method === 'POST' && request.url === 'http://x/api/person');
    expect(posts.map((request) => request.token)).toEqual(['s3cret-token-1', 's3cret-token-2']);
  });

  it('a second 401 after the new login is an AuthError (401); the request is not sent a third time', async () => {
    const server = tokenServer();
    // Every token is refused at once: the login works, the resource does not.
    const fetch: FetchLike = (url, init) => server.fetch(url, init).then((response) => (url.endsWith('/api/auth') ? (server.expireAll(), response) : response));
    const refusing = client(fetch, bearerAuth({ username: 'roy', password: PASSWORD }));
    const error = (await failureOf(firstValueFrom(refusing.request({ method: 'DELETE', url: 'http://x/api/person/1' })))) as AuthError;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.status).toBe(401);
    expect(error.message).toBe('DELETE http://x/api/person/1 answered 401 again after a new login: the server refuses these credentials');
    expect(server.requests.filter((request) => request.method === 'DELETE')).toHaveLength(2);
    expect(server.logins()).toBe(2);
  });

  it('refreshToken gives the first token and a new one after every 401', async () => {
    const server = tokenServer();
    let calls = 0;
    const refreshToken = async () => {
      calls += 1;
      const token = `s3cret-refreshed-${calls}`;
      server.accept(token);
      return token;
    };
    const http = client(server.fetch, bearerAuth({ refreshToken }));
    await firstValueFrom(http.request({ method: 'GET', url: 'http://x/api/a' }));
    server.expireAll();
    await firstValueFrom(http.request({ method: 'POST', url: 'http://x/api/b', json: {} }));
    expect(calls).toBe(2);
    expect(server.logins()).toBe(0);
    expect(server.requests.map((request) => request.token)).toEqual(['s3cret-refreshed-1', 's3cret-refreshed-1', 's3cret-refreshed-2']);
  });

  it('with a username and password, refreshToken still renews: the login gives the first token only', async () => {
    const server = tokenServer();
    const refreshToken = async () => (server.accept('s3cret-renewed'), 's3cret-renewed');
    const http = client(server.fetch, bearerAuth({ username: 'roy', password: PASSWORD, refreshToken }));
    await firstValueFrom(http.request({ method: 'GET', url: 'http://x/api/a' }));
    server.expireAll();
    await firstValueFrom(http.request({ method: 'GET', url: 'http://x/api/b' }));
    expect(server.logins()).toBe(1);
    expect(server.requests.at(-1)?.token).toBe('s3cret-renewed');
  });

  it('a fixed token that gets a 401 is an AuthError at once (nothing can renew it)', async () => {
    const server = tokenServer();
    const http = client(server.fetch, bearerAuth({ token: 's3cret-fixed' }));
    const error = (await failureOf(firstValueFrom(http.request({ method: 'GET', url: 'http://x/api/a' })))) as AuthError;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toMatch(/answered 401: the server refused the credentials, and these cannot be renewed/);
    expect(server.requests).toHaveLength(1);
  });
});

describe('a failed login', () => {
  it('a refused one (4xx) is an AuthError with the status; the next request tries again', async () => {
    const server = tokenServer();
    const http = client(server.fetch, bearerAuth({ username: 'roy', password: 'wrong' }));
    const error = (await failureOf(firstValueFrom(http.request({ method: 'GET', url: 'http://x/api/a' })))) as AuthError;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.status).toBe(401);
    expect(error.message).toBe('POST http://x/api/auth refused the login (401)');
    await failureOf(firstValueFrom(http.request({ method: 'GET', url: 'http://x/api/a' })));
    expect(server.logins()).toBe(2);
  });

  it('an answer without an access_token is an AuthError; a 5xx an HttpError; no answer a NetworkError', async () => {
    const noToken = tokenServer({ loginAnswer: () => json({ token_type: 'bearer' }) });
    expect(await failureOf(firstValueFrom(client(noToken.fetch, bearerAuth({ username: 'roy', password: PASSWORD })).request({ method: 'GET', url: 'http://x/a' })))).toBeInstanceOf(AuthError);
    const crashing = tokenServer({ loginAnswer: () => new Response('<title>500 Internal Server Error</title>', { status: 500, headers: { 'Content-Type': 'text/html' } }) });
    const crash = await failureOf(firstValueFrom(client(crashing.fetch, bearerAuth({ username: 'roy', password: PASSWORD })).request({ method: 'GET', url: 'http://x/a' })));
    expect(crash).toBeInstanceOf(HttpError);
    expect(AuthError.is(crash)).toBe(false);
    const down: FetchLike = () => Promise.reject(new TypeError('fetch failed'));
    expect(await failureOf(firstValueFrom(client(down, bearerAuth({ username: 'roy', password: PASSWORD })).request({ method: 'GET', url: 'http://x/a' })))).toBeInstanceOf(NetworkError);
  });

  it('refreshToken() failing or returning no usable token is an AuthError', async () => {
    const server = tokenServer();
    const failing = client(server.fetch, bearerAuth({ refreshToken: () => Promise.reject(new Error('identity provider offline')) }));
    const error = (await failureOf(firstValueFrom(failing.request({ method: 'GET', url: 'http://x/a' })))) as AuthError;
    expect(error).toBeInstanceOf(AuthError);
    expect((error.cause as Error).message).toBe('identity provider offline');
    const multiline = client(server.fetch, bearerAuth({ refreshToken: async () => 's3cret\r\nX-Injected: 1' }));
    const bad = await failureOf(firstValueFrom(multiline.request({ method: 'GET', url: 'http://x/a' })));
    expect(bad).toBeInstanceOf(AuthError);
    expect(serialized(bad)).not.toContain('s3cret');
    expect(server.requests).toHaveLength(0);
  });

  it('bearerAuth() without a way to get a token is refused when built', () => {
    expect(() => bearerAuth({ username: 'roy' })).toThrow(/needs a username and a password, a token, or a refreshToken/);
  });
});

describe('secrets', () => {
  it('no error carries a password or a token, in its message, properties, cause or inspection', async () => {
    const errors: unknown[] = [];
    // A login that echoes the password in its refusal.
    const echoing = tokenServer();
    errors.push(await failureOf(firstValueFrom(client(echoing.fetch, bearerAuth({ username: 'roy', password: `${PASSWORD}-wrong` })).request({ method: 'GET', url: 'http://x/a' }))));
    // A login that answers the token in an unexpected shape, with a 2xx.
    const odd = tokenServer({ loginAnswer: () => json({ token: 's3cret-token-odd', password: PASSWORD }) });
    errors.push(await failureOf(firstValueFrom(client(odd.fetch, bearerAuth({ username: 'roy', password: PASSWORD })).request({ method: 'GET', url: 'http://x/a' }))));
    // A login that crashes with a page quoting the form.
    const crashing = tokenServer({ loginAnswer: (form) => new Response(`<title>500</title> password=${form.get('password') ?? ''}`, { status: 500, headers: { 'Content-Type': 'text/html' } }) });
    errors.push(await failureOf(firstValueFrom(client(crashing.fetch, bearerAuth({ username: 'roy', password: PASSWORD })).request({ method: 'GET', url: 'http://x/a' }))));
    // A resource that keeps refusing, quoting the token it got.
    const server = tokenServer();
    const fetch: FetchLike = (url, init) => server.fetch(url, init).then((response) => (url.endsWith('/api/auth') ? (server.expireAll(), response) : response));
    errors.push(await failureOf(firstValueFrom(client(fetch, bearerAuth({ username: 'roy', password: PASSWORD })).request({ method: 'POST', url: 'http://x/a', json: {} }))));
    expect(errors.every((error) => error instanceof Error)).toBe(true);
    for (const error of errors) {
      const text = serialized(error);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain('s3cret');
    }
  });
});
