import { describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom, of } from 'rxjs';
import { HttpError, NetworkError, NotFoundError } from '../errors.js';
import { classicHttp } from '../dialect/classic/index.js';
import { HttpClient, type FetchLike } from './http.js';
import { authentication, basicAuth, bearerAuth } from './auth.js';

function fakeFetch(handler: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchImpl: FetchLike = (url, init = {}) => {
    calls.push({ url, init });
    return new Promise<Response>((resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      Promise.resolve(handler(url, init)).then(resolve, reject);
    });
  };
  return { calls, fetch: fetchImpl };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(body === undefined ? '' : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

describe('HttpClient', () => {
  it('turns a 404 with body null into NotFoundError and Flask\'s HTML 500 into HttpError with the page', async () => {
    const { fetch } = fakeFetch((url) => (url.endsWith('/1') ? json(null, 404) : new Response('<title>500 Internal Server Error</title>', { status: 500, headers: { 'Content-Type': 'text/html' } })));
    const http = new HttpClient({ fetch, authHeaders: () => of({}), retry: { attempts: 1 }, wire: classicHttp });
    await expect(firstValueFrom(http.request({ method: 'GET', url: 'http://x/api/person/1' }))).rejects.toBeInstanceOf(NotFoundError);
    const error = (await firstValueFrom(http.request({ method: 'GET', url: 'http://x/api/person' })).catch((e: unknown) => e)) as HttpError;
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(500);
    expect(error.message).toBe('GET http://x/api/person answered 500: 500 Internal Server Error (HTML page)');
  });

  it('sends JSON with Content-Type (the classic server needs it) and surfaces the server message', async () => {
    const { fetch, calls } = fakeFetch(() => json({ message: 'IntegrityError' }, 400));
    const http = new HttpClient({ fetch, authHeaders: () => of({}), wire: classicHttp });
    const error = (await firstValueFrom(http.request({ method: 'POST', url: 'http://x/api/tag', json: { name: 'x' } })).catch((e: unknown) => e)) as HttpError;
    expect(calls[0]!.init.headers).toMatchObject({ Accept: 'application/json', 'Content-Type': 'application/json' });
    expect(error.serverMessage).toBe('IntegrityError');
  });

  it('aborts the request when the subscriber leaves', async () => {
    let aborted = false;
    const fetch: FetchLike = (_url, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => { aborted = true; reject(new Error('aborted')); }));
    const http = new HttpClient({ fetch, authHeaders: () => of({}) });
    const subscription = http.request({ method: 'GET', url: 'http://x/slow' }).subscribe();
    subscription.unsubscribe();
    expect(aborted).toBe(true);
    expect(http.inflightCount).toBe(0);
  });

  it('does not abort a request whose answer was read, or that failed (nothing left to cancel)', async () => {
    const signals: AbortSignal[] = [];
    const fetch: FetchLike = (url, init) => {
      if (init?.signal) signals.push(init.signal);
      return url.endsWith('/down') ? Promise.reject(new TypeError('connection refused')) : Promise.resolve(json({ id: 1 }));
    };
    const http = new HttpClient({ fetch, authHeaders: () => of({}), retry: { attempts: 1 } });
    await firstValueFrom(http.request({ method: 'GET', url: 'http://x/api/person/1' }));
    await lastValueFrom(http.request({ method: 'POST', url: 'http://x/api/person', json: { name: 'x' } }));
    await expect(firstValueFrom(http.request({ method: 'POST', url: 'http://x/down', json: {} }))).rejects.toBeInstanceOf(NetworkError);
    expect(signals).toHaveLength(3);
    expect(signals.map((signal) => signal.aborted)).toEqual([false, false, false]);
  });

  it('a GET asked for while the shared answer is being handed out gets an answer of its own, never an empty completion', async () => {
    // A save checks each referenced row with a count GET; identical checks in flight share one
    // request. A check started while another one's answer is being delivered (a failed check frees a
    // slot and the next operation starts at once) once joined the finished request and completed
    // with no answer at all, which let its write through unchecked.
    const { fetch, calls } = fakeFetch(() => json({ num_results: 0 }));
    const http = new HttpClient({ fetch, authHeaders: () => of({}) });
    const url = 'http://x/api/person?page=0';
    const late = new Promise<unknown[]>((resolve, reject) => {
      http.request({ method: 'GET', url }).subscribe({
        next: () => {
          const answers: unknown[] = [];
          http.request({ method: 'GET', url }).subscribe({ next: (response) => answers.push(response.body), complete: () => resolve(answers), error: reject });
        },
        error: reject,
      });
    });
    expect(await late).toEqual([{ num_results: 0 }]);
    expect(calls).toHaveLength(2);
    expect(http.inflightCount).toBe(0);
  });

  it('retries a GET after a network error or a 503, never after a 400', async () => {
    let attempts = 0;
    const { fetch } = fakeFetch(() => {
      attempts += 1;
      if (attempts === 1) throw new TypeError('socket hang up');
      if (attempts === 2) return json(null, 503);
      return json({ ok: true });
    });
    const http = new HttpClient({ fetch, authHeaders: () => of({}), retry: { attempts: 3, baseDelayMs: 1 } });
    expect((await lastValueFrom(http.request({ method: 'GET', url: 'http://x/a' }))).body).toEqual({ ok: true });
    expect(attempts).toBe(3);
    let bad = 0;
    const client400 = new HttpClient({ fetch: fakeFetch(() => { bad += 1; return json({ message: 'Unable to construct query' }, 400); }).fetch, authHeaders: () => of({}), retry: { baseDelayMs: 1 } });
    await expect(firstValueFrom(client400.request({ method: 'GET', url: 'http://x/b' }))).rejects.toBeInstanceOf(HttpError);
    expect(bad).toBe(1);
  });

  it('reports a dead network as NetworkError', async () => {
    const http = new HttpClient({ fetch: () => Promise.reject(new TypeError('ECONNREFUSED')), authHeaders: () => of({}), retry: { attempts: 1 } });
    await expect(firstValueFrom(http.request({ method: 'GET', url: 'http://x/a' }))).rejects.toBeInstanceOf(NetworkError);
  });
});

describe('authentication', () => {
  it('bearer: POSTs the credentials as a form once, then sends the token; errors never show it', async () => {
    const { fetch, calls } = fakeFetch((url) => (url.endsWith('/api/auth') ? json({ access_token: 's3cret-token' }) : json({ message: 'nope' }, 403)));
    let http: HttpClient | undefined;
    http = new HttpClient({ fetch, ...authentication(bearerAuth({ username: 'roy', password: 'hunter2' }), () => http!, 'http://x/api/auth') });
    const first = await firstValueFrom(http.request({ method: 'GET', url: 'http://x/api/person' })).catch((e: unknown) => e as HttpError);
    await firstValueFrom(http.request({ method: 'GET', url: 'http://x/api/tag' })).catch(() => undefined);
    expect(calls.map((call) => call.url)).toEqual(['http://x/api/auth', 'http://x/api/person', 'http://x/api/tag']);
    expect(String(calls[0]!.init.body)).toBe('username=roy&password=hunter2');
    expect(calls[1]!.init.headers).toMatchObject({ Authorization: 'Bearer s3cret-token' });
    const text = `${String(first)} ${JSON.stringify(first)} ${(first as Error).stack ?? ''}`;
    expect(text).not.toContain('s3cret-token');
    expect(text).not.toContain('hunter2');
  });

  it('basic: sends the Authorization header', async () => {
    const { fetch, calls } = fakeFetch(() => json({}));
    const http: HttpClient = new HttpClient({ fetch, ...authentication(basicAuth({ username: 'roy', password: 'pw' }), () => http, 'http://x/api/auth') });
    await firstValueFrom(http.request({ method: 'GET', url: 'http://x/a' }));
    expect(calls[0]!.init.headers).toMatchObject({ Authorization: `Basic ${Buffer.from('roy:pw').toString('base64')}` });
  });
});
