import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { AuthError } from '../errors.js';
import type { FetchLike, HttpClient as HttpClientType } from './http.js';

// The bearer token logic is a chunk of its own (auth.ts loads bearer-session.ts on the first
// request). A page that cannot download it must get an error that says nothing was sent, and the
// next request must try the download again.
describe('the bearer token logic, loaded on the first request', () => {
  afterEach(() => {
    vi.doUnmock('./bearer-session.js');
    vi.resetModules();
  });

  it('a failed download is an AuthError saying nothing was sent (so no create looks in doubt); the next request loads it', async () => {
    vi.doMock('./bearer-session.js', () => {
      throw new TypeError('Failed to fetch dynamically imported module: /assets/bearer-session.js');
    });
    const { authentication, bearerAuth } = await import('./auth.js');
    const { HttpClient } = await import('./http.js');
    const sent: string[] = [];
    const fetch: FetchLike = async (url, init = {}) => {
      sent.push(`${init.method ?? 'GET'} ${url} ${(init.headers as Record<string, string>)['Authorization'] ?? ''}`);
      return new Response('{}', { status: 201, headers: { 'Content-Type': 'application/json' } });
    };
    const http: HttpClientType = new HttpClient({ fetch, ...authentication(bearerAuth({ token: 'tok-1' }), () => http, 'http://x/api/auth'), retry: { attempts: 1 } });

    const error = await firstValueFrom(http.request({ method: 'POST', url: 'http://x/api/person', json: { name: 'A' } })).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(AuthError.is(error)).toBe(true);
    expect((error as AuthError).message).toMatch(/^bearerAuth\(\): the code that obtains the token could not be loaded \(.+\); nothing was sent$/);
    expect((error as AuthError).cause).toBeInstanceOf(Error);
    expect((error as AuthError).outcome).toBeUndefined();
    expect(sent).toEqual([]);

    vi.doUnmock('./bearer-session.js');
    await firstValueFrom(http.request({ method: 'POST', url: 'http://x/api/person', json: { name: 'A' } }));
    expect(sent).toEqual(['POST http://x/api/person Bearer tok-1']);
  });
});
