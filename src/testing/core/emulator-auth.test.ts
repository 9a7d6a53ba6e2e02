/**
 * The emulator's opt-in token authentication: logins, 401s, expiry on the (fake) clock, and the
 * client meeting them.
 */
import { setupServer } from 'msw/node';
import { firstValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordedDatamodel } from '../../../mocks/datamodel.js';
import { seedRows } from '../../../mocks/seed.js';
import { AuthError, ValidationError, bearerAuth, connect } from '../../index.js';
import { createClassicEmulator } from '../index.js';

const URL_ = 'http://auth.test';
const emulator = createClassicEmulator({ baseUrl: URL_, datamodel: recordedDatamodel, rows: seedRows, auth: { username: 'roy', password: 'pw', tokenTtlMs: 60_000 } });
const open = createClassicEmulator({ baseUrl: 'http://open.test', datamodel: recordedDatamodel, rows: seedRows });
const server = setupServer(...emulator.handlers, ...open.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  emulator.auth?.expireAll();
  emulator.requests.clear();
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(() => server.close());

const login = (password: string) => fetch(`${URL_}/api/auth`, { method: 'POST', body: new URLSearchParams({ username: 'roy', password }) });

describe('emulator auth', () => {
  it('POST /api/auth answers a token for the right password and 401 otherwise', async () => {
    const good = await login('pw');
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ access_token: expect.stringMatching(/^[0-9a-f]{48}$/) });
    const bad = await login('nope');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ message: 'Bad username or password' });
  });

  it('every other request needs a valid bearer token, else 401 {"message"} and nothing is applied', async () => {
    const none = await fetch(`${URL_}/api/tag`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name": "x"}' });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ message: 'Missing Authorization Header' });
    expect(emulator.requests.at(-1)?.applied).toBe(false);
    const { access_token: token } = (await (await login('pw')).json()) as { access_token: string };
    const ok = await fetch(`${URL_}/api/tag/1`, { headers: { Authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    emulator.auth?.expireAll();
    const expired = await fetch(`${URL_}/api/tag/1`, { headers: { Authorization: `Bearer ${token}` } });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({ message: 'Token is invalid or has expired' });
  });

  it('tokens expire after tokenTtlMs on the clock (fake timers work); the client logs in again once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const client = await connect({ url: URL_, auth: bearerAuth({ username: 'roy', password: 'pw' }) });
    const before = emulator.auth?.logins ?? 0;
    vi.setSystemTime(Date.now() + 60_001);
    expect((await firstValueFrom(client.models['Tag']!.all())).length).toBeGreaterThan(0);
    expect((emulator.auth?.logins ?? 0) - before).toBe(1);
  });

  it('a client without credentials gets an AuthError; an emulator without auth answers without any', async () => {
    await expect(connect({ url: URL_ })).rejects.toBeInstanceOf(AuthError);
    await expect(connect({ url: 'http://open.test' })).resolves.toBeDefined();
    expect(open.auth).toBeUndefined();
  });

  it('refuses a bad auth option', () => {
    expect(() => createClassicEmulator({ baseUrl: URL_, datamodel: recordedDatamodel, auth: { username: 'roy', password: 'pw', tokenTtlMs: 0 } })).toThrow(ValidationError);
  });
});
