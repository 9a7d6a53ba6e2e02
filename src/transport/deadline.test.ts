import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { firstValueFrom, lastValueFrom, of } from 'rxjs';
import { NetworkError } from '../errors.js';
import { certainlyNotApplied } from '../dialect/classic/outcomes.js';
import { HttpClient, type FetchLike } from './http.js';

/** A fetch that ignores the AbortSignal and never settles: only the client's own timer can end the wait. */
const deaf: FetchLike = () => new Promise<Response>(() => undefined);

/** Headers at once, then a body that never ends (also deaf to the signal). */
const stalledBody: FetchLike = async () =>
  new Response(new ReadableStream<Uint8Array>({ start: (controller) => controller.enqueue(new TextEncoder().encode('{"objects": [')) }), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  });

const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('deadlines', () => {
  it('a request without an answer fails after timeoutMs with a NetworkError (timedOut), even when fetch ignores the signal', async () => {
    const http = new HttpClient({ fetch: deaf, authHeaders: () => of({}), timeoutMs: 1000, retry: { attempts: 1 } });
    const result = failureOf(firstValueFrom(http.request({ method: 'POST', url: 'http://x/api/person', json: { name: 'A' } })));
    await vi.advanceTimersByTimeAsync(999);
    let settled = false;
    void result.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = (await result) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.timedOut).toBe(true);
    expect(error.message).toBe('POST http://x/api/person: no complete answer within 1000 ms (no headers came)');
    // The save pipeline must not take a timed-out POST for one that never left.
    expect(certainlyNotApplied(error)).toBe(false);
  });

  it('covers the body: headers that arrive and a body that never finishes still fail at the deadline', async () => {
    const http = new HttpClient({ fetch: stalledBody, authHeaders: () => of({}), timeoutMs: 500, retry: { attempts: 1 } });
    const result = failureOf(firstValueFrom(http.request({ method: 'GET', url: 'http://x/api/person' })));
    await vi.advanceTimersByTimeAsync(500);
    const error = (await result) as NetworkError;
    expect(error.timedOut).toBe(true);
    expect(error.message).toMatch(/no complete answer within 500 ms \(the headers came, the body did not finish\)/);
  });

  it('defaults to 30 s, and a request may set its own', async () => {
    const http = new HttpClient({ fetch: deaf, authHeaders: () => of({}), retry: { attempts: 1 } });
    const byDefault = failureOf(firstValueFrom(http.request({ method: 'DELETE', url: 'http://x/a/1' })));
    const own = failureOf(firstValueFrom(http.request({ method: 'DELETE', url: 'http://x/a/2', timeoutMs: 50 })));
    await vi.advanceTimersByTimeAsync(50);
    expect(((await own) as NetworkError).timedOut).toBe(true);
    await vi.advanceTimersByTimeAsync(29_949);
    let settled = false;
    void byDefault.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(((await byDefault) as NetworkError).message).toMatch(/within 30000 ms/);
  });

  it('a timed-out GET is retried like any network failure, and aborts the attempt it gives up on', async () => {
    let calls = 0;
    const signals: AbortSignal[] = [];
    const fetch: FetchLike = (_url, init) => {
      calls += 1;
      signals.push(init!.signal!);
      return calls === 1 ? new Promise<Response>(() => undefined) : Promise.resolve(new Response('{"ok": true}', { status: 200, headers: { 'Content-Type': 'application/json' } }));
    };
    const http = new HttpClient({ fetch, authHeaders: () => of({}), timeoutMs: 100, retry: { attempts: 2, baseDelayMs: 10 } });
    const result = lastValueFrom(http.request({ method: 'GET', url: 'http://x/a' }));
    await vi.advanceTimersByTimeAsync(200);
    expect((await result).body).toEqual({ ok: true });
    expect(calls).toBe(2);
    expect(signals[0]!.aborted).toBe(true);
  });

  it('a settled request leaves no timer behind', async () => {
    const http = new HttpClient({ fetch: async () => new Response('{}', { status: 200 }), authHeaders: () => of({}), timeoutMs: 1000 });
    await firstValueFrom(http.request({ method: 'GET', url: 'http://x/a' }));
    expect(vi.getTimerCount()).toBe(0);
  });
});
