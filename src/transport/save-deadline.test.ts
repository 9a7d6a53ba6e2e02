import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { recordedDatamodel } from '../../mocks/datamodel.js';
import { connect } from '../client.js';
import { type NetworkError, SaveError } from '../errors.js';
import type { FetchLike } from './http.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('a write that gets no answer', () => {
  it('fails at the deadline, and the delete queued behind it then goes out', async () => {
    const sent: string[] = [];
    // A server that takes the POST and never answers it, and a fetch that ignores the abort.
    const fetch: FetchLike = async (url, init) => {
      sent.push(`${init?.method ?? 'GET'} ${url}`);
      if (init?.method === 'POST') return new Promise<Response>(() => undefined);
      if (init?.method === 'DELETE') return new Response(null, { status: 204 });
      return new Response(JSON.stringify({ id: 7, name: 'Tag 7', articles: [] }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    const client = await connect({ url: 'http://h', datamodel: recordedDatamodel, fetch, timeoutMs: 10_000 });
    const { Tag } = client.models;
    const existing = await firstValueFrom(Tag!.get(7));
    Tag!.create({ name: 'never answered' });
    const saved = lastValueFrom(client.save()).then(() => undefined, (error: unknown) => error);
    const deleted = lastValueFrom(existing.delete(), { defaultValue: undefined });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(sent.filter((line) => line.startsWith('DELETE'))).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    const error = (await saved) as SaveError;
    expect(error).toBeInstanceOf(SaveError);
    // In doubt (the server may have created the row), because of the deadline.
    const failure = error.failures[0]!.error as Error;
    expect(failure.message).toMatch(/may or may not have created this Tag/);
    expect((failure.cause as NetworkError).timedOut).toBe(true);
    await deleted;
    expect(sent.filter((line) => line.startsWith('DELETE'))).toEqual(['DELETE http://h/api/tag/7']);
  });
});
