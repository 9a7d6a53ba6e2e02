import { describe, expect, it } from 'vitest';
import { connect } from './client.js';
import { AuthError, DatamodelError, HttpError, NetworkError } from './errors.js';
import { bearerAuth } from './transport/auth.js';
import type { FetchLike } from './transport/http.js';

const page = (status: number, body: string, type = 'text/html') => new Response(body, { status, headers: { 'Content-Type': type } });
const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('connect() rejects with what went wrong', () => {
  it('NetworkError when nothing answers', async () => {
    const refused: FetchLike = () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));
    const error = await failureOf(connect({ url: 'http://h', fetch: refused, retry: { attempts: 1 } }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(DatamodelError.is(error)).toBe(false);
  });

  it('HttpError for a non-2xx answer, such as a server without flask-restless-datamodel (404) or a failing one (500)', async () => {
    for (const status of [404, 500]) {
      const error = await failureOf(connect({ url: 'http://h', fetch: async () => page(status, `<title>${status}</title>`) }));
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(status);
    }
  });

  it('AuthError for a 401, and for a refused login; DatamodelError only for a document that is not a datamodel', async () => {
    const unauthorized = await failureOf(connect({ url: 'http://h', fetch: async () => page(401, '{"message": "Unauthorized"}', 'application/json') }));
    expect(unauthorized).toBeInstanceOf(AuthError);
    expect((unauthorized as AuthError).status).toBe(401);
    const login: FetchLike = async (url) => (url.endsWith('/api/auth') ? page(401, '{"message": "Bad credentials"}', 'application/json') : page(200, '{}', 'application/json'));
    const refused = await failureOf(connect({ url: 'http://h', fetch: login, auth: bearerAuth({ username: 'roy', password: 'wrong' }) }));
    expect(refused).toBeInstanceOf(AuthError);
    expect(String(refused)).toMatch(/refused the login \(401\)/);
    expect(await failureOf(connect({ url: 'http://h', fetch: async () => page(200, '<html>an app page</html>') }))).toBeInstanceOf(DatamodelError);
  });
});
