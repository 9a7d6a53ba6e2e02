/**
 * The fault proxy against a small loopback server that counts the writes it applies: each action
 * does to the client what it says, reaches the server or not as it says, and is logged.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';

let upstream: Server;
let applied = 0;
let target = '';
let proxy: FaultProxy;

beforeAll(async () => {
  upstream = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.url === '/crash') {
        response.writeHead(500, { 'Content-Type': 'text/html; charset=utf-8' });
        response.end('<h1>Internal Server Error</h1>');
        return;
      }
      if (request.method === 'POST') applied += 1;
      const body = JSON.stringify({ id: applied, name: 'a row with enough text to cut in half' });
      response.writeHead(request.method === 'POST' ? 201 : 200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length) });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});
beforeEach(async () => {
  applied = 0;
  proxy = await startFaultProxy({ target });
});
afterEach(async () => {
  await proxy.close();
});

const post = (signal?: AbortSignal) => fetch(`${proxy.url}/api/person`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' }, ...(signal === undefined ? {} : { signal }) });

describe('the fault proxy', () => {
  it('passes requests through, the server\'s HTML 500 included', async () => {
    const ok = await post();
    expect([ok.status, await ok.json()]).toEqual([201, { id: 1, name: 'a row with enough text to cut in half' }]);
    const crash = await fetch(`${proxy.url}/crash`);
    expect([crash.status, await crash.text()]).toEqual([500, '<h1>Internal Server Error</h1>']);
    expect(proxy.log.map((entry) => [entry.action, entry.upstreamStatus])).toEqual([['pass', 201], ['pass', 500]]);
  });

  it('drop-before: the client\'s fetch fails and the server saw nothing', async () => {
    proxy.arm({ kind: 'drop-before' }, { method: 'POST' });
    await expect(post()).rejects.toThrow();
    expect(applied).toBe(0);
  });

  it('drop-after: the client\'s fetch fails, yet the server applied the write', async () => {
    const armed = proxy.arm({ kind: 'drop-after' }, { method: 'POST' });
    await expect(post()).rejects.toThrow();
    expect([applied, armed.served()]).toEqual([1, 1]);
  });

  it('truncate: the status and Content-Length arrive, the body read fails', async () => {
    proxy.arm({ kind: 'truncate' });
    const response = await post();
    expect(response.status).toBe(201);
    await expect(response.text()).rejects.toThrow();
    expect(applied).toBe(1);
  });

  it('garble: the status stays, the body is replaced', async () => {
    proxy.arm({ kind: 'garble', as: 'empty-object' });
    proxy.arm({ kind: 'garble', as: 'html' });
    const first = await post();
    expect([first.status, await first.json()]).toEqual([201, {}]);
    const second = await post();
    expect([second.status, second.headers.get('content-type')]).toEqual([201, 'text/html; charset=utf-8']);
    expect(applied).toBe(2);
  });

  it('stall: no answer until the client aborts; applied only when asked', async () => {
    proxy.arm({ kind: 'stall', applied: true });
    const controller = new AbortController();
    const answer = post(controller.signal);
    const early = await Promise.race([answer.then(() => 'answered', () => 'failed'), new Promise((resolve) => setTimeout(resolve, 100, 'waiting'))]);
    expect(early).toBe('waiting');
    controller.abort();
    await expect(answer).rejects.toThrow();
    expect(applied).toBe(1);
  });

  it('answers 503 and 429 with Retry-After itself, without forwarding; a status after the write forwards first', async () => {
    proxy.arm({ kind: 'status', status: 429, headers: { 'Retry-After': '1' } });
    proxy.arm({ kind: 'status', status: 500, applied: true, headers: { 'Content-Type': 'text/html' }, body: '<h1>Internal Server Error</h1>' });
    const limited = await post();
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '1']);
    expect(applied).toBe(0);
    const crashed = await post();
    expect([crashed.status, await crashed.text()]).toEqual([500, '<h1>Internal Server Error</h1>']);
    expect(applied).toBe(1);
    expect(proxy.log.map((entry) => entry.forwarded)).toEqual([false, true]);
  });

  it('draws faults from its seed: the same seed, the same faults', async () => {
    const draws = async (seed: number) => {
      const seeded = await startFaultProxy({ target, seed, rate: 0.5, actions: [{ kind: 'status', status: 503 }] });
      const statuses = [];
      for (let i = 0; i < 12; i += 1) statuses.push((await fetch(`${seeded.url}/api/person`)).status);
      await seeded.close();
      return statuses;
    };
    const once = await draws(42);
    expect(await draws(42)).toEqual(once);
    expect(once).toContain(503);
    expect(once).toContain(200);
  });
});
