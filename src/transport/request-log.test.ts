import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstValueFrom, of } from 'rxjs';
import { NetworkError } from '../errors.js';
import { HttpClient, type FetchLike } from './http.js';
import { loggableUrl, type RequestLogRecord } from './request-log.js';

const ok = () => new Response('{"objects":[]}', { status: 200, headers: { 'Content-Type': 'application/json' } });

function logging(fetch: FetchLike, extra: { retry?: { attempts: number; baseDelayMs: number } } = {}) {
  const records: RequestLogRecord[] = [];
  const http = new HttpClient({ fetch, authHeaders: () => of({ Authorization: 'Bearer sekrit-token' }), logger: (record) => records.push(record), ...extra });
  return { records, http };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('request logging', () => {
  it('logs a read: method, url, status, duration, attempt 1, ok', async () => {
    vi.useFakeTimers();
    const { records, http } = logging(async () => {
      vi.advanceTimersByTime(40);
      return ok();
    });
    await firstValueFrom(http.request({ method: 'GET', url: 'http://x/api/person' }));
    expect(records).toEqual([{ kind: 'request', method: 'GET', url: 'http://x/api/person', status: 200, durationMs: 40, attempt: 1, outcome: 'ok' }]);
  });

  it('numbers the retries of a GET and logs the failures before them', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const { records, http } = logging(async () => (++calls < 3 ? new Response('busy', { status: 503 }) : ok()), { retry: { attempts: 3, baseDelayMs: 10 } });
    const answer = firstValueFrom(http.request({ method: 'GET', url: 'http://x/api/person' }));
    await vi.runAllTimersAsync();
    await answer;
    expect(records.map(({ attempt, status, outcome }) => ({ attempt, status, outcome }))).toEqual([
      { attempt: 1, status: 503, outcome: 'http-error' },
      { attempt: 2, status: 503, outcome: 'http-error' },
      { attempt: 3, status: 200, outcome: 'ok' },
    ]);
  });

  it('logs a network failure, a timeout and an abort without a status', async () => {
    vi.useFakeTimers();
    const failing = logging(() => Promise.reject(new Error('ECONNREFUSED')), { retry: { attempts: 1, baseDelayMs: 0 } });
    await expect(firstValueFrom(failing.http.request({ method: 'POST', url: 'http://x/api/tag', json: { name: 'a' } }))).rejects.toBeInstanceOf(NetworkError);
    expect(failing.records).toEqual([expect.objectContaining({ method: 'POST', status: undefined, outcome: 'network-error' })]);

    const hanging = logging(() => new Promise<Response>(() => undefined));
    const timedOut = firstValueFrom(hanging.http.request({ method: 'POST', url: 'http://x/api/tag', timeoutMs: 50 })).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(50);
    expect(await timedOut).toBeInstanceOf(NetworkError);
    hanging.http.request({ method: 'POST', url: 'http://x/api/tag' }).subscribe().unsubscribe();
    expect(hanging.records.map((record) => [record.outcome, record.status])).toEqual([['timeout', undefined], ['aborted', undefined]]);
  });

  it('a logger that throws does not break the request', async () => {
    const http = new HttpClient({ fetch: async () => ok(), logger: () => { throw new Error('disk full'); } });
    await expect(firstValueFrom(http.request({ method: 'GET', url: 'http://x/api/person' }))).resolves.toMatchObject({ status: 200 });
  });

  it('never logs the userinfo of a URL or the value of a secret-looking query parameter', async () => {
    const { records, http } = logging(async () => ok());
    await firstValueFrom(http.request({ method: 'GET', url: 'http://roy:hunter2@x/api/person?access_token=abc123&page=2' }));
    const text = JSON.stringify(records);
    for (const secret of ['roy', 'hunter2', 'abc123', 'sekrit-token']) expect(text).not.toContain(secret);
    expect(records[0]!.url).toBe('http://x/api/person?access_token=***&page=2');
    expect(loggableUrl('/api/person?password=p')).toBe('/api/person');
  });
});
