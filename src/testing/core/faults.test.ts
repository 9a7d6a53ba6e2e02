/**
 * Fault injection and the request log of the emulator: what a test of retry and failure handling
 * relies on (a failed answer really did not apply the write, a dropped connection after the
 * commit really did, a refused connection fails fetch with ECONNREFUSED), and the client's save
 * pipeline meeting each of them.
 */
import { setupServer } from 'msw/node';
import crossFetch from 'cross-fetch';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSeededEmulator } from '../../../mocks/emulator.js';
import { SaveError, ValidationError, connect } from '../../index.js';
import { createClassicEmulator, EmulatedConnectionError, type FaultRule } from '../index.js';
import { recordedDatamodel } from '../../../mocks/datamodel.js';
import { seedRows } from '../../../mocks/seed.js';

const URL_ = 'http://faults.test';
const emulator = createSeededEmulator(URL_);
const slow = createClassicEmulator({ baseUrl: 'http://slow.test', datamodel: recordedDatamodel, rows: seedRows, latencyMs: 50 });
const server = setupServer(...emulator.handlers, ...slow.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  emulator.db.reset();
  emulator.faults.clear();
  emulator.requests.clear();
});
afterEach(() => vi.restoreAllMocks());

/** msw 2.15 prints a refused connection (the handler's EmulatedConnectionError) on stderr; only those are muted. */
function muteRefusedConnections(): void {
  const original = console.error.bind(console);
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    const [first] = args;
    if (first instanceof EmulatedConnectionError || (typeof first === 'string' && first.includes('[MSW] Encountered an unhandled exception'))) return;
    original(...args);
  });
}
afterAll(() => server.close());

const post = (path: string, body: unknown, fetchImpl: typeof fetch = fetch) =>
  fetchImpl(`${URL_}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const people = () => emulator.db.rows('Person').map((row) => row['name']);

describe('status faults', () => {
  it('answer instead of the server, and the write is not applied', async () => {
    emulator.faults.add({ method: 'POST', path: '/api/person', fault: { kind: 'status', status: 503, headers: { 'Retry-After': '1' }, body: 'busy' } });
    const response = await post('/api/person', { name: 'Zoe' });
    expect([response.status, response.statusText, response.headers.get('retry-after'), await response.text()]).toEqual([503, 'SERVICE UNAVAILABLE', '1', 'busy']);
    expect(people()).not.toContain('Zoe');
    expect(emulator.requests).toEqual([{ method: 'POST', url: `${URL_}/api/person`, body: '{"name":"Zoe"}', applied: false }]);
  });

  it('serve `times` requests, then the server answers again', async () => {
    emulator.faults.add({ fault: { kind: 'status', status: 502 }, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${URL_}/api/person/1`)).status);
    expect(statuses).toEqual([502, 502, 200]);
  });

  it('match in the order they were added, by method (any case, or a list) and exact path or RegExp', async () => {
    const rules: FaultRule[] = [
      { method: ['put', 'PATCH'], fault: { kind: 'status', status: 409 } },
      { path: /^\/api\/person\/\d+$/, fault: { kind: 'status', status: 429 } },
      { path: '/api/person', fault: { kind: 'status', status: 504 } },
    ];
    for (const rule of rules) emulator.faults.add(rule);
    expect((await fetch(`${URL_}/api/person?page=1`)).status).toBe(504);
    expect((await fetch(`${URL_}/api/person/2`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(409);
    expect((await fetch(`${URL_}/api/person/2`)).status).toBe(429);
    expect((await fetch(`${URL_}/api/person/2/computers`)).status).toBe(200);
  });

  it('can be a 204 without a body', async () => {
    emulator.faults.add({ method: 'DELETE', fault: { kind: 'status', status: 204 } });
    const response = await fetch(`${URL_}/api/person/5`, { method: 'DELETE' });
    expect([response.status, await response.text()]).toEqual([204, '']);
    expect(people()).toContain('Eve');
  });

  it('say how many requests they served, and can be removed', async () => {
    const handle = emulator.faults.add({ method: 'GET', fault: { kind: 'status', status: 502 }, times: 3 });
    expect((await fetch(`${URL_}/api/person/1`)).status).toBe(502);
    expect((await fetch(`${URL_}/api/person/1`)).status).toBe(502);
    expect(handle.served).toBe(2);
    handle.remove();
    expect((await fetch(`${URL_}/api/person/1`)).status).toBe(200);
    expect(handle.served).toBe(2);
  });

  it('are gone after clear()', async () => {
    emulator.faults.add({ fault: { kind: 'status', status: 500 }, times: Infinity });
    emulator.faults.clear();
    expect((await fetch(`${URL_}/api/person/1`)).status).toBe(200);
  });

  it('refuse rules that cannot work', () => {
    const bad: unknown[] = [
      { fault: { kind: 'status', status: 99 } },
      { fault: { kind: 'delay', ms: -1 } },
      { fault: { kind: 'network' } },
      { fault: { kind: 'teapot' } },
      { times: 0, fault: { kind: 'status', status: 500 } },
    ];
    for (const rule of bad) expect(() => emulator.faults.add(rule as FaultRule)).toThrow(ValidationError);
  });
});

describe('network faults', () => {
  it('drop the connection before the write: fetch fails, nothing was created', async () => {
    emulator.faults.add({ method: 'POST', fault: { kind: 'network', applied: false } });
    await expect(post('/api/person', { name: 'Zoe' })).rejects.toThrow(TypeError);
    expect(people()).not.toContain('Zoe');
    expect(emulator.requests.map((request) => request.applied)).toEqual([false]);
  });

  it('drop the connection after the write: fetch fails, yet the row exists', async () => {
    emulator.faults.add({ method: 'POST', fault: { kind: 'network', applied: true } });
    await expect(post('/api/person', { name: 'Zoe' })).rejects.toThrow(TypeError);
    expect(people()).toContain('Zoe');
    expect(emulator.requests.map((request) => request.applied)).toEqual([true]);
  });

  it('refuse the connection with the code Node gives, for the global fetch and cross-fetch', async () => {
    muteRefusedConnections();
    emulator.faults.add({ fault: { kind: 'network', applied: false, code: 'ECONNREFUSED' }, times: 2 });
    const viaGlobal = await post('/api/person', { name: 'Zoe' }).catch((error: unknown) => error);
    const viaCrossFetch = await post('/api/person', { name: 'Zoe' }, crossFetch as typeof fetch).catch((error: unknown) => error);
    expect(viaGlobal).toMatchObject({ code: 'ECONNREFUSED', syscall: 'connect' });
    expect(viaCrossFetch).toMatchObject({ code: 'ECONNREFUSED' });
    expect(people()).not.toContain('Zoe');
  });

  it('can be a failed DNS lookup', async () => {
    muteRefusedConnections();
    emulator.faults.add({ fault: { kind: 'network', applied: false, code: 'ENOTFOUND' } });
    await expect(fetch(`${URL_}/api/person`)).rejects.toMatchObject({ code: 'ENOTFOUND', syscall: 'getaddrinfo' });
  });
});

describe('cut, garbled and missing answers', () => {
  it('a status after the write: the row is created, the client gets the HTML 500', async () => {
    emulator.faults.add({ method: 'POST', fault: { kind: 'status', status: 500, applied: true, body: '<h1>Internal Server Error</h1>' } });
    const response = await post('/api/person', { name: 'Zoe' });
    expect([response.status, await response.text()]).toEqual([500, '<h1>Internal Server Error</h1>']);
    expect(people()).toContain('Zoe');
    expect(emulator.requests.map((request) => request.applied)).toEqual([true]);
  });

  it('a 429 carries its Retry-After, and nothing is applied', async () => {
    emulator.faults.add({ method: 'PUT', fault: { kind: 'status', status: 429, headers: { 'Retry-After': '2' } } });
    const response = await fetch(`${URL_}/api/person/5`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"name": "Evie"}' });
    expect([response.status, response.headers.get('Retry-After')]).toEqual([429, '2']);
    expect(people()).toContain('Eve');
  });

  it('truncate: status and Content-Length arrive, the body read fails half way, the write is applied', async () => {
    emulator.faults.add({ method: 'POST', fault: { kind: 'truncate' } });
    const response = await post('/api/person', { name: 'Zoe' });
    expect(response.status).toBe(201);
    const announced = Number(response.headers.get('Content-Length'));
    expect(announced).toBeGreaterThan(10);
    await expect(response.text()).rejects.toThrow(TypeError);
    expect(people()).toContain('Zoe');
  });

  it('truncate: an answer without a body (a DELETE\'s 204) is dropped instead, after the delete', async () => {
    emulator.faults.add({ method: 'DELETE', fault: { kind: 'truncate' } });
    await expect(fetch(`${URL_}/api/person/5`, { method: 'DELETE' })).rejects.toThrow(TypeError);
    expect(people()).not.toContain('Eve');
  });

  it('garble: the status stays, the body is not JSON, a proxy page, or JSON without the key', async () => {
    emulator.faults.add({ fault: { kind: 'garble', as: 'text' } });
    emulator.faults.add({ fault: { kind: 'garble', as: 'html' } });
    emulator.faults.add({ method: 'POST', fault: { kind: 'garble', as: 'empty-object' } });
    const text = await fetch(`${URL_}/api/person/1`);
    expect(text.status).toBe(200);
    const body = await text.text();
    expect(() => JSON.parse(body)).toThrow();
    const html = await fetch(`${URL_}/api/person/1`);
    expect([html.status, html.headers.get('Content-Type'), (await html.text()).startsWith('<!DOCTYPE html>')]).toEqual([200, 'text/html; charset=utf-8', true]);
    const created = await post('/api/person', { name: 'Zoe' });
    expect([created.status, await created.json()]).toEqual([201, {}]);
    expect(people()).toContain('Zoe');
  });

  it('stall: no answer until the client aborts; nothing applied unless asked', async () => {
    emulator.faults.add({ method: 'POST', fault: { kind: 'stall' } });
    const controller = new AbortController();
    const answer = fetch(`${URL_}/api/person`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name": "Zoe"}', signal: controller.signal });
    const settled = await Promise.race([answer.then(() => 'answered', () => 'failed'), new Promise((resolve) => setTimeout(resolve, 80, 'still waiting'))]);
    expect(settled).toBe('still waiting');
    controller.abort();
    await expect(answer).rejects.toThrow();
    expect(people()).not.toContain('Zoe');
  });

  it('stall with applied: the row is created and the answer never comes; clear() drops the connection', async () => {
    emulator.faults.add({ method: 'POST', fault: { kind: 'stall', applied: true } });
    const answer = post('/api/person', { name: 'Zoe' }, crossFetch as typeof fetch);
    await vi.waitFor(() => expect(emulator.requests).toHaveLength(1));
    expect(people()).toContain('Zoe');
    emulator.faults.clear();
    await expect(answer).rejects.toThrow();
  });

  it('refuse a garble without a known body', () => {
    expect(() => emulator.faults.add({ fault: { kind: 'garble', as: 'xml' } } as unknown as FaultRule)).toThrow(ValidationError);
  });
});

describe('delays', () => {
  it('answer normally, late', async () => {
    emulator.faults.add({ fault: { kind: 'delay', ms: 60 } });
    const started = performance.now();
    const response = await post('/api/person', { name: 'Zoe' });
    expect(response.status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
    expect(emulator.requests.at(-1)?.applied).toBe(true);
  });

  it('latencyMs makes every answer late', async () => {
    const started = performance.now();
    expect((await fetch('http://slow.test/api/person/1')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(40);
  });
});

describe('the request log', () => {
  it('lists what arrived, reads included, and starts again after clear()', async () => {
    await fetch(`${URL_}/api/person/1`);
    await fetch(`${URL_}/api/person/1`, { method: 'DELETE' });
    expect(emulator.requests).toEqual([
      { method: 'GET', url: `${URL_}/api/person/1`, body: undefined, applied: true },
      { method: 'DELETE', url: `${URL_}/api/person/1`, body: undefined, applied: true },
    ]);
    expect(emulator.requests.filter((request) => request.method === 'DELETE')).toHaveLength(1);
    emulator.requests.clear();
    expect(emulator.requests).toHaveLength(0);
  });
});

describe('the client meets the faults', () => {
  const retry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

  it('re-sends a POST whose connection was refused: exactly one create reaches the server', async () => {
    muteRefusedConnections();
    emulator.faults.add({ method: 'POST', fault: { kind: 'network', applied: false, code: 'ECONNREFUSED' } });
    const client = await connect({ url: URL_, retry });
    const zoe = client.models['Person']!.create({ name: 'Zoe' });
    const events = await lastValueFrom(zoe.save().pipe(toArray()));
    expect(events.map((event) => event.type)).toContain('retrying');
    expect(zoe.isNew).toBe(false);
    expect(emulator.requests.filter((request) => request.method === 'POST' && request.applied)).toHaveLength(1);
    expect(people().filter((name) => name === 'Zoe')).toHaveLength(1);
  });

  it('does not re-send a POST whose connection dropped after the commit', async () => {
    emulator.faults.add({ method: 'POST', fault: { kind: 'network', applied: true } });
    const client = await connect({ url: URL_, retry });
    const zoe = client.models['Person']!.create({ name: 'Zoe' });
    const error = await lastValueFrom(zoe.save()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SaveError);
    expect(emulator.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(people().filter((name) => name === 'Zoe')).toHaveLength(1);
  });

  it('retries an update the server answered 503, which it did not apply', async () => {
    emulator.faults.add({ method: 'PUT', fault: { kind: 'status', status: 503 } });
    const client = await connect({ url: URL_, retry });
    const { Person } = client.models;
    const eve = await firstValueFrom(Person!.get(5));
    eve['name'] = 'Evie';
    await lastValueFrom(eve.save());
    expect(emulator.requests.filter((request) => request.method === 'PUT').map((request) => request.applied)).toEqual([false, true]);
    expect(emulator.db.get('Person', 5)?.['name']).toBe('Evie');
  });
});
