/**
 * `query.iterate()` and `for await (const p of query)`: pages pulled by the loop with a bounded
 * read-ahead, leaving the loop aborts what is on its way, failures are the library's typed errors.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getResponse } from 'msw';
import { lastValueFrom } from 'rxjs';
import { recordedDatamodel } from '../../mocks/datamodel.js';
import { seedColumnProxies } from '../../mocks/seed.js';
import { createClassicEmulator } from '../testing/index.js';
import { connect } from '../client.js';
import { HttpError, NetworkError, ProtocolError, ValidationError } from '../errors.js';
import type { FetchLike } from '../transport/http.js';
import type { DynamicEntity } from '../model/types.js';
import type { ReadProgress } from './read-options.js';

const URL_BASE = 'http://iterate.test';
const PEOPLE = 10;
const everyone = Array.from({ length: PEOPLE }, (_, index) => `P${String(index + 1).padStart(2, '0')}`);

/** Ten people on an emulator; `answer` may replace the answer to a page of people (or hold it). */
async function people(options: { before?: (page: number) => void; answer?: (page: number, response: Response, signal: AbortSignal | undefined) => Promise<Response> | Response; timeoutMs?: number } = {}) {
  const rows = { Person: everyone.map((name, index) => ({ id: index + 1, name })) };
  const emulator = createClassicEmulator({ baseUrl: URL_BASE, datamodel: recordedDatamodel, rows, columnProxies: seedColumnProxies });
  const pages: number[] = [];
  const signals: Array<AbortSignal | undefined> = [];
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input);
    const read = url.pathname === '/api/person' && (init?.method ?? 'GET') === 'GET';
    const page = Number(url.searchParams.get('page') ?? 1);
    if (read) {
      options.before?.(page);
      pages.push(page);
      signals.push(init?.signal ?? undefined);
    }
    const response = (await getResponse(emulator.handlers, new Request(input, init))) ?? new Response(null, { status: 599 });
    if (!read) return response;
    return options.answer ? options.answer(page, response, init?.signal ?? undefined) : response;
  };
  const client = await connect({ url: URL_BASE, datamodel: recordedDatamodel, fetch, pageSize: 2, ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) });
  const Person = client.models['Person']!;
  return { emulator, Person, pages, signals, query: Person.query.orderBy({ name: 'asc' }) };
}

const nameOf = (entity: DynamicEntity) => String(entity['name']);
const settle = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => {
  vi.useRealTimers();
});

describe('query.iterate()', () => {
  it('yields every row once, in order, and a query is itself async iterable', async () => {
    const { query } = await people();
    const seen: string[] = [];
    for await (const person of query.iterate()) seen.push(nameOf(person));
    expect(seen).toEqual(everyone);
    const again: string[] = [];
    for await (const person of query) again.push(nameOf(person));
    expect(again).toEqual(everyone);
  });

  it('with readAhead 0 asks for a page only when the loop has used the page before', async () => {
    const { query, pages } = await people();
    const rows = query.iterate({ readAhead: 0 });
    await rows.next();
    await settle();
    expect(pages).toEqual([1]);
    await rows.next();
    await settle();
    // Both rows of page 1 are out; page 2 is asked for when the loop wants the third row.
    expect(pages).toEqual([1]);
    await rows.next();
    expect(pages).toEqual([1, 2]);
    await rows.return(undefined);
  });

  it('with readAhead 2 keeps two pages on their way ahead of the loop, and no more', async () => {
    const { query, pages } = await people();
    const rows = query.iterate({ readAhead: 2 });
    await rows.next();
    await settle();
    expect(pages).toEqual([1, 2, 3]);
    await rows.next();
    await settle();
    expect(pages).toEqual([1, 2, 3]);
    await rows.next();
    await settle();
    expect(pages).toEqual([1, 2, 3, 4]);
    await rows.return(undefined);
  });

  it('leaving the loop aborts the pages on their way', async () => {
    const never = new Promise<Response>(() => undefined);
    const { query, signals } = await people({ answer: (page, response) => (page === 1 ? response : never) });
    for await (const person of query.iterate({ readAhead: 2 })) {
      expect(nameOf(person)).toBe('P01');
      break;
    }
    expect(signals.map((signal) => signal?.aborted)).toEqual([false, true, true]);
  });

  it('a failed page rejects the loop with the typed error, after the rows before it', async () => {
    const failed = () => new Response('{"message": "boom"}', { status: 500, headers: { 'Content-Type': 'application/json' } });
    const { query } = await people({ answer: (page, response) => (page === 3 ? failed() : response) });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const person of query.iterate()) seen.push(nameOf(person));
    })().catch((caught: unknown) => caught);
    expect(HttpError.is(error)).toBe(true);
    expect(seen).toEqual(everyone.slice(0, 4));
  });

  it('a row that cannot be read rejects the loop with a ProtocolError', async () => {
    const broken = async (response: Response) => {
      const body = (await response.json()) as { objects: Array<Record<string, unknown>> };
      body.objects[0] = { ...body.objects[0], birth_date: 12 };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    const { query } = await people({ answer: (page, response) => (page === 2 ? broken(response) : response) });
    const error = await (async () => {
      for await (const _person of query) void _person;
    })().catch((caught: unknown) => caught);
    expect(ProtocolError.is(error)).toBe(true);
  });

  it('yields a row once when an insert shifts it onto the next page', async () => {
    let emulated: ReturnType<typeof createClassicEmulator> | undefined;
    // Before page 2 is read, a row that sorts first pushes every row one place down.
    const { query, emulator } = await people({ before: (page) => page === 2 && emulated?.db.insert('Person', { id: 99, name: 'A00' }) });
    emulated = emulator;
    const seen: string[] = [];
    for await (const person of query.iterate({ readAhead: 0 })) seen.push(nameOf(person));
    // P02 came again at the top of page 2: yielded once. A00 came too late to be seen.
    expect(seen).toEqual(everyone);
  });

  it('reports progress after each page: rows received of the total the server announced', async () => {
    const { query } = await people();
    const progress: ReadProgress[] = [];
    for await (const _person of query.iterate({ onProgress: (report) => progress.push(report) })) void _person;
    expect(progress).toEqual([2, 4, 6, 8, 10].map((loaded) => ({ loaded, total: PEOPLE })));
  });

  it('stream() reports progress the same way', async () => {
    const { query } = await people();
    const progress: ReadProgress[] = [];
    await lastValueFrom(query.stream({ onProgress: (report) => progress.push(report) }));
    expect(progress).toEqual([2, 4, 6, 8, 10].map((loaded) => ({ loaded, total: PEOPLE })));
  });

  it('refuses a readAhead or pageSize out of range before anything is sent', async () => {
    const { query, pages } = await people();
    expect(() => query.iterate({ readAhead: -1 })).toThrow(ValidationError);
    expect(() => query.iterate({ readAhead: 1.5 })).toThrow(ValidationError);
    expect(() => query.iterate({ pageSize: 0 })).toThrow(ValidationError);
    expect(pages).toEqual([]);
  });

  it('a slow loop does not make the pages waiting for it time out; a page that never comes does', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const never = new Promise<Response>(() => undefined);
    const { query } = await people({ timeoutMs: 1_000, answer: (page, response) => (page === 4 ? never : response) });
    const rows = query.iterate({ readAhead: 1 });
    await rows.next();
    // Page 2 came at once and waits in memory while the loop takes a minute over page 1.
    await vi.advanceTimersByTimeAsync(60_000);
    const seen = [nameOf((await rows.next()).value as DynamicEntity)];
    for (let row = 0; row < 4; row += 1) seen.push(nameOf((await rows.next()).value as DynamicEntity));
    expect(seen).toEqual(everyone.slice(1, 6));
    // Page 4 never answers: its deadline ends the loop (after the client's retries, each with its own).
    const pending = rows.next().catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    const error = await pending;
    expect(NetworkError.is(error) && error.timedOut).toBe(true);
  });
});
